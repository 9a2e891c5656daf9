"""`manage.py refresh_claims`: rebuild the stored findings of the report.

Run after deploys (rules or code may have changed) and whenever content was
changed outside the admin. Always exits 0; `check_claims --all` is the lint.
"""

from django.core.management.base import BaseCommand

from backportal.claims.store import counts_by_severity, rebuild_findings
from backportal.core.scheduled import runs_alone


class Command(BaseCommand):
    """Re-checks every product and live article and replaces the stored findings."""

    help = (
        "Prüft alle Produkte und veröffentlichten Artikel neu und erneuert den "
        "Bericht „Rechtliche Prüfhinweise“."
    )

    @runs_alone
    def handle(self, *args, **options):
        total = rebuild_findings()
        counts = counts_by_severity()
        self.stdout.write(
            f"Rechtliche Prüfhinweise erneuert: {total} Hinweise "
            f"({counts['error']} Fehler, {counts['warning']} Warnungen)."
        )
