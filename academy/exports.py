"""The one way the portal writes spreadsheet files (CSV): every cell is made safe to open in Excel.

A cell that starts with = + - @ (or a tab or carriage return, which Excel skips before reading one of
those) is run as a formula when the file is opened: a provider named "=HYPERLINK(...)" would become a
live link in a staff member's spreadsheet. Following OWASP's advice such a cell is prefixed with a
single quote, which makes Excel, LibreOffice and Google Sheets show it as text.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as a cell that no spreadsheet runs as a formula. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer with every cell passed through spreadsheet_safe()."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> SafeCsvWriter:
    """The CSV writer every export uses (see the module docstring)."""
    return SafeCsvWriter(file, **options)
