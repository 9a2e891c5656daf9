"""manage.py purge_clicks: delete raw clicks past the retention period; the rollup stays."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backportal.core.scheduled import runs_alone
from products.clicks.rollup import purge


class Command(BaseCommand):
    help = (
        "Löscht Rohklicks, die älter als die Aufbewahrungsfrist sind "
        "(CLICKS_RETENTION_MONTHS, Standard 13 Monate), und vergangene Tages-Salze. "
        "Die Tageszahlen bleiben erhalten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Aufbewahrungsfrist in Monaten (Standard: CLICKS_RETENTION_MONTHS).",
        )

    @runs_alone
    def handle(self, *args, months, **options):
        months = settings.CLICKS_RETENTION_MONTHS if months is None else months
        if months < 1:
            raise CommandError("--months muss mindestens 1 sein.")
        first_kept, deleted = purge(months)
        self.stdout.write(
            f"{deleted} Rohklicks gelöscht; ältester behaltener Tag: {first_kept}."
        )
