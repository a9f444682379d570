"""What goes into a learner's personnel file, read in a fixed number of queries.

Each section says whether it is complete; the cover page lists what is complete and what is
still missing. The DBS section holds only what the DBS code of practice allows an employer to
be told: level, certificate number and date, update-service status and last check, and the
recruitment decision (never its reasons, which may describe the certificate's content). The
content itself appears only as "Clear" or "Information disclosed, discussed on <date>".
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from academy.phones import display_phone

from ..models import references_outstanding_among, references_required

# Stages at which the learner has finished the course.


@dataclass
class Section:
    key: str
    title: str
    complete: bool
    summary: str
    rows: list = field(default_factory=list)
    data: dict = field(default_factory=dict)


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _date(value):
    return value.strftime("%d %B %Y").lstrip("0") if value else ""


def _person(user):
    return (user.get_full_name() or user.email) if user else "Not recorded"


def _details(learner) -> Section:
    # A way to reach the learner is needed, not an email address: some have none and get letters or texts.
    missing = [label for label, value in (("date of birth", learner.date_of_birth), ("phone", learner.phone),
                                          ("postcode", learner.postcode)) if not value]
    if not learner.email and not learner.phone:
        missing.append("email")
    rows = [
        ("Name", learner.full_name),
        ("Date of birth", _date(learner.date_of_birth) or "Not recorded"),
        ("Email", learner.email or "Not recorded"),
        ("Phone", display_phone(learner.phone) or "Not recorded"),
        ("Postcode", learner.postcode or "Not recorded"),
        ("Locality", str(learner.locality)),
    ]
    summary = "All details recorded" if not missing else "Missing: " + ", ".join(missing)
    return Section("details", "Learner details", not missing, summary, rows)


def _course(learner, applications) -> Section:
    from courses.outcomes import completed_course

    courses = []
    qualifications = []
    for application in applications:
        cohort = application.cohort
        courses.append({
            "programme": cohort.programme.name, "cohort": cohort.name, "venue": cohort.venue,
            "dates": f"{_date(cohort.start_date)} to {_date(cohort.end_date)}",
            "stage": application.get_stage_display(), "completed": completed_course(application),
        })
        qualifications.extend(getattr(application, "prefetched_qualifications", []))
    completed = any(c["completed"] for c in courses)
    quals = [{"title": q.title, "level": q.level, "awarding_body": q.awarding_body, "awarded_on": _date(q.awarded_on)}
             for q in qualifications]
    if not courses:
        summary = "No course recorded"
    elif not completed:
        summary = "Course not yet completed"
    else:
        summary = f"Course completed; {len(quals)} qualification{'s' if len(quals) != 1 else ''} recorded"
    return Section("course", "Course and qualifications", completed and bool(quals), summary,
                   data={"courses": courses, "qualifications": quals})


def _attendance(applications, placements) -> Section:
    cohorts = []
    for application in applications:
        marks = getattr(application, "prefetched_attendance", None)
        if marks is None or not marks:
            continue
        attended = sum(1 for mark in marks if mark.status in ("present", "late"))
        late = sum(1 for mark in marks if mark.status == "late")
        cohorts.append({"cohort": application.cohort.name, "sessions": len(marks), "attended": attended, "late": late,
                        "rate": round(100 * attended / len(marks))})
    placement_days = []
    for placement in placements:
        days = getattr(placement, "prefetched_days", [])
        if days:
            attended = sum(1 for day in days if day.attended)
            placement_days.append({"provider": placement.provider.name, "days": len(days), "attended": attended,
                                   "rate": round(100 * attended / len(days))})
    if cohorts:
        best = cohorts[0]
        summary = f"{best['rate']}% of course sessions attended ({best['attended']} of {best['sessions']})"
    else:
        summary = "No attendance recorded"
    return Section("attendance", "Attendance", bool(cohorts), summary,
                   data={"cohorts": cohorts, "placements": placement_days})


def _screening(applications) -> Section:
    screenings = [a.screening_or_none for a in applications if getattr(a, "screening_or_none", None)]
    decided = [s for s in screenings if s.outcome and s.outcome != "pending"]
    if not decided:
        return Section("screening", "Values-based screening", False, "No screening recorded")
    screening = max(decided, key=lambda s: (s.decided_at or s.created_at, s.pk))
    scores = [{"value": score.value.name, "score": score.score} for score in screening.scores.all()]
    average = round(sum(s["score"] for s in scores) / len(scores), 1) if scores else None
    data = {
        "outcome": screening.get_outcome_display(),
        "decided_on": _date(screening.decided_at),
        "literacy": screening.get_literacy_level_display() if screening.literacy_level else "Not recorded",
        "numeracy": screening.get_numeracy_level_display() if screening.numeracy_level else "Not recorded",
        "profiling": screening.get_profiling_result_display() if screening.profiling_result else "Not recorded",
        "interview_on": _date(screening.interview_on),
        "scores": scores,
        "average": average,
    }
    accepted = screening.outcome == "accepted"
    summary = f"{data['outcome']}" + (f", average values score {average} out of 4" if average is not None else "")
    return Section("screening", "Values-based screening", accepted, summary, data=data)


def _dbs(learner, checks, applications) -> Section:
    if not checks:
        if applications and not any(a.cohort.programme.requires_dbs for a in applications):
            # Programme.requires_dbs: people already in care work hold a DBS check through their employer.
            return Section("dbs", "DBS check", True, "Not needed: the learner's programme asks for no DBS check "
                                                     "through the academy")
        return Section("dbs", "DBS check", False, "No DBS check recorded")
    check = max(checks, key=lambda c: (c.created_at, c.pk))
    status_checks = list(check.status_checks.all())
    last = status_checks[0] if status_checks else None
    if check.update_service_subscribed_on:
        update_service = f"Subscribed on {_date(check.update_service_subscribed_on)}"
    elif check.level == "basic":
        update_service = "Not available for basic checks"
    else:
        update_service = "Not subscribed"
    if check.decision:
        decision = f"{check.get_decision_display()}, recorded on {_date(check.decision_on)} by {_person(check.decision_by)}"
    else:
        decision = "No recruitment decision recorded"
    data = {
        "level": check.get_level_display(),
        "workforce": check.get_workforce_display(),
        "position": check.position,
        "status": check.get_status_display(),
        "certificate_number": check.certificate_number or "Not issued yet",
        "issued_on": _date(check.certificate_issued_on) or "Not issued yet",
        # Only the two wordings the code of practice allows, built from the status and a date.
        "content": check.content_summary,
        "update_service": update_service,
        "last_status_check": f"{_date(last.checked_on)}: {last.get_result_display()}" if last else "No status check yet",
        "decision": decision,
    }
    cleared = check.is_cleared
    summary = f"{data['level']}: {data['status']}" + ("" if cleared else " (not yet cleared for work)")
    return Section("dbs", "DBS check", cleared, summary, data=data)


def _references(references) -> Section:
    received = [r for r in references if r.received_on]
    rows = [{"referee": r.referee_name, "relationship": r.relationship, "requested_on": _date(r.requested_on),
             "received_on": _date(r.received_on) or "Not yet received"} for r in references]
    needed = references_required()
    summary = f"{len(received)} of {needed} references received"
    if outstanding := references_outstanding_among(references):
        summary += f"; {len(outstanding)} outstanding"
    return Section("references", "References", len(received) >= needed, summary, rows)


def _right_to_work(checks) -> Section:
    if not checks:
        return Section("right_to_work", "Right to work", False, "No right-to-work check recorded")
    check = max(checks, key=lambda c: (c.checked_on, c.pk))
    today = timezone.localdate()
    expired = bool(check.expires_on and check.expires_on < today)
    data = {
        "document_type": check.get_document_type_display(),
        "checked_on": _date(check.checked_on),
        "checked_by": _person(check.checked_by),
        "expires_on": _date(check.expires_on) or "No time limit",
    }
    summary = f"Checked on {data['checked_on']} ({data['document_type']})" + (", permission expired" if expired else "")
    return Section("right_to_work", "Right to work", not expired, summary, data=data)


def _employment(entries) -> Section:
    rows = [{"employer": e.employer, "role": e.role, "from": _date(e.started_on),
             "to": _date(e.ended_on) or "Present", "reason": e.reason_for_leaving} for e in entries]
    summary = f"{len(rows)} job{'s' if len(rows) != 1 else ''} recorded" if rows else "No employment history recorded"
    return Section("employment", "Employment history", bool(rows), summary, rows)


def _placement_feedback(placements) -> Section:
    rows = []
    for placement in placements:
        feedback = getattr(placement, "provider_feedback_or_none", None)
        if feedback is None:
            continue
        rows.append({
            "provider": placement.provider.name,
            "dates": f"{_date(placement.start_date)} to {_date(placement.end_date)}",
            "values": feedback.values, "reliability": feedback.reliability, "potential": feedback.potential,
            "comments": feedback.comments,
        })
    summary = (f"Feedback from {len(rows)} placement{'s' if len(rows) != 1 else ''}" if rows
               else "No placement feedback recorded")
    return Section("placement_feedback", "Placement feedback", bool(rows), summary, rows)


def _consent(consents) -> Section:
    live = [c for c in consents if c.withdrawn_at is None and c.purpose == "personnel_file"]
    if not live:
        withdrawn = [c for c in consents if c.withdrawn_at]
        summary = "Consent withdrawn: this file must not be shared" if withdrawn else "No sharing consent recorded"
        return Section("consent", "Consent to share", False, summary)
    consent = live[0]
    data = {"wording": consent.wording, "given_at": _date(consent.given_at), "recorded_by": _person(consent.recorded_by)}
    return Section("consent", "Consent to share", True, f"Given on {data['given_at']}", data=data)


def _prefetch_related_safely(queryset, *lookups):
    """Adds only the prefetches whose models exist, so the file builds with what has been recorded."""
    return queryset.prefetch_related(*[lookup for lookup in lookups if lookup is not None])


def personnel_file_context(*, learner_id: int) -> dict:
    """Everything the personnel-file template needs, loaded with a fixed number of queries."""
    from learners.models import Stage

    Learner = apps.get_model("learners", "Learner")
    Application = apps.get_model("learners", "Application")
    learner = Learner.objects.select_related("locality").get(pk=learner_id)

    application_prefetches = []
    QualificationAward = _model("courses.QualificationAward")
    if QualificationAward:
        application_prefetches.append(Prefetch("qualifications", QualificationAward.objects.order_by("-awarded_on"),
                                               to_attr="prefetched_qualifications"))
    CourseOutcome = _model("courses.CourseOutcome")
    if CourseOutcome:
        # What courses.outcomes.completed_course reads: recorded outcomes and the move to "completed".
        application_prefetches.append(Prefetch("course_outcomes", CourseOutcome.objects.only("application_id", "result")))
        application_prefetches.append(Prefetch(
            "transitions", apps.get_model("learners", "StageTransition").objects
            .filter(to_stage=Stage.COMPLETED).only("application_id", "to_stage")))
    Attendance = _model("courses.Attendance")
    if Attendance:
        application_prefetches.append(Prefetch("attendance", Attendance.objects.only("status", "application_id"),
                                               to_attr="prefetched_attendance"))
    applications = list(
        _prefetch_related_safely(
            Application.objects.filter(learner=learner).select_related("cohort__programme").order_by("-submitted_at"),
            *application_prefetches,
        )
    )
    ValuesScreening = _model("learners.ValuesScreening")
    if ValuesScreening:
        screenings = {s.application_id: s for s in ValuesScreening.objects.filter(application__in=applications)
                      .prefetch_related(Prefetch("scores", queryset=_model("learners.ValueScore").objects
                                                 .select_related("value").order_by("value__order", "value__name")))}
        for application in applications:
            application.screening_or_none = screenings.get(application.pk)

    placements = []
    Placement = _model("placements.Placement")
    if Placement:
        placements = list(
            Placement.objects.filter(application__learner=learner).exclude(status__in=["declined", "cancelled"])
            .select_related("provider", "provider_feedback")
            .prefetch_related(Prefetch("attendance", to_attr="prefetched_days")).order_by("start_date")
        )
        for placement in placements:
            try:
                placement.provider_feedback_or_none = placement.provider_feedback
            except Placement.provider_feedback.RelatedObjectDoesNotExist:
                placement.provider_feedback_or_none = None

    def rows_of(label, **filters):
        model = _model(label)
        if model is None:
            return None
        return model.objects.filter(learner=learner, **filters)

    DbsCheck = _model("learners.DbsCheck")
    dbs_checks = list(DbsCheck.objects.filter(learner=learner).select_related("decision_by").prefetch_related(
        "status_checks")) if DbsCheck else []
    references = list(rows_of("learners.Reference") or [])
    rtw = rows_of("learners.RightToWorkCheck")
    # Never load the uploaded document: the file records that the check was done, not the image.
    right_to_work = list(rtw.select_related("checked_by").defer("image")) if rtw is not None else []
    employment = list(rows_of("learners.EmploymentHistoryEntry") or [])
    consents = rows_of("learners.ConsentRecord")
    consents = list(consents.select_related("recorded_by").order_by("-given_at")) if consents is not None else []

    sections = [
        _details(learner),
        _course(learner, applications),
        _attendance(applications, placements),
        _screening(applications),
        _dbs(learner, dbs_checks, applications),
        _references(references),
        _right_to_work(right_to_work),
        _employment(employment),
        _placement_feedback(placements),
        _consent(consents),
    ]
    return {
        "learner": learner,
        "sections": sections,
        "by_key": {section.key: section for section in sections},
        "complete": [s for s in sections if s.complete],
        "missing": [s for s in sections if not s.complete],
        "generated_at": timezone.localtime(),
        "academy_name": settings.ACADEMY_NAME,
        "today": datetime.date.today(),
    }
