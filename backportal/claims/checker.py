"""The checker: find the sentences of a text that break a rule.

`check_text(text, kind, nutrients)` splits the text into sentences, masks the
authorised nutrient claims (checking their amount where a product is known),
then applies every rule for the kind. Negated statements, warning notes and,
for editorial text, hedged or sourced statements are left alone.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from .ruleset import KINDS, Nutrient, Pattern, Rule, RuleSet, get_ruleset
from .text import Normalised, is_hedged, is_negated, normalise, sentence_spans


@dataclass(frozen=True)
class Finding:
    """One rule broken by one sentence: what matched, why it matters, what instead."""

    rule: str
    severity: str
    match: str
    message: str
    suggestion: str | None
    sentence: str
    # One to three compliant rewordings an editor can take over.
    rewordings: tuple[str, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict:
        """The finding as the JSON object of `check_claims --format jsonl`."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "match": self.match,
            "message": self.message,
            "suggestion": self.suggestion,
            "rewordings": list(self.rewordings),
        }


@dataclass(frozen=True)
class ClaimUse:
    """An authorised nutrient claim found in a sentence, with its span."""

    nutrient: Nutrient
    claims: tuple[str, ...]
    start: int
    end: int


def check_text(
    text: str,
    kind: str,
    nutrients: Mapping[str, Decimal | float | int | str] | None = None,
    *,
    ruleset: RuleSet | None = None,
) -> list[Finding]:
    """Findings for `text` read as `kind` ("supplement", "device" or "article").

    `nutrients` maps nutrient ids to the amount per reference quantity (daily
    dose) in the nutrient's unit, e.g. {"magnesium": 300}. None means no
    product is known: authorised wording then passes without the amount check.
    """
    if kind not in KINDS:
        raise ValueError(f"Unbekannte Textart {kind!r}; erlaubt: {', '.join(KINDS)}")
    ruleset = ruleset or get_ruleset()
    amounts = (
        None
        if nutrients is None
        else {key: Decimal(str(value)) for key, value in nutrients.items()}
    )
    whole = normalise(text).text
    # Rules silenced by something elsewhere in the text (e.g. a ratings note).
    rules = tuple(
        rule
        for rule in ruleset.for_kind(kind)
        if not any(regex.search(whole) for regex in rule.unless_text)
    )
    # Art. 10 Abs. 3 HCVO: a general health statement may stand beside an
    # authorised claim; rules with unless_authorised are then silent.
    if find_claims(whole, ruleset):
        rules = tuple(rule for rule in rules if not rule.unless_authorised)
    findings: list[Finding] = []
    question_found = False
    spans = sentence_spans(text)
    for index, (start, end) in enumerate(spans):
        found = _check_sentence(text[start:end], kind, amounts, rules, ruleset)
        question = spans[index - 1] if index else None
        if (
            not found
            and not question_found
            and question
            and _is_short_question(text[question[0] : question[1]])
        ):
            # Read the answer with its question only when neither says it alone.
            found = _check_sentence(
                text[question[0] : end], kind, amounts, rules, ruleset
            )
        question_found = bool(found)
        findings.extend(found)
    return findings


# A short question that names a complaint ("Verspannte Schultern?", "Rückenschmerzen?")
# sets up the claim the next sentence makes ("Das Kissen knetet sie locker.").
_SHORT_QUESTION_WORDS = 6


def _is_short_question(sentence: str) -> bool:
    sentence = sentence.rstrip()
    return sentence.endswith("?") and len(sentence.split()) <= _SHORT_QUESTION_WORDS


# Quotation marks around reported wording: „…“, "…", »…«, “…”.
_QUOTED = re.compile(r"[„“\"»«]([^„“”\"»«]+)[“”\"«»]")


