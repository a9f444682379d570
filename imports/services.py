"""Importing a spreadsheet: upload (kept as an ImportBatch), check (every row, nothing written), confirm.

Checking runs the real import, through the owning apps' services, inside a transaction that is then
rolled back: the preview reports exactly what confirming would meet, and no rule is written twice.
Confirming runs it again (the records may have changed since the preview) and keeps the result only if
every row went in: one bad row imports nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.models import Locality
from academy.services import audit_record

from .kinds import KINDS, CellProblem, ImportKind
from .models import BATCH_KEPT_FOR, ImportBatch
from .reading import read_rows


@dataclass
class LocalityContext:
    """The localities a staff member may import into: theirs, or every one for staff working region-wide."""

    localities: list

    @classmethod
    def for_user(cls, user) -> "LocalityContext":
        ids = user.locality_ids
        localities = Locality.objects.filter(pk__in=ids) if ids else Locality.objects.all()
        return cls(list(localities.order_by("name")))

    def locality_names(self) -> str:
        return ", ".join(locality.name for locality in self.localities) or "(none: ask an administrator)"


@dataclass
class RowCheck:
    number: int
    cells: list[str]
    messages: list[str] = field(default_factory=list)
    duplicate: bool = False


@dataclass
class ImportCheck:
    """What checking (or confirming) a batch found. `problems` lists every message, each starting with
    its row, after those about the columns; nothing is imported unless it is empty."""

    column_problems: list[str]
    rows: list[RowCheck]
    created: int = 0

    @property
    def problems(self) -> list[str]:
        return self.column_problems + [f"Row {row.number}: {message}" for row in self.rows for message in row.messages]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def duplicate_count(self) -> int:
        return sum(row.duplicate for row in self.rows)


def _normal_heading(text: str) -> str:
    return " ".join(text.split()).casefold()


def _match_columns(kind: ImportKind, headings: list[str], rows) -> tuple[list[str], dict[str, int]]:
    """Which cell holds each field, and what is wrong with the headings, in plain English."""
    expected = {_normal_heading(column.heading): column for column in kind.columns}
    problems, index = [], {}
    listing = ", ".join(kind.headings)
    for position, heading in enumerate(headings):
        if not heading:
            if any(position < len(cells) and cells[position] for _, cells in rows):
                problems.append(f"Column {position + 1} has data but no heading. Give it one of the headings "
                                f"of the template ({listing}) or delete it.")
            continue
        column = expected.get(_normal_heading(heading))
        if column is None:
            problems.append(f"The column ‘{heading}’ is not one we know. The columns for "
                            f"{kind.title.lower()} are: {listing}. Rename or delete it.")
        elif column.field in index:
            problems.append(f"The column ‘{column.heading}’ appears twice. Keep one of them.")
        else:
            index[column.field] = position
    for column in kind.columns:
        if column.required and column.field not in index:
            problems.append(f"The column ‘{column.heading}’ is missing. Download the template to see the "
                            "headings we expect.")
    return problems, index


def import_batches_delete_expired() -> int:
    """Deletes batches (confirmed or not) uploaded more than a day ago: they hold personal data."""
    deleted, _ = ImportBatch.objects.filter(created_at__lt=timezone.now() - BATCH_KEPT_FOR).delete()
    return deleted


@transaction.atomic
def import_batch_create(*, by, kind: str, file_name: str, content: bytes, request=None) -> ImportBatch:
    """Reads the file and keeps its rows for the preview. A file that cannot be read at all raises
    reading.FileRefused and keeps nothing."""
    import_kind = KINDS[kind]
    headings, rows = read_rows(name=file_name, content=content)
    import_batches_delete_expired()
    column_problems, index = _match_columns(import_kind, headings, rows)
    stored = [
        {"row": number, "values": {name: cells[position] if position < len(cells) else ""
                                   for name, position in index.items()}}
        for number, cells in rows
    ]
    batch = ImportBatch.objects.create(kind=kind, created_by=by, file_name=file_name[:255],
                                       column_problems=column_problems, rows=stored, row_count=len(stored))
    audit_record(action="imports.upload", actor=by, request=request, obj=batch,
                 note=f"{kind}: {len(stored)} rows")
    return batch


def _service_messages(kind: ImportKind, exc: ValidationError, texts: dict, already: set) -> list[str]:
    labels = {column.field: column.label for column in kind.columns}
    messages = []
    for name, errors in (exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}).items():
        if name in already:
            continue  # the cell's own problem is already said
        for error in errors:
            if name == NON_FIELD_ERRORS:
                messages.append(error)
            elif texts.get(name):
                messages.append(f"{labels.get(name, name.replace('_', ' '))} ‘{texts[name]}’: {error}")
            else:
                messages.append(f"{labels.get(name, name.replace('_', ' '))}: {error}")
    return messages


def _import_rows(*, batch: ImportBatch, by) -> ImportCheck:
    """Creates every row through its service, each in a savepoint, noting each row's problems.
    The caller decides whether the transaction is kept."""
    kind = KINDS[batch.kind]
    context = LocalityContext.for_user(by)
    rows, all_values = [], []
    for entry in batch.rows:
        texts = entry["values"]
        row = RowCheck(number=entry["row"], cells=[texts.get(column.field, "") for column in kind.columns])
        values, bad = {}, set()
        for column in kind.columns:
            text = (texts.get(column.field) or "").strip()
            try:
                if column.required and not text:
                    raise CellProblem(f"{column.label} is empty; every row needs one")
                values[column.field] = column.read(column, text, context) if column.read else text
            except CellProblem as problem:
                row.messages.append(str(problem))
                values[column.field] = None
                bad.add(column.field)
        rows.append(row)
        all_values.append((row, values, bad, texts))

    keys = {description: {key for _, values, _, _ in all_values if (key := key_of(values))}
            for description, key_of in kind.same_when}
    existing = kind.existing(keys) if kind.existing else {}
    first_row_with = {description: {} for description, _ in kind.same_when}
    for row, values, _, _ in all_values:
        for description, key_of in kind.same_when:
            key = key_of(values)
            if key is None:
                continue
            if key in first_row_with[description]:
                row.duplicate = True
                row.messages.append(f"same {description} as row {first_row_with[description][key]}; "
                                    "each appears once, so remove one of the two rows")
            else:
                first_row_with[description][key] = row.number
            if key in existing.get(description, ()):
                row.duplicate = True
                row.messages.append(f"{kind.noun} with the same {description} is already recorded; an import "
                                    "never merges records, so remove this row or change that record instead")

    created = 0
    for row, values, bad, texts in all_values:
        if row.duplicate:
            continue  # it must go from the file anyway
        try:
            with transaction.atomic():
                kind.create(by=by, **values)
            created += 1
        except ValidationError as exc:
            row.messages.extend(_service_messages(kind, exc, texts, bad))
        except IntegrityError:
            row.messages.append("it could not be saved, as it clashes with a record already held")
    return ImportCheck(column_problems=list(batch.column_problems), rows=rows, created=created)


def import_batch_check(*, batch: ImportBatch, by) -> ImportCheck:
    """The preview: every row tried through its service, and nothing kept."""
    with transaction.atomic():
        check = _import_rows(batch=batch, by=by)
        transaction.set_rollback(True)
    check.created = 0
    return check


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, by, request=None) -> ImportCheck:
    """Imports every row of the batch, or none: with any problem nothing is kept and the check says why.
    Only the uploader may confirm, once, within a day of the upload."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.created_by_id != by.pk:
        raise ValidationError("Only the person who uploaded this file can import it.", code="not_yours")
    if batch.confirmed_at is not None:
        raise ValidationError("This file has already been imported.", code="already_imported")
    if batch.is_expired:
        raise ValidationError("This upload has expired. Upload the file again.", code="expired")
    check = _import_rows(batch=batch, by=by)
    if not check.ok:
        transaction.set_rollback(True)
        check.created = 0
        return check
    batch.confirmed_at = timezone.now()
    batch.created_count = check.created
    batch.rows = []  # personal data is not kept once it is in the records it belongs to
    batch.save(update_fields=["confirmed_at", "created_count", "rows", "updated_at"])
    audit_record(action="imports.confirm", actor=by, request=request, obj=batch,
                 note=f"{batch.kind}: {check.created} created from {batch.row_count} rows")
    return check
