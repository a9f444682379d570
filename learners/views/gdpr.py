"""UK GDPR pages: a learner downloads their data; staff erase a learner on request."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from academy.permissions import learner_required, staff_required

from ..gdpr import learner_data_export, learner_erase
from ..permissions import get_learner_for_staff_or_404, learners_visible_to


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Why is this learner being erased?", max_length=200,
        help_text="For example: “Erasure requested by the learner by email on 3 March”. Do not include "
                  "personal details.",
        error_messages={"required": "Say why the learner is being erased: the audit log keeps the reason."},
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone: names, contact details, notes and documents will be removed.",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )


@learner_required
def my_data(request):
    learner = learners_visible_to(request.user).first()
    if learner is None:
        messages.info(request, "We hold no learner record for this account yet.")
        return redirect("learners:me")
    archive = learner_data_export(learner=learner, by=request.user, request=request)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-care-academy-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def erase(request, pk):
    learner = get_learner_for_staff_or_404(request.user, pk, include_erased=True)
    if learner.erased_at:
        messages.info(request, "This learner has already been erased.")
        return redirect("learners:detail", pk=learner.pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        learner_erase(learner=learner, by=request.user, reason=form.cleaned_data["reason"], request=request)
        messages.success(request, "The learner's personal data has been erased; their anonymous record stays "
                                  "in the figures.")
        return redirect("learners:detail", pk=learner.pk)
    return render(request, "learners/erase.html", {"learner": learner, "form": form},
                  status=400 if form.errors else 200)
