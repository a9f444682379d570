"""Staff forms for taking an application on the phone, at a drop-in or from a referral, and for the list
of sources applicants choose from. The rules live in learners.services.intake."""

from django import forms

from .forms import DateInput, PortalForm, PortalModelForm, UKPhoneField, UKPostcodeField
from .models import Application, ApplicationSource, Learner
from .permissions import (
    cohorts_staff_may_take_applications_for,
    learners_visible_to,
    localities_for_staff,
)
from .services.intake import STAFF_ROUTES


class ApplicationSourceForm(PortalModelForm):
    class Meta:
        model = ApplicationSource
        fields = ["name", "is_referral", "asks_for_detail", "is_active", "order"]


class StaffApplicationForm(PortalForm):
    """What staff ask someone applying by phone, at a drop-in or referred by an agency."""

    how_taken = forms.ChoiceField(
        choices=[(value, label) for value, label in Application.HowTaken.choices if value in STAFF_ROUTES],
        widget=forms.RadioSelect, label="How was the application taken?")
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    date_of_birth = forms.DateField(required=False, widget=DateInput(), label="Date of birth (optional)",
                                    help_text="Helps spot someone who already has a record.")
    phone = UKPhoneField(required=False, label="Phone (a phone or an email is needed)")
    email = forms.EmailField(required=False, label="Email address (optional)",
                             help_text="With an email address they get an account and a link to set a password. "
                                       "Without one, the academy writes or texts.")
    postcode = UKPostcodeField()
    situation = forms.ChoiceField(choices=Learner.Situation.choices, label="What best describes them at the moment?")
    locality = forms.ModelChoiceField(queryset=None, label="Locality")
    cohort = forms.ModelChoiceField(queryset=None, label="Course (cohort)",
                                    help_text="Courses taking applications in your localities.")
    source = forms.ModelChoiceField(queryset=None, required=False, label="How did they hear about the academy?",
                                    help_text="For a referral, choose Jobcentre Plus or the other agency.")
    source_other = forms.CharField(max_length=200, required=False, label="If “Other”, how (in their words)")
    referral_organisation = forms.CharField(
        max_length=200, required=False, label="Referring organisation (referrals)",
        help_text="For example “Blackpool Jobcentre Plus”.")
    work_coach_name = forms.CharField(max_length=200, required=False, label="Work coach's name (referrals)")
    work_coach_contact = forms.CharField(max_length=200, required=False,
                                         label="Work coach's email or phone (referrals, optional)")
    motivation = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
                                 label="Why they would like to work in care",
                                 help_text="In their words, as they said it: at least five words.")
    existing_learner = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    not_a_duplicate = forms.BooleanField(
        required=False, label="I have checked: this is a different person, take the application for them")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = localities_for_staff(user)
        self.fields["cohort"].queryset = cohorts_staff_may_take_applications_for(user)
        self.fields["cohort"].label_from_instance = (
            lambda c: f"{c.name}, {c.locality.name}, starting {c.start_date:%d %b %Y}".replace(" 0", " "))
        self.fields["source"].queryset = ApplicationSource.objects.filter(is_active=True)
        self.fields["existing_learner"].queryset = learners_visible_to(user)

    def clean(self):
        data = super().clean()
        cohort, locality = data.get("cohort"), data.get("locality")
        if cohort and locality and cohort.locality_id != locality.pk:
            self.add_error("cohort", f"{cohort.name} runs in {cohort.locality.name}: choose a course in "
                                     f"{locality.name}, or change the locality.")
        return data

    def service_fields(self) -> dict:
        """What staff_application_take needs from the form."""
        data = dict(self.cleaned_data)
        for name in ("locality", "not_a_duplicate"):
            data.pop(name, None)
        data["learner"] = data.pop("existing_learner", None)
        return data
