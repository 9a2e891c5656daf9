"""Admin screens for revenue settings (snippet with inline tracking IDs) and commissions."""

from django import forms
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MAX_TRACKING_IDS, MerchantRevenue, Transaction
from .registry import topic_choices


def _topic_options():
    return [("", "– kein Thema –"), *topic_choices()]


class MerchantRevenueViewSet(SnippetViewSet):
    """Per merchant: network, reference parameter, Amazon tracking IDs (at most 100)."""

    model = MerchantRevenue
    icon = "tag"
    menu_label = "Provisions-Einstellungen"
    add_to_admin_menu = False
    list_display = ["merchant", "network", "default_tracking_id"]
    panels = [
        FieldPanel("merchant"),
        FieldPanel("network"),
        FieldPanel("reference_parameter"),
        FieldPanel("default_tracking_id"),
        InlinePanel(
            "tracking_ids",
            heading="Tracking-IDs für Themen und Artikel (Amazon)",
            label="Tracking-ID",
            max_num=MAX_TRACKING_IDS,
            panels=[
                FieldPanel("tracking_id"),
                FieldPanel("topic_id", widget=forms.Select(choices=_topic_options)),
                PageChooserPanel("page"),
            ],
        ),
    ]


class TransactionViewSet(SnippetViewSet):
    """Imported commissions, read in the admin; unmatched ones filter apart."""

    model = Transaction
    icon = "form"
    menu_label = "Provisionen"
    add_to_admin_menu = False
    list_display = [
        "day",
        "network",
        "merchant_name",
        "commission",
        "status",
        "matched_by",
        "page",
    ]
    list_filter = ["network", "status", "matched_by"]
    ordering = ["-day", "-pk"]
