"""Search result helpers for templates/search/."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..text import stem_pattern

register = template.Library()


@register.filter
def highlight(text, query):
    """`text` escaped, with every word that starts like a searched word in <mark>."""
    text = str(text or "")
    pattern = stem_pattern(query or "")
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [
            escape(text[last : found.start()]),
            f"<mark>{escape(found[0])}</mark>",
        ]
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)
