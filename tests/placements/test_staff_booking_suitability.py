"""Staff booking an interview use the matching page's exclusions: a job the learner cannot do is hidden,
or booked only with a reason kept on the interview, and then it does not keep the guaranteed interview."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.matching import EXCLUSION_RULES, LearnerProfile, exclusions_for, unsuitable_q
from placements.models import Interview
from placements.selectors import free_slots_for_learner
from tests.factories import InterviewSlotFactory, RingFenceFactory, VacancyFactory
from tests.factories.placements import enrolled_application
from vacancies.models import Vacancy
from vacancies.selectors import cohort_interview_guarantee

pytestmark = pytest.mark.django_db


@pytest.fixture
def night_learner(learner):
    learner.cannot_work_nights = True
    learner.save()
    return learner


@pytest.fixture
def application(night_learner):
    return enrolled_application(learner=night_learner)


@pytest.fixture
def night_slot():
    return InterviewSlotFactory(vacancy=VacancyFactory(role_title="Night carer", works_nights=True))


@pytest.fixture
def day_slot():
    return InterviewSlotFactory(vacancy=VacancyFactory(role_title="Day carer"))


def url(learner, **query):
    base = reverse("placements:schedule_interview", args=[learner.pk])
    return base + ("?show_unsuitable=1" if query.get("show_unsuitable") else "")


def test_the_rule_is_one_table_read_both_for_one_job_and_for_a_queryset(night_learner, night_slot, day_slot):
    assert [r[2] for r in EXCLUSION_RULES] == ["works_nights", "sleep_ins", "driving_required"]
    assert exclusions_for(LearnerProfile.from_learner(night_learner), night_slot.vacancy) == (
        "It has night shifts and the learner cannot work nights.",)
    assert exclusions_for(night_learner, day_slot.vacancy) == ()
    assert list(Vacancy.objects.filter(unsuitable_q(night_learner))) == [night_slot.vacancy]
    assert list(free_slots_for_learner(learner=night_learner, application=None)) == [day_slot]


def test_the_booking_form_hides_jobs_the_learner_cannot_do(client_for, staff, application, night_slot, day_slot):
    page = client_for(staff).get(url(application.learner)).content.decode()
    assert "Day carer" in page and "Night carer" not in page
    assert "Also show jobs that do not suit" in page


def test_shown_on_request_an_unsuitable_job_is_marked_and_needs_a_reason(client_for, staff, application,
                                                                          night_slot, day_slot):
    client = client_for(staff)
    page = client.get(url(application.learner, show_unsuitable=True)).content.decode()
    assert "Night carer" in page and "does not suit: It has night shifts" in page
    response = client.post(url(application.learner), {"slot": night_slot.pk, "length": 30,
                                                      "show_unsuitable": "True", "unsuitable_reason": "  "})
    assert response.status_code == 400
    assert "does not suit" in response.content.decode() and "say why" in response.content.decode()
    assert f'value="{night_slot.pk}" selected' in response.content.decode()  # what was chosen is kept
    assert not Interview.objects.exists()


def test_posting_a_hidden_unsuitable_slot_is_refused(client_for, staff, application, night_slot):
    response = client_for(staff).post(url(application.learner), {"slot": night_slot.pk, "length": 30})
    assert response.status_code == 400 and not Interview.objects.exists()


def test_with_a_reason_it_is_booked_and_the_reason_kept(client_for, staff, application, night_slot):
    response = client_for(staff).post(url(application.learner), {
        "slot": night_slot.pk, "length": 30, "show_unsuitable": "True",
        "unsuitable_reason": "She asked for this one: her childcare changes next month."})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.unsuitable_because == "It has night shifts and the learner cannot work nights."
    assert interview.unsuitable_reason.startswith("She asked") and not interview.fits_learner


def test_the_service_refuses_an_unsuitable_booking_without_a_reason(application, night_slot):
    with pytest.raises(ValidationError, match="does not suit"):
        services.interview_book(slot=night_slot, application=application, by=None)
    with pytest.raises(ValidationError, match="does not suit you"):
        services.interview_book(slot=night_slot, application=application, by=None,
                                via=Interview.BookedVia.SELF, unsuitable_reason="anything")


def test_a_new_time_on_an_unsuitable_vacancy_needs_a_reason_too(application, night_slot):
    import datetime

    from tests.factories.placements import in_days

    start = in_days(5)
    with pytest.raises(ValidationError, match="To book it anyway"):
        services.interview_schedule(application=application, vacancy=night_slot.vacancy, by=None,
                                    starts_at=start, ends_at=start + datetime.timedelta(minutes=30))
    assert not Interview.objects.exists() and night_slot.vacancy.interview_slots.count() == 1


def test_only_an_interview_that_fits_keeps_the_guaranteed_interview(application, night_slot, day_slot):
    RingFenceFactory(vacancy=night_slot.vacancy, cohort=application.cohort, places=2)
    services.interview_book(slot=night_slot, application=application, by=None, unsuitable_reason="Asked for it")
    guarantee = cohort_interview_guarantee(cohort=application.cohort)
    assert [lg.application for lg in guarantee.without_interview] == [application]
    services.interview_book(slot=day_slot, application=application, by=None)
    assert cohort_interview_guarantee(cohort=application.cohort).without_interview == []


def test_other_locality_staff_providers_and_learners_cannot_book(client_for, other_locality_staff, provider_user,
                                                                 application, day_slot):
    for user in (other_locality_staff, provider_user, application.learner.user):
        response = client_for(user).post(url(application.learner), {"slot": day_slot.pk, "length": 30})
        assert response.status_code in (403, 404)
    assert not Interview.objects.exists()
