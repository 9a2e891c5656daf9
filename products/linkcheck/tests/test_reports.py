"""The admin side: "Defekte Links", "Veraltete Daten", the dashboard panel, exclusions."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticlePageFactory
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.linkcheck.models import LinkCheck, LinkState
from products.tests.conftest import box, product_link, text

pytestmark = pytest.mark.django_db

BROKEN_REPORT = "/admin/reports/defekte-links/"
STALE_REPORT = "/admin/reports/veraltete-daten/"


def user(username):
    return get_user_model().objects.get(username=username)


def page_by(editor, *blocks, title):
    page = ArticlePageFactory(title=title, body=list(blocks))
    page.save_revision(user=editor).publish()
    return page


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def broken_link():
    link = AffiliateLinkFactory(
        slug="kissen-shop-weg", product=ProductFactory(name="Wärmekissen Test")
    )
    LinkCheck.objects.create(
        link=link,
        state=LinkState.BROKEN,
        status_code=404,
        detail="HTTP 404: Seite nicht gefunden",
        consecutive_failures=2,
        checked_at=timezone.now(),
        broken_since=timezone.now() - timedelta(days=2),
    )
    return link


def test_broken_links_report_names_the_pages_and_their_last_editor(client, broken_link):
    rita = user("redaktion")
    page_by(rita, box(broken_link.product), title="Wärme bei Rückenschmerzen")
    page_by(
        user("admin"),
        text(f"<p>{product_link(broken_link.product)}</p>"),
        title="Kissen im Alltag",
    )
    client.force_login(rita)
    html = soup(client.get(BROKEN_REPORT))
    row = next(tr for tr in html.select("tbody tr") if "kissen-shop-weg" in tr.text)
    assert "Wärmekissen Test" in row.text
    assert "HTTP 404: Seite nicht gefunden" in row.text
    pages = {a.text: a["href"] for a in row.select("td ul a")}
    assert set(pages) == {"Wärme bei Rückenschmerzen", "Kissen im Alltag"}
    assert "zuletzt bearbeitet von Rita Redakteurin" in row.text
    # Only broken links are listed (the demo has one more, nothing else).
    assert {tr.select_one("td").text.strip() for tr in html.select("tbody tr")} == set(
        LinkCheck.objects.broken().values_list("link__slug", flat=True)
    )


def test_broken_links_report_exports_pages_as_text(admin_client, broken_link):
    page_by(user("admin"), box(broken_link.product), title="Seite mit Kissen")
    response = admin_client.get(BROKEN_REPORT + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert "Ziel-Adresse" in content.splitlines()[0]
    line = next(row for row in content.splitlines() if "kissen-shop-weg" in row)
    assert "Seite mit Kissen" in line and broken_link.url in line


def test_broken_links_report_filters_by_merchant(admin_client, broken_link):
    other = MerchantFactory()
    html = soup(admin_client.get(BROKEN_REPORT, {"merchant": other.pk}))
    assert "kissen-shop-weg" not in html.text
    html = soup(admin_client.get(BROKEN_REPORT, {"merchant": broken_link.merchant_id}))
    assert "kissen-shop-weg" in html.text


@pytest.mark.parametrize(
    ("username", "status"),
    [("redaktion", 200), ("pruefung", 200), ("marketing", 200)],
)
def test_every_role_may_read_the_reports(client, username, status):
    client.force_login(user(username))
    assert client.get(BROKEN_REPORT).status_code == status
    assert client.get(STALE_REPORT).status_code == status


def test_a_user_without_permission_is_refused(client):
    nobody = get_user_model().objects.create_user("ohne-rechte", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get(BROKEN_REPORT).status_code in (302, 403)
    assert client.get("/admin/reports/preise-importieren/").status_code in (302, 403)


def test_dashboard_panel_counts_and_lists_the_editors_own_pages(client, broken_link):
    rita = user("redaktion")
    mine = page_by(rita, box(broken_link.product), title="Ritas Kissen-Artikel")
    page_by(user("admin"), box(broken_link.product), title="Artikel vom Admin")
    client.force_login(rita)
    html = soup(client.get("/admin/"))
    panel = html.select_one("section#broken-links-section")
    count = LinkCheck.objects.broken().count()
    assert f"{count} Affiliate-Links sind defekt" in " ".join(panel.text.split())
    own = panel.select_one(".linkcheck-my-pages")
    assert [a.text for a in own.select("a")] == ["Ritas Kissen-Artikel"]
    assert own.select_one("a")["href"] == reverse(
        "wagtailadmin_pages:edit", args=[mine.pk]
    )
    assert "kissen-shop-weg" in own.text
    client.force_login(user("admin"))
    own = soup(client.get("/admin/")).select_one(".linkcheck-my-pages")
    assert [a.text for a in own.select("a")] == ["Artikel vom Admin"]


def test_dashboard_panel_without_broken_links(admin_client):
    LinkCheck.objects.broken().update(state=LinkState.OK)
    html = soup(admin_client.get("/admin/"))
    panel = html.select_one("section#broken-links-section")
    assert "Alle geprüften Affiliate-Links funktionieren." in panel.text


def test_stale_data_report_lists_stale_products_not_unused_ones(admin_client):
    shop = MerchantFactory(name="Tagesfrisch", max_data_age_hours=24)
    stale = AffiliateLinkFactory(
        merchant=shop,
        product=ProductFactory(name="Alter Preis"),
        price_checked_at=timezone.now() - timedelta(hours=30),
    ).product
    fresh_used = AffiliateLinkFactory(
        merchant=shop, product=ProductFactory(name="Frisch und verwendet")
    ).product
    AffiliateLinkFactory(merchant=shop, product=ProductFactory(name="Frisch, nirgends"))
    page_by(user("admin"), box(stale), box(fresh_used), title="Vergleich")
    html = soup(admin_client.get(STALE_REPORT))
    rows = {tr.select_one("td").text.strip(): tr.text for tr in html.select("tbody tr")}
    assert "Frisch und verwendet" not in rows
    # Used on no page is no stale data: nothing old is shown there.
    assert "Frisch, nirgends" not in rows
    assert "Preis bei Tagesfrisch veraltet seit" in rows["Alter Preis"]
    assert "Vergleich" in rows["Alter Preis"]
    outdated = soup(admin_client.get(STALE_REPORT, {"reason": "outdated"}))
    names = {tr.select_one("td").text.strip() for tr in outdated.select("tbody tr")}
    assert "Alter Preis" in names
    unavailable = soup(admin_client.get(STALE_REPORT, {"reason": "unavailable"}))
    names = {tr.select_one("td").text.strip() for tr in unavailable.select("tbody tr")}
    assert "Alter Preis" not in names


def test_stale_data_report_exports(admin_client):
    AffiliateLinkFactory(
        product=ProductFactory(name="Export-Produkt"),
        price_checked_at=timezone.now() - timedelta(days=5),
    )
    response = admin_client.get(STALE_REPORT + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    line = next(row for row in content.splitlines() if "Export-Produkt" in row)
    assert "Preis bei" in line


def test_editors_exclude_a_link_in_the_admin(client, broken_link):
    client.force_login(user("redaktion"))
    edit = reverse("linkcheck:edit", args=[broken_link.pk])
    listing = soup(client.get(reverse("linkcheck:index")))
    assert listing.select_one(f'a[href="{edit}"]').text.strip() == "kissen-shop-weg"
    form = soup(client.get(edit))
    assert form.select_one("input[name=excluded]") is not None
    response = client.post(edit, {"excluded": "on", "note": "Prüft Rita von Hand"})
    assert response.status_code == 302
    check = LinkCheck.objects.get(link=broken_link)
    assert (check.state, check.excluded) == (LinkState.EXCLUDED, True)
    assert check.broken_since is None
    html = soup(client.get(reverse("linkcheck:index")))
    assert "Von der Prüfung ausgenommen" in html.text
    client.post(edit, {"note": ""})
    check.refresh_from_db()
    assert (check.state, check.excluded) == (LinkState.UNCHECKED, False)


def test_editors_can_exclude_a_link_never_checked(client):
    link = AffiliateLinkFactory(slug="neu-und-ungeprueft")
    client.force_login(user("redaktion"))
    response = client.post(
        reverse("linkcheck:add"), {"link": link.pk, "excluded": "on", "note": "Amazon"}
    )
    assert response.status_code == 302
    assert LinkCheck.objects.get(link=link).state == LinkState.EXCLUDED
