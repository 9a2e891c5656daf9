"""The one list of public pages every quality check covers.

The Nu HTML Checker (tests/quality/test_html_validity.py) and axe-core at both
viewports (tests/browser/test_every_page.py) run on each entry. Add a page type
here when you build it: a path the demo content (`load_demo`) serves, the status
it answers with and its one <h1>.
"""

from typing import NamedTuple


class SitePage(NamedTuple):
    """A public URL of the demo site, its expected status and heading."""

    name: str
    path: str
    heading: str
    status: int = 200


ARTICLE = "/ratgeber/muskelverhaertung-unterer-ruecken-loesen/"

PUBLIC_PAGES = [
    SitePage("home", "/", "Gesunder Rücken"),
    SitePage("imprint", "/impressum/", "Impressum"),
    SitePage("privacy", "/datenschutz/", "Datenschutz"),
    SitePage("article-index", "/ratgeber/", "Ratgeber"),
    SitePage("topic", "/ratgeber/thema/rueckentraining/", "Rückentraining"),
    SitePage("tag", "/ratgeber/schlagwort/leitlinie/", "Schlagwort: Leitlinie"),
    SitePage(
        "article",
        ARTICLE,
        "Muskelverhärtung im unteren Rücken lösen: Was wirklich hilft",
    ),
    SitePage("search-results", "/suche/?q=Rücken", "Suche"),
    SitePage("search-empty", "/suche/?q=Zzzyxw", "Suche"),
    SitePage("people", "/autoren/", "Autoren und Prüfer"),
    SitePage("author", "/autoren/dr-markus-wendt/", "Markus Wendt"),
    SitePage("catalogue", "/empfehlungen/", "Unsere Empfehlungen"),
    SitePage(
        "product",
        "/empfehlungen/waermewerk-shiatsu-kissen/",
        "Wärmewerk Shiatsu-Massagekissen Komfort",
    ),
    SitePage("not-found", "/gibt-es-nicht/", "Diese Seite gibt es leider nicht", 404),
]
