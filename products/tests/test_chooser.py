"""The product chooser editors use in boxes, tables and text links."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from products.factories import AffiliateLinkFactory, ProductFactory

pytestmark = pytest.mark.django_db


def chooser_rows(client, **params) -> dict[str, list[str]]:
    url = reverse("wagtailsnippetchoosers_products_product:choose")
    html = json.loads(client.get(url, params).content)["html"]
    soup = BeautifulSoup(html, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    rows = {}
    for row in soup.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        rows[cells[headings.index("Titel")]] = cells
    return headings, rows


def test_chooser_shows_picture_category_price_and_status(admin_client):
    live = AffiliateLinkFactory(product__name="Testkissen Live", price=24.5)
    draft = ProductFactory(name="Testkissen Entwurf", live=False)
    AffiliateLinkFactory(product=draft)
    no_shop = ProductFactory(name="Testkissen ohne Shop")
    headings, rows = chooser_rows(admin_client, q="Testkissen")
    assert headings[1:] == ["Titel", "Kategorie", "Preis", "Status"]
    assert rows["Testkissen Live"][2] == live.product.category.name
    assert rows["Testkissen Live"][3].startswith("24,50 €")
    assert rows["Testkissen Live"][4] == "live"
    # Drafts may be chosen (they render nothing to readers until live).
    assert rows[draft.name][4] == "Entwurf"
    assert rows[no_shop.name][4] == "Nicht lieferbar"


def test_chooser_warns_of_a_broken_link(admin_client):
    """The link check found the shop's page gone: the editor sees it before placing."""
    from products.linkcheck.models import LinkCheck, LinkState

    link = AffiliateLinkFactory(product__name="Testkissen kaputt", price=19.9)
    LinkCheck.objects.create(link=link, state=LinkState.BROKEN)
    _headings, rows = chooser_rows(admin_client, q="Testkissen")
    assert rows["Testkissen kaputt"][4] == "Link defekt"
