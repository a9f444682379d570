"""The personnel file's public entry points (the code lives in learners/personnel/)."""

from .personnel.services import (  # noqa: F401
    personnel_file_build,
    personnel_file_release,
    personnel_file_release_revoke,
    personnel_file_releases_stop,
    personnel_file_request_build,
)

