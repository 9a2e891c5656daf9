"""The revenue app's part of the role setup (registered in RevenueConfig.ready)."""

from django.contrib.auth.models import Permission

from backportal.core.roles import MARKETING


def grant_imports(groups) -> None:
    """Marketing uploads commission reports and edits revenue settings."""
    groups[MARKETING].permissions.add(
        *Permission.objects.filter(
            content_type__app_label="revenue",
            codename__regex=r"^(add|change)_",
        )
    )
