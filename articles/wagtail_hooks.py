"""Admin wiring for articles: snippets, the citation entity, the content checker."""

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    InlineEntityElementHandler,
)
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.widgets import SlugInput
from wagtail.permissions import page_permission_policy
from wagtail.rich_text import LinkHandler
from wagtail.snippets.models import register_snippet

from backportal.core.reports import register_report

from .claims import ArticleClaimsSource
from .models import MedicalReviewTask, Source
from .models.workflow import REVIEW_LABELS, SIGN_OFF_LABELS
from .selectors import review_due_articles
from .templatetags.admin_keys import toolbar_keys_script
from .viewsets import ArticleSnippetGroup, FeedbackReportView, ReviewDueReportView

register_snippet(ArticleSnippetGroup)

# German transliteration for every slug typed or derived from a title in the
# admin, as the existing addresses spell it ("muskelverhaertung"): Wagtail's
# slug field applies these before it drops what is not ASCII.
GERMAN_SLUG_FORMATTERS = [
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("Ä", "Ae"),
    ("Ö", "Oe"),
    ("Ü", "Ue"),
    ("ß", "ss"),
]
register_form_field_override(
    models.SlugField, override={"widget": SlugInput(formatters=GERMAN_SLUG_FORMATTERS)}
)


class CitationLinkHandler(LinkHandler):
    """Outside an article's own rendering a citation is just its words."""

    identifier = "citation"

    @classmethod
    def expand_db_attributes(cls, attrs):
        return '<a class="cite-ref">'


class CitationElementHandler(InlineEntityElementHandler):
    """Database HTML <a linktype="citation" id="…"> to a Draftail CITATION entity."""

    mutability = "MUTABLE"

    def get_attribute_data(self, attrs):
        ids = [int(part) for part in attrs.get("id", "").split(",") if part.isdigit()]
        sources = Source.objects.in_bulk(ids)
        label = "; ".join(str(sources[i]) for i in ids if i in sources)
        return {"id": ",".join(map(str, ids)), "label": label}


def citation_entity_decorator(props):
    """Draftail CITATION entity back to database HTML."""
    from draftjs_exporter.dom import DOM

    return DOM.create_element(
        "a", {"linktype": "citation", "id": props.get("id")}, props["children"]
    )


@hooks.register("register_rich_text_features")
def register_citation_feature(features):
    features.register_link_type(CitationLinkHandler)
    features.register_editor_plugin(
        "draftail",
        "citation",
        draftail_features.EntityFeature(
            {
                "type": "CITATION",
                "icon": "doc-full",
                "label": "Quelle",
                "description": "Quelle zitieren",
                "chooserUrl": reverse("wagtailsnippetchoosers_articles_source:choose"),
            },
            js=["wagtailadmin/js/chooser-modal.js", "js/citation-entity.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate",
        "citation",
        {
            "from_database_format": {
                'a[linktype="citation"]': CitationElementHandler("CITATION")
            },
            "to_database_format": {
                "entity_decorators": {"CITATION": citation_entity_decorator}
            },
        },
    )


class WCAGContentChecker(ContentCheckerItem):
    """The preview's content checker with axe-core's WCAG 2.2 A/AA rules."""

    axe_run_only = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@hooks.register("insert_editor_js")
def german_toolbar_keys():
    """ "Strg + B" in the rich-text toolbar's tooltips (templatetags/admin_keys.py)."""
    return toolbar_keys_script()


@hooks.register("construct_wagtail_userbar")
def use_wcag_content_checker(request, items, page):
    items[:] = [
        WCAGContentChecker() if isinstance(item, ContentCheckerItem) else item
        for item in items
    ]


register_report(
    "leser-feedback",
    FeedbackReportView,
    "articles_feedback_report",
    _("Leser-Feedback"),
    icon="comment",
    order=700,
)
register_report(
    "pruefung-faellig",
    ReviewDueReportView,
    "articles_review_due_report",
    _("Prüfung fällig"),
    icon="warning",
    order=701,
)


class ReviewDuePanel(Component):
    """Dashboard panel: how many live articles need their medical review."""

    name = "review_due"
    order = 150
    template_name = "articles/admin/review_due_panel.html"

    def get_context_data(self, parent_context):
        return {
            "count": review_due_articles().count(),
            "report_url": reverse("articles_review_due_report"),
            "interval_days": settings.MEDICAL_REVIEW_INTERVAL_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())


@hooks.register("register_claims_source")
def article_claims_source():
    """Article copy for check_claims, the report and the review task."""
    return ArticleClaimsSource()


@hooks.register("after_edit_page")
def reviewer_back_to_dashboard(request, page):
    """After a workflow action in the editor Wagtail opens the page's parent in
    the explorer, which reviewers (rights only through their workflow step) may
    not see: they would land on "keinen Zugang". Send them to the dashboard and
    its list of pages awaiting their review instead."""
    if not request.POST.get("action-workflow-action"):
        return None
    if get_valid_next_url_from_request(request):
        return None
    explorer_actions = IndexView.any_permission_required
    if page_permission_policy.user_has_any_permission(request.user, explorer_actions):
        return None
    return redirect("wagtailadmin_home")


@hooks.register("construct_page_action_menu")
def review_actions_up_front(menu_items, request, context):
    """In a review step, approving is the primary button and says what it
    approves ("Fachlich freigeben", "Veröffentlichung freigeben"); only the
    person who submitted (or an administrator) may cancel the whole workflow.
    Costs no query beyond the ones the action menu already made."""
    page = context.get("page")
    state = page.current_workflow_state if page is not None else None
    task = page.current_workflow_task if state is not None else None
    if context.get("view") != "edit" or task is None:
        return
    labels = (
        REVIEW_LABELS
        if isinstance(task.specific, MedicalReviewTask)
        else SIGN_OFF_LABELS
    )
    approve = None
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem):
            item.label = labels.get((item.name, item.launch_modal), item.label)
            if item.name == "approve" and approve is None:
                approve = item
    if approve is not None and not approve.launch_modal:
        menu_items.remove(approve)
        menu_items.insert(0, approve)
    user = request.user
    if not (user.is_superuser or user == state.requested_by):
        menu_items[:] = [
            item for item in menu_items if item.name != "action-cancel-workflow"
        ]
