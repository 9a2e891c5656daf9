"""The scheduled-job lock: of two runs of one job at the same moment, one runs."""

import threading

import pytest
from django.db import connections

from backportal.core.jobs import job_lock, lock_key

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_other_connection(name: str) -> bool:
    """What a second server would see: its own connection asks for the lock."""
    seen = []

    def other():
        try:
            with job_lock(name) as acquired:
                seen.append(acquired)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(30)
    return seen[0]


def test_a_second_run_of_the_same_job_is_refused_while_the_first_runs():
    with job_lock("rollup_clicks") as first:
        assert first is True
        assert run_in_other_connection("rollup_clicks") is False
        assert run_in_other_connection("purge_clicks") is True
    assert run_in_other_connection("rollup_clicks") is True


def test_the_lock_is_free_again_after_an_exception_in_the_job():
    with pytest.raises(RuntimeError), job_lock("check_links"):
        raise RuntimeError("the job failed")
    with job_lock("check_links") as acquired:
        assert acquired is True


def test_keys_are_stable_64_bit_numbers():
    assert lock_key("refresh_offers:1") == lock_key("refresh_offers:1")
    assert lock_key("a") != lock_key("b")
    assert -(2**63) <= lock_key("x") < 2**63
