"""Admin login lockout for the pair of account and address (backportal/core/login.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from backportal.core import login

pytestmark = pytest.mark.django_db

PASSWORD = "Rücken-2026!"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser(
        "lockout-editor", "lockout@example.org", PASSWORD
    )


def attempt(client, password, username="lockout-editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_twenty_wrong_passwords_lock_the_account_from_that_address(editor):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(20):
        assert attempt(client, "falsch").status_code == 200
    response = attempt(client, PASSWORD)
    assert not logged_in(response)
    html = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html
    assert "15 Minuten gesperrt" in html


def test_the_lock_starts_at_the_limit_and_spares_other_addresses(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    attacker = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(4):
        attempt(attacker, "falsch")
    assert "Zu viele" not in attempt(attacker, "falsch").content.decode()  # the 5th
    assert "Zu viele" in attempt(attacker, PASSWORD).content.decode()
    # The editor at their own address is not locked out by the attacker.
    assert logged_in(attempt(Client(REMOTE_ADDR="198.51.100.20"), PASSWORD))


def test_the_lockout_expires(editor, settings, monkeypatch):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(3):
        attempt(client, "falsch")
    assert "Zu viele" in attempt(client, PASSWORD).content.decode()
    later = login._now() + settings.LOGIN_LOCKOUT_SECONDS + 1
    monkeypatch.setattr(login, "_now", lambda: later)
    assert logged_in(attempt(client, PASSWORD))


def test_a_successful_login_forgets_earlier_failures(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.10")
    attempt(client, "falsch")
    attempt(client, "falsch")
    assert logged_in(attempt(client, PASSWORD))
    client.logout()
    attempt(client, "falsch")
    attempt(client, "falsch")
    assert logged_in(attempt(client, PASSWORD))


def test_the_user_name_is_matched_case_insensitively(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.10")
    attempt(client, "falsch", "Lockout-Editor")
    attempt(client, "falsch", "LOCKOUT-EDITOR")
    assert "Zu viele" in attempt(client, PASSWORD).content.decode()


def test_nothing_about_the_address_is_kept(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.77")
    attempt(client, "falsch")
    attempt(client, "falsch")
    keys = list(cache._cache.keys())  # local-memory cache in tests
    assert keys
    assert not [key for key in keys if "203.0.113.77" in key or "lockout" in key]


def test_logins_work_when_the_cache_is_down(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25},
        }
    }
    client = Client(REMOTE_ADDR="203.0.113.10")
    attempt(client, "falsch")
    assert logged_in(attempt(client, PASSWORD))
