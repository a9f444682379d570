"""Staff: people who showed interest before applying."""

from django.shortcuts import render

from academy.form_handling import handle_form
from academy.permissions import staff_required

from .. import forms
from ..models import (
    Enquiry,
)
from ..services.applications import enquiry_record


@staff_required
def enquiry_list(request):
    localities = list(request.user.localities.all())
    enquiries = Enquiry.objects.select_related("locality", "learner")
    if localities:
        enquiries = enquiries.filter(locality__in=localities)
    form = forms.EnquiryForm(request.POST or None)
    if localities:
        form.fields["locality"].queryset = request.user.localities.all()
    if response := handle_form(
        request, form, lambda: enquiry_record(by=request.user, **form.cleaned_data),
        success_message="Enquiry recorded.", success_url="learners:enquiries",
    ):
        return response
    return render(request, "learners/enquiries.html", {"enquiries": enquiries[:200], "form": form})
