from django.db import migrations

from products.clicks.groups import ensure_marketing_group


def create_marketing_group(apps, schema_editor):
    ensure_marketing_group(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("clicks", "0001_create_click_tables"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_marketing_group, migrations.RunPython.noop),
    ]