def mask_quotations(text: str, frame: re.Pattern | None) -> str:
    """Blank out quoted wording when the sentence reports it rather than makes it.

    "Vorsicht bei Versprechen wie „heilt Arthrose“" quotes what not to say: the
    words outside the quotes (the lexicon field QUOTE_FRAME) decide. A customer
    quote ("Kundin Maria: „Endlich schmerzfrei!“") has no such frame and stays.
    """
    if frame is None:
        return text
    quotes = list(_QUOTED.finditer(text))
    if not quotes:
        return text
    outside = _QUOTED.sub(" zitat ", text)
    if not frame.search(outside):
        return text
    chars = list(text)
    for quote in quotes:
        chars[quote.start() : quote.end()] = " " * (quote.end() - quote.start())
    return "".join(chars)


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding blocks publishing."""
    return any(finding.severity == "error" for finding in findings)


def find_claims(normalised: str, ruleset: RuleSet) -> list[ClaimUse]:
    """The authorised claims, in their authorised wording, in a normalised sentence."""
    uses = []
    for matcher in ruleset.claim_matchers:
        for match in matcher.regex.finditer(normalised):
            segment = match.group()
            claims = tuple(
                claim for claim, part in matcher.claims if part.search(segment)
            )
            uses.append(ClaimUse(matcher.nutrient, claims, match.start(), match.end()))
    return uses


def _check_sentence(
    sentence: str,
    kind: str,
    amounts: dict[str, Decimal] | None,
    rules: tuple[Rule, ...],
    ruleset: RuleSet,
) -> list[Finding]:
    norm = normalise(sentence)
    uses = find_claims(norm.text, ruleset)
    masked = mask_quotations(_mask(norm.text, uses), ruleset.quote_frame)
    hedged = kind == "article" and is_hedged(norm.text)
    found: list[tuple[int, Finding]] = []
    for rule in rules:
        if rule.check == "authorised_amount":
            if amounts is not None:
                found.extend(_amount_findings(rule, uses, amounts, sentence, norm))
            continue
        if hedged and kind in rule.hedged_ok:
            continue
        if any(regex.search(norm.text) for regex in rule.unless):
            continue
        if (
            kind == "article"
            and rule.article_requires
            and not any(regex.search(norm.text) for regex in rule.article_requires)
        ):
            continue
        span = _first_match(rule, masked)
        if span is None:
            continue
        suggestion = rule.suggestion
        if rule.suggest_authorised:
            suggestion = _closest_claim(norm.text, ruleset) or suggestion
        finding = Finding(
            rule=rule.id,
            severity=rule.severity,
            match=norm.original_span(sentence, *span),
            message=rule.message,
            suggestion=suggestion,
            sentence=sentence.strip(),
            rewordings=rule.suggestions,
        )
        found.append((span[0], finding))
    found.sort(key=lambda item: item[0])
    return [finding for _, finding in found]


def _mask(text: str, uses: list[ClaimUse]) -> str:
    chars = list(text)
    for use in uses:
        chars[use.start : use.end] = " " * (use.end - use.start)
    return "".join(chars)


def _first_match(rule: Rule, text: str) -> tuple[int, int] | None:
    for pattern in rule.patterns:
        for match in pattern.regex.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            if pattern.near is not None and not _near(pattern, text, start, end):
                continue
            if rule.negatable and is_negated(text, start, end):
                continue
            return start, end
    return None


@cache
def _word_windows(window: int) -> tuple[re.Pattern, re.Pattern]:
    """Regexes for the last and the next `window` words around a match."""
    return re.compile(rf"(?:\S+\s+){{0,{window}}}\S*$"), re.compile(
        rf"\S*(?:\s+\S+){{0,{window}}}"
    )


def _near(pattern: Pattern, text: str, start: int, end: int) -> bool:
    """Whether pattern.near occurs within pattern.window words of start..end."""
    left_regex, right_regex = _word_windows(pattern.window)
    left = left_regex.search(text[:start])
    right = right_regex.match(text, end)
    begin = left.start() if left else start
    finish = right.end() if right else end
    return bool(pattern.near.search(text, begin, finish))


def _amount_findings(
    rule: Rule,
    uses: list[ClaimUse],
    amounts: dict[str, Decimal],
    sentence: str,
    norm: Normalised,
) -> list[tuple[int, Finding]]:
    found = []
    for use in uses:
        nutrient = use.nutrient
        amount = amounts.get(nutrient.id)
        threshold = nutrient.source_of_threshold
        if amount is not None and amount >= threshold:
            continue
        declared = (
            f"angegeben sind {_number(amount)} {nutrient.unit}"
            if amount is not None
            else f"für das Produkt ist kein {nutrient.name}-Gehalt angegeben"
        )
        message = (
            f"{rule.explanation} Für {nutrient.name} sind das {_number(threshold)} {nutrient.unit} "
            f"({_number(nutrient.source_of_percent)} % von {_number(nutrient.nrv)} {nutrient.unit}); "
            f"{declared}. ({rule.legal_basis})"
        )
        finding = Finding(
            rule=rule.id,
            severity=rule.severity,
            match=norm.original_span(sentence, use.start, use.end),
            message=message,
            suggestion=rule.suggestion,
            sentence=sentence.strip(),
        )
        found.append((use.start, finding))
    return found


def _number(value: Decimal) -> str:
    """A German number: 56,25 and 375 (no trailing zeros)."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _closest_claim(normalised: str, ruleset: RuleSet) -> str | None:
    """The authorised claim closest to a sentence, for nutrients it names."""
    named = [
        n
        for n in ruleset.nutrients
        if any(re.search(rf"\b{re.escape(a)}", normalised) for a in n.aliases)
    ]
    candidates = [
        claim for nutrient in (named or ruleset.nutrients) for claim in nutrient.claims
    ]
    best, best_ratio = None, 0.0
    for claim in candidates:
        ratio = difflib.SequenceMatcher(None, normalised, claim.lower()).ratio()
        if ratio > best_ratio:
            best, best_ratio = claim, ratio
    if best is None or best_ratio < 0.6:
        return None
    return f"Zugelassener Wortlaut: „{best}“"
