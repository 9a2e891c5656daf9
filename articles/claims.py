"""Article copy for the health-claims checks (backportal.claims).

Registered in articles/wagtail_hooks.py. The report and `check_claims --all`
cover live articles; the save warning, the edit panel and the medical review
task also see drafts and the copy of the products an article embeds.
"""

import re
from collections.abc import Iterator

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from backportal.claims.sources import (
    MIN_SOURCES,
    CheckableText,
    ModelSource,
    stream_texts,
)
from products.claims import product_texts
from products.page_products import page_affiliate_products

from .content import CITATION_PLACEHOLDER, CITATION_RE, cited_source_ids
from .models import ArticlePage, Source

ARTICLE = "article"


def _cited(match: re.Match) -> str:
    # As readers see it, a citation is a numbered reference; "[1]" is what
    # tells the checker a statement is sourced (text.is_hedged).
    words = match.group("text")
    words = "" if words.strip() == CITATION_PLACEHOLDER else words
    return f"{words} [{match.group('id')}]"


def _product_link_words(match: re.Match) -> str:
    attrs = extract_attrs(match.group(1))
    if attrs.get("embedtype") == "product":
        return escape(attrs.get("text", ""))
    return match.group(0)


def article_html(html: str) -> str:
    """Stored rich text as readers read it: citations as [n], product links as words."""
    return FIND_EMBED_TAG.sub(_product_link_words, CITATION_RE.sub(_cited, html))


def article_label(page: ArticlePage) -> str:
    return _("Artikel „%(title)s“") % {"title": page.title}


class ArticleClaimsSource(ModelSource):
    """Live articles: title, lead, search description and every text block."""

    label = "Artikel"
    model = ArticlePage

    def get_queryset(self):
        return ArticlePage.objects.live()

    def texts_for(self, instance) -> Iterator[CheckableText]:
        label = article_label(instance)
        url = reverse("wagtailadmin_pages:edit", args=[instance.pk])
        fields = [
            (_("Titel"), instance.title),
            (_("Einleitung (Lead)"), instance.lead),
            (_("Suchmaschinen-Beschreibung"), instance.search_description),
        ]
        for field_label, text in fields:
            if text and text.strip():
                yield CheckableText(label, field_label, text, ARTICLE, url=url)
        for block_label, text in stream_texts(instance.body, prepare_html=article_html):
            field_label = _("Inhalt › %(block)s") % {"block": block_label}
            yield CheckableText(label, field_label, text, ARTICLE, url=url)

    def standards_for(self, instance) -> Iterator[str]:
        """Three distinct cited sources, a reviewer and a review date (one query)."""
        ids = cited_source_ids(instance.body)
        cited = Source.objects.filter(pk__in=ids).count() if ids else 0
        if cited < MIN_SOURCES:
            yield _(
                "Der Artikel zitiert %(count)s verschiedene Quellen; unser Standard "
                "sind mindestens %(minimum)s (Zitat-Button im Text)."
            ) % {"count": cited, "minimum": MIN_SOURCES}
        if not instance.reviewer_id:
            yield _(
                "Es ist keine fachliche Prüferin und kein fachlicher Prüfer eingetragen."
            )
        if not instance.reviewed_at:
            yield _("Es fehlt das Datum der fachlichen Prüfung.")

    def related_texts_for(self, instance) -> Iterator[CheckableText]:
        """The copy of every product readers see on the article, once each."""
        seen = set()
        for product, _placement in page_affiliate_products(instance):
            if product.pk in seen or not product.snapshot().is_shown:
                continue
            seen.add(product.pk)
            label = _("Eingebundenes Produkt „%(name)s“") % {"name": product.name}
            yield from product_texts(product, object_label=label)
