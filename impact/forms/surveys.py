"""Forms for the survey pages: they check what was typed; the rules (what is due, answered once) are in
impact.services.surveys. Each rating is a group of radio buttons with plain labels, shown as a fieldset
whose legend is the question."""


from django import forms
from django.utils import timezone

from academy.dates import not_in_future
from impact.models import RESILIENCE_ITEMS, ProgrammeEvidence

AGREEMENT = [(1, "1 – Strongly disagree"), (2, "2 – Disagree"), (3, "3 – Neither agree nor disagree"),
             (4, "4 – Agree"), (5, "5 – Strongly agree")]
SATISFACTION = [(1, "1 – Very unhappy"), (2, "2 – Unhappy"), (3, "3 – Neither happy nor unhappy"),
                (4, "4 – Happy"), (5, "5 – Very happy")]
YES_NO = [("yes", "Yes"), ("no", "No")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rating(label, choices, required_message, help_text=""):
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, widget=forms.RadioSelect,
                                  help_text=help_text, error_messages={
                                      "required": required_message,
                                      "invalid_choice": "Choose one of the numbers from 1 to 5."})


def _yes_no(label, required_message):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda value: value == "yes",
                                  widget=forms.RadioSelect, error_messages={"required": required_message,
                                                                            "invalid_choice": "Choose Yes or No."})


class ResilienceCheckForm(forms.Form):
    """The six statements, each rated 1 to 5. On paper (staff typing it in) it also asks the date taken."""

    def __init__(self, *args, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if paper:
            self.fields["taken_on"] = forms.DateField(
                label="Date the learner filled in the paper copy", widget=DATE,
                error_messages={"required": "Enter the date on the paper copy.",
                                "invalid": "Enter a real date, for example 14 March 2026."})
        for number, (name, statement, _reverse) in enumerate(RESILIENCE_ITEMS, start=1):
            self.fields[name] = _rating(f"{number}. {statement}", AGREEMENT,
                                        "Choose how much you agree with this statement.")

    def clean_taken_on(self):
        return not_in_future(self.cleaned_data.get("taken_on"), "The date the check was taken")

    @property
    def answers(self) -> list[int]:
        return [self.cleaned_data[name] for name, _statement, _reverse in RESILIENCE_ITEMS]


class FollowUpForm(forms.Form):
    """Still working in care? With the same employer? Asked of the learner, or by staff on the phone."""

    def __init__(self, *args, employer: str = "", staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        employer = employer or "the employer you started with through the academy"
        if staff:
            self.fields["in_work"] = _yes_no("Is the learner working in care now?",
                                             "Say whether the learner is working in care now.")
            self.fields["same_employer"] = _yes_no(f"Is the learner still working for {employer}?",
                                                   "Say whether the learner is still with the same employer.")
        else:
            self.fields["in_work"] = _yes_no("Are you working in care now?",
                                             "Say whether you are working in care now.")
            self.fields["same_employer"] = _yes_no(f"Are you still working for {employer}?",
                                                   "Say whether you are still with the same employer.")
        # Why they left, and how they have progressed: the reasons are a list staff can change (LeavingReason).
        from impact.models import PROGRESSION, LeavingReason

        self.fields["leaving_reason"] = forms.ModelChoiceField(
            queryset=LeavingReason.objects.filter(is_active=True), required=False, empty_label="Not applicable",
            label=("If the learner has left that job, the main reason" if staff
                   else "If you have left that job, the main reason"))
        self.fields["progression"] = forms.MultipleChoiceField(
            choices=PROGRESSION, required=False, widget=forms.CheckboxSelectMultiple,
            label="Since starting: anything of these (tick all that apply)")


class SatisfactionForm(forms.Form):
    score = _rating("How happy are you with the course overall?", SATISFACTION,
                    "Choose a number from 1 to 5.")
    comment = forms.CharField(label="Anything you would like to tell us (optional)", required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ProviderSatisfactionForm(forms.Form):
    score = _rating("How happy is your organisation with the academy?", SATISFACTION,
                    "Choose a number from 1 to 5.")
    cohort = forms.ModelChoiceField(queryset=None, required=False, label="Which cohort is this about? (optional)",
                                    empty_label="The academy in general",
                                    error_messages={"invalid_choice": "Choose a cohort from the list."})
    comment = forms.CharField(label="What is going well, and what could be better? (optional)", required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: f"{c.name} (started {c.start_date:%d %b %Y})"


class EvidenceReviewForm(forms.Form):
    level = forms.TypedChoiceField(label="NESTA level", choices=ProgrammeEvidence.Level.choices, coerce=int,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Choose the level the evidence reaches."})
    claim = forms.CharField(label="The claim", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                            help_text="The impact the programme claims, in one or two sentences.",
                            error_messages={"required": "Say what impact the programme claims."})
    data_behind = forms.CharField(label="The data behind it", widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=4000,
                                  help_text="The data and method behind the claim: surveys, comparison group…",
                                  error_messages={"required": "Say what data backs the claim."})
    reviewed_at = forms.DateField(label="Date of the review", widget=DATE, initial=timezone.localdate,
                                  error_messages={"required": "Enter the date of the review.",
                                                  "invalid": "Enter a real date, for example 14 March 2026."})

    def clean_reviewed_at(self):
        return not_in_future(self.cleaned_data.get("reviewed_at"), "The date of the review")
