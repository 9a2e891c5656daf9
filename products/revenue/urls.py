"""Public URL of the page-view beacon, included from products/urls.py's neighbour."""

from django.urls import path

from .pageviews import count_view

app_name = "revenue_views"

urlpatterns = [path("seitenaufruf/", count_view, name="count")]
