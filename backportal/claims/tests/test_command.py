"""`manage.py check_claims` as content teams and CI run it: output and exit codes."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from wagtail import hooks

from backportal.claims.sources import HOOK_NAME, CheckableText
from backportal.settings.base import BASE_DIR

SUPPLEMENT_COPY = (
    "Magnesium-Kapseln gegen nächtliche Wadenkrämpfe.\n"
    "\n"
    "Magnesium trägt zu einer normalen Muskelfunktion bei.\n"
    "4,6 Sterne aus über 2.000 Amazon-Bewertungen.\n"
)


def manage(*args, stdin: bytes | None = None):
    """Run check_claims the way a shell or CI does: its own process and exit code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backportal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "check_claims", *args],
        cwd=BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def run(*args, stdin_text: str | None = None):
    """call_command in-process; returns (exit code, stdout)."""
    out = io.StringIO()
    options = {"stdout": out}
    if stdin_text is not None:
        options["stdin"] = io.StringIO(stdin_text)
    try:
        call_command("check_claims", *args, **options)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def copy_file(tmp_path):
    path = tmp_path / "texte.txt"
    path.write_text(SUPPLEMENT_COPY, encoding="utf-8")
    return path


def test_text_output_names_line_rule_words_reason_and_suggestion(copy_file):
    code, out = run("--kind", "supplement", str(copy_file))
    assert code == 1
    assert out.splitlines()[:2] == [
        "Zeile 1:",
        "  Fehler · hcvo-krankheit · „gegen nächtliche Wadenkrämpfe“",
    ]
    assert "    Satz: Magnesium-Kapseln gegen nächtliche Wadenkrämpfe." in out
    assert "    Warum: Lebensmitteln, auch Nahrungsergänzungsmitteln" in out
    assert "(Art. 7 Abs. 3 LMIV" in out
    assert "    Vorschlag: Die Beschwerde nicht nennen" in out
    assert "Zeile 4:\n  Warnung · kennzeichnung-bewertungen · „4,6 Sterne“" in out
    # Lines without findings (the empty one, the authorised claim) print nothing.
    assert "Zeile 2" not in out and "Zeile 3" not in out
    assert out.rstrip().endswith("4 Zeilen geprüft: 1 Fehler, 1 Warnung in 2 Zeilen.")


def test_jsonl_has_exactly_one_object_per_input_line_in_order(copy_file):
    code, out = run("--kind", "supplement", "--format", "jsonl", str(copy_file))
    assert code == 1
    objects = [json.loads(line) for line in out.splitlines()]
    assert [obj["line"] for obj in objects] == [1, 2, 3, 4]
    assert [len(obj["findings"]) for obj in objects] == [1, 0, 0, 1]
    assert all(set(obj) == {"line", "findings"} for obj in objects)
    first = objects[0]["findings"][0]
    assert set(first) == {
        "rule",
        "severity",
        "match",
        "message",
        "suggestion",
        "rewordings",
    }
    assert (first["rule"], first["severity"], first["match"]) == (
        "hcvo-krankheit",
        "error",
        "gegen nächtliche Wadenkrämpfe",
    )
    assert objects[3]["findings"][0]["severity"] == "warning"


def test_clean_copy_prints_a_short_all_clear():
    code, out = run(
        "--kind",
        "device",
        "-",
        stdin_text="Die Matte hat 6.210 Druckpunkte.\nMedizinprodukt.\n",
    )
    assert (code, out.strip()) == (0, "2 Zeilen geprüft: keine Hinweise.")


def test_warnings_alone_do_not_fail():
    code, _ = run(
        "--kind",
        "article",
        "-",
        stdin_text="4,6 Sterne aus 2.000 Amazon-Bewertungen.\n",
    )
    assert code == 0


