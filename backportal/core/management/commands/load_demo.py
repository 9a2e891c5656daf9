"""`manage.py load_demo`: build the demo site; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from backportal.core import demo as core_demo
from backportal.core import registry


class Command(BaseCommand):
    help = "Legt die Demo-Inhalte an (idempotent) und gibt den Admin-Zugang aus."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app registers its step in AppConfig.ready() (registry.demo_steps):
        # core's pages first, then articles, products, link checks, claims,
        # and the roles last, so the groups get every app's permissions.
        for step in registry.demo_steps:
            step.load(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo-Inhalte sind bereit.\n"
                "  Website: http://127.0.0.1:8000/\n"
                "  Admin:   http://127.0.0.1:8000/admin/\n"
                f"  Login:   {core_demo.ADMIN_USERNAME} / {core_demo.ADMIN_PASSWORD}"
                " (Administrator)"
            )
        )
        for username, _first, _last, group in core_demo.DEMO_USERS:
            self.stdout.write(
                f"           {username} / {core_demo.ADMIN_PASSWORD} ({group})"
            )
