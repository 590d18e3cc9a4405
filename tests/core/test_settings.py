"""Settings: the embedded default needs nothing; production refuses unsafe values; bad values are loud."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhurnal.settings.env import env_bool, env_int


def run_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "zhurnal", "check", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_SETTINGS_MODULE="zhurnal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_check(
        DJANGO_SETTINGS_MODULE="zhurnal.settings.production", DEBUG="1", SECRET_KEY=secrets.token_urlsafe(60)
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_the_deploy_check_is_clean_on_production_settings():
    result = run_check(
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="zhurnal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="school.example",
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("ZHURNAL_SOMETHING", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ZHURNAL_SOMETHING"):
        env_bool("ZHURNAL_SOMETHING")
    monkeypatch.setenv("ZHURNAL_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="ZHURNAL_NUMBER"):
        env_int("ZHURNAL_NUMBER", 1)


def test_the_embedded_default_is_sqlite_in_wal_mode_with_foreign_keys(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_the_embedded_default_makes_its_own_secret_key_once_and_keeps_it_private(tmp_path):
    var = tmp_path / "var"
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    environment["ZHURNAL_VAR_DIR"] = str(var)

    def started_key() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "zhurnal", "shell", "-c", show_key],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    first = started_key()
    kept = var / "secret_key"
    assert kept.read_text().strip() == first
    assert len(first) >= 50 and "embedded-default" not in first
    assert kept.stat().st_mode & 0o777 == 0o600
    assert started_key() == first


def test_production_does_not_take_the_embedded_key_from_var(tmp_path):
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(64))
    result = run_check(DJANGO_SETTINGS_MODULE="zhurnal.settings.production", ZHURNAL_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
