"""`manage.py import_prices FILE`: prices and ratings from a CSV file, all or nothing.

The format is described in products/offers/importers.py and the README. Exit status 1
and one line per problem when any row is bad; nothing is changed then.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from products.offers.importers import HEADER_EXAMPLE, PriceImportError, import_prices


class Command(BaseCommand):
    help = (
        "Importiert Preise und Bewertungen aus einer CSV-Datei (UTF-8, Semikolon "
        f"oder Komma, Kopfzeile z. B. {HEADER_EXAMPLE}). Enthält eine Zeile einen "
        "Fehler, wird nichts geändert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-Datei, oder - für die Standardeingabe.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und zeigen, was sich ändern würde.",
        )

    def handle(self, *args, **options):
        name = options["file"]
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            try:
                data = Path(name).read_bytes()
            except OSError as error:
                raise CommandError(
                    f"Datei {name} nicht lesbar: {error.strerror}"
                ) from None
        try:
            report = import_prices(data, dry_run=options["dry_run"])
        except PriceImportError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nichts importiert: {error.errors.total} Fehler in "
                + ("der Standardeingabe." if name == "-" else f"{name}.")
            ) from None
        for change in report.changes:
            self.stdout.write(change)
        self.stdout.write(self.style.SUCCESS(report.summary))
