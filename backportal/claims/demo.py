"""Demo step of `manage.py load_demo`: store the findings of the demo content."""

from .store import counts_by_severity, rebuild_findings


def load(stdout) -> int:
    """Re-check all products and live articles; the report and dashboard show them."""
    total = rebuild_findings()
    counts = counts_by_severity()
    stdout.write(
        f"Rechtliche Prüfhinweise: {counts['error']} Fehler, "
        f"{counts['warning']} Warnungen."
    )
    return total
