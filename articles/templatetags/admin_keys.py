"""German key names in the admin's keyboard shortcuts dialog ("Strg" not "Ctrl").

Wagtail renders the names untranslated; its dialog template offers the
`shortcuts` block, which templates/wagtailadmin/shared/ overrides with this.
"""

from django import template

register = template.Library()

GERMAN_KEYS = {"Ctrl": "Strg", "Shift": "Umschalt", "Delete": "Entf"}


@register.filter
def german_keys(shortcut: str) -> str:
    """ "Ctrl + Shift + z" -> "Strg + Umschalt + z"."""
    return " + ".join(GERMAN_KEYS.get(key, key) for key in str(shortcut).split(" + "))
