import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from academy.models import Locality
from providers.models import CareSetting, ClientGroup

from .models import Vacancy
from .search import guide_version, keyword_pattern

HOURS_CHOICES = [
    ("part", "Part time (under 30 hours)"),
    ("full", "Full time (30 hours or more)"),
]


# The classes crispy-forms' Bootstrap 5 pack gives these widgets (the guide renders its form without it).
TEXT_CLASS = "textinput form-control"
CHECKBOX_CLASS = "checkboxinput form-check-input"


class Select(forms.Select):
    """forms.Select with its options put together in Python, not through a template include apiece:
    the guide's four lists have some sixty options and rendering them was a large part of its time.
    The HTML is the stock widget's (no option groups or option attributes here, only `selected`).
    Named Select because crispy-forms gives a widget the CSS class of its class name."""

    template_name = "vacancies/widgets/select.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "select form-select", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = format_html_join("", '\n  <option value="{}"{}>{}</option>\n', (
            (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
            for _group_name, options, _index in context["widget"]["optgroups"] for option in options))
        return context


LISTED_FILTERS = ("setting", "client_group", "locality")


def guide_filter_choices(form) -> dict:
    """The options of the guide's lists as (value, label) pairs, cached under the guide's version."""
    seconds = settings.GUIDE_CHOICES_CACHE_SECONDS
    key = f"vacancy-guide-choices:{guide_version()}"
    choices = cache.get(key) if seconds else None
    if choices is None:
        choices = {name: [(obj.pk, form.fields[name].label_from_instance(obj)) for obj in form.fields[name].queryset]
                   for name in LISTED_FILTERS}
        if seconds:
            cache.set(key, choices, seconds)
    return choices


class VacancyGuideFilter(django_filters.FilterSet):
    """The public guide's search: anyone can filter open vacancies without logging in."""

    # Bounded: SQLite's LIKE fails with a server error on a huge keyword (tests/security fuzz tests).
    q = django_filters.CharFilter(label="Keyword", method="filter_keyword", max_length=100,
                                  widget=forms.TextInput(attrs={"placeholder": "e.g. support worker, dementia",
                                                                 "class": TEXT_CLASS}))
    setting = django_filters.ModelChoiceFilter(queryset=CareSetting.objects.all(), empty_label="Any setting",
                                               label="Setting", widget=Select)
    client_group = django_filters.ModelChoiceFilter(field_name="client_groups", queryset=ClientGroup.objects.all(),
                                                    empty_label="Anyone", label="Supporting", widget=Select)
    locality = django_filters.ModelChoiceFilter(field_name="site__locality", queryset=Locality.objects.all(),
                                                empty_label="Anywhere", label="Area", widget=Select)
    hours = django_filters.ChoiceFilter(choices=HOURS_CHOICES, method="filter_hours", empty_label="Any hours",
                                        label="Hours", widget=Select)
    no_driving = django_filters.BooleanFilter(method="filter_no_driving", label="No driving needed",
                                              widget=forms.CheckboxInput(attrs={"class": CHECKBOX_CLASS}))
    no_nights = django_filters.BooleanFilter(method="filter_no_nights", label="No nights or sleep-ins",
                                             widget=forms.CheckboxInput(attrs={"class": CHECKBOX_CLASS}))

    class Meta:
        model = Vacancy
        fields = []

    def form_fields(self):
        """The form's fields for vacancies/_guide_filter_fields.html, each field with an error marked
        invalid and pointed at its message, as crispy-forms marks them."""
        form = self.form
        for name in form.errors:
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{form[name].auto_id}_error"
        # The three lists (settings, client groups, areas) change rarely, and any change to them makes a
        # new guide version (vacancies.receivers): their options come from the cache, not three queries.
        for name, choices in guide_filter_choices(form).items():
            field = form.fields[name]
            field.widget.choices = [("", field.empty_label), *choices]
        return list(form)

    def filter_keyword(self, qs, name, value):
        value = keyword_pattern(value)
        if not value:
            return qs
        # The role, summary, provider, site, setting and client group names, in one lower-cased column
        # (vacancies.search): one LIKE, where matching client groups apart took an EXISTS that cost more
        # to compile than the whole count took to run.
        return qs.filter(search_text__contains=value)

    def filter_hours(self, qs, name, value):
        if value == "part":
            return qs.filter(hours_per_week__lt=30)
        if value == "full":
            return qs.filter(hours_per_week__gte=30)
        return qs

    def filter_no_driving(self, qs, name, value):
        return qs.filter(driving_required=False) if value else qs

    def filter_no_nights(self, qs, name, value):
        return qs.filter(works_nights=False, sleep_ins=False) if value else qs
