"""Values-based screening: values are the only reason the academy turns an applicant away."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learners.models import (
    AcademyValue,
    Application,
    PanelMember,
    SkillLevel,
    Stage,
    ValueScore,
    ValuesScreening,
    skill_level_at_least,
)
from learners.notices import screening_decided_notify
from learners.services.applications import application_transition

# Scores at or below this mean a value was not (or only partly) shown: the one reason to turn someone away.
VALUES_NOT_SHOWN_MAX_SCORE = 2


def _pending_screening(screening: ValuesScreening) -> None:
    if screening.outcome != ValuesScreening.Outcome.PENDING:
        raise ValidationError("This screening has already been decided and can no longer be changed.",
                              code="screening_decided")


@transaction.atomic
def screening_start(*, application: Application, by) -> ValuesScreening:
    """Opens the screening of an application that is waiting at 'applied' (once per application)."""
    existing = ValuesScreening.objects.filter(application=application).first()
    if existing:
        return existing
    if application.stage != Stage.APPLIED:
        raise ValidationError("Only an application waiting for screening can be screened.", code="not_applied")
    screening = ValuesScreening(application=application, question_bank=application.cohort.question_bank,
                                recorded_by=by)
    screening.full_clean()
    screening.save()
    return screening


@transaction.atomic
def application_accept_without_screening(*, application: Application, by, at=None) -> Application:
    """Accepts an applicant to a programme that asks for no values screening (Programme.requires_values_screening
    false: people already working in care, screened when their employer took them on). On any other
    programme acceptance comes only from the screening (screening_decide)."""
    programme = application.cohort.programme
    if programme.requires_values_screening:
        raise ValidationError(
            f"{programme.name} asks for a values screening: accept the applicant by recording their screening.",
            code="screening_required",
        )
    if ValuesScreening.objects.filter(application=application).exists():
        raise ValidationError("A values screening has been started for this application: decide it there.",
                              code="screening_started")
    return application_transition(application=application, to_stage=Stage.ACCEPTED, by=by, at=at,
                                  note="Accepted: no values screening on this programme")


@transaction.atomic
def screening_record(*, screening: ValuesScreening, by, scores: dict | None = None, panel: list | None = None,
                     **fields) -> ValuesScreening:
    """Saves what the screening found so far: levels, profile, interview, value scores, panel.

    `scores` maps an AcademyValue to (score 1-4, evidence); evidence is required for every score.
    `panel` is a list of dicts (name, role, provider) and replaces the panel recorded before.
    """
    _pending_screening(screening)
    for name, value in fields.items():
        setattr(screening, name, value)
    screening.recorded_by = by
    screening.full_clean()
    screening.save()
    for value, (score, evidence) in (scores or {}).items():
        if not (evidence or "").strip():
            raise ValidationError(f"Write the evidence for the score given for “{value}”.", code="no_evidence")
        row = ValueScore.objects.filter(screening=screening, value=value).first() or ValueScore(
            screening=screening, value=value)
        row.score, row.evidence = score, evidence
        row.full_clean()
        row.save()
    if panel is not None:
        screening.panel.all().delete()
        for member in panel:
            row = PanelMember(screening=screening, **member)
            row.full_clean()
            row.save()
    return screening


@transaction.atomic
def screening_decide(*, screening: ValuesScreening, outcome: str, by, reason: str = "", college: str = "",
                     at=None) -> ValuesScreening:
    """Decides a screening and moves the application on, through application_transition.

    - accepted: every active value scored, a panel interview held, English and maths at the cohort's minimum;
    - referred: English or maths below the cohort's minimum, and the college they are referred to named;
    - not progressed: only because of values: at least one value scored 2 or lower, with the reason written down.
    Being below the English and maths minimum is never a reason to turn someone away: it is a referral.
    """
    screening = ValuesScreening.objects.select_for_update(of=("self",)).select_related("application__cohort").get(
        pk=screening.pk
    )
    _pending_screening(screening)
    cohort = screening.application.cohort
    Outcome = ValuesScreening.Outcome
    levels_known = bool(screening.literacy_level and screening.numeracy_level)
    meets_minimum = levels_known and all(
        skill_level_at_least(level, cohort.minimum_skill_level)
        for level in (screening.literacy_level, screening.numeracy_level)
    )
    scores = list(screening.scores.all())
    minimum_label = SkillLevel(cohort.minimum_skill_level).label
    if outcome == Outcome.ACCEPTED:
        missing = AcademyValue.objects.filter(is_active=True).exclude(scores__screening=screening)
        if missing.exists():
            names = ", ".join(v.name for v in missing)
            raise ValidationError(f"Score every value before accepting: {names} not scored yet.",
                                  code="values_not_scored")
        if not screening.interview_on:
            raise ValidationError("Record the panel interview before accepting.", code="no_interview")
        if not meets_minimum:
            raise ValidationError(
                f"English and maths must be at {minimum_label} or above to join this cohort. Record both levels, "
                "or refer the applicant to a college for support.", code="below_minimum",
            )
        to_stage = Stage.ACCEPTED
    elif outcome == Outcome.REFERRED:
        if not levels_known or meets_minimum:
            raise ValidationError(
                f"A referral is for English or maths below {minimum_label}. Record the levels first; "
                "this applicant's levels do not call for a referral.", code="referral_not_needed",
            )
        if not college.strip():
            raise ValidationError("Name the college the applicant is referred to.", code="no_college")
        to_stage = Stage.REFERRED
    elif outcome == Outcome.NOT_PROGRESSED:
        if not any(s.score <= VALUES_NOT_SHOWN_MAX_SCORE for s in scores):
            raise ValidationError(
                "Values are the only reason to turn an applicant away, and no value has been scored 2 or lower. "
                "If English or maths is the difficulty, refer the applicant to a college instead.",
                code="no_values_reason",
            )
        if not reason.strip():
            raise ValidationError("Write down which values were not shown and why.", code="no_reason")
        to_stage = Stage.NOT_PROGRESSED
    else:
        raise ValidationError("Choose accepted, referred or not progressed.", code="bad_outcome")
    at = at or timezone.now()
    screening.outcome = outcome
    screening.outcome_reason = reason
    screening.referred_to_college = college.strip() if outcome == Outcome.REFERRED else ""
    screening.decided_at = at
    screening.decided_by = by
    screening.full_clean()
    screening.save()
    application_transition(application=screening.application, to_stage=to_stage, by=by, at=at,
                           note=f"Screening: {Outcome(outcome).label}")
    screening_decided_notify(screening=screening)
    return screening
