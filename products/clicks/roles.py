"""The clicks app's part of the role setup (registered in ClicksConfig.ready)."""

from django.contrib.auth.models import Permission

from backportal.core.roles import EDITORS


def grant_reports_to_editors(groups) -> None:
    """Redaktion sees views and clicks (the click reports, a page's figures in
    its edit view); money needs revenue's own permission, which it lacks."""
    groups[EDITORS].permissions.add(
        Permission.objects.get(
            content_type__app_label="clicks", codename="view_click_reports"
        )
    )
