"""The claims checks in the medical review workflow (articles.models.MedicalReviewTask).

The reviewer sees the findings of the revision under review, including the
copy of the products it embeds. With an `error` among them, plain approval is
replaced by APPROVE_DESPITE_ERRORS, whose form requires a justification; it is
stored as the task's comment, and Wagtail records who approved and when.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .checker import has_errors
from .sources import CheckedText, check_instance

APPROVE_DESPITE_ERRORS = "approve_despite_errors"


class JustificationForm(forms.Form):
    """The modal form of APPROVE_DESPITE_ERRORS: a required "Begründung"."""

    comment = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea({"rows": 4}),
        help_text=_(
            "Warum die markierten Sätze so veröffentlicht werden dürfen. Wird mit "
            "der Freigabe gespeichert: wer, wann und warum."
        ),
    )


def findings_of(obj) -> list[CheckedText]:
    """Texts with findings of `obj` (a page or snippet as stored or as a revision)."""
    return [result for result in check_instance(obj) if result.findings]


def findings_under_review(obj) -> list[CheckedText]:
    """Findings of the revision a workflow is reviewing, else of `obj` itself."""
    task_state = getattr(obj, "current_workflow_task_state", None)
    subject = task_state.revision.as_object() if task_state else obj
    return findings_of(subject)


def blocks_approval(results: list[CheckedText]) -> bool:
    """Whether any finding is an error: approving then needs a justification."""
    return any(has_errors(result.findings) for result in results)


def justification_record(comment: str, results: list[CheckedText]) -> str:
    """The stored comment: the reviewer's words and the rules they overrode."""
    rules = []
    for result in results:
        for finding in result.findings:
            if finding.severity == "error" and finding.rule not in rules:
                rules.append(finding.rule)
    if not rules:
        return comment
    return f"{comment}\n\n{_('Freigegeben trotz Prüfhinweisen')}: {', '.join(rules)}."
