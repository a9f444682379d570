import os
import re
import subprocess
import sys
from pathlib import Path

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_database_url_for_postgres_is_parsed():
    config = environ.Env.db_url_config("postgres://postgres@127.0.0.1:5432/portal")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("127.0.0.1", 5432, "portal", "postgres")


PRODUCTION_KEY = "k" * 20 + "-production-like-secret-" + "z" * 20


def _settings_in_subprocess(env_overrides, expr, tmp_dir="/", module="config.settings.local"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_"))}
    env.update(env_overrides, DJANGO_READ_DOT_ENV="false")
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='{module}'; django.setup(); " \
           f"from django.conf import settings; print(({expr},))"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_dir, env={**env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)


def test_default_database_is_a_sqlite_file_and_tasks_run_in_process():
    result = _settings_in_subprocess({}, "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and "True" in result.stdout


def test_local_settings_need_no_environment_debug_on_plain_http_and_the_development_tools():
    result = _settings_in_subprocess(
        {}, "settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
            "settings.SECURE_HSTS_SECONDS, settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL, 'devtools' in settings.INSTALLED_APPS",
    )
    assert result.returncode == 0, result.stderr
    assert "(True, False, False, 0, 'http', True)" in result.stdout


def test_database_url_and_broker_come_from_the_environment():
    result = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/elsewhere",
         "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"},
        "settings.DATABASES['default']['NAME'], settings.CELERY_TASK_ALWAYS_EAGER",
    )
    assert result.returncode == 0, result.stderr
    assert "('elsewhere', False)" in result.stdout


@pytest.mark.parametrize("debug", ["true", ""])
def test_production_refuses_to_start_without_a_secret_key_even_with_debug_asked_for(debug):
    env = {"DJANGO_DEBUG": debug} if debug else {}
    result = _settings_in_subprocess(env, "settings.SECRET_KEY", module="config.settings.production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


def test_production_keeps_debug_off_whatever_the_environment_says():
    result = _settings_in_subprocess({"DJANGO_DEBUG": "true", "DJANGO_SECRET_KEY": PRODUCTION_KEY},
                                     "settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND']",
                                     module="config.settings.production")
    assert result.returncode == 0, result.stderr
    assert "(False, 'whitenoise.storage.CompressedManifestStaticFilesStorage')" in result.stdout


def test_production_installs_no_development_tools_and_routes_no_bench_urls():
    expr = ("'devtools' in settings.INSTALLED_APPS, "
            "[str(p.pattern) for p in __import__('django.urls').urls.get_resolver().url_patterns "
            "if 'bench' in str(p.pattern)], "
            "any(m == 'devtools' or m.startswith('devtools.') for m in __import__('sys').modules)")
    result = _settings_in_subprocess({"DJANGO_SECRET_KEY": PRODUCTION_KEY}, expr, module="config.settings.production")
    assert result.returncode == 0, result.stderr
    assert "(False, [], False)" in result.stdout
    # The same probe sees the development tools where they are installed, so it can fail.
    local = _settings_in_subprocess({}, "'devtools' in settings.INSTALLED_APPS", module="config.settings.local")
    assert "(True,)" in local.stdout, local.stderr


def test_no_product_code_imports_the_development_tools():
    sources = [p for p in ROOT.glob("*/**/*.py")
               if p.parts[len(ROOT.parts)] not in {"devtools", "tests", ".venv", "node_modules"}
               and p.relative_to(ROOT).parts[:2] != ("config", "settings")]
    assert sources
    importing = [str(p.relative_to(ROOT)) for p in sources
                 if re.search(r"^\s*(from|import)\s+devtools\b", p.read_text(encoding="utf-8"), re.M)]
    assert importing == []


def test_rate_limits_and_cache_use_redis_when_it_is_configured():
    result = _settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/2"},
        "settings.CACHES['default']['BACKEND'], settings.ACCOUNT_RATE_LIMITS['login_failed']",
    )
    assert result.returncode == 0, result.stderr
    assert "academy.cache_backends.FailOpenRedisCache" in result.stdout
    assert "20/h/key" in result.stdout


def test_without_redis_the_cache_is_in_process():
    result = _settings_in_subprocess({}, "settings.CACHES['default']['BACKEND']")
    assert result.returncode == 0, result.stderr
    assert "LocMemCache" in result.stdout


def test_production_settings_require_email_verification_and_secure_cookies():
    result = _settings_in_subprocess(
        {"DJANGO_SECRET_KEY": PRODUCTION_KEY},
        "settings.ACCOUNT_EMAIL_VERIFICATION, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT",
        module="config.settings.production",
    )
    assert result.returncode == 0, result.stderr
    assert "('mandatory', True, True, 31536000, True)" in result.stdout
