"""Count the article page's queries in a production-settings process.

Run by bench/article_run.py with its environment; prints {"cold": n, "warm": n}.
Cold: the cache emptied, as after a deploy or a publish; warm: the same page
again, as most readers get it.
"""

import json
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

path = sys.argv[1]
client = Client(SERVER_NAME="127.0.0.1")
client.get(path)  # images rendered once, as on a running server
counts = {}
for name in ("cold", "warm"):
    if name == "cold":
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    counts[name] = len(queries.captured_queries)
sys.stdout.write(json.dumps(counts) + "\n")
