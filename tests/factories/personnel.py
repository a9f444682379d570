"""Records for personnel-file and reminder tests: a work-ready learner with every section filled in,
an accepted job offer, and the personnel file's own records."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import Attendance, CohortSession, QualificationAward
from learners.models import (
    AcademyValue,
    Application,
    ConsentRecord,
    DbsCheck,
    DbsStatusCheck,
    EmploymentHistoryEntry,
    Learner,
    PersonnelFileRelease,
    Reference,
    RightToWorkCheck,
    Stage,
    ValueScore,
    ValuesScreening,
)
from learners.services.applications import application_create, application_transition
from placements.models import (
    Interview,
    InterviewSlot,
    JobOffer,
    Placement,
    PlacementOpportunity,
    ProviderFeedback,
)
from providers.models import CareSetting, Provider
from vacancies.models import Vacancy

from .academy import UserFactory
from .courses import CohortFactory
from .learners import LearnerFactory
from .providers import ProviderFactory, SiteFactory

CONSENT_WORDING = ("I agree that the academy may prepare a portable personnel file about me and share it with an "
                   "employer who offers me a job.")
# Words that must never reach a personnel file: they stand for certificate content and reasons.
SECRET_DBS_REASON = "Caution for shoplifting in 2015 discussed openly"


def today():
    return timezone.localdate()


def give_consent(learner: Learner, *, by=None) -> ConsentRecord:
    return ConsentRecord.objects.create(learner=learner, wording=CONSENT_WORDING, given_at=timezone.now(),
                                        recorded_by=by)


def withdraw_consent(learner: Learner) -> None:
    ConsentRecord.objects.filter(learner=learner, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def vacancy_for(provider: Provider, **fields) -> Vacancy:
    site = provider.sites.first() or SiteFactory(provider=provider)
    setting, _ = CareSetting.objects.get_or_create(code="residential", defaults={"name": "Residential care"})
    defaults = {
        "provider": provider, "site": site, "role_title": "Care assistant", "setting": setting,
        "summary": "Supporting older people in a small care home.", "hours_per_week": 30, "pay_amount": "12.60",
        "closing_date": today() + datetime.timedelta(days=20), "good_parts": "Kind team.",
        "hard_parts": "Early starts and personal care.", "status": Vacancy.Status.OPEN,
    }
    defaults.update(fields)
    return Vacancy.objects.create(**defaults)


def interview_for(application: Application, provider: Provider, *, starts_at=None, vacancy=None) -> Interview:
    vacancy = vacancy or vacancy_for(provider)
    starts_at = starts_at or timezone.now() - datetime.timedelta(days=3)
    slot = InterviewSlot.objects.create(provider=provider, site=vacancy.site, vacancy=vacancy, starts_at=starts_at,
                                        ends_at=starts_at + datetime.timedelta(minutes=30))
    return Interview.objects.create(slot=slot, application=application, vacancy=vacancy, provider=provider)


def accepted_offer(application: Application, provider: Provider) -> JobOffer:
    interview = interview_for(application, provider)
    interview.outcome = Interview.Outcome.OFFER
    interview.outcome_recorded_at = timezone.now()
    interview.save()
    return JobOffer.objects.create(interview=interview, application=application, provider=provider,
                                   offered_at=timezone.now(), status=JobOffer.Status.ACCEPTED,
                                   decided_at=timezone.now(),
                                   proposed_start_date=today() + datetime.timedelta(days=3))


def placement_for(application: Application, provider: Provider, *, start_date=None, status="accepted") -> Placement:
    site = provider.sites.first() or SiteFactory(provider=provider)
    setting, _ = CareSetting.objects.get_or_create(code="residential", defaults={"name": "Residential care"})
    start_date = start_date or today() - datetime.timedelta(days=20)
    opportunity = PlacementOpportunity.objects.create(
        provider=provider, site=site, title="Care assistant shadowing", setting=setting,
        available_from=start_date, available_until=start_date + datetime.timedelta(days=30),
    )
    return Placement.objects.create(application=application, opportunity=opportunity, provider=provider,
                                    start_date=start_date, end_date=start_date + datetime.timedelta(days=10),
                                    status=status, confirmed_at=timezone.now(), supervisor_name="Pat Hughes")


PATH_TO = {
    Stage.ENROLLED: [Stage.ACCEPTED, Stage.ENROLLED],
    Stage.PLACED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED],
    Stage.COMPLETED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED],
    Stage.INTERVIEWED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED, Stage.INTERVIEWED],
}


def application_at(learner: Learner, stage: str = Stage.INTERVIEWED, cohort=None, **cohort_fields) -> Application:
    """An application walked to `stage` through the pipeline's own service, as the academy would."""
    cohort = cohort or CohortFactory(locality=learner.locality, **cohort_fields)
    application = application_create(learner=learner, cohort=cohort)
    for to_stage in PATH_TO[stage]:
        application = application_transition(application=application, to_stage=to_stage)
    return application


