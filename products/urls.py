"""Public affiliate URLs, included from backportal/urls.py before Wagtail's pages."""

from django.urls import path

from . import views
from .offers import demo as offers_demo
from .revenue.pageviews import count_view

app_name = "products"

urlpatterns = [
    path("go/<slug:slug>/", views.go, name="go"),
    path("click/", views.click, name="click"),
    path(
        "demo-shop/feeds/google-merchant.xml",
        offers_demo.feed_view,
        {"kind": "google"},
        name="demo_feed_google",
    ),
    path(
        "demo-shop/feeds/awin.csv.gz",
        offers_demo.feed_view,
        {"kind": "awin"},
        name="demo_feed_awin",
    ),
    path("seitenaufruf/", count_view, name="pageview"),
    path("demo-shop/<slug:slug>/", views.demo_shop, name="demo_shop"),
]
