"""scripts/bootstrap.sh: every install step says what it is doing; the demo shows pip's and npm's progress."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOGGER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


@pytest.fixture
def sandbox(tmp_path):
    """A copy of bootstrap.sh beside a fake .venv python, npm and dpkg that only write down how they were called."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts" / "bootstrap.sh")
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "package.json").write_text("{}")
    bin_dir, venv_bin = tmp_path / "bin", tmp_path / ".venv" / "bin"
    bin_dir.mkdir()
    venv_bin.mkdir(parents=True)
    for path in (bin_dir / "npm", bin_dir / "dpkg", venv_bin / "python"):
        path.write_text(LOGGER)
        path.chmod(0o755)
    return tmp_path


def bootstrap(sandbox, *, show_progress):
    calls = sandbox / "calls.log"
    env = {**os.environ, "PATH": f"{sandbox / 'bin'}:{os.environ['PATH']}", "CALLS": str(calls),
           "SHOW_PROGRESS": show_progress}
    result = subprocess.run(
        ["bash", "-c", "source scripts/bootstrap.sh; apt_install some-lib; python_install base; frontend_install"],
        cwd=sandbox, env=env, capture_output=True, text=True, timeout=30, check=True)
    return result.stdout, calls.read_text().splitlines()


def test_the_demo_path_names_each_step_and_lets_pip_and_npm_show_their_progress(sandbox):
    out, calls = bootstrap(sandbox, show_progress="1")
    assert "==> Installing Python packages (base) into .venv" in out
    assert "==> Installing front-end packages" in out
    pip_calls = [c for c in calls if c.startswith("python -m pip")]
    assert pip_calls and not any(" -q" in c for c in pip_calls)
    assert "npm install --no-audit --no-fund --progress=true" in calls


def test_the_test_path_names_each_step_but_keeps_pip_and_npm_quiet(sandbox):
    out, calls = bootstrap(sandbox, show_progress="0")
    assert "==> Installing Python packages (base) into .venv" in out
    assert all(" -q" in c for c in calls if c.startswith("python -m pip"))
    assert "npm install --no-audit --no-fund --silent" in calls


def test_a_second_run_says_what_it_skipped(sandbox):
    bootstrap(sandbox, show_progress="0")
    (sandbox / "node_modules" / "bootstrap").mkdir(parents=True)
    (sandbox / "node_modules" / ".package-lock.json").write_text("{}")
    out, _calls = bootstrap(sandbox, show_progress="0")
    assert "==> Python packages (base): already installed" in out
    assert "==> Front-end packages: already installed" in out


def test_the_demo_turns_progress_on_and_says_how_to_get_the_two_factor_code():
    demo = (ROOT / "scripts" / "demo").read_text()
    assert 'export SHOW_PROGRESS="${SHOW_PROGRESS:-1}"' in demo
    assert "manage.py demo_totp staff@demo.test" in demo
    assert "SHOW_PROGRESS" not in (ROOT / "scripts" / "test").read_text()  # quiet, with step names
