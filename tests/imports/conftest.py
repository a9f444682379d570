"""Real CSV and Excel files built in the test, as staff would save them from a spreadsheet program."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

LEARNER_HEADINGS = ["First name", "Last name", "Email", "Phone", "Date of birth", "Postcode", "Locality"]


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def learner_row(first="Sam", last="Taylor", email=None, phone="07123 456789", born="28/02/1990",
                postcode="FY1 4AB", locality="Blackpool"):
    email = email if email is not None else f"{first}.{last}@example.test".lower()
    return [first, last, email, phone, born, postcode, locality]


@pytest.fixture
def upload(client_for):
    """Uploads `content` as `name` for `kind` as `user`; returns the response (redirects followed)."""

    def _upload(user, kind, name, content, follow=True):
        client = client_for(user)
        return client.post(f"/academy/imports/{kind}/upload/", {"file": SimpleUploadedFile(name, content)},
                           follow=follow)

    return _upload


@pytest.fixture
def birthday():
    return datetime.date(1990, 2, 28)
