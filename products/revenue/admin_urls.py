"""Admin URLs of revenue, mounted at /admin/revenue/ by wagtail_hooks."""

from django.urls import path

from .figures import DIMENSIONS
from .reports import RevenueOverviewView, top_view
from .views import ImportCommissionsView

app_name = "revenue"

urlpatterns = [
    path("provisionen-importieren/", ImportCommissionsView.as_view(), name="import"),
    path("", RevenueOverviewView.as_view(), name="overview"),
    path(
        "results/",
        RevenueOverviewView.as_view(results_only=True),
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
