"""Demo content for the articles app: people, topics, sources, five articles.

Called by `manage.py load_demo` after the core demo; finds what it made before,
so running it again changes nothing.
"""

import datetime
import re

from django.utils import timezone
from wagtail.rich_text import RichText

from backportal.core.demo_images import demo_image

from .demo_content import ARTICLES, PEOPLE, PRODUCT_LISTS, SOURCES, TOPICS
from .models import ArticleIndexPage, ArticlePage, Person, RelatedArticle, Source, Topic

REVIEWER_SLUG = "dr-markus-wendt"
CITE_RE = re.compile(r"\{cite:(\w+)\}")


def load(stdout, home) -> dict:
    people = {data["slug"]: _person(data) for data in PEOPLE}
    topics = {
        slug: Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for name, slug, description in TOPICS
    }
    sources = {key: _source(data) for key, data in SOURCES.items()}
    index = _index_page(home)
    articles = [_article(index, data, people, topics, sources) for data in ARTICLES]
    _relate(articles)
    home_featured = home.featured_links.all()
    if not home_featured.exists():
        home.featured_links.create(article=articles[0], sort_order=0)
        home.featured_links.create(article=articles[2], sort_order=1)
        home.save_revision().publish()
    stdout.write(f"{len(articles)} Demo-Artikel mit Autoren, Themen und Quellen.")
    return {"index": index, "articles": articles}


def _person(data) -> Person:
    person, created = Person.objects.get_or_create(
        slug=data["slug"],
        defaults={
            key: data[key] for key in ("name", "profession", "credentials", "bio")
        },
    )
    if created:
        person.photo = demo_image(f"Porträt {data['name']}", data["colors"], (600, 600))
        person.save()
    return person


def _source(data) -> Source:
    return Source.objects.get_or_create(
        title=data["title"],
        defaults={
            **{key: data[key] for key in ("authors", "year", "publisher", "url")},
            "accessed": datetime.date.fromisoformat(data["accessed"]),
        },
    )[0]


def _index_page(home) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=ArticleIndexPage(
                title="Ratgeber",
                slug="ratgeber",
                show_in_menus=True,
                intro="Alle Artikel rund um Rückenschmerzen, Verspannungen und Rückentraining – fachlich geprüft.",
            )
        )
    return index


def _cite(html: str, sources: dict) -> RichText:
    return RichText(
        CITE_RE.sub(
            lambda m: f'<a linktype="citation" id="{sources[m.group(1)].pk}">†</a>',
            html,
        )
    )


def _body(blocks, sources, image):
    for kind, value in blocks:
        if kind == "heading":
            level, text = value if isinstance(value, tuple) else ("h2", value)
            yield "heading", {"text": text, "level": level, "anchor": ""}
        elif kind == "paragraph":
            yield "paragraph", _cite(value, sources)
        elif kind == "callout":
            callout_kind, text = value
            yield (
                "callout",
                {"kind": callout_kind, "title": "", "text": _cite(text, sources)},
            )
        elif kind == "quote":
            yield "quote", {"quote": value[0], "attribution": value[1]}
        elif kind == "table":
            yield (
                "table",
                {
                    "data": value,
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            )
        elif kind == "faq":
            yield (
                "faq",
                {
                    "title": "Häufige Fragen",
                    "items": [
                        {"question": q, "answer": _cite(a, sources)} for q, a in value
                    ],
                },
            )
        elif kind == "exercise":
            yield (
                "exercise",
                {
                    "title": value["title"],
                    "intro": value["intro"],
                    "repetitions": value["repetitions"],
                    "steps": [
                        {
                            "title": step_title,
                            "text": _cite(text, sources),
                            "image": image if index == 0 else None,
                            "image_alt": f"{value['title']}: {step_title}"
                            if index == 0
                            else "",
                        }
                        for index, (step_title, text) in enumerate(value["steps"])
                    ],
                },
            )
        elif kind == "reading_tip":
            target = ArticlePage.objects.filter(slug=value[0]).first()
            if target:
                yield "reading_tip", {"article": target, "text": value[1]}


def _article(index, data, people, topics, sources) -> ArticlePage:
    article = ArticlePage.objects.filter(slug=data["slug"]).first()
    if article is not None:
        return article
    image = demo_image(f"Titelbild {data['title']}", data["colors"])
    article = ArticlePage(
        title=data["title"],
        slug=data["slug"],
        lead=data["lead"],
        search_description=data["lead"][:160].rsplit(" ", 1)[0] + " …",
        hero_image=image,
        hero_alt=data["caption"],
        hero_caption=data["caption"],
        hero_credit="© Backportal / Demo-Grafik",
        author=people[data["author"]],
        reviewer=people[REVIEWER_SLUG],
        reviewed_at=timezone.localdate()
        - datetime.timedelta(days=data["days_ago"] - 2),
        body=list(_body(data["body"], sources, image)),
    )
    index.add_child(instance=article)
    article.topics.set([topics[slug] for slug in data["topics"]])
    article.tags.add(*data["tags"])
    article.save_revision().publish()
    published = timezone.now() - datetime.timedelta(days=data["days_ago"])
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=published, last_published_at=published
    )
    article.refresh_from_db()
    return article


def _relate(articles) -> None:
    """The first article names one related article by hand; the rest come from topics."""
    first = articles[0]
    if not first.related_links.exists():
        RelatedArticle.objects.create(page=first, article=articles[2], sort_order=0)


def place_product_lists(stdout) -> None:
    """After the catalogue's demo: each article in PRODUCT_LISTS gets its
    product list after the named heading; once only."""
    from products.models import Category

    for slug, (heading, title, category_slug, limit) in PRODUCT_LISTS.items():
        article = ArticlePage.objects.filter(slug=slug).first()
        category = Category.objects.filter(slug=category_slug).first()
        if article is None or category is None:
            continue
        if any(child.block_type == "product_list" for child in article.body):
            continue
        blocks = list(article.body.raw_data)
        after = next(
            (
                number + 2
                for number, block in enumerate(blocks)
                if block["type"] == "heading" and block["value"]["text"] == heading
            ),
            len(blocks),
        )
        product_list = {
            "type": "product_list",
            "value": {"title": title, "category": category.pk, "limit": limit},
        }
        article.body = [*blocks[:after], product_list, *blocks[after:]]
        article.save_revision().publish()
    stdout.write(f"{len(PRODUCT_LISTS)} Produktliste(n) in Demo-Artikeln.")


# The demo login of the reviewer role (backportal.core.demo) signs off as
# this profile.
REVIEWER_LOGIN = "pruefung"


def load_after_core(stdout) -> dict:
    """The demo step registered in ArticlesConfig.ready(): below the home page."""
    from backportal.core.models import HomePage

    return load(stdout, HomePage.objects.get())


def link_logins(stdout) -> None:
    """After the roles: the reviewer's demo login signs as its Person profile."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=REVIEWER_LOGIN).first()
    if user:
        Person.objects.filter(slug=REVIEWER_SLUG).update(user=user)
