from crispy_forms.helper import FormHelper
from django import forms

from academy.dates import not_in_future
from academy.models import User
from learners.forms import DateInput

from .models import Attendance, Cohort, CohortSession, QualificationAward


class _Helper:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


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
