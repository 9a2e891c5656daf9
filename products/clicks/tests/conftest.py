"""Fixtures for the click tests: links, users with and without report access.

Live-server tests flush the test database afterwards (pytest-django's
transactional_db); the hook below rebuilds the demo site and the Marketing
group after them, so the tests that follow still find both.
"""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from pytest_django.plugin import blocking_manager_key
from wagtail.models import GroupPagePermission, Page

from articles.factories import ArticlePageFactory
from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group
from products.clicks.models import Click, DailyClicks, RollupDay
from products.clicks.services import forget_salts
from products.factories import AffiliateLinkFactory

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the session's last test the test database is already gone.
    if "live_server" in item.fixturenames and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_demo", stdout=io.StringIO())
            ensure_marketing_group()
    return result


@pytest.fixture(autouse=True)
def _fresh_salt_cache():
    """Each test's salts live in its own transaction; forget the process copy."""
    forget_salts()
    yield
    forget_salts()


@pytest.fixture
def no_clicks(db):
    """Start from empty click tables (the demo may hold a click history)."""
    Click.objects.all().delete()
    DailyClicks.objects.all().delete()
    RollupDay.objects.all().delete()


@pytest.fixture
def link(db):
    return AffiliateLinkFactory(url="https://shop.example/kissen?partner=bp-21")


@pytest.fixture
def article(db):
    page = ArticlePageFactory(title="Verspannungen lösen", slug="verspannungen-loesen")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def browser_headers():
    return {"HTTP_USER_AGENT": BROWSER_UA, "REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def marketing_user(django_user_model):
    user = django_user_model.objects.create_user("marketing-test", password="pw")
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    return user


@pytest.fixture
def editor_user(django_user_model):
    """Edits every page and every catalogue snippet; no report permission."""
    group = Group.objects.create(name="Redaktion (Test)")
    group.permissions.add(
        _access_admin(),
        *Permission.objects.filter(content_type__app_label="products"),
    )
    GroupPagePermission.objects.create(
        group=group,
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user("redaktion-test", password="pw")
    user.groups.add(group)
    return user


def _access_admin():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


@pytest.fixture
def admin_only_user(django_user_model):
    user = django_user_model.objects.create_user("nur-admin-test", password="pw")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user
