"""Reviewer name and date come only from the review task's approval."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage, Person
from articles.selectors import review_due_articles

pytestmark = pytest.mark.django_db


def login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def edit_post(client, article, action, **fields):
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "author": article.author_id,
            "body": streamfield([("paragraph", rich_text("<p>Neu gefasst.</p>"))]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data.update(fields, **{action: "1"})
    return client.post(f"/admin/pages/{article.pk}/edit/", data)


@pytest.fixture
def reviewed_article():
    """A live article signed off by a reviewer last month."""
    reviewer = Person.objects.get(slug="dr-markus-wendt")
    reviewed = timezone.localdate() - datetime.timedelta(days=30)
    article = ArticlePageFactory(reviewer=reviewer, reviewed_at=reviewed)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_editors_cannot_fill_in_the_reviewer(reviewed_article):
    other = Person.objects.exclude(slug="dr-markus-wendt").first()
    editor = login("redaktion")
    html = editor.get(f"/admin/pages/{reviewed_article.pk}/edit/").content.decode()
    assert 'name="reviewer"' not in html
    assert 'name="reviewed_at"' not in html
    edit_post(
        editor,
        reviewed_article,
        "action-submit",
        reviewer=str(other.pk),
        reviewed_at="2026-01-01",
    )
    revision = ArticlePage.objects.get(pk=reviewed_article.pk).latest_revision
    assert revision.content["reviewer"] is None
    assert revision.content["reviewed_at"] is None


def test_an_admin_publish_without_review_shows_no_reviewer_and_is_never_reviewed(
    reviewed_article,
):
    assert "Fachlich geprüft von" in Client().get(reviewed_article.url).content.decode()
    admin = login("admin")
    response = edit_post(admin, reviewed_article, "action-publish")
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=reviewed_article.pk)
    assert article.reviewer is None and article.reviewed_at is None
    assert "Fachlich geprüft von" not in Client().get(article.url).content.decode()
    assert article in review_due_articles()
    report = admin.get("/admin/reports/pruefung-faellig/").content.decode()
    assert article.title in report
    assert "nie geprüft" in report
