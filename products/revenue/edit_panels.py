"""PageFiguresPanel: a page's own views and clicks inside its edit view.

Imported by page models (articles' ArticlePage), so this module imports only
Wagtail's panel base at load time; the figures are read when it renders.
"""

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.panels import Panel

PAGE_FIGURES_DAYS = 30


def page_figures(page_id: int, days: int = PAGE_FIGURES_DAYS):
    """A page's views and clicks (bots excluded) over the last `days` Berlin
    days, today included, as the page report's period of that length: two
    queries over the daily tables."""
    from django.db.models import Sum

    from products.clicks.days import today
    from products.clicks.selectors import rollup_rows

    from .figures import Figures
    from .models import DailyPageViews

    last = today()
    first = last - timedelta(days=days - 1)
    figures = Figures(key=page_id, start=first, end=last)
    clicks = rollup_rows(first, last).filter(page_id=page_id)
    figures.clicks = clicks.aggregate(n=Sum("clicks"))["n"] or 0
    views = DailyPageViews.objects.filter(page_id=page_id, day__range=(first, last))
    figures.views = views.aggregate(n=Sum("views"))["n"] or 0
    return figures


class PageFiguresPanel(Panel):
    """ "Aufrufe und Klicks" of the edited page over the last 30 days, with a
    link to its report. Shown to whoever reads the click reports (Redaktion,
    Marketing, Administratoren); money stays in the report."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Aufrufe und Klicks")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            from products.clicks.views import can_view_reports

            return (
                self.instance is not None
                and self.instance.pk is not None
                and self.request is not None
                and can_view_reports(self.request.user)
            )

        def render_html(self, parent_context=None):
            from products.clicks.rollup import catch_up
            from products.clicks.views import FRESH_FOR

            from .reports import sees_money

            # Today's clicks as the report shows them (redone at most each minute).
            catch_up(fresh_for=FRESH_FOR)
            report = reverse("revenue:overview")
            return render_to_string(
                "revenue/page_figures_panel.html",
                {
                    "figures": page_figures(self.instance.pk),
                    "days": PAGE_FIGURES_DAYS,
                    "report_url": (
                        f"{report}?page={self.instance.pk}&period={PAGE_FIGURES_DAYS}"
                    ),
                    "sees_money": sees_money(self.request.user),
                },
            )
