"""Forms for the learner pipeline. They check input and say what is wrong in plain English;
the rules themselves live in services.py."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from academy.dates import not_in_future
from academy.forms import LookupChoicesField
from academy.phones import display_phone, normalise_uk_phone
from academy.uploads import MAX_UPLOAD_BYTES, validate_upload
from courses.models import Payer
from impact.models import SupportSpend
from providers.models import CareSetting, ClientGroup, Provider

from .models import (
    DBS_BACKWARD_STEPS,
    AcademyValue,
    ApplicationSource,
    DbsCheck,
    DbsStatusCheck,
    EmploymentHistoryEntry,
    Enquiry,
    Learner,
    PanelMember,
    QuestionBank,
    Reference,
    RightToWorkCheck,
    ScreeningQuestion,
    ValueScore,
    ValuesScreening,
    dbs_next_steps,
)
from .postcodes import normalise_uk_postcode
from .validators import MOTIVATION_HINT, validate_motivation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PortalForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PortalModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class UKPostcodeField(forms.CharField):
    """A full UK postcode, stored in the standard form (capitals, one space before the last three)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("label", "Postcode")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_uk_postcode(value) if value else value


class UKPhoneField(forms.CharField):
    """A phone number, checked with libphonenumber and stored in E.164 (+441253477000); shown as typed
    again on an error, and in the national format (01253 477000) when the form shows a stored number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", "Phone number (optional)")
        kwargs.setdefault("help_text", "With the area code, like 01253 477000 or 07123 456789.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return display_phone(value) if isinstance(value, str) and value.startswith("+") else value

    def clean(self, value):
        value = super().clean(value)
        return normalise_uk_phone(value) if value else value


class WorkPreferencesForm(forms.Form):
    """What the application asks about the work a person wants and can do, and the help they need; the
    learner can change these later on their own details page."""

    preferred_settings = LookupChoicesField(
        queryset=CareSetting.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Where would you like to work? (tick any)",
    )
    preferred_client_groups = LookupChoicesField(
        queryset=ClientGroup.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Who would you like to support? (tick any)",
    )
    cannot_work_nights = forms.BooleanField(required=False, label="I cannot work nights")
    cannot_work_sleep_ins = forms.BooleanField(
        required=False, label="I cannot do sleep-ins",
        help_text="A sleep-in is a night at work where you sleep there and get up only if someone needs help.",
    )
    cannot_work_weekends = forms.BooleanField(required=False, label="I cannot work weekends")
    drives = forms.BooleanField(required=False, label="I have a driving licence and a car")
    needs_childcare_support = forms.BooleanField(required=False, label="I need help with childcare")
    needs_travel_support = forms.BooleanField(required=False, label="I need help with travel costs")
    needs_interview_clothing = forms.BooleanField(required=False, label="I need help with clothes for interviews")
    other_barriers = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                                     label="Anything else that makes it hard to take part? (optional)")


class ApplicationForm(PortalForm, WorkPreferencesForm):
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    email = forms.EmailField(label="Email address", help_text="We will email you what happens next, including how to sign in.")
    phone = UKPhoneField(required=False)
    date_of_birth = forms.DateField(required=False, widget=DateInput(), label="Date of birth (optional)")
    postcode = UKPostcodeField()
    situation = forms.ChoiceField(choices=Learner.Situation.choices, label="What best describes you at the moment?",
                                  widget=forms.RadioSelect)
    motivation = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
                                 label="Why would you like to work in care?", help_text=MOTIVATION_HINT,
                                 validators=[validate_motivation])
    source = forms.ModelChoiceField(
        queryset=ApplicationSource.objects.none(), required=False, widget=forms.RadioSelect, empty_label=None,
        label="How did you hear about us? (optional)")
    source_other = forms.CharField(max_length=200, required=False, label="If you chose “Other”, please say how")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ApplicationSource.objects.filter(is_active=True)

    def clean_date_of_birth(self):
        dob = self.cleaned_data.get("date_of_birth")
        if dob and (timezone.localdate() - dob).days < 16 * 365:
            raise forms.ValidationError("You need to be 16 or over to apply.")
        return dob


class EnquiryForm(PortalModelForm):
    class Meta:
        model = Enquiry
        fields = ["name", "email", "phone", "source", "enquired_on", "locality", "notes"]
        widgets = {"enquired_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"phone": UKPhoneField}

    def clean_enquired_on(self):
        return not_in_future(self.cleaned_data.get("enquired_on"))

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError("Give an email address or a phone number so the academy can get back to them.")
        return data


class AcademyValueForm(PortalModelForm):
    class Meta:
        model = AcademyValue
        fields = ["name", "descriptor", "order", "is_active"]
        widgets = {"descriptor": forms.Textarea(attrs={"rows": 3})}


class QuestionBankForm(PortalModelForm):
    class Meta:
        model = QuestionBank
        fields = ["name", "description", "case_study", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "case_study": forms.Textarea(attrs={"rows": 5})}


class ScreeningQuestionForm(PortalModelForm):
    class Meta:
        model = ScreeningQuestion
        fields = ["text", "value", "guidance"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "guidance": forms.Textarea(attrs={"rows": 2})}


class ScreeningForm(PortalModelForm):
    """Levels, profile and interview; value scores and panel members are added as extra fields."""

    class Meta:
        model = ValuesScreening
        fields = ["question_bank", "literacy_level", "numeracy_level", "profiling_result", "profiling_notes",
                  "interview_on", "interview_notes"]
        widgets = {"interview_on": DateInput(), "profiling_notes": forms.Textarea(attrs={"rows": 2}),
                   "interview_notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"literacy_level": "English (literacy) level", "numeracy_level": "Maths (numeracy) level"}

    PANEL_ROWS = 4

    # The outcome can be decided with the same press of the button (services.screening_decide), or later.
    decide_outcome = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, label="Outcome", initial="",
        choices=[("", "Not yet: save the screening and decide later"),
                 *[c for c in ValuesScreening.Outcome.choices if c[0] != ValuesScreening.Outcome.PENDING]])
    decide_college = forms.CharField(required=False, max_length=200, label="College referred to (for a referral)")
    decide_reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    label="Reason (required when not progressed: which values were not shown)")

    def __init__(self, *args, values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.values = list(values)
        existing = {s.value_id: s for s in self.instance.scores.all()} if self.instance.pk else {}
        for value in self.values:
            current = existing.get(value.pk)
            self.fields[f"score_{value.pk}"] = forms.TypedChoiceField(
                choices=[("", "Not scored yet"), *ValueScore.Score.choices], coerce=int, required=False,
                empty_value=None, label=f"{value.name}: score", help_text=value.descriptor,
                initial=current.score if current else None,
            )
            self.fields[f"evidence_{value.pk}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2}), label=f"{value.name}: evidence",
                initial=current.evidence if current else "",
            )
        panel = list(self.instance.panel.all()) if self.instance.pk else []
        for i in range(self.PANEL_ROWS):
            member = panel[i] if i < len(panel) else None
            self.fields[f"panel_{i}_name"] = forms.CharField(required=False, label=f"Panel member {i + 1}: name",
                                                             initial=member.name if member else "")
            self.fields[f"panel_{i}_role"] = forms.ChoiceField(
                required=False, choices=[("", "---------"), *PanelMember.Role.choices], label=f"Panel member {i + 1}: role",
                initial=member.role if member else "",
            )
            self.fields[f"panel_{i}_provider"] = forms.ModelChoiceField(
                required=False, queryset=Provider.objects.all(), label=f"Panel member {i + 1}: provider (if any)",
                initial=member.provider_id if member else None,
            )

    def clean(self):
        data = super().clean()
        scores = {}
        for value in self.values:
            score, evidence = data.get(f"score_{value.pk}"), (data.get(f"evidence_{value.pk}") or "").strip()
            if score and not evidence:
                self.add_error(f"evidence_{value.pk}", f"Write the evidence for the score given for “{value.name}”.")
            elif evidence and not score:
                self.add_error(f"score_{value.pk}", f"Choose a score for “{value.name}” to go with the evidence.")
            elif score:
                scores[value] = (score, evidence)
        panel = []
        for i in range(self.PANEL_ROWS):
            name, role = (data.get(f"panel_{i}_name") or "").strip(), data.get(f"panel_{i}_role")
            provider = data.get(f"panel_{i}_provider")
            if name and not role:
                self.add_error(f"panel_{i}_role", "Choose this panel member's role.")
            elif role and not name:
                self.add_error(f"panel_{i}_name", "Give this panel member's name.")
            elif name:
                if role == PanelMember.Role.PROVIDER and provider is None:
                    self.add_error(f"panel_{i}_provider", "Choose the provider this panel member represents.")
                panel.append({"name": name, "role": role, "provider": provider})
        self.scores, self.panel = scores, panel
        return data


class ScreeningDecisionForm(PortalForm):
    outcome = forms.ChoiceField(
        choices=[c for c in ValuesScreening.Outcome.choices if c[0] != ValuesScreening.Outcome.PENDING],
        widget=forms.RadioSelect, label="Outcome",
    )
    college = forms.CharField(required=False, max_length=200, label="College referred to (for a referral)")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             label="Reason (required when not progressed: which values were not shown)")


class EnrolForm(PortalForm):
    consent_given = forms.BooleanField(
        required=False, label="The learner has read the consent wording above and agrees to it",
    )


class ConsentForm(PortalForm):
    agree = forms.BooleanField(label="I agree to the words above",
                               error_messages={"required": "Tick the box to show you agree, or leave this page."})


class SupportForm(PortalForm):
    """Support given to a learner on one of their applications (kept with the impact figures)."""

    application = forms.ModelChoiceField(queryset=None, label="For which course")
    category = forms.ChoiceField(choices=SupportSpend.Category.choices, label="What was given")
    amount = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0, label="Amount (£)")
    spent_on = forms.DateField(widget=DateInput(), label="Date")
    paid_by = forms.ChoiceField(choices=Payer.choices, initial=Payer.ACADEMY, label="Who paid",
                                widget=forms.RadioSelect)
    note = forms.CharField(max_length=255, required=False, label="Note (optional)")

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = learner.applications.select_related("cohort")
        self.fields["application"].label_from_instance = lambda a: a.cohort.name

    def clean_spent_on(self):
        return not_in_future(self.cleaned_data.get("spent_on"))


class DbsCreateForm(PortalModelForm):
    status = forms.ChoiceField(
        choices=[(DbsCheck.Status.FORM_SENT, DbsCheck.Status.FORM_SENT.label),
                 (DbsCheck.Status.NOT_STARTED, "Not started yet: record it for now")],
        initial=DbsCheck.Status.FORM_SENT, label="Where is it now", widget=forms.RadioSelect)

    class Meta:
        model = DbsCheck
        fields = ["level", "workforce", "position"]


class DbsTransitionForm(PortalForm):
    to_status = forms.ChoiceField(choices=DbsCheck.Status.choices, label="Move to")
    certificate_number = forms.CharField(required=False, max_length=12, label="Certificate number (12 digits)")
    certificate_issued_on = forms.DateField(required=False, widget=DateInput(), label="Certificate issue date")
    content = forms.ChoiceField(required=False, choices=DbsCheck.Content.choices, label="Certificate content")
    disclosure_discussed_on = forms.DateField(required=False, widget=DateInput(),
                                              label="Date the disclosed information was discussed")
    subscribed_on = forms.DateField(required=False, widget=DateInput(), label="Update service subscription date")
    status_check_consent_on = forms.DateField(required=False, widget=DateInput(),
                                              label="Date the learner agreed to status checks")

    confirm_backward = forms.BooleanField(required=False, label="Yes, move this check back a step")

    def __init__(self, *args, current, **kwargs):
        """`current`: the check's status now. The usual next step is first, so it is the default."""
        super().__init__(*args, **kwargs)
        self.current = current
        self.backward = {to for (frm, to) in DBS_BACKWARD_STEPS if frm == current}
        self.fields["to_status"].choices = [
            (s, f"Back to: {DbsCheck.Status(s).label}" if s in self.backward else DbsCheck.Status(s).label)
            for s in dbs_next_steps(current)]
        self.fields["to_status"].error_messages["invalid_choice"] = (
            f"A DBS check cannot go from “{DbsCheck.Status(current).label}” to that step: choose one of the "
            "steps listed.")
        if not self.backward:
            del self.fields["confirm_backward"]

    def clean(self):
        data = super().clean()
        if data.get("to_status") in self.backward and not data.get("confirm_backward"):
            self.add_error("confirm_backward", "Moving the check back undoes progress: tick the box to confirm it.")
        return data


