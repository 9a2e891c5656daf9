"""Admin URLs of the click reports, mounted at /admin/clicks/ by wagtail_hooks."""

from django.urls import path

from .selectors import DIMENSIONS
from .views import ClickOverviewView, top_view

app_name = "clicks"

urlpatterns = [
    path("", ClickOverviewView.as_view(), name="overview"),
    path(
        "results/",
        ClickOverviewView.as_view(results_only=True),
        name="overview_results",
    ),
]
for slug in DIMENSIONS:
    view = top_view(slug)
    urlpatterns += [
        path(f"{slug}/", view.as_view(), name=slug),
        path(
            f"{slug}/results/", view.as_view(results_only=True), name=f"{slug}_results"
        ),
    ]
