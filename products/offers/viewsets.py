"""Admin "Datenquellen" (menu Produkte): sources with their health at a glance."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DataSource


class DataSourceViewSet(SnippetViewSet):
    """Data sources: kind, merchant, last success and error, next run.

    The secret's value is never shown or exported: only the variable's name.
    """

    model = DataSource
    icon = "download"
    menu_label = "Datenquellen"
    menu_name = "datasources"
    menu_order = 450
    add_to_admin_menu = True
    menu_hook = "register_products_menu_item"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "name",
        Column("merchant", label="Händler", accessor="merchant.name"),
        Column("kind", label="Art", accessor="get_kind_display"),
        Column("health", label="Zustand"),
        DateColumn("last_success_at", label="Letzter Erfolg"),
        Column("last_error", label="Letzter Fehler"),
        Column("last_matched", label="Zugeordnet"),
        DateColumn("next_run_at", label="Nächster Abruf"),
    ]
    list_filter = ["kind", "merchant", "is_active"]
    list_export = [
        "name",
        "merchant",
        "kind",
        "feed_url",
        "secret_env_var",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "last_matched",
        "next_run_at",
    ]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = [
        "name",
        "merchant",
        "kind",
        "feed_url",
        "auth_url",
        "credential_version",
        "secret_env_var",
        "marketplace",
        "partner_tag",
        "is_active",
        "interval_minutes",
        "timeout_seconds",
        "requests_per_minute",
        "max_age_hours",
    ]

    def get_queryset(self, request):
        return DataSource.objects.select_related("merchant")


def refresh_url(source) -> str:
    return reverse("offers_refresh_source", args=[source.pk])
