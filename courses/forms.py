from crispy_forms.helper import FormHelper
from django import forms
from django.utils.text import slugify

from academy.dates import not_in_future
from academy.models import User
from learners.forms import DateInput

from .models import (
    Attendance,
    BursaryPayment,
    Cohort,
    CohortSession,
    Payer,
    Programme,
    QualificationAward,
)


class _Helper:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


REQUIREMENT_CHOICES = [
    ("", "As usual for this kind of programme: no for CPD, yes for the others"),
    ("yes", "Yes"),
    ("no", "No"),
]


class ProgrammeForm(_Helper, forms.ModelForm):
    """A programme and what it asks of applicants. The two checks start from the kind's usual answer
    (Programme.default_requirements) unless staff choose yes or no; editing shows what is set now."""

    REQUIREMENTS = ("requires_values_screening", "requires_dbs")

    requires_values_screening = forms.ChoiceField(
        label="Do applicants need a values screening?", choices=REQUIREMENT_CHOICES, required=False,
        widget=forms.RadioSelect,
        help_text="People already working in care were screened when their employer took them on.",
    )
    requires_dbs = forms.ChoiceField(
        label="Do learners need a DBS check through the academy?", choices=REQUIREMENT_CHOICES, required=False,
        widget=forms.RadioSelect,
        help_text="Without it, nobody on this programme is shown as blocked on DBS.",
    )
    slug = forms.SlugField(
        label="Web address name", required=False, max_length=200,
        help_text="Letters, numbers and hyphens. Leave empty to make one from the name.",
    )

    class Meta:
        model = Programme
        fields = ["name", "slug", "kind", "summary", "duration_weeks", "guaranteed_interview", "is_active"]
        labels = {"duration_weeks": "Length in weeks", "guaranteed_interview": "Every completer is guaranteed "
                  "a job interview"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["duration_weeks"].validators.append(_at_least_one_week)
        if self.instance.pk:
            for name in self.REQUIREMENTS:
                self.initial[name] = "yes" if getattr(self.instance, name) else "no"
                self.fields[name].choices = REQUIREMENT_CHOICES[1:]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name") or self.data.get("name", ""))
        if Programme.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another programme already uses this web address name. Choose another.")
        return slug

    def clean(self):
        data = super().clean()
        defaults = Programme.default_requirements(data.get("kind") or self.instance.kind)
        for name in self.REQUIREMENTS:
            chosen = data.get(name)
            data[name] = defaults[name] if not chosen else chosen == "yes"
        return data

    def programme_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, *self.REQUIREMENTS]}


def _at_least_one_week(value):
    if value is not None and value < 1:
        raise forms.ValidationError("A programme lasts 1 week or more.")


class CohortForm(_Helper, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "locality", "venue", "start_date", "end_date", "capacity", "tutor",
                  "guaranteed_interview", "question_bank", "minimum_skill_level", "is_open_for_applications"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, localities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["tutor"].queryset = User.objects.filter(role=User.Role.STAFF)
        if localities is not None:
            self.fields["locality"].queryset = localities

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data


class SessionForm(_Helper, forms.ModelForm):
    class Meta:
        model = CohortSession
        fields = ["date", "title"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class AttendanceForm(_Helper, forms.Form):
    """One status field per enrolled learner."""

    def __init__(self, *args, applications=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        current = current or {}
        self.applications = list(applications)
        for application in self.applications:
            self.fields[f"a{application.pk}"] = forms.ChoiceField(
                choices=[("", "Not recorded"), *Attendance.Status.choices], required=False,
                label=application.learner.full_name, initial=current.get(application.pk, ""),
            )

    def statuses(self):
        return {a: self.cleaned_data[f"a{a.pk}"] for a in self.applications if self.cleaned_data.get(f"a{a.pk}")}


class QualificationForm(_Helper, forms.ModelForm):
    class Meta:
        model = QualificationAward
        fields = ["application", "title", "level", "awarding_body", "awarded_on"]
        widgets = {"awarded_on": DateInput()}
        labels = {"application": "Learner"}

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        if applications is not None:
            self.fields["application"].queryset = applications
            self.fields["application"].label_from_instance = lambda a: a.learner.full_name

    def clean_awarded_on(self):
        return not_in_future(self.cleaned_data.get("awarded_on"))

    def validate_unique(self):
        # Uniqueness is checked by the service (with a plain message); skip ModelForm's own pass.
        pass


class BursaryPaymentForm(_Helper, forms.ModelForm):
    """A bursary paid: how much, when, who paid. The eligibility rule is the service's
    (courses.services.bursary_payment_record); the reason field is only needed below the threshold."""

    class Meta:
        model = BursaryPayment
        fields = ["amount", "paid_on", "paid_by", "employer", "note", "paid_below_threshold_because"]
        widgets = {"paid_on": DateInput(), "paid_by": forms.RadioSelect}
        labels = {"amount": "Amount (£)", "employer": "Which employer (optional)", "note": "Note (optional)",
                  "paid_below_threshold_because": "Why it is paid although attendance is below the threshold "
                                                  "(only then)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["employer"].queryset = self.fields["employer"].queryset.order_by("name")
        self.fields["employer"].empty_label = "Not named"

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError("The amount paid must be more than £0.")
        return amount

    def clean_paid_on(self):
        return not_in_future(self.cleaned_data.get("paid_on"), "The date paid")

    def clean(self):
        data = super().clean()
        if data.get("employer") and data.get("paid_by") != Payer.EMPLOYER:
            self.add_error("employer", "Name an employer only when an employer paid.")
        return data

    def _post_clean(self):
        # The model's own checks run in the service, after eligibility; the form only validates its fields.
        pass
