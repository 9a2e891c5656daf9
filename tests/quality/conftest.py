"""Fixtures of the page cache and fragment tests."""

import datetime

import pytest
from django.utils import timezone

from products.models import AffiliateLink
from products.page_products import page_affiliate_products

from .caching import demo_article

STALE_IN_SECONDS = 90


@pytest.fixture
def price_stale_soon() -> int:
    """The demo article's first price turns stale in STALE_IN_SECONDS."""
    product, _placement = page_affiliate_products(demo_article())[0]
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    link.price = 19
    link.price_checked_at = (
        timezone.now()
        - link.merchant.max_data_age
        + datetime.timedelta(seconds=STALE_IN_SECONDS)
    )
    link.save()
    return STALE_IN_SECONDS