def test_command_line_exit_codes_and_stdin():
    failing = manage(
        "--kind", "supplement", "--format", "jsonl", "-", stdin=SUPPLEMENT_COPY.encode()
    )
    assert failing.returncode == 1, failing.stderr
    assert len(failing.stdout.decode().splitlines()) == 4
    passing = manage(
        "--kind", "device", "-", stdin=b"Die Matte hat 6.210 Druckpunkte.\r\n"
    )
    assert passing.returncode == 0, passing.stderr
    assert passing.stdout.decode().strip() == "1 Zeile geprüft: keine Hinweise."


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["texte.txt"], None, "--kind fehlt"),
        (["--kind", "food", "-"], b"", "invalid choice: 'food'"),
        (["--kind", "device"], None, "Bitte eine Datei angeben"),
        (["--all", "--kind", "device", "-"], b"", "Entweder DATEI oder --all"),
        (
            ["--kind", "device", "gibt-es-nicht.txt"],
            None,
            "Datei nicht gefunden: gibt-es-nicht.txt",
        ),
        (
            ["--kind", "device", "-"],
            "Straße\n".encode("latin-1"),
            "Zeile 1 ist kein gültiges UTF-8",
        ),
        (["--kind", "device", "--format", "xml", "-"], b"", "invalid choice: 'xml'"),
    ],
)
def test_bad_usage_exits_2_with_a_clear_message(args, stdin, message):
    result = manage(*args, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert result.stdout == b""


def test_usage_errors_in_process_carry_exit_code_2():
    with pytest.raises(CommandError, match="--kind fehlt") as error:
        call_command("check_claims", "texte.txt", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_all_without_sources_says_there_is_nothing_to_check(monkeypatch):
    monkeypatch.setattr(
        "backportal.claims.management.commands.check_claims.get_sources", list
    )
    code, out = run("--all")
    assert code == 0
    assert out.startswith("Nichts zu prüfen: Es ist noch keine Quelle registriert")


class PatchSource:
    """A checkable source besides the registered products and articles."""

    label = "Testquelle"

    def iter_texts(self):
        yield CheckableText(
            "Produkt „Testpflaster“",
            "Beschreibung",
            "Das Pflaster wirkt immer.",
            "device",
            url="/admin/x/",
        )
        yield CheckableText(
            "Produkt „Testpflaster“", "Kurztext", "Wärmt acht Stunden.", "device"
        )
        yield CheckableText(
            "Produkt „Magnesium 50“",
            "Beschreibung",
            "Magnesium trägt zu einer normalen Muskelfunktion bei.",
            "supplement",
            nutrients={"magnesium": 50},
        )


def register_patch_source():
    return PatchSource()


@pytest.mark.django_db
def test_all_checks_registered_sources_and_names_object_and_field():
    with hooks.register_temporarily(HOOK_NAME, register_patch_source):
        code, out = run("--all")
    assert code == 1
    assert (
        "Produkt „Testpflaster“ · Beschreibung:\n  Fehler · hwg-erfolgsgarantie · „wirkt immer“"
        in out
    )
    assert "Kurztext" not in out
    # The product's amount is known here, so the authorised claim is held to it.
    assert "Produkt „Magnesium 50“ · Beschreibung:\n  Fehler · hcvo-menge" in out
    assert "angegeben sind 50 mg" in out


@pytest.mark.django_db
def test_all_as_jsonl_has_one_object_per_checked_text():
    with hooks.register_temporarily(HOOK_NAME, register_patch_source):
        _, out = run("--all", "--format", "jsonl", "--kind", "device")
    objects = [json.loads(line) for line in out.splitlines()]
    ours = [obj for obj in objects if obj["source"] == "Testquelle"]
    assert [(obj["object"], obj["field"], len(obj["findings"])) for obj in ours] == [
        ("Produkt „Testpflaster“", "Beschreibung", 1),
        ("Produkt „Testpflaster“", "Kurztext", 0),
    ]
    assert ours[0]["url"] == "/admin/x/" and ours[0]["kind"] == "device"
