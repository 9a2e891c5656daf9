"""German text handling for the checker: normalising, sentences, clauses, negation.

Everything works on a normalised copy of the text (lower case, soft hyphens
dropped, odd spaces made plain) that keeps a map back to the original
characters, so a finding can quote the words exactly as the editor wrote them.
"""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}
_REPLACE = {
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2011": "-",
    "\u2019": "'",
    "\u2018": "'",
}


@dataclass(frozen=True)
class Normalised:
    """A lower-cased copy of a text and, per character, its index in the original."""

    text: str
    index: tuple[int, ...]

    def original_span(self, original: str, start: int, end: int) -> str:
        """The original characters behind normalised positions start..end."""
        if start >= end:
            return ""
        return original[self.index[start] : self.index[end - 1] + 1].strip()


def normalise(text: str) -> Normalised:
    """Lower-case `text` character by character, keeping a map to the original."""
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if char in _DROP:
            continue
        char = _REPLACE.get(char, char)
        lowered = char.lower()
        chars.append(lowered if len(lowered) == 1 else char)
        index.append(position)
    return Normalised("".join(chars), tuple(index))


# Words after which a full stop does not end a sentence (German abbreviations).
# fmt: off
ABBREVIATIONS = frozenset({
    "abb", "abs", "al", "allg", "anm", "art", "aufl", "bd", "bspw", "bzgl", "bzw", "ca",
    "chr", "dr", "ebd", "etc", "evtl", "exkl", "ff", "gem", "ggf", "ggü", "hrsg",
    "inkl", "jh", "jhd", "kap", "lt", "max", "med", "mind", "mio", "mrd", "mwst", "nr",
    "o.ä", "prof", "rd", "s", "sek", "sog", "std", "stk", "str", "tel", "tsd", "u.a",
    "usw", "v", "vgl", "z.b", "zb", "zit", "zzgl",
})
# fmt: on

# Words that follow an ordinal number ("14. Dezember", "3. Lendenwirbel").
# fmt: off
ORDINAL_NOUNS = frozenset({
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "jan", "feb", "mär", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "nov", "dez", "tag", "tage", "woche", "monat", "quartal",
    "jahr", "lebensjahr", "jahrhundert", "jahrtausend", "mal", "platz", "rang",
    "stelle", "stock", "etage", "auflage", "ausgabe", "kapitel", "teil", "stufe",
    "klasse", "grad", "lendenwirbel", "wirbel", "halswirbel", "brustwirbel",
    "schwangerschaftswoche", "lebenswoche", "runde", "satz",
})
# fmt: on

