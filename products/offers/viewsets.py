"""Admin "Datenquellen" (menu Produkte): sources with their health at a glance."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from .display import berlin_datetime, next_run_text
from .models import DataSource

TIMES = ("last_run_at", "last_success_at", "last_error_at")


class DataSourceInspectView(InspectView):
    """A source's details, its times in Berlin local time (stored in UTC)."""

    def get_field_display_value(self, field_name, field):
        if field_name in TIMES:
            return berlin_datetime(getattr(self.object, field_name))
        if field_name == "next_run_at":
            moment = self.object.next_run_at
            text = next_run_text(moment)
            if moment is not None and text.startswith("in "):
                return f"{text} ({berlin_datetime(moment)})"
            return text
        return super().get_field_display_value(field_name, field)


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
    inspect_view_class = DataSourceInspectView
    list_display = [
        "name",
        Column("merchant", label="Händler", accessor="merchant.name"),
        Column("kind", label="Art", accessor="get_kind_display"),
        Column("health", label="Zustand"),
        DateColumn("last_success_at", label="Letzter Erfolg"),
        Column("last_error", label="Letzter Fehler"),
        Column("last_matched", label="Zugeordnet"),
        Column(
            "next_run_at",
            label="Nächster Abruf",
            accessor=lambda source: next_run_text(source.next_run_at),
        ),
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
