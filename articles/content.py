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
# One citation marker cites one source or several ("[3]" for two studies):
# <a linktype="citation" id="12,15">.
CITATION_RE = re.compile(
    r'<a\b(?=[^>]*\blinktype="citation")[^>]*\bid="(?P<id>\d+(?:,\d+)*)"[^>]*>'
    r"(?P<text>.*?)</a>",
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


@dataclass
class TocEntry:
    """A line of the table of contents: an H2 with the H3 under it."""

    anchor: str
    text: str
    children: list["TocEntry"] = field(default_factory=list)


def table_of_contents(stream) -> list[TocEntry]:
    """Every H2 heading in order, each with the H3 headings that follow it.

    An H3 before the first H2 is listed on the top level; H4 are not listed.
    """
    entries: list[TocEntry] = []
    for child in stream:
        if child.block_type != "heading":
            continue
        level = child.value["level"]
        entry = TocEntry(child.value.anchor_id, child.value["text"])
        if level == "h2" or (level == "h3" and not entries):
            entries.append(entry)
        elif level == "h3":
            entries[-1].children.append(entry)
    return entries


def cited_ids(match) -> tuple[int, ...]:
    """The source ids of one citation marker, in the editor's order."""
    return tuple(int(part) for part in match.group("id").split(","))


@dataclass
class Reference:
    """One numbered note of the reference list: its sources, where it is cited."""

    number: int
    sources: list
    uses: int = 0

    @property
    def anchor(self) -> str:
        return f"quelle-{self.number}"

    @property
    def source(self):
        """The first (usually the only) source of the note."""
        return self.sources[0]

    def citation_ids(self) -> list[str]:
        return [f"zitat-{self.number}-{use}" for use in range(1, self.uses + 1)]


@dataclass
class Citations:
    """Numbers citations by first use and renders them as linked superscripts.

    A note is a source or a group of sources cited by one marker; citing the
    same group again reuses its number. Built once per page from the body (one
    query for all sources); `render()` is then called for each rich text in the
    same stream and knows, per rich text object, which occurrence numbers its
    citations get, so back links are stable however it is rendered.
    """

    references: dict[tuple[int, ...], Reference] = field(default_factory=dict)
    occurrences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def for_stream(cls, stream) -> "Citations":
        from .models import Source

        order: list[int] = []
        per_text: dict[int, list[tuple[int, ...]]] = {}
        for value in rich_texts(stream.stream_block, stream):
            groups = [cited_ids(m) for m in CITATION_RE.finditer(value.source)]
            if groups:
                per_text[id(value)] = groups
                order += [source_id for group in groups for source_id in group]
        sources = Source.objects.in_bulk(set(order)) if order else {}
        citations = cls()
        uses: dict[tuple[int, ...], int] = defaultdict(int)
        for text_key, groups in per_text.items():
            numbered = []
            for group in groups:
                # Deleted sources are left out; a note citing none cites nothing.
                key = tuple(dict.fromkeys(i for i in group if i in sources))
                if not key:
                    numbered.append((0, 0))
                    continue
                reference = citations.references.get(key)
                if reference is None:
                    reference = Reference(
                        len(citations.references) + 1, [sources[i] for i in key]
                    )
                    citations.references[key] = reference
                uses[key] += 1
                reference.uses = uses[key]
                numbered.append((reference.number, uses[key]))
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
