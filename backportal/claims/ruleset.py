"""The rules as data: load and validate the TOML files in `rules/`.

`lexicon.toml` names word lists that patterns use as {MACROS}; each family file
(`hcvo.toml`, `hwg.toml`, `kennzeichnung.toml`) holds rules; `nutrients.toml`
holds the authorised nutrient claims and their reference values. Any mistake
raises RuleError naming the file and the rule, so a broken edit fails loudly.
"""

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent / "rules"

KINDS = ("supplement", "device", "article")
SEVERITIES = ("error", "warning")
CHECKS = ("authorised_amount",)
# What kind of claim a rule catches, across the law files: the families content
# teams and the labelled copy corpora speak of (README, "Regelfamilien").
CLAIM_FAMILIES = {
    "relief": "Linderung und Behandlung",
    "healing": "Heilung",
    "professional": "Vergleich mit ärztlicher oder therapeutischer Behandlung",
    "success": "Erfolgs- und Zeitversprechen",
    "general-health": "Allgemeine Gesundheitsaussage",
    "disease-food": "Krankheitsbezug bei Lebensmitteln",
    "testimonial": "Empfehlungen und Erfahrungsberichte",
    "fear": "Werbung mit der Angst",
    "side-effects": "Keine Nebenwirkungen",
    "ad-label": "Kennzeichnung von Werbung",
}
UNITS = ("g", "mg", "µg")

_RULE_KEYS = {
    "id",
    "family",
    "title",
    "kinds",
    "severity",
    "explanation",
    "legal_basis",
    "suggestion",
    "patterns",
    "unless",
    "unless_text",
    "negatable",
    "hedged_ok",
    "suggest_authorised",
    "unless_authorised",
    "article_requires",
    "rewordings",
    "check",
    "examples",
}
_PATTERN_KEYS = {"match", "near", "window"}
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ID = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
DEFAULT_WINDOW = 6

