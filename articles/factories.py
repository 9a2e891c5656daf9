"""Factories for article tests (wagtail-factories)."""

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from .models import ArticleIndexPage, ArticlePage, Person, Source, Topic


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    profession = "Physiotherapeutin"
    bio = "Kurzbiografie."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    authors = "Muster A, Beispiel B"
    year = 2024
    title = factory.Sequence(lambda n: f"Studie {n}")
    url = factory.Sequence(lambda n: f"https://example.org/studie-{n}")


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Testartikel {n}")
    slug = factory.Sequence(lambda n: f"testartikel-{n}")
    lead = "Ein kurzer Lead."
    author = factory.SubFactory(PersonFactory)
    body = factory.LazyFunction(list)
    # Under the demo site's "Ratgeber" listing, so pages get real URLs.
    parent = factory.LazyFunction(ArticleIndexPage.objects.first)


def cite(source) -> str:
    return f'<a linktype="citation" id="{source.pk}">†</a>'


def paragraph(html: str):
    return ("paragraph", RichText(html))


def heading(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level, "anchor": ""})
