"""Shared test set-up: hypothesis profiles and the ``settings`` fixture.

The ``ci`` profile (chosen when the ``CI`` environment variable is set) runs fewer examples
with no deadline, so property tests stay fast and never flake on a loaded 2-core machine.
``--hypothesis-profile=fuzz`` runs the fuzz tests at length (5,000 examples each).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mettajit.config import Settings

hypothesis_settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=150, deadline=None)
# the big fuzz runs: ``pytest --hypothesis-profile=fuzz tests/...``
hypothesis_settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def settings() -> Settings:
    """Default runtime settings; tests change a copy with ``settings.with_(...)``."""
    return Settings()
