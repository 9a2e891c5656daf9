"""Bulk updates of prices and ratings from a CSV file: every row checked, all or nothing.

Used by `manage.py import_prices FILE` and the admin upload (Berichte › Preise
importieren). A file with a single bad row changes nothing; the errors name
the line and the problem in German. Format (UTF-8, with or without BOM;
semicolon or comma; header names as below, English aliases accepted):

    link;produkt;preis;waehrung;bewertung;anzahl_bewertungen;geprueft_am
    waermekissen-amazon;;44,99;EUR;4,5;3812;2025-12-08 14:30

`link` (a link's /go/ short name) or `produkt` (a product's short name) says
what to update; a price needs a link, or a product with exactly one shop. A
rating belongs to the link whose merchant gives it (or the link that carries
the product's current rating). Both land on the link's manual offer
(products.offers.Offer without a source); `geprueft_am` is Berlin time
unless it carries an offset.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import number_format

from products.models import AffiliateLink, Product

from .models import Offer, record_price

# Canonical column name -> accepted spellings in the header (lower case).
COLUMNS = {
    "link": ("link", "link_slug", "link-kurzname"),
    "produkt": ("produkt", "product", "product_slug"),
    "preis": ("preis", "price"),
    "waehrung": ("waehrung", "währung", "currency"),
    "bewertung": ("bewertung", "rating"),
    "anzahl_bewertungen": ("anzahl_bewertungen", "review_count", "reviews"),
    "geprueft_am": ("geprueft_am", "geprüft_am", "checked_at"),
}
HEADER_EXAMPLE = "link;produkt;preis;waehrung;bewertung;anzahl_bewertungen;geprueft_am"
DELIMITERS = (";", ",", "\t")
GERMAN_DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")
MAX_PRICE = Decimal("99999999.99")


@dataclass(frozen=True)
class RowError:
    """One problem, with the line of the file it is on (1 is the header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}"


# The first errors are named line by line; the rest only counted, so a file
# of 100,000 bad rows gives a short answer, not a page of megabytes.
MAX_REPORTED_ERRORS = 100
# Larger files are refused before they are read (the admin upload and the command).
MAX_FILE_BYTES = 5 * 1024 * 1024


class ErrorList(list):
    """The reported errors; `total` counts them all, reported or not."""

    total = 0


def _bounded(errors: list[RowError]) -> ErrorList:
    """The first MAX_REPORTED_ERRORS errors, then "… und 99.900 weitere Fehler"."""
    bounded = ErrorList(errors[:MAX_REPORTED_ERRORS])
    bounded.total = len(errors)
    more = len(errors) - MAX_REPORTED_ERRORS
    if more > 0:
        count = f"{more:,}".replace(",", ".")
        bounded.append(
            RowError(
                errors[MAX_REPORTED_ERRORS].line,
                f"… und {count} weitere Fehler (nicht mehr einzeln aufgeführt).",
            )
        )
    return bounded


class PriceImportError(Exception):
    """The file was not imported; `errors` says why, line by line (at most
    MAX_REPORTED_ERRORS of them, then how many more; `errors.total` counts all)."""

    def __init__(self, errors: list[RowError]):
        errors = _bounded(errors)
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class PriceUpdate:
    line: int
    link: AffiliateLink
    price: Decimal
    currency: str
    checked_at: datetime


@dataclass
class RatingUpdate:
    line: int
    product: Product
    rating: Decimal
    count: int | None
    link: AffiliateLink
    checked_at: datetime

    @property
    def source(self):
        return self.link.merchant


