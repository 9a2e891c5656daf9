"""The editor journey in the admin: write, submit, review, sign off, live."""

import pytest

from articles.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.browser

SLUG = "waerme-bei-verspannungen"


@pytest.fixture
def login(browser, site_url):
    contexts = []

    def log_in(username):
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="de-DE"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(site_url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "backportal-demo")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield log_in
    for context in contexts:
        context.close()


@pytest.fixture
def new_article():
    """The journey's article is removed from the shared demo afterwards."""
    yield SLUG
    for article in ArticlePage.objects.filter(slug=SLUG):
        article.delete()


def add_block(page, label):
    page.locator("button.c-sf-add-button").last.click()
    page.locator("[role=option]", has_text=label).first.click()


def test_editor_writes_article_reviewer_approves_and_it_goes_live(
    login, site_url, browser, new_article
):
    index = ArticleIndexPage.objects.get()
    editor = login("redaktion")
    editor.goto(f"{site_url}/admin/pages/add/articles/articlepage/{index.pk}/")
    editor.fill("#id_title", "Wärme bei Verspannungen im Rücken")
    editor.fill("#id_lead", "Wie Wärme bei Verspannungen hilft und worauf du achtest.")
    editor.get_by_role("button", name="Person auswählen").first.click()
    editor.locator(".modal a", has_text="Lena Hoffmann").first.click()
    editor.locator("button.c-sf-add-button").first.click()
    editor.locator("[role=option]", has_text="Überschrift").first.click()
    editor.locator("input[name='body-0-value-text']").fill("Warum Wärme hilft")
    add_block(editor, "Hinweisbox")
    editor.locator("[data-contentpath='text'] .public-DraftEditor-content").last.click()
    editor.keyboard.type("Nicht zu heiß: höchstens 20 Minuten am Stück.")
    add_block(editor, "Empfehlungsbox")
    editor.get_by_role("button", name="Produkt auswählen").click()
    editor.locator(".modal a", has_text="Relaxa Massagekissen Mini").first.click()
    editor.get_by_role("tab", name="Veröffentlichung").click()
    editor.locator("#id_slug").fill(SLUG)
    # Editors cannot publish: their only way out is the review workflow.
    editor.get_by_role("button", name="Mehr Aktionen").click()
    assert editor.get_by_role("button", name="Veröffentlichen").count() == 0
    with editor.expect_navigation():
        editor.get_by_role("button", name="In Artikel-Freigabe einreichen").click()
    assert "zur Moderation eingereicht" in editor.locator(".messages").inner_text()
    article = ArticlePage.objects.get(slug=SLUG)
    assert not article.live

    for username in ("pruefung", "admin"):  # Fachliche Prüfung, then Freigabe
        approver = login(username)
        approver.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
        approver.get_by_role("button", name="Mehr Aktionen").click()
        with approver.expect_navigation():
            approver.get_by_role("button", name="Freigeben", exact=True).click()
        messages = approver.locator(".messages").inner_text()
        assert "aktualisiert" in messages
        assert "keinen Zugang" not in messages
        if username == "pruefung":  # no page rights: back on the dashboard
            assert approver.url == f"{site_url}/admin/"

    reader = browser.new_page()
    response = reader.goto(f"{site_url}/ratgeber/{SLUG}/")
    assert response.status == 200
    byline = reader.locator(".byline").inner_text()
    assert "Fachlich geprüft von: Markus Wendt (Physiotherapeut)" in byline
    assert reader.locator("h2#warum-warme-hilft").inner_text() == "Warum Wärme hilft"
    assert "höchstens 20 Minuten" in reader.locator(".callout").inner_text()
    assert reader.get_by_text("Relaxa Massagekissen Mini").first.is_visible()
    reader.close()
