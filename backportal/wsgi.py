"""WSGI entry point for gunicorn: `gunicorn backportal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backportal.settings.production")

application = get_wsgi_application()
