"""Product copy meets the health-claims checks: on save, in the panel, in the report."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import querydict_from_html

from backportal.claims.models import ClaimFinding
from backportal.claims.sources import check_instance
from products.factories import AffiliateLinkFactory, CategoryFactory, ProductFactory
from products.models import ClaimsKind, Product, ProductNutrient

from .conftest import box

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/snippets/products/product/"
AUTHORISED = "Magnesium trägt zu einer normalen Muskelfunktion bei."


def edit_form(client, product):
    response = client.get(f"{PRODUCTS}edit/{product.pk}/")
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    for name in ("is_active", "links-0-is_active"):
        if data.get(name) == "":
            data[name] = "on"
    return data


def save(client, product, follow=True, **fields):
    data = edit_form(client, product)
    for name, value in fields.items():
        data[name] = value
    return client.post(f"{PRODUCTS}edit/{product.pk}/", data, follow=follow)


def stored(product) -> list[tuple[str, str]]:
    return sorted(
        (row.field_label, row.rule)
        for row in ClaimFinding.objects.filter(object_id=product.pk)
        if row.content_object == product
    )


@pytest.fixture
def magnesium():
    category = CategoryFactory(name="Magnesium", claims_kind=ClaimsKind.SUPPLEMENT)
    return AffiliateLinkFactory(
        product=ProductFactory(category=category, verdict=AUTHORISED)
    ).product


def rules(product) -> list[str]:
    return [f.rule for result in check_instance(product) for f in result.findings]


@pytest.mark.parametrize(
    ("amount", "flagged"),
    [(None, True), ("40", True), ("56.24", True), ("56.25", False), ("400", False)],
)
def test_authorised_claim_passes_only_from_the_source_of_amount(
    magnesium, amount, flagged
):
    if amount is not None:
        ProductNutrient.objects.create(
            product=magnesium, nutrient="magnesium", amount=Decimal(amount)
        )
    product = Product.objects.get(pk=magnesium.pk)
    assert product.nutrient_amounts() == (
        {} if amount is None else {"magnesium": Decimal(amount)}
    )
    assert rules(product) == (["hcvo-menge"] if flagged else [])


def test_the_category_decides_which_rules_apply():
    text = "Entspannt die Muskeln. Garantiert schmerzfrei."
    supplement = ProductFactory(
        verdict=text, category=CategoryFactory(claims_kind=ClaimsKind.SUPPLEMENT)
    )
    device = ProductFactory(verdict=text, category=CategoryFactory())
    unchecked = ProductFactory(
        verdict=text, category=CategoryFactory(claims_kind=ClaimsKind.NONE)
    )
    assert "hcvo-wirkaussage" in rules(supplement)
    assert "hcvo-wirkaussage" not in rules(device)
    assert "hwg-erfolgsgarantie" in rules(device)
    assert rules(unchecked) == []


def test_saving_a_product_warns_stores_and_the_panel_shows_findings(
    admin_client, magnesium
):
    response = save(
        admin_client,
        magnesium,
        verdict="Von Ärzten empfohlen. " + AUTHORISED,
        **{
            "reference_quantity": "Tagesdosis (1 Kapsel)",
            "nutrients-TOTAL_FORMS": "1",
            "nutrients-0-nutrient": "magnesium",
            "nutrients-0-amount": "40",
            "nutrients-0-ORDER": "1",
            # Products are drafts until published; an administrator publishes.
            "action-publish": "action-publish",
        },
    )
    html = response.content.decode()
    assert (
        "Rechtliche Prüfhinweise: 2 Fehler und 0 Warnungen. Bitte vor dem "
        "Veröffentlichen prüfen." in html
    )
    assert (
        "Unser Urteil: <strong>Fehler</strong> · Empfehlung von Ärzten oder Gesundheitsberufen"
        in html
    )
    assert "angegeben sind 40 mg" in html
    magnesium.refresh_from_db()
    assert magnesium.reference_quantity == "Tagesdosis (1 Kapsel)"
    assert magnesium.nutrient_amounts() == {"magnesium": Decimal("40.000")}
    assert stored(magnesium) == [
        ("Unser Urteil", "hcvo-arztempfehlung"),
        ("Unser Urteil", "hcvo-menge"),
    ]
    # The edit view's "Rechtliche Prüfung" tab lists the same findings.
    soup = BeautifulSoup(
        admin_client.get(f"{PRODUCTS}edit/{magnesium.pk}/").content, "html.parser"
    )
    panel = soup.find(string="Rechtliche Prüfhinweise").find_parent("section")
    codes = [code.get_text() for code in panel.select(".claims-finding code")]
    assert codes == ["hcvo-arztempfehlung", "hcvo-menge"]

    # Enough magnesium and no recommendation: nothing left, in the report either.
    save(
        admin_client,
        magnesium,
        verdict=AUTHORISED,
        **{"nutrients-0-amount": "300"},
    )
    assert stored(magnesium) == []


def test_one_amount_per_nutrient_is_a_form_error_not_a_crash(admin_client, magnesium):
    response = save(
        admin_client,
        magnesium,
        follow=False,
        **{
            "nutrients-TOTAL_FORMS": "2",
            "nutrients-0-nutrient": "magnesium",
            "nutrients-0-amount": "100",
            "nutrients-0-ORDER": "1",
            "nutrients-1-nutrient": "magnesium",
            "nutrients-1-amount": "200",
            "nutrients-1-ORDER": "2",
        },
    )
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not ProductNutrient.objects.filter(product=magnesium).exists()


def test_changing_a_categorys_rules_rechecks_its_products(admin_client):
    category = CategoryFactory()
    product = ProductFactory(category=category, verdict="Entspannt die Muskeln.")
    save(admin_client, product)
    assert stored(product) == []
    response = admin_client.post(
        f"/admin/snippets/products/category/edit/{category.pk}/",
        {
            "name": category.name,
            "slug": category.slug,
            "description": "",
            "claims_kind": ClaimsKind.SUPPLEMENT,
        },
    )
    assert response.status_code == 302
    assert stored(product) == [("Unser Urteil", "hcvo-wirkaussage")]


def test_a_draft_appears_nowhere_on_the_public_site(client, publish_article, render):
    draft = AffiliateLinkFactory(
        product=ProductFactory(live=False, name="Geheimtipp")
    ).product
    page = publish_article(box(draft))
    response, soup = render(page.url)
    assert "Geheimtipp" not in response.content.decode()
    assert soup.select(".product-box") == []
    assert client.get(f"/empfehlungen/{draft.slug}/").status_code == 404
    assert "Geheimtipp" not in client.get("/empfehlungen/").content.decode()
    assert "Geheimtipp" not in client.get("/sitemap.xml").content.decode()
    go = client.get(f"/go/{draft.links.get().slug}/")
    assert go.status_code == 302 and go["Location"] == "/"


def test_deleting_a_product_deletes_its_findings(admin_client):
    product = ProductFactory(verdict="Wirkt immer.", category=CategoryFactory())
    save(admin_client, product)
    assert stored(product) == [("Unser Urteil", "hwg-erfolgsgarantie")]
    response = admin_client.post(f"{PRODUCTS}delete/{product.pk}/")
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not ClaimFinding.objects.filter(
        content_type__model="product", object_id=product.pk
    ).exists()


def test_drafts_are_listed_and_filtered_in_the_admin(admin_client):
    ProductFactory(name="Noch geheim", live=False)
    html = admin_client.get(PRODUCTS, {"live": "false"}).content.decode()
    assert "Noch geheim" in html
    assert (
        "Noch geheim"
        not in admin_client.get(PRODUCTS, {"live": "true"}).content.decode()
    )
