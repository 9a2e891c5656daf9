"""Admin URLs of revenue, mounted at /admin/revenue/ by wagtail_hooks."""

app_name = "revenue"

urlpatterns: list = []
