"""`manage.py fetch_awin_transactions [--days 31]`: cron line for the Awin API import."""

from django.core.management.base import BaseCommand, CommandError

from products.clicks.days import today
from products.revenue.awin import MAX_DAYS, AwinFetchError, fetch_and_import
from products.revenue.imports import CommissionImportError


class Command(BaseCommand):
    help = "Awin-Transaktionen der letzten Tage abrufen und importieren."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=MAX_DAYS)

    def handle(self, *args, **options):
        try:
            report = fetch_and_import(options["days"], today())
        except AwinFetchError as error:
            raise CommandError(str(error)) from error
        except CommissionImportError as error:
            raise CommandError("\n".join(error.messages())) from error
        self.stdout.write(report.summary())
