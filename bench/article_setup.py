"""Build the benchmark content in the benchmark database (never the site's).

    DJANGO_SETTINGS_MODULE=backportal.settings.dev DATABASE_URL=… python bench/article_setup.py

Adds to the demo site a realistic article (about 3,000 words, 6 product boxes,
a comparison table, 15 cited sources, an FAQ, 6 related articles) at
/ratgeber/benchmark-artikel/ and a minimal content page at /benchmark-minimal/.
Running it again rebuilds both. bench/article_run.py calls it.
"""

import io
import itertools
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import strip_tags  # noqa: E402

from articles import content  # noqa: E402
from articles.demo_content import ARTICLES  # noqa: E402
from articles.models import (  # noqa: E402
    ArticleIndexPage,
    ArticlePage,
    Person,
    RelatedArticle,
    Source,
    Topic,
)
from backportal.core.models import ContentPage, HomePage  # noqa: E402
from products.models import Product  # noqa: E402

ARTICLE_SLUG = "benchmark-artikel"
MINIMAL_SLUG = "benchmark-minimal"
SECTIONS = 12
PARAGRAPHS_PER_SECTION = 3
WORDS_PER_PARAGRAPH = 70
SOURCES = 15
BOXES = 6
RELATED = 6


def sentences():
    """The demo articles' sentences, endlessly: real German prose, no lorem ipsum."""
    found = []
    for article in ARTICLES:
        for kind, value in article["body"]:
            if kind == "paragraph":
                text = re.sub(r"\{cite:\w+\}", "", strip_tags(value))
                found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s]
    return itertools.cycle(found)


def sources() -> list[Source]:
    existing = list(Source.objects.all()[:SOURCES])
    for number in range(len(existing) + 1, SOURCES + 1):
        existing.append(
            Source.objects.create(
                authors=f"Muster A, Beispiel B{number}",
                year=2010 + number % 15,
                title=f"Benchmark-Quelle {number}: Bewegungstherapie bei Rückenschmerz",
                publisher="Zeitschrift für Rückengesundheit",
                url=f"https://example.org/studie-{number}",
            )
        )
    return existing


def paragraph(text_source, cited: list[Source]) -> str:
    words, parts = 0, []
    while words < WORDS_PER_PARAGRAPH:
        sentence = next(text_source)
        parts.append(sentence)
        words += len(sentence.split())
    cites = "".join(
        f'<a linktype="citation" id="{source.pk}">†</a>' for source in cited
    )
    return f"<p>{' '.join(parts[:-1])} {parts[-1][:-1]}{cites}.</p>"


def body(products, cited_sources) -> list[dict]:
    text_source = sentences()
    citations = itertools.cycle(cited_sources)
    blocks = []
    for section in range(SECTIONS):
        blocks.append(
            {
                "type": "heading",
                "value": {
                    "text": f"Abschnitt {section + 1}: Was hilft dem Rücken?",
                    "level": "h2",
                    "anchor": "",
                },
            }
        )
        for number in range(PARAGRAPHS_PER_SECTION):
            cited = [next(citations)] if number < 2 else []
            blocks.append({"type": "paragraph", "value": paragraph(text_source, cited)})
        if section < BOXES:
            product = products[section % len(products)]
            blocks.append(
                {
                    "type": "product_box",
                    "value": {
                        "product": product.pk,
                        "title": "Unsere Empfehlung",
                        "intro": f"{product.name}: unser Tipp zu diesem Abschnitt.",
                    },
                }
            )
        if section == 7:
            blocks.append(
                {
                    "type": "comparison_table",
                    "value": {
                        "title": "Im Vergleich",
                        "products": [product.pk for product in products[:4]],
                    },
                }
            )
    faq = [
        (
            f"Frage {number}: Wie oft sollte ich üben?",
            f"<p>{' '.join(next(text_source) for _ in range(3))}</p>",
        )
        for number in range(1, 6)
    ]
    blocks.append(
        {
            "type": "faq",
            "value": {
                "title": "Häufige Fragen",
                "items": [{"question": q, "answer": a} for q, a in faq],
            },
        }
    )
    return blocks


def build_article(index, products) -> ArticlePage:
    ArticlePage.objects.filter(slug=ARTICLE_SLUG).delete()
    model = ArticlePage.objects.live().exclude(slug=ARTICLE_SLUG).first()
    article = ArticlePage(
        title="Benchmark-Artikel: Rückenschmerzen verstehen und lindern",
        slug=ARTICLE_SLUG,
        lead="Ein langer Ratgeber, wie ihn die Redaktion schreibt: Ursachen, Übungen, "
        "Hilfsmittel und Studien, mit Produktempfehlungen und Quellen.",
        search_description="Rückenschmerzen verstehen und lindern: Ursachen, "
        "Übungen, Hilfsmittel und Studien im Überblick.",
        hero_image=model.hero_image,
        hero_alt="Illustration eines Rückens",
        author=Person.objects.get(slug="lena-hoffmann"),
        reviewer=Person.objects.get(slug="dr-markus-wendt"),
        reviewed_at=timezone.localdate(),
        body=body(products, sources()),
    )
    index.add_child(instance=article)
    article.topics.set(Topic.objects.all())
    article.save_revision().publish()
    others = list(
        ArticlePage.objects.live().exclude(pk=article.pk).order_by("pk")[:RELATED]
    )
    for number, other in enumerate(others):
        RelatedArticle.objects.create(page=article, article=other, sort_order=number)
    article.save_revision().publish()
    return article


def build_minimal(home) -> ContentPage:
    ContentPage.objects.filter(slug=MINIMAL_SLUG).delete()
    page = ContentPage(
        title="Benchmark: minimale Seite",
        slug=MINIMAL_SLUG,
        body="<p>Eine Wagtail-Seite mit einem Absatz: die Untergrenze des Frameworks.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def main() -> None:
    call_command("load_demo", stdout=io.StringIO())
    products = list(Product.objects.active().order_by("pk")[:BOXES])
    article = build_article(ArticleIndexPage.objects.get(), products)
    build_minimal(HomePage.objects.get())
    words = content.word_count(article.body)
    sys.stdout.write(
        f"{article.url}: {words} words, {len(article.citations.references)} sources\n"
    )


if __name__ == "__main__":
    main()