@dataclass
class WorkReady:
    learner: Learner
    application: Application
    provider: Provider
    offer: JobOffer
    dbs: DbsCheck


def work_ready_learner(*, locality=None, provider: Provider | None = None, staff=None, consent=True,
                       complete=True) -> WorkReady:
    """A learner who finished the course, passed every check and accepted a job with `provider`.

    With complete=False only the learner, a course and the offer exist: most sections are missing.
    """
    learner = LearnerFactory(**({"locality": locality} if locality else {}),
                             first_name="Amira", last_name="Okafor", phone="07700 900123",
                             date_of_birth=datetime.date(1990, 5, 17))
    provider = provider or ProviderFactory()
    application = application_at(learner, Stage.INTERVIEWED, start_date=today() - datetime.timedelta(weeks=8))
    offer = accepted_offer(application, provider)
    dbs = None
    if complete:
        checker = staff or UserFactory(staff=True)
        cohort = application.cohort
        statuses = [Attendance.Status.PRESENT] * 8 + [Attendance.Status.LATE, Attendance.Status.ABSENT]
        for day, status in enumerate(statuses):
            session = CohortSession.objects.create(cohort=cohort, date=cohort.start_date + datetime.timedelta(days=day),
                                                   title=f"Session {day + 1}")
            Attendance.objects.create(session=session, application=application, status=status)
        QualificationAward.objects.create(application=application, title="Care Certificate", level="Level 2",
                                          awarding_body="Skills for Care", awarded_on=cohort.end_date)
        screening = ValuesScreening.objects.create(application=application, literacy_level="level_1", numeracy_level="entry_3", profiling_result="strong",
                                                   outcome=ValuesScreening.Outcome.ACCEPTED,
                                                   decided_at=timezone.now() - datetime.timedelta(weeks=9))
        for name, score in (("Compassion", 4), ("Respect", 3)):
            value, _ = AcademyValue.objects.get_or_create(name=name, defaults={"descriptor": f"Shows {name}."})
            ValueScore.objects.create(screening=screening, value=value, score=score, evidence="Panel notes.")
        dbs = DbsCheck.objects.create(
            learner=learner, level=DbsCheck.Level.ENHANCED_ADULTS, status=DbsCheck.Status.UPDATE_SERVICE,
            certificate_number="001234567890", certificate_issued_on=today() - datetime.timedelta(days=40),
            content=DbsCheck.Content.DISCLOSED, disclosure_discussed_on=today() - datetime.timedelta(days=35),
            update_service_subscribed_on=today() - datetime.timedelta(days=30),
            decision=DbsCheck.Decision.PROCEED, decision_on=today() - datetime.timedelta(days=34),
            decision_by=checker, decision_reason=SECRET_DBS_REASON,
        )
        DbsStatusCheck.objects.create(dbs_check=dbs, checked_on=today() - datetime.timedelta(days=2),
                                      result=DbsStatusCheck.Result.NO_CHANGE, checked_by=checker)
        for name in ("Jo Baker", "Sam Patel"):
            Reference.objects.create(learner=learner, referee_name=name, relationship="Previous employer",
                                     requested_on=today() - datetime.timedelta(days=30),
                                     received_on=today() - datetime.timedelta(days=20))
        RightToWorkCheck.objects.create(learner=learner, document_type=RightToWorkCheck.DocumentType.UK_PASSPORT,
                                        checked_on=today() - datetime.timedelta(days=50), checked_by=checker)
        EmploymentHistoryEntry.objects.create(learner=learner, employer="Blackpool Pleasure Beach", role="Kiosk assistant",
                                              started_on=datetime.date(2015, 4, 1), ended_on=datetime.date(2019, 10, 31),
                                              reason_for_leaving="Seasonal contract ended")
        placement = placement_for(application, provider)
        ProviderFeedback.objects.create(placement=placement, values=5, reliability=4, potential=5,
                                        comments="Warm with residents and always on time.")
    if consent:
        give_consent(learner)
    return WorkReady(learner=learner, application=application, provider=provider, offer=offer, dbs=dbs)


def release_for(ready: WorkReady, *, by, expires_at=None) -> PersonnelFileRelease:
    now = timezone.now()
    return PersonnelFileRelease.objects.create(
        learner=ready.learner, provider=ready.provider, job_offer=ready.offer, released_by=by, released_at=now,
        expires_at=expires_at or now + datetime.timedelta(days=7),
    )
