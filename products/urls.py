"""Public affiliate URLs, included from backportal/urls.py before Wagtail's pages."""

from django.urls import path

from . import views
from .revenue.pageviews import count_view

app_name = "products"

urlpatterns = [
    path("go/<slug:slug>/", views.go, name="go"),
    path("click/", views.click, name="click"),
    path("seitenaufruf/", count_view, name="pageview"),
    path("demo-shop/<slug:slug>/", views.demo_shop, name="demo_shop"),
]
