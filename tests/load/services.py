"""Private PostgreSQL, Redis and Varnish instances that a test starts and stops.

Each binds a loopback port of its own and keeps its files in a temporary
folder, so a test may stop and restart it without touching the machine's
shared servers (PostgreSQL on 5432, Redis on 6379). PostgreSQL refuses to run
as root: as root (CI), its commands run as the `postgres` user.
"""

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .server import ROOT, free_port

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
COMPOSE = ROOT / "deploy" / "compose.yaml"


def compose_app_environment() -> dict[str, str]:
    """The environment compose.yaml gives the app servers behind its Varnish."""
    import yaml

    return yaml.safe_load(COMPOSE.read_text())["services"]["app"]["environment"]


def postgres_bin(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, else in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(versions[-1]) if versions else None


def as_postgres(command: list[str]) -> list[str]:
    """Run `command` as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def wait_for(check, timeout: float = 30, what: str = "service") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder on its own loopback port."""

    def __init__(self, folder: Path, port: int, max_connections: int = 100):
        self.folder, self.port = folder, port
        self.max_connections = max_connections
        self.data = folder / "data"

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def is_ready(self) -> bool:
        result = subprocess.run(
            [postgres_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
            check=False,
        )
        return result.returncode == 0

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-k {self.folder} -c fsync=off -c max_connections={self.max_connections}"
        )
        subprocess.run(
            as_postgres(
                [
                    postgres_bin("pg_ctl"),
                    "start",
                    "-w",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.folder / "server.log"),
                    "-o",
                    options,
                ]
            ),
            check=True,
            timeout=60,
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.is_ready, what="private PostgreSQL")

    def stop(self) -> None:
        subprocess.run(
            as_postgres(
                [
                    postgres_bin("pg_ctl"),
                    "stop",
                    "-w",
                    "-m",
                    "fast",
                    "-D",
                    str(self.data),
                ]
            ),
            check=True,
            timeout=60,
            stdout=subprocess.DEVNULL,
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        return subprocess.run(
            [postgres_bin("psql"), "-X", "-tA", "-c", sql, self.url(database)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def copy_database(self, source_url: str, name: str) -> str:
        """pg_dump `source_url` into a new database `name` here; its URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(
            [postgres_bin("pg_dump"), "--no-owner", "--no-privileges", source_url],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(
            [postgres_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump,
            capture_output=True,
            check=True,
        )
        return self.url(name)


def postgres_available() -> bool:
    return all(postgres_bin(name) for name in ("initdb", "pg_ctl", "pg_isready"))


@contextmanager
def private_postgres(max_connections: int = 100):
    """Yield a running PrivatePostgres; stopped and removed afterwards."""
    # Not under pytest's tmp_path: the postgres user must be able to enter it.
    folder = Path(tempfile.mkdtemp(prefix="bp-pg-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = PrivatePostgres(folder, free_port(), max_connections)
    subprocess.run(
        as_postgres(
            [
                postgres_bin("initdb"),
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        timeout=120,
        stdout=subprocess.DEVNULL,
    )
    cluster.start()
    try:
        yield cluster
    finally:
        if cluster.is_ready():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


class PrivateRedis:
    """redis-server on its own loopback port, keeping nothing on disk."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.ping, what="private Redis")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None


@contextmanager
def private_redis(tmp_path: Path):
    server = PrivateRedis(tmp_path, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def one_machine_vcl() -> str:
    """The VCL that README "One machine"'s install step writes to /etc/varnish:
    its command up to the pipe into `sudo tee`, run here."""
    readme = (ROOT / "README.md").read_text()
    (step,) = [
        line
        for line in readme.splitlines()
        if "deploy/varnish/default.vcl" in line and "/etc/varnish/" in line
    ]
    command = shlex.split(step.split("| sudo tee", 1)[0])
    # Only ever a filter of the shipped file: never a README line that writes.
    assert command[0] == "sed" and command[-1] == "deploy/varnish/default.vcl", step
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


class Varnish:
    """varnishd with the repository's VCL in front of `backend` (host:port)."""

    def __init__(self, folder: Path, port: int, backend: str):
        self.folder, self.port, self.backend = folder, port, backend
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def vcl(self) -> Path:
        """The shipped VCL as README "One machine" installs it; only gunicorn's
        port is the test's own (8000 may be taken here)."""
        host, port = self.backend.rsplit(":", 1)
        text = one_machine_vcl()
        assert f'.host = "{host}"' in text, "README's VCL does not point at gunicorn"
        assert '.port = "8000"' in text
        path = self.folder / "test.vcl"
        path.write_text(text.replace('.port = "8000"', f'.port = "{port}"'))
        return path

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("varnishd"),
                "-F",
                "-n",
                str(self.folder / "work"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(self.vcl()),
                "-s",
                "malloc,32m",
                "-T",
                "none",
            ],
            stdout=(self.folder / "varnish.log").open("w"),
            stderr=subprocess.STDOUT,
        )

        def answers():
            import urllib.error
            import urllib.request

            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=2)  # noqa: S310
            except urllib.error.HTTPError:
                return True
            except OSError:
                return False
            return True

        wait_for(answers, what="varnishd")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def varnish(backend: str):
    folder = Path(tempfile.mkdtemp(prefix="bp-varnish-"))
    folder.chmod(0o755)
    server = Varnish(folder, free_port(), backend)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
