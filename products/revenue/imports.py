"""Commission reports into Transaction rows: all or nothing, idempotent.

Three formats (see docs in the README's marketing section and fixtures/):
- "awin": the Awin transactions report (CSV export; the API's JSON goes
  through rows_from_awin_api() into the same path);
- "amazon": the Amazon earnings report CSV (per item, tracking ID and day);
- "generic": datum; referenz; produkt; haendler; umsatz; provision; status
  (optional: id, waehrung) for any other network.

A file with one bad line changes nothing; errors are German, line-numbered
and capped at MAX_ERRORS. Importing the same file twice changes nothing; a
later status (or amount) updates the row and is appended to its `updates`.
Costs a handful of queries per file (merchants, products, clicks by
reference, existing transactions, pages), then one write per changed row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction as db_transaction
from django.utils import timezone
from wagtail.models import Page

from products.clicks.days import berlin_day
from products.clicks.models import Click
from products.models import Merchant, Product

from .models import MerchantRevenue, Network, Status, Transaction
from .references import REFERENCE_RE, parse_subid, tracking_target

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 100
MAX_AMOUNT = Decimal("9999999999.99")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "awin": "Awin – Transaktionsbericht (CSV)",
    "amazon": "Amazon PartnerNet – Einnahmenbericht (CSV)",
    "generic": "Allgemeine CSV (andere Netzwerke)",
}

STATUS_WORDS = {
    "pending": Status.OPEN,
    "offen": Status.OPEN,
    "open": Status.OPEN,
    "approved": Status.CONFIRMED,
    "confirmed": Status.CONFIRMED,
    "bestätigt": Status.CONFIRMED,
    "bestaetigt": Status.CONFIRMED,
    "declined": Status.CANCELLED,
    "deleted": Status.CANCELLED,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "storniert": Status.CANCELLED,
    "abgelehnt": Status.CANCELLED,
}

# Canonical column -> accepted header spellings (lower case, spaces kept).
AWIN_COLUMNS = {
    "id": ("transaction id", "id", "transactionid"),
    "date": ("transaction date", "transactiondate", "date", "datum"),
    "merchant": ("advertiser name", "advertisername", "advertiser"),
    "status": ("commission status", "commissionstatus", "status"),
    "sale": ("sale amount", "saleamount", "sale value"),
    "commission": ("commission amount", "commissionamount", "commission"),
    "currency": ("currency", "waehrung", "währung"),
    "reference": ("click ref", "clickref", "click reference"),
    "product": ("product", "produkt"),
}
AMAZON_COLUMNS = {
    "category": ("category", "kategorie"),
    "name": ("name", "produktname", "product title"),
    "asin": ("asin",),
    "seller": ("seller", "verkäufer"),
    "tracking": ("tracking id", "tracking-id"),
    "date": ("date shipped", "versanddatum", "date"),
    "price": ("price", "preis"),
    "shipped": ("items shipped", "versandte artikel"),
    "returns": ("returns", "rücksendungen"),
    "sale": ("revenue", "umsatz"),
    "commission": ("ad fees", "werbekostenerstattung", "earnings"),
    "device": ("device type group", "gerätetyp"),
}
GENERIC_COLUMNS = {
    "id": ("id", "transaktion", "transaktions-id", "transaction id"),
    "date": ("datum", "date"),
    "reference": (
        "referenz",
        "reference",
        "sub-id",
        "subid",
        "tracking-id",
        "tracking id",
    ),
    "product": ("produkt", "product"),
    "merchant": ("haendler", "händler", "merchant"),
    "sale": ("umsatz", "sale", "sale amount"),
    "commission": ("provision", "commission"),
    "status": ("status",),
    "currency": ("waehrung", "währung", "currency"),
}
REQUIRED = {
    "awin": ("id", "date", "status", "sale", "commission"),
    "amazon": ("tracking", "date", "sale", "commission"),
    "generic": ("date", "reference", "sale", "commission", "status"),
}
COLUMN_SETS = {
    "awin": AWIN_COLUMNS,
    "amazon": AMAZON_COLUMNS,
    "generic": GENERIC_COLUMNS,
}


@dataclass(frozen=True)
class RowError:
    """One problem, with the line of the file it is on."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}"