# {W}: one word and the space after it, never a negation. Gaps in patterns are
# written {W}{0,3}, so "ersetzt keine ärztliche Diagnose" is not read as
# "ersetzt … Diagnose": a negation inside a gap stops the match.
NEGATIONS = (
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "keinerlei",
    "nie",
    "niemals",
    "weder",
)
BUILTIN_MACROS = {"W": r"(?:(?!(?:" + "|".join(NEGATIONS) + r")\b)\S+\s+)"}


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Pattern:
    """One way a rule recognises a statement: a regex, optionally near another."""

    source: str
    regex: re.Pattern
    near: re.Pattern | None = None
    window: int = DEFAULT_WINDOW


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (or must let pass), with optional nutrient amounts."""

    text: str
    nutrients: dict[str, Decimal] | None = None


@dataclass(frozen=True)
class Rule:
    """A rule: which kinds of text it covers, how bad, why, what instead, how found.

    `family` is the law file it sits in (hcvo, hwg, kennzeichnung);
    `claim_family` is the TOML key `family`: the kind of claim (CLAIM_FAMILIES).
    """

    id: str
    family: str
    title: str
    claim_family: str
    kinds: frozenset[str]
    severity: str
    explanation: str
    legal_basis: str
    suggestion: str | None
    patterns: tuple[Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()
    unless_text: tuple[re.Pattern, ...] = ()
    negatable: bool = True
    hedged_ok: frozenset[str] = frozenset()
    suggest_authorised: bool = False
    unless_authorised: bool = False
    article_requires: tuple[re.Pattern, ...] = ()
    rewordings: tuple[str, ...] = ()
    check: str | None = None
    flag_examples: tuple[Example, ...] = ()
    pass_examples: tuple[Example, ...] = ()

    @property
    def message(self) -> str:
        """The explanation an editor reads, ending with the legal basis."""
        return f"{self.explanation} ({self.legal_basis})"

    @property
    def suggestions(self) -> tuple[str, ...]:
        """One to three compliant rewordings (or the rule's single suggestion)."""
        if self.rewordings:
            return self.rewordings
        return (self.suggestion,) if self.suggestion else ()


@dataclass(frozen=True)
class Nutrient:
    """A nutrient with authorised claims and its reference value (NRV)."""

    id: str
    name: str
    unit: str
    nrv: Decimal
    source_of_percent: Decimal
    aliases: tuple[str, ...]
    claims: tuple[str, ...]

    @property
    def source_of_threshold(self) -> Decimal:
        """The least amount per reference quantity that is a "source of" it."""
        return self.nrv * self.source_of_percent / Decimal(100)


@dataclass(frozen=True)
class ClaimMatcher:
    """Finds one nutrient's authorised claims in a normalised sentence."""

    nutrient: Nutrient
    regex: re.Pattern
    claims: tuple[tuple[str, re.Pattern], ...]


@dataclass(frozen=True)
class RuleSet:
    """Every rule, the families they belong to, and the nutrient claims list."""

    rules: tuple[Rule, ...]
    families: dict[str, str]
    nutrients: tuple[Nutrient, ...]
    claim_matchers: tuple[ClaimMatcher, ...] = field(default=(), repr=False)
    # lexicon field QUOTE_FRAME: words that show a sentence reports quoted
    # wording ("Versprechen wie „…“ sind unzulässig") instead of making it.
    quote_frame: re.Pattern | None = field(default=None, repr=False)

    def for_kind(self, kind: str) -> tuple[Rule, ...]:
        """The rules that apply to one kind of text, in file order."""
        return tuple(rule for rule in self.rules if kind in rule.kinds)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def nutrient(self, nutrient_id: str) -> Nutrient:
        """The nutrient with this id (KeyError if there is none)."""
        for nutrient in self.nutrients:
            if nutrient.id == nutrient_id:
                return nutrient
        raise KeyError(nutrient_id)


@cache
def get_ruleset() -> RuleSet:
    """The shipped rules, loaded and validated once per process."""
    return load_ruleset(RULES_DIR)


def nutrient_choices() -> list[tuple[str, str]]:
    """(id, "Magnesium (mg)") for every nutrient in nutrients.toml, for forms."""
    return [
        (nutrient.id, f"{nutrient.name} ({nutrient.unit})")
        for nutrient in get_ruleset().nutrients
    ]


def load_ruleset(directory: Path) -> RuleSet:
    """Load and validate every rule file in `directory`."""
    directory = Path(directory)
    nutrients = _load_nutrients(directory / "nutrients.toml")
    macros = {**BUILTIN_MACROS, **_load_lexicon(directory / "lexicon.toml")}
    quote_frame = re.compile(macros["QUOTE_FRAME"]) if "QUOTE_FRAME" in macros else None
    macros["NUTRIENT"] = (
        "(?:" + "|".join(re.escape(a) for n in nutrients for a in n.aliases) + ")"
    )
    rules: list[Rule] = []
    families: dict[str, str] = {}
    seen: set[str] = set()
    family_files = sorted(
        path
        for path in directory.glob("*.toml")
        if path.name not in {"lexicon.toml", "nutrients.toml"}
    )
    if not family_files:
        raise RuleError(f"{directory}: keine Regeldatei gefunden.")
    for path in family_files:
        data = _read(path)
        family = path.stem
        _require(
            isinstance(data.get("title"), str) and data["title"],
            path,
            "",
            "title fehlt",
        )
        families[family] = data["title"]
        entries = data.get("rules")
        _require(isinstance(entries, list) and entries, path, "", "keine [[rules]]")
        for entry in entries:
            rule = _build_rule(entry, family, macros, path)
            _require(rule.id not in seen, path, rule.id, "Regel-ID doppelt vergeben")
            seen.add(rule.id)
            rules.append(rule)
    return RuleSet(
        rules=tuple(rules),
        families=families,
        nutrients=nutrients,
        claim_matchers=_claim_matchers(nutrients),
        quote_frame=quote_frame,
    )


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise RuleError(f"{path.name}: Datei fehlt.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path.name}: kein gültiges TOML: {exc}") from exc


def _require(condition: bool, path: Path, where: str, problem: str) -> None:
    """Raise RuleError naming the file and, where given, the rule or word field."""
    if not condition:
        location = f"{path.name}, {where}" if where else path.name
        raise RuleError(f"{location}: {problem}")


def _load_lexicon(path: Path) -> dict[str, str]:
    data = _read(path)
    macros: dict[str, str] = dict(BUILTIN_MACROS)
    for name, entry in data.items():
        _require(
            bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", name)),
            path,
            "",
            f"Name {name!r} ungültig",
        )
        _require(isinstance(entry, dict), path, "", f"{name}: Tabelle erwartet")
        terms = entry.get("terms")
        _require(
            isinstance(terms, list)
            and terms
            and all(isinstance(t, str) and t for t in terms),
            path,
            "",
            f"{name}: terms muss eine Liste von Wörtern sein",
        )
        compound = entry.get("compound", False)
        _require(
            isinstance(compound, bool),
            path,
            "",
            f"{name}: compound muss true/false sein",
        )
        unknown = set(entry) - {"terms", "compound", "note"}
        _require(
            not unknown, path, "", f"{name}: unbekannte Schlüssel {sorted(unknown)}"
        )
        alternation = "|".join(terms)
        source = (
            rf"[\w-]*(?:{alternation})[\w-]*" if compound else rf"(?:{alternation})"
        )
        # A word field may use the fields defined above it, e.g. {DISEASE}.
        macros[name] = _expand(source, macros, path, f"Wortfeld {name}").pattern
    return macros


def _expand(source: str, macros: dict[str, str], path: Path, where: str) -> re.Pattern:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        _require(name in macros, path, where, f"unbekanntes Wortfeld {{{name}}}")
        return macros[name]

    try:
        return re.compile(_MACRO.sub(replace, source))
    except re.error as exc:
        raise RuleError(
            f"{path.name}, {where}: ungültiges Muster {source!r}: {exc}"
        ) from exc


def _build_rule(entry: dict, family: str, macros: dict[str, str], path: Path) -> Rule:
    _require(isinstance(entry, dict), path, "", "[[rules]] muss eine Tabelle sein")
    rule_id = entry.get("id", "")
    where = f"Regel {rule_id}"
    _require(
        isinstance(rule_id, str) and bool(_ID.match(rule_id)),
        path,
        where,
        "id ungültig",
    )
    _require(
        rule_id.split("-")[0] == family,
        path,
        where,
        f"id muss mit „{family}-“ beginnen",
    )
    unknown = set(entry) - _RULE_KEYS
    _require(not unknown, path, where, f"unbekannte Schlüssel {sorted(unknown)}")
    for key in ("title", "explanation", "legal_basis"):
        _require(
            isinstance(entry.get(key), str) and entry[key].strip(),
            path,
            where,
            f"{key} fehlt",
        )
    kinds = entry.get("kinds")
    _require(
        isinstance(kinds, list) and kinds and set(kinds) <= set(KINDS),
        path,
        where,
        f"kinds muss eine nicht leere Auswahl aus {KINDS} sein",
    )
    _require(
        entry.get("severity") in SEVERITIES,
        path,
        where,
        f"severity muss {SEVERITIES} sein",
    )
    suggestion = entry.get("suggestion")
    _require(
        suggestion is None or isinstance(suggestion, str),
        path,
        where,
        "suggestion muss Text sein",
    )
    check = entry.get("check")
    _require(check is None or check in CHECKS, path, where, f"check muss {CHECKS} sein")
    raw_patterns = entry.get("patterns", [])
    _require(
        isinstance(raw_patterns, list), path, where, "patterns muss eine Liste sein"
    )
    _require(bool(raw_patterns) or check is not None, path, where, "patterns fehlen")
    patterns = tuple(_build_pattern(p, macros, path, where) for p in raw_patterns)
    unless = _regex_list(entry, "unless", macros, path, where)
    unless_text = _regex_list(entry, "unless_text", macros, path, where)
    article_requires = _regex_list(entry, "article_requires", macros, path, where)
    negatable = entry.get("negatable", True)
    _require(isinstance(negatable, bool), path, where, "negatable muss true/false sein")
    hedged_ok = entry.get("hedged_ok", [])
    _require(
        isinstance(hedged_ok, list) and set(hedged_ok) <= set(kinds),
        path,
        where,
        "hedged_ok muss eine Auswahl aus kinds sein",
    )
    suggest_authorised = entry.get("suggest_authorised", False)
    _require(
        isinstance(suggest_authorised, bool),
        path,
        where,
        "suggest_authorised muss true/false sein",
    )
    unless_authorised = entry.get("unless_authorised", False)
    _require(
        isinstance(unless_authorised, bool),
        path,
        where,
        "unless_authorised muss true/false sein",
    )
    rewordings = entry.get("rewordings", [])
    _require(
        isinstance(rewordings, list)
        and len(rewordings) <= 3
        and all(isinstance(r, str) and r.strip() for r in rewordings),
        path,
        where,
        "rewordings muss eine Liste von bis zu drei Texten sein",
    )
    examples = entry.get("examples", {})
    _require(
        isinstance(examples, dict) and set(examples) <= {"flag", "pass"},
        path,
        where,
        "examples braucht flag = [...] und pass = [...]",
    )
    flag_examples = tuple(_example(e, path, where) for e in examples.get("flag", []))
    pass_examples = tuple(_example(e, path, where) for e in examples.get("pass", []))
    _require(
        bool(flag_examples),
        path,
        where,
        "mindestens ein Beispiel unter examples.flag nötig",
    )
    _require(
        entry.get("family") in CLAIM_FAMILIES,
        path,
        where,
        f"family muss eine von {sorted(CLAIM_FAMILIES)} sein",
    )
    return Rule(
        id=rule_id,
        family=family,
        title=entry["title"].strip(),
        claim_family=entry["family"],
        kinds=frozenset(kinds),
        severity=entry["severity"],
        explanation=entry["explanation"].strip(),
        legal_basis=entry["legal_basis"].strip(),
        suggestion=suggestion.strip() if suggestion else None,
        patterns=patterns,
        unless=unless,
        unless_text=unless_text,
        negatable=negatable,
        hedged_ok=frozenset(hedged_ok),
        suggest_authorised=suggest_authorised,
        unless_authorised=unless_authorised,
        article_requires=article_requires,
        rewordings=tuple(r.strip() for r in rewordings),
        check=check,
        flag_examples=flag_examples,
        pass_examples=pass_examples,
    )


def _build_pattern(raw, macros: dict[str, str], path: Path, where: str) -> Pattern:
    if isinstance(raw, str):
        return Pattern(source=raw, regex=_expand(raw, macros, path, where))
    _require(
        isinstance(raw, dict) and "match" in raw, path, where, "Muster braucht match"
    )
    unknown = set(raw) - _PATTERN_KEYS
    _require(
        not unknown, path, where, f"Muster: unbekannte Schlüssel {sorted(unknown)}"
    )
    window = raw.get("window", DEFAULT_WINDOW)
    _require(
        isinstance(window, int) and 1 <= window <= 20,
        path,
        where,
        "window muss 1 bis 20 sein",
    )
    near = raw.get("near")
    _require(
        near is None or isinstance(near, str),
        path,
        where,
        "near muss ein Ausdruck sein",
    )
    return Pattern(
        source=raw["match"],
        regex=_expand(raw["match"], macros, path, where),
        near=_expand(near, macros, path, where) if near else None,
        window=window,
    )


def _regex_list(
    entry: dict, key: str, macros, path: Path, where: str
) -> tuple[re.Pattern, ...]:
    values = entry.get(key, [])
    _require(
        isinstance(values, list) and all(isinstance(v, str) for v in values),
        path,
        where,
        f"{key} muss eine Liste von Ausdrücken sein",
    )
    return tuple(_expand(v, macros, path, where) for v in values)


def _example(raw, path: Path, where: str) -> Example:
    if isinstance(raw, str):
        return Example(text=raw)
    _require(
        isinstance(raw, dict)
        and isinstance(raw.get("text"), str)
        and isinstance(raw.get("nutrients"), dict),
        path,
        where,
        "Beispiel: Text oder {text = …, nutrients = {…}}",
    )
    return Example(
        text=raw["text"],
        nutrients={k: _decimal(v, path, where) for k, v in raw["nutrients"].items()},
    )


def _decimal(value, path: Path, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise RuleError(f"{path.name}, {where}: {value!r} ist keine Zahl") from exc
    _require(
        number.is_finite() and number >= 0, path, where, f"{value!r} muss ≥ 0 sein"
    )
    return number


# Authorised wording: "<Nährstoff> trägt <Teil> bei.", "<Nährstoff> hat <Teil>."
# or "<Nährstoff> wird für <Teil> benötigt."
_CONTRIBUTES = re.compile(r"^(?P<subject>.+?) trägt (?P<part>.+) bei\.$")
_HAS = re.compile(r"^(?P<subject>.+?) (?P<part>(?:hat .+|wird für .+ benötigt))\.$")


def claim_parts(claim: str) -> tuple[str, str]:
    """Split an authorised claim into ("contributes"|"has", the words in between)."""
    if match := _CONTRIBUTES.match(claim):
        return "contributes", match.group("part")
    if match := _HAS.match(claim):
        return "has", match.group("part")
    raise ValueError(claim)


def _load_nutrients(path: Path) -> tuple[Nutrient, ...]:
    data = _read(path)
    default_percent = _decimal(
        data.get("source_of_percent", 15), path, "source_of_percent"
    )
    entries = data.get("nutrients")
    _require(isinstance(entries, list) and entries, path, "", "keine [[nutrients]]")
    nutrients: list[Nutrient] = []
    for entry in entries:
        _require(
            isinstance(entry, dict), path, "", "[[nutrients]] muss eine Tabelle sein"
        )
        nutrient_id = entry.get("id", "")
        where = f"Nährstoff {nutrient_id}"
        _require(
            isinstance(nutrient_id, str) and bool(_SLUG.match(nutrient_id)),
            path,
            where,
            "id ungültig",
        )
        unknown = set(entry) - {
            "id",
            "name",
            "unit",
            "nrv",
            "source_of_percent",
            "aliases",
            "claims",
            "note",
        }
        _require(not unknown, path, where, f"unbekannte Schlüssel {sorted(unknown)}")
        name = entry.get("name")
        _require(isinstance(name, str) and name, path, where, "name fehlt")
        _require(entry.get("unit") in UNITS, path, where, f"unit muss {UNITS} sein")
        nrv = _decimal(entry.get("nrv"), path, where)
        _require(nrv > 0, path, where, "nrv muss > 0 sein")
        percent = _decimal(entry.get("source_of_percent", default_percent), path, where)
        aliases = entry.get("aliases", [name.lower()])
        _require(
            isinstance(aliases, list)
            and aliases
            and all(isinstance(a, str) and a == a.lower() for a in aliases),
            path,
            where,
            "aliases muss eine Liste kleingeschriebener Wörter sein",
        )
        claims = entry.get("claims")
        _require(isinstance(claims, list) and claims, path, where, "claims fehlen")
        for claim in claims:
            _require(isinstance(claim, str), path, where, "Angabe muss Text sein")
            _require(
                claim.startswith(name + " "),
                path,
                where,
                f"„{claim}“ beginnt nicht mit „{name}“",
            )
            try:
                claim_parts(claim)
            except ValueError:
                raise RuleError(
                    f"{path.name}, {where}: „{claim}“ hat nicht die Form „{name} trägt … bei.“, "
                    f"„{name} hat ….“ oder „{name} wird für … benötigt.“"
                ) from None
        nutrients.append(
            Nutrient(
                id=nutrient_id,
                name=name,
                unit=entry["unit"],
                nrv=nrv,
                source_of_percent=percent,
                aliases=tuple(aliases),
                claims=tuple(claims),
            )
        )
    ids = [n.id for n in nutrients]
    _require(len(ids) == len(set(ids)), path, "", "Nährstoff-ID doppelt vergeben")
    return tuple(nutrients)


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.lower().split())


def _claim_matchers(nutrients: tuple[Nutrient, ...]) -> tuple[ClaimMatcher, ...]:
    """Per nutrient, a regex that finds its authorised claims, also joined by "und".

    Besides "<Nährstoff> trägt … bei" it finds the relative form "<Nährstoff>,
    das … beiträgt".
    """
    matchers = []
    for nutrient in nutrients:
        contributes, has, parts = [], [], []
        for claim in nutrient.claims:
            form, part = claim_parts(claim)
            (contributes if form == "contributes" else has).append(_phrase(part))
            parts.append((claim, re.compile(_phrase(part))))
        alternatives = []
        if contributes:
            part = "(?:" + "|".join(contributes) + ")"
            alternatives.append(
                rf"trägt\s+{part}(?:\s*(?:,|und|sowie)\s*{part})*\s+bei\b"
            )
            alternatives.append(
                rf",\s*(?:das|der|die|welches|welcher|welche)\s+{part}"
                rf"(?:\s*(?:,|und|sowie)\s*{part})*\s+beiträgt\b"
            )
        if has:
            alternatives.append("(?:" + "|".join(has) + r")\b")
        predicate = "(?:" + "|".join(alternatives) + ")"
        alias = "(?:" + "|".join(re.escape(a) for a in nutrient.aliases) + ")"
        regex = re.compile(
            rf"\b{alias}\s*{predicate}(?:\s*(?:,|und|sowie)\s*{predicate})*"
        )
        matchers.append(
            ClaimMatcher(nutrient=nutrient, regex=regex, claims=tuple(parts))
        )
    return tuple(matchers)
