"""Checkable sources: where `check_claims --all`, reports and panels find texts.

An app that holds checkable text registers a source with a Wagtail hook:

    @hooks.register("register_claims_source")
    def product_claims_source():
        return ProductClaimsSource()

A source has a `label` and an `iter_texts()` method yielding CheckableText:
one field of one object, the kind of text it is, and (for products) the
nutrient amounts per daily dose, so authorised claims are checked against them.
A source over one model (subclass ModelSource) also names its `model` and
answers `texts_for(instance)`: the save warning and the edit-view panel use that.
"""

from collections.abc import Iterable, Iterator, Mapping
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
        for instance in self.get_queryset().iterator():
            yield from self.texts_for(instance)

    def texts_for(self, instance) -> Iterable[CheckableText]:
        raise NotImplementedError


@dataclass(frozen=True)
class CheckedText:
    """A checked text and its findings."""

    source: str
    item: CheckableText
    findings: list[Finding]


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


def check_instance(instance) -> list[CheckedText]:
    """Findings for one object, from every registered source over its model."""
    results = []
    for source in get_sources():
        model = getattr(source, "model", None)
        if model is None or not isinstance(instance, model):
            continue
        for item in source.texts_for(instance):
            results.append(
                CheckedText(
                    source.label, item, check_text(item.text, item.kind, item.nutrients)
                )
            )
    return results


def stream_texts(value, label: str = "") -> Iterator[tuple[str, str]]:
    """(block label, plain text) for every text in a StreamField value.

    Walks StreamBlock, StructBlock and ListBlock values; yields rich text as
    plain text and the values of CharBlock/TextBlock children. Other blocks
    (images, links, numbers, choices) hold no copy to check.
    """
    if isinstance(value, StreamValue):
        for child in value:
            yield from _block_texts(
                child.block, child.value, _join(label, child.block.label)
            )
        return
    raise TypeError(f"Expected a StreamValue, got {type(value).__name__}")


def _block_texts(block, value, label: str) -> Iterator[tuple[str, str]]:
    if isinstance(block, RichTextBlock):
        text = html_to_text(value.source if hasattr(value, "source") else str(value))
        if text:
            yield label, text
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _block_texts(
                child.block, child.value, _join(label, child.block.label)
            )
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_texts(
                child_block, value.get(name), _join(label, child_block.label)
            )
    elif isinstance(block, ListBlock):
        for child_value in value:
            yield from _block_texts(block.child_block, child_value, label)
    elif (
        isinstance(block, CharBlock | TextBlock)
        and isinstance(value, str)
        and value.strip()
    ):
        yield label, value


def _join(parent: str, child) -> str:
    child = str(child or "")
    return f"{parent} › {child}" if parent and child else parent or child
