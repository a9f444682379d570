import datetime
from urllib.parse import urlencode

from django import forms

from academy.models import Locality
from courses.models import Cohort, Programme
from impact.selectors.figures import ImpactFilters, month_bounds
from providers.models import Provider


class MonthField(forms.CharField):
    """A whole calendar month, typed as YYYY-MM (browsers show a month picker)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except (TypeError, ValueError):
            raise forms.ValidationError("Enter a month as year and month, for example 2026-04.") from None


class ImpactFilterForm(forms.Form):
    """Filters for the dashboards. Partners get period, locality and programme; staff also cohort and provider."""

    from_month = MonthField(label="From (month)", required=False)
    to_month = MonthField(label="To (month)", required=False)
    locality = forms.ModelChoiceField(queryset=Locality.objects.order_by("name"), required=False,
                                      empty_label="All localities")
    programme = forms.ModelChoiceField(queryset=Programme.objects.order_by("name"), required=False,
                                       empty_label="All programmes")
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.select_related("programme").order_by("-start_date"),
                                    required=False, empty_label="All cohorts")
    provider = forms.ModelChoiceField(queryset=Provider.objects.order_by("name"), required=False,
                                      empty_label="All providers")

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            # Cohorts and single providers are small groups: partners do not get these filters.
            del self.fields["cohort"]
            del self.fields["provider"]

    def clean(self):
        data = super().clean()
        start, end = data.get("from_month"), data.get("to_month")
        if start and end and end < start:
            self.add_error("to_month", "The end month must be the same as or after the start month.")
        return data

    def canonical_query(self) -> str:
        """The applied filters as a query string in a fixed order: links and cache keys use it, so
        stray or invalid parameters neither travel on nor make new cache entries."""
        if not self.is_bound or not self.is_valid():
            return ""
        pairs = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                value = f"{value:%Y-%m}"
            elif hasattr(value, "pk"):
                value = value.pk
            pairs.append((name, value))
        return urlencode(pairs)

    def filters(self) -> ImpactFilters:
        """The filters to apply; an invalid form applies none (and shows its messages)."""
        if not self.is_bound or not self.is_valid():
            return ImpactFilters()
        data = self.cleaned_data
        end = data.get("to_month")
        return ImpactFilters(
            start=data.get("from_month"),
            end=month_bounds(end.year, end.month)[1] if end else None,
            locality_id=data["locality"].pk if data.get("locality") else None,
            programme_id=data["programme"].pk if data.get("programme") else None,
            cohort_id=data["cohort"].pk if data.get("cohort") else None,
            provider_id=data["provider"].pk if data.get("provider") else None,
        )


class ImpactReportForm(forms.Form):
    """Ask for a printable report for a period and, optionally, one locality."""

    from_month = MonthField(label="From (month)")
    to_month = MonthField(label="To (month)")
    locality = forms.ModelChoiceField(queryset=Locality.objects.order_by("name"), required=False,
                                      empty_label="All localities")

    def clean(self):
        data = super().clean()
        start, end = data.get("from_month"), data.get("to_month")
        if start and end:
            if end < start:
                self.add_error("to_month", "The end month must be the same as or after the start month.")
            else:
                data["period_start"] = start
                data["period_end"] = month_bounds(end.year, end.month)[1]
        return data
