import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText

from ..search import passage, search_stems

register = template.Library()


@register.simple_tag(takes_context=True)
def article_richtext(context, value):
    """Render article rich text with numbered citations (see articles.content)."""
    if not isinstance(value, RichText):
        return value
    citations = context.get("citations")
    if citations is None:
        return value.__html__()
    return citations.render(value)


@register.filter
def highlight(text, query):
    """`text` escaped, with every word that starts like a searched word in <mark>."""
    stems = search_stems(query or "")
    text = str(text or "")
    if not stems:
        return escape(text)
    pattern = re.compile(r"\w*(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [
            escape(text[last : found.start()]),
            f"<mark>{escape(found[0])}</mark>",
        ]
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


@register.simple_tag
def search_passage(article, query):
    """Where in the body the searched word appears (articles.search.passage)."""
    return passage(article, query)
