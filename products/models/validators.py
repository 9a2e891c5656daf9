"""Validators the catalogue's fields share: http(s) addresses, ratings, link labels."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# The only schemes a merchant link may use: no javascript:, data:, ftp: or
# host-less URLs ever reach an href.
validate_http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Bitte eine vollständige Adresse mit http:// oder https:// angeben."),
)

rating_validators = [
    MinValueValidator(Decimal("1.0")),
    MaxValueValidator(Decimal("5.0")),
]


def validate_link_label(value: str) -> None:
    """A link label must be words: an icon or a bare asterisk does not label an ad."""
    if not re.search(r"[^\W\d_]{2,}", value):
        raise ValidationError(
            _(
                "Bitte ein Wort wie „Werbung“ oder „(bezahlter Link)“: ein Zeichen "
                "oder Symbol allein kennzeichnet Werbung nicht (§ 5a Abs. 4 UWG)."
            )
        )
