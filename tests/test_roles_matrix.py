"""The roles as designed, cell by cell: who may do what with articles, products
and merchants.

The README's section "Editors, reviewers, marketing" states the same matrix
(test_the_readme_states_the_same_matrix compares them).
Users are created fresh in each group (not superusers), after setup_roles.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Workflow

from articles.models import ArticlePage
from articles.roles import PRODUCT_WORKFLOW_NAME, WORKFLOW_NAME
from backportal.core.roles import (
    ADMINISTRATORS,
    EDITORS,
    MARKETING,
    REVIEWERS,
    setup_roles,
)
from products.models import Merchant

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", EDITORS, REVIEWERS, MARKETING, ADMINISTRATORS]
ACTIONS = [
    "edit articles",
    "publish articles",
    "approve articles",
    "delete articles",
    "view products",
    "edit products",
    "publish products",
    "approve products",
    "delete products",
    "view merchants",
    "edit merchants",
    "publish merchants",
    "approve merchants",
    "delete merchants",
    "take products and merchants offline",
    "import prices",
    "reports and exports",
    "sees money",
    "import commissions",
    "settings",
]
Y, N = True, False
# Rows: ACTIONS; columns: anonymous, Redaktion, Fachliche Prüfung, Marketing, Administratoren.
MATRIX = {
    "edit articles": (N, Y, N, N, Y),
    "publish articles": (N, N, N, N, Y),
    "approve articles": (N, N, Y, N, Y),
    "delete articles": (N, N, N, N, Y),
    "view products": (N, Y, Y, Y, Y),
    "edit products": (N, Y, N, N, Y),
    "publish products": (N, N, N, N, Y),
    "approve products": (N, N, Y, N, Y),
    "delete products": (N, N, N, N, Y),
    "view merchants": (N, Y, Y, Y, Y),
    "edit merchants": (N, Y, N, N, Y),
    "publish merchants": (N, N, N, N, Y),
    "approve merchants": (N, N, Y, N, Y),
    "delete merchants": (N, N, N, N, Y),
    "take products and merchants offline": (N, Y, N, N, Y),
    "import prices": (N, N, N, N, Y),
    "reports and exports": (N, Y, N, Y, Y),
    "sees money": (N, N, N, Y, Y),
    "import commissions": (N, N, N, Y, Y),
    "settings": (N, N, N, N, Y),
}


def make_user(role):
    if role == "anonymous":
        return AnonymousUser()
    setup_roles()
    user = get_user_model().objects.create_user(f"matrix-{role}", password="x")
    user.groups.add(Group.objects.get(name=role))
    return user


def approves(user, workflow_name) -> bool:
    if user.is_anonymous:
        return False
    workflow = Workflow.objects.get(name=workflow_name)
    return any(
        task.specific.groups.filter(pk__in=user.groups.all()).exists()
        for task in workflow.tasks.all()
    )


def approves_merchants(user) -> bool:
    """In a step of the workflow Wagtail starts for merchants (Produkt-Freigabe)."""
    workflow = Merchant(name="Matrix").get_workflow()
    return (
        workflow is not None
        and workflow.name == PRODUCT_WORKFLOW_NAME
        and approves(user, PRODUCT_WORKFLOW_NAME)
    )


def may(user, action, article) -> bool:
    page_perms = article.permissions_for_user(user) if user.is_authenticated else None
    checks = {
        "edit articles": lambda: bool(page_perms and page_perms.can_edit()),
        "publish articles": lambda: bool(page_perms and page_perms.can_publish()),
        "approve articles": lambda: approves(user, WORKFLOW_NAME),
        "delete articles": lambda: bool(page_perms and page_perms.can_delete()),
        "view products": lambda: user.has_perm("products.view_product"),
        "edit products": lambda: user.has_perm("products.change_product"),
        "publish products": lambda: user.has_perm("products.publish_product"),
        "approve products": lambda: approves(user, PRODUCT_WORKFLOW_NAME),
        "delete products": lambda: user.has_perm("products.delete_product"),
        "view merchants": lambda: user.has_perm("products.view_merchant"),
        "edit merchants": lambda: user.has_perm("products.change_merchant"),
        "publish merchants": lambda: user.has_perm("products.publish_merchant"),
        "approve merchants": lambda: approves_merchants(user),
        "delete merchants": lambda: user.has_perm("products.delete_merchant"),
        "take products and merchants offline": lambda: (
            user.has_perm("products.unpublish_product")
            and user.has_perm("products.unpublish_merchant")
        ),
        "import prices": lambda: user.has_perm("products.import_prices"),
        "reports and exports": lambda: user.has_perm("clicks.view_click_reports"),
        "sees money": lambda: user.has_perm("revenue.view_revenue"),
        "import commissions": lambda: user.has_perm("revenue.add_transaction"),
        "settings": lambda: user.has_perm("core.change_sitesettings"),
    }
    return checks[action]()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_cell(role, action):
    user = make_user(role)
    article = ArticlePage.objects.live().first()
    expected = MATRIX[action][ROLES.index(role)]
    assert may(user, action, article) is expected, f"{role} / {action}"


def test_the_matrix_covers_every_role_and_action():
    assert set(MATRIX) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


# The README's rows and the matrix rows they state; "ja …" and a workflow step
# ("*Freigabe*") mean yes, "nein" and "nur im Prüfschritt" (edit rights only
# while a task is theirs) mean no.
README_ROWS = {
    "Artikel bearbeiten": ["edit articles"],
    "Artikel veröffentlichen / löschen": ["publish articles", "delete articles"],
    "Artikel freigeben (Workflow)": ["approve articles"],
    "Produkte ansehen (Admin)": ["view products"],
    "Produkte bearbeiten": ["edit products"],
    "Produkte veröffentlichen / löschen": ["publish products", "delete products"],
    "Produkte freigeben (Workflow)": ["approve products"],
    "Händler ansehen (Admin)": ["view merchants"],
    "Händler bearbeiten": ["edit merchants"],
    "Händler veröffentlichen / löschen": ["publish merchants", "delete merchants"],
    "Händler freigeben (Workflow)": ["approve merchants"],
    "Produkte und Händler offline nehmen": ["take products and merchants offline"],
    "Preise importieren": ["import prices"],
    "Klick-Berichte und Exporte (Aufrufe, Klicks)": ["reports and exports"],
    "Sieht Geld (Provisionen, Umsatz)": ["sees money"],
    "Provisionen importieren": ["import commissions"],
    "Einstellungen (Website)": ["settings"],
}


def readme_matrix() -> dict[str, list[bool]]:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = text.split("## Editors, reviewers, marketing", 1)[1].split("\n## ")[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.strip().startswith("|") or cells[0] in ("", "---"):
            continue
        rows[cells[0]] = [
            not (cell.startswith("nein") or cell == "nur im Prüfschritt")
            for cell in cells[1:]
        ]
    return rows


def test_the_readme_states_the_same_matrix():
    readme = readme_matrix()
    assert set(readme) == set(README_ROWS)
    assert {a for actions in README_ROWS.values() for a in actions} == set(ACTIONS)
    assert not any(MATRIX[action][0] for action in ACTIONS)  # readers: none
    for label, actions in README_ROWS.items():
        for action in actions:
            assert readme[label] == list(MATRIX[action][1:]), f"{label} / {action}"
