"""The report "Rechtliche Prüfhinweise" (Berichte), wired in wagtail_hooks.py."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import ClaimFinding, Kind, Severity
from .ruleset import get_ruleset
from .sources import get_sources


def _family_choices():
    return sorted(get_ruleset().families.items(), key=lambda item: item[1])


def _source_choices():
    labels = {source.label for source in get_sources()}
    return [(label, label) for label in sorted(labels)]


class ClaimFindingFilterSet(WagtailFilterSet):
    """Filter by severity, rule family, kind of text and source (Produkte, Artikel)."""

    severity = django_filters.ChoiceFilter(
        label=_("Schweregrad"), choices=Severity.choices
    )
    family = django_filters.ChoiceFilter(
        label=_("Regelfamilie"), choices=_family_choices
    )
    kind = django_filters.ChoiceFilter(label=_("Textart"), choices=Kind.choices)
    source = django_filters.ChoiceFilter(label=_("Quelle"), choices=_source_choices)

    class Meta:
        model = ClaimFinding
        fields = ["severity", "family", "kind", "source"]


class ClaimsReportView(ReportView):
    """ "Rechtliche Prüfhinweise": every stored finding, errors first, with export.

    Rows come from backportal/claims/store.py: all products and live articles.
    """

    page_title = _("Rechtliche Prüfhinweise")
    header_icon = "warning"
    index_url_name = "claims_report"
    index_results_url_name = "claims_report_results"
    filterset_class = ClaimFindingFilterSet
    export_filename = "rechtliche-pruefhinweise"
    columns = [
        TitleColumn(
            "object_label",
            label=_("Objekt"),
            get_url=lambda finding: finding.url or None,
        ),
        Column("field_label", label=_("Feld")),
        Column("severity", label=_("Schweregrad"), accessor="get_severity_display"),
        Column("rule_title", label=_("Regel")),
        Column("match", label=_("Gefundene Wörter")),
        Column("sentence", label=_("Satz")),
        Column("suggestion", label=_("Vorschlag")),
        DateColumn("checked_at", label=_("Geprüft am")),
    ]
    list_export = [
        "object_label",
        "field_label",
        "source",
        "get_kind_display",
        "get_severity_display",
        "family",
        "rule",
        "rule_title",
        "match",
        "sentence",
        "message",
        "suggestion",
        "url",
        "checked_at",
    ]
    export_headings = {
        "object_label": _("Objekt"),
        "field_label": _("Feld"),
        "source": _("Quelle"),
        "get_kind_display": _("Textart"),
        "get_severity_display": _("Schweregrad"),
        "family": _("Regelfamilie"),
        "rule": _("Regel-ID"),
        "rule_title": _("Regel"),
        "match": _("Gefundene Wörter"),
        "sentence": _("Satz"),
        "message": _("Begründung"),
        "suggestion": _("Vorschlag"),
        "url": _("Bearbeiten"),
        "checked_at": _("Geprüft am"),
    }
    # Berlin time, as editors read it (stored in UTC).
    custom_field_preprocess = {
        "checked_at": {
            "csv": lambda value: timezone.localtime(value).strftime("%d.%m.%Y %H:%M"),
            "xlsx": lambda value: timezone.make_naive(value),
        }
    }

    def get_queryset(self):
        return ClaimFinding.objects.all()