class DbsStatusCheckForm(PortalModelForm):
    class Meta:
        model = DbsStatusCheck
        fields = ["checked_on", "result"]
        widgets = {"checked_on": DateInput()}


class DbsDecisionForm(PortalForm):
    decision = forms.ChoiceField(choices=[c for c in DbsCheck.Decision.choices if c[0]], widget=forms.RadioSelect)
    decision_on = forms.DateField(widget=DateInput(), label="Decision date")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             label="Reasoning (required after a disclosure)")

    def clean_decision_on(self):
        return not_in_future(self.cleaned_data.get("decision_on"))


class ReferenceForm(PortalModelForm):
    class Meta:
        model = Reference
        fields = ["referee_name", "relationship", "referee_email", "requested_on"]
        widgets = {"requested_on": DateInput()}

    def clean_requested_on(self):
        return not_in_future(self.cleaned_data.get("requested_on"))


class ReferenceReceivedForm(PortalForm):
    received_on = forms.DateField(widget=DateInput(), label="Date received")


class RightToWorkForm(PortalModelForm):
    image = forms.FileField(
        required=False, label="Photo or scan of the document (optional)",
        help_text=f"PDF, JPEG or PNG, up to {MAX_UPLOAD_BYTES // 1_048_576} MB.",
    )

    class Meta:
        model = RightToWorkCheck
        fields = ["document_type", "checked_on", "expires_on"]
        widgets = {"checked_on": DateInput(), "expires_on": DateInput()}

    def clean_checked_on(self):
        return not_in_future(self.cleaned_data.get("checked_on"), "The check date")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image:
            validate_upload(image)
        return image


class EmploymentHistoryForm(PortalModelForm):
    class Meta:
        model = EmploymentHistoryEntry
        fields = ["employer", "role", "started_on", "ended_on", "reason_for_leaving"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "The end date must be after the start date.")
        return data


