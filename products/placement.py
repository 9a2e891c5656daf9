"""Where on a page an affiliate link stands: the one list of placements.

The `p` parameter of /go/ and /click/ links, what a click row records, and
what decides how many offers a product shows (a box several, others the best).
Values are plain strings, so templates may write placement="box".
"""

from django.db import models


class Placement(models.TextChoices):
    """Where on a page the link was."""

    BOX = "box", "Produktbox"
    TABLE = "table", "Vergleichstabelle"
    LIST = "list", "Produktliste"
    TEXT = "text", "Fließtext"
    CATALOGUE = "catalogue", "Empfehlungsseite"
    DETAIL = "detail", "Produktseite"
    UNKNOWN = "", "Unbekannt"
