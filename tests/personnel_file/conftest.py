import io

import pytest
from pypdf import PdfReader

from tests.factories.personnel import work_ready_learner


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test gets its own MEDIA_ROOT, so files left or removed can be counted."""
    settings.MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def ready(db, locality, staff, provider_user):
    """A work-ready learner in the staff persona's locality who accepted a job with provider_user's organisation."""
    return work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # Table cells wrap lines; compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)
