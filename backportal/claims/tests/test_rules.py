"""The rules as data: every shipped file is valid, every rule's examples hold,
and a broken or extended rule file behaves as the README promises."""

import shutil
from decimal import Decimal

import pytest

from backportal.claims.checker import check_text
from backportal.claims.ruleset import (
    KINDS,
    RULES_DIR,
    RuleError,
    get_ruleset,
    load_ruleset,
)

RULESET = get_ruleset()


def test_shipped_rule_files_are_valid():
    ruleset = load_ruleset(RULES_DIR)
    assert {rule.family for rule in ruleset.rules} == {"hcvo", "hwg", "kennzeichnung"}
    assert len(ruleset.rules) >= 15
    for rule in ruleset.rules:
        assert rule.kinds <= set(KINDS)
        assert rule.severity in {"error", "warning"}
        assert rule.explanation and rule.legal_basis
        assert rule.legal_basis in rule.message


def test_every_kind_has_rules_and_articles_only_absolute_promises():
    article_rules = {rule.id for rule in RULESET.for_kind("article")}
    assert {
        "hwg-erfolgsgarantie",
        "hwg-nebenwirkungsfrei",
        "hwg-heilversprechen",
        "hcvo-abnehmrate",
    } <= article_rules
    # Editorial text may discuss health effects: the food-claim rules do not apply to it.
    assert (
        not {"hcvo-krankheit", "hcvo-wirkaussage", "hcvo-arztempfehlung"}
        & article_rules
    )
    assert RULESET.for_kind("supplement") and RULESET.for_kind("device")


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: rule.id)
def test_rule_examples(rule):
    for kind in sorted(rule.kinds):
        for example in rule.flag_examples:
            found = {f.rule for f in check_text(example.text, kind, example.nutrients)}
            assert rule.id in found, (
                f"{kind}: {example.text!r} should be flagged, got {found}"
            )
        for example in rule.pass_examples:
            found = {f.rule for f in check_text(example.text, kind, example.nutrients)}
            assert rule.id not in found, f"{kind}: {example.text!r} should pass"


def test_magnesium_claims_are_the_ten_of_regulation_432_2012():
    magnesium = RULESET.nutrient("magnesium")
    assert magnesium.nrv == Decimal("375")
    assert magnesium.source_of_threshold == Decimal("56.25")
    assert len(magnesium.claims) == 10
    assert "Magnesium trägt zu einer normalen Muskelfunktion bei." in magnesium.claims
    assert "Magnesium hat eine Funktion bei der Zellteilung." in magnesium.claims


@pytest.fixture
def rules_copy(tmp_path):
    """A writable copy of the shipped rules directory."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_new_nutrient_is_a_data_row(rules_copy):
    append(
        rules_copy / "nutrients.toml",
        """
[[nutrients]]
id = "eisen"
name = "Eisen"
unit = "mg"
nrv = 10
claims = ["Eisen trägt zu einer normalen Funktion des Immunsystems bei."]
""",
    )
    ruleset = load_ruleset(rules_copy)
    claim = "Eisen trägt zu einer normalen Funktion des Immunsystems bei."
    assert check_text(claim, "supplement", ruleset=ruleset) == []
    assert check_text(claim, "supplement", {"eisen": "1.5"}, ruleset=ruleset) == []
    [finding] = check_text(claim, "supplement", {"eisen": "1.4"}, ruleset=ruleset)
    assert finding.rule == "hcvo-menge"
    assert "1,5 mg" in finding.message and "angegeben sind 1,4 mg" in finding.message
    # Without the row, the same sentence is an unauthorised claim.
    assert [f.rule for f in check_text(claim, "supplement")] == ["hcvo-wirkaussage"]


def test_a_new_rule_is_a_data_row(rules_copy):
    append(
        rules_copy / "hwg.toml",
        """
[[rules]]
id = "hwg-wunder"
family = "success"
title = "Wunder"
kinds = ["device"]
severity = "warning"
explanation = "Wunder verspricht man nicht."
legal_basis = "§ 3 HWG"
patterns = ['\\bwunder\\w*']
examples.flag = ["Ein wahres Wunder."]
""",
    )
    ruleset = load_ruleset(rules_copy)
    [finding] = check_text("Die Matte wirkt Wunder.", "device", ruleset=ruleset)
    assert (finding.rule, finding.severity, finding.match) == (
        "hwg-wunder",
        "warning",
        "Wunder",
    )
    assert finding.message == "Wunder verspricht man nicht. (§ 3 HWG)"


@pytest.mark.parametrize(
    ("file", "addition", "message"),
    [
        (
            "hwg.toml",
            "[[rules]]\nid = 'hwg-x'\n",
            "hwg.toml, Regel hwg-x: unbekannte Schlüssel|title fehlt",
        ),
        ("hwg.toml", "[[rules]\n", "hwg.toml: kein gültiges TOML"),
        (
            "kennzeichnung.toml",
            "\n[[rules]]\nid = 'hwg-falsch'\n",
            "id muss mit „kennzeichnung-“ beginnen",
        ),
        ("lexicon.toml", "\n[BROKEN]\nterms = ['(unclosed']\n", "BROKEN: ungültig"),
        (
            "nutrients.toml",
            "\n[[nutrients]]\nid = 'zink'\nname = 'Zink'\nunit = 'mg'\nnrv = 10\nclaims = ['Zink ist gut.']\n",
            "hat nicht die Form",
        ),
        (
            "nutrients.toml",
            "\n[[nutrients]]\nid = 'zink'\nname = 'Zink'\nunit = 'kg'\nnrv = 10\nclaims = []\n",
            "unit muss",
        ),
    ],
)
def test_broken_rule_files_fail_loudly_naming_file_and_rule(
    rules_copy, file, addition, message
):
    append(rules_copy / file, addition)
    with pytest.raises(RuleError, match=message):
        load_ruleset(rules_copy)


def rule_entry(**overrides):
    entry = {
        "id": "'hwg-test'",
        "family": "'relief'",
        "title": "'Test'",
        "kinds": "['device']",
        "severity": "'error'",
        "explanation": "'Erklärung.'",
        "legal_basis": "'§ 3 HWG'",
        "patterns": "['\\\\btest\\\\b']",
        "examples.flag": "['ein test']",
    }
    entry.update(overrides)
    return "\n[[rules]]\n" + "".join(
        f"{key} = {value}\n" for key, value in entry.items() if value is not None
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kinds": "['food']"}, "kinds muss"),
        ({"severity": "'fatal'"}, "severity muss"),
        ({"legal_basis": None}, "legal_basis fehlt"),
        ({"patterns": "['{UNKNOWN}']"}, "unbekanntes Wortfeld"),
        ({"patterns": "['(']"}, "ungültiges Muster"),
        ({"examples.flag": None}, "Beispiel"),
        ({"id": "'hwg-erfolgsgarantie'"}, "doppelt"),
        ({"hedged_ok": "['article']"}, "hedged_ok"),
        ({"colour": "'red'"}, "unbekannte Schlüssel"),
        ({"family": "'wunder'"}, "family muss"),
        ({"family": None}, "family muss"),
    ],
)
def test_rule_fields_are_validated(rules_copy, overrides, message):
    append(rules_copy / "hwg.toml", rule_entry(**overrides))
    with pytest.raises(RuleError, match=message):
        load_ruleset(rules_copy)


def test_valid_minimal_rule_loads(rules_copy):
    append(rules_copy / "hwg.toml", rule_entry())
    rule = load_ruleset(rules_copy).get("hwg-test")
    assert rule.kinds == {"device"}
    assert rule.claim_family == "relief"