class CommissionImportError(Exception):
    """The file was not imported; `messages()` says why (at most MAX_ERRORS lines)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors

    def messages(self) -> list[str]:
        shown = [str(error) for error in self.errors[:MAX_ERRORS]]
        if len(self.errors) > MAX_ERRORS:
            shown.append(f"… und {len(self.errors) - MAX_ERRORS} weitere Fehler")
        return shown


@dataclass
class ParsedRow:
    line: int
    network: str
    external_id: str
    day: date
    sale_amount: Decimal
    commission: Decimal
    currency: str
    status: str
    merchant_name: str = ""
    reference: str = ""
    tracking_id: str = ""
    product_text: str = ""


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: int = 0
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        prefix = "Probelauf: " if self.dry_run else ""
        return (
            f"{prefix}{self.created} neu, {self.updated} geändert, "
            f"{self.unchanged} unverändert; {self.unmatched} ohne Zuordnung."
        )


def as_text(value: str) -> str:
    """A cell from a report, stored as plain text (no formula reaches a sheet)."""
    value = value.strip()
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def parse_amount(text: str) -> Decimal:
    """ "44,99", "44.99", "1.899,00", "1,899.00", "-3,20 €"; ValueError otherwise."""
    text = re.sub(r"[€$£\s\u00a0]|EUR|USD", "", text)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,4})?", text):
        raise ValueError(text)
    try:
        value = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValueError(text) from error
    if abs(value) > MAX_AMOUNT:
        raise ValueError(text)
    return value


DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)


def parse_day(text: str) -> date:
    """The calendar day of a report date (ISO, German or Awin's dd/mm/yyyy)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\dT.*[Z+-]\d\d:?\d\d|.*Z", text):
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return berlin_day(moment)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CommissionImportError(
            [
                RowError(
                    1, f"Die Datei ist größer als {MAX_FILE_BYTES // (1024 * 1024)} MB."
                )
            ]
        )
    if not data.strip():
        raise CommissionImportError([RowError(1, "Die Datei ist leer.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommissionImportError(
            [
                RowError(
                    line,
                    "Die Datei ist nicht UTF-8-kodiert (bitte als „CSV UTF-8“ speichern).",
                )
            ]
        ) from None


def _header_name(name: str) -> str:
    """ "Price(€)" -> "price", "Ad Fees($)" -> "ad fees"."""
    return re.sub(r"\s*\(.*\)\s*$", "", name.strip().lower().lstrip("\ufeff"))


def _canonical(name: str, columns: dict) -> str | None:
    name = _header_name(name)
    for canonical, spellings in columns.items():
        if name in spellings:
            return canonical
    return None


def read_table(text: str, fmt: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {canonical column: text}) for each data row of the report.

    Lines before the header (Amazon puts a title line there) are skipped.
    """
    columns = COLUMN_SETS[fmt]
    lines = text.splitlines()
    header_index, delimiter, names = None, ",", []
    for index, line in enumerate(lines[:5]):
        for candidate in (";", ",", "\t"):
            cells = next(csv.reader([line], delimiter=candidate), [])
            known = [c for c in (_canonical(cell, columns) for cell in cells) if c]
            if len(known) >= len(REQUIRED[fmt]) and set(REQUIRED[fmt]) <= set(known):
                header_index, delimiter, names = index, candidate, cells
                break
        if header_index is not None:
            break
    if header_index is None:
        needed = ", ".join(REQUIRED[fmt])
        raise CommissionImportError(
            [
                RowError(
                    1,
                    f"Keine passende Kopfzeile gefunden (nötig: {needed}). Richtiges Format gewählt?",
                )
            ]
        )
    canonical = [_canonical(name, columns) for name in names]
    reader = csv.reader(
        io.StringIO("\n".join(lines[header_index + 1 :])), delimiter=delimiter
    )
    rows, errors = [], []
    try:
        for values in reader:
            line = header_index + 1 + reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(names):
                errors.append(
                    RowError(
                        line,
                        f"{len(values)} Felder statt {len(names)} wie in der Kopfzeile.",
                    )
                )
                continue
            rows.append(
                (
                    line,
                    {c: v.strip() for c, v in zip(canonical, values, strict=True) if c},
                )
            )
    except csv.Error as error:
        errors.append(
            RowError(
                header_index + 1 + reader.line_num,
                f"Die CSV-Datei ist fehlerhaft ({error}).",
            )
        )
    if errors:
        raise CommissionImportError(errors)
    if not rows:
        raise CommissionImportError(
            [RowError(1, "Die Datei enthält keine Datenzeilen.")]
        )
    return rows


class _Checker:
    """Collects the errors of one row while reading its fields."""

    def __init__(self, line: int, values: dict[str, str], errors: list[RowError]):
        self.line, self.values, self.errors = line, values, errors

    def error(self, message: str) -> None:
        self.errors.append(RowError(self.line, message))

    def text(self, column: str, max_length: int = 200) -> str:
        return as_text(self.values.get(column, ""))[:max_length]

    def amount(self, column: str, label: str) -> Decimal:
        raw = self.values.get(column, "")
        try:
            return parse_amount(raw)
        except ValueError:
            self.error(f"„{raw}“ ist kein gültiger Betrag ({label}).")
            return Decimal(0)

    def day(self) -> date:
        raw = self.values.get("date", "")
        try:
            return parse_day(raw)
        except ValueError:
            self.error(f"„{raw}“ ist kein gültiges Datum.")
            return date.min

    def status(self) -> str:
        raw = self.values.get("status", "")
        status = STATUS_WORDS.get(raw.strip().lower())
        if status is None:
            self.error(f"Unbekannter Status „{raw}“ (offen, bestätigt oder storniert).")
            return Status.OPEN
        return status

    def currency(self) -> str:
        raw = (self.values.get("currency") or "EUR").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", raw):
            self.error(f"„{raw}“ ist keine Währung (z. B. EUR).")
            return "EUR"
        return raw


def parse_rows(fmt: str, rows, errors: list[RowError]) -> list[ParsedRow]:
    """The report's rows as ParsedRow; problems go to `errors`."""
    parsed: list[ParsedRow] = []
    for line, values in rows:
        check = _Checker(line, values, errors)
        if fmt == "amazon":
            sale, commission = (
                check.amount("sale", "Umsatz"),
                check.amount("commission", "Provision"),
            )
            returns = values.get("returns", "0").strip() or "0"
            shipped = values.get("shipped", "0").strip() or "0"
            cancelled = commission < 0 or (
                returns not in ("0", "") and shipped in ("0", "")
            )
            tracking = check.text("tracking", 40)
            if not tracking:
                check.error("Die Tracking-ID fehlt.")
            day = check.day()
            key = "|".join(
                [
                    tracking,
                    day.isoformat(),
                    values.get("asin", ""),
                    values.get("seller", ""),
                    values.get("device", ""),
                    "R" if cancelled else "S",
                ]
            )
            parsed.append(
                ParsedRow(
                    line=line,
                    network=Network.AMAZON,
                    external_id=key,
                    day=day,
                    sale_amount=sale,
                    commission=commission,
                    currency="EUR",
                    status=Status.CANCELLED if cancelled else Status.CONFIRMED,
                    merchant_name="Amazon",
                    tracking_id=tracking,
                    product_text=check.text("name") or check.text("asin"),
                )
            )
            continue
        external_id = check.text("id", 120)
        day = check.day()
        reference = check.text("reference", 60)
        row = ParsedRow(
            line=line,
            network=Network.AWIN if fmt == "awin" else Network.OTHER,
            external_id=external_id,
            day=day,
            sale_amount=check.amount("sale", "Umsatz"),
            commission=check.amount("commission", "Provision"),
            currency=check.currency(),
            status=check.status(),
            merchant_name=check.text("merchant", 120),
            reference=reference,
            product_text=check.text("product"),
        )
        if fmt == "awin" and not external_id:
            check.error("Die Transaktions-ID fehlt.")
        if fmt == "generic":
            if not reference:
                check.error("Referenz, Sub-ID oder Tracking-ID fehlt.")
            if not external_id:
                # No id: the row's identity is what it is about, not its status.
                basis = f"{day}|{reference}|{row.product_text}|{row.merchant_name}|{row.sale_amount}"
                row.external_id = "g-" + hashlib.sha256(basis.encode()).hexdigest()[:32]
        parsed.append(row)
    return _merge_duplicates(parsed, errors)


def _merge_duplicates(
    parsed: list[ParsedRow], errors: list[RowError]
) -> list[ParsedRow]:
    """Amazon may list an item twice a day: summed. Elsewhere a repeated id is an error."""
    seen: dict[str, ParsedRow] = {}
    for row in parsed:
        first = seen.get(row.external_id)
        if first is None:
            seen[row.external_id] = row
        elif row.network == Network.AMAZON:
            first.sale_amount += row.sale_amount
            first.commission += row.commission
        else:
            errors.append(
                RowError(
                    row.line,
                    f"Transaktion „{row.external_id}“ steht schon in Zeile {first.line}.",
                )
            )
    return list(seen.values())


@dataclass
class Attribution:
    matched_by: str = ""
    merchant_id: int | None = None
    page_id: int | None = None
    topic_id: int | None = None
    placement: str = ""
    product_id: int | None = None
    link_id: int | None = None
    click_day: date | None = None


def _attribute(rows: list[ParsedRow], fmt: str) -> dict[str, Attribution]:
    """How each row is matched: click reference, page sub-ID or tracking ID."""
    references = [r.reference for r in rows if REFERENCE_RE.match(r.reference)]
    clicks = {
        click.reference: click
        for click in Click.objects.filter(reference__in=references).only(
            "reference",
            "page_id",
            "placement",
            "product_id",
            "link_id",
            "merchant_id",
            "at",
        )
    }
    merchants_by_name = {
        m.name.lower(): m.pk for m in Merchant.objects.only("pk", "name")
    }
    products = {}
    for product in Product.objects.only("pk", "slug", "name"):
        products[product.slug.lower()] = product.pk
        products.setdefault(product.name.lower(), product.pk)
    amazon_merchants = list(
        MerchantRevenue.objects.filter(network=Network.AMAZON).values_list(
            "merchant_id", flat=True
        )
    )
    subid_pages = {
        parsed[0] for r in rows if (parsed := parse_subid(r.reference)) and parsed[0]
    }
    known_pages = set(
        Page.objects.filter(pk__in=subid_pages).values_list("pk", flat=True)
    )
    result: dict[str, Attribution] = {}
    for row in rows:
        found = Attribution(
            merchant_id=merchants_by_name.get(row.merchant_name.lower())
        )
        found.product_id = (
            products.get(row.product_text.lower()) if row.product_text else None
        )
        click = clicks.get(row.reference)
        subid = parse_subid(row.reference) if row.reference else None
        tag = row.tracking_id or (row.reference if fmt == "generic" else "")
        if click is not None:
            found = Attribution(
                matched_by="reference",
                merchant_id=click.merchant_id,
                page_id=click.page_id,
                placement=click.placement,
                product_id=click.product_id,
                link_id=click.link_id,
                click_day=berlin_day(click.at),
            )
        elif subid is not None and (subid[0] is None or subid[0] in known_pages):
            found.matched_by = "subid"
            found.page_id, found.placement = subid
        elif tag:
            for merchant_id in amazon_merchants:
                page_id, topic_id = tracking_target(merchant_id, tag)
                default = _default_tag(merchant_id)
                if page_id or topic_id is not None or tag == default:
                    found = Attribution(
                        matched_by="tracking",
                        merchant_id=merchant_id,
                        page_id=page_id,
                        topic_id=topic_id,
                    )
                    break
        if found.merchant_id is None and fmt == "amazon" and len(amazon_merchants) == 1:
            found.merchant_id = amazon_merchants[0]
        result[row.external_id] = found
    return result


def _default_tag(merchant_id: int) -> str:
    from .references import snapshot

    setting = snapshot().merchants.get(merchant_id)
    return setting.default_tag if setting else ""


TRACKED_FIELDS = ("status", "commission", "sale_amount", "day", "currency")


def apply(rows: list[ParsedRow], fmt: str, *, dry_run: bool = False) -> ImportReport:
    """Create, update or leave each transaction; one atomic block."""
    report = ImportReport(dry_run=dry_run)
    attribution = _attribute(rows, fmt)
    now = timezone.now()
    with db_transaction.atomic():
        existing = {
            (t.network, t.external_id): t
            for t in Transaction.objects.select_for_update().filter(
                external_id__in=[r.external_id for r in rows]
            )
        }
        for row in rows:
            found = attribution[row.external_id]
            if not found.matched_by:
                report.unmatched += 1
            values = {
                "day": row.day,
                "sale_amount": row.sale_amount,
                "commission": row.commission,
                "currency": row.currency,
                "status": row.status,
            }
            current = existing.get((row.network, row.external_id))
            if current is None:
                report.created += 1
                if not dry_run:
                    Transaction.objects.create(
                        network=row.network,
                        external_id=row.external_id,
                        merchant_name=row.merchant_name,
                        reference=row.reference,
                        tracking_id=row.tracking_id,
                        product_text=row.product_text,
                        merchant_id=found.merchant_id,
                        page_id=found.page_id,
                        topic_id=found.topic_id,
                        placement=found.placement,
                        product_id=found.product_id,
                        link_id=found.link_id,
                        click_day=found.click_day,
                        matched_by=found.matched_by,
                        **values,
                    )
                continue
            changes = {
                name: (getattr(current, name), value)
                for name, value in values.items()
                if getattr(current, name) != value
            }
            if not changes:
                report.unchanged += 1
                continue
            report.updated += 1
            if dry_run:
                continue
            current.updates = [
                *current.updates,
                {
                    "am": now.isoformat(timespec="seconds"),
                    **{
                        name: [str(old), str(new)]
                        for name, (old, new) in changes.items()
                    },
                },
            ]
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
        if dry_run:
            db_transaction.set_rollback(True)
    return report


def import_commissions(data: bytes, fmt: str, *, dry_run: bool = False) -> ImportReport:
    """Import a report file of format `fmt`; raises CommissionImportError, changing nothing."""
    if fmt not in FORMATS:
        raise CommissionImportError([RowError(1, f"Unbekanntes Format „{fmt}“.")])
    text = _decode(data)
    errors: list[RowError] = []
    rows = parse_rows(fmt, read_table(text, fmt), errors)
    if errors:
        raise CommissionImportError(sorted(errors, key=lambda e: e.line))
    return apply(rows, fmt, dry_run=dry_run)


def rows_from_awin_api(transactions: list[dict]) -> list[tuple[int, dict[str, str]]]:
    """Awin API transactions (JSON) as rows of the CSV path; "line" is the position."""
    rows = []
    for position, item in enumerate(transactions, start=1):
        refs = item.get("clickRefs") or {}
        rows.append(
            (
                position,
                {
                    "id": str(item.get("id", "")),
                    "date": str(item.get("transactionDate", "")),
                    "merchant": str(
                        item.get("advertiserName") or item.get("advertiserId") or ""
                    ),
                    "status": str(item.get("commissionStatus", "")),
                    "sale": str((item.get("saleAmount") or {}).get("amount", "")),
                    "commission": str(
                        (item.get("commissionAmount") or {}).get("amount", "")
                    ),
                    "currency": str(
                        (item.get("commissionAmount") or {}).get("currency", "EUR")
                    ),
                    "reference": str(refs.get("clickRef") or ""),
                },
            )
        )
    return rows


def import_awin_api(transactions: list[dict]) -> ImportReport:
    """Import what the Awin API returned; same checks as a CSV."""
    errors: list[RowError] = []
    rows = parse_rows("awin", rows_from_awin_api(transactions), errors)
    if errors:
        raise CommissionImportError(errors)
    return apply(rows, "awin")
