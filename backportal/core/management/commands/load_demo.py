"""`manage.py load_demo`: build the demo site; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo as articles_demo
from backportal.claims import demo as claims_demo
from backportal.core import demo as core_demo
from products import demo as products_demo
from products.linkcheck import demo as linkcheck_demo
from products.offers import demo as offers_demo


class Command(BaseCommand):
    help = "Legt die Demo-Inhalte an (idempotent) und gibt den Admin-Zugang aus."

    @transaction.atomic
    def handle(self, *args, **options):
        core = core_demo.load(self.stdout)
        articles_demo.load(self.stdout, core["home"])
        products_demo.load(self.stdout)
        linkcheck_demo.load(self.stdout)
        offers_demo.load(self.stdout)
        claims_demo.load(self.stdout)
        # Last, so the groups get the permissions of every app's models.
        core_demo.load_roles(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo-Inhalte sind bereit.\n"
                "  Website: http://127.0.0.1:8000/\n"
                "  Admin:   http://127.0.0.1:8000/admin/\n"
                f"  Login:   {core_demo.ADMIN_USERNAME} / {core_demo.ADMIN_PASSWORD}"
                " (Administrator)"
            )
        )
        for username, _first, _last, group, _person in core_demo.DEMO_USERS:
            self.stdout.write(
                f"           {username} / {core_demo.ADMIN_PASSWORD} ({group})"
            )
