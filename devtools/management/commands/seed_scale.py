"""Fills the database at regional scale for `manage.py bench`: a North West-sized academy.

    python manage.py seed_scale                  # 100,000 learners (the target size)
    python manage.py seed_scale --learners 5000  # smaller, quicker

Everything is in proportion to the number of learners and deterministic for a given --seed (dates
are relative to today). It is fast because it never calls save() or full_clean(): ids are given up
front, so rows that point at each other can be built without reading anything back, and rows are
written in large batches (COPY on PostgreSQL, bulk_create elsewhere; see Table). Because it skips the services it keeps their rules by
construction instead: every application's StageTransition rows follow a path allowed by
learners.models.ALLOWED_TRANSITIONS (checked when this module loads), screenings agree with the
stage, DBS fields satisfy the model's constraints, offers follow interviews, starts follow offers.

It refuses to run on a database that already has learners (it is not a demo seed, and mixing the
two makes the figures meaningless) unless --force is given; with --force it adds a second region's
worth of rows after the existing ones.

Accounts: staff, provider, partner and one in 20 learners get a user with a verified email
address and an unusable password (set one with `manage.py changepassword <email>` to browse);
staff and provider users get a TOTP authenticator, as the MFA rule requires of them.
"""

import io
import json
import random
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

BATCH = 5000
# Buffered rows across all tables before everything is written, parents first, in one transaction
# (a child row is only ever written together with, or after, the row it points at).
BUFFER = 25_000
SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# The 41 North West councils of the ADASS region (districts, unitaries and the two counties), each
# with a few postcode districts of its area.
COUNCILS = {
    "Allerdale": ["CA14", "CA15"], "Barrow-in-Furness": ["LA13", "LA14"], "Blackburn with Darwen": ["BB1", "BB2"],
    "Blackpool": ["FY1", "FY2", "FY3", "FY4"], "Bolton": ["BL1", "BL2", "BL3"], "Burnley": ["BB10", "BB11"],
    "Bury": ["BL8", "BL9"], "Carlisle": ["CA1", "CA2", "CA3"], "Cheshire East": ["CW1", "SK10", "SK11"],
    "Cheshire West and Chester": ["CH1", "CH2", "CW9"], "Chorley": ["PR6", "PR7"], "Copeland": ["CA28"],
    "Cumbria County Council": ["CA1", "LA9"], "Eden": ["CA11"], "Fylde": ["FY8", "PR4"], "Halton": ["WA7", "WA8"],
    "Hyndburn": ["BB5"], "Knowsley": ["L34", "L36"], "Lancashire County Council": ["PR1", "PR2"],
    "Lancaster": ["LA1", "LA3", "LA4"], "Liverpool": ["L1", "L4", "L8", "L15"], "Manchester": ["M1", "M8", "M14"],
    "Oldham": ["OL1", "OL4", "OL8"], "Pendle": ["BB8", "BB9"], "Preston": ["PR1", "PR2"], "Ribble Valley": ["BB7"],
    "Rochdale": ["OL11", "OL12", "OL16"], "Rossendale": ["BB4"], "Salford": ["M5", "M6", "M7"],
    "Sefton": ["L20", "L21", "PR8"], "South Lakeland": ["LA9", "LA23"], "South Ribble": ["PR5", "PR25"],
    "St Helens": ["WA9", "WA10"], "Stockport": ["SK1", "SK2", "SK4"], "Tameside": ["OL6", "OL7", "SK14"],
    "Trafford": ["M32", "M33", "M41"], "Warrington": ["WA1", "WA2", "WA5"], "West Lancashire": ["L39", "L40", "WN8"],
    "Wigan": ["WN1", "WN2", "WN5"], "Wirral": ["CH41", "CH43", "CH62"], "Wyre": ["FY5", "FY6"],
}
FIRST_NAMES = ["Aisha", "Amelia", "Ben", "Bethany", "Callum", "Chloe", "Connor", "Daniel", "Dylan", "Ella", "Emma",
               "Farah", "Freya", "George", "Grace", "Hannah", "Harry", "Imran", "Isla", "Jack", "Jade", "Jamal",
               "Kayleigh", "Kyle", "Leah", "Liam", "Lucy", "Megan", "Mohammed", "Nadia", "Nina", "Olivia", "Owen",
               "Paige", "Priya", "Rhys", "Ruby", "Ryan", "Sana", "Sofia", "Tariq", "Thomas", "Tom", "Zoe"]
LAST_NAMES = ["Ahmed", "Ali", "Bailey", "Brown", "Clarke", "Cooper", "Davies", "Edwards", "Evans", "Fletcher",
              "Green", "Hall", "Hughes", "Hussain", "Iqbal", "Jackson", "Jones", "Kaur", "Kelly", "Khan", "Lewis",
              "Martin", "Murphy", "Nolan", "O'Brien", "Parker", "Patel", "Roberts", "Robinson", "Shaw", "Smith",
              "Taylor", "Thompson", "Turner", "Walker", "Ward", "White", "Williams", "Wilson", "Wood", "Wright"]
PROVIDER_WORDS = ["Meadow", "Oak", "Willow", "Riverside", "Heather", "Beech", "Harbour", "Moor", "Bay", "Lakes",
                  "Pennine", "Fell", "Ash", "Rowan", "Brook", "Hill", "Vale", "Haven", "Elm", "Cedar"]
PROVIDER_KINDS = ["Care Home", "Home Care", "Support Services", "Nursing Home", "Care Services", "Homecare",
                  "Supported Living", "Lodge", "House", "Community Care"]
ROLE_TITLES = ["Care assistant", "Support worker", "Home carer", "Senior care assistant", "Healthcare assistant",
               "Personal assistant", "Night care assistant", "Domiciliary care worker", "Activities coordinator",
               "Care worker (dementia)"]
PROGRAMMES = [
    ("Sector-based work academy: adult social care", "sbwa", 3, True),
    ("Sector-based work academy: home care", "sbwa", 3, True),
    ("Sector-based work academy: personal assistants", "sbwa", 2, False),
    ("Sector-based work academy: NHS support roles", "sbwa", 4, True),
    ("Introduction to care (bite-size)", "bite_size", 1, False),
    ("Dementia awareness (bite-size)", "bite_size", 1, False),
    ("Moving and handling taster (bite-size)", "bite_size", 1, False),
    ("Adult care worker apprenticeship (level 2)", "apprenticeship", 52, True),
    ("Lead adult care worker apprenticeship (level 3)", "apprenticeship", 78, True),
    ("Safeguarding adults refresher (CPD)", "cpd", 1, False),
    ("End of life care (CPD)", "cpd", 2, False),
    ("Medication awareness (CPD)", "cpd", 1, False),
]
SESSION_TITLES = ["Welcome and values", "Person-centred care", "Safeguarding adults", "Dementia awareness",
                  "Moving and handling", "Infection prevention", "First aid", "Communication skills",
                  "Mental health awareness", "Meet the employers", "Interview practice", "Care Certificate review"]
