"""`manage.py check_claims`: lint copy for health-claim and labelling risks.

    check_claims --kind supplement texte.txt      one text per line
    check_claims --kind device --format jsonl -   read standard input
    check_claims --all                            every registered source

Exit status: 1 if any finding is an error, 0 otherwise, 2 on bad usage.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backportal.claims.checker import Finding, check_text, has_errors
from backportal.claims.ruleset import KINDS, RuleError, get_ruleset
from backportal.claims.sources import check_sources, get_sources

USAGE_ERROR = 2
SEVERITY_LABEL = {"error": "Fehler", "warning": "Warnung"}


class Command(BaseCommand):
    """Checks one text per line (or every registered source) and prints findings."""

    help = (
        "Prüft Texte auf riskante Gesundheits- und Werbeaussagen (HCVO, HWG, UWG). "
        "Eine Zeile der Datei ist ein Text. Exit-Status 1 bei Fehlern, 0 sonst, 2 bei falscher Bedienung."
    )
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            metavar="DATEI",
            help="Textdatei (UTF-8), ein Text pro Zeile; „-“ liest die Standardeingabe.",
        )
        parser.add_argument(
            "--kind",
            choices=KINDS,
            help="Textart: supplement (Nahrungsergänzung), device (Gerät/Medizinprodukt), article (Redaktion).",
        )
        parser.add_argument(
            "--format",
            choices=("text", "jsonl"),
            default="text",
            help="text (lesbar, Standard) oder jsonl (ein JSON-Objekt pro Eingabezeile).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Alle registrierten Quellen prüfen (Produkte, veröffentlichte Artikel) statt einer Datei.",
        )

    def handle(self, *args, **options):
        try:
            get_ruleset()
        except RuleError as exc:
            raise CommandError(
                f"Regeldateien fehlerhaft: {exc}", returncode=USAGE_ERROR
            ) from exc
        if options["all"] and options["file"]:
            raise CommandError(
                "Entweder DATEI oder --all angeben, nicht beides.",
                returncode=USAGE_ERROR,
            )
        if options["all"]:
            errors = self.check_all(options["kind"], options["format"])
        elif options["file"]:
            if not options["kind"]:
                raise CommandError(
                    f"--kind fehlt: Welche Art von Text ist das? ({', '.join(KINDS)})",
                    returncode=USAGE_ERROR,
                )
            lines = self.read_lines(options["file"], options.get("stdin") or sys.stdin)
            errors = self.check_lines(lines, options["kind"], options["format"])
        else:
            raise CommandError(
                "Bitte eine Datei angeben (oder „-“ für die Standardeingabe) oder --all.",
                returncode=USAGE_ERROR,
            )
        if errors:
            sys.exit(1)

    def read_lines(self, name: str, stdin) -> list[str]:
        """The input's lines; a trailing newline does not add an empty line."""
        if name == "-":
            raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
            where = "Standardeingabe"
        else:
            path = Path(name)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raise CommandError(
                    f"Datei nicht gefunden: {name}", returncode=USAGE_ERROR
                ) from None
            except OSError as exc:
                raise CommandError(
                    f"Datei nicht lesbar: {name} ({exc.strerror})",
                    returncode=USAGE_ERROR,
                ) from None
            where = name
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                raise CommandError(
                    f"{where}: Zeile {line} ist kein gültiges UTF-8. Bitte als UTF-8 speichern.",
                    returncode=USAGE_ERROR,
                ) from None
        lines = raw.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [line.removesuffix("\r") for line in lines]

    def check_lines(self, lines: list[str], kind: str, output: str) -> bool:
        """Print the findings per line; whether any is an error."""
        any_error = False
        counts = {"error": 0, "warning": 0}
        lines_with_findings = 0
        for number, line in enumerate(lines, start=1):
            findings = check_text(line, kind)
            any_error = any_error or has_errors(findings)
            if output == "jsonl":
                self.write_json(
                    {"line": number, "findings": [f.as_dict() for f in findings]}
                )
                continue
            if findings:
                lines_with_findings += 1
                self.stdout.write(f"Zeile {number}:")
                self.write_findings(findings, counts)
        if output == "text":
            self.write_summary(
                _count(len(lines), "Zeile", "Zeilen"),
                counts,
                lines_with_findings,
                "Zeilen",
            )
        return any_error

    def check_all(self, kind: str | None, output: str) -> bool:
        """Check every registered source; name each object and field."""
        sources = get_sources()
        if not sources:
            message = (
                "Nichts zu prüfen: Es ist noch keine Quelle registriert "
                "(Produkte und Artikel melden sich über den Hook „register_claims_source“ an)."
            )
            if output == "jsonl":
                self.stderr.write(message)
            else:
                self.stdout.write(message)
            return False
        any_error = False
        counts = {"error": 0, "warning": 0}
        checked = with_findings = 0
        for result in check_sources(sources, kind):
            checked += 1
            any_error = any_error or has_errors(result.findings)
            item = result.item
            if output == "jsonl":
                self.write_json(
                    {
                        "source": result.source,
                        "object": item.object_label,
                        "field": item.field_label,
                        "kind": item.kind,
                        "url": item.url,
                        "findings": [f.as_dict() for f in result.findings],
                    }
                )
                continue
            if result.findings:
                with_findings += 1
                self.stdout.write(f"{item.object_label} · {item.field_label}:")
                self.write_findings(result.findings, counts)
        if output == "text":
            self.write_summary(
                _count(checked, "Text", "Texte"), counts, with_findings, "Texten"
            )
        return any_error

    def write_findings(self, findings: list[Finding], counts: dict[str, int]) -> None:
        for finding in findings:
            counts[finding.severity] += 1
            label = SEVERITY_LABEL[finding.severity]
            style = (
                self.style.ERROR if finding.severity == "error" else self.style.WARNING
            )
            self.stdout.write(style(f"  {label} · {finding.rule} · „{finding.match}“"))
            self.stdout.write(f"    Satz: {finding.sentence}")
            self.stdout.write(f"    Warum: {finding.message}")
            if finding.suggestion:
                self.stdout.write(f"    Vorschlag: {finding.suggestion}")

    def write_summary(
        self, checked: str, counts: dict[str, int], with_findings: int, unit: str
    ) -> None:
        if not counts["error"] and not counts["warning"]:
            self.stdout.write(self.style.SUCCESS(f"{checked} geprüft: keine Hinweise."))
            return
        warnings = _count(counts["warning"], "Warnung", "Warnungen")
        self.stdout.write(
            f"{checked} geprüft: {counts['error']} Fehler, {warnings} in {with_findings} {unit}."
        )

    def write_json(self, obj: dict) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False))


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"
