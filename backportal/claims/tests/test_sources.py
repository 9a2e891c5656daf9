"""Helpers that sources use: StreamField text extraction and the hook registry."""

import pytest
from wagtail import blocks, hooks

from backportal.claims.sources import (
    HOOK_NAME,
    CheckableText,
    check_sources,
    get_sources,
    stream_texts,
)


class TipBlock(blocks.StructBlock):
    """A struct with a heading, rich text and a non-text field."""

    heading = blocks.CharBlock(label="Überschrift")
    body = blocks.RichTextBlock(label="Text")
    stars = blocks.IntegerBlock(label="Sterne")


class ArticleBody(blocks.StreamBlock):
    """An article-like stream: paragraphs, tips, a list of bullet points."""

    paragraph = blocks.RichTextBlock(label="Absatz")
    tip = TipBlock(label="Tipp")
    bullets = blocks.ListBlock(blocks.CharBlock(), label="Liste")
    link = blocks.URLBlock(label="Link")


def test_stream_texts_yields_the_copy_of_every_text_block_with_its_label():
    body = ArticleBody()
    value = body.to_python(
        [
            {"type": "paragraph", "value": "<p>Wärme <b>wirkt immer</b>.</p>"},
            {
                "type": "tip",
                "value": {
                    "heading": "Unser Tipp",
                    "body": "<p>Garantiert schmerzfrei.</p>",
                    "stars": 5,
                },
            },
            {"type": "bullets", "value": ["Leise", "Nie wieder Rückenschmerzen"]},
            {"type": "link", "value": "https://example.org/"},
        ]
    )
    assert list(stream_texts(value)) == [
        ("Absatz", "Wärme wirkt immer."),
        ("Tipp › Überschrift", "Unser Tipp"),
        ("Tipp › Text", "Garantiert schmerzfrei."),
        ("Liste", "Leise"),
        ("Liste", "Nie wieder Rückenschmerzen"),
    ]


class OneText:
    label = "Test"

    def iter_texts(self):
        yield CheckableText(
            "Artikel „A“", "Text", "Akupressur heilt Ischias.", "article"
        )
        yield CheckableText(
            "Produkt „P“", "Text", "Akupressur heilt Ischias.", "device"
        )


def register_one_text():
    return OneText()


@pytest.mark.django_db
def test_sources_come_from_the_wagtail_hook_and_can_be_filtered_by_kind():
    with hooks.register_temporarily(HOOK_NAME, register_one_text):
        assert any(isinstance(source, OneText) for source in get_sources())
        results = [r for r in check_sources(kind="article") if r.source == "Test"]
    assert [(r.item.object_label, [f.rule for f in r.findings]) for r in results] == [
        ("Artikel „A“", ["hwg-heilversprechen"])
    ]
