import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from academy.dates import add_months
from config.celery import app
from learners.models import DbsCheck, DbsStatusCheck, Reference, Stage
from placements.models import JobStart
from reminders.models import ReminderKind, ReminderPreference, SentReminder
from reminders.services import reminder_preferences_set, reminders_send_due
from tests.factories import CohortFactory
from tests.factories.personnel import (
    accepted_offer,
    application_at,
    give_consent,
    interview_for,
    placement_for,
    vacancy_for,
    withdraw_consent,
)
from vacancies.models import RingFence


@pytest.fixture
def today():
    return timezone.localdate()


def tomorrow_at(hour):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


def sent_to(user, kind):
    return SentReminder.objects.filter(recipient=user, kind=kind)


def test_interview_tomorrow_reaches_the_learner_and_the_provider_exactly_once(learner, provider_user):
    application = application_at(learner)
    interview_for(application, provider_user.provider, starts_at=tomorrow_at(10))
    assert reminders_send_due() == 2
    assert reminders_send_due() == 0  # a rerun of the schedule sends nothing new
    assert sent_to(learner.user, ReminderKind.INTERVIEW_TOMORROW).count() == 1
    assert sent_to(provider_user, ReminderKind.INTERVIEW_TOMORROW).count() == 1
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {learner.user.email, provider_user.email}
    assert "10:00" in mail.outbox[0].subject


def test_an_interview_next_week_is_not_reminded_yet(learner, provider_user):
    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(10) + datetime.timedelta(days=6))
    assert reminders_send_due() == 0


def test_placement_starting_reminds_learner_and_provider(learner, provider_user, today):
    placement_for(application_at(learner, "enrolled"), provider_user.provider, start_date=today + datetime.timedelta(days=2))
    assert reminders_send_due() == 2
    assert reminders_send_due() == 0
    assert "placement" in sent_to(learner.user, ReminderKind.PLACEMENT_STARTING).get().subject.lower()


def test_checks_outstanding_a_week_before_the_course_ends_go_to_staff_of_that_locality(
        learner, staff, other_locality_staff, today):
    cohort = CohortFactory(locality=learner.locality, start_date=today - datetime.timedelta(weeks=5),
                           end_date=today + datetime.timedelta(days=7))
    application_at(learner, "enrolled", cohort=cohort)
    Reference.objects.create(learner=learner, referee_name="A Referee", relationship="Tutor", requested_on=today)
    assert reminders_send_due() == 1
    reminder = sent_to(staff, ReminderKind.CHECKS_OUTSTANDING).get()
    assert "1 learner(s) still have references outstanding" in reminder.body
    assert learner.last_name not in reminder.body  # counts and a link, never names, in email
    assert not sent_to(other_locality_staff, ReminderKind.CHECKS_OUTSTANDING).exists()
    assert reminders_send_due() == 0


def test_dbs_update_service_recheck_due_goes_to_staff(learner, staff, today):
    check = DbsCheck.objects.create(learner=learner, level=DbsCheck.Level.ENHANCED_ADULTS,
                                    status=DbsCheck.Status.UPDATE_SERVICE, certificate_number="000111222333",
                                    certificate_issued_on=today - datetime.timedelta(days=420), content="clear",
                                    update_service_subscribed_on=today - datetime.timedelta(days=410))
    DbsStatusCheck.objects.create(dbs_check=check, checked_on=today - datetime.timedelta(days=366), result="no_change")
    assert reminders_send_due() == 1
    assert sent_to(staff, ReminderKind.DBS_RECHECK_DUE).count() == 1
    assert reminders_send_due() == 0
    # Once re-checked, nothing more is due for a year.
    DbsStatusCheck.objects.create(dbs_check=check, checked_on=today, result="no_change")
    SentReminder.objects.all().delete()
    assert reminders_send_due() == 0


@pytest.mark.parametrize("months", [3, 6, 12])
def test_follow_up_surveys_go_to_the_learner_3_6_and_12_months_after_starting(learner, provider_user, today, months):
    application = application_at(learner)
    offer = accepted_offer(application, provider_user.provider)
    JobStart.objects.create(offer=offer, application=application, learner=learner, provider=provider_user.provider,
                            vacancy=offer.interview.vacancy, offer_made_at=timezone.now(),
                            started_on=add_months(today, -months))
    assert reminders_send_due() == 1
    reminder = sent_to(learner.user, ReminderKind.FOLLOW_UP_SURVEY).get()
    assert reminder.object_key.endswith(f":{months}m")
    assert reminders_send_due() == 0


def job_start(learner, provider, started_on):
    application = application_at(learner)
    offer = accepted_offer(application, provider)
    return JobStart.objects.create(offer=offer, application=application, learner=learner, provider=provider,
                                   vacancy=offer.interview.vacancy, offer_made_at=timezone.now(), started_on=started_on)


