"""What the apps above core contribute to site-wide features.

core sits at the bottom: it never imports articles or products. Each app
registers its part here from its AppConfig.ready(); core composes them. Every
registry is filled once at start-up and only read afterwards (no per-request
state, nothing another worker would need).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Home page: functions (page, request, context) that add their lists.
home_context: list[Callable] = []

# Page types an editor may pick as a teaser ("app_label.ModelName").
teaser_page_types: list[str] = []

# sitemap.xml: {section name: django.contrib.sitemaps.Sitemap class}.
sitemaps: dict[str, type] = {}


class AppRole:
    """How the roles treat an app's models (core.roles)."""

    CONTENT = "content"  # editors write, reviewers and marketing read
    REPORTS = "reports"  # marketing reads, administrators write
    ADMIN = "admin"  # administrators only


@dataclass
class Roles:
    """The apps' parts of the editorial roles."""

    apps: dict[str, str] = field(default_factory=dict)
    read_only_models: set[str] = field(default_factory=set)
    # Functions (groups by name) run after the groups exist, e.g. a workflow.
    setup_steps: list[Callable] = field(default_factory=list)


roles = Roles()


@dataclass(order=True)
class DemoStep:
    """One app's part of `manage.py load_demo`, run in ascending `order`."""

    order: int
    name: str
    load: Callable = field(compare=False)


demo_steps: list[DemoStep] = []


def register_home_context(provider: Callable) -> None:
    """`provider(page, request, context)` adds what the home page lists."""
    if provider not in home_context:
        home_context.append(provider)


def register_teaser_page_type(label: str) -> None:
    if label not in teaser_page_types:
        teaser_page_types.append(label)


def register_sitemap(name: str, sitemap: type) -> None:
    sitemaps[name] = sitemap


def register_role_app(app_label: str, kind: str) -> None:
    roles.apps[app_label] = kind


def register_read_only_model(model_name: str) -> None:
    """A model only the system writes: editors may look, not change it."""
    roles.read_only_models.add(model_name)


def register_role_setup(step: Callable) -> None:
    """`step(groups)` runs after the groups exist (setup_roles, load_demo)."""
    if step not in roles.setup_steps:
        roles.setup_steps.append(step)


def register_demo_step(order: int, name: str, load: Callable) -> None:
    """`load(stdout)` builds an app's demo content; lower orders run first."""
    if all(step.name != name for step in demo_steps):
        demo_steps.append(DemoStep(order, name, load))
        demo_steps.sort()
