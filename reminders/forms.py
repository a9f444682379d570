from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


class ReminderPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me these reminders", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Untick a reminder to stop getting it by email and on your home page.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = choices
        self.helper = FormHelper()
        self.helper.attrs = {"data-testid": "reminder-settings-form"}
        self.helper.add_input(Submit("save", "Save my reminder settings"))
