from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from academy.forms import LookupChoicesField
from courses.models import Cohort
from providers.models import ClientGroup, Site

from .models import RingFence, Vacancy


class VacancyForm(forms.ModelForm):
    client_groups = LookupChoicesField(queryset=ClientGroup.objects.all(), required=False,
                                       widget=forms.CheckboxSelectMultiple, label="People supported")

    class Meta:
        model = Vacancy
        fields = ["site", "role_title", "setting", "client_groups", "summary", "hours_per_week", "works_days",
                  "works_nights", "sleep_ins", "works_weekends", "shift_notes", "pay_amount", "pay_period",
                  "contract", "driving_required", "closing_date", "good_parts", "hard_parts"]
        widgets = {
            "closing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "good_parts": forms.Textarea(attrs={"rows": 3}),
            "hard_parts": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"pay_amount": "Pay (£)", "hours_per_week": "Hours a week"}

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites if sites is not None else Site.objects.select_related("provider")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save vacancy"))

    def clean_closing_date(self):
        closing = self.cleaned_data["closing_date"]
        unchanged = self.instance.pk and closing == self.instance.closing_date
        if closing < timezone.localdate() and not unchanged:
            raise forms.ValidationError("The closing date cannot be in the past.")
        return closing

    def clean_pay_amount(self):
        pay = self.cleaned_data["pay_amount"]
        if pay is not None and pay <= 0:
            raise forms.ValidationError("Pay must be more than £0.")
        return pay

    def vacancy_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client_groups", None)
        return data


class VacancyStatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Vacancy.Status.choices)


class RingFenceForm(forms.ModelForm):
    class Meta:
        model = RingFence
        fields = ["cohort", "places", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate() - timezone.timedelta(weeks=12)
        self.fields["cohort"].queryset = (Cohort.objects.filter(end_date__gte=recent)
                                          .select_related("programme", "locality").order_by("start_date"))
        self.fields["cohort"].label_from_instance = (
            lambda c: f"{c.name} – starts {c.start_date:%d %b %Y}"
            + ("" if c.guaranteed_interview else " (no guaranteed interview)"))
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Ring-fence interview places"))