VALUES = [("Compassion", "Notices how people feel and responds with kindness."),
          ("Respect and dignity", "Treats each person as an individual with their own choices."),
          ("Reliability", "Turns up, on time, and does what they said they would."),
          ("Communication", "Listens first and explains plainly."),
          ("Working together", "Helps colleagues and asks for help when needed.")]

S = {  # stage codes, written out so this module does not import learners at load time
    "a": "applied", "acc": "accepted", "ref": "referred", "np": "not_progressed", "enr": "enrolled",
    "pl": "placed", "comp": "completed", "int": "interviewed", "off": "offered", "sw": "started_work",
    "wd": "withdrawn",
}
# Where an application ends up, and the stages it passes through to get there.
PATHS = {
    "applied": ["a"], "accepted": ["a", "acc"], "referred": ["a", "ref"], "not_progressed": ["a", "np"],
    "withdrawn_early": ["a", "wd"], "enrolled": ["a", "acc", "enr"], "placed": ["a", "acc", "enr", "pl"],
    "withdrawn_late": ["a", "acc", "enr", "wd"], "completed": ["a", "acc", "enr", "pl", "comp"],
    "completed_unplaced": ["a", "acc", "enr", "comp"], "interviewed": ["a", "acc", "enr", "pl", "comp", "int"],
    "offered": ["a", "acc", "enr", "pl", "comp", "int", "off"],
    "started_work": ["a", "acc", "enr", "pl", "comp", "int", "off", "sw"],
}
# How outcomes are spread, by where the cohort is in time.
OUTCOMES = {
    "future": {"applied": 45, "accepted": 30, "referred": 8, "not_progressed": 7, "withdrawn_early": 10},
    "running": {"enrolled": 50, "placed": 28, "withdrawn_late": 8, "referred": 7, "not_progressed": 7},
    "past": {"started_work": 30, "offered": 2, "interviewed": 10, "completed": 13, "completed_unplaced": 7,
             "withdrawn_late": 12, "withdrawn_early": 5, "referred": 11, "not_progressed": 10},
}
# Where applicants heard of the academy (the entries of learners' source list), with their share of
# applications, whether it is a referral, whether it asks for detail, and who refers.
SOURCES = {
    "Jobcentre Plus referral": (30, True, False, "Jobcentre Plus"),
    "Referral from another agency or charity": (5, True, False, "Citizens Advice"),
    "Job fair or recruitment event": (10, False, False, ""),
    "Social media (Facebook, Instagram, TikTok...)": (16, False, False, ""),
    "Community venue (library, community centre, place of worship...)": (5, False, False, ""),
    "College or school": (5, False, False, ""),
    "A care provider or care worker": (5, False, False, ""),
    "Friends or family": (13, False, False, ""),
    "Website or online search": (7, False, False, ""),
    "Poster, leaflet or newspaper": (2, False, False, ""),
    "Other": (2, False, True, ""),
}
BURSARY_PAYERS = {"academy": 55, "jobcentre_plus": 35, "employer": 10}
SUPPORT_PAYERS = {"academy": 60, "jobcentre_plus": 35, "employer": 5}
# The messages outbox holds what was sent in the last two years (notifications came after the older data).
NOTIFIED_DAYS = 730
DAYS_AFTER_END = {"int": 7, "off": 10, "sw": 31}
YEARS_BACK = 5


def _check_paths():
    from learners.models import ALLOWED_TRANSITIONS

    for name, path in PATHS.items():
        for a, b in zip(path, path[1:], strict=False):
            if S[b] not in ALLOWED_TRANSITIONS[S[a]]:
                raise AssertionError(f"seed path {name}: {S[a]} -> {S[b]} is not an allowed transition")


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute, tzinfo=UTC))


