"""{% review_findings task_state %}: the findings in the review task's action modal."""

from django import template

from backportal.claims.dismiss import dismissals_for
from backportal.claims.notices import findings_list, standards_notes, summary
from backportal.claims.workflow import blocks_approval, findings_of

register = template.Library()


@register.inclusion_tag("claims/admin/review_findings.html")
def review_findings(task_state):
    """The findings of the revision under review, with the embedded products' copy."""
    subject = task_state.revision.as_object()
    results = findings_of(subject)
    dismissed = dismissals_for(subject) if results else {}
    return {
        "results": results,
        "summary": summary(results) if results else "",
        "findings": findings_list(results, dismissed) if results else "",
        "blocking": blocks_approval(results),
        "standards": standards_notes(subject),
    }
