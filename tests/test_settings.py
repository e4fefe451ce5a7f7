"""Start-up refuses configurations that would be insecure in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# Starts servers, a browser or other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "a-strong-key-for-these-tests-only-6f0c9a2e81d44b7f95c3e2a1b0d9c8e7"
# The production environment the README documents.
PRODUCTION = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.org"}


def start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "site_config.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " print(settings.DEBUG, settings.ALLOWED_HOSTS)"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_debug_is_off_by_default_and_a_secret_key_is_required():
    result = start(DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_allowed_hosts_are_required_without_debug():
    result = start(DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize(
    "key", ["short-key", "k" * 60, "django-insecure-" + "abcdefghij" * 5]
)  # fmt: skip
def test_a_weak_secret_key_is_refused(key):
    result = start(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_ADMIN_URL", "../admin", "DJANGO_ADMIN_URL may hold only"),
        ("DJANGO_HSTS_SECONDS", "a year", "DJANGO_HSTS_SECONDS must be a whole number"),
        ("DJANGO_SSL_REDIRECT", "sometimes", "DJANGO_SSL_REDIRECT must be one of"),
    ],
)
def test_unreadable_settings_stop_start_up(name, value, message):
    result = start(**PRODUCTION, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_documented_production_settings_pass_the_deployment_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_configuration_starts():
    result = start(
        DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.org, www.example.org"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org', 'www.example.org']"


def test_local_development_needs_only_debug():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_an_unreadable_debug_value_is_an_error(value):
    result = start(DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def database_with(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.db import connection;"
         " print(connection.vendor, connection.settings_dict['NAME'])"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": url,
             "DJANGO_SETTINGS_MODULE": "site_config.settings"},
    )  # fmt: skip


def test_database_url_selects_the_database():
    result = database_with("sqlite:////tmp/other.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sqlite /tmp/other.sqlite3"


@pytest.mark.parametrize("url", ["", "   "])
def test_a_blank_database_url_means_the_project_sqlite_file(url):
    result = database_with(url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sqlite {ROOT / 'db.sqlite3'}"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("://", "no scheme"), ("mongodb://db/portfolio", "scheme 'mongodb'"),
     ("portfolio.sqlite3", "no scheme")],
)  # fmt: skip
def test_an_unusable_database_url_is_a_clear_error(url, scheme):
    result = database_with(url)
    assert result.returncode != 0
    assert f"DATABASE_URL is not a database URL dj-database-url understands ({scheme})" in (
        result.stderr
    )


# --- Variables that look like settings but are read by nothing -------------------------
def deploy_check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(PRODUCTION, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_a_misspelt_variable_stops_the_deployment_check_naming_the_one_meant():
    result = deploy_check(DJANGO_ALLOWED_HOST="www.example.org")
    assert result.returncode != 0
    assert (
        "(site_config.W001) DJANGO_ALLOWED_HOST is set but not read; "
        "did you mean DJANGO_ALLOWED_HOSTS?"
    ) in result.stderr


def test_a_variable_whose_value_is_now_fixed_is_reported_as_no_longer_read():
    from site_config import env

    unread = env.unread_variables({"DJANGO_PHOTO_MAX_BYTES": "9000000"})
    assert unread == [
        ("DJANGO_PHOTO_MAX_BYTES", "no longer read: images are at most 5 MB (PHOTO_MAX_BYTES).")
    ]


def test_the_seed_checks_variable_is_reported_as_no_longer_read():
    """The suite recognises the seed CV by its content; the variable that once
    forced its checks on or off does nothing now, and is said to."""
    from site_config import env

    assert env.unread_variables({"PORTFOLIO_SEED_CHECKS": "1"}) == [
        (
            "PORTFOLIO_SEED_CHECKS",
            "no longer read: the seed CV's checks run when fixtures/cv.json is the seed CV.",
        )
    ]


def test_variables_read_by_django_gunicorn_the_tests_and_ci_are_not_reported():
    from site_config import env

    environ = {
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_SUPERUSER_PASSWORD": "x",
        "DJANGO_SUPERUSER_USERNAME": "owner",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "1",
        "GUNICORN_BIND": "127.0.0.1:8123",
        "GUNICORN_CMD_ARGS": "--reload",
        "PORTFOLIO_PG_PORT": "54329",
        "DATABASE_URL": "sqlite:///x",
        "CI": "true",
        "REDIS_URL": "redis://127.0.0.1:63790/0",
        "HOME": "/root",
    }
    assert env.unread_variables(environ) == []
    # The variables this test run was started with (pyproject.toml's and the shell's).
    assert env.unread_variables() == []


def test_the_variables_the_makefile_and_ci_set_are_read_or_known():
    from site_config import env

    scripts = [ROOT / "Makefile", ROOT / ".ci" / "run", *sorted((ROOT / ".ci").glob("*.sh"))]
    assigned = {
        name
        for script in scripts
        for name in re.findall(r"\b([A-Z][A-Z0-9_]*)=", script.read_text(encoding="utf-8"))
    }
    ours = {name: "" for name in assigned if name.startswith(env.PREFIXES)}
    assert "DJANGO_DEBUG" in ours
    assert env.unread_variables(ours) == []


def test_the_gunicorn_variables_are_those_its_configuration_reads():
    from site_config import env

    source = (ROOT / "site_config" / "gunicorn.py").read_text(encoding="utf-8")
    assert set(re.findall(r"\b(GUNICORN_[A-Z_]+)", source)) == env.SERVER_VARIABLES
