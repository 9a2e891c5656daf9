"""Test settings: honour DATABASE_URL (PostgreSQL in CI), fast hashing, plain storage."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# check_links may only contact this machine under tests (products/linkcheck/checker.py).
LINKCHECK_LOOPBACK_ONLY = True
# Revenue settings snapshot: never expires by time under tests (saves clear it),
# so no query budget depends on how long the session has run.
REVENUE_SETTINGS_SECONDS = None
