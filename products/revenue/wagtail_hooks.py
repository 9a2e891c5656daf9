"""Admin wiring of revenue: settings snippets, the import page, reports, permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .viewsets import MerchantRevenueViewSet, TransactionViewSet

register_snippet(MerchantRevenueViewSet)
register_snippet(TransactionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("revenue/", include(admin_urls, namespace="revenue"))]


@hooks.register("register_permissions")
def register_money_permission():
    return Permission.objects.filter(
        content_type__app_label="revenue", codename="view_revenue"
    )
