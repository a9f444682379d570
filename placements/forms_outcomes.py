"""Forms for jobs gained outside the portal, and for the feedback a learner sees after "no offer"."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from academy.dates import not_in_future
from providers.models import CareSetting, Provider

from .models import HowFound

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OutsideJobForm(forms.Form):
    """An offer (or a start) the learner gained outside the portal's vacancies and interviews."""

    provider = forms.ModelChoiceField(queryset=Provider.objects.order_by("name"), required=False,
                                      empty_label="Not on the portal (name it below)",
                                      label="Employer: a provider on the portal")
    employer_name = forms.CharField(max_length=200, required=False, label="Or the employer's name, if not on the portal")
    role = forms.CharField(max_length=200, label="Job role", help_text="For example: care assistant.")
    setting = forms.ModelChoiceField(queryset=CareSetting.objects.all(), required=False, label="Care setting")
    hours_per_week = forms.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=80, required=False,
                                        label="Hours a week")
    how_found = forms.ChoiceField(choices=HowFound.choices, label="How the learner found the job")
    offered_on = forms.DateField(widget=DATE, label="Date the offer was made",
                                 help_text="The day the learner was offered the job (it may be in the past).")
    accepted = forms.BooleanField(required=False, label="The learner has accepted the offer")
    started_on = forms.DateField(widget=DATE, required=False, label="First day at work, if they have started",
                                 help_text="Leave empty if they have not started yet.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the job"))

    def clean_offered_on(self):
        return not_in_future(self.cleaned_data.get("offered_on"), "The offer date")

    def clean_started_on(self):
        return not_in_future(self.cleaned_data.get("started_on"), "The start date")

    def clean(self):
        data = super().clean()
        if data.get("provider") and (data.get("employer_name") or "").strip():
            self.add_error("employer_name", "Choose a provider on the portal or name the employer, not both.")
        elif not data.get("provider") and not (data.get("employer_name") or "").strip():
            self.add_error("employer_name", "Choose the provider, or name the employer if it is not on the portal.")
        offered, started = data.get("offered_on"), data.get("started_on")
        if offered and started and started < offered:
            self.add_error("started_on", "The start date cannot be before the job was offered.")
        return data


class InterviewFeedbackForm(forms.Form):
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Feedback the learner will see",
                               help_text="In plain, kind words: what went well and what would help next time.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Show this feedback to the learner"))
