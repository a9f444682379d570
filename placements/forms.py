import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from academy.forms import LookupChoicesField
from providers.models import ClientGroup

from .matching import exclusions_for
from .models import (
    EventMeeting,
    Interview,
    InterviewSlot,
    JobOffer,
    LearnerFeedback,
    PlacementOpportunity,
    ProviderFeedback,
    RecruitmentEvent,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LENGTH_CHOICES = [(15, "15 minutes"), (30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1½ hours")]


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class OpportunityForm(forms.ModelForm):
    client_groups = LookupChoicesField(queryset=ClientGroup.objects.all(), required=False,
                                       widget=forms.CheckboxSelectMultiple, label="People supported")

    class Meta:
        model = PlacementOpportunity
        fields = ["site", "title", "setting", "client_groups", "description", "places", "works_days",
                  "works_nights", "sleep_ins", "works_weekends", "driving_required", "available_from",
                  "available_until", "is_open"]
        widgets = {"available_from": DATE, "available_until": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.helper = _helper("Save placement")

    def opportunity_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client_groups", None)
        return data


class PlacementConfirmForm(forms.Form):
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    supervisor_name = forms.CharField(max_length=200, required=False, label="Supervisor (if known)")
    supervisor_phone = forms.CharField(max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Confirm placement")

    def clean_start_date(self):
        start = self.cleaned_data.get("start_date")
        if start is not None and start < timezone.localdate():
            raise forms.ValidationError("The placement cannot start in the past. Choose today or a later date.")
        return start

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "The placement cannot end before it starts.")
        return data


class PlacementRespondForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept this learner"), ("decline", "Decline")],
                                 widget=forms.RadioSelect)
    supervisor_name = forms.CharField(max_length=200, required=False, label="Supervisor's name")
    supervisor_phone = forms.CharField(max_length=30, required=False, label="Supervisor's phone")
    reason = forms.CharField(max_length=255, required=False, label="If declining, why",
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send answer")


class AttendanceForm(forms.Form):
    day = forms.DateField(widget=DATE)
    attended = forms.TypedChoiceField(choices=[("1", "Attended"), ("0", "Absent")], coerce=lambda v: v == "1",
                                      widget=forms.RadioSelect)
    note = forms.CharField(max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record attendance")


SCORE_CHOICES = [(n, f"{n}") for n in range(1, 6)]


class ProviderFeedbackForm(forms.ModelForm):
    class Meta:
        model = ProviderFeedback
        fields = ["values", "reliability", "potential", "comments"]
        widgets = {name: forms.RadioSelect(choices=SCORE_CHOICES) for name in ["values", "reliability", "potential"]}
        help_texts = {"values": "1 = not yet, 5 = excellent"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save feedback")


class LearnerFeedbackForm(forms.ModelForm):
    class Meta:
        model = LearnerFeedback
        fields = ["rating", "would_work_there", "comments"]
        widgets = {"rating": forms.RadioSelect(choices=SCORE_CHOICES)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send feedback")


class _TimeAndLength(forms.Form):
    starts_at = forms.DateTimeField(widget=DATETIME, label="Starts at")
    length = forms.TypedChoiceField(choices=LENGTH_CHOICES, coerce=int, initial=30, label="Length")
    interviewer = forms.CharField(max_length=200, required=False)

    def ends_at(self):
        return self.cleaned_data["starts_at"] + datetime.timedelta(minutes=self.cleaned_data["length"])


class InterviewSlotForm(_TimeAndLength):
    vacancy = forms.ModelChoiceField(queryset=None)
    field_order = ["vacancy", "starts_at", "length", "interviewer"]

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies
        self.helper = _helper("Offer this slot")


class InterviewScheduleForm(forms.Form):
    """Staff book an interview in one step: a free slot, or a new time on an open vacancy."""

    slot = forms.ModelChoiceField(queryset=None, required=False, label="A free slot",
                                  empty_label="— or set a new time below —")
    vacancy = forms.ModelChoiceField(queryset=None, required=False, label="Vacancy (for a new time)")
    starts_at = forms.DateTimeField(widget=DATETIME, required=False, label="New time: starts at")
    length = forms.TypedChoiceField(choices=LENGTH_CHOICES, coerce=int, initial=30)
    interviewer = forms.CharField(max_length=200, required=False)
    show_unsuitable = forms.BooleanField(required=False, widget=forms.HiddenInput)
    unsuitable_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        label="If the job does not suit the learner, why book it anyway",
        help_text="Needed only for a job marked “does not suit”: it is kept on the interview, and such an "
                  "interview does not count as the learner's guaranteed interview.")

    def __init__(self, *args, slots, vacancies, learner, show_unsuitable=False, **kwargs):
        super().__init__(*args, **kwargs)

        def does_not_suit(vacancy) -> str:
            reasons = exclusions_for(learner, vacancy)
            return f" (does not suit: {' '.join(reasons)})" if reasons else ""

        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = (
            lambda s: f"{s.vacancy.role_title}, {s.provider.name} – {s.starts_at:%a %d %b %Y %H:%M}"
                      f"{does_not_suit(s.vacancy)}")
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].label_from_instance = (
            lambda v: f"{v.role_title} – {v.provider.name}{does_not_suit(v)}")
        if not show_unsuitable:
            del self.fields["unsuitable_reason"]
        self.helper = _helper("Book interview")

    def clean(self):
        data = super().clean()
        if data.get("slot"):
            return data
        if not data.get("vacancy"):
            self.add_error("slot", "Choose a free slot, or a vacancy and a time.")
        elif not data.get("starts_at"):
            self.add_error("starts_at", "Give the interview time.")
        return data

    def ends_at(self):
        return self.cleaned_data["starts_at"] + datetime.timedelta(minutes=self.cleaned_data["length"])


class SelfBookForm(forms.Form):
    slot = forms.ModelChoiceField(queryset=InterviewSlot.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].error_messages["invalid_choice"] = (
            "Sorry, that slot is no longer free. Please choose another time.")


class InterviewOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[c for c in Interview.Outcome.choices if c[0] != Interview.Outcome.PENDING],
                                widget=forms.RadioSelect)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label="Reason (needed when there is no offer)")
    offered_on = forms.DateField(required=False, widget=DATE, label="Date the offer was made (for an offer)",
                                 help_text="The day the learner was offered the job; leave empty for today.")
    proposed_start_date = forms.DateField(required=False, widget=DATE, label="Proposed start date (for an offer)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record outcome")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Interview.Outcome.NO_OFFER and not data.get("reason", "").strip():
            self.add_error("reason", "Say why there was no offer: the learner and the academy learn from it.")
        return data


class OfferDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept the job"), ("decline", "Turn it down")],
                                 widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(choices=JobOffer.DeclineReason.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple, label="If turning it down, why")
    note = forms.CharField(max_length=255, required=False, label="Anything else")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save answer")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reasons"):
            self.add_error("reasons", "Choose at least one reason for turning the job down.")
        return data


class JobStartForm(forms.Form):
    started_on = forms.DateField(widget=DATE, label="First day at work")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record start")


class EventForm(forms.ModelForm):
    class Meta:
        model = RecruitmentEvent
        fields = ["name", "kind", "date", "venue", "locality", "cohort", "providers", "meeting_minutes"]
        widgets = {"date": DATE, "providers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save event")


class EventMeetingForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=None)
    application = forms.ModelChoiceField(queryset=None, label="Learner")
    starts_at = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, providers, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.learner} ({a.cohort.name})"
        self.helper = _helper("Add meeting")


