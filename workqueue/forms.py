from django import forms

from learners.selectors_workqueue import SEARCH_MAX_LENGTH


class LearnerSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a learner", max_length=SEARCH_MAX_LENGTH, strip=True,
        help_text="A name (part of it, or spelt roughly), an email address, a phone number or a postcode.",
        error_messages={"max_length": "Search for at most %(limit_value)d characters.",
                        "required": "Enter a name, email address, phone number or postcode."},
    )


class SendAgainForm(forms.Form):
    """Sending again a message whose sending stopped part-way: it may already have arrived."""

    accept_duplicate = forms.BooleanField(
        label="I accept this message may arrive twice",
        help_text="Its first send stopped part-way and may have gone. If you can, check with the person first.",
        error_messages={"required": "Tick the box to confirm you accept the message may arrive twice."},
    )
