"""The claim families of shop and affiliate copy: each flags its claims, passes
negations and passes quotations of what not to say in a warning box."""

import pytest

from backportal.claims.checker import check_text
from backportal.claims.ruleset import CLAIM_FAMILIES, get_ruleset


def families(text, kind):
    ruleset = get_ruleset()
    return {ruleset.get(f.rule).claim_family for f in check_text(text, kind)}


# (family, kind, text that must be flagged with that family)
FLAGGED = [
    ("relief", "device", "Das Wärmekissen lindert deine Nackenschmerzen."),
    ("relief", "device", "Eine echte Therapie für geplagte Rücken."),
    ("relief", "device", "Die Wärme kann dabei unterstützen, Verspannungen zu lösen."),
    ("relief", "device", "Sag dem Hexenschuss den Kampf an – mit dem Wärmegürtel."),
    ("relief", "device", "Dein Rücken wird es dir danken."),
    ("healing", "device", "Hilft deinem Körper, sich selbst zu heilen."),
    ("healing", "device", "Das Pflaster heilt Ischias."),
    ("healing", "supplement", "Das Pulver baut verschlissene Bandscheiben wieder auf."),
    ("professional", "device", "Wirkt wie eine Stunde beim Physiotherapeuten."),
    ("professional", "device", "Spar dir den Orthopäden."),
    ("professional", "article", "Den Arztbesuch können Sie sich meist sparen."),
    ("success", "device", "Nach fünf Minuten ist die Verspannung so gut wie weg."),
    ("success", "device", "Schmerzen adé!"),
    ("success", "device", "Die Verspannung ist wie weggeblasen."),
    ("success", "device", "Nie wieder Rückenschmerzen!"),
    ("general-health", "supplement", "Für deine Gesundheit: Magnesium-Kapseln."),
    ("general-health", "device", "Gönn deiner Gesundheit einen Massagesessel."),
    ("disease-food", "supplement", "Magnesium gegen Rückenkrämpfe."),
    ("testimonial", "device", "Orthopäden empfehlen unser Kissen."),
    (
        "testimonial",
        "device",
        "„Mein Ischias war nach drei Tagen weg!“, schreibt Kundin Ute.",
    ),
    ("fear", "device", "Ohne Stützgürtel droht dir die Bandscheiben-OP."),
    ("side-effects", "device", "Völlig ohne Nebenwirkungen."),
    ("ad-label", "article", "Wir verdienen an keinem der Links."),
]

# (kind, text that must pass): negations, warning boxes quoting bad wording, facts
PASSING = [
    ("device", "Das Massagekissen ersetzt keine Behandlung."),
    ("device", "Die Matte heilt nicht und lindert keine Rückenschmerzen."),
    ("device", "Das Kissen ist kein Ersatz für Physiotherapie."),
    ("device", "Wir versprechen keine Heilung und keine Schmerzfreiheit."),
    (
        "device",
        "Ein Versprechen wie „nie wieder Rückenschmerzen“ wirst du bei uns nicht finden.",
    ),
    ("article", "Vorsicht bei Werbeversprechen wie „heilt Bandscheibenvorfälle“."),
    (
        "article",
        "Warnhinweis: Sätze wie „Schmerzen adé“ oder „wie weggeblasen“ sind unzulässig.",
    ),
    (
        "article",
        "Der Slogan „Dein Rücken wird es dir danken“ verspricht eine Wirkung ohne Beleg.",
    ),
    ("article", "Hüten Sie sich vor Sätzen wie „Ärzte empfehlen diese Matte“."),
    (
        "article",
        "Formulierungen wie „wirkt wie beim Physiotherapeuten“ sind ein Warnsignal.",
    ),
    ("supplement", "Magnesium trägt zu einer normalen Muskelfunktion bei."),
    (
        "supplement",
        "Gönn deiner Gesundheit etwas: Magnesium trägt zu einer normalen Muskelfunktion bei.",
    ),
    ("supplement", "Vitamin D trägt zur Erhaltung normaler Knochen bei."),
    ("supplement", "Calcium wird für die Erhaltung normaler Knochen benötigt."),
    ("device", "Automatische Abschaltung nach 15 Minuten."),
    ("device", "Gönn dir nach einem langen Tag eine entspannende Massage."),
    ("device", "Bei Schmerzen während der Anwendung bitte sofort abbrechen."),
    ("article", "Gegen Rückenschmerzen hilft vor allem regelmäßige Bewegung."),
    ("article", "Ärztinnen empfehlen bei akuten Rückenschmerzen, aktiv zu bleiben."),
    (
        "article",
        "Die Redaktion wird nicht bezahlt, die Produktlinks sind aber Affiliate-Links.",
    ),
]


@pytest.mark.parametrize(("family", "kind", "text"), FLAGGED)
def test_each_family_flags_its_claims(family, kind, text):
    assert family in families(text, kind)


@pytest.mark.parametrize(("kind", "text"), PASSING)
def test_negations_quotations_and_facts_pass(kind, text):
    assert check_text(text, kind) == []


def test_every_family_has_rules_and_flag_and_pass_examples():
    ruleset = get_ruleset()
    for family in CLAIM_FAMILIES:
        rules = [rule for rule in ruleset.rules if rule.claim_family == family]
        assert rules, family
        assert any(rule.pass_examples for rule in rules), family
    assert {family for family, _kind, _text in FLAGGED} == set(CLAIM_FAMILIES)


def test_relief_for_devices_is_a_warning_that_asks_for_a_source():
    [finding] = check_text("Das Wärmekissen lindert Nackenschmerzen.", "device")
    assert finding.severity == "warning"
    assert "kann … unterstützen" in finding.message
    assert "Quelle" in finding.suggestion
    # A qualifying "kann … unterstützen" is still a relief claim in an ad ...
    hedged = "Die Wärme kann dabei unterstützen, Verspannungen zu lösen."
    assert [f.rule for f in check_text(hedged, "device")] == ["hwg-linderung"]
    # ... and a named source or the device's approved purpose silences it.
    sourced = "Wärme lindert akute Kreuzschmerzen (French et al., 2006)."
    assert check_text(sourced, "device") == []


def test_general_health_claims_need_an_authorised_claim_beside_them():
    text = "Für deine Gesundheit. Eine Tagesdosis enthält 375 mg Magnesium."
    [finding] = check_text(text, "supplement")
    assert (finding.rule, finding.severity) == ("hcvo-allgemein", "warning")
    assert "Art. 10 Abs. 3 HCVO" in finding.message
    beside = text + " Magnesium trägt zu einer normalen Muskelfunktion bei."
    assert check_text(beside, "supplement") == []


def test_forbidden_claims_are_errors():
    for text in (
        "Das Pflaster heilt Ischias.",
        "Wirkt wie eine Stunde beim Physiotherapeuten.",
        "In 3 Tagen beschwerdefrei.",
        "Orthopäden empfehlen unser Kissen.",
    ):
        assert {f.severity for f in check_text(text, "device")} == {"error"}, text


def test_findings_carry_reason_law_and_rewordings():
    [finding] = check_text("Für deine Gesundheit: Magnesium-Kapseln.", "supplement")
    assert 1 <= len(finding.rewordings) <= 3
    assert any(
        "Magnesium trägt zu einer normalen Muskelfunktion bei" in r
        for r in finding.rewordings
    )
    assert "mg" in finding.rewordings[0]
