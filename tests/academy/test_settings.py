import os
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


def _settings_in_subprocess(env_overrides, expr, tmp_dir="/"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_"))}
    env.update(env_overrides, DJANGO_READ_DOT_ENV="false")
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.base'; django.setup(); " \
           f"from django.conf import settings; print(({expr},))"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_dir, env={**env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)


def test_default_database_is_a_sqlite_file_and_tasks_run_in_process():
    result = _settings_in_subprocess({"DJANGO_DEBUG": "true"},
                                     "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and "True" in result.stdout


def test_database_url_and_broker_come_from_the_environment():
    result = _settings_in_subprocess(
        {"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/elsewhere",
         "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"},
        "settings.DATABASES['default']['NAME'], settings.CELERY_TASK_ALWAYS_EAGER",
    )
    assert result.returncode == 0, result.stderr
    assert "('elsewhere', False)" in result.stdout


@pytest.mark.parametrize("debug", ["false", ""])
def test_production_refuses_to_start_without_a_secret_key(debug):
    env = {"DJANGO_DEBUG": debug} if debug else {}
    result = _settings_in_subprocess(env, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_rate_limits_and_cache_use_redis_when_it_is_configured():
    result = _settings_in_subprocess(
        {"DJANGO_DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/2"},
        "settings.CACHES['default']['BACKEND'], settings.ACCOUNT_RATE_LIMITS['login_failed']",
    )
    assert result.returncode == 0, result.stderr
    assert "academy.cache_backends.FailOpenRedisCache" in result.stdout
    assert "20/h/key" in result.stdout


def test_without_redis_the_cache_is_in_process():
    result = _settings_in_subprocess({"DJANGO_DEBUG": "true"}, "settings.CACHES['default']['BACKEND']")
    assert result.returncode == 0, result.stderr
    assert "LocMemCache" in result.stdout


def test_production_settings_require_email_verification_and_secure_cookies():
    result = _settings_in_subprocess(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "z" * 20},
        "settings.ACCOUNT_EMAIL_VERIFICATION, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT",
    )
    assert result.returncode == 0, result.stderr
    assert "('mandatory', True, True, 31536000, True)" in result.stdout
