"""Admin login throttling: a lockout for the pair of account and address.

Wagtail's login view uses this form (settings.WAGTAILADMIN_USER_LOGIN_FORM).
After LOGIN_FAILURE_LIMIT failed attempts for one account from one address
within LOGIN_LOCKOUT_SECONDS, that pair is locked for LOGIN_LOCKOUT_SECONDS;
the same account from another address still works, so no one can lock the
editors out of the admin from outside. State lives in the cache under keyed
hashes (HMAC with SECRET_KEY): no address, no access log, no table. A
failing cache lets logins through (fails open).

Why not django-axes: 8.3.1 declares Django up to 6.0 and keys its cache
entries by an unkeyed MD5 of address and user name.
"""

from __future__ import annotations

import logging
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from wagtail.admin.forms.auth import LoginForm

from .guards import client_address

logger = logging.getLogger(__name__)
# Cache failures go to the cache's logger, one record a minute (settings LOGGING).
cache_logger = logging.getLogger("backportal.cache")

LOCKED_MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto. Aus Sicherheitsgründen "
    "ist die Anmeldung von hier aus für %(minutes)d Minuten gesperrt. Bitte versuche "
    "es danach erneut oder setze dein Passwort zurück."
)


def _now() -> float:
    return time.time()


def _key(kind: str, username: str, request) -> str:
    pair = (
        f"{username.strip().casefold()}\n{client_address(request) if request else ''}"
    )
    digest = salted_hmac("backportal.login", pair, algorithm="sha256").hexdigest()
    return f"login:{kind}:{digest[:32]}"


def locked_until(username: str, request) -> float | None:
    """When the lock of this account and address ends, or None if it is not locked."""
    try:
        until = cache.get(_key("lock", username, request))
    except Exception:  # noqa: BLE001 - a cache outage fails open
        return None
    return until if until and until > _now() else None


def record_failure(username: str, request) -> None:
    """Count a failed attempt; the LOGIN_FAILURE_LIMIT-th locks the pair."""
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    failures_key = _key("failures", username, request)
    try:
        cache.add(failures_key, 0, timeout=seconds)
        failures = cache.incr(failures_key)
    except Exception:  # noqa: BLE001 - a cache outage fails open
        failures = None
    if failures is None:  # raised, or swallowed by django-redis IGNORE_EXCEPTIONS
        cache_logger.warning("Admin login failure not counted: cache unavailable")
        return
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        try:
            cache.set(_key("lock", username, request), _now() + seconds, seconds)
            cache.delete(failures_key)
        except Exception:  # noqa: BLE001 - a cache outage fails open
            cache_logger.warning("Admin login lock not stored: cache unavailable")
            return
        logger.warning("Admin login locked for one account after %d failures", failures)


def forget_failures(username: str, request) -> None:
    try:
        cache.delete(_key("failures", username, request))
    except Exception:  # noqa: BLE001 - a cache outage fails open
        return


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, refusing a locked account+address pair before checking.

    Costs two cache round trips per attempt (plus one per failure).
    """

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        until = locked_until(username, self.request)
        if until is not None:
            minutes = max(1, round((until - _now()) / 60))
            raise forms.ValidationError(
                LOCKED_MESSAGE, code="locked", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if username and getattr(error, "code", None) == "invalid_login":
                record_failure(username, self.request)
            raise
        forget_failures(username, self.request)
        return cleaned