_END = re.compile(r"[.!?…]+[\"'“”»«)]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)\W*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences; returns (start, end) pairs into `text`.

    A sentence ends at . ! ? … followed by white space and a capital letter,
    digit or quotation mark, or at a line break. Abbreviations ("z. B.",
    "Dr.", "et al."), initials and ordinals ("14. Dezember") do not end one.
    """
    spans: list[tuple[int, int]] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, offset = line_match.group(), line_match.start()
        start = 0
        for end_match in _END.finditer(line):
            end = end_match.end()
            rest = line[end:].lstrip()
            if rest and not (
                rest[0].isupper() or rest[0].isdigit() or rest[0] in "„\"“»«'(*"
            ):
                continue
            if end_match.group()[0] == "." and _is_abbreviation(
                line[: end_match.start()], rest
            ):
                continue
            spans.append((offset + start, offset + end))
            start = end
        if line[start:].strip():
            spans.append((offset + start, offset + len(line)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(before: str, after: str) -> bool:
    word_match = _WORD_BEFORE.search(before[-40:])
    if not word_match:
        return False
    word = word_match.group(1).lower()
    if len(word) == 1 and word.isalpha():
        return True  # initials and "z. B.", "u. a.", "d. h."
    if word.isdigit() and len(word) <= 2:
        # An ordinal ("14. Dezember", "3. Woche") or a number ending a sentence.
        next_word = re.match(r"\w+", after)
        return bool(next_word) and next_word.group().lower() in ORDINAL_NOUNS
    return word.rstrip(".") in ABBREVIATIONS or word in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Clause boundaries: punctuation and conjunctions that start a new statement.
_CLAUSE_BOUNDARY = re.compile(
    r"[,;:?()\[\]–—|]|\s-\s|\b(?:aber|sondern|doch|jedoch|während|obwohl|weil|denn|dennoch)\b"
)
_NEGATOR = re.compile(
    r"\b(?:nicht|kein|keine|keinen|keinem|keiner|keines|keinerlei|weder|nie|niemals|niemand|nirgends)\b"
)
# Negators that do not negate the statement: "nicht nur", "nie wieder" (a promise).
_NOT_A_NEGATION_AFTER = re.compile(r"\s+(?:nur|umsonst|ohne grund|wieder|zuletzt)\b")
# "war noch nie so einfach": a superlative, not a denial.
_NEVER_SO = re.compile(r"\s+so\b")
# A relative clause ("…, das Rückenschmerzen heilt") belongs to the noun before it.
_RELATIVE = re.compile(r"\s*(?:der|die|das|dem|den|deren|dessen|welche\w*)\b")
# "in keinem Haushalt fehlen": a double negative recommends.
_DOUBLE_NEGATIVE = re.compile(r"\s+(?:\S+\s+){0,2}fehlen\b")
# "kein … mehr" / "nicht mehr" announce that something stops: part of a promise.
_CESSATION = re.compile(r"\b(?:mehr|länger)\b")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of `text` around the span start..end (between boundaries)."""
    left = 0
    for boundary in _CLAUSE_BOUNDARY.finditer(text, 0, start):
        left = boundary.end()
    right_match = _CLAUSE_BOUNDARY.search(text, end)
    right = right_match.start() if right_match else len(text)
    return left, right


def is_negated(text: str, start: int, end: int) -> bool:
    """Whether a negation in the clause around start..end denies the match.

    Negators inside the match itself belong to the claim ("keine
    Nebenwirkungen") and do not count; nor do "nicht nur", "nie wieder" and
    "kein … mehr", which strengthen a promise rather than deny it.
    """
    left, right = clause_bounds(text, start, end)
    if left > 0 and text[left - 1] == "," and _RELATIVE.match(text, left):
        # "Es gibt kein Mittel, das … heilt": the negation sits in the main clause.
        left = clause_bounds(text, left - 1, left - 1)[0]
    for negator in _NEGATOR.finditer(text, left, right):
        if start <= negator.start() < end:
            continue
        if _NOT_A_NEGATION_AFTER.match(text, negator.end()):
            continue
        if negator.group() in {"nie", "niemals"} and _NEVER_SO.match(
            text, negator.end()
        ):
            continue
        if _DOUBLE_NEGATIVE.match(text, negator.end()):
            continue
        if negator.start() < start and _CESSATION.search(text, end, right):
            continue
        if negator.start() > end and _CESSATION.search(text, negator.end(), right):
            continue
        return True
    return _denied_by_neighbour(text, left, right)


# A claim in a complement clause ("…, dass/ob …", "…, Schmerzen zu behandeln")
# is denied when the clause it depends on negates a verb of claiming: "Wir
# behaupten nicht, dass …", "Ob …, können wir nicht versprechen", "nicht dazu
# gedacht, … zu behandeln".
_COMPLEMENT = re.compile(r"^\s*(?:dass|ob)\b|\bzu\s+\w+\s*$")
_CLAIM_VERB = re.compile(
    r"\b(?:versprech\w*|versprochen|verspricht|behaupt\w*|garantier\w*|gedacht|"
    r"bestimmt|geeignet|vorgesehen|belegt|nachgewiesen|bewiesen|gesichert|sagen|"
    r"zusagen|zugesagt|beantwort\w*|beurteil\w*)\b"
)


def _denied_by_neighbour(text: str, left: int, right: int) -> bool:
    if not _COMPLEMENT.search(text[left:right].rstrip(" .!?")):
        return False
    neighbours = []
    if left > 0:
        neighbours.append(clause_bounds(text, left - 1, left - 1))
    if right < len(text):
        neighbours.append(clause_bounds(text, right + 1, right + 1))
    for start, end in neighbours:
        clause = text[start:end]
        if _NEGATOR.search(clause) and _CLAIM_VERB.search(clause):
            return True
    return False


# Hedged or sourced statements: allowed in editorial text for some rules.
_HEDGE = re.compile(
    r"\b(?:studie\w*|untersuchung\w*|metaanalyse\w*|meta-analyse\w*|übersichtsarbeit\w*|"
    r"review\w*|leitlinie\w*|cochrane|laut|forsch\w*|hinweis\w*|legen nahe|deuten|"
    r"kann|können|könnte|könnten|möglicherweise|vermutlich|eventuell|wahrscheinlich|"
    r"manche\w*|einige\w*|viele\w*|oft|häufig|meist\w*|teilweise|mitunter|unter umständen|"
    r"untersucht)\b|^\W*ob\b"
    r"|\?\s*[\"“”»«)]*\s*$|\[\d+\]|\(\s*[^)]*\b(?:19|20)\d\d\s*\)"
)


def is_hedged(sentence: str) -> bool:
    """Whether a normalised sentence is hedged, sourced or a question."""
    return bool(_HEDGE.search(sentence))


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
            "td",
            "th",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "figure",
            "figcaption",
            "dt",
            "dd",
        ]
    )

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (rich text); block elements become lines."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (
        re.sub(r"[ \t]+", " ", line).strip()
        for line in "".join(extractor.parts).split("\n")
    )
    return unescape("\n".join(line for line in lines if line))
