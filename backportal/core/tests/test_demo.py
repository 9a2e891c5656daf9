"""`load_demo` builds the demo site and can be run again without changing it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "images": sorted(Image.objects.values_list("title", flat=True)),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "revisions": Revision.objects.count(),
    }


def test_load_demo_twice_leaves_the_same_content():
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "admin / backportal-demo" in out.getvalue()


def test_demo_has_home_and_legal_pages():
    paths = set(Page.objects.live().values_list("url_path", flat=True))
    assert {"/start/", "/start/impressum/", "/start/datenschutz/"} <= paths
