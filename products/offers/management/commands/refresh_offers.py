"""`manage.py refresh_offers`: enqueue (or run) the due refreshes of data sources.

Run it from cron or a systemd timer every few minutes; each source decides by
its own interval, backoff and Retry-After whether it is due. The worker
(`manage.py db_worker`) does the work; `--now` runs it in this process.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from products.offers.models import DataSource, SourceKind
from products.offers.refresh import AlreadyRunning, refresh_source
from products.offers.tasks import enqueue_due


class Command(BaseCommand):
    help = (
        "Stellt fällige Abrufe der Datenquellen in die Warteschlange (der Worker "
        "`manage.py db_worker` führt sie aus); mit --now sofort in diesem Prozess."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            help="Nur diese Datenquelle (Name oder ID; mehrfach möglich), auch wenn "
            "sie noch nicht fällig ist.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur lesen und zählen, nichts ändern.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Nicht einreihen, sondern hier und jetzt abrufen.",
        )

    def _named(self, names):
        sources = []
        for name in names:
            lookup = {"pk": int(name)} if name.isdigit() else {"name": name}
            source = DataSource.objects.filter(**lookup).first()
            if source is None:
                raise CommandError(f"Keine Datenquelle „{name}“.")
            sources.append(source)
        return sources

    def handle(self, *args, **options):
        now = timezone.now()
        if options["source"]:
            sources = self._named(options["source"])
        else:
            sources = list(DataSource.objects.due(now))
        sources = [s for s in sources if s.kind != SourceKind.MANUAL_CSV]
        if not sources:
            if options["verbosity"]:
                self.stdout.write("Keine Datenquelle ist fällig.")
            return
        dry_run = options["dry_run"]
        if not options["now"]:
            enqueue_due(now, source_ids=[s.pk for s in sources], dry_run=dry_run)
            for source in sources:
                self.stdout.write(f"Eingereiht: {source.name}")
            self.stdout.write(
                self.style.SUCCESS(f"{len(sources)} Abruf(e) eingereiht.")
            )
            return
        for number, source in enumerate(sources, start=1):
            self.stdout.write(f"[{number}/{len(sources)}] {source.name} …")
            try:
                run = refresh_source(source, dry_run=dry_run)
            except AlreadyRunning:
                self.stdout.write("  läuft bereits in einem anderen Prozess.")
                continue
            if run.error:
                self.stdout.write(self.style.ERROR(f"  Fehler: {run.error}"))
                continue
            reasons = ", ".join(f"{k}: {v}" for k, v in run.skip_reasons.items())
            self.stdout.write(
                f"  gelesen {run.seen}, zugeordnet {run.matched}, geändert "
                f"{run.changed}, übersprungen {run.skipped}"
                + (f" ({reasons})" if reasons else "")
                + (" – Probelauf, nichts gespeichert" if dry_run else "")
            )
