"""The articles' part of the editorial roles: the review workflow.

Registered in ArticlesConfig.ready() (backportal.core.registry); run by
`manage.py setup_roles` and `load_demo` after the groups exist.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from backportal.core.roles import ADMINISTRATORS, REVIEWERS
from products.models import Merchant, Product

from .models import ArticleIndexPage, MedicalReviewTask

WORKFLOW_NAME = "Artikel-Freigabe"
PRODUCT_WORKFLOW_NAME = "Produkt-Freigabe"


def setup_review_workflow(groups) -> Workflow:
    """ "Fachliche Prüfung" then "Freigabe", on every article listing."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    review, _ = MedicalReviewTask.objects.get_or_create(name=REVIEWERS)
    review.groups.set([groups[REVIEWERS]])
    sign_off, _ = GroupApprovalTask.objects.get_or_create(name="Freigabe")
    sign_off.groups.set([groups[ADMINISTRATORS]])
    for order, task in enumerate([review, sign_off]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for index_page in ArticleIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(
            page=index_page, defaults={"workflow": workflow}
        )
    setup_product_workflow(review, sign_off)
    return workflow


def setup_product_workflow(review, sign_off) -> Workflow:
    """ "Produkt-Freigabe" on every product and merchant: the same
    legal/medical check (with the claims findings of the revision under
    review), then "Freigabe"."""
    workflow, _ = Workflow.objects.get_or_create(name=PRODUCT_WORKFLOW_NAME)
    for order, task in enumerate([review, sign_off]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for model in (Product, Merchant):
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    return workflow
