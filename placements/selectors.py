from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from learners.models import Application, Stage

from .matching import unsuitable_q
from .models import (
    EventMeeting,
    Interview,
    InterviewSlot,
    JobOffer,
    Placement,
)
from .services import INTERVIEWABLE_STAGES

ACTIVE_STAGES = [Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                 Stage.STARTED_WORK]


def current_application(learner, applications=None) -> Application | None:
    """The learner's application that the employer side works with: the latest one on or past the course.

    `applications`: all the learner's applications, if the caller has already fetched them."""
    if applications is not None:
        active = [a for a in applications if a.stage in ACTIVE_STAGES]
        return max(active, key=lambda a: a.submitted_at, default=None)
    return (Application.objects.filter(learner=learner, stage__in=ACTIVE_STAGES)
            .select_related("cohort__programme").order_by("-submitted_at").first())


# A placement's usual length, for the date the confirm form suggests.
DEFAULT_PLACEMENT_DAYS = 14


def placement_default_dates(*, opportunity, application=None, today=None):
    """The dates the confirm form suggests: never in the past, not before the learner's course starts,
    within the dates the provider offers, and about two weeks long."""
    import datetime

    today = today or timezone.localdate()
    earliest = [today + datetime.timedelta(days=1), opportunity.available_from]
    if application is not None and application.cohort_id:
        earliest.append(application.cohort.start_date)
    start = min(max(earliest), opportunity.available_until)
    end = min(start + datetime.timedelta(days=DEFAULT_PLACEMENT_DAYS - 1), opportunity.available_until)
    return start, end


def free_slots() -> QuerySet:
    """Future, unbooked slots on open vacancies."""
    from vacancies.models import Vacancy

    return (InterviewSlot.objects.filter(starts_at__gt=timezone.now(), vacancy__status=Vacancy.Status.OPEN)
            .exclude(Exists(Interview.objects.filter(slot=OuterRef("pk"))))
            .select_related("vacancy", "provider", "site").order_by("starts_at"))


def free_slots_for_learner(*, learner, application) -> QuerySet:
    """Free slots the learner could book themselves: never on jobs they cannot do (nights, sleep-ins,
    driving); ring-fenced jobs for their cohort first."""
    qs = free_slots().exclude(unsuitable_q(learner, "vacancy__"))
    if application is not None:
        from vacancies.models import RingFence

        qs = qs.annotate(ring_fenced=Exists(RingFence.objects.filter(vacancy=OuterRef("vacancy"),
                                                                     cohort_id=application.cohort_id)))
        qs = qs.order_by("-ring_fenced", "starts_at")
    return qs


def learner_employment(*, learner, applications=None) -> dict:
    """Everything on the employer side for one learner: placements, interviews, offers, starts.

    `applications`: all the learner's applications, if the caller has already fetched them."""
    application = current_application(learner, applications)
    # Only what the employment summary shows (placements/_employment_summary.html).
    placements = (Placement.objects.filter(application__learner=learner).select_related("provider")
                  .only("start_date", "end_date", "status", "supervisor_name", "provider__name")
                  .order_by("-start_date"))
    # Interviews and offers are read apart and joined here: as one query over twelve tables, PostgreSQL
    # spent ten times longer planning it than running it. Every offer (from an interview or gained
    # outside the portal, placements.outcomes) comes with its start in the second query.
    interviews = list(
        Interview.objects.filter(application__learner=learner)
        .select_related("slot__site", "vacancy", "provider", "application")
        # outcome_recorded_at too: the learner's page builds its timeline from these interviews.
        .only("booked_via", "outcome", "outcome_reason", "outcome_recorded_at", "outcome_recorded_by_id", "learner_feedback",
              "feedback_shown_at", "slot__starts_at", "slot__site__name",
              "slot__site__postcode", "vacancy__role_title", "provider__name", "application__learner_id")
        .order_by("-slot__starts_at")
    )
    offers = list(JobOffer.objects.filter(application__learner=learner)
                  .select_related("provider", "job_start__provider", "job_start__vacancy"))
    offer_by_interview = {offer.interview_id: offer for offer in offers if offer.interview_id is not None}
    offer_of = Interview.offer.related
    for interview in interviews:
        interview.application.learner = learner  # the same learner, for the feedback rules (Interview)
        offer = offer_by_interview.get(interview.pk)
        offer_of.set_cached_value(interview, offer)  # None too: no query to learn there is no offer
        if offer is not None:
            offer.interview = interview  # the offer's employer and role read its interview
    offers.sort(key=lambda o: o.offered_at, reverse=True)
    starts = sorted((o.job_start for o in offers if hasattr(o, "job_start")), key=lambda s: s.started_on,
                    reverse=True)
    can_book = application is not None and application.stage in INTERVIEWABLE_STAGES
    return {"application": application, "placements": placements, "interviews": interviews, "offers": offers,
            "job_starts": starts, "can_book": can_book}


