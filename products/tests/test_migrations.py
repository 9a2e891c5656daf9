"""Old catalogue data survives the draft/publish migrations.

Migrates products back to 0002 (the home-made `is_draft` flag, merchants
without a publication state), writes rows the way that schema stored them,
migrates forward to the latest state and checks what readers would see.
Runs on the CI's PostgreSQL (transactional_db: migrations need their own
transactions); products/tests/conftest.py reloads the demo afterwards.
"""

from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_DRAFT_STATE = [("products", "0002_add_claims_fields")]


def migrate(targets):
    """Migrate to `targets`; the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(targets).apps


def test_is_draft_becomes_live_and_nothing_is_lost(transactional_db):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE_DRAFT_STATE)
    category = old.get_model("products", "Category").objects.create(
        name="Altbestand", slug="altbestand-migration", claims_kind="device"
    )
    Product = old.get_model("products", "Product")
    Product.objects.create(
        name="Entwurf von früher",
        slug="entwurf-von-frueher",
        category=category,
        verdict="Noch nicht fertig.",
        is_draft=True,
    )
    Product.objects.create(
        name="Veröffentlicht von früher",
        slug="veroeffentlicht-von-frueher",
        category=category,
        short_description="Ein Wärmekissen.",
        verdict="Hält lange warm.",
        pros="Warm\nLeise",
        our_rating=Decimal("4.5"),
        is_active=True,
        is_draft=False,
    )
    old.get_model("products", "Merchant").objects.create(
        name="Alter Laden",
        slug="alter-laden-migration",
        disclosure_statement="Pflichthinweis von früher.",
    )

    new = migrate(latest)
    Product = new.get_model("products", "Product")
    draft = Product.objects.get(slug="entwurf-von-frueher")
    assert not draft.live
    assert draft.has_unpublished_changes
    assert draft.verdict == "Noch nicht fertig."

    published = Product.objects.get(slug="veroeffentlicht-von-frueher")
    assert published.live
    assert not published.has_unpublished_changes
    assert published.first_published_at == published.created_at
    assert published.last_published_at == published.updated_at
    assert (
        published.name,
        published.short_description,
        published.verdict,
        published.pros,
        published.our_rating,
        published.is_active,
        published.category.slug,
    ) == (
        "Veröffentlicht von früher",
        "Ein Wärmekissen.",
        "Hält lange warm.",
        "Warm\nLeise",
        Decimal("4.5"),
        True,
        "altbestand-migration",
    )

    merchant = new.get_model("products", "Merchant").objects.get(
        slug="alter-laden-migration"
    )
    assert merchant.live
    assert not merchant.has_unpublished_changes
    assert merchant.disclosure_statement == "Pflichthinweis von früher."
