"""People's names for factories: Faker's British names, made double-barrelled and without apostrophes.

Tests check that a learner's name is on a page, or that it is not (partners, emails, CSVs). Single
random names made both kinds flaky: pages escape an apostrophe (O'Brien is O&#x27;Brien in the HTML),
and many names are also ordinary words on our pages ("May" in "May 2026", "Page", "Young", "Hall").
"Anne-Grace Young-Hall" is a believable name that no page contains by accident. Escaping is tested on
purpose, with a fixed name, in tests/security/test_names_are_escaped.py.
"""

import factory
from faker import Faker

_fake = Faker("en_GB")


def _part(kind: str) -> str:
    pick = _fake.first_name if kind == "first_name" else _fake.last_name
    return f"{pick()}-{pick()}".replace("'", "")


def person_name(part: str = "name"):
    """A factory declaration for a `first_name`, a `last_name` or a whole `name`."""
    if part == "name":
        return factory.LazyFunction(lambda: f"{_part('first_name')} {_part('last_name')}")
    return factory.LazyFunction(lambda: _part(part))
