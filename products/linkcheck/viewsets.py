"""The admin list "Linkprüfung" (menu "Berichte"): every checked link, its state,
and the switch that excludes a link from checking. Registered in wagtail_hooks.py.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from products.models import AffiliateLink

from .models import LinkCheck, LinkState
from .services import shown_again_or_hidden


class LinkCheckEditForm(WagtailAdminModelForm):
    """Editors decide one thing: check this link or not (and note why)."""

    class Meta:
        model = LinkCheck
        fields = ["excluded", "note"]

    def save(self, commit=True):
        was_broken = self.instance.state == LinkState.BROKEN
        self.instance.set_excluded(self.cleaned_data["excluded"])
        check = super().save(commit=commit)
        if was_broken and check.state != LinkState.BROKEN:
            shown_again_or_hidden(check.link)
        return check


class LinkCheckCreateForm(LinkCheckEditForm):
    """Exclude a link the checker has not seen yet (it has no row so far)."""

    link = forms.ModelChoiceField(
        label=_("Affiliate-Link"),
        queryset=AffiliateLink.objects.filter(link_check__isnull=True)
        .select_related("product")
        .order_by("slug"),
    )

    class Meta(LinkCheckEditForm.Meta):
        fields = ["link", "excluded", "note"]


class LinkCheckViewSet(ModelViewSet):
    """All link checks, filterable by state and merchant; edit = exclude or include."""

    model = LinkCheck
    icon = "link"
    menu_label = _("Linkprüfung")
    menu_name = "linkcheck"
    menu_order = 712
    menu_hook = "register_reports_menu_item"
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "link",
            label=_("Link"),
            accessor="link.slug",
            sort_key="link__slug",
            url_name="linkcheck:edit",
        ),
        Column("product", label=_("Produkt"), accessor="link.product.name"),
        Column("merchant", label=_("Händler"), accessor="link.merchant.name"),
        Column("state", label=_("Status"), accessor="get_state_display"),
        Column("detail", label=_("Befund")),
        DateColumn("checked_at", label=_("Zuletzt geprüft"), sort_key="checked_at"),
    ]
    list_filter = ["state", "excluded", "link__merchant"]
    list_export = [
        "link.slug",
        "link.url",
        "state",
        "status_code",
        "final_url",
        "detail",
        "response_time_ms",
        "checked_at",
        "consecutive_failures",
        "excluded",
        "note",
    ]
    search_fields = ["link__slug", "link__product__name", "link__url"]
    search_backend_name = None
    ordering = ["link__slug"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return LinkCheck.objects.with_link()

    def get_form_class(self, for_update=False):
        return LinkCheckEditForm if for_update else LinkCheckCreateForm
