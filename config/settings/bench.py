"""Settings for `scripts/bench`: production's (DEBUG off, WhiteNoise with the hashed manifest), plus
the development tools that hold `seed_scale` and `bench`. Not for serving anyone."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
