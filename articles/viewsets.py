"""Admin views for the editorial snippets and the reader feedback report."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ArticleFeedback, Person, Source, Topic
from .selectors import review_due_articles


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


class SourceCreationForm(WagtailAdminModelForm):
    """A new source from the chooser; its field ids differ from the page form's
    (both have a "title") so every label points at its own field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_quelle_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Source
        fields = ["authors", "year", "title", "publisher", "url", "accessed"]


class SourceChooserViewSet(SnippetChooserViewSet):
    """The source chooser with a "Neue Quelle" tab: an editor citing a study
    not yet on file creates it there without leaving the article."""

    creation_form_class = SourceCreationForm
    creation_tab_label = _("Neue Quelle")
    create_action_label = _("Quelle anlegen und zitieren")
    choose_one_text = _("Quelle auswählen")


class SourceViewSet(SnippetViewSet):
    """Reusable references cited in articles."""

    model = Source
    chooser_viewset_class = SourceChooserViewSet
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


class ReviewDueReportView(ReportView):
    """'Prüfung fällig': live articles never reviewed or reviewed too long ago."""

    page_title = _("Prüfung fällig")
    header_icon = "warning"
    index_url_name = "articles_review_due_report"
    index_results_url_name = "articles_review_due_report_results"
    columns = [
        TitleColumn(
            "title",
            label=_("Artikel"),
            url_name="wagtailadmin_pages:edit",
        ),
        Column("reviewer", label=_("Fachlich geprüft von")),
        Column(
            "reviewed_at",
            label=_("Fachlich geprüft am"),
            accessor=lambda article: (
                date_format(article.reviewed_at)
                if article.reviewed_at
                else "nie geprüft"
            ),
        ),
        DateColumn("last_published_at", label=_("Zuletzt veröffentlicht")),
    ]
    list_export = ["title", "reviewer", "reviewed_at", "last_published_at"]
    export_headings = {
        "title": _("Artikel"),
        "reviewer": _("Fachlich geprüft von"),
        "reviewed_at": _("Fachlich geprüft am"),
        "last_published_at": _("Zuletzt veröffentlicht"),
    }

    def get_queryset(self):
        return review_due_articles()
