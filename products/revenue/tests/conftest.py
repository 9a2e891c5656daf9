"""Fixtures for revenue tests; the article and link helpers come from products' tests."""

import pytest

from products.revenue import references
from products.tests.conftest import (  # noqa: F401 - fixtures
    direct_link,
    publish_article,
    redirect_link,
    render,
)


@pytest.fixture(autouse=True)
def _fresh_revenue_snapshot():
    """Each test's settings live in its own transaction; forget the process copy."""
    references.forget()
    yield
    references.forget()
