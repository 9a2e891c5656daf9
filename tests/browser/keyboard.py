"""Keyboard helpers for browser tests: reach an element by Tab, read its focus ring."""

import pytest

# What a sighted keyboard user sees on the focused element: an outline or a
# box-shadow ring, and the element itself on screen.
FOCUS_INDICATOR_JS = """el => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    return {
        ring: outline || shadow,
        onScreen: box.width > 0 && box.height > 0,
        label: (el.tagName + " " + (el.innerText || el.value || el.name || "")).trim(),
    };
}"""


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, limit=300):
    """Press Tab until `locator` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    pytest.fail(f"{locator} never received focus after {limit} Tab presses")
