"""What can be imported: for each kind, its columns (the template's headings), how a cell's text becomes a
value, what makes two rows the same person or organisation, and which service creates the record.

The rules a record must meet (a full postcode, a phone number with its area code, an email address that
is one) stay in the owning app's service, which the import calls; only reading the text of a cell is here.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from learners.models import Enquiry, Learner
from learners.services.applications import enquiry_record
from learners.services.registration import learner_record
from providers.models import Provider
from providers.services import provider_create

from .models import ImportBatch

DATE_PATTERN = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


class CellProblem(Exception):
    """A cell's text is not a value of its column; the message follows "Row N: "."""


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    example: str
    required: bool = False
    # Turns the cell's text into the service's value (or raises CellProblem). Text is kept as typed.
    read: Callable | None = None

    @property
    def label(self) -> str:
        return self.heading[0].lower() + self.heading[1:]


def read_date(column: Column, text: str, context) -> datetime.date | None:
    if not text:
        return None
    match = DATE_PATTERN.match(text)
    try:
        if not match:
            raise ValueError
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    except ValueError:
        raise CellProblem(f"{column.label} ‘{text}’ is not a date; use DD/MM/YYYY, for example 28/02/1990") \
            from None


def read_locality(column: Column, text: str, context):
    """One of the staff member's localities, by name; blank means their only one, if they have just one."""
    allowed = context.localities
    if not text:
        if len(allowed) == 1:
            return allowed[0]
        raise CellProblem(f"{column.label} is empty; give one of {context.locality_names()}")
    for locality in allowed:
        if locality.name.casefold() == text.casefold():
            return locality
    raise CellProblem(f"{column.label} ‘{text}’ is not one of your localities; use one of "
                      f"{context.locality_names()}")


def choice_reader(choices) -> Callable:
    """Reads a cell as one of `choices` (a TextChoices), by its label or its stored value."""

    def read(column: Column, text: str, context):
        if not text:
            return None
        wanted = text.casefold()
        for value, label in choices.choices:
            if wanted in (value.casefold(), label.casefold()):
                return value
        names = "; ".join(label for _, label in choices.choices)
        raise CellProblem(f"{column.label} ‘{text}’ is not one we know; use one of: {names}")

    return read


@dataclass(frozen=True)
class ImportKind:
    slug: str
    title: str
    description: str
    noun: str  # "an enquiry", for duplicate messages
    columns: tuple[Column, ...]
    create: Callable  # create(by=..., **values) through the owning app's service
    # (what is the same, function of the values giving a comparable key or None) pairs.
    same_when: tuple[tuple[str, Callable], ...] = field(default=())
    # existing(keys by description) -> set of keys already recorded
    existing: Callable | None = None

    @property
    def headings(self) -> list[str]:
        return [column.heading for column in self.columns]


def _email_key(values):
    email = (values.get("email") or "").strip().casefold()
    return email or None


def _name_and_birth_key(values):
    first, last = (values.get("first_name") or "").strip(), (values.get("last_name") or "").strip()
    born = values.get("date_of_birth")
    if not (first and last and isinstance(born, datetime.date)):
        return None
    return (first.casefold(), last.casefold(), born.isoformat())


def _provider_name_key(values):
    name = " ".join((values.get("name") or "").split()).casefold()
    return name or None


def _cqc_key(values):
    cqc = (values.get("cqc_location_id") or "").strip().casefold()
    return cqc or None


def _existing_learners(keys: dict[str, set]) -> dict[str, set]:
    learners = Learner.objects.filter(erased_at__isnull=True)
    emails = keys.get("email") or set()
    found_emails = set(
        learners.annotate(email_folded=Lower("email")).filter(email_folded__in=emails)
        .values_list("email_folded", flat=True)) if emails else set()
    births = {key[2] for key in keys.get("name and date of birth") or ()}
    found_people = {
        (first.casefold(), last.casefold(), born.isoformat())
        for first, last, born in learners.filter(date_of_birth__in=births)
        .values_list("first_name", "last_name", "date_of_birth")
    } if births else set()
    return {"email": {e.casefold() for e in found_emails}, "name and date of birth": found_people}


def _existing_enquiries(keys: dict[str, set]) -> dict[str, set]:
    emails = keys.get("email") or set()
    found = Enquiry.objects.annotate(email_folded=Lower("email")).filter(email_folded__in=emails) \
        .values_list("email_folded", flat=True) if emails else []
    return {"email": {e.casefold() for e in found}}


