"""Dismissing a finding (who, when, why), and our own content standards for articles."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client

from articles.models import ArticlePage
from backportal.claims.models import ClaimDismissal, ClaimFinding
from backportal.claims.sources import content_standards
from backportal.claims.store import refresh_findings

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/rechtliche-pruefhinweise/"
DRAFT = "Produkt „Magnavita Magnesium Relax“ (Entwurf)"


def login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def status_of(client, sentence_start, rule_title="Keine Nebenwirkungen"):
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    for row in soup.select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        if rule_title in cells and any(c.startswith(sentence_start) for c in cells):
            return cells[-2]
    raise AssertionError(f"no report row for {sentence_start!r}")


def side_effects_finding():
    return ClaimFinding.objects.get(object_label=DRAFT, rule="hwg-nebenwirkungsfrei")


def test_editor_dismisses_a_finding_with_a_reason_and_it_stays_in_the_report():
    finding = side_effects_finding()
    editor = login("redaktion")
    form = editor.get(finding.dismiss_url)
    assert form.status_code == 200
    page = form.content.decode()
    assert finding.sentence in page
    assert "Warum das ein Problem ist" in page and "So geht es besser" in page

    # A reason is required: the form says so instead of saving.
    empty = editor.post(finding.dismiss_url, {"reason": " "})
    assert empty.status_code == 200
    assert not ClaimDismissal.objects.exists()

    response = editor.post(
        finding.dismiss_url,
        {
            "reason": "Mit der Rechtsabteilung besprochen.",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == REPORT  # no open redirect
    dismissal = ClaimDismissal.objects.get()
    assert dismissal.dismissed_by.username == "redaktion"
    assert dismissal.reason == "Mit der Rechtsabteilung besprochen."
    assert dismissal.rule == "hwg-nebenwirkungsfrei"

    status = status_of(login("admin"), finding.sentence[:30])
    assert status.startswith("Geprüft von redaktion am ")
    assert status.endswith("Mit der Rechtsabteilung besprochen.")
    # Other findings of the same object stay open.
    assert ClaimFinding.objects.filter(object_label=DRAFT).count() > 1


def test_a_dismissed_finding_comes_back_when_the_sentence_changes():
    finding = side_effects_finding()
    login("pruefung").post(finding.dismiss_url, {"reason": "Geprüft."})
    product = finding.content_object
    product.verdict = product.verdict.replace(
        "ohne Nebenwirkungen", "völlig ohne Nebenwirkungen"
    )
    product.save()
    refresh_findings(product)

    changed = side_effects_finding()
    assert changed.text_hash != finding.text_hash
    assert status_of(login("admin"), changed.sentence[:30]).startswith("Offen")
    # The old decision is kept on record.
    assert ClaimDismissal.objects.get().sentence == finding.sentence


def test_only_editors_reviewers_and_admins_dismiss_and_stale_links_are_404():
    finding = side_effects_finding()
    # Wagtail turns the refusal into a redirect with a message; nothing is saved.
    marketing = login("marketing")
    assert marketing.get(finding.dismiss_url).status_code in (302, 403)
    marketing.post(finding.dismiss_url, {"reason": "Passt schon."})
    assert not ClaimDismissal.objects.exists()
    stale = finding.dismiss_url.replace(finding.text_hash, "0" * 64)
    assert login("redaktion").get(stale).status_code == 404
    assert (
        login("redaktion")
        .get("/admin/reports/rechtliche-pruefhinweise/pruefen/999999/1/hwg-x/abc/")
        .status_code
        == 404
    )


def test_published_demo_articles_meet_the_content_standards():
    articles = ArticlePage.objects.live()
    assert articles.count() >= 5
    for article in articles:
        assert content_standards(article) == [], article.title


def article_with_one_source():
    article = ArticlePage.objects.live().get(slug="rueckenkraempfe-was-tun")
    draft = article.get_latest_revision_as_object()
    kept = False
    body = []
    for block in draft.body.raw_data:
        if block["type"] == "paragraph" and 'linktype="citation"' in str(
            block["value"]
        ):
            if kept:
                continue
            kept = True
        body.append(block)
    draft.body = body
    return draft


def test_fewer_than_three_sources_warn_in_the_panel_and_the_review_step():
    draft = article_with_one_source()
    notes = content_standards(draft)
    assert len(notes) == 1 and "mindestens 3" in notes[0]
    draft.reviewed_at = None
    assert len(content_standards(draft)) == 2

    # The edit view's claims panel shows the warning; saving is not blocked.
    draft.save_revision()
    edit = login("admin").get(f"/admin/pages/{draft.pk}/edit/")
    assert edit.status_code == 200
    assert "Redaktionelle Standards" in edit.content.decode()

    # The review step's modal lists it too.
    task_state = SimpleNamespace(revision=SimpleNamespace(as_object=lambda: draft))
    html = Template("{% load claims_tags %}{% review_findings task_state %}").render(
        Context({"task_state": task_state})
    )
    assert "mindestens 3" in html and "blockiert nicht" in html