class Table:
    """Rows for one model, buffered as plain tuples; ids are handed out before the row is written.

    On PostgreSQL a batch goes in with COPY; elsewhere (SQLite in tests) with bulk_create. Django's
    bulk_create spends most of its time building model instances and preparing each field, which
    made 100,000 learners take over ten minutes; COPY takes the same rows in a fraction of that.
    """

    def __init__(self, model, seeder):
        self.model = model
        self.seeder = seeder
        self.fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        self.link_fields = [f for f in self.fields if not f.primary_key]
        self.defaults = {f.attname: self._default(f) for f in self.fields}
        self.rows = []
        self.links = []
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.seeder.now
        return None if field.primary_key else field.get_default()

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        values["id"] = pk
        defaults = self.defaults
        self.rows.append(tuple(values[f.attname] if f.attname in values else defaults[f.attname]
                               for f in self.fields))
        self._count()
        return pk

    def add_link(self, **values):
        """A row whose id we never need (M2M through rows): the database numbers it."""
        defaults = self.defaults
        self.links.append(tuple(values[f.attname] if f.attname in values else defaults[f.attname]
                                for f in self.link_fields))
        self._count()

    def _count(self):
        self.seeder.buffered += 1
        if self.seeder.buffered >= BUFFER:
            self.seeder.flush_all()

    def flush(self):
        for rows, fields in ((self.rows, self.fields), (self.links, self.link_fields)):
            if not rows:
                continue
            if connection.vendor == "postgresql":
                self._copy(rows, fields)
            else:
                names = [f.attname for f in fields]
                self.model.objects.bulk_create([self.model(**dict(zip(names, row, strict=True))) for row in rows],
                                               batch_size=BATCH)
            self.seeder.counts[self.model._meta.label] += len(rows)
            rows.clear()

    def _copy(self, rows, fields):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        data = io.StringIO()
        for row in rows:
            data.write("\t".join(_copy_text(v) for v in row))
            data.write("\n")
        data.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({columns}) "
                                      f"FROM STDIN", data)


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, (dict, list)):
        return _copy_text(json.dumps(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


class Command(BaseCommand):
    help = "Fill the database at regional scale (default 100,000 learners) for manage.py bench."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=20_26)
        parser.add_argument("--force", action="store_true",
                            help="add the rows even though the database already has learners")

    def handle(self, *args, learners, seed, force, **opts):
        from learners.models import Learner

        _check_paths()
        if learners < 20:
            raise CommandError("Give at least 20 learners.")
        if Learner.objects.exists() and not force:
            raise CommandError("This database already has learners; seed_scale is for an empty benchmark "
                               "database. Use --force to add to it anyway.")
        started = time.perf_counter()
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts = defaultdict(int)
        self.tables = {}
        self.buffered = 0
        self.n = learners
        steps = [self.seed_reference_data, self.seed_users, self.seed_providers, self.seed_courses,
                 self.seed_vacancies, self.seed_learners, self.seed_applications, self.seed_events]
        for step in steps:
            t0 = time.perf_counter()
            step()
            self.flush_all()
            self.stdout.write(f"  {step.__name__.removeprefix('seed_'):<16} {time.perf_counter() - t0:6.1f} s")
        self.reset_sequences()
        # Rows went in without save(), so the guide's search text is written once, in SQL, at the end.
        from vacancies.search import vacancy_search_text_refresh

        vacancy_search_text_refresh()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        total = sum(self.counts.values())
        self.stdout.write(f"Seeded {total:,} rows for {learners:,} learners in {time.perf_counter() - started:.0f} s")
        for label, count in sorted(self.counts.items()):
            self.stdout.write(f"  {label:<40}{count:>10,}")

    # -- plumbing ------------------------------------------------------------------------------
    def t(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, self)
        return self.tables[model]

    def flush_all(self):
        # Tables were first used parents-first, so dict order is a safe write order.
        with transaction.atomic():
            for table in self.tables.values():
                table.flush()
        self.buffered = 0

    def reset_sequences(self):
        sql = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        if sql:
            with connection.cursor() as cursor, transaction.atomic():
                for statement in sql:
                    cursor.execute(statement)

    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def name(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def postcode(self, locality_name):
        r = self.rng
        return f"{r.choice(COUNCILS[locality_name])} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXY')}" \
               f"{r.choice('ABDEFGHJLNPQRSTUWXY')}"

    def phone(self):
        # A mobile number in E.164, the one format the portal stores (academy.phones).
        return f"+447{self.rng.randint(100, 999)}{self.rng.randint(100000, 999999)}"

    # -- steps ---------------------------------------------------------------------------------
    def seed_reference_data(self):
        from academy.models import Locality, PartnerOrganisation
        from learners.models import AcademyValue, QuestionBank, ScreeningQuestion
        from providers.models import CareSetting, ClientGroup

        self.localities = {}
        for name in COUNCILS:
            self.localities[name], _ = Locality.objects.get_or_create(name=name)
        self.locality_names = list(COUNCILS)
        # Bigger councils get more of everything.
        self.locality_weight = {name: self.rng.uniform(0.4, 3.0) for name in COUNCILS}
        self.settings = list(CareSetting.objects.values_list("pk", flat=True))
        self.groups = list(ClientGroup.objects.values_list("pk", flat=True))
        if not self.settings or not self.groups:
            raise CommandError("Care settings and client groups are missing: run migrate first.")
        self.partners = []
        for name in COUNCILS:
            org, _ = PartnerOrganisation.objects.get_or_create(
                name=f"{name} Council" if "Council" not in name else name,
                defaults={"kind": PartnerOrganisation.Kind.COUNCIL})
            self.partners.append(org.pk)
        for name, kind in [("North West NHS workforce hub", "nhs"), ("Lancashire colleges partnership", "college"),
                           ("Greater Manchester colleges group", "college"), ("Jobcentre Plus North West", "jobcentre"),
                           ("Regional skills fund", "funder")]:
            org, _ = PartnerOrganisation.objects.get_or_create(name=name, defaults={"kind": kind})
            self.partners.append(org.pk)
        self.values = []
        for order, (name, descriptor) in enumerate(VALUES):
            value, _ = AcademyValue.objects.get_or_create(name=name, defaults={"descriptor": descriptor,
                                                                                "order": order})
            if value.is_active:
                self.values.append(value.pk)
        self.banks = []
        for i in range(1, 6):
            bank, created = QuestionBank.objects.get_or_create(
                name=f"Values question bank {i} (scale seed)",
                defaults={"case_study": "Mrs B. lives alone and has missed her lunch again. What do you do?"})
            self.banks.append(bank.pk)
            if created:
                for order, value_id in enumerate(self.values):
                    self.t(ScreeningQuestion).add(bank_id=bank.pk, value_id=value_id, order=order,
                                                  text=f"Tell us about a time you showed {VALUES[order][0].lower()}.",
                                                  guidance="Look for a real example and what they learned.")

    def _users(self, count, role, **per_user):
        """Users of one role; returns their ids. per_user values may be callables of the index."""
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt

        from academy.models import User
        from academy.permissions import MFA_REQUIRED_ROLES

        ids = []
        for i in range(count):
            first, last = self.name()
            pk = self.t(User).next_id
            extra = {k: (v(i) if callable(v) else v) for k, v in per_user.items()}
            email = f"{role}{pk}@{role}.scale.test"
            self.t(User).add(email=email, first_name=first, last_name=last, role=role,
                             password=self.unusable_password, **extra)
            self.t(EmailAddress).add_link(user_id=pk, email=email, verified=True, primary=True)
            if role in MFA_REQUIRED_ROLES:
                secret = "".join(self.rng.choice(SECRET_ALPHABET) for _ in range(32))
                self.t(Authenticator).add_link(user_id=pk, type=Authenticator.Type.TOTP,
                                               data={"secret": encrypt(secret)})
            ids.append(pk)
        return ids

    def seed_users(self):
        from academy.models import User

        self.unusable_password = make_password(None)
        n_staff = max(10, self.n // 500)
        self.staff = self._users(n_staff, User.Role.STAFF, is_staff=lambda i: i < 5)
        through = User.localities.through
        for i, user_id in enumerate(self.staff):
            if i % 5 == 0:
                continue  # every fifth member of staff covers the whole region (no localities)
            for name in self.rng.sample(self.locality_names, self.rng.choice([1, 1, 2, 3])):
                self.t(through).add_link(user_id=user_id, locality_id=self.localities[name].pk)
        self._users(len(self.partners) * 2, User.Role.PARTNER,
                    partner_organisation_id=lambda i: self.partners[i // 2])
        # Provider users come with their providers (seed_providers); learner users with learners.

    def seed_providers(self):
        from academy.models import User
        from providers.models import Provider, ProviderContact, Site

        n_providers = max(5, self.n // 25)
        self.providers_by_locality = defaultdict(list)  # locality name -> [(provider_id, [site ids])]
        ratings = {"good": 60, "outstanding": 6, "requires_improvement": 18, "inadequate": 2, "not_rated": 14}
        names = self.locality_names
        weights = [self.locality_weight[n] for n in names]
        provider_users = []
        self.all_providers = []
        for _ in range(n_providers):
            loc = self.rng.choices(names, weights=weights)[0]
            locality_id = self.localities[loc].pk
            pk = self.t(Provider).next_id
            word = self.rng.choice(PROVIDER_WORDS)
            contact_first, contact_last = self.name()
            self.t(Provider).add(
                name=f"{word} {self.rng.choice(PROVIDER_KINDS)} ({loc}) {pk}", cqc_location_id=f"1-{pk:09d}",
                cqc_rating=self.pick(ratings), locality_id=locality_id,
                contact_name=f"{contact_first} {contact_last}", contact_email=f"recruitment{pk}@provider.scale.test",
                contact_phone=self.phone())
            for setting_id in self.rng.sample(self.settings, self.rng.choice([1, 1, 2])):
                self.t(Provider.settings.through).add_link(provider_id=pk, caresetting_id=setting_id)
            for group_id in self.rng.sample(self.groups, self.rng.randint(1, 3)):
                self.t(Provider.client_groups.through).add_link(provider_id=pk, clientgroup_id=group_id)
            sites = []
            for s in range(self.rng.choice([1, 1, 1, 2, 2, 3, 4])):
                sites.append(self.t(Site).add(provider_id=pk, name=f"{word} {['House', 'Court', 'Lodge', 'Branch'][s]}",
                                              address=f"{self.rng.randint(1, 200)} {self.rng.choice(LAST_NAMES)} Road",
                                              postcode=self.postcode(loc), locality_id=locality_id))
            first, last = self.name()
            self.t(ProviderContact).add(provider_id=pk, name=f"{first} {last}", role="registered_manager",
                                        email=f"manager{pk}@provider.scale.test", is_primary=True)
            self.providers_by_locality[loc].append((pk, sites))
            self.all_providers.append((loc, pk, sites))
            provider_users.extend([pk] * self.rng.choice([1, 1, 1, 1, 2]))
        self._users(len(provider_users), User.Role.PROVIDER, provider_id=lambda i: provider_users[i])
        # Every council has at least one provider, so every cohort has somewhere to place learners.
        for loc in names:
            if not self.providers_by_locality[loc]:
                self.providers_by_locality[loc] = self.providers_by_locality[max(
                    self.providers_by_locality, key=lambda k: len(self.providers_by_locality[k]))]

    def seed_courses(self):
        from courses.models import Cohort, CohortSession, Programme
        from impact.models import ProgrammeEvidence

        self.programmes = []
        requirements = {}  # programme id -> (needs a values screening, needs a DBS check)
        for name, kind, weeks, guaranteed in PROGRAMMES:
            slug = name.lower().replace(":", "").replace("(", "").replace(")", "").replace(" ", "-")
            programme, _ = Programme.objects.get_or_create(slug=slug, defaults={
                "name": name, "kind": kind, "duration_weeks": weeks, "guaranteed_interview": guaranteed,
                "summary": "A course that prepares people for work in adult social care in the North West.",
                **Programme.default_requirements(kind)})
            self.programmes.append((programme.pk, kind, programme.duration_weeks, programme.guaranteed_interview))
            requirements[programme.pk] = (programme.requires_values_screening, programme.requires_dbs)
            self.t(ProgrammeEvidence).add(programme_id=programme.pk, level=self.rng.choice([1, 2, 2, 3]),
                                          claim="Most completers start work in care within three months.",
                                          data_behind="Stage log of every application; 3, 6 and 12-month follow-ups.",
                                          reviewed_at=self.today - timedelta(days=self.rng.randint(10, 300)),
                                          reviewed_by_id=self.staff[0])
        # About 25 applications per cohort, spread over five years back and three months ahead.
        n_cohorts = max(len(COUNCILS), int(self.n * 1.15 / 25))
        programme_weights = [40 if k == "sbwa" else 15 if k == "bite_size" else 4 if k == "apprenticeship" else 6
                             for _, k, _, _ in self.programmes]
        names = self.locality_names
        weights = [self.locality_weight[n] for n in names]
        self.cohorts = {}  # id -> (locality name, start, end, phase, programme kind, guaranteed, [session ids+dates])
        self.cohorts_by_locality = defaultdict(list)
        self.cohort_names = {}
        self.cohort_requirements = {}  # cohort id -> its programme's (screening, DBS) requirements
        first_day = self.today - timedelta(days=365 * YEARS_BACK)
        span = (self.today + timedelta(days=90) - first_day).days
        for i in range(n_cohorts):
            loc = names[i] if i < len(names) else self.rng.choices(names, weights=weights)[0]
            prog_id, kind, weeks, guaranteed = self.rng.choices(self.programmes, weights=programme_weights)[0]
            start = first_day + timedelta(days=self.rng.randrange(span))
            start -= timedelta(days=start.weekday())  # courses start on a Monday
            end = start + timedelta(weeks=weeks) - timedelta(days=3)
            phase = "future" if start > self.today else "running" if end >= self.today else "past"
            pk = self.t(Cohort).next_id
            self.cohort_names[pk] = f"{PROGRAMMES[[p[0] for p in self.programmes].index(prog_id)][0]}, " \
                                    f"{loc} {start:%b %Y} #{pk}"
            self.cohort_requirements[pk] = requirements[prog_id]
            self.t(Cohort).add(
                programme_id=prog_id, name=self.cohort_names[pk],
                locality_id=self.localities[loc].pk, venue=f"{loc} {self.rng.choice(['library', 'college', 'community centre', 'church hall'])}",
                start_date=start, end_date=end, capacity=self.rng.choice([12, 15, 16, 20]),
                tutor_id=self.rng.choice(self.staff), guaranteed_interview=guaranteed,
                question_bank_id=self.rng.choice(self.banks), minimum_skill_level="entry_3",
                is_open_for_applications=phase == "future")
            sessions = []
            n_sessions = min(8, max(3, weeks * 3))
            for s in range(n_sessions):
                day = start + timedelta(days=(s * max(1, (end - start).days // n_sessions)))
                sessions.append((self.t(CohortSession).add(cohort_id=pk, date=day, title=SESSION_TITLES[s]), day))
            self.cohorts[pk] = (loc, start, end, phase, kind, guaranteed, sessions)
            self.cohorts_by_locality[loc].append(pk)

    def seed_vacancies(self):
        from placements.models import InterviewSlot, PlacementOpportunity
        from vacancies.models import RingFence, Vacancy

        self.vacancies_by_locality = defaultdict(list)  # loc -> [(vacancy id, provider id, site id)]
        self.opportunities_by_locality = defaultdict(list)
        hard = "Early starts, personal care and some lone working; every other weekend."
        good = "Time with people who are glad to see you, a supportive team and paid training."
        for loc, provider_id, sites in self.all_providers:
            setting_id = self.rng.choice(self.settings)
            for _ in range(self.rng.choice([2, 3, 4, 5, 6, 8])):
                site_id = self.rng.choice(sites)
                is_open = self.rng.random() < 0.16
                closing = (self.today + timedelta(days=self.rng.randint(0, 60)) if is_open
                           else self.today - timedelta(days=self.rng.randint(1, 365 * YEARS_BACK)))
                nights = self.rng.random() < 0.25
                role = self.rng.choice(ROLE_TITLES)
                pk = self.t(Vacancy).add(
                    provider_id=provider_id, site_id=site_id, role_title=role, setting_id=setting_id,
                    summary=f"{role} supporting people to live the life they choose, in {loc}.",
                    hours_per_week=Decimal(self.rng.choice(["16.0", "22.5", "30.0", "37.5", "40.0"])),
                    works_nights=nights, sleep_ins=nights and self.rng.random() < 0.5,
                    works_weekends=self.rng.random() < 0.6, shift_notes="7am-2pm or 2pm-10pm",
                    pay_amount=Decimal(f"{self.rng.uniform(11.5, 14.0):.2f}"), closing_date=closing,
                    driving_required=self.rng.random() < 0.2, good_parts=good, hard_parts=hard,
                    status="open" if is_open else self.rng.choice(["closed", "filled", "filled"]),
                    created_by_id=None)
                for group_id in self.rng.sample(self.groups, self.rng.randint(1, 2)):
                    self.t(Vacancy.client_groups.through).add_link(vacancy_id=pk, clientgroup_id=group_id)
                self.vacancies_by_locality[loc].append((pk, provider_id, site_id))
                if is_open and self.rng.random() < 0.2:  # free interview slots learners can book
                    for k in range(2):
                        starts = _at(self.today + timedelta(days=self.rng.randint(3, 30)), 9 + 2 * k)
                        self.t(InterviewSlot).add(provider_id=provider_id, site_id=site_id, vacancy_id=pk,
                                                  starts_at=starts, ends_at=starts + timedelta(minutes=45),
                                                  interviewer="Registered manager")
            for _ in range(self.rng.choice([1, 1, 2])):
                site_id = self.rng.choice(sites)
                pk = self.t(PlacementOpportunity).add(
                    provider_id=provider_id, site_id=site_id, title="Care assistant shadowing, day shifts",
                    setting_id=setting_id, places=self.rng.choice([1, 2, 4]),
                    available_from=self.today - timedelta(days=365 * YEARS_BACK + 30),
                    available_until=self.today + timedelta(days=self.rng.randint(30, 365)),
                    is_open=self.rng.random() < 0.8, description="A week alongside an experienced carer.")
                self.opportunities_by_locality[loc].append((pk, provider_id))
        # Ring-fenced interview places for cohorts that promise an interview.
        self.ring_fenced = defaultdict(list)  # cohort id -> [(vacancy, provider, site)]
        for cohort_id, (loc, *_rest) in self.cohorts.items():
            guaranteed = self.cohorts[cohort_id][5]
            pool = self.vacancies_by_locality[loc]
            if not guaranteed or not pool:
                continue
            for vacancy in self.rng.sample(pool, min(len(pool), self.rng.choice([1, 2, 3]))):
                self.t(RingFence).add(vacancy_id=vacancy[0], cohort_id=cohort_id, places=self.rng.choice([3, 5, 8]),
                                      note="For learners finishing this cohort")
                self.ring_fenced[cohort_id].append(vacancy)

    def seed_learners(self):
        from academy.models import User
        from learners.models import EmploymentHistoryEntry, Enquiry, Learner

        situations = {"unemployed": 45, "inactive": 15, "career_changer": 20, "carer_returning": 10,
                      "student": 7, "other": 3}
        names = self.locality_names
        weights = [self.locality_weight[n] for n in names]
        self.learners = []  # (learner id, locality name)
        self.contacts = {}  # learner id -> (name, email, phone, contact preference), for their messages
        sources = ["job_fair", "jobcentre", "social_media", "community", "college", "provider", "word_of_mouth"]
        user_ids = iter(self._users(self.n // 20, User.Role.LEARNER))
        for i in range(self.n):
            loc = self.rng.choices(names, weights=weights)[0]
            first, last = self.name()
            user_id = next(user_ids, None) if i % 20 == 0 else None
            night_worry = self.rng.random() < 0.3
            # About one in twelve, taken on by phone or at a drop-in, has no email address (never one with
            # a sign-in account, which needs one); their messages go by text, or by letter if they ask.
            has_email = user_id is not None or self.rng.random() >= 0.08
            email = f"{first}.{last}.{i}".lower().replace("'", "") + "@learner.scale.test" if has_email else ""
            phone = self.phone()
            if has_email:
                preference = self.pick({"email": 80, "text": 17, "letter": 3})
            else:
                preference = self.pick({"text": 92, "letter": 8})
            pk = self.t(Learner).add(
                user_id=user_id, first_name=first, last_name=last, email=email, contact_preference=preference,
                phone=phone, date_of_birth=date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 16000)),
                postcode=self.postcode(loc), locality_id=self.localities[loc].pk, situation=self.pick(situations),
                cannot_work_nights=night_worry, cannot_work_sleep_ins=night_worry or self.rng.random() < 0.2,
                cannot_work_weekends=self.rng.random() < 0.1, drives=self.rng.random() < 0.45,
                needs_childcare_support=self.rng.random() < 0.2, needs_travel_support=self.rng.random() < 0.35,
                needs_interview_clothing=self.rng.random() < 0.15)
            for setting_id in self.rng.sample(self.settings, self.rng.choice([0, 1, 2])):
                self.t(Learner.preferred_settings.through).add_link(learner_id=pk, caresetting_id=setting_id)
            for group_id in self.rng.sample(self.groups, self.rng.choice([0, 1, 2])):
                self.t(Learner.preferred_client_groups.through).add_link(learner_id=pk, clientgroup_id=group_id)
            for _ in range(self.rng.choice([0, 1, 1, 2])):
                started = self.today - timedelta(days=self.rng.randint(400, 6000))
                self.t(EmploymentHistoryEntry).add(
                    learner_id=pk, employer=f"{self.rng.choice(LAST_NAMES)}'s {self.rng.choice(['Retail', 'Cafe', 'Logistics', 'Cleaning'])}",
                    role=self.rng.choice(["Shop assistant", "Kitchen porter", "Cleaner", "Warehouse operative"]),
                    started_on=started, ended_on=started + timedelta(days=self.rng.randint(90, 390)),
                    reason_for_leaving="Looking for work that matters")
            if self.rng.random() < 0.6:  # came through an enquiry first
                self.t(Enquiry).add(name=f"{first} {last}", email=f"enquiry{pk}@learner.scale.test",
                                    source=self.rng.choice(sources), locality_id=self.localities[loc].pk,
                                    enquired_on=self.today - timedelta(days=self.rng.randint(30, 365 * YEARS_BACK)),
                                    learner_id=pk, recorded_by_id=self.rng.choice(self.staff))
            self.learners.append((pk, loc))
            self.contacts[pk] = (f"{first} {last}", email, phone, preference)
        for _ in range(self.n * 4 // 10):  # enquiries that never became applications
            loc = self.rng.choices(names, weights=weights)[0]
            first, last = self.name()
            self.t(Enquiry).add(name=f"{first} {last}", phone=self.phone(), source=self.rng.choice(sources),
                                locality_id=self.localities[loc].pk,
                                enquired_on=self.today - timedelta(days=self.rng.randint(1, 365 * YEARS_BACK)))

    def seed_applications(self):
        from courses.models import Attendance, BursaryPayment, CourseOutcome, QualificationAward
        from impact.models import (
            RetentionFollowUp,
            SatisfactionSurvey,
            SupportSpend,
            WellbeingSurvey,
        )
        from learners.models import (
            Application,
            ApplicationSource,
            ConsentRecord,
            DbsCheck,
            DbsEvent,
            DbsStatusCheck,
            PanelMember,
            Reference,
            RightToWorkCheck,
            StageTransition,
            ValueScore,
            ValuesScreening,
        )
        from notifications.models import Notification
        from placements.models import (
            Interview,
            InterviewSlot,
            JobOffer,
            JobStart,
            LearnerFeedback,
            Placement,
            PlacementAttendance,
            ProviderFeedback,
        )

        # The entries of the list the data migration seeds (made again if the list was emptied), each with
        # its share of applications: the sector-based work academies are run with Jobcentre Plus.
        self.sources = {}  # source id -> (share, is referral, asks for detail, referring organisation)
        for name, (share, referral, detail, organisation) in SOURCES.items():
            source, _ = ApplicationSource.objects.get_or_create(
                name=name, defaults={"is_referral": referral, "asks_for_detail": detail})
            self.sources[source.pk] = (share, source.is_referral, source.asks_for_detail, organisation)
        source_weights = {pk: share for pk, (share, *_rest) in self.sources.items()}
        notifications = self.t(Notification)
        notify_from = self.now - timedelta(days=NOTIFIED_DAYS)
        self.event_candidates = defaultdict(list)  # cohort id -> application ids on or past the course
        consented = set()
        dbs_done = set()
        for learner_id, loc in self.learners:
            cohort_ids = self.cohorts_by_locality[loc] or self.cohorts_by_locality[self.locality_names[0]]
            cohort_id = self.rng.choice(cohort_ids)
            previous = None
            for attempt in range(2):
                _loc, start, end, phase, kind, guaranteed, sessions = self.cohorts[cohort_id]
                needs_screening, needs_dbs = self.cohort_requirements[cohort_id]
                outcome = self.pick(OUTCOMES[phase])
                if not needs_screening and outcome in ("referred", "not_progressed"):
                    outcome = "withdrawn_early"  # without a screening nobody is referred or turned down
                path = PATHS[outcome]
                submitted = _at(start - timedelta(days=self.rng.randint(14, 60)), self.rng.randint(8, 20))
                staff_id = self.rng.choice(self.staff)
                app_id = self.t(Application).add(
                    learner_id=learner_id, cohort_id=cohort_id, stage=S[path[-1]], submitted_at=submitted,
                    previous_application_id=previous, motivation="I looked after my nan and I want to do it as a job.",
                    **self._how_applied(loc, staff_id, source_weights, has_email=bool(self.contacts[learner_id][1])))
                if submitted >= notify_from:
                    self._notify(notifications, "application_received", f"application:{app_id}", learner_id,
                                 submitted + timedelta(minutes=1), cohort=self.cohort_names[cohort_id])
                # -- the stage log, one row per move along the path
                times = {"a": submitted}
                prev = ""
                for code in path:
                    if code in ("acc", "ref", "np"):
                        times[code] = submitted + timedelta(days=self.rng.randint(5, 12))
                    elif code == "wd":
                        times[code] = max(times.values()) + timedelta(days=self.rng.randint(1, 10))
                    elif code == "comp":
                        times[code] = _at(end, 15)
                    elif code == "enr":
                        times[code] = _at(start, 9)
                    elif code == "pl":  # half-way through the course, so after enrolling and before the end
                        times[code] = _at(start + timedelta(days=max(1, (end - start).days // 2)), 12)
                    elif code in DAYS_AFTER_END:  # interviewed, offered, started work: after the course, in order
                        times[code] = _at(end, 15) + timedelta(days=DAYS_AFTER_END[code] + self.rng.randint(0, 2))
                    self.t(StageTransition).add(application_id=app_id, from_stage=S[prev] if prev else "",
                                                to_stage=S[code], at=times[code],
                                                by_id=None if code == "a" else staff_id)
                    prev = code
                # -- screening, with a score for every value
                if needs_screening and (len(path) > 1 and path[1] in ("acc", "ref", "np") or (
                        outcome == "withdrawn_early" and self.rng.random() < 0.5)):
                    decided = path[1] if path[1] in ("acc", "ref", "np") else None
                    skill = self.rng.choice(["entry_1", "entry_2"]) if decided == "ref" else \
                        self.rng.choice(["entry_3", "level_1", "level_2"])
                    screening_id = self.t(ValuesScreening).add(
                        application_id=app_id, question_bank_id=self.rng.choice(self.banks), literacy_level=skill,
                        numeracy_level=skill, profiling_result=self.rng.choice(["strong", "good", "developing"]),
                        interview_on=(times.get(decided) or submitted).date(),
                        outcome={"acc": "accepted", "ref": "referred", "np": "not_progressed", None: "pending"}[decided],
                        outcome_reason="" if decided != "np" else "Answers did not show the values of care yet.",
                        referred_to_college=f"{loc} adult learning" if decided == "ref" else "",
                        decided_at=times.get(decided), decided_by_id=staff_id if decided else None,
                        recorded_by_id=staff_id)
                    if decided and times[decided] >= notify_from:
                        decision = {"acc": "you have a place on the course",
                                    "ref": "we would like you to build up your English and maths first",
                                    "np": "we are not able to offer you a place this time"}[decided]
                        self._notify(notifications, "screening_decided", f"screening:{screening_id}", learner_id,
                                     times[decided] + timedelta(minutes=1), cohort=self.cohort_names[cohort_id],
                                     decision=decision, next_step="")
                    for value_id in self.values:
                        low = 1 if decided == "np" else 2
                        self.t(ValueScore).add(screening_id=screening_id, value_id=value_id,
                                               score=self.rng.randint(low, 4 if decided != "np" else 2),
                                               evidence="Gave a clear example from caring for a relative.")
                    if decided:
                        self.t(PanelMember).add(screening_id=screening_id, name="Academy coordinator",
                                                role="academy_staff")
                        self.t(PanelMember).add(screening_id=screening_id, name="Expert by experience",
                                                role="expert_by_experience")
                on_course = "enr" in path
                if "acc" in path and needs_dbs and learner_id not in dbs_done:
                    dbs_done.add(learner_id)
                    self._dbs(learner_id, path, times, staff_id, DbsCheck, DbsEvent, DbsStatusCheck)
                if on_course:
                    self.event_candidates[cohort_id].append((app_id, learner_id, times))
                    if learner_id not in consented and self.rng.random() < 0.88:
                        consented.add(learner_id)
                        given = times["enr"] + timedelta(days=1)
                        withdrawn = given + timedelta(days=20) if self.rng.random() < 0.04 else None
                        self.t(ConsentRecord).add(learner_id=learner_id, application_id=app_id,
                                                  wording="I agree to the academy preparing my personnel file and "
                                                          "sharing it with an employer who offers me a job.",
                                                  given_at=given, recorded_by_id=staff_id, withdrawn_at=withdrawn)
                        for r in range(2):
                            requested = times["enr"].date() + timedelta(days=2)
                            received = requested + timedelta(days=self.rng.randint(3, 20)) \
                                if self.rng.random() < 0.8 and requested < self.today else None
                            self.t(Reference).add(learner_id=learner_id, referee_name=" ".join(self.name()),
                                                  relationship=["Last employer", "Tutor"][r],
                                                  referee_email=f"referee{app_id}{r}@ref.scale.test",
                                                  requested_on=requested, received_on=received)
                        self.t(RightToWorkCheck).add(learner_id=learner_id, document_type=self.rng.choice(
                            ["uk_passport", "uk_passport", "share_code", "birth_certificate_ni"]),
                            checked_on=times["enr"].date(), checked_by_id=staff_id)
                    # attendance at every session held so far (while still on the course)
                    stop = times.get("wd")
                    status_weights = {"present": 85, "late": 5, "authorised": 5, "absent": 5}
                    recorded = attended = 0
                    for session_id, day in sessions:
                        if day > self.today or (stop and _at(day) > stop):
                            break
                        status = self.pick(status_weights)
                        recorded += 1
                        attended += status in Attendance.ATTENDED
                        self.t(Attendance).add(session_id=session_id, application_id=app_id,
                                               status=status, recorded_by_id=staff_id)
                    self.t(WellbeingSurvey).add(application_id=app_id, moment="start", taken_on=start,
                                                **self._items())
                    if self.rng.random() < 0.5:
                        self.t(SupportSpend).add(application_id=app_id, category=self.rng.choice(
                            ["travel", "childcare", "clothing", "lunch"]), amount=Decimal(self.rng.choice(
                                ["12.50", "25.00", "40.00", "60.00"])), spent_on=start + timedelta(days=1),
                            paid_by=self.pick(SUPPORT_PAYERS))
                if "comp" in path:
                    self.t(CourseOutcome).add(application_id=app_id, cohort_id=cohort_id,
                                              result=CourseOutcome.Result.COMPLETED, on=end, recorded_by_id=staff_id)
                    self.t(WellbeingSurvey).add(application_id=app_id, moment="end", taken_on=end, **self._items())
                    for title in self.rng.sample(["Care Certificate", "First Aid at Work", "Safeguarding adults"],
                                                 self.rng.choice([1, 2])):
                        self.t(QualificationAward).add(application_id=app_id, title=title, level="Level 2",
                                                       awarding_body="Skills for Care", awarded_on=end,
                                                       recorded_by_id=staff_id)
                    if self.rng.random() < 0.4:
                        self.t(SatisfactionSurvey).add(respondent="learner", application_id=app_id,
                                                       cohort_id=cohort_id, score=self.rng.choice([3, 4, 4, 5, 5]),
                                                       recorded_on=end, comment="")
                    self._bursary(app_id, loc, end, staff_id, attended, recorded, BursaryPayment)
                if "pl" in path:
                    pool = self.opportunities_by_locality[loc] or self.opportunities_by_locality[
                        next(k for k in self.opportunities_by_locality)]
                    opportunity_id, provider_id = self.rng.choice(pool)
                    p_start = times["pl"].date()
                    done = "comp" in path
                    placement_id = self.t(Placement).add(
                        application_id=app_id, opportunity_id=opportunity_id, provider_id=provider_id,
                        start_date=p_start, end_date=p_start + timedelta(days=4), supervisor_name=" ".join(self.name()),
                        status="completed" if done else "accepted", match_score=self.rng.randint(40, 100),
                        confirmed_by_id=staff_id, confirmed_at=times["pl"] - timedelta(days=3),
                        responded_at=times["pl"] - timedelta(days=2))
                    if done:
                        for d in range(5):
                            self.t(PlacementAttendance).add(placement_id=placement_id, day=p_start + timedelta(days=d),
                                                            attended=self.rng.random() < 0.93)
                        if self.rng.random() < 0.7:
                            self.t(ProviderFeedback).add(placement_id=placement_id, values=self.rng.randint(3, 5),
                                                         reliability=self.rng.randint(2, 5),
                                                         potential=self.rng.randint(3, 5), comments="Kind and keen.")
                        if self.rng.random() < 0.5:
                            self.t(LearnerFeedback).add(placement_id=placement_id, rating=self.rng.randint(3, 5),
                                                        would_work_there=self.rng.random() < 0.6)
                if "int" in path:
                    pool = self.ring_fenced.get(cohort_id) or self.vacancies_by_locality[loc] or \
                        self.vacancies_by_locality[next(iter(self.vacancies_by_locality))]
                    vacancy_id, provider_id, site_id = self.rng.choice(pool)
                    starts = times["int"].replace(hour=9 + self.rng.randint(0, 7), minute=self.rng.choice([0, 30]))
                    slot_id = self.t(InterviewSlot).add(provider_id=provider_id, site_id=site_id, vacancy_id=vacancy_id,
                                                        starts_at=starts, ends_at=starts + timedelta(minutes=30),
                                                        interviewer="Registered manager")
                    offered = "off" in path
                    settled = offered or times["int"].date() < self.today - timedelta(days=30)
                    interview_id = self.t(Interview).add(
                        slot_id=slot_id, application_id=app_id, vacancy_id=vacancy_id, provider_id=provider_id,
                        booked_by_id=staff_id, booked_via=self.rng.choice(["staff", "staff", "self", "event"]),
                        outcome="offer" if offered else "no_offer" if settled else "pending",
                        outcome_reason="" if offered or not settled else "Another candidate had more experience.",
                        outcome_recorded_at=times["int"] + timedelta(days=1) if settled else None)
                    if offered:
                        started = "sw" in path
                        offer_id = self.t(JobOffer).add(
                            interview_id=interview_id, application_id=app_id, provider_id=provider_id,
                            offered_at=times["off"], status="accepted" if started else "open",
                            proposed_start_date=times["off"].date() + timedelta(days=21),
                            decided_at=times["off"] + timedelta(days=2) if started else None)
                        if started:
                            started_on = times["sw"].date()
                            self.t(JobStart).add(offer_id=offer_id, application_id=app_id, learner_id=learner_id,
                                                 provider_id=provider_id, vacancy_id=vacancy_id,
                                                 offer_made_at=times["off"], started_on=started_on,
                                                 recorded_by_id=staff_id)
                            for month in (3, 6, 12):
                                due = started_on + timedelta(days=month * 30 + 7)
                                if due > self.today:
                                    break
                                in_work = self.rng.random() < 0.85
                                self.t(RetentionFollowUp).add(
                                    application_id=app_id, month=month, in_work=in_work,
                                    same_employer=in_work and self.rng.random() < 0.8, recorded_at=_at(due),
                                    recorded_by_id=staff_id)
                # Some learners referred for English and maths come back to a later cohort.
                later = [c for c in cohort_ids if self.cohorts[c][1] > start + timedelta(days=90)]
                if outcome != "referred" or attempt or not later or self.rng.random() > 0.4:
                    break
                previous, cohort_id = app_id, self.rng.choice(later)

    def _how_applied(self, loc, staff_id, source_weights, *, has_email) -> dict:
        """Application fields for where the applicant heard of the academy and how the application was
        taken: referrals name the organisation and the work coach (the model's constraint), and someone
        without an email address applied through staff, by phone or at a drop-in."""
        source_id = self.pick(source_weights)
        _share, referral, asks_for_detail, organisation = self.sources[source_id]
        fields = {"source_id": source_id, "source_other": "Saw a poster on the bus" if asks_for_detail else ""}
        if referral:
            first, last = self.name()
            fields.update(how_taken="referral" if self.rng.random() < 0.9 or not has_email else "online",
                          referral_organisation=f"{loc} {organisation}", work_coach_name=f"{first} {last}",
                          work_coach_contact=f"{first}.{last}@referrer.scale.test".lower().replace("'", ""))
        elif has_email:
            fields["how_taken"] = self.pick({"online": 78, "phone": 14, "drop_in": 8})
        else:
            fields["how_taken"] = self.pick({"phone": 65, "drop_in": 35})
        if fields["how_taken"] != "online":
            fields["taken_by_id"] = staff_id
        return fields

    def _notify(self, notifications, event, about, learner_id, at, **values):
        """The message the portal sent the learner about an event (notifications.services.notify makes
        these as it runs): sent, except a few recent texts that failed and letters, posted once old."""
        from notifications.events import EVENTS_BY_KEY
        from notifications.rendering import render
        from notifications.services import Recipient, academy_values, channel_for

        name, email, phone, preference = self.contacts[learner_id]
        channel = channel_for(Recipient(key="", name=name, email=email, phone=phone, prefers=preference))
        spec = EVENTS_BY_KEY[event]
        values = {**academy_values(), "first_name": name.split(" ")[0], **values}
        subject = "" if channel == "text" else render(spec.email_subject, values)
        body = render(spec.text_body if channel == "text" else spec.email_body, values)
        recent = at > self.now - timedelta(days=14)
        if channel == "letter":
            status = "to_post" if recent else "posted"
        else:
            status = "failed" if recent and channel == "text" and self.rng.random() < 0.1 else "sent"
        notifications.add(
            event=event, idempotency_key=f"{event}:{about}:learner:{learner_id}:{channel}", learner_id=learner_id,
            recipient_name=name, address={"email": email, "text": phone}.get(channel, name), channel=channel,
            subject=subject, body=body, status=status, attempts=0 if channel == "letter" else 1 if status == "sent" else 5,
            last_error="The text message provider said the number is not in use." if status == "failed" else "",
            sent_at=at if status == "sent" else None, created_at=at, updated_at=at)

    def _bursary(self, app_id, loc, end, staff_id, attended, recorded, BursaryPayment):
        """A completer's bursary: paid to most who attended enough, and to a few below the threshold
        with the reason written down (courses.services.bursary_payment_record's rule)."""
        from django.conf import settings

        paid_on = end + timedelta(days=7)
        if not recorded or paid_on > self.today:
            return
        rate = Decimal(round(100 * attended / recorded, 1)).quantize(Decimal("0.1"))
        eligible = rate >= settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD
        if self.rng.random() > (0.85 if eligible else 0.1):
            return
        paid_by = self.pick(BURSARY_PAYERS)
        employer_id = self.rng.choice(self.providers_by_locality[loc])[0] if paid_by == "employer" else None
        self.t(BursaryPayment).add(
            application_id=app_id, amount=Decimal(self.rng.choice(["100.00", "150.00", "200.00"])), paid_on=paid_on,
            paid_by=paid_by, employer_id=employer_id, attendance_rate=rate, recorded_by_id=staff_id,
            paid_below_threshold_because="" if eligible else "Missed sessions for a hospital appointment.")

    def _items(self):
        return {f"item_{i}": self.rng.randint(1, 5) for i in range(1, 7)}

    def _dbs(self, learner_id, path, times, staff_id, DbsCheck, DbsEvent, DbsStatusCheck):
        accepted = times["acc"]
        if "sw" in path or "comp" in path or "int" in path:
            final = self.rng.choice(["certificate_issued", "update_service"])
        elif "enr" in path:
            final = self.pick({"form_sent": 15, "submitted": 35, "certificate_issued": 40, "update_service": 10})
        else:
            final = self.pick({"not_started": 40, "form_sent": 60})
        chain = ["not_started", "form_sent", "submitted", "certificate_issued", "update_service"]
        chain = chain[:chain.index(final) + 1]
        issued = final in ("certificate_issued", "update_service")
        disclosed = issued and self.rng.random() < 0.06
        issued_on = (accepted + timedelta(days=25)).date()
        check_id = self.t(DbsCheck).add(
            learner_id=learner_id, level="enhanced_adults", status=final,
            status_changed_at=accepted + timedelta(days=5 * len(chain)),
            certificate_number=f"{self.rng.randint(10**11, 10**12 - 1)}" if issued else "",
            certificate_issued_on=issued_on if issued else None,
            content="disclosed" if disclosed else "clear" if issued else "",
            disclosure_discussed_on=issued_on + timedelta(days=3) if disclosed else None,
            update_service_subscribed_on=issued_on + timedelta(days=5) if final == "update_service" else None,
            status_check_consent_on=issued_on + timedelta(days=5) if final == "update_service" else None,
            decision="proceed" if disclosed else "", decision_on=issued_on + timedelta(days=4) if disclosed else None,
            decision_by_id=staff_id if disclosed else None,
            decision_reason="Discussed with the learner; not relevant to the role." if disclosed else "")
        prev = ""
        for i, status in enumerate(chain):
            self.t(DbsEvent).add(dbs_check_id=check_id, from_status=prev, to_status=status,
                                 at=accepted + timedelta(days=5 * i), by_id=staff_id)
            prev = status
        if final == "update_service":
            self.t(DbsStatusCheck).add(dbs_check_id=check_id, checked_on=issued_on + timedelta(days=120),
                                       result="no_change", checked_by_id=staff_id)

    def seed_events(self):
        from impact.models import SatisfactionSurvey
        from placements.models import EventMeeting, RecruitmentEvent

        for cohort_id, candidates in self.event_candidates.items():
            loc, start, end, phase, kind, guaranteed, _sessions = self.cohorts[cohort_id]
            if kind != "sbwa" or self.rng.random() > 0.3:
                continue
            providers = [p for p, _ in self.rng.sample(self.providers_by_locality[loc],
                                                        min(4, len(self.providers_by_locality[loc])))]
            event_id = self.t(RecruitmentEvent).add(
                name=f"Meet the employers, {loc}", kind=self.rng.choice(["meet_employer", "speed_interviews"]),
                date=end - timedelta(days=2), venue=f"{loc} community centre", locality_id=self.localities[loc].pk,
                cohort_id=cohort_id, meeting_minutes=10)
            for provider_id in providers:
                self.t(RecruitmentEvent.providers.through).add_link(recruitmentevent_id=event_id,
                                                                    provider_id=provider_id)
            for app_id, _learner_id, _times in candidates:
                for provider_id in self.rng.sample(providers, min(2, len(providers))):
                    flagged = self.rng.random() < 0.3
                    self.t(EventMeeting).add(event_id=event_id, provider_id=provider_id, application_id=app_id,
                                             call_for_interview=flagged,
                                             flagged_at=_at(end - timedelta(days=2), 15) if flagged else None)
        for _loc, provider_id, _sites in self.all_providers:
            if self.rng.random() < 0.5:
                self.t(SatisfactionSurvey).add(respondent="provider", provider_id=provider_id,
                                               score=self.rng.choice([3, 4, 4, 5]),
                                               recorded_on=self.today - timedelta(days=self.rng.randint(1, 700)))

