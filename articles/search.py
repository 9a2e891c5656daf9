"""Site search over articles: live public articles, best match first.

Home and legal pages are not articles, so they are never results. Teasers
read the stored body only (no query per result) for a passage with the term.
"""

import re

from . import content
from .models import ArticlePage


def search_articles(words: str):
    """Lazy search results (one query for the count, one per result page)."""
    return ArticlePage.objects.live().public().for_teasers().search(words)


def passage(article: ArticlePage, query: str, length: int = 30) -> str:
    """A few words of the body around the first searched word, if the title
    and lead do not already show it; else the empty string."""
    stems = search_stems(query)
    if not stems:
        return ""
    pattern = re.compile("|".join(stems), re.IGNORECASE)
    if pattern.search(article.title) or pattern.search(article.lead):
        return ""
    for text in content.stored_texts(article.body):
        found = pattern.search(text)
        if found:
            before = text[: found.start()].split()[-8:]
            after = text[found.start() :].split()[: length - len(before)]
            return "… " + " ".join(before + after) + " …"
    return ""


def search_stems(query: str) -> list[str]:
    """Regex stems of the searched words: German endings vary ("Krampf",
    "Krämpfe"), so a word matches from its first letters on."""
    words = [word for word in re.findall(r"\w+", query) if len(word) >= 3]
    return [re.escape(word[: max(3, len(word) - 2)]) for word in words]
