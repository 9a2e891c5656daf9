"""German key names in the admin ("Strg" not "Ctrl"): the keyboard shortcuts
dialog and the rich-text toolbar's tooltips.

Wagtail renders the names untranslated; its dialog template offers the
`shortcuts` block, which templates/wagtailadmin/shared/ overrides with this.
Draftail spells them in its own code: static/js/admin-keys.js rewrites its
tooltips with the same names (loaded by articles/wagtail_hooks.py).
"""

import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

GERMAN_KEYS = {"Ctrl": "Strg", "Shift": "Umschalt", "Delete": "Entf"}


@register.filter
def german_keys(shortcut: str) -> str:
    """ "Ctrl + Shift + z" -> "Strg + Umschalt + z"."""
    return " + ".join(GERMAN_KEYS.get(key, key) for key in str(shortcut).split(" + "))


def toolbar_keys_script() -> str:
    """The script tag that puts GERMAN_KEYS into the editor's toolbar tooltips."""
    return format_html(
        '<script src="{}" data-keys="{}"></script>',
        static("js/admin-keys.js"),
        json.dumps(GERMAN_KEYS),
    )