def provider_dashboard(*, provider_id) -> dict:
    """The provider's home: vacancies, ring-fences, placements, interviews and what needs recording.

    Every list is evaluated here, not in the template, and loads only the columns the page shows:
    the provider comes with its count of open placement offers, one query gives the placements (the
    to-do lists are drawn from it) and one the pending interviews (to record, and to come). Whether a
    learner's name may be shown (providers.permissions) is asked once for the learners of all three
    lists that print names.
    """
    from providers.models import Provider
    from providers.permissions import mark_names_shown_to_provider
    from vacancies.models import RingFence, Vacancy

    from .models import ProviderFeedback

    provider = Provider.objects.annotate(open_opportunities=Count(
        "placement_opportunities", filter=Q(placement_opportunities__is_open=True))).get(pk=provider_id)
    now = timezone.now()
    today = timezone.localdate()
    learner_name = ("application__learner__first_name", "application__learner__last_name")
    vacancies = list(
        Vacancy.objects.filter(provider=provider).exclude(status=Vacancy.Status.FILLED)
        .select_related("site").only("role_title", "status", "closing_date", "site__name")
        .annotate(slot_count=Count("interview_slots")).order_by("status", "closing_date"))
    ring_fences = list(
        RingFence.objects.filter(vacancy__provider=provider).select_related("vacancy", "cohort")
        .only("places", "vacancy__role_title", "cohort__name", "cohort__start_date").order_by("cohort__start_date"))
    placements = list(
        Placement.objects.filter(provider=provider)
        .exclude(status__in=[Placement.Status.DECLINED, Placement.Status.CANCELLED])
        .select_related("application__learner", "opportunity__site")
        .only("status", "start_date", "end_date", *learner_name, "opportunity__site__name")
        .annotate(has_provider_feedback=Exists(ProviderFeedback.objects.filter(placement=OuterRef("pk"))))
        .order_by("-start_date"))
    pending = list(
        Interview.objects.filter(provider=provider, outcome=Interview.Outcome.PENDING)
        .select_related("slot__site", "vacancy", "application__learner")
        .only("slot__starts_at", "slot__site__name", "vacancy__role_title", *learner_name)
        .order_by("slot__starts_at"))
    meetings = list(
        EventMeeting.objects.filter(provider=provider, event__date__gte=today - timezone.timedelta(days=60))
        .select_related("event", "application__learner")
        .only("call_for_interview", "event__name", "event__date", *learner_name)
        .order_by("-event__date", "starts_at"))
    mark_names_shown_to_provider([*placements, *pending, *meetings], provider_id,
                                 lambda row: row.application.learner_id)
    return {
        "provider": provider, "vacancies": vacancies, "ring_fences": ring_fences, "placements": placements,
        "awaiting_answer": [p for p in placements if p.status == Placement.Status.CONFIRMED],
        "to_record": [i for i in pending if i.slot.starts_at <= now],
        "upcoming": [i for i in pending if i.slot.starts_at > now],
        "feedback_due": [p for p in placements
                         if p.is_under_way and p.start_date <= today and not p.has_provider_feedback],
        "meetings": meetings,
    }


def interviews_list(qs: QuerySet) -> QuerySet:
    return qs.select_related("slot__site", "vacancy", "provider", "application__learner", "offer").order_by(
        "-slot__starts_at")


def placements_list(qs: QuerySet) -> QuerySet:
    return qs.select_related("application__learner", "application__cohort", "provider", "opportunity__site").order_by(
        "-start_date")


def placement_detail(*, placement: Placement) -> dict:
    from .models import LearnerFeedback, ProviderFeedback

    return {
        "attendance": list(placement.attendance.all()),
        "provider_feedback": ProviderFeedback.objects.filter(placement=placement).first(),
        "learner_feedback": LearnerFeedback.objects.filter(placement=placement).first(),
    }


def interviews_pending_between(start, end) -> QuerySet:
    """Interviews not yet held (no outcome recorded) starting from `start` up to, not including, `end`."""
    return (Interview.objects.filter(outcome=Interview.Outcome.PENDING, slot__starts_at__gte=start,
                                     slot__starts_at__lt=end)
            .select_related("slot__site", "vacancy", "provider", "application__learner__user"))


def placements_starting_between(first, last) -> QuerySet:
    """Confirmed or accepted placements starting from `first` to `last`, both included."""
    return (Placement.objects.filter(status__in=[Placement.Status.CONFIRMED, Placement.Status.ACCEPTED],
                                     start_date__gte=first, start_date__lte=last)
            .select_related("provider", "opportunity__site", "application__learner__user"))
