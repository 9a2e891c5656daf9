"""{% review_findings task_state %}: the findings in the review task's action modal."""

from django import template

from backportal.claims.notices import findings_list, summary
from backportal.claims.workflow import blocks_approval, findings_of

register = template.Library()


@register.inclusion_tag("claims/admin/review_findings.html")
def review_findings(task_state):
    """The findings of the revision under review, with the embedded products' copy."""
    results = findings_of(task_state.revision.as_object())
    return {
        "results": results,
        "summary": summary(results) if results else "",
        "findings": findings_list(results) if results else "",
        "blocking": blocks_approval(results),
    }
