"""Medical review workflow and roles as editors, reviewers and marketing meet them."""

import datetime
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from articles.selectors import review_due_articles

pytestmark = pytest.mark.django_db


def login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def draft_article(**kwargs):
    article = ArticlePageFactory(live=False, **kwargs)
    article.save_revision()
    return article


def edit_post(client, article, action, **fields):
    """Post the admin edit form as an editor would, pressing one action button
    (plus further form fields, e.g. the workflow action's name)."""
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "author": article.author_id,
            "body": streamfield(
                [("paragraph", rich_text("<p>Überarbeiteter Text.</p>"))]
            ),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data.update(fields, **{action: "1"})
    return client.post(f"/admin/pages/{article.pk}/edit/", data)


def workflow_action(client, article, action, **data):
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(article.pk), status="in_progress"
    )
    task_state = state.current_task_state
    return client.post(
        f"/admin/pages/workflow/action/{article.pk}/{action}/{task_state.pk}/", data
    )


def test_editor_cannot_publish_directly():
    article = draft_article()
    editor = get_user_model().objects.get(username="redaktion")
    assert not article.permissions_for_user(editor).can_publish()
    edit_post(login("redaktion"), article, "action-publish")
    article.refresh_from_db()
    assert not article.live


def test_submitted_article_reaches_reviewer_then_approval_signs_it_off(client):
    article = draft_article(reviewer=None)
    response = edit_post(login("redaktion"), article, "action-submit")
    assert response.status_code == 302
    reviewer = get_user_model().objects.get(username="pruefung")
    assert (
        TaskState.objects.reviewable_by(reviewer)
        .filter(workflow_state__object_id=str(article.pk))
        .exists()
    )
    # The reviewer's dashboard lists it.
    dashboard = login("pruefung").get("/admin/").content.decode()
    assert article.title in dashboard

    workflow_action(login("pruefung"), article, "approve")
    # The editor still cannot publish; the final sign-off is the admins'.
    article.refresh_from_db()
    assert not article.live
    workflow_action(login("admin"), article, "approve")
    article.refresh_from_db()
    assert article.live
    assert article.reviewer.name == "Markus Wendt"
    assert article.reviewed_at == timezone.localdate()
    html = client.get(article.url).content.decode()
    today = timezone.localdate()
    german_months = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ]
    expected = f"{today.day}. {german_months[today.month - 1]} {today:%Y}"
    html = " ".join(html.split())
    assert "Fachlich geprüft von: <a" in html
    assert (
        f'Markus Wendt</a> (Physiotherapeut) am <time datetime="{today:%Y-%m-%d}">{expected}</time>'
        in html
    )


def test_reviewer_approving_in_the_editor_lands_on_the_dashboard():
    """Not on Wagtail's page explorer, which reviewers may not open."""
    article = draft_article(reviewer=None)
    edit_post(login("redaktion"), article, "action-submit")
    reviewer = login("pruefung")
    response = edit_post(
        reviewer,
        article,
        "action-workflow-action",
        **{"workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    dashboard = reviewer.get(response["Location"])
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "aktualisiert" in html
    assert "keine Berechtigung" not in html and "keinen Zugang" not in html
    # Approved (the posted form counts as an edit, so the step starts again).
    assert TaskState.objects.filter(
        workflow_state__object_id=str(article.pk),
        task__name="Fachliche Prüfung",
        status="approved",
    ).exists()


def test_rejection_returns_article_to_editor_with_comment():
    article = draft_article()
    edit_post(login("redaktion"), article, "action-submit")
    workflow_action(
        login("pruefung"), article, "reject", comment="Quelle für Absatz 2 fehlt."
    )
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.get_comment() == "Quelle für Absatz 2 fehlt."
    editor_view = login("redaktion").get(f"/admin/pages/{article.pk}/edit/")
    assert "Quelle für Absatz 2 fehlt." in editor_view.content.decode()


def test_review_due_report_lists_exactly_the_overdue_articles(admin_client):
    today = timezone.localdate()
    live = ArticlePage.objects.live()
    live.update(reviewed_at=today - datetime.timedelta(days=30))
    never = ArticlePageFactory(title="Nie geprüft", reviewed_at=None)
    old = ArticlePageFactory(
        title="Lange her", reviewed_at=today - datetime.timedelta(days=400)
    )
    ArticlePageFactory(title="Frisch geprüft", reviewed_at=today)
    draft_article(title="Entwurf ohne Prüfung", reviewed_at=None)
    assert list(review_due_articles()) == [never, old]
    html = admin_client.get("/admin/reports/pruefung-faellig/").content.decode()
    assert "Nie geprüft" in html and "Lange her" in html
    assert "Frisch geprüft" not in html and "Entwurf ohne Prüfung" not in html
    dashboard = admin_client.get("/admin/").content.decode()
    assert "<strong>2</strong> veröffentlichte Artikel brauchen" in dashboard


def test_marketing_cannot_edit_pages():
    article = ArticlePage.objects.live().first()
    marketing = login("marketing")
    assert marketing.get("/admin/").status_code == 200
    assert marketing.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)


def test_scheduled_article_goes_live_by_publish_scheduled(client):
    article = draft_article()
    article.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    listing = login("admin").get(f"/admin/pages/{article.get_parent().pk}/")
    assert "geplant" in listing.content.decode()  # status shown in the explorer
    time.sleep(2.5)  # let the go-live time pass; publish_scheduled is cron's job
    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200
