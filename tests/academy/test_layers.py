"""The import graph runs one way: the base app imports no other app of ours, the messages app
(notifications) only the base, and the apps on top (reminders, reach, workqueue, imports, devtools)
are imported by nothing below them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = "academy"
# Sits between the base and the domain apps: domain services call notifications.services.notify.
MESSAGES = "notifications"
DOMAIN = {"learners", "providers", "vacancies", "courses", "placements", "impact", "equality"}
TOP = {"reminders", "reach", "workqueue", "imports", "devtools"}
OURS = {BASE, MESSAGES, *DOMAIN, *TOP}


def _imported_apps(app: str) -> dict[str, set[str]]:
    """Every app of ours that a module of `app` imports, by module path (migrations left out)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in OURS and top != app:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_base_app_imports_no_other_app_of_ours():
    assert _imported_apps(BASE) == {}


def test_the_messages_app_imports_only_the_base_app():
    assert set(_imported_apps(MESSAGES)) <= {BASE}


@pytest.mark.parametrize("app", sorted(DOMAIN))
def test_a_domain_app_imports_nothing_from_the_top(app):
    imported = _imported_apps(app)
    assert {top: imported[top] for top in TOP if top in imported} == {}


@pytest.mark.parametrize("app", ["reminders", "reach"])
def test_the_apps_on_top_do_not_import_the_development_tools(app):
    assert "devtools" not in _imported_apps(app)
