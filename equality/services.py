"""Writes for equality monitoring: saving a learner's answers, and removing them on erasure."""

from django.core.exceptions import ValidationError
from django.db import transaction

from academy.services import audit_record

from .models import QUESTIONS, AdjustmentsNeeded, EqualityMonitoring


@transaction.atomic
def equality_answers_save(*, learner, by=None, request=None, answers: dict,
                          needs_adjustments: str = "", what_would_help: str = "") -> EqualityMonitoring:
    """Store the learner's answers (all optional; blank = not answered). An answer outside its list is
    refused with a ValidationError naming the question. The audit log records that answers were saved,
    never what they are."""
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValidationError(f"There is no equality question called {', '.join(sorted(unknown))}.",
                              code="unknown_question")
    record = EqualityMonitoring.objects.filter(learner=learner).first() or EqualityMonitoring(learner=learner)
    for name in QUESTIONS:
        setattr(record, name, answers.get(name) or "")
    record.full_clean()
    record.save()
    adjustments = AdjustmentsNeeded.objects.filter(learner=learner).first() or AdjustmentsNeeded(learner=learner)
    adjustments.needs_adjustments = needs_adjustments or ""
    adjustments.what_would_help = (what_would_help or "").strip() if needs_adjustments == "yes" else ""
    adjustments.full_clean()
    adjustments.save()
    audit_record(action="equality.answers_saved", actor=by, request=request, obj=record, learner_id=learner.pk)
    return record


@transaction.atomic
def equality_answers_erase(*, learner) -> int:
    """Delete the learner's equality answers and adjustments. Returns how many records went."""
    removed, _ = EqualityMonitoring.objects.filter(learner=learner).delete()
    removed_adjustments, _ = AdjustmentsNeeded.objects.filter(learner=learner).delete()
    return removed + removed_adjustments
