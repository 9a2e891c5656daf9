"""What the checker tells an editor: per sentence, the rule, the words, why, what instead."""

from decimal import Decimal

import pytest

from backportal.claims.checker import Finding, check_text, has_errors
from backportal.claims.text import html_to_text, sentence_spans
from backportal.core.models import SiteSettings


def rules(text, kind, nutrients=None):
    return [finding.rule for finding in check_text(text, kind, nutrients)]


def test_finding_quotes_the_sentence_and_words_as_written():
    text = "Hochdosiert und vegan. Das Wärmepflaster wirkt IMMER – auch nachts!"
    [finding] = check_text(text, "device")
    assert finding == Finding(
        rule="hwg-erfolgsgarantie",
        severity="error",
        match="wirkt IMMER",
        message=finding.message,
        suggestion=finding.suggestion,
        sentence="Das Wärmepflaster wirkt IMMER – auch nachts!",
    )
    assert finding.message.endswith("(§ 3 Satz 2 Nr. 2 Buchst. a HWG)")
    assert finding.suggestion.startswith("Ohne Garantie formulieren")
    assert finding.as_dict() == {
        "rule": "hwg-erfolgsgarantie",
        "severity": "error",
        "match": "wirkt IMMER",
        "message": finding.message,
        "suggestion": finding.suggestion,
        "rewordings": [finding.suggestion],
    }


def test_findings_follow_the_order_of_the_text():
    text = "Nebenwirkungsfrei. Dazu 100 % werbefrei. Und es heilt Ischias."
    assert rules(text, "device") == [
        "hwg-nebenwirkungsfrei",
        "kennzeichnung-werbefrei",
        "hwg-heilversprechen",
    ]


@pytest.mark.parametrize(
    "field", ["medical_disclaimer", "affiliate_notice", "affiliate_disclosure"]
)
@pytest.mark.parametrize("kind", ["supplement", "device", "article"])
def test_the_sites_own_notices_are_never_flagged(field, kind):
    default = SiteSettings._meta.get_field(field).default
    assert check_text(default, kind) == []


@pytest.mark.parametrize(
    "text",
    [
        "Dieser Artikel ersetzt keine ärztliche Diagnose oder Behandlung.",
        "Das Gerät ersetzt nicht den Besuch beim Physiotherapeuten.",
        "Kein Ersatz für eine ärztliche Therapie.",
        "Magnesium heilt keine Rückenschmerzen.",
        "Nicht jede Übung hilft jedem.",
        "Kein Medikament ist völlig frei von Nebenwirkungen.",
        "Es gibt kein Mittel, das Rückenschmerzen garantiert verhindert.",
        "Die Wirkung ist nicht klinisch belegt.",
    ],
)
def test_negated_statements_pass(text):
    assert check_text(text, "device") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Nie wieder Rückenschmerzen!", "hwg-erfolgsgarantie"),
        ("Keine Verspannungen mehr nach der ersten Anwendung.", "hwg-erfolgsgarantie"),
        ("Keinerlei Nebenwirkungen.", "hwg-nebenwirkungsfrei"),
        ("Mit der Matte brauchst du keine Physiotherapie mehr.", "hwg-arztersatz"),
    ],
)
def test_negation_words_that_make_the_promise_are_still_caught(text, rule):
    assert rule in rules(text, "device")


@pytest.mark.parametrize(
    "text",
    [
        "Das Pflaster heilt Rückenschmerzen.",
        "Die Matte heilte meinen Hexenschuss.",
        "Meine Ischiasschmerzen wurden durch die Matte geheilt.",
        "Vollständige Heilung in 30 Tagen.",
        "Eine heilende Wirkung auf verspannte Muskeln.",
        "Das Wundermittel gegen Verspannungen.",
        "Mit dem Gürtel können Bandscheibenvorfälle schneller heilen.",
        "Kuriert Ischias in wenigen Wochen.",
    ],
)
def test_inflections_and_compounds_of_heilen_are_caught(text):
    assert "hwg-heilversprechen" in rules(text, "device")


@pytest.mark.parametrize(
    "text",
    [
        "Ein Hexenschuss heilt meist von selbst.",
        "Die Heilung eines Bandscheibenvorfalls dauert Wochen.",
        "Muskelfaserrisse heilen in der Regel folgenlos aus.",
        "Physiotherapie ist ein Heilmittel, das die Ärztin verordnen kann.",
        "Viele gehen zusätzlich zur Heilpraktikerin.",
    ],
)
def test_natural_healing_and_near_misses_pass(text):
    assert check_text(text, "article") == []


@pytest.mark.parametrize(
    "text",
    [
        "Wadenkrämpfe",
        "Muskelkrämpfen",
        "LWS-Schmerzen",
        "Rückenverspannungen",
        "Krampf",
    ],
)
def test_disease_words_are_found_inside_compounds(text):
    assert "hcvo-krankheit" in rules(f"Hilft gegen {text}.", "supplement")


def test_editorial_text_is_held_only_to_absolute_promises():
    health_statement = "Magnesium entspannt die Muskeln und beugt Krämpfen vor."
    assert check_text(health_statement, "article") == []
    assert set(rules(health_statement, "supplement")) == {
        "hcvo-wirkaussage",
        "hcvo-krankheit",
    }
    assert rules("Diese Übung heilt Ischias garantiert.", "article") == [
        "hwg-heilversprechen",
        "hwg-erfolgsgarantie",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Studien legen nahe, dass Akupressur Verspannungen heilen kann.",
        "Eine Übersichtsarbeit (Chou et al., 2017) fand, dass Bewegung Kreuzschmerzen heilt.",
        "Kann Magnesium Rückenkrämpfe heilen?",
    ],
)
def test_hedged_or_sourced_statements_are_fine_in_articles_not_in_ads(text):
    assert check_text(text, "article") == []
    assert "hwg-heilversprechen" in rules(text, "device")


