from django import template
from wagtail.rich_text import RichText

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
