"""Reading a CSV or Excel file into rows of text; every file that cannot be read says why."""

import datetime
import io
import zipfile

import pytest

from imports.reading import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, FileRefused, read_rows

from .conftest import LEARNER_HEADINGS, csv_bytes, learner_row, xlsx_bytes


def test_a_csv_file_gives_its_headings_and_rows_numbered_as_in_the_spreadsheet():
    content = csv_bytes([LEARNER_HEADINGS, learner_row(), ["", "", "", "", "", "", ""], learner_row("Ann", "Lee")])
    headings, rows = read_rows(name="learners.csv", content=content)
    assert headings == LEARNER_HEADINGS
    # The blank row 3 is skipped; rows keep their spreadsheet numbers.
    assert [number for number, _ in rows] == [2, 4]
    assert rows[1][1][:3] == ["Ann", "Lee", "ann.lee@example.test"]


def test_a_csv_saved_by_excel_with_a_byte_order_mark_reads_the_same():
    content = b"\xef\xbb\xbf" + csv_bytes([LEARNER_HEADINGS, learner_row()])
    headings, _ = read_rows(name="learners.csv", content=content)
    assert headings[0] == "First name"


def test_an_excel_workbook_gives_real_dates_as_dd_mm_yyyy_and_whole_numbers_without_a_decimal_point():
    content = xlsx_bytes([LEARNER_HEADINGS,
                          ["Sam", "Taylor", "sam@example.test", 1253477000, datetime.datetime(1990, 2, 28),
                           "FY1 4AB", "Blackpool"]])
    headings, [(number, cells)] = read_rows(name="learners.xlsx", content=content)
    assert headings == LEARNER_HEADINGS
    assert number == 2
    assert cells[3] == "1253477000"
    assert cells[4] == "28/02/1990"


@pytest.mark.parametrize("name, content, reason", [
    ("learners.csv", b"", "The file is empty"),
    ("learners.csv", csv_bytes([LEARNER_HEADINGS]), "headings but no rows"),
    ("learners.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
    ("learners.csv", "First name,Last name\nZoë,Brontë\n".encode("cp1252"), "CSV UTF-8"),
    ("learners.xlsx", b"PK\x03\x04 this is no workbook", "could not be read"),
    ("learners.xlsx", b"just some text", "could not be read"),
    ("learners.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Files ending in .xls cannot be imported"),
    ("learners.pdf", b"%PDF-1.7", "Upload a .csv or .xlsx file"),
    ("learners.csv", xlsx_bytes([LEARNER_HEADINGS, learner_row()]), "Upload it as .xlsx"),
    ("learners.csv", b'First name,Last name\n"Sam,Taylor\n', "could not be read"),
    ("learners.csv", b"First name,Last name\nSam,Taylor,extra,cells\n", "more cells than there are headings"),
    ("learners.csv", b",,\nSam,Taylor,x\n", "no headings"),
])
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(name, content, reason):
    with pytest.raises(FileRefused, match=reason):
        read_rows(name=name, content=content)


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed():
    content = b"First name\n" + b"x\n" * (MAX_IMPORT_BYTES // 2)
    with pytest.raises(FileRefused, match=r"too large \(5\.0 MB\)\. The largest we accept is 5 MB"):
        read_rows(name="big.csv", content=content)


def test_a_file_with_too_many_rows_is_refused():
    content = csv_bytes([["First name"]] + [["Sam"]] * (MAX_IMPORT_ROWS + 1))
    with pytest.raises(FileRefused, match=f"we import at most {MAX_IMPORT_ROWS}"):
        read_rows(name="many.csv", content=content)


def test_a_workbook_that_would_unpack_to_too_much_data_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    assert len(out.getvalue()) < MAX_IMPORT_BYTES
    with pytest.raises(FileRefused, match="too much data"):
        read_rows(name="bomb.xlsx", content=out.getvalue())
