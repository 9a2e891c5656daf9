"""The "Produkt-Link" of rich text survives the editor: database <-> Draftail."""

import json

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from products.factories import ProductFactory

pytestmark = pytest.mark.django_db

FEATURES = ["bold", "italic", "link", "product-link"]


def test_stored_link_becomes_an_entity_over_its_text_and_back():
    product = ProductFactory(name="Wärmekissen Deluxe")
    converter = ContentstateConverter(features=FEATURES)
    stored = (
        f'<p>Probier <embed embedtype="product" id="{product.pk}" '
        'text="das Kissen &amp; mehr"/> aus, <b>wirklich</b>.</p>'
    )
    contentstate = json.loads(converter.from_database_format(stored))
    (block,) = contentstate["blocks"]
    assert block["text"] == "Probier das Kissen & mehr aus, wirklich."
    (entity_range,) = block["entityRanges"]
    assert block["text"][entity_range["offset"] :][: entity_range["length"]] == (
        "das Kissen & mehr"
    )
    entity = contentstate["entityMap"][str(entity_range["key"])]
    assert entity["type"] == "PRODUCT_LINK"
    assert entity["data"] == {"id": product.pk, "title": "Wärmekissen Deluxe"}

    round_trip = converter.to_database_format(json.dumps(contentstate))
    assert (
        f'<embed embedtype="product" id="{product.pk}" text="das Kissen &amp; mehr"/>'
        in (round_trip)
    )
    assert round_trip.startswith('<p data-block-key="')
    assert "Probier <embed" in round_trip
    assert "/> aus, <b>wirklich</b>.</p>" in round_trip


def test_a_deleted_product_keeps_its_text_in_the_editor():
    converter = ContentstateConverter(features=FEATURES)
    contentstate = json.loads(
        converter.from_database_format(
            '<p><embed embedtype="product" id="424242" text="altes Produkt"/></p>'
        )
    )
    assert contentstate["blocks"][0]["text"] == "altes Produkt"