def test_a_follow_up_is_reminded_on_any_day_it_is_open_and_not_answered(learner, provider_user, today):
    """The reminder follows impact's rule (follow_ups_due): the 3-month check-in stays open, and is
    reminded, until the 6-month one opens; an answered one is not reminded."""
    from impact.models import RetentionFollowUp

    start = job_start(learner, provider_user.provider, add_months(today, -5))
    assert reminders_send_due() == 1
    assert sent_to(learner.user, ReminderKind.FOLLOW_UP_SURVEY).get().object_key == f"job_start:{start.pk}:3m"
    SentReminder.objects.all().delete()
    RetentionFollowUp.objects.create(application=start.application, month=3, in_work=True, same_employer=True,
                                     recorded_at=timezone.now())
    assert reminders_send_due() == 0


def test_a_follow_up_whose_window_has_closed_is_not_reminded(learner, provider_user, today):
    job_start(learner, provider_user.provider, add_months(today, -15))  # the 12-month one closed today
    assert reminders_send_due() == 0


def test_a_follow_up_month_is_a_calendar_month(learner, provider_user, today):
    job_start(learner, provider_user.provider, add_months(today, -3) + datetime.timedelta(days=1))
    assert reminders_send_due() == 0  # opens tomorrow


def test_a_start_known_only_from_the_stage_change_is_reminded_too(learner, today):
    from tests.factories.impact import application_at as application_through

    moved = timezone.now() - datetime.timedelta(days=100)
    application = application_through(Stage.STARTED_WORK, learner=learner, at=moved - datetime.timedelta(days=6),
                                      days_per_step=[1] * 7)
    assert reminders_send_due() == 1
    assert sent_to(learner.user, ReminderKind.FOLLOW_UP_SURVEY).get().object_key == f"application:{application.pk}:3m"


def test_the_dbs_recheck_is_due_twelve_calendar_months_after_the_last_one(learner, staff, today):
    check = DbsCheck.objects.create(learner=learner, level=DbsCheck.Level.ENHANCED_ADULTS,
                                    status=DbsCheck.Status.UPDATE_SERVICE, certificate_number="000111222333",
                                    certificate_issued_on=add_months(today, -14), content="clear",
                                    update_service_subscribed_on=add_months(today, -14))
    last = DbsStatusCheck.objects.create(dbs_check=check, checked_on=add_months(today, -12) + datetime.timedelta(days=1),
                                         result="no_change")
    assert reminders_send_due() == 0
    last.checked_on = add_months(today, -12)
    last.save()
    assert reminders_send_due() == 1


def test_vacancy_closing_with_free_ring_fenced_places_reminds_the_provider(learner, provider_user, today):
    vacancy = vacancy_for(provider_user.provider, closing_date=today + datetime.timedelta(days=3))
    cohort = CohortFactory(locality=learner.locality)
    RingFence.objects.create(vacancy=vacancy, cohort=cohort, places=2)
    interview_for(application_at(learner, "enrolled", cohort=cohort), provider_user.provider,
                  starts_at=tomorrow_at(9) + datetime.timedelta(days=1), vacancy=vacancy)
    assert reminders_send_due() == 1
    reminder = sent_to(provider_user, ReminderKind.VACANCY_CLOSING).get()
    assert "1 ring-fenced place(s) free" in reminder.subject
    assert reminders_send_due() == 0


def test_a_full_ring_fence_needs_no_reminder(learner, provider_user, today):
    vacancy = vacancy_for(provider_user.provider, closing_date=today + datetime.timedelta(days=3))
    cohort = CohortFactory(locality=learner.locality)
    RingFence.objects.create(vacancy=vacancy, cohort=cohort, places=1)
    interview_for(application_at(learner, "enrolled", cohort=cohort), provider_user.provider,
                  starts_at=tomorrow_at(9) + datetime.timedelta(days=1), vacancy=vacancy)
    assert reminders_send_due() == 0


def test_the_unique_key_stops_a_second_copy_even_without_the_precheck(learner):
    from django.db import IntegrityError, transaction

    SentReminder.objects.create(kind=ReminderKind.INTERVIEW_TOMORROW, object_key="interview:1", recipient=learner.user,
                                subject="s", body="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(kind=ReminderKind.INTERVIEW_TOMORROW, object_key="interview:1",
                                    recipient=learner.user, subject="s", body="b")


# Preferences ---------------------------------------------------------------------------------------

def test_a_reminder_switched_off_is_not_sent(learner, provider_user):
    reminder_preferences_set(user=provider_user, enabled_kinds=[ReminderKind.PLACEMENT_STARTING])
    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(11))
    assert reminders_send_due() == 1
    assert not sent_to(provider_user, ReminderKind.INTERVIEW_TOMORROW).exists()
    assert sent_to(learner.user, ReminderKind.INTERVIEW_TOMORROW).exists()


