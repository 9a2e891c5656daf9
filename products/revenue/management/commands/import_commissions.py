"""`manage.py import_commissions FORMAT FILE`: a commission report, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from products.revenue.imports import FORMATS, CommissionImportError, import_commissions


class Command(BaseCommand):
    help = "Provisionsbericht importieren (awin, amazon oder generic)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=list(FORMATS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Datei nicht lesbar: {error}") from error
        try:
            report = import_commissions(
                data, options["format"], dry_run=options["dry_run"]
            )
        except CommissionImportError as error:
            raise CommandError("\n".join(error.messages())) from error
        self.stdout.write(report.summary())
