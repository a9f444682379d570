"""Uploaded documents: checked by what they contain, stored privately, served only after a check.

Files go under settings.MEDIA_ROOT, which is outside the web root and has no MEDIA_URL: nothing
uploaded is reachable except through a view that has checked who is asking (see `private_file_response`).
The type is decided by the file's first bytes, never by its name or the browser's content type,
so a script renamed to passport.jpg is refused.
"""

import os
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a phone photo of a passport page fits easily


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    magic: tuple[bytes, ...]


PDF = FileKind("PDF", "application/pdf", ".pdf", (b"%PDF-",))
JPEG = FileKind("JPEG", "image/jpeg", ".jpg", (b"\xff\xd8\xff",))
PNG = FileKind("PNG", "image/png", ".png", (b"\x89PNG\r\n\x1a\n",))
DOCUMENT_KINDS = (PDF, JPEG, PNG)


def detect_kind(head: bytes, kinds=DOCUMENT_KINDS) -> FileKind | None:
    for kind in kinds:
        if any(head.startswith(magic) for magic in kind.magic):
            return kind
    return None


def validate_upload(upload, *, kinds=DOCUMENT_KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> FileKind:
    """Returns the file's kind, or raises ValidationError with a plain-English reason.

    Refuses empty files, files over `max_bytes` and anything whose first bytes are not one of `kinds`.
    """
    allowed = ", ".join(k.name for k in kinds)
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError("The file is empty. Please choose the scan or photo again.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is too large ({size / 1_048_576:.1f} MB). The largest we accept is "
            f"{max_bytes / 1_048_576:.0f} MB: try a smaller photo or scan.",
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    kind = detect_kind(head, kinds)
    if kind is None:
        raise ValidationError(
            f"This file is not a {allowed} file. Please upload a photo or scan as {allowed}.", code="bad_type"
        )
    return kind


def private_upload_path(folder: str, filename: str) -> str:
    """A random name under `folder`; the original name may hold personal details and is not kept."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {k.extension for k in DOCUMENT_KINDS} | {".jpeg"}:
        extension = ""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def private_file_response(field_file, *, content_type: str, download_name: str) -> FileResponse:
    """Streams a stored file to someone the calling view has already checked.

    Sent as an attachment with no-sniff and no-store, so the browser neither guesses a type nor keeps a copy.
    """
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name,
                            content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
