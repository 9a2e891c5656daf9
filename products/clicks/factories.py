"""Factories for click tests: raw clicks at chosen moments (factory_boy)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from products.factories import AffiliateLinkFactory

from .models import Click, Device, Outcome, Placement


class ClickFactory(DjangoModelFactory):
    """A person's click on a link from no particular page, now."""

    at = factory.LazyFunction(timezone.now)
    link = factory.SubFactory(AffiliateLinkFactory)
    product = factory.SelfAttribute("link.product")
    merchant = factory.SelfAttribute("link.merchant")
    page = None
    placement = Placement.BOX
    device = Device.DESKTOP
    is_bot = False
    bot_reason = ""
    outcome = Outcome.REDIRECT
    visitor_key = factory.Sequence(lambda n: f"{n:032x}")

    class Meta:
        model = Click