def _existing_providers(keys: dict[str, set]) -> dict[str, set]:
    names = keys.get("name") or set()
    cqc_ids = keys.get("CQC location ID") or set()
    found_names = {" ".join(name.split()).casefold() for name in Provider.objects.values_list("name", flat=True)
                   } & names if names else set()
    found_cqc = {c.casefold() for c in Provider.objects.annotate(c=Lower("cqc_location_id"))
                 .filter(c__in=cqc_ids).values_list("c", flat=True)} if cqc_ids else set()
    return {"name": found_names, "CQC location ID": found_cqc}


def _create_enquiry(*, by, **values):
    return enquiry_record(by=by, name=values["name"] or "", source=values["source"] or "",
                          enquired_on=values["enquired_on"], locality=values["locality"],
                          email=values["email"] or "", phone=values["phone"] or "", notes=values["notes"] or "")


def _create_learner(*, by, **values):
    return learner_record(first_name=values["first_name"] or "", last_name=values["last_name"] or "",
                          email=values["email"] or "", postcode=values["postcode"] or "",
                          locality=values["locality"], phone=values["phone"] or "",
                          date_of_birth=values["date_of_birth"])


def _create_provider(*, by, **values):
    fields = {name: values[name] or "" for name in ("name", "cqc_location_id", "contact_name", "contact_email",
                                                    "contact_phone")}
    if values["cqc_rating"]:
        fields["cqc_rating"] = values["cqc_rating"]
    return provider_create(locality=values["locality"], **fields)


LOCALITY = Column("Locality", "locality", "Blackpool", read=read_locality)

ENQUIRIES = ImportKind(
    slug=ImportBatch.Kind.ENQUIRIES,
    title="Enquiries",
    description="People who showed interest at a fair, a jobcentre or in the community, before applying.",
    noun="an enquiry",
    columns=(
        Column("Name", "name", "Sam Taylor", required=True),
        Column("Email", "email", "sam.taylor@example.com"),
        Column("Phone", "phone", "07123 456789"),
        Column("Source", "source", Enquiry.Source.JOB_FAIR.label, required=True,
               read=choice_reader(Enquiry.Source)),
        Column("Enquired on", "enquired_on", "14/03/2026", required=True, read=read_date),
        LOCALITY,
        Column("Notes", "notes", "Met at the Winter Gardens jobs fair"),
    ),
    create=_create_enquiry,
    same_when=(("email", _email_key),),
    existing=_existing_enquiries,
)

LEARNERS = ImportKind(
    slug=ImportBatch.Kind.LEARNERS,
    title="Learners",
    description="People the academy will work with who have no portal account yet, such as a partner's referrals.",
    noun="a learner",
    columns=(
        Column("First name", "first_name", "Sam", required=True),
        Column("Last name", "last_name", "Taylor", required=True),
        Column("Email", "email", "sam.taylor@example.com"),
        Column("Phone", "phone", "07123 456789"),
        Column("Date of birth", "date_of_birth", "28/02/1990", read=read_date),
        Column("Postcode", "postcode", "FY1 4AB", required=True),
        LOCALITY,
    ),
    create=_create_learner,
    same_when=(("email", _email_key), ("name and date of birth", _name_and_birth_key)),
    existing=_existing_learners,
)

PROVIDERS = ImportKind(
    slug=ImportBatch.Kind.PROVIDERS,
    title="Care providers",
    description="Care employers working with the academy, with their main contact.",
    noun="a provider",
    columns=(
        Column("Name", "name", "Seaview Care Home", required=True),
        Column("CQC location ID", "cqc_location_id", "1-123456789"),
        Column("CQC rating", "cqc_rating", Provider.CqcRating.GOOD.label, read=choice_reader(Provider.CqcRating)),
        LOCALITY,
        Column("Contact name", "contact_name", "Alex Morgan"),
        Column("Contact email", "contact_email", "alex.morgan@example.com"),
        Column("Contact phone", "contact_phone", "01253 477000"),
    ),
    create=_create_provider,
    same_when=(("name", _provider_name_key), ("CQC location ID", _cqc_key)),
    existing=_existing_providers,
)

KINDS = {kind.slug: kind for kind in (ENQUIRIES, LEARNERS, PROVIDERS)}
