"""`manage.py check_links`: check every active affiliate link's target, politely.

Progress on a terminal, a summary at the end. Meant for cron, e.g. nightly:
`30 3 * * * cd /srv/backportal && python manage.py check_links`.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backportal.core.scheduled import runs_alone
from products.linkcheck.checker import LinkChecker, any_host, loopback_only
from products.linkcheck.models import LinkState
from products.linkcheck.selectors import pages_using_products
from products.linkcheck.services import links_to_check, run_checks


def _links(count: int) -> str:
    return f"{count} Link" if count == 1 else f"{count} Links"


class Command(BaseCommand):
    help = (
        "Prüft die Ziel-Adressen aller aktiven Affiliate-Links (HEAD, sonst GET) "
        "und markiert Links nach zwei harten Fehlschlägen in Folge als defekt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--link",
            action="append",
            default=[],
            metavar="KURZNAME",
            help="Nur diesen Link prüfen (mehrfach möglich).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=4,
            help="Höchstens so viele Anfragen gleichzeitig (Standard: 4).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help="Sekunden je Verbindung und Lesevorgang (Standard: 10).",
        )
        parser.add_argument(
            "--delay",
            type=float,
            default=1.0,
            help="Mindestabstand in Sekunden zwischen Anfragen an denselben Host (Standard: 1).",
        )
        parser.add_argument(
            "--max-redirects",
            type=int,
            default=5,
            help="Höchstens so vielen Weiterleitungen folgen (Standard: 5).",
        )

    @runs_alone
    def handle(self, *args, **options):
        if options["workers"] < 1 or options["timeout"] <= 0 or options["delay"] < 0:
            raise CommandError(
                "--workers muss mindestens 1, --timeout größer 0 und --delay "
                "mindestens 0 sein."
            )
        # Under tests the checker may only talk to this machine (see settings.test).
        guard = (
            loopback_only
            if getattr(settings, "LINKCHECK_LOOPBACK_ONLY", False)
            else any_host
        )
        checker = LinkChecker(
            timeout=options["timeout"],
            max_redirects=options["max_redirects"],
            per_host_interval=options["delay"],
            host_allowed=guard,
        )
        links = list(links_to_check(options["link"]))
        if options["link"] and len(links) < len(set(options["link"])):
            found = {link.slug for link in links}
            missing = ", ".join(s for s in options["link"] if s not in found)
            raise CommandError(
                f"Kein aktiver, prüfbarer Link mit dem Kurznamen: {missing}"
            )
        self.interactive = self.stdout.isatty()
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        summary = run_checks(
            links, checker, workers=options["workers"], on_result=self.progress
        )
        if self.interactive and links:
            self.stdout.write("")
        self.report(summary, time.monotonic() - started)

    def progress(self, done, total, link, check):
        if self.verbosity >= 2:
            state = check.get_state_display() if check else "übersprungen"
            detail = check.detail if check else ""
            self.stdout.write(f"[{done}/{total}] {link.slug}: {state} ({detail})")
        elif self.interactive:
            self.stdout.write(f"\rGeprüft: {done}/{total}", ending="")
            self.stdout.flush()

    def report(self, summary, seconds):
        states = summary.states
        self.stdout.write(
            f"{_links(summary.total)} in {seconds:.1f} s geprüft: "
            f"{states[LinkState.OK]} in Ordnung, "
            f"{states[LinkState.UNVERIFIABLE]} nicht prüfbar, "
            f"{states[LinkState.ERROR]} vorübergehende Fehler, "
            f"{states[LinkState.FAILING]} einmal fehlgeschlagen, "
            f"{states[LinkState.BROKEN]} defekt "
            f"(davon {len(summary.newly_broken)} neu)."
        )
        if summary.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"{_links(len(summary.skipped))} nicht geprüft: "
                    + "; ".join(
                        f"{link.slug} ({result.detail})"
                        for link, result in summary.skipped
                    )
                )
            )
        if not summary.newly_broken:
            return
        pages = pages_using_products(
            [check.link.product_id for check in summary.newly_broken]
        )
        self.stdout.write(self.style.ERROR("Neu defekt:"))
        for check in summary.newly_broken:
            used_on = ", ".join(
                page.title for page in pages.get(check.link.product_id, [])
            )
            self.stdout.write(
                f"  {check.link.slug} ({check.link.product.name}): {check.detail}"
                + (f"; verwendet auf: {used_on}" if used_on else "")
            )
