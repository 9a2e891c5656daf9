"""`manage.py setup_roles`: groups, permissions and the apps' role steps
(articles adds its review workflow)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from backportal.core.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Legt Rollen (Gruppen), Berechtigungen und den Prüf-Workflow an (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(f"Gruppen: {', '.join(groups)}.")
