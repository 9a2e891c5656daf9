"""manage.py generate_clicks: a synthetic click history for benchmarks and demo reports."""

from django.core.management.base import BaseCommand, CommandError

from products.clicks.models import Click, DailyClicks, RollupDay
from products.clicks.rollup import rebuild_days
from products.clicks.synthetic import generate
from products.revenue import synthetic as revenue


class Command(BaseCommand):
    help = (
        "Erzeugt einen realistischen, künstlichen Klickverlauf über den Katalog "
        "(z. B. 5 Millionen Klicks über 2 Jahre), fasst ihn zu Tageszahlen zusammen "
        "und leitet daraus Provisionen und Seitenaufrufe ab. "
        "Nur für Benchmarks und Demo-Berichte, nie in der Produktion."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clicks", type=int, default=5_000_000)
        parser.add_argument("--days", type=int, default=730)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Vorhandene Klicks und Tageszahlen vorher löschen.",
        )
        parser.add_argument(
            "--no-rollup", action="store_true", help="Tageszahlen nicht berechnen."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Nichts tun, wenn es schon Klicks gibt (für `make demo`).",
        )

    def handle(
        self, *args, clicks, days, seed, replace, no_rollup, if_empty, **options
    ):
        if clicks < 1 or days < 1:
            raise CommandError("--clicks und --days müssen positiv sein.")
        if if_empty and not replace and Click.objects.exists():
            self.stdout.write("Es gibt schon Klicks: nichts erzeugt.")
            return
        if replace:
            Click.objects.all().delete()
            DailyClicks.objects.all().delete()
            RollupDay.objects.all().delete()
            revenue.clear()
        elif Click.objects.exists():
            raise CommandError(
                "Es gibt schon Klicks. Mit --replace werden sie vorher gelöscht."
            )
        first, last, written = generate(
            clicks,
            days,
            seed=seed,
            progress=lambda n: self.stdout.write(f"  {n:,} Klicks geschrieben …"),
        )
        if not written:
            raise CommandError(
                "Keine Affiliate-Links vorhanden: erst load_demo ausführen."
            )
        self.stdout.write(f"{written:,} Klicks vom {first} bis {last} erzeugt.")
        if not no_rollup:
            rebuild_days(first, last)
            self.stdout.write(
                f"Tageszahlen für {(last - first).days + 1} Tage berechnet."
            )
            sales, views = revenue.generate(first, last, seed=seed)
            self.stdout.write(
                f"{sales:,} Provisionen und {views:,} Tageszahlen der Seitenaufrufe erzeugt."
            )
