"""Print the corpus metrics in pytest's terminal summary (with or without -s)."""

import pytest

CORPUS_REPORT = pytest.StashKey[list[str]]()


@pytest.fixture
def corpus_report(request):
    """Lines that test_corpus adds here appear in the terminal summary."""
    return request.config.stash.setdefault(CORPUS_REPORT, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(CORPUS_REPORT, [])
    if lines:
        terminalreporter.write_sep("-", "Korpus: Rechtliche Prüfhinweise")
        for line in lines:
            terminalreporter.write_line(line)
