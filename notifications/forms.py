from django import forms

from .models import Channel


class MessageTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, channel: str, placeholders, **kwargs):
        super().__init__(*args, **kwargs)
        offered = ", ".join(f"(({name}))" for name in placeholders)
        self.fields["body"].help_text = f"Placeholders you can use: {offered}."
        if channel == Channel.EMAIL:
            self.fields["subject"].required = True
        else:
            del self.fields["subject"]
