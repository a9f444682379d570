"""Reading an uploaded CSV or Excel file into rows of text, with tablib (openpyxl for .xlsx).

Everything wrong with the file as a whole is a `FileRefused` with a plain-English reason, raised before
anything is kept: too large, not a CSV or Excel workbook, unreadable, empty, too many rows. Cells are
kept as the text a person would see; Excel dates become DD/MM/YYYY, the form the templates ask for.
"""

import datetime
import io
import zipfile

import tablib
from openpyxl.utils.exceptions import InvalidFileException

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Checking runs every row through its service: about 15 ms a row on a busy two-core machine, so
# a preview of the largest file stays within a web request.
MAX_IMPORT_ROWS = 1000
# An .xlsx is a zip: a small file can unpack to gigabytes of XML, so its unpacked size is checked first.
MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file cannot be imported at all; the message says why in plain English."""


def too_large_message(size: int) -> str:
    return (f"The file is too large ({size / 1_048_576:.1f} MB). The largest we accept is "
            f"{MAX_IMPORT_BYTES // 1_048_576} MB: split the spreadsheet into smaller files.")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _load_csv(content: bytes) -> tablib.Dataset:
    if b"\x00" in content:
        raise FileRefused("This file is not a CSV file (it holds binary data). Upload a .csv or .xlsx file.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused("This CSV file is not in UTF-8 text. In Excel, save it with "
                          "“Save as” and the type “CSV UTF-8 (comma delimited)”, then upload it again.") from exc
    try:
        # strict: a quote left open is an error, not a cell swallowing the rest of the file.
        return tablib.Dataset().load(io.StringIO(text), format="csv", strict=True)
    except tablib.InvalidDimensions as exc:
        raise FileRefused("A row of this CSV file has more cells than there are headings. Check for "
                          "stray commas, or a heading missing from the first row.") from exc
    except Exception as exc:  # the csv module's own errors, e.g. a quote left open
        raise FileRefused("This CSV file could not be read. Save it again from your spreadsheet "
                          "program as CSV, or upload the .xlsx file instead.") from exc


def _load_xlsx(content: bytes) -> tablib.Dataset:
    unreadable = ("This Excel file could not be read. Save it again from Excel as an .xlsx workbook "
                  "(not .xls), or save it as CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
                raise FileRefused("This workbook holds too much data to import at once. Split it into "
                                  "smaller files.")
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except FileRefused:
        raise
    except tablib.InvalidDimensions as exc:
        raise FileRefused("A row of this workbook has more cells than there are headings. Give every "
                          "column a heading in the first row.") from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FileRefused(unreadable) from exc


def read_rows(*, name: str, content: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The headings and the data rows (each with its row number in the spreadsheet, headings being row 1)
    of a .csv or .xlsx file. Wholly empty rows are left out."""
    if len(content) > MAX_IMPORT_BYTES:
        raise FileRefused(too_large_message(len(content)))
    if not content.strip():
        raise FileRefused("The file is empty. Download the template, fill it in and upload it again.")
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension == "xlsx" or content.startswith(XLSX_MAGIC):
        if extension not in ("xlsx", ""):
            raise FileRefused(f"This file is an Excel workbook but its name ends in .{extension}. "
                              "Upload it as .xlsx.")
        dataset = _load_xlsx(content)
    elif extension in ("csv", "txt", ""):
        dataset = _load_csv(content)
    else:
        raise FileRefused(f"Files ending in .{extension} cannot be imported. Upload a .csv or .xlsx file "
                          "(in Excel: File, Save as, then CSV UTF-8 or Excel Workbook).")
    headings = [_cell_text(heading) for heading in (dataset.headers or [])]
    rows = []
    for number, row in enumerate(dataset, start=2):
        cells = [_cell_text(value) for value in row]
        if any(cells):
            rows.append((number, cells))
    if not any(headings):
        raise FileRefused("The file has no headings in its first row. Download the template to see the "
                          "headings we expect.")
    if len(rows) > MAX_IMPORT_ROWS:
        raise FileRefused(f"The file has {len(rows)} rows; we import at most {MAX_IMPORT_ROWS} at a time. "
                          "Split it into smaller files.")
    if not rows:
        raise FileRefused("The file has headings but no rows to import.")
    return headings, rows
