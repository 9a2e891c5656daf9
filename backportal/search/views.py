"""The site search page (/suche/)."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import registry

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@require_GET
def search(request):
    """Search over the registered sources; two queries per result page
    (count and rows) for the pages source, none without a query."""
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()
    query = query[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # Only the words go to the backend: PostgreSQL rejects a NUL byte and
        # SQLite's full-text syntax an unpaired quote; punctuation finds nothing.
        words = " ".join(re.findall(r"\w+", query))
        paginator = Paginator(registry.search(words), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("seite", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("Diese Ergebnisseite gibt es nicht.") from error
    return render(
        request, "core/search.html", {"search_query": query, "results": results}
    )
