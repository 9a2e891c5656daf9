"""The editorial roles and the article review workflow, set up idempotently.

Run by `manage.py setup_roles` and by `load_demo`. Running it again after new
apps or models appear grants their permissions too; nothing is duplicated.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Redaktion"
REVIEWERS = "Fachliche Prüfung"
MARKETING = "Marketing"
ADMINISTRATORS = "Administratoren"
WORKFLOW_NAME = "Artikel-Freigabe"
CONTENT_APPS = ["articles", "products", "linkcheck"]
# Models only the system writes; editors may look but not change them.
READ_ONLY_MODELS = {"articlefeedback"}


def _permissions(*, apps, actions, exclude_models=()) -> list[Permission]:
    query = Q(content_type__app_label__in=apps)
    query &= Q(codename__regex=rf"^({'|'.join(actions)})_") & ~Q(
        content_type__model__in=exclude_models
    )
    return list(Permission.objects.filter(query))


def _grant_pages(group, root, codenames) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def _grant_media(group, codenames) -> None:
    collection = Collection.get_first_root_node()
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )


def setup_roles() -> dict[str, Group]:
    """Create the four groups with their permissions; returns them by name."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (EDITORS, REVIEWERS, MARKETING, ADMINISTRATORS)
    }
    for group in groups.values():
        group.permissions.add(access_admin)
    root = Page.objects.filter(depth=2).first()

    # Redaktion: write articles and products, submit for review; never publish.
    editors = groups[EDITORS]
    editors.permissions.add(
        *_permissions(
            apps=CONTENT_APPS,
            actions=["add", "change", "delete", "view"],
            exclude_models=READ_ONLY_MODELS,
        ),
    )
    if root:
        _grant_pages(editors, root, ["add_page", "change_page"])
    media = [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ]
    _grant_media(editors, media)

    # Fachliche Prüfung: reads everything; edits an article only while it is
    # on their workflow step (Wagtail grants that through the task).
    reviewers = groups[REVIEWERS]
    reviewers.permissions.add(*_permissions(apps=CONTENT_APPS, actions=["view"]))
    _grant_media(reviewers, [("wagtailimages", "choose_image")])

    # Marketing: reports and exports (the clicks and revenue apps' view
    # permissions, "sees money" among them), commission imports, and
    # read-only access to the catalogue and articles.
    marketing = groups[MARKETING]
    marketing.permissions.add(
        *_permissions(apps=[*CONTENT_APPS, "clicks", "revenue"], actions=["view"]),
        *_permissions(apps=["revenue"], actions=["add", "change"]),
    )

    # Administratoren: everything, including publishing and the final sign-off.
    administrators = groups[ADMINISTRATORS]
    administrators.permissions.add(
        *_permissions(
            apps=[*CONTENT_APPS, "clicks", "revenue", "claims"],
            actions=["add", "change", "delete", "view"],
        )
    )
    if root:
        _grant_pages(
            administrators,
            root,
            ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        )
    _grant_media(administrators, media)
    return groups


def setup_review_workflow(groups: dict[str, Group]) -> Workflow:
    """ "Fachliche Prüfung" then "Freigabe", on every article listing."""
    from articles.models import ArticleIndexPage, MedicalReviewTask

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
    return workflow
