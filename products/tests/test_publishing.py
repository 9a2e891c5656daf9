"""Products under draft/publish: readers see only the approved, live version.

An editor's change (here a link's target URL) waits for the Produkt-Freigabe
workflow; scheduled go-live and expiry work; unpublishing or expiring takes a
product off every page without approval.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from products.factories import AffiliateLinkFactory, ProductFactory
from products.models import AffiliateLink, Product

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/snippets/products/product/"
NEW_URL = "https://shop.example/woanders?tag=bp-99"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def user(username):
    return get_user_model().objects.get(username=username)


def logged_in(username) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def edit_form(client, product, **changes):
    html = client.get(f"{PRODUCTS}edit/{product.pk}/").content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    # Ticked checkboxes come back empty from querydict_from_html.
    checkbox = ("is_active", "show_price_comparison")
    for name, value in list(data.items()):
        is_checkbox = name in checkbox or (
            name.startswith("links-") and name.endswith("-is_active")
        )
        if is_checkbox and value == "":
            data[name] = "on"
    data.update(changes)
    return data


def link_field(data, link, field) -> str:
    for name, value in data.items():
        if name.startswith("links-") and name.endswith("-id") and value == str(link.pk):
            return name.removesuffix("-id") + f"-{field}"
    raise AssertionError(f"link {link.pk} not in the form")


def go_target(link) -> str:
    return Client().get(f"/go/{link.slug}/")["Location"]


def approve(product, username):
    product = Product.objects.get(pk=product.pk)
    task_state = product.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user(username), "approve")


def test_an_editors_new_link_url_waits_for_review_and_sign_off(shown):
    product, link = shown
    old_url = go_target(link)
    editor = logged_in("redaktion")
    data = edit_form(editor, product)
    data[link_field(data, link, "url")] = NEW_URL
    data["action-submit"] = "action-submit"
    response = editor.post(f"{PRODUCTS}edit/{product.pk}/", data)
    assert response.status_code == 302

    product.refresh_from_db()
    assert product.current_workflow_state is not None
    assert product.has_unpublished_changes
    assert AffiliateLink.objects.get(pk=link.pk).url != NEW_URL
    assert go_target(link) == old_url  # readers: unchanged

    approve(product, "pruefung")  # Fachliche Prüfung
    assert go_target(link) == old_url  # still waiting for Freigabe

    approve(product, "admin")  # Freigabe
    assert AffiliateLink.objects.get(pk=link.pk).url == NEW_URL
    assert go_target(link) == NEW_URL


def test_editors_cannot_publish_or_delete_products(shown):
    product, link = shown
    editor = logged_in("redaktion")
    html = editor.get(f"{PRODUCTS}edit/{product.pk}/").content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    data = edit_form(editor, product)
    data[link_field(data, link, "url")] = NEW_URL
    data["action-publish"] = "action-publish"
    editor.post(f"{PRODUCTS}edit/{product.pk}/", data)
    assert AffiliateLink.objects.get(pk=link.pk).url != NEW_URL
    editor.post(f"{PRODUCTS}delete/{product.pk}/")
    assert Product.objects.filter(pk=product.pk).exists()


def test_a_scheduled_product_goes_live_at_its_time():
    product = AffiliateLinkFactory(
        product=ProductFactory(live=False, name="Bald im Handel")
    ).product
    product.go_live_at = timezone.now() + timedelta(hours=1)
    revision = product.save_revision(user=user("admin"))
    revision.publish(user=user("admin"))
    product.refresh_from_db()
    assert not product.live
    assert not Product.objects.active().filter(pk=product.pk).exists()
    assert Client().get(f"/empfehlungen/{product.slug}/").status_code == 404

    call_command("publish_scheduled", stdout=io.StringIO())
    product.refresh_from_db()
    assert not product.live  # not yet its time

    # The hour has passed (the scheduled moment moves, not the clock).
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=io.StringIO())
    product.refresh_from_db()
    assert product.live
    assert Client().get(f"/empfehlungen/{product.slug}/").status_code == 200


def test_an_expiry_takes_the_product_off_every_page_on_time(shown, article):
    product, link = shown
    assert product.name in Client().get(article.url).content.decode()

    soon = timezone.now() + timedelta(minutes=10)
    Product.objects.filter(pk=product.pk).update(expire_at=soon)
    product.refresh_from_db()
    snapshot = product.snapshot()
    assert snapshot.fresh_until is not None and snapshot.fresh_until <= soon

    Product.objects.filter(pk=product.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    cache.clear()
    assert_off_every_page(product, link, article)
    call_command("publish_scheduled", stdout=io.StringIO())
    product.refresh_from_db()
    assert not product.live and product.expired


def test_unpublishing_needs_no_approval_and_removes_it_everywhere(shown, article):
    product, link = shown
    response = logged_in("admin").post(f"{PRODUCTS}unpublish/{product.pk}/")
    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.live
    assert product.current_workflow_state is None
    assert_off_every_page(product, link, article)


def assert_off_every_page(product, link, article):
    reader = Client()
    assert product.name not in reader.get(article.url).content.decode()
    assert product.name not in reader.get("/empfehlungen/").content.decode()
    assert reader.get(f"/empfehlungen/{product.slug}/").status_code == 404
    assert go_target(link) != link.url
    assert not Product.objects.active().filter(pk=product.pk).exists()
