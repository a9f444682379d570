"""Forms for changing records after they were entered: the learner's own details, and staff corrections
to references, right-to-work checks and employment history. The rules live in services.py."""

from django import forms

from academy.dates import not_in_future

from .forms import (
    DateInput,
    EmploymentHistoryForm,
    PortalForm,
    ReferenceForm,
    RightToWorkForm,
    UKPhoneField,
    UKPostcodeField,
    WorkPreferencesForm,
)
from .models import Learner, Reference


class LearnerDetailsForm(PortalForm, WorkPreferencesForm):
    """The learner's contact details and the preferences from their application that are theirs to change."""

    preferred_name = forms.CharField(
        max_length=100, required=False, label="Preferred name (optional)",
        help_text="What you would like us to call you, if it is not your first name.",
    )
    phone = UKPhoneField(required=False)
    address = forms.CharField(
        max_length=500, required=False, label="Address (optional)", help_text="House number and street, and town.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    postcode = UKPostcodeField(widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    contact_preference = forms.ChoiceField(
        choices=Learner.ContactPreference.choices, widget=forms.RadioSelect, required=False,
        label="How would you like us to send you messages?",
        help_text="Email needs an email address, and text messages a mobile phone number.",
    )

    def clean_contact_preference(self):
        # Left unchosen (a form without the question), the learner's choice stays as it was.
        return self.cleaned_data.get("contact_preference") or self.initial.get("contact_preference") or "email"

    @classmethod
    def initial_for(cls, learner) -> dict:
        from .services.records import LEARNER_SELF_EDITABLE_FIELDS

        initial = {name: getattr(learner, name) for name in LEARNER_SELF_EDITABLE_FIELDS}
        initial["preferred_settings"] = list(learner.preferred_settings.all())
        initial["preferred_client_groups"] = list(learner.preferred_client_groups.all())
        return initial



class ReferenceCorrectionForm(ReferenceForm):
    received_on = forms.DateField(required=False, widget=DateInput(), label="Date received (leave empty if not yet)")

    class Meta(ReferenceForm.Meta):
        model = Reference
        fields = [*ReferenceForm.Meta.fields, "received_on"]

    def clean_received_on(self):
        return not_in_future(self.cleaned_data.get("received_on"), "The date received")

    def clean(self):
        data = super().clean()
        requested, received = data.get("requested_on"), data.get("received_on")
        if requested and received and received < requested:
            self.add_error("received_on", "The date received cannot be before the date it was requested.")
        return data


class RightToWorkCorrectionForm(RightToWorkForm):
    remove_image = forms.BooleanField(required=False, label="Remove the document image kept for this check")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].label = "Replace the photo or scan of the document (optional)"
        if not (self.instance and self.instance.image):
            del self.fields["remove_image"]
            self.fields["image"].label = "Photo or scan of the document (optional)"


# What staff may correct or remove: the form and the service for each kind of record.
CORRECTION_FORMS = {
    "reference": ReferenceCorrectionForm,
    "right_to_work": RightToWorkCorrectionForm,
    "employment": EmploymentHistoryForm,
}
