"""People's names for factories: Faker's British names, without apostrophes.

Pages escape an apostrophe (O'Brien is O&#x27;Brien in the HTML), so a test that looks for a random name
in a page would fail now and then. Escaping itself is tested on purpose, with a fixed name, in
tests/security/test_names_are_escaped.py.
"""

import factory
from faker import Faker

_fake = Faker("en_GB")


def person_name(part: str = "name"):
    """A factory declaration for `first_name`, `last_name` or a whole `name`."""
    return factory.LazyFunction(lambda: getattr(_fake, part)().replace("'", ""))
