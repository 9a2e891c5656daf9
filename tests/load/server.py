"""Run the site as production does: gunicorn, production settings, PostgreSQL.

Shared by the load and fault tests and the benchmarks (bench/article_*.py).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_SECRET_KEY = "load-test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the PostgreSQL database Django is connected to."""
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def production_env(database: str, static_root: Path, media_root: Path, **extra):
    """Environment of a production process, with a test key and no HTTPS redirect."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backportal.settings.production",
        SECRET_KEY=TEST_SECRET_KEY,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        DEMO_MODE="true",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def collectstatic(static_root: Path) -> None:
    """Hashed, compressed static files, as `manage.py collectstatic` makes them."""
    env = production_env("sqlite://:memory:", static_root, static_root / "media")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def wait_until_up(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except urllib.error.HTTPError:
            return  # it answers: an error status is still an answer
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def warm_up(base: str, paths: list[str]) -> None:
    """Request each path once: the first view of a page renders its images."""
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
            response.read()


@contextmanager
def gunicorn(env: dict, workers: int = 2, log=None, app: str = "backportal.wsgi"):
    """Serve the WSGI `app` on a free loopback port; yield the base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/robots.txt")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
