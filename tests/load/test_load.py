"""A bounded load on the article pages under gunicorn: every request answered."""

import pytest

from articles.models import ArticlePage

from .loadgen import run_load
from .server import warm_up

pytestmark = pytest.mark.load

SECONDS = 20
CONNECTIONS = 32


def test_article_pages_under_load_answer_without_errors(production_site, tmp_path):
    paths = [page.url for page in ArticlePage.objects.live()]
    assert len(paths) >= 5
    warm_up(production_site, paths)
    summary = run_load(production_site, paths, SECONDS, CONNECTIONS, tmp_path)
    assert summary["requests"] > CONNECTIONS, summary
    assert summary["bad_status"] == 0, summary
    assert summary["socket_errors"] == 0, summary
