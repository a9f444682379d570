import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from academy.models import TimeStampedModel

# A previewed file holds personal data: it is kept only long enough to be checked and confirmed.
BATCH_KEPT_FOR = datetime.timedelta(days=1)


class ImportBatch(TimeStampedModel):
    """A spreadsheet a staff member uploaded, held between its preview and their confirmation.

    Only the uploader may see or confirm it; it is confirmed once, its rows are emptied when it is,
    and unconfirmed batches are deleted a day after upload (imports.services.import_batches_delete_expired).
    """

    class Kind(models.TextChoices):
        ENQUIRIES = "enquiries", "Enquiries"
        LEARNERS = "learners", "Learners"
        PROVIDERS = "providers", "Care providers"

    # In the address instead of the sequential id, so one batch's address says nothing about another's.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    # Problems with the file as a whole (a missing or unknown column), in plain English.
    column_problems = models.JSONField(default=list, blank=True)
    # One entry per data row: {"row": its number in the spreadsheet, "values": {field: text as typed}}.
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.file_name} ({self.created_at:%d %b %Y %H:%M})"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + BATCH_KEPT_FOR

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
