"""Checkable sources: where `check_claims --all`, reports and panels find texts.

An app that holds checkable text registers a source with a Wagtail hook:

    @hooks.register("register_claims_source")
    def product_claims_source():
        return ProductClaimsSource()

A source has a `label` and an `iter_texts()` method yielding CheckableText:
one field of one object, the kind of text it is, and (for products) the
nutrient amounts per daily dose, so authorised claims are checked against them.
A source over one model (subclass ModelSource) also names its `model` and
answers `texts_for(instance)`: the save warning, the edit-view panel and the
stored findings of the report (store.py) use that. `related_texts_for` adds
texts the object shows but does not own (an article's embedded products): the
warning, the panel and the review task show them, the report does not repeat them.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from wagtail import hooks
from wagtail.blocks import (
    CharBlock,
    ListBlock,
    RichTextBlock,
    StreamBlock,
    StreamValue,
    StructBlock,
    TextBlock,
)
from wagtail.contrib.table_block.blocks import TableBlock

from .checker import Finding, check_text
from .text import html_to_text

HOOK_NAME = "register_claims_source"


@dataclass(frozen=True)
class CheckableText:
    """One text field of one object, read as a kind of text."""

    object_label: str
    field_label: str
    text: str
    kind: str
    nutrients: Mapping[str, Decimal] | None = None
    url: str | None = None


class CheckableSource(Protocol):
    """What an app registers: a label and the texts it holds."""

    label: str

    def iter_texts(self) -> Iterable[CheckableText]: ...


class ModelSource:
    """A source over one model: write `texts_for`; `iter_texts` walks the queryset.

    Override `get_queryset` to choose what `--all` and reports check (e.g. only
    live pages); `texts_for` also serves the save warning and the edit panel,
    which see drafts too.
    """

    label = ""
    model = None

    def get_queryset(self):
        return self.model._default_manager.all()

    def iter_texts(self) -> Iterator[CheckableText]:
        for instance in self.get_queryset().iterator(chunk_size=200):
            yield from self.texts_for(instance)

    def texts_for(self, instance) -> Iterable[CheckableText]:
        raise NotImplementedError

    def related_texts_for(self, instance) -> Iterable[CheckableText]:
        """Texts of other objects shown with this one (none unless overridden)."""
        return ()

    def standards_for(self, instance) -> Iterable[str]:
        """Our own content standards the object misses, in plain German (warnings,
        never blocking): e.g. an article with fewer than three cited sources."""
        return ()

    def includes(self, instance) -> bool:
        """Whether `--all` and the report check this object (see get_queryset)."""
        return self.get_queryset().filter(pk=instance.pk).exists()


@dataclass(frozen=True)
class CheckedText:
    """A checked text and its findings; `related` if another object owns the text."""

    source: str
    item: CheckableText
    findings: list[Finding]
    related: bool = False


def get_sources() -> list[CheckableSource]:
    """Every source registered through the `register_claims_source` hook."""
    return [register() for register in hooks.get_hooks(HOOK_NAME)]


def check_sources(
    sources: Iterable[CheckableSource] | None = None, kind: str | None = None
) -> Iterator[CheckedText]:
    """Check every text of every source (optionally only one kind of text)."""
    for source in get_sources() if sources is None else sources:
        for item in source.iter_texts():
            if kind is not None and item.kind != kind:
                continue
            yield CheckedText(
                source.label, item, check_text(item.text, item.kind, item.nutrients)
            )


def model_sources(instance) -> list[ModelSource]:
    """The registered sources over the model of `instance`."""
    return [
        source
        for source in get_sources()
        if getattr(source, "model", None) is not None
        and isinstance(instance, source.model)
    ]


MIN_SOURCES = 3


def content_standards(instance) -> list[str]:
    """What `instance` misses of our content standards, from every source over its model."""
    return [
        note
        for source in model_sources(instance)
        for note in source.standards_for(instance)
    ]


def check_instance(instance, related: bool = True) -> list[CheckedText]:
    """Findings for one object, from every registered source over its model.

    With `related`, also for the texts it shows but does not own (an
    article's products), as the save warning, panel and review task list them.
    """
    results = []
    for source in model_sources(instance):
        items = [(item, False) for item in source.texts_for(instance)]
        if related:
            items += [(item, True) for item in source.related_texts_for(instance)]
        results += [
            CheckedText(
                source.label,
                item,
                check_text(item.text, item.kind, item.nutrients),
                related=is_related,
            )
            for item, is_related in items
        ]
    return results


def stream_texts(
    value, label: str = "", prepare_html: Callable[[str], str] | None = None
) -> Iterator[tuple[str, str]]:
    """(block label, plain text) for every text in a StreamField value.

    Walks StreamBlock, StructBlock and ListBlock values; yields rich text as
    plain text, the values of CharBlock/TextBlock children and tables (one
    line per row). Other blocks (images, links, numbers, choices) hold no copy.
    `prepare_html` rewrites stored rich text first (e.g. citations to "[1]").
    """
    if isinstance(value, StreamValue):
        for child in value:
            yield from _block_texts(
                child.block, child.value, _join(label, child.block.label), prepare_html
            )
        return
    raise TypeError(f"Expected a StreamValue, got {type(value).__name__}")


def _block_texts(block, value, label: str, prepare_html) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(block, RichTextBlock):
        html = value.source if hasattr(value, "source") else str(value)
        text = html_to_text(prepare_html(html) if prepare_html else html)
        if text:
            yield label, text
    elif isinstance(block, TableBlock):
        rows = (value or {}).get("data") or []
        text = "\n".join(
            " – ".join(str(cell).strip() for cell in row or () if cell) for row in rows
        ).strip()
        if text:
            yield label, text
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _block_texts(
                child.block,
                child.value,
                _join(label, child.block.label),
                prepare_html,
            )
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_texts(
                child_block,
                value.get(name),
                _join(label, child_block.label),
                prepare_html,
            )
    elif isinstance(block, ListBlock):
        for child_value in value:
            yield from _block_texts(block.child_block, child_value, label, prepare_html)
    elif (
        isinstance(block, CharBlock | TextBlock)
        and isinstance(value, str)
        and value.strip()
    ):
        yield label, value


def _join(parent: str, child) -> str:
    child = str(child or "")
    return f"{parent} › {child}" if parent and child else parent or child
