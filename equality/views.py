"""Equality monitoring pages: the learner's questionnaire (after applying and from their account), the
page explaining why we ask, one learner's answers for the equality-data role, and the staff list of
adjustments to arrange."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from academy.form_handling import add_service_errors
from academy.permissions import learner_required, staff_required
from academy.services import audit_record
from learners.models import Learner
from learners.permissions import learners_visible_to
from learners.selectors import learner_for_user

from . import permissions, selectors
from .forms import EqualityForm
from .models import QUESTIONS
from .services import equality_answers_save

# Set by learners.views.apply for the person who has just applied (they may have no password yet).
APPLIED_SESSION_KEY = "applied_learner_id"


def why_we_ask(request):
    return render(request, "equality/why_we_ask.html")


def _questionnaire(request, *, learner, initial, after_applying: bool):
    form = EqualityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and learner is None:
        # After applying with an address that already had an account: the same pages as anyone else, but
        # nothing is written to a record that only its signed-in owner may add to.
        request.session.pop(APPLIED_SESSION_KEY, None)
        return render(request, "equality/saved.html")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            equality_answers_save(learner=learner, by=request.user if request.user.is_authenticated else None,
                                  request=request, answers=form.answers(),
                                  needs_adjustments=data.get("needs_adjustments", ""),
                                  what_would_help=data.get("what_would_help", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: your answers are saved. Only a small number of named academy "
                                      "staff can see them, and never in your application.")
            if after_applying:
                request.session.pop(APPLIED_SESSION_KEY, None)
                return render(request, "equality/saved.html")
            return redirect("learners:me")
    return render(request, "equality/questionnaire.html", {"form": form, "after_applying": after_applying},
                  status=400 if form.errors else 200)


def after_applying(request):
    """The optional questionnaire straight after applying, for whoever has just applied in this session. Answers
    are kept only for a record the person has just made (or is signed in to), and only while it has none:
    nothing stored is ever shown back here."""
    learner_id = request.session.get(APPLIED_SESSION_KEY)
    if learner_id is None:
        return redirect("courses:programme_list")
    learner = Learner.objects.filter(pk=learner_id, erased_at__isnull=True).first() if learner_id else None
    if learner_id and (learner is None or selectors.equality_answers_of(learner=learner) is not None):
        return redirect("courses:programme_list")
    return _questionnaire(request, learner=learner, initial={}, after_applying=True)


@learner_required
def my_answers(request):
    learner = learner_for_user(request.user)
    if learner is None or learner.erased_at:
        raise Http404("No learner record for this account.")
    record, adjustments = selectors.equality_answers_of(learner=learner), selectors.adjustments_of(learner=learner)
    initial = {name: getattr(record, name) for name in QUESTIONS} if record else {}
    if adjustments:
        initial.update(needs_adjustments=adjustments.needs_adjustments, what_would_help=adjustments.what_would_help)
    return _questionnaire(request, learner=learner, initial=initial, after_applying=False)


@staff_required
def learner_answers(request, pk):
    """One learner's answers: the equality-data role only, audited. Other staff get 403."""
    if not permissions.can_read_individual_records(request.user):
        raise PermissionDenied("Only the academy's named equality data officers can see one person's answers.")
    learner = permissions.get_learner_for_equality_officer_or_404(request.user, pk)
    record = selectors.equality_answers_of(learner=learner)
    answers = [(question, getattr(record, f"get_{name}_display")() if record and getattr(record, name) else
                "Not answered") for name, (_choices, question) in QUESTIONS.items()]
    audit_record(action="equality.record_viewed", request=request, obj=record or learner, learner_id=learner.pk)
    response = render(request, "equality/learner_answers.html", {"learner": learner, "answers": answers,
                                                                 "answered": record is not None})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def adjustments(request):
    """Learners (in the staff member's localities) who asked for adjustments, and what would help."""
    rows = selectors.learners_needing_adjustments(learners=learners_visible_to(request.user))
    return render(request, "equality/adjustments.html", {"rows": rows})
