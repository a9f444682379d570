"""The personnel file's public entry points (the code lives in learners/personnel/)."""

import time

from .personnel.services import (  # noqa: F401
    personnel_file_build,
    personnel_file_release,
    personnel_file_release_revoke,
    personnel_file_releases_stop,
    personnel_file_request_build,
)


def bench_personnel_files(*, learner_ids: list[int]) -> dict:
    """Builds each learner's file in turn, as one worker process does; returns seconds per file and files per minute.

    The first build warms up fonts and templates and is not counted.
    """
    if not learner_ids:
        return {"files": 0, "seconds_per_file": None, "files_per_minute": None}
    personnel_file_build(learner_id=learner_ids[0])
    started = time.perf_counter()
    for learner_id in learner_ids:
        personnel_file_build(learner_id=learner_id)
    elapsed = time.perf_counter() - started
    per_file = elapsed / len(learner_ids)
    return {"files": len(learner_ids), "seconds_per_file": per_file, "files_per_minute": 60 / per_file}
