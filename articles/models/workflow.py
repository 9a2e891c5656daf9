"""The medical review step of the publishing workflow."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from backportal.claims import workflow as claims_workflow

from .people import Person

# One wording through the workflow: this step approves the content, the final
# "Freigabe" step (wagtail_hooks.py) approves publication.
REVIEW_LABELS = {
    ("approve", False): "Fachlich freigeben",
    ("approve", True): "Fachlich freigeben mit Kommentar",
    ("reject", True): "Änderungen anfordern",
}
SIGN_OFF_LABELS = {
    ("approve", False): "Veröffentlichung freigeben",
    ("approve", True): "Veröffentlichung freigeben mit Kommentar",
    ("reject", True): "Änderungen anfordern",
}


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Workflow step "Fachliche Prüfung": approving signs the article off.

    The approving reviewer (through their linked Person profile) and today's
    date are written into the approved revision, which moves on to "Freigabe"
    and is what gets published. Reviewers without a profile can request
    changes but not approve. With an `error` among the claims findings
    (backportal/claims/workflow.py), approving needs a written justification.
    """

    def get_actions(self, obj, user):
        actions = [
            (name, REVIEW_LABELS.get((name, modal), label), modal)
            for name, label, modal in super().get_actions(obj, user)
        ]
        if not Person.objects.filter(user=user).exists():
            return [action for action in actions if action[0] != "approve"]
        if any(action[0] == "approve" for action in actions):
            results = claims_workflow.findings_under_review(obj)
            if claims_workflow.blocks_approval(results):
                actions = [action for action in actions if action[0] != "approve"]
                actions.append(
                    (
                        claims_workflow.APPROVE_DESPITE_ERRORS,
                        _("Trotz Fehler freigeben"),
                        True,
                    )
                )
        return actions

    def get_form_for_action(self, action):
        if action == claims_workflow.APPROVE_DESPITE_ERRORS:
            return claims_workflow.JustificationForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        """Every modal of this step lists the findings under review."""
        return "claims/admin/review_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == claims_workflow.APPROVE_DESPITE_ERRORS:
            # The edit view passes modal data without validating the form again.
            comment = (kwargs.pop("comment", "") or "").strip()
            if not comment:
                raise PermissionDenied(
                    _("Eine Freigabe trotz Fehler braucht eine Begründung.")
                )
            results = claims_workflow.findings_of(task_state.revision.as_object())
            kwargs["comment"] = claims_workflow.justification_record(comment, results)
            action_name = "approve"
        revision = task_state.revision
        if action_name == "approve" and revision.content_type.model == "articlepage":
            # Sign the approved revision itself: a new revision would count as
            # an edit and, with reapproval on edit, restart this very step.
            revision.content["reviewer"] = Person.objects.get(user=user).pk
            revision.content["reviewed_at"] = timezone.localdate().isoformat()
            revision.save(update_fields=["content"])
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Fachliche Prüfung: Freigabe trägt Prüfer und Prüfdatum in den Artikel ein."
        )

    class Meta:
        verbose_name = _("Fachliche Prüfung")
        verbose_name_plural = _("Fachliche Prüfungen")
