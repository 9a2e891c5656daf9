"""Demo link states: one broken link and one unverifiable, so the reports show rows.

Called by `manage.py load_demo` after the catalogue; running it again changes
nothing. The broken one is the second shop of a product in the demo comparison
table, so the report lists a page while the table still shows the best shop.
A real `check_links` run against the running demo site finds both working
again (the demo shop answers), which shows recovery too.
"""

from datetime import timedelta

from django.utils import timezone

from products.models import AffiliateLink

from .models import BROKEN_AFTER, LinkCheck, LinkState

BROKEN_LINK = "relaxa-massagesessel-zero-demo-marktplatz"
UNVERIFIABLE_LINK = "waermewerk-shiatsu-kissen-demo-marktplatz"


def load(stdout) -> None:
    """Record the two demo states unless the links already have a check."""
    now = timezone.now()
    states = {
        BROKEN_LINK: {
            "state": LinkState.BROKEN,
            "status_code": 404,
            "detail": "HTTP 404: Seite nicht gefunden",
            "consecutive_failures": BROKEN_AFTER,
            "broken_since": now - timedelta(days=1),
        },
        UNVERIFIABLE_LINK: {
            "state": LinkState.UNVERIFIABLE,
            "status_code": 503,
            "detail": "HTTP 503: Händler blockiert automatische Abrufe",
        },
    }
    links = AffiliateLink.objects.in_bulk(list(states), field_name="slug")
    created = 0
    for slug, values in states.items():
        link = links.get(slug)
        if link is None:
            continue
        _check, was_created = LinkCheck.objects.get_or_create(
            link=link,
            defaults={
                **values,
                "final_url": link.url,
                "response_time_ms": 180,
                "checked_at": now - timedelta(hours=3),
            },
        )
        created += was_created
    stdout.write(
        f"Linkprüfung: {created} Demo-Befunde angelegt (ein defekter, ein nicht "
        "prüfbarer Link)."
        if created
        else "Linkprüfung: Demo-Befunde vorhanden."
    )
