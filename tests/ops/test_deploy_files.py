"""The deploy files refer only to real commands and documented settings.

No container runtime runs here, so the Dockerfile, compose.yaml and the
systemd units are read as text: every command they run exists (a management
command of this project, gunicorn or varnishd), every environment variable
they set is in the README's table, and every scheduled command has a timer.
"""

import configparser
import re
import shlex
from pathlib import Path

import yaml
from django.apps import apps
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
# Programs other than manage.py that deploy files may start, and the
# images' own servers (their commands are the images' business).
PROGRAMS = {"gunicorn", "varnishd", "redis-server"}
# Commands a package or app of another branch brings: allowed to be missing
# only while that app is not installed.
PROVIDED_BY = {"db_worker": "django_tasks_db", "refresh_offers": "products.offers"}
# Set by the images and services themselves, not by Backportal.
FOREIGN_VARIABLES = {
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
}


def documented_variables() -> set[str]:
    """Names in the first cell of the README's table rows (one or several)."""
    names = set()
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) with continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        tuple(line.split(None, 1))
        for line in lines
        if line and not line.startswith("#")
    ]


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    # Repeated keys (ExecStart=, Environment=) are joined by newlines.
    parser.read_string(path.read_text())
    return parser


def unit_lines(path: Path, key: str) -> list[str]:
    return [
        line.split("=", 1)[1]
        for line in path.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]


def manage_command(argv: list[str]) -> str | None:
    """The management command of `python manage.py X …`, else None."""
    for index, word in enumerate(argv):
        if word.endswith("manage.py"):
            return argv[index + 1]
    return None


def commands_run() -> list[tuple[str, list[str]]]:
    """(where, argv) of every command the deploy files start."""
    found = []
    for name, service in compose()["services"].items():
        if "command" in service:
            command = service["command"]
            found.append(
                (
                    f"compose {name}",
                    shlex.split(command) if isinstance(command, str) else command,
                )
            )
    for instruction, arguments in dockerfile():
        if instruction in {"CMD", "ENTRYPOINT"}:
            found.append(("Dockerfile CMD", yaml.safe_load(arguments)))
        if instruction == "RUN" and "manage.py" in arguments:
            found.append(("Dockerfile RUN", shlex.split(arguments)))
    for path in SYSTEMD.glob("*.service"):
        for line in unit_lines(path, "ExecStart"):
            argv = shlex.split(line)
            found.append((path.name, argv))
    for path in SYSTEMD.glob("backportal-job@*.timer"):
        command = path.stem.split("@", 1)[1]
        found.append((path.name, ["manage.py", command]))
    return found


def test_every_command_exists():
    known = set(get_commands())
    missing = []
    for where, argv in commands_run():
        command = manage_command(argv)
        if command is None:
            program = Path(argv[0]).name
            if program not in PROGRAMS:
                missing.append((where, program))
        elif command == "%i":
            continue  # the template: its instances are the timers
        elif command not in known and not (
            command in PROVIDED_BY and not apps.is_installed(PROVIDED_BY[command])
        ):
            missing.append((where, command))
    assert not missing


def scheduled_commands() -> set[str]:
    """Commands that take the job lock: meant to run on a schedule or at deploy."""
    scheduled = set()
    for name, app in get_commands().items():
        if app.startswith("django") or app == "wagtail":
            continue
        handle = getattr(load_command_class(app, name), "handle", None)
        if getattr(handle, "runs_alone", False):
            scheduled.add(name)
    return scheduled


def test_every_scheduled_command_has_a_timer():
    timers = {path.stem.split("@", 1)[1] for path in SYSTEMD.glob("*@*.timer")}
    deploy_steps = {
        manage_command(shlex.split(line))
        for line in unit_lines(SYSTEMD / "backportal-deploy.service", "ExecStart")
    }
    assert {"publish_scheduled", "rollup_clicks", "purge_clicks", "check_links"} <= (
        scheduled_commands()
    )
    assert scheduled_commands() - timers - deploy_steps == set()
    assert {"clearsessions", "publish_scheduled"} <= timers
    if "refresh_offers" in get_commands():
        assert "refresh_offers" in timers
    template = unit(SYSTEMD / "backportal-job@.service")
    assert "manage.py %i" in template["Service"]["ExecStart"]
    for path in SYSTEMD.glob("*.timer"):
        assert unit(path)["Timer"]["OnCalendar"], path.name


def variables_set() -> set[str]:
    names = set()
    for service in compose()["services"].values():
        environment = service.get("environment") or {}
        names |= set(
            environment
            if isinstance(environment, dict)
            else [item.split("=", 1)[0] for item in environment]
        )
    for instruction, arguments in dockerfile():
        if instruction == "ENV":
            names |= set(re.findall(r"([A-Z][A-Z0-9_]+)=", arguments))
        if instruction == "RUN":
            names |= set(re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]+)=", arguments))
    for path in SYSTEMD.glob("*.service"):
        for line in unit_lines(path, "Environment"):
            names.add(line.split("=", 1)[0])
    example = (DEPLOY / "backportal.env.example").read_text()
    names |= set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    return names - FOREIGN_VARIABLES


def test_every_variable_set_is_documented():
    assert variables_set() - documented_variables() == set()


def test_the_image_runs_unprivileged_with_a_health_check():
    instructions = dockerfile()
    users = [
        arguments for instruction, arguments in instructions if instruction == "USER"
    ]
    assert users and users[-1] not in {"root", "0"}
    health = [
        arguments
        for instruction, arguments in instructions
        if instruction == "HEALTHCHECK"
    ]
    assert health and "/healthz/" in health[0]
    assert any(
        "collectstatic" in arguments
        for instruction, arguments in instructions
        if instruction == "RUN"
    )
    assert {"app", "worker", "postgres", "redis", "varnish"} <= set(
        compose()["services"]
    )
    varnish = compose()["services"]["varnish"]
    assert any("default.vcl" in volume for volume in varnish["volumes"])


def test_every_setting_read_from_the_environment_is_documented():
    read = set()
    for path in (ROOT / "backportal" / "settings").glob("*.py"):
        read |= set(
            re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text())
        )
    assert read, "no env reads found: the pattern is out of date"
    assert read - documented_variables() == set()


def test_refresh_offers_runs_as_often_as_the_shortest_source_interval():
    """A source may refresh every 5 minutes; the timer that queues due
    sources must not be slower, and the README says the same."""
    timer = unit(SYSTEMD / "backportal-job@refresh_offers.timer")
    assert timer["Timer"]["OnCalendar"] == "*:0/5"
    readme = (ROOT / "README.md").read_text()
    assert (
        "*/5 * * * * cd /srv/backportal && .venv/bin/python manage.py refresh_offers"
        in readme
    )
    assert "refresh_offers" in (DEPLOY / "compose.yaml").read_text()


def test_the_app_takes_readers_addresses_from_behind_varnish():
    """Behind Varnish every request comes from Varnish's address: the shipped
    settings count it as a proxy (backportal/core/guards.py client_address),
    or rate limits turn site-wide and visitor counts collapse into one."""
    assert "varnish" in compose()["services"]
    environment = compose()["services"]["app"]["environment"]
    assert environment["CLICKS_TRUSTED_PROXIES"] == "1"
    example = (DEPLOY / "backportal.env.example").read_text()
    assert re.search(r"^CLICKS_TRUSTED_PROXIES=1$", example, re.MULTILINE)
    readme = (ROOT / "README.md").read_text()
    operations = readme.split("\n## Operations", 1)[1].split("\n## ", 1)[0]
    assert "CLICKS_TRUSTED_PROXIES" in operations