def test_authorised_claims_pass_when_no_product_is_known():
    text = (
        "Magnesium trägt zu einer normalen Muskelfunktion bei. "
        "Magnesium trägt zur Verringerung von Müdigkeit und Ermüdung bei und hat eine Funktion bei der Zellteilung."
    )
    assert check_text(text, "supplement") == []


@pytest.mark.parametrize(
    ("amount", "passes"),
    [(375, True), ("56.25", True), (Decimal("56.24"), False), (40, False), (0, False)],
)
def test_authorised_claims_need_a_source_of_amount(amount, passes):
    text = "Magnesium trägt zu einer normalen Muskelfunktion bei."
    found = check_text(text, "supplement", {"magnesium": amount})
    assert (found == []) is passes
    if not passes:
        [finding] = found
        assert finding.rule == "hcvo-menge"
        assert finding.match == "Magnesium trägt zu einer normalen Muskelfunktion bei"
        assert "56,25 mg (15 % von 375 mg)" in finding.message


def test_authorised_claim_without_declared_nutrient_is_an_error():
    [finding] = check_text(
        "Magnesium hat eine Funktion bei der Zellteilung.", "supplement", {}
    )
    assert finding.rule == "hcvo-menge"
    assert "kein Magnesium-Gehalt angegeben" in finding.message
    assert has_errors([finding])


def test_changed_wording_is_flagged_with_the_closest_authorised_wording():
    [finding] = check_text(
        "Magnesium trägt zur normalen Muskelfunktion bei.", "supplement"
    )
    assert finding.rule == "hcvo-wirkaussage"
    assert (
        finding.suggestion
        == "Zugelassener Wortlaut: „Magnesium trägt zu einer normalen Muskelfunktion bei.“"
    )


def test_authorised_claim_with_an_added_promise_flags_only_the_addition():
    [finding] = check_text(
        "Magnesium trägt zu einer normalen Muskelfunktion bei und stärkt den Rücken.",
        "supplement",
    )
    assert (finding.rule, finding.match) == ("hcvo-wirkaussage", "stärkt")


def test_labelling_rules_apply_to_every_kind():
    for kind in ("supplement", "device", "article"):
        assert rules("Unser Ratgeber ist werbefrei.", kind) == [
            "kennzeichnung-werbefrei"
        ]
        assert rules("Jetzt bei Amazon ansehen*", kind) == ["kennzeichnung-link"]
    assert check_text("Werbung | Jetzt bei Amazon ansehen*", "article") == []


def test_third_party_ratings_need_the_authenticity_note_and_are_a_warning():
    [finding] = check_text("4,6 Sterne aus 2.000 Amazon-Bewertungen.", "device")
    assert (finding.rule, finding.severity) == ("kennzeichnung-bewertungen", "warning")
    assert not has_errors([finding])
    noted = "4,6 Sterne aus 2.000 Amazon-Bewertungen. Wir prüfen nicht, ob sie von Käufern stammen."
    assert check_text(noted, "device") == []


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unbekannte Textart 'food'"):
        check_text("Text", "food")


def test_empty_text_has_no_findings():
    assert check_text("", "article") == []
    assert check_text("   \n  ", "device") == []


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Das hilft z. B. bei Stress. Dr. med. Berger sagt das.", 2),
        ("Am 14. Dezember erscheint Teil 3. Danach folgt mehr.", 2),
        ("Nadler et al. fanden 2002 einen Effekt. Er war klein.", 2),
        ("Frage? Antwort! Ende.", 3),
        ("Zeile eins\nZeile zwei", 2),
        ("„Weg!“ – Markus, 45", 1),
        ("Enthält ca. 300 mg bzw. 80 % NRV.", 1),
    ],
)
def test_sentence_splitting_respects_german_abbreviations(text, sentences):
    assert len(sentence_spans(text)) == sentences


def test_rich_text_becomes_plain_lines():
    html = (
        "<h2>Fazit</h2><p>Wirkt <b>immer</b> &amp; sofort.</p><ul><li>Punkt</li></ul>"
    )
    assert html_to_text(html) == "Fazit\nWirkt immer & sofort.\nPunkt"
    assert rules(html_to_text(html), "device") == ["hwg-erfolgsgarantie"]


def test_soft_hyphens_and_odd_spaces_do_not_hide_a_claim():
    text = "Nie\u00a0wieder Rücken\u00adschmerzen."
    [finding] = check_text(text, "device")
    assert finding.match == "Nie\u00a0wieder Rücken\u00adschmerzen"


def test_a_ratings_note_anywhere_in_the_text_covers_every_rating_in_it():
    text = (
        "4,6 Sterne aus 2.000 Amazon-Bewertungen. Leise und handlich. "
        "4,2 von 5 Sternen bei Otto. Wir prüfen nicht, ob Bewertungen von Käufern stammen."
    )
    assert check_text(text, "device") == []
    assert len(check_text(text.rsplit(".", 2)[0] + ".", "device")) == 2
