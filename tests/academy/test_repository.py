"""The project's own files hold no half-finished merge: a conflict marker left in a doc, template or
module is found here rather than by a reader (or, in code, by a syntax error at start-up)."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
TEXT_SUFFIXES = {".py", ".html", ".md", ".txt", ".toml", ".yml", ".yaml", ".cfg", ".css", ".js", ".json", ".sh"}


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.splitlines() if Path(name).suffix in TEXT_SUFFIXES]


def test_no_file_holds_a_merge_conflict_marker():
    files = tracked_text_files()
    assert len(files) > 100  # the listing worked
    marked = [str(path.relative_to(ROOT)) for path in files
              if path.exists() and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert marked == []
