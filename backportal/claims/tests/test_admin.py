"""Findings where editors meet them: a warning on save and a panel in the edit view.

The products and articles apps register their own sources; here a source over
the site's content pages stands in for them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from wagtail import hooks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from backportal.claims.panels import ClaimsPanel
from backportal.claims.sources import HOOK_NAME, CheckableText, ModelSource
from backportal.claims.text import html_to_text
from backportal.core.models import ContentPage

pytestmark = pytest.mark.django_db


class ContentPageSource(ModelSource):
    """Checks a content page's body as editorial text."""

    label = "Inhaltsseiten"
    model = ContentPage

    def texts_for(self, instance):
        yield CheckableText(
            f"Seite „{instance.title}“",
            "Inhalt",
            html_to_text(instance.body),
            "article",
        )


def register_content_pages():
    return ContentPageSource()


@pytest.fixture
def content_source():
    with hooks.register_temporarily(HOOK_NAME, register_content_pages):
        yield


@pytest.fixture
def page():
    return ContentPage.objects.live().first()


@pytest.fixture
def admin():
    client = Client()
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    return client


def save_draft(client, page, body_html):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "body": rich_text(body_html),
            "comments": inline_formset([]),
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def test_saving_shows_each_finding_as_a_warning(content_source, admin, page):
    response = save_draft(
        admin,
        page,
        "<p>Ruhig bleiben.</p><p>Diese Übung wirkt immer und hilft jedem.</p>",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Rechtliche Prüfhinweise: 1 Fehler und 0 Warnungen. Bitte vor dem Veröffentlichen prüfen."
        in html
    )
    assert (
        "Inhalt: <strong>Fehler</strong> · Erfolgsversprechen <code>hwg-erfolgsgarantie</code>"
        in html
    )
    assert "„Diese Übung wirkt immer und hilft jedem.“" in html
    assert "<strong>So geht es besser:</strong>" in html
    assert "<li>Ohne Garantie formulieren" in html
    assert "<strong>Rechtsgrundlage:</strong> § 3 Satz 2 Nr. 2 Buchst. a HWG" in html


def test_saving_clean_text_adds_no_warning(content_source, admin, page):
    response = save_draft(admin, page, "<p>Bewegung hilft den meisten Menschen.</p>")
    assert response.status_code == 200
    assert "Rechtliche Prüfhinweise" not in response.content.decode()


def test_models_without_a_source_are_not_checked(admin, page):
    response = save_draft(admin, page, "<p>Diese Übung wirkt immer.</p>")
    assert "Rechtliche Prüfhinweise" not in response.content.decode()


def render_panel(page):
    request = RequestFactory().get("/admin/")
    bound = (
        ClaimsPanel()
        .bind_to_model(ContentPage)
        .get_bound_panel(instance=page, request=request, form=None)
    )
    return bound.heading, bound.render_html()


def test_panel_lists_the_findings_of_the_edited_object(content_source, page):
    page.body = "<p>Akupressur heilt Ischias. Keine Nebenwirkungen bekannt.</p>"
    heading, html = render_panel(page)
    assert heading == "Rechtliche Prüfhinweise"
    assert html.startswith("<p>2 Fehler und 0 Warnungen</p>")
    assert (
        "<code>hwg-heilversprechen</code>" in html
        and "<code>hwg-nebenwirkungsfrei</code>" in html
    )


def test_panel_says_so_when_there_is_nothing_to_report(content_source, page):
    page.body = (
        "<p>Dieser Artikel ersetzt keine ärztliche Diagnose oder Behandlung.</p>"
    )
    assert (
        render_panel(page)[1]
        == "<p>Keine Hinweise: Die Texte verstoßen gegen keine Prüfregel.</p>"
    )
    assert (
        "ersten Speichern"
        in render_panel(ContentPage(title="Neu", body="<p>Wirkt immer.</p>"))[1]
    )
