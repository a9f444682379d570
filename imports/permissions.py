"""Who may see which import: a batch holds personal data, so only the staff member who uploaded it."""

from django.http import Http404

from academy.models import User

from .models import ImportBatch


def get_batch_for_uploader_or_404(user, public_id) -> ImportBatch:
    """The uploader's own batch, while it is kept (a day); anyone else, or a batch gone, gets a 404."""
    if getattr(user, "role", None) != User.Role.STAFF:
        raise Http404("No such import.")
    batch = ImportBatch.objects.filter(public_id=public_id, created_by=user).first()
    if batch is None or batch.is_expired:
        raise Http404("No such import. Uploads are kept for a day: upload the file again.")
    return batch
