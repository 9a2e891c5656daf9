"""The affiliate notice and disclosure defaults: our own words, migrated in place."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Site

from backportal.claims.checker import check_text
from backportal.core.models import (
    AFFILIATE_DISCLOSURE_DEFAULT,
    AFFILIATE_NOTICE_DEFAULT,
    SiteSettings,
)

migration = importlib.import_module(
    "backportal.core.migrations.0004_rewrite_affiliate_texts_in_own_words"
)


def test_new_defaults_are_in_place_and_differ_from_the_old_ones():
    assert SiteSettings._meta.get_field("affiliate_notice").default == (
        AFFILIATE_NOTICE_DEFAULT
    )
    assert SiteSettings._meta.get_field("affiliate_disclosure").default == (
        AFFILIATE_DISCLOSURE_DEFAULT
    )
    assert migration.NEW_NOTICE == AFFILIATE_NOTICE_DEFAULT
    assert migration.NEW_DISCLOSURE == AFFILIATE_DISCLOSURE_DEFAULT
    # Not one sentence of the old defaults survives.
    for old in (migration.OLD_NOTICE, migration.OLD_DISCLOSURE):
        for sentence in old.split(". "):
            assert sentence.strip(". ") not in AFFILIATE_NOTICE_DEFAULT
            assert sentence.strip(". ") not in AFFILIATE_DISCLOSURE_DEFAULT
    for kind in ("supplement", "device", "article"):
        assert check_text(AFFILIATE_NOTICE_DEFAULT, kind) == []
        assert check_text(AFFILIATE_DISCLOSURE_DEFAULT, kind) == []
    assert "Werbung" in AFFILIATE_NOTICE_DEFAULT


@pytest.mark.django_db
def test_migration_updates_old_defaults_and_leaves_edited_texts_alone():
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.affiliate_notice = migration.OLD_NOTICE
    settings.affiliate_disclosure = "Unser eigener, bearbeiteter Offenlegungstext."
    settings.save()

    migration.forwards(apps, None)

    settings.refresh_from_db()
    assert settings.affiliate_notice == AFFILIATE_NOTICE_DEFAULT
    assert settings.affiliate_disclosure == (
        "Unser eigener, bearbeiteter Offenlegungstext."
    )

    settings.affiliate_disclosure = migration.OLD_DISCLOSURE
    settings.save()
    migration.forwards(apps, None)
    settings.refresh_from_db()
    assert settings.affiliate_disclosure == AFFILIATE_DISCLOSURE_DEFAULT
    migration.backwards(apps, None)
    settings.refresh_from_db()
    assert settings.affiliate_notice == migration.OLD_NOTICE
