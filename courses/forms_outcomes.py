"""Forms for course outcomes: closing a cohort (one row per learner) and one learner on their own."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from learners.forms import DateInput

from .models import CourseOutcome

UNDECIDED = ""
RESULT_CHOICES = [(UNDECIDED, "Not yet"), *CourseOutcome.Result.choices]
REASON_CHOICES = [("", "Choose a reason (if not completed)"), *CourseOutcome.Reason.choices]


def default_date(cohort):
    """The cohort's last day, or today while it is still running."""
    return min(cohort.end_date, timezone.localdate())


class CourseOutcomeForm(forms.Form):
    """One learner's outcome: completed, or did not complete with a reason (and the cohort, for a move)."""

    result = forms.ChoiceField(choices=CourseOutcome.Result.choices, widget=forms.RadioSelect, label="Outcome")
    reason = forms.ChoiceField(choices=REASON_CHOICES, required=False, label="Reason for not completing")
    on = forms.DateField(widget=DateInput(), label="Date")
    moved_to = forms.ModelChoiceField(queryset=None, required=False, label="Cohort they move to (for a move)",
                                      empty_label="None")
    note = forms.CharField(max_length=255, required=False, label="Note (optional)")

    def __init__(self, *args, later_cohorts, cohort, **kwargs):
        kwargs.setdefault("initial", {"on": default_date(cohort)})
        super().__init__(*args, **kwargs)
        self.fields["moved_to"].queryset = later_cohorts
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("result") == CourseOutcome.Result.NOT_COMPLETED and not data.get("reason"):
            self.add_error("reason", "Choose why the learner did not complete.")
        if data.get("reason") == CourseOutcome.Reason.MOVED_COHORT and not data.get("moved_to"):
            self.add_error("moved_to", "Choose the cohort the learner moves to.")
        return data


class CohortCloseForm(forms.Form):
    """Closing a cohort: for each learner still without an outcome, a result, a reason, a date and,
    for a move, the later cohort. Rows left at "Not yet" are skipped; the rest are saved together."""

    def __init__(self, *args, rows, later_cohorts, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.applications = {}
        on = default_date(cohort)
        for row in rows:
            if row.outcome is not None:
                continue
            pk = row.application.pk
            name = row.application.learner.full_name
            self.applications[pk] = row.application
            self.fields[f"result_{pk}"] = forms.ChoiceField(choices=RESULT_CHOICES, required=False,
                                                            label=f"Outcome for {name}")
            self.fields[f"reason_{pk}"] = forms.ChoiceField(choices=REASON_CHOICES, required=False,
                                                            label=f"Reason {name} did not complete")
            self.fields[f"on_{pk}"] = forms.DateField(widget=DateInput(), required=False, initial=on,
                                                      label=f"Date for {name}")
            self.fields[f"moved_to_{pk}"] = forms.ModelChoiceField(
                queryset=later_cohorts, required=False, empty_label="None", label=f"Cohort {name} moves to")
        for row in rows:
            row.fields = ({name: self[f"{name}_{row.application.pk}"] for name in ("result", "reason", "on", "moved_to")}
                          if row.application.pk in self.applications else None)

    def clean(self):
        data = super().clean()
        decided = 0
        for pk, application in self.applications.items():
            result = data.get(f"result_{pk}")
            if not result:
                continue
            decided += 1
            name = application.learner.full_name
            if not data.get(f"on_{pk}"):
                self.add_error(f"on_{pk}", f"Enter the date for {name}.")
            if result == CourseOutcome.Result.NOT_COMPLETED and not data.get(f"reason_{pk}"):
                self.add_error(f"reason_{pk}", f"Choose why {name} did not complete.")
            if data.get(f"reason_{pk}") == CourseOutcome.Reason.MOVED_COHORT and not data.get(f"moved_to_{pk}"):
                self.add_error(f"moved_to_{pk}", f"Choose the cohort {name} moves to.")
        if not decided and not self.errors:
            raise forms.ValidationError("Choose an outcome for at least one learner.")
        return data

    def decisions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"application": application, "result": data[f"result_{pk}"], "on": data[f"on_{pk}"],
             "reason": data.get(f"reason_{pk}") or "", "moved_to": data.get(f"moved_to_{pk}")
             if data.get(f"reason_{pk}") == CourseOutcome.Reason.MOVED_COHORT else None}
            for pk, application in self.applications.items() if data.get(f"result_{pk}")
        ]
