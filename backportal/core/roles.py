"""The editorial roles, set up idempotently from what the apps register.

Each app says in its AppConfig.ready() how the roles treat its models
(registry.register_role_app) and adds its own steps, e.g. articles' review
workflow (registry.register_role_setup). Run by `manage.py setup_roles` and
by `load_demo`. Running it again after new apps or models appear grants their
permissions too; nothing is duplicated.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from .registry import AppRole, roles

EDITORS = "Redaktion"
REVIEWERS = "Fachliche Prüfung"
MARKETING = "Marketing"
ADMINISTRATORS = "Administratoren"


def _apps(*kinds: str) -> list[str]:
    """The registered apps whose models the roles treat as one of `kinds`."""
    return [label for label, kind in roles.apps.items() if kind in kinds]


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
    """Create the four groups with their permissions, then run the apps' own
    steps (registry.roles.setup_steps); returns the groups by name."""
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
            apps=[app for app in _apps(AppRole.CONTENT) if app != "products"],
            actions=["add", "change", "delete", "view"],
            exclude_models=roles.read_only_models,
        ),
        # Products and merchants: drafts only; never publish, delete (archive
        # instead) or import prices. Taking them offline needs no approval.
        *_permissions(
            apps=["products"], actions=["add", "change", "view", "unpublish"]
        ),
    )
    # Groups set up before products had draft/publish had these; take them back.
    editors.permissions.remove(
        *_permissions(apps=["products"], actions=["delete", "publish", "import"])
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
    reviewers.permissions.add(
        *_permissions(apps=_apps(AppRole.CONTENT), actions=["view"])
    )
    _grant_media(reviewers, [("wagtailimages", "choose_image")])

    # Marketing: reports and exports (the clicks app's view permissions), and
    # read-only access to the catalogue and articles.
    marketing = groups[MARKETING]
    marketing.permissions.add(
        *_permissions(apps=_apps(AppRole.CONTENT, AppRole.REPORTS), actions=["view"])
    )

    # Administratoren: everything, including publishing and the final sign-off.
    administrators = groups[ADMINISTRATORS]
    administrators.permissions.add(
        *_permissions(
            apps=_apps(AppRole.CONTENT, AppRole.REPORTS, AppRole.ADMIN),
            actions=[
                "add",
                "change",
                "delete",
                "view",
                "publish",
                "unpublish",
                "lock",
                "unlock",
            ],
        ),
        *_permissions(apps=["products"], actions=["import"]),
        *Permission.objects.filter(
            content_type__app_label="core", content_type__model="sitesettings"
        ),
    )
    if root:
        _grant_pages(
            administrators,
            root,
            ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        )
    _grant_media(administrators, media)
    for step in roles.setup_steps:
        step(groups)
    return groups
