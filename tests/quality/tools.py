"""External tools the quality checks need: skip locally when missing, fail in CI."""

import os

import pytest


def require(available: bool, reason: str) -> None:
    """Skip with `reason` when a tool is missing; under CI=true fail instead."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run this check)")
    pytest.skip(reason)
