"""The staff learner page and the learner's own page: timeline and outstanding tasks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage
from learners.services.dbs import dbs_check_transition
from learners.services.screening import screening_decide
from tests.factories import ApplicationFactory, DbsCheckFactory, ReferenceFactory

from .conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(application, staff, values):
    enrol(application, staff, values, consent=True)
    check = DbsCheckFactory(learner=application.learner, by=staff)
    dbs_check_transition(dbs_check=check, to_status="form_sent", by=staff)
    ReferenceFactory(learner=application.learner, referee_name="Ann Hughes")
    return application.learner


def test_the_timeline_merges_stages_screening_dbs_documents_and_consent(client_for, staff, busy_learner):
    body = client_for(staff).get(reverse("learners:detail", args=[busy_learner.pk])).content.decode()
    for text in ["Applied", "Accepted onto the course", "Enrolled", "Panel interview", "DBS (Enhanced with adults",
                 "Form sent to the learner", "Reference requested from Ann Hughes", "Consent given"]:
        assert text in body, text


def test_the_timeline_is_newest_first(staff, busy_learner):
    from learners.permissions import learners_visible_to
    from learners.selectors import learner_record, learner_timeline

    record = learner_record(learner_pk=busy_learner.pk, visible=learners_visible_to(staff))
    times = [e.at for e in learner_timeline(record)]
    assert times == sorted(times, reverse=True)


def test_the_learner_detail_page_queries_stay_constant(client_for, staff, busy_learner, cohort,
                                                        django_assert_max_num_queries):
    client = client_for(staff)
    url = reverse("learners:detail", args=[busy_learner.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for _ in range(3):
        ReferenceFactory(learner=busy_learner)
        DbsCheckFactory(learner=busy_learner)
    with django_assert_max_num_queries(len(before.captured_queries) + 3):  # one audit insert per extra DBS check
        client.get(url)


def test_staff_of_another_locality_get_404(client_for, other_locality_staff, learner):
    assert client_for(other_locality_staff).get(reverse("learners:detail", args=[learner.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_open_a_learner(client_for, request, persona, learner):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:detail", args=[learner.pk])).status_code == 403


def test_a_learner_cannot_open_the_staff_page_of_another(client_for, learner, other_learner):
    assert client_for(learner.user).get(reverse("learners:detail", args=[other_learner.pk])).status_code == 403


def test_staff_withdraw_an_application(client_for, staff, application):
    client_for(staff).post(reverse("learners:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN


def test_withdrawing_twice_gives_a_message_not_an_error(client_for, staff, application):
    client = client_for(staff)
    client.post(reverse("learners:application_withdraw", args=[application.pk]))
    response = client.post(reverse("learners:application_withdraw", args=[application.pk]), follow=True)
    assert "cannot move from" in response.content.decode()


# --- the learner's own page -------------------------------------------------------------------


def test_a_learner_sees_their_applications_stage_timeline_and_tasks(client_for, busy_learner):
    body = client_for(busy_learner.user).get(reverse("learners:me")).content.decode()
    assert "Enrolled" in body
    assert 'data-task="dbs"' in body            # DBS form sent: complete it
    assert 'data-task="reference"' in body      # Ann Hughes has not replied
    assert 'data-task="consent"' not in body    # consent given at enrolment
    assert "Withdraw my consent" in body
    assert 'data-testid="timeline"' in body


def _task_items(body: str) -> dict[str, str]:
    import re

    return {key: item for key, item in re.findall(r'<li data-task="([\w-]+)"[^>]*>(.*?)</li>', body, re.S)}


def test_every_task_says_what_to_do_and_links_to_where_or_says_whom_to_ask(client_for, busy_learner, settings):
    settings.ACADEMY_CONTACT_EMAIL = "team@academy.test"
    body = client_for(busy_learner.user).get(reverse("learners:me")).content.decode()
    tasks = _task_items(body)
    assert set(tasks) >= {"dbs", "reference", "right_to_work"}
    for key, item in tasks.items():
        assert "<a " in item, f"task {key} has no link"
    dbs = tasks["dbs"]
    assert "Complete your DBS application form" in dbs
    assert "emailed you a link to the DBS application form" in dbs
    assert 'href="https://www.gov.uk/government/publications/dbs-identity-checking-guidelines"' in dbs
    assert 'href="mailto:team@academy.test"' in dbs
    assert "Ann Hughes" in tasks["reference"] and 'href="mailto:team@academy.test"' in tasks["reference"]
    assert 'href="https://www.gov.uk/prove-right-to-work"' in tasks["right_to_work"]


def test_the_consent_task_links_to_the_consent_form_on_the_page(client_for, application, staff, values):
    enrol(application, staff, values, consent=False)
    body = client_for(application.learner.user).get(reverse("learners:me")).content.decode()
    consent = _task_items(body)["consent"]
    assert 'href="#h-consent"' in consent and 'id="h-consent"' in body


def test_the_reapply_task_links_to_the_courses(client_for, staff, application, values):
    from .conftest import screen

    screening_decide(screening=screen(application, staff, values=values, numeracy="entry_1"),
                     outcome="referred", by=staff, college="Wigan and Leigh College")
    body = client_for(application.learner.user).get(reverse("learners:me")).content.decode()
    assert f'href="{reverse("courses:programme_list")}"' in _task_items(body)["reapply"]


def test_the_learner_home_and_account_pages_link_to_the_data_download(client_for, learner):
    client = client_for(learner.user)
    url = reverse("learners:my_data")
    for page in ("learners:me", "learners:my_details", "account_change_password"):
        body = client.get(reverse(page)).content.decode()
        assert f'href="{url}"' in body and "Download all my data" in body, page


def test_staff_account_pages_do_not_offer_a_learner_data_download(client_for, staff):
    body = client_for(staff).get(reverse("account_change_password")).content.decode()
    assert reverse("learners:my_data") not in body


def test_a_learner_never_sees_another_learners_applications(client_for, learner, other_learner, cohort):
    ApplicationFactory(learner=other_learner, cohort=cohort)
    body = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert cohort.name not in body


def test_a_referred_learner_is_invited_to_reapply(client_for, staff, application, values):
    from .conftest import screen

    screening_decide(screening=screen(application, staff, values=values, numeracy="entry_1"),
                     outcome="referred", by=staff, college="Wigan and Leigh College")
    body = client_for(application.learner.user).get(reverse("learners:me")).content.decode()
    assert 'data-task="reapply"' in body


def test_the_learner_page_does_not_show_staff_names_in_the_timeline(client_for, busy_learner, staff):
    body = client_for(busy_learner.user).get(reverse("learners:me")).content.decode()
    assert f"by {staff}" not in body


def test_the_learner_page_is_reached_before_any_application(client_for, learner):
    response = client_for(learner.user).get(reverse("learners:me"))
    assert response.status_code == 200
    assert "Find a course" in response.content.decode()


def test_the_old_reference_date_shows_on_the_timeline(client_for, staff, learner):
    ReferenceFactory(learner=learner, referee_name="Old Boss",
                     requested_on=timezone.localdate() - datetime.timedelta(days=30))
    body = client_for(staff).get(reverse("learners:detail", args=[learner.pk])).content.decode()
    assert "Reference requested from Old Boss" in body


def test_other_locality_staff_cannot_withdraw_an_application(client_for, other_locality_staff, application):
    response = client_for(other_locality_staff).post(reverse("learners:application_withdraw", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_a_learner_cannot_withdraw_through_the_staff_url(client_for, application):
    response = client_for(application.learner.user).post(
        reverse("learners:application_withdraw", args=[application.pk]))
    assert response.status_code == 403


def test_staff_learner_page_links_to_the_learners_placement_matches(client_for, staff, learner):
    from django.urls import reverse

    response = client_for(staff).get(reverse("learners:detail", args=[learner.pk]))
    assert reverse("placements:matches", args=[learner.pk]) in response.content.decode()


def test_the_staff_page_says_who_did_each_step(client_for, staff, busy_learner):
    body = client_for(staff).get(reverse("learners:detail", args=[busy_learner.pk])).content.decode()
    assert f"by {staff}" in body
