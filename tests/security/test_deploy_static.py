"""The Docker image serves its pages: collectstatic, run as the Dockerfile runs it, writes the
hashed manifest the production settings serve from, and a page renders with DEBUG off.

Without the manifest every page that names a static file is a 500 in production ("Missing
staticfiles manifest entry"), which is what an image built with DEBUG on used to give.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def _dockerfile_instructions():
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    lines = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if not line.lstrip().startswith("#")]
    return [i.strip() for i in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines() if i.strip()]


def _image_env():
    """The environment the image sets for every later step and at run time (its ENV lines)."""
    env = {}
    for instruction in _dockerfile_instructions():
        if instruction.startswith("ENV "):
            env.update(token.split("=", 1) for token in shlex.split(instruction[4:]))
    return env


def _collectstatic_step():
    """The variables set on the collectstatic command line, and the command itself."""
    for instruction in _dockerfile_instructions():
        if instruction.startswith("RUN ") and "collectstatic" in instruction:
            step = next(part for part in instruction[4:].split("&&") if "collectstatic" in part)
            tokens = shlex.split(step)
            assignments = dict(t.split("=", 1) for t in tokens if ENV_ASSIGNMENT.match(t))
            command = [t for t in tokens if not ENV_ASSIGNMENT.match(t)]
            return assignments, command
    raise AssertionError("the Dockerfile runs no collectstatic")


def _clean_environment():
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_"))}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT as the image's build step leaves it (collected into a temporary folder)."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    assignments, command = _collectstatic_step()
    assert command[:2] == ["python", "manage.py"]
    env = {**_clean_environment(), **_image_env(), **assignments, "DJANGO_STATIC_ROOT": str(static_root)}
    result = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root


@pytest.fixture(scope="module")
def runtime_staticfiles_backend():
    """The static files storage the image's settings use at run time (a real key given, as compose does)."""
    env = {**_clean_environment(), **_image_env(), "DJANGO_SECRET_KEY": "runtime-" + "r" * 50}
    code = "import django; django.setup(); from django.conf import settings; " \
           "print(settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    debug, backend = result.stdout.split()
    assert debug == "False"
    return backend


def test_the_image_runs_the_production_settings_and_keeps_no_secret_key():
    image_env = _image_env()
    assert image_env.get("DJANGO_SETTINGS_MODULE") == "config.settings.production"
    assert "DJANGO_SECRET_KEY" not in image_env
    assert "DJANGO_DEBUG" not in {**image_env, **_collectstatic_step()[0]}


def test_collectstatic_as_the_image_runs_it_writes_the_manifest(collected):
    manifest = collected / "staticfiles.json"
    assert manifest.exists()
    paths = json.loads(manifest.read_text())["paths"]
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", paths["css/portal.css"])


@pytest.mark.django_db
def test_a_page_renders_with_debug_off_from_the_image_static_files(collected, runtime_staticfiles_backend):
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": runtime_staticfiles_backend}}
    with override_settings(DEBUG=False, STATIC_ROOT=str(collected), STORAGES=storages,
                           WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False):
        client = Client()
        page = client.get("/")
        assert page.status_code == 200
        stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page.content.decode())
        assert stylesheet, "the page does not link the hashed stylesheet"
        served = client.get(stylesheet.group(1))
        assert served.status_code == 200
        assert b"".join(served.streaming_content)
