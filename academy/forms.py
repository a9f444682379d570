from django import forms

from .parsing import BIGINT_MAX


class LookupChoicesField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids beyond the database's integer range, positive or
    negative, with its usual message. Django checks each id only by building a filter, so a 20-digit id
    from a tampered form would reach the database and cause a server error (tests/security fuzz tests)."""

    def _check_values(self, value):
        for item in value or ():
            try:
                number = int(str(item).strip())
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if not -BIGINT_MAX - 1 <= number <= BIGINT_MAX:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": str(item)})
        return super()._check_values(value)


class AuditSearchForm(forms.Form):
    actor_email = forms.CharField(label="Who (email contains)", required=False, max_length=254)
    action = forms.CharField(
        label="Action", required=False, max_length=60,
        help_text="An action such as auth.login_failed, or the start of one such as auth.",
    )
    learner_id = forms.IntegerField(label="Learner number", required=False, min_value=1)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