@dataclass
class ImportReport:
    """What an import changed (or would change, in a dry run), in words."""

    rows: int = 0
    changes: list[str] = field(default_factory=list)
    prices: int = 0
    ratings: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def summary(self) -> str:
        verb = "würden aktualisiert" if self.dry_run else "aktualisiert"
        text = (
            f"{_count(self.rows, 'Zeile', 'Zeilen')} gelesen: "
            f"{_count(self.prices, 'Preis', 'Preise')} und "
            f"{_count(self.ratings, 'Bewertung', 'Bewertungen')} {verb}"
        )
        if self.unchanged:
            text += f", {_count(self.unchanged, 'Zeile', 'Zeilen')} ohne Änderung"
        return text + "."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _euro(value: Decimal, currency: str = "EUR") -> str:
    return f"{number_format(value, 2)} {currency}"


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise PriceImportError(
            [
                RowError(
                    1,
                    f"Die Datei ist {size} MB groß, höchstens "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB sind erlaubt. Bitte in "
                    "mehrere Dateien teilen.",
                )
            ]
        )
    if not data.strip():
        raise PriceImportError([RowError(1, "Die Datei ist leer.")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PriceImportError(
            [
                RowError(
                    1,
                    "Die Datei ist UTF-16-kodiert. Bitte als „CSV UTF-8“ speichern.",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PriceImportError(
            [
                RowError(
                    line,
                    "Die Datei ist nicht UTF-8-kodiert (in Excel: Speichern unter "
                    "„CSV UTF-8 (durch Trennzeichen getrennt)“).",
                )
            ]
        ) from None


def _canonical(name: str) -> str | None:
    name = name.strip().lower()
    for canonical, spellings in COLUMNS.items():
        if name in spellings:
            return canonical
    return None


def _header(text: str) -> tuple[str, list[str]]:
    """The delimiter and the canonical column names of the first line."""
    first_line = text.splitlines()[0] if text.splitlines() else ""
    best, best_known = None, 0
    for delimiter in DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for name in names if _canonical(name))
        if known > best_known:
            best, best_known = delimiter, known
    if best is None:
        raise PriceImportError(
            [
                RowError(
                    1,
                    "Keine bekannte Spalte in der Kopfzeile. Trennzeichen ist "
                    "Semikolon (;) oder Komma (,), die Kopfzeile lautet z. B. "
                    f"„{HEADER_EXAMPLE}“.",
                )
            ]
        )
    names = next(csv.reader([first_line], delimiter=best))
    errors, columns = [], []
    for name in names:
        canonical = _canonical(name)
        if canonical is None:
            errors.append(RowError(1, f"Unbekannte Spalte „{name.strip()}“."))
        elif canonical in columns:
            errors.append(RowError(1, f"Spalte „{canonical}“ steht doppelt da."))
        columns.append(canonical or name)
    if "link" not in columns and "produkt" not in columns:
        errors.append(RowError(1, "Es fehlt die Spalte „link“ oder „produkt“."))
    if "geprueft_am" not in columns:
        errors.append(RowError(1, "Es fehlt die Spalte „geprueft_am“."))
    if "preis" not in columns and "bewertung" not in columns:
        errors.append(RowError(1, "Es fehlt die Spalte „preis“ oder „bewertung“."))
    if errors:
        raise PriceImportError(errors)
    return best, columns


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) for each data row; raises PriceImportError if malformed."""
    text = _decode(data)
    delimiter, columns = _header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, errors = [], []
    try:
        next(reader)
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                errors.append(
                    RowError(
                        line,
                        f"{len(values)} Felder statt {len(columns)} wie in der "
                        "Kopfzeile (falsches Trennzeichen oder fehlendes Feld?).",
                    )
                )
                continue
            rows.append(
                (line, {c: v.strip() for c, v in zip(columns, values, strict=True)})
            )
    except csv.Error as error:
        errors.append(
            RowError(reader.line_num, f"Die CSV-Datei ist fehlerhaft ({error}).")
        )
    if errors:
        raise PriceImportError(errors)
    if not rows:
        raise PriceImportError([RowError(1, "Die Datei enthält keine Datenzeilen.")])
    return rows


def parse_decimal(text: str) -> Decimal:
    """ "44,99", "44.99", "1.899,00" or "1899.00"; raises ValueError otherwise."""
    text = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error


def parse_checked_at(text: str) -> datetime:
    """ISO 8601 or German date (and time); naive values are Berlin time."""
    value = parse_datetime(text)
    if value is None:
        date = parse_date(text)
        if date is not None:
            value = datetime.combine(date, time())
    if value is None:
        for fmt in GERMAN_DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if value is None:
        raise ValueError(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class _Row:
    """Validates one row against the catalogue, collecting its problems."""

    def __init__(self, line, values, links, products, now):
        self.line, self.values, self.errors = line, values, []
        self.links, self.products, self.now = links, products, now

    def error(self, message):
        self.errors.append(RowError(self.line, message))

    def get(self, column):
        return self.values.get(column, "")

    def target(self):
        link_slug, product_slug = self.get("link"), self.get("produkt")
        link = self.links.get(link_slug) if link_slug else None
        product = self.products.get(product_slug) if product_slug else None
        if link_slug and link is None:
            self.error(f"Einen Link „{link_slug}“ gibt es nicht.")
        if product_slug and product is None:
            self.error(f"Ein Produkt „{product_slug}“ gibt es nicht.")
        if not link_slug and not product_slug:
            self.error("Weder Link noch Produkt angegeben.")
        if link and product and link.product_id != product.pk:
            self.error(f"Der Link „{link_slug}“ gehört nicht zu „{product_slug}“.")
            return None, None
        return link, product or (link.product if link else None)

    def checked_at(self):
        text = self.get("geprueft_am")
        if not text:
            self.error("Das Prüfdatum (geprueft_am) fehlt.")
            return None
        try:
            value = parse_checked_at(text)
        except ValueError:
            self.error(
                f"Prüfdatum „{text}“ nicht lesbar (z. B. 2025-12-08 14:30 oder "
                "08.12.2025 14:30)."
            )
            return None
        if value > self.now + timedelta(minutes=5):
            self.error(f"Das Prüfdatum „{text}“ liegt in der Zukunft.")
            return None
        return value

    def price(self):
        text = self.get("preis")
        currency = self.get("waehrung").upper()
        if not text:
            if currency:
                self.error("Eine Währung ohne Preis.")
            return None, None
        try:
            price = parse_decimal(text)
        except ValueError:
            self.error(f"Der Preis „{text}“ ist keine Zahl.")
            return None, None
        if price < 0:
            self.error(f"Der Preis „{text}“ ist negativ.")
        elif price > MAX_PRICE:
            self.error(f"Der Preis „{text}“ ist zu groß.")
        elif price != price.quantize(Decimal("0.01")):
            self.error(f"Der Preis „{text}“ hat mehr als zwei Nachkommastellen.")
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            self.error(f"Die Währung „{currency}“ ist kein Code wie EUR.")
        return price.quantize(Decimal("0.01")), currency

    def rating(self):
        text, count_text = self.get("bewertung"), self.get("anzahl_bewertungen")
        if not text:
            if count_text:
                self.error("Eine Anzahl Bewertungen ohne Bewertung.")
            return None, None
        rating, count = None, None
        try:
            rating = parse_decimal(text)
        except ValueError:
            self.error(f"Die Bewertung „{text}“ ist keine Zahl.")
        else:
            if not Decimal("1") <= rating <= Decimal("5"):
                self.error(f"Die Bewertung „{text}“ liegt nicht zwischen 1 und 5.")
            elif rating != rating.quantize(Decimal("0.1")):
                self.error(f"Die Bewertung „{text}“ hat mehr als eine Nachkommastelle.")
        if count_text:
            if count_text.isdigit():
                count = int(count_text)
            else:
                self.error(
                    f"Die Anzahl Bewertungen „{count_text}“ ist keine ganze Zahl."
                )
        return rating, count


def plan_import(rows, now: datetime):
    """Validate every row; (price updates, rating updates, errors). Two queries."""
    links = AffiliateLink.objects.select_related("merchant", "product").in_bulk(
        {values["link"] for _line, values in rows if values.get("link")},
        field_name="slug",
    )
    products = Product.objects.prefetch_related(
        "links__merchant", "links__offers"
    ).in_bulk(
        {values["produkt"] for _line, values in rows if values.get("produkt")},
        field_name="slug",
    )
    prices, ratings, errors = [], [], []
    price_lines: dict[int, int] = {}
    rating_lines: dict[int, int] = {}
    for line, values in rows:
        row = _Row(line, values, links, products, now)
        link, product = row.target()
        checked_at = row.checked_at()
        price, currency = row.price()
        rating, count = row.rating()
        if price is None and rating is None and not row.errors:
            row.error("Weder Preis noch Bewertung angegeben.")
        if price is not None and product is not None and not row.get("link"):
            shops = list(product.links.all())
            if len(shops) == 1:
                link = shops[0]
            else:
                row.error(
                    f"Das Produkt „{product.slug}“ hat {len(shops)} Shops: "
                    "bitte den Link angeben."
                )
        source = None
        if rating is not None and product is not None:
            source = link or _rating_link(product)
            if source is None:
                row.error(
                    f"Das Produkt „{product.slug}“ hat keine Bewertungsquelle: "
                    "bitte den Link angeben, dessen Händler die Bewertung liefert."
                )
        if price is not None and link is not None:
            if link.pk in price_lines:
                row.error(
                    f"Der Preis für „{link.slug}“ steht schon in Zeile "
                    f"{price_lines[link.pk]}."
                )
            price_lines.setdefault(link.pk, line)
        if rating is not None and product is not None:
            if product.pk in rating_lines:
                row.error(
                    f"Die Bewertung von „{product.slug}“ steht schon in Zeile "
                    f"{rating_lines[product.pk]}."
                )
            rating_lines.setdefault(product.pk, line)
        if row.errors:
            errors.extend(row.errors)
            continue
        if price is not None:
            prices.append(
                PriceUpdate(
                    line, link, price, currency or _manual_currency(link), checked_at
                )
            )
        if rating is not None:
            ratings.append(
                RatingUpdate(line, product, rating, count, source, checked_at)
            )
    return prices, ratings, errors


def _rating_link(product):
    """The link carrying the product's current third-party rating, if any."""
    for link in product.links.all():
        if any(offer.rating is not None for offer in link.offers.all()):
            return link
    return None


def _manual(link: AffiliateLink) -> Offer | None:
    return Offer.objects.filter(link=link, source__isnull=True).first()


def _manual_currency(link: AffiliateLink) -> str:
    offer = _manual(link)
    return offer.currency if offer else "EUR"


def _apply_price(update: PriceUpdate, report: ImportReport) -> bool:
    link = update.link
    offer = _manual(link) or Offer(link=link, source=None)
    if offer.price is not None and offer.observed_at > update.checked_at:
        report.changes.append(
            f"Zeile {update.line}: {link.slug}: gespeicherter Preis ist neuer, "
            "nicht überschrieben"
        )
        return False
    new = (update.price, update.currency, update.checked_at)
    if (offer.price, offer.currency, offer.observed_at) == new:
        return False
    old = _euro(offer.price, offer.currency) if offer.price is not None else "–"
    if offer.rating is not None and offer.rating_observed_at is None:
        offer.rating_observed_at = offer.observed_at  # the rating keeps its age
    offer.price, offer.currency, offer.observed_at = new
    if not report.dry_run:
        offer.save()  # signals renew the cached pages showing the product
        record_price(offer)
    report.changes.append(
        f"Zeile {update.line}: {link.slug}: Preis {old} → "
        f"{_euro(update.price, update.currency)}"
    )
    return True


def _apply_rating(update: RatingUpdate, report: ImportReport) -> bool:
    product, link = update.product, update.link
    offer = _manual(link) or Offer(link=link, source=None)
    checked = offer.rating_observed_at or (
        offer.observed_at if offer.rating is not None else None
    )
    if checked and checked > update.checked_at:
        report.changes.append(
            f"Zeile {update.line}: {product.slug}: gespeicherte Bewertung ist neuer, "
            "nicht überschrieben"
        )
        return False
    count = update.count if update.count is not None else offer.rating_count
    new = (update.rating, count, update.checked_at)
    if (offer.rating, offer.rating_count, checked) == new:
        return False
    old = number_format(offer.rating, 1) if offer.rating else "–"
    offer.rating, offer.rating_count = update.rating, count
    offer.rating_observed_at = update.checked_at
    if offer.observed_at is None:
        offer.observed_at = update.checked_at
    if not report.dry_run:
        offer.save()
    report.changes.append(
        f"Zeile {update.line}: {product.slug}: Bewertung {old} → "
        f"{number_format(update.rating, 1)} ({update.source.name})"
    )
    return True


def import_prices(data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Validate the whole file, then apply it in one transaction; or raise, changing nothing."""
    now = timezone.now()
    rows = read_rows(data)
    with transaction.atomic():
        prices, ratings, errors = plan_import(rows, now)
        if errors:
            raise PriceImportError(errors)
        report = ImportReport(rows=len(rows), dry_run=dry_run)
        changed_lines = set()
        for update in prices:
            if _apply_price(update, report):
                report.prices += 1
                changed_lines.add(update.line)
        for update in ratings:
            if _apply_rating(update, report):
                report.ratings += 1
                changed_lines.add(update.line)
        report.unchanged = len(rows) - len(changed_lines)
        report.changes.sort(key=lambda change: int(change.split()[1].rstrip(":")))
    return report
