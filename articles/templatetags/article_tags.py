from django import template
from wagtail.rich_text import RichText

from ..search import passage

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


@register.simple_tag
def search_passage(article, query):
    """Where in the body the searched word appears (articles.search.passage)."""
    return passage(article, query)
