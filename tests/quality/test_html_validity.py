"""Every public page type is valid HTML according to the Nu HTML Checker (vnu).

The pages are rendered through the test client, served back from a folder by a
loopback HTTP server (so relative URLs resolve to http:, as in a browser) and
checked in one `java -jar vnu.jar` run: the JVM start dominates the time.
`npm ci` installs vnu-jar; Java comes from the machine.
"""

import functools
import json
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.template import loader

from .pages import PUBLIC_PAGES
from .tools import require

VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
)

ERROR_TEMPLATES = ["500.html", "503.html"]

pytestmark = pytest.mark.django_db


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the rendered pages as text/html without logging each request."""

    extensions_map = {".html": "text/html; charset=utf-8"}

    def log_message(self, format, *args):
        pass


def run_vnu(folder: Path, names: list[str]) -> dict[str, list[str]]:
    """Check folder/<name> for each name in one JVM; return errors by name."""
    require(shutil.which("java") is not None, "Java not found: apt-get install java")
    require(VNU_JAR.exists(), f"{VNU_JAR} missing: run `npm ci`")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        result = subprocess.run(
            [
                "java",
                # The pages are served on loopback, which vnu refuses by default.
                "-Dnu.validator.servlet.allow-forbidden-hosts=true",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
            ]
            + [base + name for name in names],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    errors = {name: [] for name in names}
    for message in json.loads(result.stderr)["messages"]:
        name = message.get("url", "").removeprefix(base)
        extract = message.get("extract", "").strip()
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']} [{extract}]"
        )
    return {name: found for name, found in errors.items() if found}


def test_every_public_page_is_valid_html(client, tmp_path):
    names = {}
    for page in PUBLIC_PAGES:
        response = client.get(page.path)
        assert response.status_code == page.status, page.path
        (tmp_path / f"{page.name}.html").write_bytes(response.content)
        names[f"{page.name}.html"] = page.path
    for template in ERROR_TEMPLATES:  # rendered by Django itself, with no request
        (tmp_path / template).write_text(loader.get_template(template).render())
        names[template] = template
    errors = run_vnu(tmp_path, list(names))
    report = [
        f"{names.get(name, name)} {error}"
        for name, found in errors.items()
        for error in found
    ]
    assert not report, "\n".join(report)


def test_the_checker_reports_a_broken_page(tmp_path):
    """Guards against a silent checker: a broken document must be reported."""
    (tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head>'
        "<body><p><div></span></body></html>"
    )
    assert run_vnu(tmp_path, ["broken.html"])["broken.html"]
