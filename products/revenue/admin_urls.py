"""Admin URLs of revenue, mounted at /admin/revenue/ by wagtail_hooks."""

from django.urls import path

from .views import ImportCommissionsView

app_name = "revenue"

urlpatterns = [
    path("provisionen-importieren/", ImportCommissionsView.as_view(), name="import"),
]
