"""The "Marketing" group: admin access and the click reports, no page permissions.

Used by the data migration (with historical models) and after test-database
flushes; idempotent, so the roles (backportal.core.roles) can call it again.
"""

from django.apps import apps as global_apps

MARKETING_GROUP = "Marketing"
REPORT_PERMISSION = ("clicks", "click", "view_click_reports")
REPORT_PERMISSION_NAME = "Kann Klick-Berichte und Exporte sehen"
ADMIN_PERMISSION = ("wagtailadmin", "admin", "access_admin")
ADMIN_PERMISSION_NAME = "Can access Wagtail admin"
# Money and commission imports (the revenue app); created here if missing so
# test-database flushes restore them too.
REVENUE_PERMISSIONS = [
    (
        ("revenue", "transaction", "view_revenue"),
        "Sieht Geld (Provisionen und Umsätze)",
    ),
    (("revenue", "transaction", "view_transaction"), "Can view Provision"),
    (("revenue", "transaction", "add_transaction"), "Can add Provision"),
    (("revenue", "transaction", "change_transaction"), "Can change Provision"),
    (
        ("revenue", "merchantrevenue", "view_merchantrevenue"),
        "Can view Provisions-Einstellung",
    ),
]


def _permission(apps, app_label, model, codename, name):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def ensure_marketing_group(apps=global_apps):
    """Create or complete the Marketing group; returns it."""
    group_model = apps.get_model("auth", "Group")
    group, _ = group_model.objects.get_or_create(name=MARKETING_GROUP)
    group.permissions.add(
        _permission(apps, *ADMIN_PERMISSION, ADMIN_PERMISSION_NAME),
        _permission(apps, *REPORT_PERMISSION, REPORT_PERMISSION_NAME),
    )
    if global_apps.is_installed("products.revenue") and apps is global_apps:
        group.permissions.add(
            *(_permission(apps, *key, name) for key, name in REVENUE_PERMISSIONS)
        )
    return group
