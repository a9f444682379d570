"""Interview slots, booking (staff in one step, learners themselves), double bookings and overlaps."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from learners.models import Stage
from placements import services
from placements.models import Interview, InterviewSlot
from tests.factories import (
    ApplicationFactory,
    InterviewSlotFactory,
    LearnerFactory,
    RingFenceFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.placements import booked_interview, enrolled_application, in_days

pytestmark = pytest.mark.django_db


def slot_times(days=3, hour=10, minutes=30):
    start = in_days(days, hour)
    return start, start + datetime.timedelta(minutes=minutes)


# --- slots ---------------------------------------------------------------------------------------


def test_a_provider_offers_a_slot_on_its_own_vacancy(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    start, _ = slot_times()
    response = client_for(provider_user).post(reverse("placements:slots"), {
        "vacancy": vacancy.pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "length": 30})
    assert response.status_code == 302
    slot = InterviewSlot.objects.get()
    assert slot.site == vacancy.site and slot.ends_at - slot.starts_at == datetime.timedelta(minutes=30)


def test_overlapping_slots_at_one_site_are_refused_with_a_clear_message():
    vacancy = VacancyFactory()
    other_job_same_site = VacancyFactory(site=vacancy.site)
    start, end = slot_times(minutes=60)
    services.interview_slot_create(vacancy=vacancy, by=None, starts_at=start, ends_at=end)
    with pytest.raises(ValidationError, match="This overlaps another interview slot") as exc:
        services.interview_slot_create(vacancy=other_job_same_site, by=None,
                                       starts_at=start + datetime.timedelta(minutes=30),
                                       ends_at=end + datetime.timedelta(minutes=30))
    assert "overlaps another interview slot" in str(exc.value)
    assert InterviewSlot.objects.count() == 1


def test_back_to_back_slots_and_slots_at_another_site_are_fine():
    vacancy = VacancyFactory()
    start, end = slot_times()
    services.interview_slot_create(vacancy=vacancy, by=None, starts_at=start, ends_at=end)
    services.interview_slot_create(vacancy=vacancy, by=None, starts_at=end, ends_at=end + datetime.timedelta(minutes=30))
    services.interview_slot_create(vacancy=VacancyFactory(), by=None, starts_at=start, ends_at=end)
    assert InterviewSlot.objects.count() == 3


def test_an_overlapping_slot_in_the_form_shows_the_message_and_keeps_the_time(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    start, end = slot_times()
    services.interview_slot_create(vacancy=vacancy, by=None, starts_at=start, ends_at=end)
    typed = (start + datetime.timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(provider_user).post(reverse("placements:slots"),
                                              {"vacancy": vacancy.pk, "starts_at": typed, "length": 30})
    body = response.content.decode()
    assert response.status_code == 400
    assert "overlaps another interview slot" in body and typed in body


def test_slots_in_the_past_are_refused():
    start, end = slot_times(days=-1)
    with pytest.raises(ValidationError, match="Interview slots must be in the future"):
        services.interview_slot_create(vacancy=VacancyFactory(), by=None, starts_at=start, ends_at=end)


def test_a_provider_cannot_offer_slots_on_another_providers_vacancy(client_for, provider_user):
    theirs = VacancyFactory()
    start, _ = slot_times()
    response = client_for(provider_user).post(reverse("placements:slots"), {
        "vacancy": theirs.pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "length": 30})
    assert response.status_code == 400 and not InterviewSlot.objects.exists()


def test_a_provider_cannot_remove_another_providers_slot(client_for, provider_user):
    slot = InterviewSlotFactory()
    assert client_for(provider_user).post(reverse("placements:slot_delete", args=[slot.pk])).status_code == 404
    assert InterviewSlot.objects.filter(pk=slot.pk).exists()


def test_a_booked_slot_cannot_be_removed():
    interview = booked_interview()
    with pytest.raises(ValidationError, match="This slot has been booked; record the interview as withdrawn"):
        services.interview_slot_delete(slot=interview.slot, by=None)


# --- booking -------------------------------------------------------------------------------------


def test_a_slot_cannot_be_booked_twice():
    slot = InterviewSlotFactory()
    services.interview_book(slot=slot, application=enrolled_application(), by=None)
    with pytest.raises(ValidationError, match="just been booked") as exc:
        services.interview_book(slot=slot, application=enrolled_application(), by=None)
    assert "just been booked" in str(exc.value)
    assert Interview.objects.count() == 1


def test_an_applicant_who_is_not_yet_enrolled_cannot_be_booked():
    with pytest.raises(ValidationError, match="interviews are for learners who are enrolled or further on"):
        services.interview_book(slot=InterviewSlotFactory(), application=ApplicationFactory(stage=Stage.ACCEPTED),
                                by=None)


def test_staff_schedule_an_interview_in_one_step(client_for, staff, locality):
    learner = LearnerFactory(locality=locality)
    application = enrolled_application(learner=learner)
    vacancy = VacancyFactory()
    start, _ = slot_times()
    response = client_for(staff).post(reverse("placements:schedule_interview", args=[learner.pk]), {
        "vacancy": vacancy.pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "length": 45})
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.application == application and interview.vacancy == vacancy
    assert interview.slot.ends_at - interview.slot.starts_at == datetime.timedelta(minutes=45)


def test_staff_book_a_free_slot(client_for, staff, locality):
    learner = LearnerFactory(locality=locality)
    enrolled_application(learner=learner)
    slot = InterviewSlotFactory()
    client_for(staff).post(reverse("placements:schedule_interview", args=[learner.pk]), {"slot": slot.pk,
                                                                                         "length": 30})
    assert Interview.objects.get().slot == slot


def test_a_one_step_schedule_that_overlaps_saves_neither_slot_nor_interview(client_for, staff, locality):
    learner = LearnerFactory(locality=locality)
    enrolled_application(learner=learner)
    existing = InterviewSlotFactory()
    response = client_for(staff).post(reverse("placements:schedule_interview", args=[learner.pk]), {
        "vacancy": existing.vacancy.pk, "starts_at": existing.starts_at.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "length": 30})
    assert "overlaps" in response.content.decode()
    assert InterviewSlot.objects.count() == 1 and not Interview.objects.exists()


def test_a_learner_books_a_free_slot_for_themselves(client_for, learner):
    application = enrolled_application(learner=learner)
    slot = InterviewSlotFactory()
    client = client_for(learner.user)
    page = client.get(reverse("placements:book"))
    assert slot in page.context["slots"]
    response = client.post(reverse("placements:book"), {"slot": slot.pk})
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.application == application and interview.booked_via == Interview.BookedVia.SELF


def test_a_learner_trying_a_slot_someone_just_booked_is_told_kindly(client_for, learner):
    enrolled_application(learner=learner)
    slot = InterviewSlotFactory()
    booked_interview(slot=slot)
    response = client_for(learner.user).post(reverse("placements:book"), {"slot": slot.pk})
    assert response.status_code == 400
    assert "no longer free" in response.content.decode()
    assert Interview.objects.count() == 1


def test_learners_are_not_offered_slots_on_jobs_they_cannot_do(client_for, learner):
    learner.cannot_work_sleep_ins = True
    learner.save()
    application = enrolled_application(learner=learner)
    sleep_in_slot = InterviewSlotFactory(vacancy=VacancyFactory(sleep_ins=True))
    ring_fenced = InterviewSlotFactory(starts_at=in_days(5))
    RingFenceFactory(vacancy=ring_fenced.vacancy, cohort=application.cohort)
    plain = InterviewSlotFactory(starts_at=in_days(2))
    slots = list(client_for(learner.user).get(reverse("placements:book")).context["slots"])
    assert sleep_in_slot not in slots
    assert slots == [ring_fenced, plain]  # kept-for-your-course first


def test_a_learner_who_is_not_enrolled_cannot_book(client_for, learner):
    ApplicationFactory(learner=learner, stage=Stage.APPLIED)
    response = client_for(learner.user).get(reverse("placements:book"))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["provider_user", "staff", "partner"])
def test_only_learners_use_the_self_booking_page(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("placements:book")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_slot_cannot_both_win():
    """Two threads book the same slot at once; select_for_update (and the unique slot) lets one win."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers anyway; the race is meaningful on PostgreSQL.")
    slot = InterviewSlotFactory()
    applications = [enrolled_application(), enrolled_application()]
    outcomes = []
    barrier = threading.Barrier(2)

    def book(application):
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            services.interview_book(slot=slot, application=application, by=None)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Interview.objects.filter(slot=slot).count() == 1
