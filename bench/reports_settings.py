"""Settings of the report benchmark: production, with static files served uncollected."""

from backportal.settings.production import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
ALLOWED_HOSTS = ["testserver"]
