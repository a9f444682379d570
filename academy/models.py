from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Locality(TimeStampedModel):
    """A council area the academy works in (e.g. Blackpool, Wigan)."""

    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=100, default="North West")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self):
        return self.name


class PartnerOrganisation(TimeStampedModel):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        COLLEGE = "college", "College"
        NHS = "nhs", "NHS trust"
        FUNDER = "funder", "Funder"
        JOBCENTRE = "jobcentre", "Jobcentre Plus"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.STAFF)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """One account model for all four kinds of user; the role decides the home and the rules."""

    class Role(models.TextChoices):
        STAFF = "staff", "Academy staff"
        PROVIDER = "provider", "Provider user"
        LEARNER = "learner", "Learner"
        PARTNER = "partner", "Partner"

    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEARNER)
    provider = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # Staff see learners in these localities; a staff user with none sees every locality.
    localities = models.ManyToManyField(Locality, blank=True, related_name="staff_users")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="provider_user_has_provider",
                condition=Q(role="provider", provider__isnull=False) | (~Q(role="provider") & Q(provider__isnull=True)),
            ),
            models.CheckConstraint(
                name="partner_user_has_organisation",
                condition=Q(role="partner", partner_organisation__isnull=False)
                | (~Q(role="partner") & Q(partner_organisation__isnull=True)),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @cached_property
    def locality_ids(self) -> list[int]:
        """The localities this staff member works in (empty: the whole region).

        Read once per user object, so once per request: several permission checks on a page ask
        for it. Changing `localities` clears it (academy.receivers)."""
        return list(self.localities.values_list("pk", flat=True))

    @property
    def is_academy_staff(self):
        return self.role == self.Role.STAFF

    @property
    def is_provider_user(self):
        return self.role == self.Role.PROVIDER

    @property
    def is_learner(self):
        return self.role == self.Role.LEARNER

    @property
    def is_partner(self):
        return self.role == self.Role.PARTNER


class AuditEvent(models.Model):
    """Append-only record of who saw or changed sensitive records.

    Holds references (type and id) and a short action name, never the sensitive
    values themselves: the DBS code of practice wants a record of who saw
    certificate information, not another copy of it.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    learner_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email or 'system'} {self.action} {self.object_type} {self.object_id}"


class TaskRecord(models.Model):
    """What a background task was asked to do and how it went, for the staff task page."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        STARTED = "started", "Running"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    task_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    # Tasks take ids and plain values only, so these never hold a document or a secret.
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="task_finished_after_start",
                condition=Q(finished_at__isnull=True) | Q(started_at__isnull=True)
                | Q(finished_at__gte=models.F("started_at")),
            ),
        ]

    def __str__(self):
        return f"{self.name} [{self.get_state_display()}] {self.task_id}"

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Session(AbstractBaseSession):
    """A browser's session, as Django's database sessions keep it, with the user it signs in: the
    session engine (academy.sessions) reads a session and its user in one statement. A session ends
    with its user's account."""

    # No database constraint: a session saved in the same moment its user is deleted must not fail
    # (Django would take the error for a clash of keys and try new keys forever); it just signs no one in.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", db_constraint=False)

    class Meta(AbstractBaseSession.Meta):
        db_table = "academy_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
