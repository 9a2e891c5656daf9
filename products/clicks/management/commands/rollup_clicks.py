"""manage.py rollup_clicks: catch up (default) or rebuild the daily click rollup."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from backportal.core.scheduled import runs_alone
from products.clicks.days import today
from products.clicks.rollup import catch_up, rebuild_days


class Command(BaseCommand):
    help = (
        "Fasst Rohklicks zu Tageszahlen (Europe/Berlin) zusammen: ohne Optionen "
        "alle noch offenen Tage, mit --rebuild alle Tage ab --since neu. Idempotent; "
        "z. B. alle 10 Minuten per cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Alle Tage im Zeitraum neu berechnen, nicht nur offene.",
        )
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Erster Tag (JJJJ-MM-TT)."
        )
        parser.add_argument(
            "--until", type=date.fromisoformat, help="Letzter Tag (JJJJ-MM-TT)."
        )

    @runs_alone
    def handle(self, *args, rebuild: bool, since, until, **options):
        if rebuild:
            if since is None:
                raise CommandError("--rebuild braucht --since.")
            until = until or today()
            if since > until:
                raise CommandError("--since liegt nach --until.")
            days = rebuild_days(since, until)
        elif since or until:
            raise CommandError("--since/--until gelten nur mit --rebuild.")
        else:
            days = catch_up()
        if days:
            self.stdout.write(
                f"{len(days)} Tage zusammengefasst ({days[0]} bis {days[-1]})."
            )
        else:
            self.stdout.write("Nichts zu tun.")
