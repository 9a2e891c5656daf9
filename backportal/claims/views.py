"""The report "Rechtliche Prüfhinweise" (Berichte), wired in wagtail_hooks.py."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .dismiss import can_dismiss, dismiss, text_hash
from .models import ClaimDismissal, ClaimFinding, Kind, Severity
from .notices import explanation
from .ruleset import get_ruleset
from .sources import check_instance, get_sources


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
        TitleColumn(
            "status_label",
            label=_("Status"),
            get_url=lambda finding: (
                None if finding.dismissal_reason else finding.dismiss_url
            ),
        ),
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
        "status_label",
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
        "status_label": _("Status"),
    }
    # Berlin time, as editors read it (stored in UTC).
    custom_field_preprocess = {
        "checked_at": {
            "csv": lambda value: timezone.localtime(value).strftime("%d.%m.%Y %H:%M"),
            "xlsx": lambda value: timezone.make_naive(value),
        }
    }

    def get_queryset(self):
        """Findings with their dismissal, if any, joined in SQL (no query per row)."""
        dismissals = ClaimDismissal.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            rule=OuterRef("rule"),
            text_hash=OuterRef("text_hash"),
        )
        return ClaimFinding.objects.annotate(
            dismissal_reason=Subquery(dismissals.values("reason")[:1]),
            dismissal_user=Subquery(dismissals.values("dismissed_by__username")[:1]),
            dismissal_at=Subquery(dismissals.values("dismissed_at")[:1]),
        )


def dismiss_url_for(instance, next_url: str = ""):
    """A function finding -> URL of the "Als geprüft markieren" form for `instance`."""
    content_type = ContentType.objects.get_for_model(instance)

    def url(finding) -> str:
        path = reverse(
            "claims_dismiss",
            args=[
                content_type.pk,
                instance.pk,
                finding.rule,
                text_hash(finding.sentence),
            ],
        )
        return f"{path}?{urlencode({'next': next_url})}" if next_url else path

    return url


class DismissForm(forms.Form):
    """Why this sentence may stay as it is; stored with who and when."""

    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea({"rows": 4}),
        max_length=2000,
        help_text=_(
            "Warum der Satz so bleiben darf, z. B. „Quelle im Text ergänzt: "
            "French et al. 2006“. Kommt zurück, sobald der Satz geändert wird."
        ),
    )


class DismissFindingView(View):
    """Mark one finding of one object as checked (editors, reviewers, admins).

    The finding is looked up by re-checking the object's current texts (its
    latest draft for pages), so a stale or forged URL gives 404. Costs one
    check of the object plus two queries.
    """

    template_name = "claims/admin/dismiss.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not can_dismiss(request.user):
            raise PermissionDenied
        try:
            content_type = ContentType.objects.get_for_id(kwargs["content_type_id"])
            model = content_type.model_class()
            obj = model._default_manager.get(pk=kwargs["object_id"])
        except Exception as exc:  # unknown type or object: not found
            raise Http404 from exc
        # The stored object (what the report checked), else its latest draft
        # (what the edit view's panel checked).
        candidates = [obj]
        if hasattr(obj, "get_latest_revision_as_object"):
            candidates.append(
                getattr(obj, "specific", obj).get_latest_revision_as_object()
            )
        self.object, self.finding = obj, None
        for candidate in candidates:
            self.finding = next(
                (
                    finding
                    for result in check_instance(candidate, related=False)
                    for finding in result.findings
                    if finding.rule == kwargs["rule"]
                    and text_hash(finding.sentence) == kwargs["text_hash"]
                ),
                None,
            )
            if self.finding is not None:
                break
        if self.finding is None:
            raise Http404("Diesen Prüfhinweis gibt es im aktuellen Text nicht mehr.")

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, self.request.is_secure()
        ):
            return target
        return reverse("claims_report")

    def render(self, form):
        rule = get_ruleset().get(self.finding.rule)
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "finding": self.finding,
                "rule": rule,
                "explanation": explanation(self.finding),
                "object": self.object,
                "next": self.next_url(),
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render(DismissForm())

    def post(self, request, *args, **kwargs):
        form = DismissForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        dismiss(
            self.object,
            self.finding.rule,
            self.finding.sentence,
            form.cleaned_data["reason"],
            request.user,
        )
        messages.success(request, _("Prüfhinweis als geprüft markiert."))
        return redirect(self.next_url())
