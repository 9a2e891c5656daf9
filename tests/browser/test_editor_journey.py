"""The editor journey in the admin: write, cite, submit, review, sign off, live."""

import pytest
from playwright.sync_api import expect

from articles.models import ArticleIndexPage, ArticlePage, Source

pytestmark = pytest.mark.browser

TITLE = "Wärme bei Verspannungen im Rücken"
SLUG = "waerme-bei-verspannungen-im-ruecken"  # umlauts transliterated
NEW_SOURCE = "Wärme bei akuten Kreuzschmerzen: eine Übersicht"


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
    """The journey's article and source leave the shared demo afterwards."""
    yield SLUG
    for article in ArticlePage.objects.filter(slug=SLUG):
        article.delete()
    Source.objects.filter(title=NEW_SOURCE).delete()


def add_block(page, label):
    page.locator("button.c-sf-add-button").last.click()
    page.locator("[role=option]", has_text=label).first.click()


def cite_a_new_source_at_the_cursor(editor):
    """From the text block's "+" menu, without selecting words: the chooser's
    "Neue Quelle" tab creates the source and inserts its marker."""
    editor.locator(".Draftail-BlockToolbar__trigger").last.click()
    editor.locator("[role=option]", has_text="Quelle zitieren").click()
    modal = editor.locator(".modal")
    modal.get_by_role("tab", name="Neue Quelle").click()
    modal.get_by_label("Autoren").fill("Muster A, Beispiel B")
    modal.get_by_label("Jahr").fill("2024")
    modal.get_by_label("Titel").fill(NEW_SOURCE)
    modal.get_by_role("button", name="Quelle anlegen und zitieren").click()
    modal.wait_for(state="hidden")


def approve_with_the_primary_button(approver, site_url, article, label):
    """The one visible button approves: no "Mehr Aktionen" needed."""
    approver.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    with approver.expect_navigation():
        approver.get_by_role("button", name=label, exact=True).click()
    messages = approver.locator(".messages").inner_text()
    assert "aktualisiert" in messages
    assert "keinen Zugang" not in messages
    return approver


def test_editor_writes_cites_submits_reviewers_approve_and_it_goes_live(
    login, site_url, browser, new_article
):
    index = ArticleIndexPage.objects.get()
    editor = login("redaktion")
    editor.goto(f"{site_url}/admin/pages/add/articles/articlepage/{index.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_lead", "Wie Wärme bei Verspannungen hilft und worauf du achtest.")
    expect(editor.locator("#id_slug")).to_have_value(SLUG)  # synced from the title
    editor.get_by_role("button", name="Person auswählen").first.click()
    editor.locator(".modal a", has_text="Lena Hoffmann").first.click()
    editor.locator("button.c-sf-add-button").first.click()
    editor.locator("[role=option]", has_text="Überschrift").first.click()
    editor.locator("input[name='body-0-value-text']").fill("Warum Wärme hilft")
    add_block(editor, "Text")
    editor.locator(".public-DraftEditor-content").last.click()
    editor.keyboard.type("Wärme lockert verspannte Muskeln")
    cite_a_new_source_at_the_cursor(editor)
    editor.keyboard.type(".")
    add_block(editor, "Hinweisbox")
    editor.locator("[data-contentpath='text'] .public-DraftEditor-content").last.click()
    editor.keyboard.type("Nicht zu heiß: höchstens 20 Minuten am Stück.")
    add_block(editor, "Empfehlungsbox")
    editor.get_by_role("button", name="Produkt auswählen").click()
    editor.locator(".modal a", has_text="Relaxa Massagekissen Mini").first.click()
    # Editors cannot publish: their only way out is the review workflow.
    editor.get_by_role("button", name="Mehr Aktionen").click()
    assert editor.get_by_role("button", name="Veröffentlichen").count() == 0
    with editor.expect_navigation():
        editor.get_by_role("button", name="In Artikel-Freigabe einreichen").click()
    assert "zur Moderation eingereicht" in editor.locator(".messages").inner_text()
    article = ArticlePage.objects.get(slug=SLUG)
    assert not article.live

    reviewer = login("pruefung")
    reviewer.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    # A reviewer decides on her step; cancelling the workflow is not hers.
    assert reviewer.locator("button[name=action-cancel-workflow]").count() == 0
    approve_with_the_primary_button(reviewer, site_url, article, "Fachlich freigeben")
    assert reviewer.url == f"{site_url}/admin/"  # no page rights: the dashboard
    approve_with_the_primary_button(
        login("admin"), site_url, article, "Veröffentlichung freigeben"
    )

    reader = browser.new_page()
    response = reader.goto(f"{site_url}/ratgeber/{SLUG}/")
    assert response.status == 200
    byline = reader.locator(".byline").inner_text()
    assert "Fachlich geprüft von: Markus Wendt (Physiotherapeut)" in byline
    assert reader.locator("h2#warum-warme-hilft").inner_text() == "Warum Wärme hilft"
    assert reader.locator("sup.cite a").inner_text() == "[1]"
    assert NEW_SOURCE in reader.locator("#quelle-1").inner_text()
    assert "höchstens 20 Minuten" in reader.locator(".callout").inner_text()
    assert reader.get_by_text("Relaxa Massagekissen Mini").first.is_visible()
    reader.close()


def test_new_page_form_saves_nothing_while_the_editor_types(login, site_url):
    """No autosave before the first save: no "Validierungsfehler" banner for a
    half-typed page, no hidden draft that later takes the slug."""
    from wagtail.models import Page

    title = "Ein Artikel, der nie gespeichert wird"
    index = ArticleIndexPage.objects.get()
    editor = login("redaktion")
    saves = []
    editor.on(
        "request",
        lambda r: (
            saves.append(r.url) if r.method == "POST" and "/admin/" in r.url else None
        ),
    )
    editor.goto(f"{site_url}/admin/pages/add/articles/articlepage/{index.pk}/")
    form = editor.locator("form[data-controller~='w-unsaved']")
    assert "w-autosave" not in form.get_attribute("data-controller")
    editor.locator("#id_title").press_sequentially(title)
    editor.locator("#id_lead").press_sequentially("Noch nicht fertig")
    # Wagtail's autosave would have saved within its interval (500 ms) by now.
    editor.wait_for_timeout(1_500)
    # Wagtail's page carries the banner's text hidden; only a shown one counts.
    assert editor.get_by_text("Validierungsfehler").locator("visible=true").count() == 0
    assert saves == []
    assert not Page.objects.filter(draft_title=title).exists()


def test_toolbar_tooltips_name_the_keys_in_german(login, site_url):
    """Draftail's tooltips say "Strg + B", as the shortcuts dialog does."""
    article = ArticlePage.objects.get(slug="rueckenkraempfe-was-tun")
    editor = login("redaktion")
    editor.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    # The formatting toolbar shows over selected words.
    editor.locator(".public-DraftEditor-content").first.dblclick()
    bold = editor.locator("button.Draftail-ToolbarButton[name=BOLD]:visible").first
    bold.hover()
    expect(bold).to_have_attribute("data-draftail-balloon", "up")
    tooltip = bold.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Strg + B" in tooltip, tooltip
    labels = editor.locator(".Draftail-ToolbarButton[aria-label]").evaluate_all(
        "buttons => buttons.map((button) => button.getAttribute('aria-label'))"
    )
    assert labels, "the toolbar's buttons"
    assert not [label for label in labels if "Ctrl" in label], labels
