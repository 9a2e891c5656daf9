"""What an article derives from its body: words, table of contents, citations.

Plain functions over a StreamValue, walked once in reading order, so templates
never compute these themselves and queries do not grow with the block count.
Word counts read the stored JSON only (teasers count the words of articles
they do not render); citations walk the converted blocks the page renders.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.rich_text import RichText, expand_db_html

from backportal.core.streams import stored_leaves

WORDS_PER_MINUTE = 200
# Struct children that hold no reading text (anchors, alt texts, credits, choices).
NOT_READ = {"anchor", "alt_text", "image_alt", "credit", "kind", "level"}
CITATION_RE = re.compile(
    r'<a\b(?=[^>]*\blinktype="citation")[^>]*\bid="(?P<id>\d+)"[^>]*>(?P<text>.*?)</a>',
    re.S,
)
# Inserted by the editor's citation button when no words were selected.
CITATION_PLACEHOLDER = "†"


def rich_texts(block, value) -> Iterator[RichText]:
    """Every rich text under `block`, in reading order, as converted values.

    Converts the stream: meant for the page being rendered, whose RichText
    objects Citations.render() receives again.
    """
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from rich_texts(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from rich_texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from rich_texts(block.child_block, item)
    elif isinstance(value, RichText):
        yield value


def stored_texts(stream) -> Iterator[str]:
    """Plain text of every block a reader reads, from the stream's stored data.

    Never converts blocks to Python values, so counting the words of a teaser's
    article costs no query for its products or images.
    """
    for block, raw in stored_leaves(stream.stream_block, stream.raw_data, NOT_READ):
        if isinstance(block, TableBlock):
            for row in raw.get("data") or []:
                yield " ".join(cell or "" for cell in row)
        elif isinstance(block, blocks.RichTextBlock):
            yield strip_tags(CITATION_RE.sub(_citation_words, raw))
        elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
            yield str(raw)


def cited_source_ids(stream) -> set[int]:
    """Ids of the sources cited anywhere in the stream, from its stored data (no query)."""
    return {
        int(match.group("id"))
        for block, raw in stored_leaves(stream.stream_block, stream.raw_data, NOT_READ)
        if isinstance(block, blocks.RichTextBlock)
        for match in CITATION_RE.finditer(raw)
    }


def _citation_words(match) -> str:
    text = match.group("text")
    return "" if text.strip() == CITATION_PLACEHOLDER else text


def word_count(stream) -> int:
    """Words a reader reads in a StreamValue (from its stored data: no queries)."""
    return sum(len(text.split()) for text in stored_texts(stream))


def table_of_contents(stream) -> list[tuple[str, str]]:
    """(anchor, text) of every H2 heading, in order."""
    return [
        (child.value.anchor_id, child.value["text"])
        for child in stream
        if child.block_type == "heading" and child.value["level"] == "h2"
    ]


@dataclass
class Reference:
    """One entry of the reference list: a source, its number, where it is cited."""

    number: int
    source: object
    uses: int = 0

    @property
    def anchor(self) -> str:
        return f"quelle-{self.number}"

    def citation_ids(self) -> list[str]:
        return [f"zitat-{self.number}-{use}" for use in range(1, self.uses + 1)]


@dataclass
class Citations:
    """Numbers citations by first use and renders them as linked superscripts.

    Built once per page from the body; `render()` is then called for each rich
    text in the same stream and knows, per rich text object, which occurrence
    numbers its citations get, so back links are stable however it is rendered.
    """

    references: dict[int, Reference] = field(default_factory=dict)  # by source id
    occurrences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def for_stream(cls, stream) -> "Citations":
        from .models import Source

        order: list[int] = []
        per_text: dict[int, list[int]] = {}
        for value in rich_texts(stream.stream_block, stream):
            ids = [int(m.group("id")) for m in CITATION_RE.finditer(value.source)]
            if ids:
                per_text[id(value)] = ids
                order += ids
        sources = Source.objects.in_bulk(set(order)) if order else {}
        citations = cls()
        uses: dict[int, int] = defaultdict(int)
        for text_key, ids in per_text.items():
            numbered = []
            for source_id in ids:
                if source_id not in sources:
                    numbered.append((0, 0))  # a deleted source: cite nothing
                    continue
                reference = citations.references.get(source_id)
                if reference is None:
                    reference = Reference(
                        len(citations.references) + 1, sources[source_id]
                    )
                    citations.references[source_id] = reference
                uses[source_id] += 1
                reference.uses = uses[source_id]
                numbered.append((reference.number, uses[source_id]))
            citations.occurrences[text_key] = numbered
        return citations

    def reference_list(self) -> list[Reference]:
        return sorted(self.references.values(), key=lambda ref: ref.number)

    def render(self, richtext: RichText) -> SafeString:
        numbered = iter(self.occurrences.get(id(richtext), []))

        def superscript(match) -> str:
            number, use = next(numbered, (0, 0))
            words = _citation_words(match)
            if not number:
                return words
            return (
                f'{words}<sup class="cite"><a href="#quelle-{number}" '
                f'id="zitat-{number}-{use}" aria-label="Quelle {number}">'
                f"[{number}]</a></sup>"
            )

        source = CITATION_RE.sub(superscript, richtext.source)
        return mark_safe(expand_db_html(source))  # noqa: S308 (editor HTML, rewritten)
