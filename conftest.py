"""Shared fixtures: the test database holds the demo site, as `make run` builds it.

The demo is loaded once per session through `load_demo` itself; each test runs
in a transaction that is rolled back, so tests may change it freely.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
