"""Upload, preview with every row's problems, confirm: all or nothing, duplicates shown, never merged."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.utils import timezone
from openpyxl import load_workbook

from academy.models import AuditEvent
from imports.models import ImportBatch
from imports.reading import MAX_IMPORT_BYTES
from imports.services import import_batches_delete_expired
from learners.models import Enquiry, Learner
from providers.models import Provider
from tests.factories import LearnerFactory, ProviderFactory, UserFactory

from .conftest import LEARNER_HEADINGS, csv_bytes, learner_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def problems(response) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in
            re.findall(r'<li data-testid="import-problem">(.*?)</li>', response.content.decode(), re.S)]


def confirm(client, response):
    batch = response.context["batch"]
    return client.post(f"/academy/imports/batch/{batch.public_id}/confirm/", follow=True)


def test_the_staff_home_links_to_the_imports(client_for, staff):
    response = client_for(staff).get("/academy/")
    assert 'href="/academy/imports/"' in response.content.decode()


@pytest.mark.parametrize("kind", ["enquiries", "learners", "providers"])
def test_each_template_has_the_headings_and_an_example_row_that_imports_cleanly(client_for, staff, upload, kind):
    client = client_for(staff)
    xlsx = client.get(f"/academy/imports/{kind}/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.rows]
    assert len(rows) == 2 and all(rows[0])
    csv_response = client.get(f"/academy/imports/{kind}/template.csv")
    assert csv_response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    assert csv_response.content.decode().splitlines()[0] == ",".join(rows[0])

    preview = upload(staff, kind, f"{kind}.xlsx", xlsx.content)
    assert problems(preview) == []
    assert preview.context["check"].ok


def test_a_good_csv_is_previewed_without_importing_then_imported_on_confirm(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Sam", "Taylor"), learner_row("Ann", "Lee", born="")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert preview.status_code == 200
    assert 'data-testid="import-ready"' in preview.content.decode()
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert Learner.objects.count() == 0

    done = confirm(client_for(staff), preview)
    assert "Imported 2 learners from referrals.csv" in done.content.decode()
    sam = Learner.objects.get(email="sam.taylor@example.test")
    assert (sam.date_of_birth, sam.phone, sam.postcode, sam.locality.name, sam.user) == (
        datetime.date(1990, 2, 28), "+447123456789", "FY1 4AB", "Blackpool", None)
    batch = ImportBatch.objects.get()
    assert batch.confirmed_at and batch.created_count == 2 and batch.rows == []
    event = AuditEvent.objects.get(action="imports.confirm")
    assert (event.actor, event.note) == (staff, "learners: 2 created from 2 rows")


def test_a_batch_is_imported_once(client_for, staff, upload):
    preview = upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    confirm(client_for(staff), preview)
    again = confirm(client_for(staff), preview)
    assert Learner.objects.count() == 1
    assert "already been imported" in again.content.decode()


def test_an_excel_workbook_with_real_dates_imports(client_for, staff, upload):
    row = learner_row()
    row[4] = datetime.datetime(1990, 2, 28)
    preview = upload(staff, "learners", "referrals.xlsx", xlsx_bytes([LEARNER_HEADINGS, row]))
    confirm(client_for(staff), preview)
    assert Learner.objects.get().date_of_birth == datetime.date(1990, 2, 28)


def test_a_date_in_the_wrong_format_is_named_with_its_row_and_nothing_is_imported(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Sam", "Taylor"), learner_row("Ann", "Lee"),
            learner_row("Bo", "Khan", born="31/02/1990"), learner_row("Cy", "Dee", born="1990-02-28")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 4: date of birth ‘31/02/1990’ is not a date; use DD/MM/YYYY, for example 28/02/1990",
        "Row 5: date of birth ‘1990-02-28’ is not a date; use DD/MM/YYYY, for example 28/02/1990",
    ]
    assert "Nothing has been imported" in preview.content.decode()
    assert 'data-testid="confirm-form"' not in preview.content.decode()
    # Posting the confirmation anyway imports nothing: one bad row stops the whole file.
    refused = confirm(client_for(staff), preview)
    assert refused.status_code == 422
    assert Learner.objects.count() == 0
    assert ImportBatch.objects.get().confirmed_at is None


def test_the_owning_services_rules_are_reported_for_every_row(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Sam", "Taylor", phone="12345"),
            learner_row("Ann", "Lee", email="ann@", postcode="nowhere"),
            learner_row("Bo", "Khan", born="01/01/2090"), learner_row("", "Dee", email="dee@example.test")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 2: phone ‘12345’: Enter a phone number with its area code, like 01253 477000 or 07123 456789.",
        "Row 3: postcode ‘nowhere’: Enter a full UK postcode, for example FY1 4AB.",
        "Row 3: email ‘ann@’: Enter a valid email address.",
        "Row 4: date of birth ‘01/01/2090’: The date of birth cannot be in the future.",
        "Row 5: first name is empty; every row needs one",
    ]
    assert Learner.objects.count() == 0


def test_every_error_of_a_row_is_listed_together(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Ann", "Lee", email="ann@", postcode="nowhere", born="99/99/1999")]
    found = problems(upload(staff, "learners", "referrals.csv", csv_bytes(rows)))
    assert "Row 2: date of birth ‘99/99/1999’ is not a date; use DD/MM/YYYY, for example 28/02/1990" in found
    assert "Row 2: postcode ‘nowhere’: Enter a full UK postcode, for example FY1 4AB." in found
    assert "Row 2: email ‘ann@’: Enter a valid email address." in found


def test_one_bad_row_among_many_imports_nothing_even_when_confirmed_directly(client_for, staff, upload):
    rows = [LEARNER_HEADINGS] + [learner_row(f"Name{i}", "Taylor") for i in range(20)]
    rows[15][3] = "not a phone"
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 16: phone ‘not a phone’: Enter a phone number with its area code, like 01253 477000 or 07123 456789."]
    confirm(client_for(staff), preview)
    assert Learner.objects.count() == 0


@pytest.mark.parametrize("headings, message", [
    (["First name", "Last name", "Email", "Phone", "Postcode", "Locality"], None),  # date of birth may be left out
    (["First name", "Surname", "Email", "Postcode", "Locality"],
     "The column ‘Surname’ is not one we know. The columns for learners are: First name, Last name, Email, "
     "Phone, Date of birth, Postcode, Locality. Rename or delete it."),
    (["First name", "Email", "Postcode", "Locality"],
     "The column ‘Last name’ is missing. Download the template to see the headings we expect."),
    (["First name", "Last name", "Email", "Email", "Postcode", "Locality"],
     "The column ‘Email’ appears twice. Keep one of them."),
])
def test_a_wrong_or_missing_column_is_named_and_nothing_is_imported(client_for, staff, upload, headings, message):
    values = {"First name": "Sam", "Last name": "Taylor", "Surname": "Taylor", "Email": "sam@example.test",
              "Phone": "", "Postcode": "FY1 4AB", "Locality": "Blackpool"}
    preview = upload(staff, "learners", "referrals.csv", csv_bytes([headings, [values[h] for h in headings]]))
    confirm(client_for(staff), preview)
    if message is None:
        assert problems(preview) == [] and Learner.objects.count() == 1
    else:
        assert message in problems(preview)
        assert Learner.objects.count() == 0


@pytest.mark.parametrize("name, content, reason", [
    ("referrals.csv", b"\x00\x01\x02binary", "not a CSV file"),
    ("referrals.xlsx", b"PK\x03\x04broken", "This Excel file could not be read"),
    ("referrals.docx", b"hello", "Files ending in .docx cannot be imported"),
    ("referrals.csv", b"", "The file is empty"),
])
def test_a_malformed_file_is_refused_on_the_upload_page_and_nothing_is_kept(staff, upload, name, content, reason):
    response = upload(staff, "learners", name, content)
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert reason in response.content.decode()
    assert ImportBatch.objects.count() == 0 and Learner.objects.count() == 0


def test_a_file_over_5_mb_is_refused_with_its_size(staff, upload):
    content = csv_bytes([LEARNER_HEADINGS]) + b"x" * (MAX_IMPORT_BYTES + 10)
    response = upload(staff, "learners", "big.csv", content)
    assert "The file is too large (5.0 MB). The largest we accept is 5 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_50_mb_upload_is_refused_without_its_body_being_parsed_or_held(client_for, staff):
    client = client_for(staff)
    content = b"x" * (50 * 1024 * 1024)
    read_sizes = []
    real_read = LimitedStream.read

    def read(stream, size=-1):
        read_sizes.append(size)
        return real_read(stream, size)

    with mock.patch("django.http.multipartparser.MultiPartParser.parse",
                    side_effect=AssertionError("the body was parsed")) as parse, \
            mock.patch.object(LimitedStream, "read", read):
        response = client.post("/academy/imports/learners/upload/",
                               {"file": SimpleUploadedFile("huge.csv", content)})
    assert parse.call_count == 0
    # Dropped a chunk at a time (so the browser hears back), never read whole.
    assert read_sizes and max(read_sizes) == 64 * 1024
    assert response.status_code == 413
    assert "The file is too large (50.0 MB). The largest we accept is 5 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_upload_still_needs_its_csrf_token(client_for, staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/academy/imports/learners/upload/",
                           {"file": SimpleUploadedFile("a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


# --- Duplicates -----------------------------------------------------------------------------------


def test_the_same_email_twice_in_the_file_is_flagged_and_blocks(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Sam", "Taylor", email="sam@example.test"),
            learner_row("Samuel", "Taylor", email="SAM@example.test", born="01/01/1991")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 3: same email as row 2; each appears once, so remove one of the two rows"]
    confirm(client_for(staff), preview)
    assert Learner.objects.count() == 0


def test_the_same_name_and_date_of_birth_twice_in_the_file_is_flagged(staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Sam", "Taylor", email="sam@example.test"),
            learner_row("sam", "TAYLOR", email="sam.t@example.test")]
    assert problems(upload(staff, "learners", "referrals.csv", csv_bytes(rows))) == [
        "Row 3: same name and date of birth as row 2; each appears once, so remove one of the two rows"]


def test_a_learner_already_recorded_by_email_or_by_name_and_birth_is_shown_never_merged(
        client_for, staff, locality, upload):
    LearnerFactory(locality=locality, first_name="Sam", last_name="Taylor", email="sam@example.test")
    LearnerFactory(locality=locality, first_name="Ann", last_name="Lee", email="ann.lee@old.example.test",
                   date_of_birth=datetime.date(1990, 2, 28))
    rows = [LEARNER_HEADINGS, learner_row("Samuel", "Taylor", email="Sam@Example.test", born=""),
            learner_row("Ann", "Lee"), learner_row("Bo", "Khan")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 2: a learner with the same email is already recorded; an import never merges records, so remove "
        "this row or change that record instead",
        "Row 3: a learner with the same name and date of birth is already recorded; an import never merges "
        "records, so remove this row or change that record instead",
    ]
    assert "2 rows repeat someone already in the file or already recorded" in preview.content.decode()
    confirm(client_for(staff), preview)
    assert Learner.objects.count() == 2


def test_a_duplicate_recorded_after_the_preview_is_caught_on_confirm(client_for, staff, locality, upload):
    preview = upload(staff, "learners", "referrals.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    assert preview.context["check"].ok
    LearnerFactory(locality=locality, email="sam.taylor@example.test")
    refused = confirm(client_for(staff), preview)
    assert problems(refused)[0].startswith("Row 2: a learner with the same email is already recorded")
    assert Learner.objects.count() == 1


# --- Localities -----------------------------------------------------------------------------------


def test_staff_cannot_import_into_a_locality_that_is_not_theirs(client_for, staff, other_locality, upload):
    rows = [LEARNER_HEADINGS, learner_row(locality="Wigan")]
    preview = upload(staff, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == ["Row 2: locality ‘Wigan’ is not one of your localities; use one of Blackpool"]
    confirm(client_for(staff), preview)
    assert Learner.objects.count() == 0


def test_a_blank_locality_means_the_staff_members_only_one(client_for, staff, upload):
    preview = upload(staff, "learners", "referrals.csv", csv_bytes([LEARNER_HEADINGS, learner_row(locality="")]))
    confirm(client_for(staff), preview)
    assert Learner.objects.get().locality.name == "Blackpool"


def test_regional_staff_import_into_any_locality_but_must_name_it(client_for, locality, other_locality, upload):
    regional = UserFactory(staff=True)
    rows = [LEARNER_HEADINGS, learner_row(locality="wigan"), learner_row("Ann", "Lee", locality="")]
    preview = upload(regional, "learners", "referrals.csv", csv_bytes(rows))
    assert problems(preview) == ["Row 3: locality is empty; give one of Blackpool, Wigan"]


# --- Enquiries and providers ----------------------------------------------------------------------


ENQUIRY_HEADINGS = ["Name", "Email", "Phone", "Source", "Enquired on", "Locality", "Notes"]


def test_enquiries_import_with_their_source_by_label_or_value(client_for, staff, upload):
    rows = [ENQUIRY_HEADINGS,
            ["Sam Taylor", "sam@example.test", "", "Jobcentre Plus", "14/03/2026", "Blackpool", ""],
            ["Ann Lee", "", "07123 456789", "job_fair", "15/03/2026", "", "At the Winter Gardens"]]
    preview = upload(staff, "enquiries", "fair.csv", csv_bytes(rows))
    confirm(client_for(staff), preview)
    assert sorted(Enquiry.objects.values_list("name", "source", "recorded_by")) == [
        ("Ann Lee", "job_fair", staff.pk), ("Sam Taylor", "jobcentre", staff.pk)]


def test_enquiry_rows_break_the_enquiry_rules_and_an_existing_enquiry_by_email(client_for, staff, locality, upload):
    Enquiry.objects.create(name="Old", email="old@example.test", source="other", locality=locality,
                           enquired_on=datetime.date(2026, 1, 1))
    rows = [ENQUIRY_HEADINGS,
            ["Sam Taylor", "", "", "Jobcentre Plus", "14/03/2026", "", ""],
            ["Ann Lee", "ann@example.test", "", "Fair", "3/14/2026", "", ""],
            ["Bo Khan", "OLD@example.test", "", "Other", "14/03/2026", "", ""]]
    preview = upload(staff, "enquiries", "fair.csv", csv_bytes(rows))
    found = problems(preview)
    assert found[0] == ("Row 2: Give an email address or a phone number so the academy can get back to them.")
    assert found[1].startswith("Row 3: source ‘Fair’ is not one we know; use one of: Job fair or recruitment event;")
    assert found[2] == "Row 3: enquired on ‘3/14/2026’ is not a date; use DD/MM/YYYY, for example 28/02/1990"
    assert found[3].startswith("Row 4: an enquiry with the same email is already recorded")
    confirm(client_for(staff), preview)
    assert Enquiry.objects.count() == 1


PROVIDER_HEADINGS = ["Name", "CQC location ID", "CQC rating", "Locality", "Contact name", "Contact email",
                     "Contact phone"]


def test_providers_import_and_an_existing_name_or_cqc_id_is_a_duplicate(client_for, staff, locality, upload):
    ProviderFactory(name="Seaview Care Home", cqc_location_id="1-111", locality=locality)
    rows = [PROVIDER_HEADINGS,
            ["Seaview  care home", "", "Good", "", "", "", ""],
            ["Harbour House", "1-111", "", "", "", "", ""],
            ["Oak Lodge", "1-222", "Requires improvement", "", "Alex Morgan", "alex@example.test", ""]]
    preview = upload(staff, "providers", "providers.xlsx", xlsx_bytes(rows))
    found = problems(preview)
    assert [message[:60] for message in found] == [
        "Row 2: a provider with the same name is already recorded; an",
        "Row 3: a provider with the same CQC location ID is already r"]
    fixed = upload(staff, "providers", "providers.xlsx", xlsx_bytes([rows[0], rows[3]]))
    confirm(client_for(staff), fixed)
    oak = Provider.objects.get(name="Oak Lodge")
    assert (oak.cqc_rating, oak.locality, oak.contact_email) == ("requires_improvement", locality,
                                                                 "alex@example.test")


# --- Keeping the uploaded rows --------------------------------------------------------------------


def test_a_batch_is_kept_for_a_day_then_refused_and_deleted(client_for, staff, upload):
    preview = upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    client = client_for(staff)
    assert client.get(f"/academy/imports/batch/{batch.public_id}/").status_code == 404
    assert confirm(client, preview).status_code == 404
    assert Learner.objects.count() == 0
    assert import_batches_delete_expired() == 1
    assert not ImportBatch.objects.exists()


def test_the_preview_records_nothing_and_the_upload_is_audited_without_personal_data(staff, upload):
    upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    upload_event = AuditEvent.objects.get(action="imports.upload")
    assert upload_event.note == "learners: 1 rows"
    assert "Taylor" not in upload_event.note
    assert Learner.objects.count() == 0


def test_learners_without_email_import_with_a_phone_and_blank_emails_are_not_duplicates(client_for, staff, upload):
    rows = [LEARNER_HEADINGS, learner_row("Dot", "Cotton", email=""),
            learner_row("Pat", "Butcher", email="", born="01/01/1960"),
            learner_row("Ian", "Beale", email="", phone="", born="02/02/1970")]
    preview = upload(staff, "learners", "dropin.csv", csv_bytes(rows))
    assert problems(preview) == [
        "Row 4: Give an email address or a phone number so the academy can reach them."]
    fixed = upload(staff, "learners", "dropin.csv", csv_bytes(rows[:3]))
    confirm(client_for(staff), fixed)
    assert sorted(Learner.objects.values_list("last_name", "email")) == [("Butcher", ""), ("Cotton", "")]
