"""Article copy meets the health-claims checks: on save, in the report, in the review."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.factories import ArticlePageFactory, paragraph
from articles.models import ArticlePage
from backportal.claims.models import ClaimFinding
from products.factories import AffiliateLinkFactory, ProductFactory

pytestmark = pytest.mark.django_db

CLEAN = "<p>Wärme empfinden viele Menschen als angenehm.</p>"
RISKY = "<p>Diese Übung heilt Ischias garantiert.</p>"
RISKY_PRODUCT_VERDICT = "Das Kissen wirkt immer, ohne Nebenwirkungen."


def login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def stored_rules(page) -> list[str]:
    return sorted(
        ClaimFinding.objects.filter(
            content_type__model="articlepage", object_id=page.pk
        ).values_list("rule", flat=True)
    )


def box(product):
    return ("product_box", {"product": product, "title": "Tipp", "intro": ""})


def draft(*blocks, **kwargs):
    article = ArticlePageFactory(live=False, body=list(blocks), **kwargs)
    article.save_revision()
    return article


def test_saving_an_article_warns_about_its_sentences():
    article = draft(paragraph(CLEAN))
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "author": article.author_id,
            "body": streamfield([("paragraph", rich_text(RISKY))]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    response = login("redaktion").post(
        f"/admin/pages/{article.pk}/edit/", data, follow=True
    )
    html = response.content.decode()
    assert "Rechtliche Prüfhinweise: 2 Fehler und 0 Warnungen." in html
    assert "Inhalt › Text: <strong>Fehler</strong> · Heilversprechen" in html
    assert "„Diese Übung heilt Ischias garantiert.“" in html
    # A draft is not yet in the report of published content.
    assert stored_rules(article) == []


def test_the_edit_tab_lists_findings_of_the_article_and_its_products():
    product = AffiliateLinkFactory(
        product=ProductFactory(name="Kissen X", verdict=RISKY_PRODUCT_VERDICT)
    ).product
    article = draft(paragraph(RISKY), box(product))
    html = login("redaktion").get(f"/admin/pages/{article.pk}/edit/").content
    soup = BeautifulSoup(html, "html.parser")
    assert (
        soup.select_one("#tab-label-rechtliche_prufung")
        .get_text(strip=True)
        .startswith("Rechtliche Prüfung")
    )
    findings = [
        li.get_text(" ", strip=True)
        for li in soup.select("#tab-rechtliche_prufung .claims-finding")
    ]
    assert any(
        f.startswith("Inhalt › Text: Fehler · Heilversprechen") for f in findings
    )
    assert any("Diese Übung heilt Ischias garantiert." in f for f in findings)
    assert any(
        f.startswith(
            "Eingebundenes Produkt „Kissen X“ · Unser Urteil: Fehler · Erfolgsversprechen"
        )
        for f in findings
    )


def test_citations_count_as_sources_in_editorial_text():
    from articles.factories import SourceFactory, cite

    source = SourceFactory()
    sourced = draft(
        paragraph(f"<p>Wärme lindert Rückenschmerzen{cite(source)}.</p>"),
        paragraph("<p>Wärme heilt Rückenschmerzen.</p>"),
    )
    from backportal.claims.sources import check_instance

    rules = [
        (result.item.text, finding.rule)
        for result in check_instance(sourced)
        for finding in result.findings
    ]
    assert rules == [("Wärme heilt Rückenschmerzen.", "hwg-heilversprechen")]


def test_publishing_stores_findings_unpublishing_and_deleting_drop_them():
    product = AffiliateLinkFactory(
        product=ProductFactory(verdict=RISKY_PRODUCT_VERDICT)
    ).product
    article = draft(paragraph(RISKY), box(product))
    article.get_latest_revision().publish()
    # The article's own sentences; its product is reported once, as a product.
    assert stored_rules(article) == ["hwg-erfolgsgarantie", "hwg-heilversprechen"]
    article.refresh_from_db()
    article.unpublish()
    assert stored_rules(article) == []
    article.get_latest_revision().publish()
    assert stored_rules(article) != []
    ArticlePage.objects.get(pk=article.pk).delete()
    assert stored_rules(article) == []


def submit_for_review(article):
    article.get_workflow().start(
        article, get_user_model().objects.get(username="redaktion")
    )
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(article.pk), status="in_progress"
    )
    return state.current_task_state


def action_url(article, task_state, action):
    return f"/admin/pages/workflow/action/{article.pk}/{action}/{task_state.pk}/"


def dashboard_actions(client, article) -> list[str]:
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return [
        element.get("data-workflow-action-url", element.get("href", ""))
        for element in soup.select("[data-workflow-action-url], a[href]")
        if f"/workflow/action/{article.pk}/"
        in element.get("data-workflow-action-url", element.get("href", ""))
    ]


def test_an_error_turns_approval_into_approval_with_a_justification():
    product = AffiliateLinkFactory(
        product=ProductFactory(name="Kissen X", verdict=RISKY_PRODUCT_VERDICT)
    ).product
    article = draft(paragraph(CLEAN), box(product), reviewer=None)
    task_state = submit_for_review(article)
    reviewer = login("pruefung")

    actions = dashboard_actions(reviewer, article)
    assert any("/approve_despite_errors/" in url for url in actions)
    assert not any("/approve/" in url for url in actions)

    # The modal lists the findings, including the embedded product's copy.
    modal = reviewer.get(action_url(article, task_state, "approve_despite_errors"))
    html = modal.json()["html"]
    assert "Rechtliche Prüfhinweise" in html
    assert (
        "Eingebundenes Produkt „Kissen X“ · Unser Urteil: <strong>Fehler</strong> · "
        "Erfolgsversprechen" in html
    )
    assert "Begründung" in html

    # Plain approval is not on offer; without a justification nothing happens.
    denied = reviewer.post(action_url(article, task_state, "approve"))
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    reviewer.post(
        action_url(article, task_state, "approve_despite_errors"), {"comment": "  "}
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    reviewer.post(
        action_url(article, task_state, "approve_despite_errors"),
        {"comment": "Das Produkt ist ein Medizinprodukt mit Studienlage; geprüft."},
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by.username == "pruefung"
    assert task_state.finished_at is not None
    assert task_state.get_comment() == (
        "Das Produkt ist ein Medizinprodukt mit Studienlage; geprüft.\n\n"
        "Freigegeben trotz Prüfhinweisen: hwg-erfolgsgarantie, hwg-nebenwirkungsfrei."
    )
    # The approval still signs the article off.
    assert task_state.revision.content["reviewer"] == (
        get_user_model().objects.get(username="pruefung").person.pk
    )


def test_a_justification_cannot_be_skipped_through_the_edit_view():
    article = draft(paragraph(RISKY))
    task_state = submit_for_review(article)
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "author": article.author_id,
            "body": streamfield([("paragraph", rich_text(RISKY))]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve_despite_errors"
    data["workflow-action-extra-data"] = '{"comment": ""}'
    response = login("pruefung").post(f"/admin/pages/{article.pk}/edit/", data)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_clean_copy_keeps_plain_approval():
    article = draft(paragraph(CLEAN))
    task_state = submit_for_review(article)
    reviewer = login("pruefung")
    actions = dashboard_actions(reviewer, article)
    assert any("/approve/" in url for url in actions)
    assert not any("approve_despite_errors" in url for url in actions)
    reviewer.post(action_url(article, task_state, "approve"))
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
