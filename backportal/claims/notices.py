"""Findings as editors see them in the admin: a save warning and an edit panel."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.messages import render as render_message

from .ruleset import get_ruleset
from .sources import CheckedText, check_instance, content_standards

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


def explanation(finding) -> SafeString:
    """Why, the law and one to three rewordings, in plain German, as HTML."""
    rule = get_ruleset().get(finding.rule)
    # Computed checks (amounts) put the figures into the message itself.
    why = rule.explanation if finding.message == rule.message else finding.message
    rewordings = format_html_join("", "<li>{}</li>", ((r,) for r in finding.rewordings))
    if not rewordings and finding.suggestion:
        rewordings = format_html("<li>{}</li>", finding.suggestion)
    return format_html(
        "<br><strong>Warum das ein Problem ist:</strong> {}"
        "<br><strong>Rechtsgrundlage:</strong> {}"
        '<br><strong>So geht es besser:</strong><ul class="claims-rewordings">{}</ul>',
        why,
        rule.legal_basis,
        rewordings,
    )


def findings_list(
    results: list[CheckedText], dismissed: dict | None = None, dismiss_url=None
) -> SafeString:
    """An HTML list: per finding the field, severity, rule, sentence, why, law, rewordings.

    `dismissed` ({(rule, text_hash): ClaimDismissal}, see dismiss.py) marks
    findings of the object itself that someone checked; `dismiss_url(finding)`
    adds a link to mark a finding as checked.
    """
    from .dismiss import text_hash

    ruleset = get_ruleset()
    dismissed = dismissed or {}
    rows = []
    for result in results:
        for finding in result.findings:
            rule = ruleset.get(finding.rule)
            where = result.item.field_label
            if result.related:
                where = f"{result.item.object_label} · {where}"
            dismissal = (
                None
                if result.related
                else dismissed.get((finding.rule, text_hash(finding.sentence)))
            )
            if dismissal is not None:
                status = format_html(
                    '<br><em class="claims-dismissed">{}</em>', dismissal.label
                )
            elif dismiss_url is not None and not result.related:
                status = format_html(
                    '<br><a href="{}">Als geprüft markieren</a>', dismiss_url(finding)
                )
            else:
                status = ""
            rows.append(
                (
                    " claims-finding--dismissed" if dismissal else "",
                    where,
                    SEVERITY_LABEL[finding.severity],
                    rule.title,
                    finding.rule,
                    finding.sentence,
                    explanation(finding),
                    status,
                )
            )
    items = format_html_join(
        "",
        '<li class="claims-finding{}">{}: <strong>{}</strong> · {} <code>{}</code>'
        "<br>„{}“{}{}</li>",
        rows,
    )
    return format_html('<ul class="claims-findings">{}</ul>', items)


def standards_notes(instance) -> SafeString | str:
    """A warning box listing the content standards `instance` misses, or ""."""
    if instance is None or getattr(instance, "pk", None) is None:
        return ""
    notes = content_standards(instance)
    if not notes:
        return ""
    return format_html(
        '<div class="help-block help-warning claims-standards"><p><strong>{}</strong></p>'
        "<ul>{}</ul></div>",
        "Redaktionelle Standards (Hinweis, blockiert nicht):",
        format_html_join("", "<li>{}</li>", ((note,) for note in notes)),
    )


def warn_about_findings(request, instance) -> None:
    """After saving: a warning listing the object's findings, if it has any."""
    from .dismiss import dismissals_for

    results = [result for result in check_instance(instance) if result.findings]
    if not results:
        return
    heading = _(
        "Rechtliche Prüfhinweise: %(summary)s. Bitte vor dem Veröffentlichen prüfen."
    ) % {"summary": summary(results)}
    body = findings_list(results, dismissals_for(instance))
    messages.warning(request, render_message(heading, None, body))
