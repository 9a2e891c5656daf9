"""The demo site the browser tests share is there.

This is also the one browser-folder test with a database marker: pytest-django
creates the test database only for sessions that ask for it, and the browser
tests themselves use the shared demo outside transactions (conftest.py).
"""

import pytest

from articles.models import ArticlePage
from backportal.core.models import HomePage


@pytest.mark.django_db
def test_demo_site_has_a_home_page_and_articles():
    assert HomePage.objects.live().exists()
    assert ArticlePage.objects.live().count() >= 3
