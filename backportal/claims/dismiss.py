"""Dismissing a finding: an editor or reviewer marks it as checked, with a reason.

A dismissal (models.ClaimDismissal) belongs to one object, one rule and one
sentence, identified by `text_hash(sentence)`; editing the sentence makes a
new hash, so the finding is open again. Who may dismiss: `can_dismiss`.
"""

import hashlib
import re

from django.contrib.contenttypes.models import ContentType

from .models import ClaimDismissal

EDITOR_GROUPS = ("Redaktion", "Fachliche Prüfung", "Administratoren")


def text_hash(sentence: str) -> str:
    """sha256 of the sentence with white space collapsed (case is kept)."""
    normal = re.sub(r"\s+", " ", sentence).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def can_dismiss(user) -> bool:
    """Editors, reviewers and administrators (or anyone with the add permission)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.has_perm("claims.add_claimdismissal")
        or user.groups.filter(name__in=EDITOR_GROUPS).exists()
    )


def dismissals_for(instance) -> dict[tuple[str, str], ClaimDismissal]:
    """{(rule, text_hash): dismissal} of one object; one query."""
    if instance is None or instance.pk is None:
        return {}
    rows = ClaimDismissal.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
    ).select_related("dismissed_by")
    return {(row.rule, row.text_hash): row for row in rows}


def dismiss(instance, rule: str, sentence: str, reason: str, user) -> ClaimDismissal:
    """Record (or update) that `user` checked this finding, and why."""
    dismissal, _created = ClaimDismissal.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        rule=rule,
        text_hash=text_hash(sentence),
        defaults={"sentence": sentence, "reason": reason.strip(), "dismissed_by": user},
    )
    return dismissal
