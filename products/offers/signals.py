"""A saved or deleted offer renews the cached pages that show its product.

Bulk refreshes (products.offers.refresh) write with bulk_update, which sends
no signal, and call backportal.core.page_cache.product_changed once per
product themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from products.page_products import product_changed

from .models import Offer


@receiver(post_delete, sender=Offer, dispatch_uid="offers_offer_deleted")
@receiver(post_save, sender=Offer, dispatch_uid="offers_offer_saved")
def offer_changed(sender, instance, **kwargs):
    product_changed(instance.link.product)
