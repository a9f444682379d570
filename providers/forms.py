from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from academy.forms import LookupChoicesField

from .models import CareSetting, ClientGroup, Provider, ProviderContact, Site


class _CrispyForm:
    submit_label = "Save"

    def _setup_helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ProviderForm(_CrispyForm, forms.ModelForm):
    settings = LookupChoicesField(queryset=CareSetting.objects.all(), required=False,
                                  widget=forms.CheckboxSelectMultiple, label="Service types")
    client_groups = LookupChoicesField(queryset=ClientGroup.objects.all(), required=False,
                                       widget=forms.CheckboxSelectMultiple, label="People supported")

    class Meta:
        model = Provider
        fields = ["name", "cqc_location_id", "cqc_rating", "locality", "settings", "client_groups",
                  "contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class SiteForm(_CrispyForm, forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "postcode", "locality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean_postcode(self):
        from placements.postcodes import outward_code

        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if not outward_code(postcode):
            raise forms.ValidationError("Enter a UK postcode, for example FY1 2QP.")
        return postcode


class ContactForm(_CrispyForm, forms.ModelForm):
    class Meta:
        model = ProviderContact
        fields = ["name", "role", "job_title", "email", "phone", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give an email address or a phone number so the academy can get in touch.")
        return data

