"""Queries over articles that several admin views share."""

import datetime

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .models import ArticlePage


def review_due_articles(today: datetime.date | None = None) -> QuerySet[ArticlePage]:
    """Live articles never reviewed, or last reviewed before the interval; oldest first."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.MEDICAL_REVIEW_INTERVAL_DAYS)
    return (
        ArticlePage.objects.live()
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=cutoff))
        .select_related("reviewer")
        .order_by(F("reviewed_at").asc(nulls_first=True), "title")
    )