class MeetingFlagForm(forms.ModelForm):
    class Meta:
        model = EventMeeting
        fields = ["call_for_interview", "provider_notes"]
        labels = {"call_for_interview": "Call this learner for a formal interview"}
        widgets = {"provider_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save")


class InterviewCancelForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is it cancelled",
                             help_text="The learner is told this reason by email and sees it on their page.",
                             error_messages={"required": "Say why: the learner is told the reason."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Cancel the interview")


class InterviewMoveForm(forms.Form):
    """Another free slot on the same job, or a new time."""

    slot = forms.ModelChoiceField(queryset=None, required=False, label="Another free slot for this job",
                                  empty_label="— or set a new time below —")
    starts_at = forms.DateTimeField(widget=DATETIME, required=False, label="New time: starts at")
    length = forms.TypedChoiceField(choices=LENGTH_CHOICES, coerce=int, initial=30)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is it moved",
                             help_text="The learner is told this reason by email.",
                             error_messages={"required": "Say why: the learner is told the reason."})

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: f"{s.starts_at:%a %d %b %Y %H:%M}, {s.site.name}"
        self.helper = _helper("Move the interview")

    def clean(self):
        data = super().clean()
        if not data.get("slot") and not data.get("starts_at") and "starts_at" not in self.errors:
            self.add_error("slot", "Choose a free slot, or give the new time.")
        return data

    def ends_at(self):
        starts_at = self.cleaned_data.get("starts_at")
        return starts_at + datetime.timedelta(minutes=self.cleaned_data["length"]) if starts_at else None
