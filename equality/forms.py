from django import forms

from .models import QUESTIONS, YesNo

NOT_ANSWERED = ("", "Choose an answer (optional)")


class EqualityForm(forms.Form):
    """The equality questionnaire: every question optional, each with "Prefer not to say"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (choices, question) in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question, required=False, choices=[NOT_ANSWERED, *choices.choices],
                error_messages={"invalid_choice": "Choose one of the answers in the list, or leave it blank."},
            )
        self.fields["needs_adjustments"] = forms.ChoiceField(
            label="Do you need any adjustments to take part in the course, interviews or placements?",
            required=False, choices=[NOT_ANSWERED, *YesNo.choices],
            help_text="The academy team sees this answer so they can arrange what you need.",
            error_messages={"invalid_choice": "Choose one of the answers in the list, or leave it blank."},
        )
        self.fields["what_would_help"] = forms.CharField(
            label="If yes, what would help?", required=False, max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in QUESTIONS}
