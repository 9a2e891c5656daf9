"""The one list of public pages every quality check covers.

The Nu HTML Checker (tests/quality/test_html_validity.py) and axe-core at both
viewports (tests/browser/test_every_page.py) run on each entry. Add a page type
here when you build it: a path the demo content (`load_demo`) serves, the status
it answers with and its one <h1>.

`demo_pages()` adds every live article and every product detail page of the
demo, so the browser's layout checks cover all of them, not a chosen few.
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


def demo_pages() -> list[SitePage]:
    """PUBLIC_PAGES, then every live article and every active product's detail
    page the demo serves that the list does not name (three queries)."""
    from articles.models import ArticlePage
    from products.models import Product, ProductIndexPage

    pages = list(PUBLIC_PAGES)
    for article in ArticlePage.objects.live().public().order_by("path"):
        pages.append(SitePage(f"article-{article.slug}", article.url, article.title))
    catalogue = ProductIndexPage.objects.live().first()
    if catalogue is not None:
        for product in Product.objects.active().order_by("slug"):
            path = catalogue.product_url(product)
            pages.append(SitePage(f"product-{product.slug}", path, product.name))
    by_path = {}
    for page in pages:
        by_path.setdefault(page.path, page)
    return list(by_path.values())
