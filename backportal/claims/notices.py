"""Findings as editors see them in the admin: a save warning and an edit panel."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.messages import render as render_message

from .ruleset import get_ruleset
from .sources import CheckedText, check_instance

SEVERITY_LABEL = {"error": "Fehler", "warning": "Warnung"}


def summary(results: list[CheckedText]) -> str:
    """ "2 Fehler und 1 Warnung" for the findings of some checked texts."""
    findings = [f for result in results for f in result.findings]
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return _("%(errors)s und %(warnings)s") % {
        "errors": ngettext("%d Fehler", "%d Fehler", errors) % errors,
        "warnings": ngettext("%d Warnung", "%d Warnungen", warnings) % warnings,
    }


def findings_list(results: list[CheckedText]) -> SafeString:
    """An HTML list: per finding the field, severity, rule, sentence, reason, suggestion."""
    ruleset = get_ruleset()
    rows = []
    for result in results:
        for finding in result.findings:
            rule = ruleset.get(finding.rule)
            suggestion = (
                format_html("<br><strong>Vorschlag:</strong> {}", finding.suggestion)
                if finding.suggestion
                else ""
            )
            where = result.item.field_label
            if result.related:
                where = f"{result.item.object_label} · {where}"
            rows.append(
                (
                    where,
                    SEVERITY_LABEL[finding.severity],
                    rule.title,
                    finding.rule,
                    finding.sentence,
                    finding.message,
                    suggestion,
                )
            )
    items = format_html_join(
        "",
        '<li class="claims-finding">{}: <strong>{}</strong> · {} <code>{}</code><br>„{}“<br>{}{}</li>',
        rows,
    )
    return format_html('<ul class="claims-findings">{}</ul>', items)


def warn_about_findings(request, instance) -> None:
    """After saving: a warning listing the object's findings, if it has any."""
    results = [result for result in check_instance(instance) if result.findings]
    if not results:
        return
    heading = _(
        "Rechtliche Prüfhinweise: %(summary)s. Bitte vor dem Veröffentlichen prüfen."
    ) % {"summary": summary(results)}
    messages.warning(request, render_message(heading, None, findings_list(results)))
