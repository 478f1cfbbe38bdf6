"""Settings: the SQLite and PostgreSQL switch, SQLite's WAL mode, and production security."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.utils.module_loading import import_string

PYTHON = sys.executable
PRODUCTION_SECRET = secrets.token_urlsafe(50)


def _run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "mesoplan.web.settings", **env}
    return subprocess.run([PYTHON, "-c", code], env=full, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_the_database_is_the_one_mesoplan_db_names() -> None:
    """MESOPLAN_DB picks the engine the whole suite runs on."""
    expected = "postgresql" if os.environ.get("MESOPLAN_DB") == "postgres" else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode_with_full_sync_and_a_busy_timeout(tmp_path: object) -> None:
    """A file database (not the in-memory test one) opens in WAL mode, syncs every commit (synchronous=FULL,
    2: an acknowledged write survives a power loss) and waits for locks, on either suite run."""
    result = _run_settings({"MESOPLAN_DB": "sqlite", "MESOPLAN_DATA": str(tmp_path)}, (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0], connection.transaction_mode)\n"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "2", "20000", "IMMEDIATE"]


def test_the_default_database_lives_in_the_data_folder() -> None:
    """`MESOPLAN_DATA` (default <repo>/var) holds the SQLite file and the photos."""
    result = _run_settings({"MESOPLAN_DB": "sqlite", "MESOPLAN_DATA": "/some/where"}, (
        "from django.conf import settings\n"
        "print(settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT)\n"))
    assert result.stdout.split() == ["/some/where/mesoplan.sqlite3", "/some/where/media"]


def test_postgres_settings_come_from_the_environment() -> None:
    result = _run_settings({"MESOPLAN_DB": "postgres", "MESOPLAN_PG_HOST": "db.example", "MESOPLAN_PG_PORT": "6543",
                            "MESOPLAN_PG_USER": "meso"}, (
        "from django.conf import settings\n"
        "d = settings.DATABASES['default']\n"
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['USER'])\n"))
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.example", "6543", "meso"]


def test_an_unknown_database_kind_is_refused() -> None:
    result = _run_settings({"MESOPLAN_DB": "oracle"}, "from django.conf import settings; settings.DATABASES")
    assert result.returncode != 0
    assert "MESOPLAN_DB must be 'sqlite' or 'postgres'" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings() -> None:
    """`django-admin check --deploy` with MESOPLAN_ENV=production reports no issue at all."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mesoplan.web.settings", "MESOPLAN_ENV": "production",
           "MESOPLAN_SECRET_KEY": PRODUCTION_SECRET, "MESOPLAN_ALLOWED_HOSTS": "mesoplan.example"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for this test process only (browser tests)
    result = subprocess.run([PYTHON, "-m", "django", "check", "--deploy", "--fail-level", "DEBUG"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret() -> None:
    result = _run_settings({"MESOPLAN_ENV": "production", "MESOPLAN_SECRET_KEY": ""},
                           "from django.conf import settings; settings.SECRET_KEY")
    assert result.returncode != 0
    assert "MESOPLAN_SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2_first() -> None:
    """Django's argon2 hasher with bounded memory (tests/web/test_accounts.py checks the parameters)."""
    assert issubclass(import_string(settings.PASSWORD_HASHERS[0]), Argon2PasswordHasher)


def test_three_languages_are_offered_with_the_locale_middleware() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ru", "fr"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
