from django.db import models

from academy.models import Locality, TimeStampedModel


class CareSetting(models.Model):
    """A kind of care service: residential, nursing, home care... (staff can add more)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClientGroup(models.Model):
    """People a service supports: older people, dementia, learning disability..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Provider(TimeStampedModel):
    """A care employer working with the academy."""

    class CqcRating(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"
        NOT_RATED = "not_rated", "Not yet rated"

    name = models.CharField(max_length=200)
    cqc_location_id = models.CharField("CQC location ID", max_length=20, blank=True)
    cqc_rating = models.CharField(max_length=30, choices=CqcRating.choices, default=CqcRating.NOT_RATED)
    settings = models.ManyToManyField(CareSetting, blank=True, related_name="providers")
    client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="providers")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="providers")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cqc_location_id"],
                condition=~models.Q(cqc_location_id=""),
                name="unique_cqc_location_id",
            )
        ]

    def __str__(self):
        return self.name


class Site(TimeStampedModel):
    """A workplace of a provider: a care home, a branch office for home care."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="sites")

    class Meta:
        ordering = ["provider__name", "name"]

    def __str__(self):
        return f"{self.provider.name} – {self.name}"


class ProviderContact(TimeStampedModel):
    """A named person at a provider the academy talks to: the registered manager, a recruiter."""

    class Role(models.TextChoices):
        REGISTERED_MANAGER = "registered_manager", "Registered manager"
        RECRUITMENT = "recruitment", "Recruitment"
        PLACEMENTS = "placements", "Work placements"
        TRAINING = "training", "Training and development"
        OTHER = "other", "Other"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.RECRUITMENT)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_primary = models.BooleanField("main contact for the academy", default=False)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider"], condition=models.Q(is_primary=True), name="one_primary_contact_per_provider",
                violation_error_message="This provider already has a main contact.",
            ),
            models.CheckConstraint(
                name="contact_has_email_or_phone", condition=~models.Q(email="") | ~models.Q(phone=""),
                violation_error_message="Give an email address or a phone number so the academy can get in touch.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, {self.provider.name})"
