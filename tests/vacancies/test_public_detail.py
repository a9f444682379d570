"""The public vacancy page leads somewhere: applying for the course that leads to the job, or registering
interest with the academy; and pay is written as people say it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.templatetags.portal_format import money, pay
from tests.factories import CohortFactory
from tests.factories.vacancies import RingFenceFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _page(client, vacancy) -> str:
    return client.get(reverse("vacancies:public_detail", args=[vacancy.pk])).content.decode()


def test_a_ring_fenced_vacancy_names_the_course_with_the_guaranteed_interview_and_links_to_applying(client):
    vacancy = VacancyFactory()
    ring_fence = RingFenceFactory(vacancy=vacancy, cohort=CohortFactory(locality=vacancy.site.locality,
                                                                        name="Talent for Care Fleetwood"))
    body = _page(client, vacancy)
    assert "Interviews for this job are kept for learners on this course" in body
    assert 'data-testid="ring-fenced-courses"' in body
    assert f'href="{reverse("learners:apply", args=[ring_fence.cohort.pk])}"' in body
    assert "Apply for Talent for Care Fleetwood" in body
    assert "Talk to the academy team" not in body


def test_a_vacancy_without_a_ring_fence_leads_to_open_courses_near_it(client):
    vacancy = VacancyFactory()
    near = CohortFactory(locality=vacancy.site.locality, name="Care Academy Blackpool")
    far = CohortFactory(name="Care Academy Elsewhere")
    started = CohortFactory(locality=vacancy.site.locality, name="Already running",
                            start_date=timezone.localdate() - datetime.timedelta(days=3))
    body = _page(client, vacancy)
    assert 'data-testid="ring-fenced-courses"' not in body
    assert f'href="{reverse("learners:apply", args=[near.pk])}"' in body
    assert reverse("learners:apply", args=[far.pk]) not in body
    assert reverse("learners:apply", args=[started.pk]) not in body


def test_a_vacancy_with_no_course_open_says_how_to_register_interest(client, settings):
    settings.ACADEMY_CONTACT_EMAIL = "hello@academy.test"
    vacancy = VacancyFactory(role_title="Night carer")
    body = _page(client, vacancy)
    assert "There is no course taking applications near here" in body
    assert f'href="{reverse("courses:programme_list")}"' in body
    assert 'href="mailto:hello@academy.test?subject=Night%20carer' in body
    assert 'href="tel:' in body


def test_interview_places_kept_for_a_course_that_has_started_are_said_so(client):
    vacancy = VacancyFactory()
    started = CohortFactory(locality=vacancy.site.locality,
                            start_date=timezone.localdate() - datetime.timedelta(days=3))
    RingFenceFactory(vacancy=vacancy, cohort=started)
    body = _page(client, vacancy)
    assert "kept for learners on a course that has already started" in body
    assert reverse("learners:apply", args=[started.pk]) not in body


def test_pay_is_written_as_people_say_it(client):
    annual = VacancyFactory(pay_amount=Decimal("24500.00"), pay_period="annual")
    hourly = VacancyFactory(pay_amount=Decimal("12.60"), pay_period="hourly")
    assert "£24,500 a year" in _page(client, annual)
    assert "£12.60 an hour" in _page(client, hourly)
    guide = client.get(reverse("vacancies:guide")).content.decode()
    assert "£24,500 a year" in guide and "24500.00" not in guide and "per year" not in guide


@pytest.mark.parametrize("amount,period,shown", [
    (Decimal("24500.00"), "annual", "£24,500 a year"), (Decimal("11.44"), "hourly", "£11.44 an hour"),
    (Decimal("12.5"), "hourly", "£12.50 an hour"), (Decimal("1234567"), "annual", "£1,234,567 a year"),
    (Decimal("12"), "", "£12"), (None, "annual", ""),
])
def test_the_pay_filter(amount, period, shown):
    assert pay(amount, period) == shown


def test_the_money_filter():
    assert (money(Decimal("150.00")), money(Decimal("1500.5")), money("")) == ("£150", "£1,500.50", "")


def test_a_sleep_in_job_says_what_a_sleep_in_is(client):
    assert "nights at work where you sleep there" in _page(client, VacancyFactory(sleep_ins=True))
    assert "nights at work where you sleep there" not in _page(client, VacancyFactory(sleep_ins=False))


def test_the_course_pages_say_what_each_kind_of_course_is(client):
    from tests.factories.courses import ProgrammeFactory

    ProgrammeFactory(kind="sbwa")
    body = client.get(reverse("courses:programme_list")).content.decode()
    assert "with a work placement and a guaranteed job interview" in body
