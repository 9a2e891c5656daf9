"""Admin views for the editorial snippets and the reader feedback report."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ArticleFeedback, Person, Source, Topic


class PersonViewSet(SnippetViewSet):
    """Authors and medical reviewers."""

    model = Person
    icon = "user"
    menu_label = _("Autoren und Prüfer")
    list_display = ["name", "profession", "credentials"]
    search_fields = ["name", "profession"]


class TopicViewSet(SnippetViewSet):
    """Topics articles are filed under."""

    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    list_display = ["name", "slug"]


class SourceViewSet(SnippetViewSet):
    """Reusable references cited in articles."""

    model = Source
    icon = "doc-full"
    menu_label = _("Quellen")
    list_display = ["authors", "year", "title"]
    list_filter = ["year"]
    search_fields = ["title", "authors"]


class ArticleSnippetGroup(SnippetViewSetGroup):
    """One "Redaktion" menu for everything articles refer to."""

    items = (PersonViewSet, TopicViewSet, SourceViewSet)
    menu_label = _("Redaktion")
    menu_icon = "edit"
    menu_order = 200


class FeedbackReportView(ReportView):
    """'War dieser Artikel hilfreich?' counts per article, most votes first."""

    page_title = _("Leser-Feedback")
    header_icon = "comment"
    index_url_name = "articles_feedback_report"
    index_results_url_name = "articles_feedback_report_results"
    columns = [
        Column("page", label=_("Artikel")),
        Column("helpful", label=_("Hilfreich")),
        Column("not_helpful", label=_("Nicht hilfreich")),
    ]
    list_export = ["page", "helpful", "not_helpful"]
    export_headings = {
        "page": _("Artikel"),
        "helpful": _("Hilfreich"),
        "not_helpful": _("Nicht hilfreich"),
    }

    def get_queryset(self):
        return ArticleFeedback.objects.select_related("page").order_by(
            "-helpful", "-not_helpful"
        )
