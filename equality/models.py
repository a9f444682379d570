"""Equality monitoring answers: special category data, kept apart from the application.

Every question is optional and every list has "Prefer not to say"; a blank answer means the
question was not answered. Nothing in learners, placements, providers, courses or vacancies
imports this app (tests/equality/test_separation.py proves it), so screening, matching and the
provider pages cannot read these answers. Only the reporting and export code (reach) and the
learner's own GDPR export and erasure (through learners.signals) touch them.

Who may read one person's answers: the learner, and academy staff holding the permission
"equality.read_individual_records" (the "Equality data officer" group). Everyone else sees
aggregates only, through the small-number rule.

Whether someone needs adjustments is a separate question (`AdjustmentsNeeded`): staff who can see
the learner see it, because it is something they act on.
"""

from django.db import models
from django.db.models import Q

from academy.models import TimeStampedModel

PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_18 = "16_17", "16 to 17"
    FROM_18 = "18_24", "18 to 24"
    FROM_25 = "25_34", "25 to 34"
    FROM_35 = "35_49", "35 to 49"
    FROM_50 = "50_64", "50 to 64"
    FROM_65 = "65_plus", "65 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class EthnicGroup(models.TextChoices):
    """The 19 ethnic groups of the 2021 Census for England (ONS), in the census's order."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian, Asian British or Asian Welsh: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian, Asian British or Asian Welsh: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian, Asian British or Asian Welsh: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian, Asian British or Asian Welsh: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian, Asian British or Asian Welsh: Other Asian"
    BLACK_AFRICAN = "black_african", "Black, Black British, Black Welsh, Caribbean or African: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Black Welsh, Caribbean or African: Caribbean"
    BLACK_OTHER = "black_other", "Black, Black British, Black Welsh, Caribbean or African: Other Black"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or Multiple ethnic groups: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed or Multiple ethnic groups: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = ("mixed_white_black_caribbean",
                                   "Mixed or Multiple ethnic groups: White and Black Caribbean")
    MIXED_OTHER = "mixed_other", "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups"
    WHITE_BRITISH = ("white_british",
                     "White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: Other White"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: Any other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion or belief"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class MaritalStatus(models.TextChoices):
    NEVER = "never", "Never married and never registered a civil partnership"
    MARRIED = "married", "Married"
    CIVIL_PARTNERSHIP = "civil_partnership", "In a registered civil partnership"
    SEPARATED = "separated", "Separated, but still legally married or in a civil partnership"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"
    WIDOWED = "widowed", "Widowed or surviving civil partner"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


class Caring(models.TextChoices):
    NO = "no", "No"
    UP_TO_19 = "up_to_19", "Yes, 19 hours a week or less"
    FROM_20 = "20_to_49", "Yes, 20 to 49 hours a week"
    FROM_50 = "50_plus", "Yes, 50 or more hours a week"
    PREFER_NOT_TO_SAY = PREFER_NOT, PREFER_NOT_LABEL


# The questions, in the order the questionnaire asks them: field name -> (choices, question).
QUESTIONS = {
    "age_band": (AgeBand, "What is your age?"),
    "sex": (Sex, "What is your sex?"),
    "gender_same_as_birth": (YesNo, "Is the gender you identify with the same as your sex registered at birth?"),
    "ethnic_group": (EthnicGroup, "What is your ethnic group?"),
    "disability": (YesNo, "Do you have a physical or mental health condition or illness lasting, or expected to "
                          "last, 12 months or more that reduces your ability to carry out day-to-day activities?"),
    "religion": (Religion, "What is your religion or belief?"),
    "sexual_orientation": (SexualOrientation, "Which of the following best describes your sexual orientation?"),
    "marital_status": (MaritalStatus, "What is your legal marital or registered civil partnership status?"),
    "pregnancy_maternity": (YesNo, "Are you pregnant, or have you had a baby in the last 26 weeks?"),
    "caring": (Caring, "Do you look after, or give help or support to, anyone because of long-term physical "
                       "or mental ill-health, disability or problems related to old age?"),
}
# The short names reports use for each characteristic.
CHARACTERISTIC_LABELS = {
    "age_band": "Age", "sex": "Sex", "gender_same_as_birth": "Gender identity same as sex at birth",
    "ethnic_group": "Ethnic group", "disability": "Disability", "religion": "Religion or belief",
    "sexual_orientation": "Sexual orientation", "marital_status": "Marriage or civil partnership",
    "pregnancy_maternity": "Pregnancy or maternity", "caring": "Caring responsibilities",
}


def _answer_field(choices):
    return models.CharField(max_length=40, choices=choices.choices, blank=True)


def _answer_in_list(name, choices):
    return models.CheckConstraint(name=f"equality_{name}_in_list", condition=Q(**{f"{name}__in": [*choices.values, ""]}))


class EqualityMonitoring(TimeStampedModel):
    """One learner's equality answers (blank: not answered)."""

    learner = models.OneToOneField("learners.Learner", on_delete=models.CASCADE, related_name="equality_monitoring")
    age_band = _answer_field(AgeBand)
    sex = _answer_field(Sex)
    gender_same_as_birth = _answer_field(YesNo)
    ethnic_group = _answer_field(EthnicGroup)
    disability = _answer_field(YesNo)
    religion = _answer_field(Religion)
    sexual_orientation = _answer_field(SexualOrientation)
    marital_status = _answer_field(MaritalStatus)
    pregnancy_maternity = _answer_field(YesNo)
    caring = _answer_field(Caring)

    class Meta:
        # No add/change/view/delete permissions: the admin and generic permission checks never open
        # these records. The one permission is the named equality-data role.
        default_permissions = ()
        permissions = [("read_individual_records", "Can read one learner's equality answers")]
        constraints = [_answer_in_list(name, choices) for name, (choices, _q) in QUESTIONS.items()]

    def __str__(self):
        return f"Equality answers of learner {self.learner_id}"


class AdjustmentsNeeded(TimeStampedModel):
    """Whether the learner needs adjustments to take part, and what would help: staff act on this."""

    learner = models.OneToOneField("learners.Learner", on_delete=models.CASCADE, related_name="adjustments_needed")
    needs_adjustments = models.CharField(max_length=40, choices=YesNo.choices, blank=True)
    what_would_help = models.TextField(blank=True)

    class Meta:
        default_permissions = ()
        verbose_name_plural = "adjustments needed"
        constraints = [_answer_in_list("needs_adjustments", YesNo)]

    def __str__(self):
        return f"Adjustments for learner {self.learner_id}: {self.needs_adjustments or 'not answered'}"
