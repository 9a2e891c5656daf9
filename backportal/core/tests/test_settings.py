"""Configuration as an operator meets it: env vars, production checks, locale."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template

from backportal.settings.base import BASE_DIR

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "backportal.settings.production",
    "SECRET_KEY": "k3#Vq9!zR2@pL8$wX5^tN1&mB6*cJ4(hF7)dY0-sG+aE1=uZo2Wi4Yr",
    "ALLOWED_HOSTS": "www.backportal.example",
    "DATABASE_URL": "sqlite:////tmp/backportal-check.sqlite3",
}


def run_manage(*args, env):
    inherited = {"PATH", "HOME", "LANG", "PYTHONPATH"}
    clean_env = {k: v for k, v in os.environ.items() if k in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_missing_secret_key_with_debug_off_fails_clearly():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    env["SECRET_KEY"] = ""
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_dev_settings_with_debug_off_also_refuse_a_missing_key():
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "backportal.settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": "",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_dates_render_in_german_without_leading_zero():
    html = Template("{{ day|date }}").render(
        Context({"day": datetime.date(2025, 12, 8)})
    )
    assert html == "8. Dezember 2025"


def test_site_runs_in_german_and_berlin_time():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"


@pytest.mark.skipif(
    os.environ.get("CI") != "true", reason="only CI must run on PostgreSQL"
)
def test_ci_runs_the_suite_on_postgresql():
    assert connection.vendor == "postgresql"
