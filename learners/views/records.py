"""Staff correct or remove a reference, right-to-work check or employment-history entry entered by mistake.

Thin views: the record is fetched, then its learner through learners.permissions (404 to anyone who
may not work on that learner), one service call. Removing asks for confirmation on its own page (GET)
and happens only on POST.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from academy.caching import no_store
from academy.form_handling import handle_action, handle_form
from academy.permissions import staff_required

from ..forms_records import CORRECTION_FORMS
from ..models import EmploymentHistoryEntry, Reference, RightToWorkCheck
from ..permissions import get_learner_for_staff_or_404
from ..services.records import (
    employment_history_correct,
    employment_history_remove,
    reference_correct,
    reference_remove,
    right_to_work_correct,
    right_to_work_remove,
)

# kind in the URL -> (model, what staff call it, correct service, remove service, the record's keyword)
RECORD_KINDS = {
    "reference": (Reference, "reference", reference_correct, reference_remove, "reference"),
    "right_to_work": (RightToWorkCheck, "right-to-work check", right_to_work_correct,
                      right_to_work_remove, "check"),
    "employment": (EmploymentHistoryEntry, "employment history entry", employment_history_correct,
                   employment_history_remove, "entry"),
}


def _record_for_staff(user, kind: str, pk: int):
    if kind not in RECORD_KINDS:
        raise Http404("No such record type.")
    model = RECORD_KINDS[kind][0]
    record = get_object_or_404(model, pk=pk)
    learner = get_learner_for_staff_or_404(user, record.learner_id)
    return record, learner


@staff_required
@no_store
def record_edit(request, kind, pk):
    record, learner = _record_for_staff(request.user, kind, pk)
    _, label, correct, _, keyword = RECORD_KINDS[kind]
    form = CORRECTION_FORMS[kind](request.POST or None, request.FILES or None, instance=record)
    if response := handle_form(
        request, form, lambda: correct(**{keyword: record}, by=request.user, request=request, **form.cleaned_data),
        success_message=f"The {label} is corrected.", success_url=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    detail = reverse("learners:detail", args=[learner.pk])
    return render(request, "form_page.html", {"form": form, "title": f"Correct a {label}", "subject": learner.full_name,
                                              "subject_url": detail, "cancel_url": detail},
                  status=400 if form.errors else 200)


@staff_required
@no_store
def record_remove(request, kind, pk):
    record, learner = _record_for_staff(request.user, kind, pk)
    _, label, _, remove, keyword = RECORD_KINDS[kind]
    if request.method == "POST":
        handle_action(request, lambda: remove(**{keyword: record}, by=request.user, request=request),
                      success_message=f"The {label} is removed.")
        return redirect("learners:detail", pk=learner.pk)
    return render(request, "learners/record_remove.html", {"learner": learner, "record": record, "kind": kind,
                                                           "label": label})
