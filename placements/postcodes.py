"""Postcode districts and their centroids, shipped in data/uk-postcode-districts.csv (see data/README.md)."""

import csv
import re
from pathlib import Path

from django.conf import settings

CENTROIDS_CSV = Path(settings.BASE_DIR) / "data" / "uk-postcode-districts.csv"
_OUTWARD = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)$")


def outward_code(postcode: str) -> str:
    """'fy8 4ab' -> 'FY8'; 'M305AB' -> 'M30'; a bare district 'FY8' -> 'FY8'; nonsense -> ''."""
    text = re.sub(r"\s+", "", (postcode or "").upper())
    if len(text) > 4:
        text = text[:-3]  # the inward code is always digit + two letters
    return text if _OUTWARD.match(text) else ""


def postcode_area(postcode: str) -> str:
    """The letters at the front of the postcode: 'FY8 4AB' -> 'FY', 'M30 0AA' -> 'M'."""
    match = _OUTWARD.match(outward_code(postcode))
    return match.group(1) if match else ""


def read_centroids_csv(path: Path = CENTROIDS_CSV) -> list[tuple[str, float, float]]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["district"].strip().upper()
            if _OUTWARD.match(code):
                rows.append((code, float(row["latitude"]), float(row["longitude"])))
    return rows


def load_postcode_districts(model, path: Path = CENTROIDS_CSV) -> int:
    """Upserts every district in the CSV into `model` (PostcodeDistrict, or its historical migration model)."""
    rows = read_centroids_csv(path)
    existing = set(model.objects.values_list("code", flat=True))
    new = [model(code=c, area=postcode_area(c), latitude=lat, longitude=lon) for c, lat, lon in rows
           if c not in existing]
    model.objects.bulk_create(new, batch_size=500)
    changed = [model(code=c, area=postcode_area(c), latitude=lat, longitude=lon) for c, lat, lon in rows
               if c in existing]
    if changed:
        model.objects.bulk_update(changed, ["area", "latitude", "longitude"], batch_size=500)
    return len(rows)
