"""`manage.py fetch_awin_transactions [--days 31] [--now]`: the Awin API import.

The timer (backportal-job@fetch_awin_transactions.timer) runs it daily; it only
enqueues the fetch, which the task worker (`manage.py db_worker`) runs under the
job lock. `--now` fetches in this process instead, under the same lock.
"""

from django.core.management.base import BaseCommand, CommandError

from products.revenue.awin import MAX_DAYS, AwinFetchError
from products.revenue.imports import CommissionImportError
from products.revenue.tasks import AlreadyRunning, fetch_awin, fetch_awin_task


class Command(BaseCommand):
    help = (
        "Stellt den Abruf der Awin-Transaktionen der letzten Tage in die "
        "Warteschlange (der Worker `manage.py db_worker` führt ihn aus); mit --now "
        "sofort in diesem Prozess."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=MAX_DAYS)
        parser.add_argument(
            "--now",
            action="store_true",
            help="Nicht einreihen, sondern hier und jetzt abrufen.",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if not options["now"]:
            result = fetch_awin_task.enqueue(days)
            self.stdout.write(f"Awin-Abruf eingereiht ({days} Tage, {result.id}).")
            return
        try:
            summary = fetch_awin(days)
        except AlreadyRunning:
            self.stdout.write(
                "fetch_awin_transactions läuft gerade anderswo; "
                "dieser Lauf wird übersprungen."
            )
            return
        except AwinFetchError as error:
            raise CommandError(str(error)) from error
        except CommissionImportError as error:
            raise CommandError("\n".join(error.messages())) from error
        self.stdout.write(summary)
