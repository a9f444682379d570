"""Staff: references received and the right-to-work document image."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from academy.form_handling import handle_form
from academy.permissions import staff_required
from academy.services import audit_record
from academy.uploads import private_file_response

from .. import forms
from ..models import (
    Reference,
    RightToWorkCheck,
)
from ..permissions import get_learner_for_staff_or_404
from ..services.documents import reference_mark_received
from .detail import about_learner


@staff_required
def reference_received(request, pk):
    reference = get_object_or_404(Reference.objects.select_related("learner"), pk=pk)
    get_learner_for_staff_or_404(request.user, reference.learner_id)
    form = forms.ReferenceReceivedForm(request.POST or None)
    if response := handle_form(
        request, form,
        lambda: reference_mark_received(reference=reference, by=request.user, **form.cleaned_data),
        success_message=f"Reference from {reference.referee_name} marked received.",
        success_url=reverse("learners:detail", args=[reference.learner_id]),
    ):
        return response
    return render(request, "form_page.html", {
        "form": form, "title": f"Reference received from {reference.referee_name}", **about_learner(reference.learner),
    }, status=400 if form.errors else 200)


@staff_required
def right_to_work_file(request, pk):
    """The uploaded document image, only to staff who can see the learner, and every opening audited."""
    check = get_object_or_404(RightToWorkCheck, pk=pk)
    get_learner_for_staff_or_404(request.user, check.learner_id)
    if not check.image:
        raise Http404("No document image was uploaded for this check.")
    audit_record(action="right_to_work.view_file", request=request, obj=check, learner_id=check.learner_id)
    extension = {"application/pdf": "pdf", "image/png": "png"}.get(check.image_content_type, "jpg")
    return private_file_response(check.image, content_type=check.image_content_type,
                                 download_name=f"right-to-work-{check.pk}.{extension}")
