"""Fixtures of the load and fault tests: the demo site under gunicorn on PostgreSQL.

The tests use pytest-django's test database, committed (transactional tests),
so the gunicorn workers in their own processes see the demo content.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.quality.tools import require

from .server import collectstatic, database_url, gunicorn, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collectstatic(root)
    return root


@pytest.fixture
def production_site(request, transactional_db, tmp_path):
    """Base URL of gunicorn (2 workers, production settings) serving the demo."""
    require(
        connection.vendor == "postgresql",
        "load tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    static_root = request.getfixturevalue("static_root")
    call_command("load_demo", stdout=io.StringIO())
    env = production_env(
        database_url(connection.settings_dict), static_root, settings.MEDIA_ROOT
    )
    with (tmp_path / "gunicorn.log").open("w") as log, gunicorn(env, log=log) as url:
        yield url
