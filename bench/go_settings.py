"""Settings of the /go/ benchmark: production, plus a bare redirect URL (bench only).

The bare view lives in bench/go_urls.py, never in the production URLs.
"""

from backportal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.go_urls"
# The admin is not benchmarked; no collected static files are needed.
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
