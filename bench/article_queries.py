"""Count the article page's queries in a production-settings process.

Run by bench/article_run.py with its environment; prints
{"cold": n, "fragments": n, "page": n}. The process renders the page once
first (images, content types), as a running server has. Then:

- cold: the cache emptied, as after a deploy or a cache flush;
- fragments: the same page again with the page cache off, as readers with a
  session or logged-in editors get it (its fragments are cached);
- page: again from the whole-page cache, as most readers get it.
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
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

ON = {"PAGE_CACHE_SECONDS": 600, "FRAGMENT_CACHE_SECONDS": 600}
STEPS = {
    "cold": ON,
    "fragments": {**ON, "PAGE_CACHE_SECONDS": 0},
    "page": ON,
}

path = sys.argv[1]
client = Client(SERVER_NAME="127.0.0.1")
with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
    client.get(path)
cache.clear()
counts = {}
for name, values in STEPS.items():
    with override_settings(**values), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    counts[name] = len(queries.captured_queries)
sys.stdout.write(json.dumps(counts) + "\n")
