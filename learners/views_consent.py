"""Staff record a consent the learner signed on a paper form."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.shortcuts import render
from django.urls import reverse

from academy.form_handling import handle_form
from academy.permissions import staff_required

from .consent_paper import (
    CURRENT_WORDING_VERSION,
    PAPER_CONSENT_WORDINGS,
    consent_record_from_paper,
)
from .forms import DateInput
from .permissions import get_learner_for_staff_or_404


class PaperConsentForm(forms.Form):
    signed_on = forms.DateField(widget=DateInput(), label="Date the learner signed the form")
    wording_version = forms.ChoiceField(label="Version of the wording printed on the form",
                                        choices=[(v, f"Version {v}") for v in PAPER_CONSENT_WORDINGS])
    seen = forms.BooleanField(label="I have seen the form, signed by the learner", error_messages={
        "required": "Record consent only from a form the learner has signed."})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"wording_version": CURRENT_WORDING_VERSION})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the signed consent"))


@staff_required
def paper_consent(request, pk):
    learner = get_learner_for_staff_or_404(request.user, pk)
    form = PaperConsentForm(request.POST or None)
    back = reverse("learners:detail", args=[learner.pk])
    if response := handle_form(
        request, form,
        lambda: consent_record_from_paper(learner=learner, by=request.user, signed_on=form.cleaned_data["signed_on"],
                                          wording_version=form.cleaned_data["wording_version"], request=request),
        success_message="Consent recorded from the signed form.", success_url=back,
    ):
        return response
    return render(request, "form_page.html", {
        "form": form, "back_url": back, "title": f"Record {learner.full_name}'s signed consent form",
        "intro": "The words on the form, version " + CURRENT_WORDING_VERSION + ": “"
                 + PAPER_CONSENT_WORDINGS[CURRENT_WORDING_VERSION] + "”",
    }, status=400 if form.errors else 200)
