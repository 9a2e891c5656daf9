"""Saved revenue settings reach this process's link rendering at once, and the
other processes' before they store a page (references.settings_changed).

The page cache renews itself for these models too (registered in
RevenueConfig.ready() as shared models).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import references
from .models import MerchantRevenue, TrackingId


@receiver([post_save, post_delete], sender=MerchantRevenue)
@receiver([post_save, post_delete], sender=TrackingId)
def _settings_changed(sender, **kwargs):
    references.settings_changed()
