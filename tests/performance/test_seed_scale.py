"""`manage.py seed_scale` fills every model with rows that keep the portal's rules."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from academy.models import User
from learners.models import ALLOWED_TRANSITIONS, Application, Learner, StageTransition

pytestmark = pytest.mark.django_db

PORTAL_APPS = ["academy", "providers", "vacancies", "courses", "learners", "placements", "impact", "notifications",
               "imports"]
# Made as people use the portal (the audit trail, reports on request), not data the region accumulates.
# Records the running portal writes as it works (logs, generated files, sent reminders, task runs),
# not data an academy brings: bench times the PDF builder itself instead of seeding its output.
NOT_SEEDED = {"academy.AuditEvent", "impact.ImpactReport", "learners.PersonnelFile", "learners.PersonnelFileRelease",
              "academy.TaskRecord", "academy.SentReminder", "academy.ReminderPreference",
              # A spreadsheet upload staff are part-way through: working state of one import, not regional data.
              "imports.ImportBatch",
              # Browser sessions come from signing in (bench makes its own), not from the region's data.
              "academy.Session"}


@pytest.fixture
def seeded(db):
    call_command("seed_scale", learners=120, seed=7, stdout=open("/dev/null", "w"))  # noqa: SIM115


def portal_models():
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in NOT_SEEDED:
                yield model


def test_seed_scale_fills_every_model_of_the_portal(seeded):
    empty = [m._meta.label for m in portal_models() if not m.objects.exists()]
    assert empty == []
    assert Learner.objects.count() == 120


def test_every_stage_log_follows_the_allowed_transitions_and_ends_at_the_applications_stage(seeded):
    transitions = StageTransition.objects.order_by("application_id", "at", "pk").values_list(
        "application_id", "from_stage", "to_stage")
    last = {}
    for application_id, from_stage, to_stage in transitions:
        previous = last.get(application_id)
        if previous is None:
            assert (from_stage, to_stage) == ("", "applied")
        else:
            assert from_stage == previous and to_stage in ALLOWED_TRANSITIONS[previous]
        last[application_id] = to_stage
    stages = dict(Application.objects.values_list("pk", "stage"))
    assert last == stages


def test_seeded_rows_pass_model_validation(seeded):
    """A sample of every model passes full_clean: the constraints hold without going through services."""
    failures = []
    for model in portal_models():
        for obj in model.objects.order_by("pk")[:25]:
            try:
                obj.full_clean()
            except ValidationError as exc:
                failures.append(f"{model._meta.label} {obj.pk}: {exc.message_dict}")
    assert failures == []


def test_staff_and_provider_users_have_an_authenticator_and_one_in_twenty_learners_an_account(seeded):
    from allauth.mfa.models import Authenticator

    needing_mfa = User.objects.filter(role__in=[User.Role.STAFF, User.Role.PROVIDER])
    assert needing_mfa.exists()
    assert not needing_mfa.exclude(authenticator__type=Authenticator.Type.TOTP).exists()
    from allauth.mfa.utils import decrypt

    from academy.mfa_encryption import looks_like_token

    for totp in Authenticator.objects.filter(type=Authenticator.Type.TOTP)[:5]:  # stored encrypted
        assert looks_like_token(totp.data["secret"]) and len(decrypt(totp.data["secret"])) == 32
    assert Learner.objects.filter(user__isnull=False).count() == 120 // 20
    assert not User.objects.filter(emailaddress__verified=False).exists()


def test_offers_follow_interviews_and_starts_follow_accepted_offers(seeded):
    from placements.models import JobOffer, JobStart

    assert not JobOffer.objects.exclude(interview__outcome="offer").exists()
    assert not JobStart.objects.exclude(offer__status="accepted").exists()
    assert not JobStart.objects.exclude(application__stage="started_work").exists()
    assert not JobStart.objects.exclude(learner=F("application__learner")).exists()


def test_no_learner_has_two_live_consents_or_two_applications_to_one_cohort(seeded):
    from learners.models import ConsentRecord

    assert not (ConsentRecord.objects.filter(withdrawn_at__isnull=True).values("learner")
                .annotate(n=Count("pk")).filter(n__gt=1).exists())
    assert not Application.objects.values("learner", "cohort").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_seed_scale_refuses_a_database_that_already_has_learners(seeded):
    with pytest.raises(CommandError, match="already has learners"):
        call_command("seed_scale", learners=50)


def test_seed_scale_with_force_adds_after_the_existing_rows(seeded):
    call_command("seed_scale", learners=40, force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Learner.objects.count() == 160


def test_the_benchmark_measures_every_key_page_on_seeded_data(seeded, settings, tmp_path):
    """bench is how the speed targets are checked: it must keep working as the pages change."""
    import io
    import re

    settings.MEDIA_ROOT = str(tmp_path)
    out = io.StringIO()
    call_command("bench", runs=1, skip_load=True, skip_collectstatic=True, pdf_count=1, stdout=out)
    lines = out.getvalue().splitlines()
    for page in ["minimal view, signed in", "vacancy guide search, signed in", "vacancy guide search, cache miss",
                 "cohort board", "learner detail", "staff home (work queue)", "staff home, rebuilt (region)",
                 "staff home, rebuilt (1 locality)", "learner search, misspelt name",
                 "provider home", "partner dashboard", "learner home"]:
        row = next((line for line in lines if line.startswith(page)), None)
        assert row is not None, page
        assert re.search(r"\s200\s", row), row  # the status column
    assert any(line.startswith("Personnel-file PDFs, one worker process:") for line in lines), lines[-3:]


def test_applications_come_from_every_source_with_referrals_naming_the_work_coach(seeded):
    from learners.models import ApplicationSource

    by_source = dict(Application.objects.values_list("source__name").annotate(n=Count("pk")))
    assert set(by_source) == set(ApplicationSource.objects.values_list("name", flat=True))
    # Jobcentre Plus refers the most applicants (the sector-based work academies are run with it).
    assert max(by_source, key=by_source.get) == "Jobcentre Plus referral"
    referrals = Application.objects.filter(how_taken="referral")
    assert referrals.exists() and not referrals.filter(source__is_referral=False).exists()
    assert not referrals.filter(work_coach_name="").exists()
    assert referrals.filter(referral_organisation__endswith="Jobcentre Plus").exists()
    assert set(Application.objects.values_list("how_taken", flat=True)) == {"online", "phone", "drop_in", "referral"}
    assert not Application.objects.exclude(how_taken="online").filter(taken_by__isnull=True).exists()


def test_learners_without_email_have_a_phone_and_are_reached_by_text_or_letter(seeded):
    without_email = Learner.objects.filter(email="")
    assert without_email.exists()
    assert not without_email.filter(phone="").exists()
    assert not without_email.filter(contact_preference="email").exists()
    assert not without_email.filter(user__isnull=False).exists()
    assert not without_email.filter(applications__how_taken="online").exists()
    assert set(Learner.objects.values_list("contact_preference", flat=True)) == {"email", "text", "letter"}


def test_bursaries_go_to_completers_by_a_mix_of_payers_with_a_reason_below_the_threshold(seeded, settings):
    from courses.models import BursaryPayment
    from impact.models import SupportSpend

    payments = BursaryPayment.objects.all()
    assert not payments.exclude(application__course_outcomes__result="completed").exists()
    assert set(payments.values_list("paid_by", flat=True)) >= {"academy", "jobcentre_plus"}
    below = payments.filter(attendance_rate__lt=settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD)
    assert not below.filter(paid_below_threshold_because="").exists()
    assert set(SupportSpend.objects.values_list("paid_by", flat=True)) >= {"academy", "jobcentre_plus"}


def test_no_screening_or_dbs_check_on_programmes_that_need_neither(seeded):
    from learners.models import DbsCheck, ValuesScreening

    assert not ValuesScreening.objects.filter(application__cohort__programme__requires_values_screening=False).exists()
    cpd_only = Learner.objects.exclude(applications__cohort__programme__requires_dbs=True)
    assert not DbsCheck.objects.filter(learner__in=cpd_only).exists()


def test_messages_reach_each_learner_the_way_they_can_be_reached(seeded):
    from notifications.models import Notification

    sent = Notification.objects.all()
    assert sent.filter(status="sent").exists()
    assert not sent.filter(learner__email="", channel="email").exists()
    assert not sent.filter(channel="text").exclude(address=F("learner__phone")).exists()
    assert not sent.filter(channel="email").exclude(address=F("learner__email")).exists()
