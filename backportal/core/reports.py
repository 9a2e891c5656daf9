"""One call wires an admin report: its two URLs and its "Berichte" menu entry.

Wagtail's ReportView serves a report at reports/<slug>/ and its filtered
results at reports/<slug>/results/ (results_only=True); the menu entry is
shown to users `shown_to(user)` allows (everyone who may open the admin when
None). Call register_report() at import time of an app's wagtail_hooks.py.
"""

from collections.abc import Callable

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class ReportMenuItem(MenuItem):
    """A "Berichte" entry shown only to users allowed to open it."""

    def __init__(self, *args, shown_to: Callable | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to is None or self.shown_to(request.user)


def report_urls(slug: str, view, name: str) -> list:
    """The report's page and its results-only URL (filters, pagination)."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=name),
        path(
            f"reports/{slug}/results/",
            view.as_view(results_only=True),
            name=f"{name}_results",
        ),
    ]


def register_report(
    slug: str,
    view,
    name: str,
    label: str,
    *,
    icon: str = "doc-full",
    order: int = 700,
    menu_name: str | None = None,
    shown_to: Callable | None = None,
    results: bool = True,
) -> None:
    """Register the report's URLs and its menu entry (`name` is the URL name).

    results=False for a plain view without a results-only URL (e.g. a form).
    """

    def urls():
        if results:
            return report_urls(slug, view, name)
        return [path(f"reports/{slug}/", view.as_view(), name=name)]

    def menu_item():
        options = {"name": menu_name} if menu_name else {}
        return ReportMenuItem(
            label,
            reverse(name),
            icon_name=icon,
            order=order,
            shown_to=shown_to,
            **options,
        )

    hooks.register("register_admin_urls", urls)
    hooks.register("register_reports_menu_item", menu_item)
