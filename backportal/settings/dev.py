"""Local development: debug on, a throwaway key while debug is on."""

from .base import *  # noqa: F403
from .base import env, require_secret_key

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else "")
require_secret_key(SECRET_KEY, DEBUG)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# runserver opens a thread, and so a connection, per request: a persistent one
# would stay idle after its thread ends until PostgreSQL runs out of slots.
# Close each at the end of its request, as Django's docs advise for runserver.
if not DATABASES["default"].get("OPTIONS", {}).get("pool"):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)  # noqa: F405
