"""Keep the stored findings (ClaimFinding) in step with the content.

- refresh_findings(instance): after a product is saved or a page published;
  drops the object's rows and, if its source checks it (a live article, any
  product), writes the current findings. drop_findings(instance): unpublished.
- rebuild_findings(): every object of every registered ModelSource; run by
  `manage.py refresh_claims` after deploys (rules may have changed) and by load_demo.

Only sources over a model (ModelSource) are stored: a row links to its object.
"""

from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .checker import check_text
from .dismiss import text_hash
from .models import ClaimFinding
from .ruleset import get_ruleset
from .sources import CheckableText, ModelSource, get_sources, model_sources


def _rows(source: ModelSource, instance, items: Iterable[CheckableText], now):
    ruleset = get_ruleset()
    content_type = ContentType.objects.get_for_model(instance)
    for item in items:
        for finding in check_text(item.text, item.kind, item.nutrients):
            rule = ruleset.get(finding.rule)
            yield ClaimFinding(
                content_type=content_type,
                object_id=instance.pk,
                source=source.label,
                object_label=item.object_label[:255],
                field_label=item.field_label[:255],
                kind=item.kind,
                family=rule.family,
                rule=rule.id,
                rule_title=rule.title,
                severity=finding.severity,
                match=finding.match,
                sentence=finding.sentence,
                message=finding.message,
                suggestion="\n".join(finding.rewordings) or finding.suggestion or "",
                url=item.url or "",
                checked_at=now,
                text_hash=text_hash(finding.sentence),
            )


def drop_findings(instance) -> None:
    """Forget an object's stored findings (it was unpublished)."""
    ClaimFinding.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
    ).delete()


def refresh_findings(instance) -> int:
    """Re-check one object and replace its stored findings; returns how many."""
    sources = model_sources(instance)
    if not sources:
        return 0
    now = timezone.now()
    rows = [
        row
        for source in sources
        if source.includes(instance)
        for row in _rows(source, instance, source.texts_for(instance), now)
    ]
    with transaction.atomic():
        drop_findings(instance)
        ClaimFinding.objects.bulk_create(rows)
    return len(rows)


def _all_rows(now) -> Iterator[ClaimFinding]:
    for source in get_sources():
        if not isinstance(source, ModelSource):
            continue
        for instance in source.get_queryset().iterator(chunk_size=200):
            yield from _rows(source, instance, source.texts_for(instance), now)


def rebuild_findings() -> int:
    """Re-check everything the registered model sources hold; returns the row count."""
    rows = list(_all_rows(timezone.now()))
    with transaction.atomic():
        ClaimFinding.objects.all().delete()
        ClaimFinding.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def counts_by_severity() -> dict[str, int]:
    """{"error": n, "warning": m} over the stored findings (zeros included)."""
    counts = dict.fromkeys(("error", "warning"), 0)
    for row in ClaimFinding.objects.values("severity").annotate(n=Count("pk")):
        counts[row["severity"]] = row["n"]
    return counts
