"""Readers' anonymous "War dieser Artikel hilfreich?" counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import ArticlePage


class ArticleFeedback(models.Model):
    """Anonymous "War dieser Artikel hilfreich?" counts; no personal data."""

    page = models.OneToOneField(
        ArticlePage,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    helpful = models.PositiveIntegerField(_("Hilfreich"), default=0)
    not_helpful = models.PositiveIntegerField(_("Nicht hilfreich"), default=0)

    class Meta:
        verbose_name = _("Leser-Feedback")
        verbose_name_plural = _("Leser-Feedback")

    def __str__(self):
        return str(self.page)

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful
