"""The demo shows a staff member's day: a phone application from someone without email (reached by text,
whose text failed and waits for staff), a Jobcentre Plus referral with its work coach, a CPD course that
needs neither screening nor DBS with one applicant, and a bursary Jobcentre Plus paid."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from academy.models import User
from courses.models import BursaryPayment, CourseOutcome, Payer
from courses.selectors import attendance_summaries
from devtools.stories.academy import DEMO_EMAILS
from devtools.stories.staff_day import CPD_SLUG, DAWN, STORY_EMAILS
from learners.models import Application, Learner, Stage
from learners.permissions import learners_visible_to
from notifications.models import Notification
from notifications.selectors import notifications_needing_attention

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.get(email=DEMO_EMAILS[User.Role.STAFF])


def test_the_demo_tells_the_staff_day_stories(demo, client):
    """One test for the four stories: seed_demo takes most of a minute, so it runs once here."""
    # A phone application from someone without email, whom the academy reaches by text.
    dawn = Learner.objects.get(first_name=DAWN["first_name"], last_name=DAWN["last_name"])
    assert dawn.email == "" and dawn.phone and dawn.user is None
    assert dawn.contact_preference == Learner.ContactPreference.TEXT
    application = dawn.applications.get()
    assert application.how_taken == Application.HowTaken.PHONE and application.taken_by == demo
    assert application.source.name == "Friends or family"

    # Her text failed and waits in the staff "Messages that need you" queue.
    (failed,) = Notification.objects.filter(learner=dawn)
    assert failed.channel == "text" and failed.status == Notification.Status.FAILED and failed.last_error
    assert failed in notifications_needing_attention(learners=learners_visible_to(demo))
    client.force_login(demo)
    page = client.get(reverse("workqueue:queue", args=["messages"]))
    assert page.status_code == 200 and "Dawn Hesketh" in page.content.decode()

    # A Jobcentre Plus referral names the organisation and the work coach.
    referral = Application.objects.get(learner__email=STORY_EMAILS["marcus"])
    assert referral.how_taken == Application.HowTaken.REFERRAL and referral.source.is_referral
    assert referral.referral_organisation == "Wigan Jobcentre Plus"
    assert referral.work_coach_name == "Helen Baxter" and referral.work_coach_contact

    # A CPD course needs neither a screening nor a DBS check, and has one applicant.
    (cpd,) = Application.objects.filter(cohort__programme__slug=CPD_SLUG)
    programme = cpd.cohort.programme
    assert not programme.requires_values_screening and not programme.requires_dbs
    assert cpd.learner.email == STORY_EMAILS["sophie"]
    assert cpd.stage == Stage.APPLIED and cpd.awaits_acceptance_without_screening
    assert not cpd.learner.dbs_checks.exists()

    # Jobcentre Plus paid the bursary of a completer whose attendance made her eligible.
    payment = BursaryPayment.objects.get(application__learner__email=STORY_EMAILS["terri"])
    completer = payment.application
    assert payment.paid_by == Payer.JOBCENTRE_PLUS and payment.paid_below_threshold_because == ""
    assert attendance_summaries(application_ids=[completer.pk])[completer.pk].bursary_eligible
    assert completer.course_outcomes.get().result == CourseOutcome.Result.COMPLETED
    assert completer.how_taken == Application.HowTaken.REFERRAL


def test_the_staff_day_stories_are_written_once(demo):
    counts = (Learner.objects.count(), Application.objects.count(), BursaryPayment.objects.count(),
              Notification.objects.filter(status=Notification.Status.FAILED).count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Learner.objects.count(), Application.objects.count(), BursaryPayment.objects.count(),
            Notification.objects.filter(status=Notification.Status.FAILED).count()) == counts
