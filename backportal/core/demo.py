"""Demo content for the site-wide part: home page, legal pages, admin login.

Called by `manage.py load_demo`; every step finds what it made last time, so
running it again changes nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from .models import ContentPage, HomePage, SiteSettings

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "backportal-demo"  # noqa: S105  (demo login, printed on purpose)

HOME_INTRO = (
    "Rückenschmerzen betreffen fast jeden irgendwann. Wir erklären verständlich, "
    "woher Verspannungen, Muskelverhärtungen und Schmerzen im unteren Rücken "
    "kommen, was du selbst tun kannst und wann du besser ärztlichen Rat suchst."
)

IMPRINT = """
<h2>Angaben gemäß § 5 DDG</h2>
<p>Backportal Demo-Redaktion<br>Musterstraße 12<br>10115 Berlin</p>
<h2>Kontakt</h2>
<p>E-Mail: redaktion@backportal.example</p>
<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>
<p>Erika Beispiel, Anschrift wie oben</p>
<h2>Hinweis</h2>
<p>Dies ist eine Demo-Installation. Alle Namen, Adressen und Inhalte sind frei erfunden.</p>
"""

PRIVACY = """
<h2>Datenschutz auf einen Blick</h2>
<p>Wir verarbeiten so wenige Daten wie möglich. Wir setzen keine Tracking-Cookies
und speichern keine IP-Adressen in unseren Auswertungen.</p>
<h2>Server-Protokolle</h2>
<p>Unser Hoster verarbeitet technisch notwendige Verbindungsdaten, um die Website
auszuliefern und vor Angriffen zu schützen. Diese Daten werden nach kurzer Zeit gelöscht.</p>
<h2>Produktbilder von Amazon</h2>
<p>Hat ein Produkt kein eigenes Foto von uns, zeigen wir manchmal das Bild aus dem
Angebot bei Amazon. Dein Browser lädt es dann direkt von Amazons Servern
(m.media-amazon.com) und übermittelt dabei wie bei jedem Seitenaufruf deine
IP-Adresse, aber keine Adresse unserer Seite. Wir speichern diese Bilder nicht.</p>
<h2>Deine Rechte</h2>
<p>Du hast das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der
Verarbeitung sowie ein Beschwerderecht bei einer Aufsichtsbehörde.</p>
"""


def load(stdout) -> dict:
    """Create or update the home page, the legal pages and the admin login."""
    home = _home_page()
    imprint = _content_page(home, "Impressum", "impressum", IMPRINT)
    privacy = _content_page(home, "Datenschutz", "datenschutz", PRIVACY)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.imprint_page = imprint
    site_settings.privacy_page = privacy
    site_settings.save()
    _admin_user()
    stdout.write("Startseite, Impressum und Datenschutz sind angelegt.")
    return {"home": home}


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations create the locale and tree root; a flushed
        # database (as in live-server tests) has neither.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(
            instance=HomePage(title="Gesunder Rücken", slug="start", intro=HOME_INTRO)
        )
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site.hostname, site.port = "localhost", 80
    site.root_page, site.site_name = home, "Backportal"
    site.save()
    # Wagtail's initial migration leaves a "Welcome" page at the root: drop it.
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(
        content_type__model="page"
    ).delete()
    return home


def _content_page(parent: Page, title: str, slug: str, body: str) -> ContentPage:
    page = ContentPage.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=ContentPage(title=title, slug=slug, body=body))
    return page


DEMO_USERS = [
    # (username, first name, last name, group); articles' demo links the
    # reviewer login to its Person profile.
    ("redaktion", "Rita", "Redakteurin", "Redaktion"),
    ("pruefung", "Markus", "Wendt", "Fachliche Prüfung"),
    ("marketing", "Mia", "Marketing", "Marketing"),
]


def load_roles(stdout) -> None:
    """Groups (with the apps' role steps, e.g. the review workflow) and one
    demo login per role."""
    from .roles import setup_roles

    groups = setup_roles()
    for username, first, last, group in DEMO_USERS:
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@backportal.example",
            },
        )
        user.set_password(ADMIN_PASSWORD)
        user.save()
        user.groups.set([groups[group]])
    stdout.write("Rollen, Prüf-Workflow und Demo-Zugänge sind angelegt.")


def _admin_user() -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "admin@backportal.example", "first_name": "Admin"},
    )
    user.is_staff = user.is_superuser = True
    user.set_password(ADMIN_PASSWORD)
    user.save()
