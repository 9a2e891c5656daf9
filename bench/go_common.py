"""Shared set-up of the click benchmarks: the PostgreSQL database and Django.

Both benchmarks use their own database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/backportal_bench), never the site's.
"""

import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/backportal_bench"
)
SECRET_KEY = "bench-only-not-secret-" + "x" * 40


def bench_env(settings: str) -> dict:
    """Environment for manage.py, gunicorn and the bench process itself."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=DATABASE_URL,
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEMO_MODE="true",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def ensure_database() -> None:
    """Create the benchmark database if needed, migrate it, load the demo."""
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = bench_env("backportal.settings.dev")
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [str(PYTHON), "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def setup_django(settings: str) -> None:
    os.environ.update(bench_env(settings))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine() -> str:
    """One line naming the machine, for the figures in bench/README.md."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "?"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores ({cpu}), {memory}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"load average before the run {load} (the machine is shared)"
    )


def write_readme(markers: tuple[str, str], heading: str, report: str) -> None:
    """Put a report between its markers in bench/README.md (a new section if absent)."""
    readme = Path(__file__).with_name("README.md")
    text = readme.read_text() if readme.exists() else "# Benchmarks\n"
    start, end = markers
    block = f"{start}\n{report}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text += f"\n## {heading}\n\n{block}\n"
    readme.write_text(text)
