"""A learner's bursary payments and support, with who paid: on the staff learner page for staff who may see
the learner, on the learner's own page and data download for themselves, and nowhere else."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Payer
from impact.services.support import support_spend_record
from tests.factories import BursaryPaymentFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

PAID_ON = datetime.date(2026, 3, 10)


@pytest.fixture
def paid(application):
    recorder = UserFactory(staff=True, first_name="Rita", last_name="Recorder", email="rita@example.test")
    BursaryPaymentFactory(application=application, amount=Decimal("123.45"), paid_on=PAID_ON,
                          paid_by=Payer.EMPLOYER, employer=ProviderFactory(name="Sunrise Care"), recorded_by=recorder)
    support_spend_record(application=application, category="childcare", amount=Decimal("67.89"), spent_on=PAID_ON,
                         paid_by=Payer.JOBCENTRE_PLUS)
    return application


def _section(body: str, testid: str) -> str:
    start = body.index(f'data-testid="{testid}"')
    return body[start:body.index("</section>", start)]


def test_staff_see_bursary_payments_and_support_with_who_paid_and_who_recorded(client_for, staff, paid):
    body = client_for(staff).get(reverse("learners:detail", args=[paid.learner_id])).content.decode()
    money = _section(body, "money-given")
    assert "£123.45" in money and "10 Mar 2026" in money
    assert "An employer (Sunrise Care)" in money
    assert "Rita Recorder" in money
    assert "£67.89" in money and "Childcare" in money and "Jobcentre Plus" in money


def test_staff_of_another_locality_do_not_see_the_learner_or_the_money(client_for, other_locality_staff, paid):
    response = client_for(other_locality_staff).get(reverse("learners:detail", args=[paid.learner_id]))
    assert response.status_code == 404
    assert "£123.45" not in response.content.decode()


@pytest.mark.parametrize("who", ["provider_user", "partner", "other_learner"])
def test_providers_partners_and_other_learners_never_see_the_amounts(client_for, paid, who, request):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client = client_for(user)
    response = client.get(reverse("learners:detail", args=[paid.learner_id]))
    assert response.status_code in (302, 403, 404)
    assert "£123.45" not in response.content.decode()
    home = client.get("/", follow=True).content.decode()
    assert "£123.45" not in home and "£67.89" not in home


def test_the_learner_sees_their_own_bursary_and_support_but_not_who_recorded_it(client_for, paid):
    body = client_for(paid.learner.user).get(reverse("learners:me")).content.decode()
    assert "Bursary paid" in body and "£123.45" in body
    assert "£67.89" in body
    assert "Rita Recorder" not in body


def test_the_learners_data_download_lists_their_bursary_payments(client_for, paid):
    response = client_for(paid.learner.user).get(reverse("learners:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    payments = data["records"]["courses.bursarypayment"]
    assert [p["amount"] for p in payments] == ["123.45"]


def test_the_staff_learner_page_costs_the_same_with_one_or_many_payments(client_for, staff, paid,
                                                                        django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    url = reverse("learners:detail", args=[paid.learner_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        BursaryPaymentFactory(application=paid, paid_on=PAID_ON, recorded_by=staff)
        support_spend_record(application=paid, category="travel", amount=Decimal("5"), spent_on=PAID_ON)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
