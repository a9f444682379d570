"""Each event, from the service that owns it, tells each recipient once; the welcome is no password reset."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learners.models import ValuesScreening
from learners.permissions import learners_visible_to
from learners.personnel import services as personnel_services
from learners.selectors import learner_home_record, learner_record, learner_timeline
from notifications.models import Notification
from placements import interview_changes, outcomes
from placements import services as placement_services
from placements.models import HowFound, Interview
from tests.factories import CohortFactory, InterviewSlotFactory, VacancyFactory
from tests.factories.personnel import work_ready_learner
from tests.factories.placements import (
    booked_interview,
    enrolled_application,
    held_interview,
    in_days,
)
from tests.learners.test_apply import _form

pytestmark = pytest.mark.django_db


def test_a_new_applicant_is_welcomed_not_sent_a_password_reset(client, locality, django_capture_on_commit_callbacks):
    cohort = CohortFactory(locality=locality)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [_form()["email"]] and "Welcome" in message.subject
    text = (message.subject + message.body).lower()
    assert "password reset" not in text and "reset your password" not in text and "forgot" not in text
    assert "what happens next" in text and "set up your account" in text
    link = re.search(r"http://testserver/\S+", message.body).group(0)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and b"password1" in page.content  # the link opens "choose a password"
    assert Notification.objects.get().event == "welcome"


def test_the_welcome_keeps_no_usable_link_in_the_outbox(locality, django_capture_on_commit_callbacks):
    from learners.services.applications import learner_apply

    cohort = CohortFactory(locality=locality)
    with django_capture_on_commit_callbacks(execute=True):
        learner_apply(cohort=cohort, email="new@example.test", first_name="Nia", last_name="Ray",
                      postcode="FY1 4AB", motivation="I want to help older people live well at home.")
    stored = Notification.objects.get()
    assert "((set_up_link))" in stored.body and "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_screening_decision_tells_the_applicant_once(staff, learner, django_capture_on_commit_callbacks):
    from learners.services.screening import screening_decide, screening_record, screening_start
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(learner=learner)
    screening = screening_start(application=application, by=staff)
    screening_record(screening=screening, by=staff, literacy_level="entry_1", numeracy_level="entry_1")
    with django_capture_on_commit_callbacks(execute=True):
        screening_decide(screening=screening, outcome=ValuesScreening.Outcome.REFERRED, by=staff, college="Blackpool College")
    assert len(mail.outbox) == 1 and "Blackpool College" in mail.outbox[0].body
    assert Notification.objects.filter(event="screening_decided").count() == 1


def test_interview_booked_moved_and_cancelled_each_tell_the_learner_once(staff, learner,
                                                                         django_capture_on_commit_callbacks):
    vacancy = VacancyFactory(role_title="Care assistant")
    application = enrolled_application(learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        interview = booked_interview(application=application, slot=InterviewSlotFactory(vacancy=vacancy))
    assert [m.subject for m in mail.outbox] == ["[Care Academy] Your interview for Care assistant at "
                                               f"{interview.provider.name}"]
    with django_capture_on_commit_callbacks(execute=True):
        moved = interview_changes.interview_move(interview=interview, by=staff, reason="The manager is away.",
                                                 starts_at=in_days(5), ends_at=in_days(5) + (in_days(1) - in_days(0)) / 48)
    assert len(mail.outbox) == 2 and "moved" in mail.outbox[1].subject and "The manager is away." in mail.outbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        interview_changes.interview_cancel_by_staff(interview=moved, by=staff, reason="The job has gone.")
    assert len(mail.outbox) == 3 and "cancelled" in mail.outbox[2].subject
    assert sorted(Notification.objects.values_list("event", flat=True)) == [
        "application_received", "interview_booked", "interview_cancelled", "interview_moved"]

    record = learner_record(learner_pk=learner.pk, visible=learners_visible_to(staff))
    lines = [e.text for e in learner_timeline(record) if e.kind == "message"]
    assert any("(email, sent): Your interview has been moved" in line for line in lines)
    own = learner_timeline(learner_home_record(user=learner.user), who=False)
    assert any(e.text == "We sent you an email: Your interview has been cancelled" for e in own)


def test_an_offer_tells_the_learner_once(staff, learner, django_capture_on_commit_callbacks):
    interview = held_interview(application=enrolled_application(learner=learner))
    with django_capture_on_commit_callbacks(execute=True):
        placement_services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff)
    assert [m for m in mail.outbox if "Congratulations" in m.subject and m.to == [learner.email]]
    assert Notification.objects.filter(event="offer_recorded").count() == 1


def test_an_offer_found_outside_the_portal_tells_the_learner_once_unless_already_accepted(
        staff, learner, django_capture_on_commit_callbacks):
    open_offer_application = enrolled_application(learner=learner)
    accepted_application = enrolled_application(learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.outside_offer_record(application=open_offer_application, by=staff, offered_on=timezone.localdate(),
                                      role="Carer", how_found=HowFound.EVENT, employer_name="Rose Lodge Care Home")
        outcomes.outside_offer_record(application=accepted_application, by=staff, offered_on=timezone.localdate(),
                                      role="Carer", how_found=HowFound.EVENT, employer_name="Oak House",
                                      accepted=True)
    told = [m for m in mail.outbox if m.to == [learner.email] and "Congratulations" in m.subject]
    assert len(told) == 1 and "Rose Lodge Care Home" in told[0].body
    assert Notification.objects.filter(event="offer_recorded").count() == 1


def test_releasing_the_personnel_file_tells_the_providers_contact_once(locality, staff, provider_user,
                                                                       django_capture_on_commit_callbacks):
    provider = provider_user.provider
    provider.contact_email, provider.contact_name = "manager@seaview.test", "Sam Jones"
    provider.save()
    ready = work_ready_learner(locality=locality, provider=provider, staff=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), \
            mock.patch("learners.personnel.services.personnel_file_request_build"):  # the PDF is not the point here
        personnel_services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    sent = [m for m in mail.outbox if m.to == ["manager@seaview.test"]]
    assert len(sent) == 1 and "Dear Sam Jones" in sent[0].body and ready.learner.full_name in sent[0].subject
    assert Notification.objects.filter(event="personnel_file_released", recipient_provider=provider).count() == 1
