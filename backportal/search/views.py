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
    """The main source's results paged (articles: a count and a page of rows),
    the other sources' results on the first page (products: three queries);
    no query without a search term."""
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()
    query = query[:MAX_QUERY_LENGTH]
    results = None
    sections = []
    main = registry.main_source()
    if query:
        # Only the words go to the backend: PostgreSQL rejects a NUL byte and
        # SQLite's full-text syntax an unpaired quote; punctuation finds nothing.
        words = " ".join(re.findall(r"\w+", query))
        found = main.find(words, request) if words and main else []
        paginator = Paginator(found, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("seite", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("Diese Ergebnisseite gibt es nicht.") from error
        if words and results.number == 1:
            for source in registry.side_sources():
                found_here = list(source.find(words, request))
                if found_here:
                    sections.append((source, found_here))
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "main_source": main,
            "sections": sections,
        },
    )
