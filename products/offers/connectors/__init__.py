"""Connectors: one module per source format, each a generator of FeedItems.

Each reads its source as a stream (a 500 MB feed needs kilobytes, not
megabytes) and yields one FeedItem per product, or a SkippedRow naming why a
row cannot be used. A download that fails or breaks off raises FetchError;
products.offers.refresh then changes nothing.
"""

from .base import FeedItem, FetchError, SkippedRow  # noqa: F401


def items_for(source):
    """The generator that reads `source` (a DataSource) in its format."""
    from ..models import SourceKind
    from . import amazon, awin, google

    return {
        SourceKind.GOOGLE_MERCHANT_FEED: google.read_source,
        SourceKind.AWIN_FEED: awin.read_source,
        SourceKind.AMAZON_CREATORS: amazon.read_source,
    }[source.kind](source)
