"""The demo site shows link health with real rows: one broken, one unverifiable link."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from products.linkcheck.demo import BROKEN_LINK, UNVERIFIABLE_LINK
from products.linkcheck.models import LinkCheck, LinkState

pytestmark = pytest.mark.django_db


def test_demo_has_a_broken_and_an_unverifiable_link():
    states = dict(LinkCheck.objects.values_list("link__slug", "state"))
    assert states[BROKEN_LINK] == LinkState.BROKEN
    assert states[UNVERIFIABLE_LINK] == LinkState.UNVERIFIABLE


def test_demo_report_and_panel_show_the_broken_link_and_its_page(admin_client):
    html = BeautifulSoup(
        admin_client.get("/admin/reports/defekte-links/").content, "html.parser"
    )
    row = next(tr for tr in html.select("tbody tr") if BROKEN_LINK in tr.text)
    assert "Muskelverhärtung im unteren Rücken lösen" in row.text
    panel = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert "1 Affiliate-Link ist defekt" in " ".join(
        panel.select_one("section#broken-links-section").text.split()
    )


def test_demo_product_page_leaves_out_the_broken_shop(client):
    html = client.get("/empfehlungen/relaxa-massagesessel-zero/").content.decode()
    assert "relaxa-massagesessel-zero-rueckenladen" in html
    assert BROKEN_LINK not in html


def test_loading_the_demo_again_keeps_the_states():
    before = list(LinkCheck.objects.order_by("pk").values())
    call_command("load_demo", stdout=io.StringIO())
    assert list(LinkCheck.objects.order_by("pk").values()) == before
