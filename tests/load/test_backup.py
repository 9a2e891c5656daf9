"""Backup and restore as README "Operations" describes: pg_dump, pg_restore.

The demo database is dumped in PostgreSQL's custom format and restored into a
database of its own name beside it; the copy holds the same pages, revisions,
products, links, clicks and images, row for row and value for value, and
passes Django's migration check.
"""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.quality.tools import require

from .server import ROOT, database_url
from .services import postgres_bin

pytestmark = pytest.mark.load

TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailimages_image",
    "products_product",
    "products_affiliatelink",
    "clicks_click",
]


def contents(url: str) -> dict[str, tuple[int, str]]:
    """Per table: (rows, MD5 of every row's text in primary-key order)."""
    union = " UNION ALL ".join(
        f"SELECT '{table}', count(*),"  # noqa: S608 - fixed names
        f" md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), ''))"
        f" FROM {table} t"
        for table in TABLES
    )
    out = subprocess.run(
        [postgres_bin("psql"), "-X", "-tA", "-F", "=", "-c", union, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        name: (int(count), digest)
        for name, count, digest in (line.split("=") for line in out.split())
    }


def test_a_dump_of_the_demo_restores_into_a_new_database(transactional_db, tmp_path):
    require(
        connection.vendor == "postgresql" and postgres_bin("pg_restore") is not None,
        "backup test needs PostgreSQL and its client programs",
    )
    call_command("load_demo", stdout=io.StringIO())
    call_command(
        "generate_clicks", "--clicks", "200", "--days", "10", stdout=io.StringIO()
    )
    source = database_url(connection.settings_dict)
    copy_name = f"{connection.settings_dict['NAME']}_restore"
    copy = source.rsplit("/", 1)[0] + "/" + copy_name
    dump = tmp_path / "backportal.dump"

    subprocess.run(
        [postgres_bin("pg_dump"), "-Fc", "-f", str(dump), source], check=True
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
        cursor.execute(f'CREATE DATABASE "{copy_name}"')
    try:
        subprocess.run(
            [postgres_bin("pg_restore"), "--no-owner", "-d", copy, str(dump)],
            check=True,
        )
        expected = contents(source)
        assert expected["wagtailcore_page"][0] > 5
        assert expected["clicks_click"][0] >= 200
        # The same rows with the same values, not merely as many.
        assert contents(copy) == expected
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DATABASE_URL": copy,
            "DJANGO_SETTINGS_MODULE": "backportal.settings.test",
        }
        check = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')
