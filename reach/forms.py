import datetime

from django import forms

from academy.forms import LookupChoicesField
from impact.forms.filters import MonthField
from impact.selectors.figures import month_bounds

from .models import PriorityGroup


class PriorityGroupsForm(forms.Form):
    groups = LookupChoicesField(
        queryset=PriorityGroup.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple,
        label="Do any of these describe you?",
        help_text="Tick any that apply, or none. The academy uses this to make sure it reaches the people who can "
                  "gain most from a career in care.",
    )


class ParticipantExportForm(forms.Form):
    FORMATS = [("csv", "CSV (opens in any spreadsheet)"), ("xlsx", "Excel workbook (.xlsx)")]

    from_month = MonthField(label="From (month)")
    to_month = MonthField(label="To (month)")
    file_format = forms.ChoiceField(label="File type", choices=FORMATS, initial="csv", widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        start, end = data.get("from_month"), data.get("to_month")
        if start and end:
            if end < start:
                self.add_error("to_month", "The end month must be the same as or after the start month.")
            elif (end.year - start.year) * 12 + end.month - start.month >= 36:
                self.add_error("to_month", "Choose a period of three years or less.")
            else:
                data["start"] = start
                data["end"] = month_bounds(end.year, end.month)[1]
        return data

    @staticmethod
    def default_initial() -> dict:
        today = datetime.date.today()
        return {"from_month": f"{today.year - 1}-{today.month:02d}", "to_month": f"{today:%Y-%m}", "file_format": "csv"}