def test_people_see_and_change_their_reminders(learner, client_for):
    client = client_for(learner.user)
    page = client.get(reverse("reminders:settings")).content.decode()
    assert "Interview tomorrow" in page and "Follow-up survey" in page
    assert "Vacancy closing" not in page  # not a learner's reminder
    response = client.post(reverse("reminders:settings"), {"kinds": [ReminderKind.FOLLOW_UP_SURVEY]},
                           follow=True)
    assert "saved" in response.content.decode()
    off = set(ReminderPreference.objects.filter(user=learner.user, enabled=False).values_list("kind", flat=True))
    assert off == {ReminderKind.INTERVIEW_TOMORROW, ReminderKind.PLACEMENT_STARTING}


def test_a_made_up_reminder_kind_is_refused_and_nothing_changes(learner, client_for):
    response = client_for(learner.user).post(reverse("reminders:settings"), {"kinds": ["launch_rockets"]})
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_anonymous_visitors_cannot_open_reminder_settings(client):
    response = client.get(reverse("reminders:settings"))
    assert response.status_code == 302 and "login" in response["Location"]


# The home-page panel ----------------------------------------------------------------------------------

def test_reminders_show_on_the_home_panel_until_dismissed(learner, client_for):
    from django.template import Context, Template
    from django.test import RequestFactory

    reminder = SentReminder.objects.create(kind=ReminderKind.PLACEMENT_STARTING, object_key="placement:9",
                                           recipient=learner.user, subject="Your placement starts on Monday", body="b")
    request = RequestFactory().get("/")
    request.user = learner.user
    panel = Template("{% load reminders %}{% reminders_panel %}").render(Context({"request": request}))
    assert "Your placement starts on Monday" in panel
    response = client_for(learner.user).post(reverse("reminders:dismiss", args=[reminder.pk]))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None
    assert "Your placement starts on Monday" not in Template("{% load reminders %}{% reminders_panel %}").render(
        Context({"request": request}))


def test_nobody_can_dismiss_someone_elses_reminder(learner, other_learner, client_for):
    reminder = SentReminder.objects.create(kind=ReminderKind.PLACEMENT_STARTING, object_key="placement:9",
                                           recipient=learner.user, subject="s", body="b")
    assert client_for(other_learner.user).post(reverse("reminders:dismiss", args=[reminder.pk])).status_code == 404
    reminder.refresh_from_db()
    assert reminder.dismissed_at is None


def test_celery_beat_runs_the_reminders_every_hour():
    entry = app.conf.beat_schedule["send-due-reminders"]
    assert entry["task"] == "academy.tasks.reminders_send_due_task"
    assert entry["task"] in app.tasks
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_the_beat_task_sends_due_reminders_in_process(learner, provider_user):
    from reminders.tasks import reminders_send_due_task

    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(14))
    assert reminders_send_due_task.apply().get() == 2
    assert reminders_send_due_task.apply().get() == 0


def test_inactive_users_get_no_reminders(learner, provider_user):
    provider_user.is_active = False
    provider_user.save()
    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(10))
    assert reminders_send_due() == 1


def test_provider_users_of_another_provider_are_not_reminded(learner, provider_user, other_provider_user):
    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(10))
    reminders_send_due()
    assert not SentReminder.objects.filter(recipient=other_provider_user).exists()




@pytest.mark.parametrize("persona, home", [("staff", "workqueue:home"), ("provider_user", "providers:home")])
def test_role_homes_show_the_reminders_panel(request, client_for, persona, home):
    user = request.getfixturevalue(persona)
    SentReminder.objects.create(kind=ReminderKind.DBS_RECHECK_DUE, object_key="dbs:1:x", recipient=user,
                                subject="A reminder for the home page", body="b")
    page = client_for(user).get(reverse(home)).content.decode()
    assert 'data-testid="reminders-panel"' in page and "A reminder for the home page" in page


def test_the_learner_home_shows_the_reminders_panel(learner, client_for):
    SentReminder.objects.create(kind=ReminderKind.FOLLOW_UP_SURVEY, object_key="job_start:1:3m",
                                recipient=learner.user, subject="Your 3-month check-in", body="b")
    page = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert "Your 3-month check-in" in page


def test_the_provider_reminder_names_the_learner_while_the_provider_may_see_the_name(learner, provider_user):
    interview_for(application_at(learner), provider_user.provider, starts_at=tomorrow_at(10))
    reminders_send_due()
    assert learner.first_name in sent_to(provider_user, ReminderKind.INTERVIEW_TOMORROW).get().body


def test_the_provider_reminder_says_a_learner_once_consent_is_withdrawn(learner, provider_user, today):
    give_consent(learner)
    withdraw_consent(learner)
    application = application_at(learner, "enrolled")
    interview_for(application, provider_user.provider, starts_at=tomorrow_at(10))
    placement_for(application, provider_user.provider, start_date=today + datetime.timedelta(days=2))
    reminders_send_due()
    interview = sent_to(provider_user, ReminderKind.INTERVIEW_TOMORROW).get().body
    placement = sent_to(provider_user, ReminderKind.PLACEMENT_STARTING).get().body
    assert learner.first_name not in interview and learner.first_name not in placement
    assert interview.startswith("An academy learner has an interview")
    assert placement.startswith("A learner from the academy starts")
