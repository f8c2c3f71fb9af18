"""Shared test set-up: the hypothesis profiles, the fuzz size and the ``settings`` fixture.

Profiles: ``ci`` (the default under ``CI``) runs few examples with no deadline, so property
tests stay fast and never flake on a loaded 2-core machine; ``dev`` (the default elsewhere)
a few more; ``full`` runs the fuzz tests at length. Choose one with ``--fuzz=full`` (or
``--fuzz=ci``), ``HYPOTHESIS_PROFILE=NAME``, ``--hypothesis-profile=NAME``, or, as before,
``METTAJIT_FUZZ=full``. Each fuzz test's size follows it through ``support.fuzz``: small in
``ci`` and ``dev``, large in ``full``. The way to run a program and the golden folders are
in ``support.py``.
"""

from __future__ import annotations

import os

# tier 2's disk cache (jit.diskcache) is off unless a test turns it on with a folder of
# its own: a test that compiles must compile, whatever earlier runs left on disk
os.environ.setdefault("METTAJIT_JIT_CACHE", "0")

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

pytest.register_assert_rewrite("support")

import support  # noqa: E402  (after the assertion rewriting is registered)
from mettajit.config import Settings  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
hypothesis_settings.register_profile("ci", max_examples=30, deadline=None,
                                     suppress_health_check=_SLOW)
hypothesis_settings.register_profile("dev", max_examples=150, deadline=None)
hypothesis_settings.register_profile("full", max_examples=5000, deadline=None,
                                     suppress_health_check=_SLOW)
hypothesis_settings.register_profile("fuzz", parent=hypothesis_settings.get_profile("full"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz", choices=("ci", "dev", "full"), default=None,
                     help="the hypothesis profile: the size of the fuzz tests (default ci/dev)")


def _profile(config: pytest.Config) -> str:
    chosen = config.getoption("--fuzz") or os.environ.get("HYPOTHESIS_PROFILE")
    if not chosen and os.environ.get("METTAJIT_FUZZ") == "full":
        chosen = "full"
    chosen = chosen or config.getoption("hypothesis_profile", None)
    return chosen or ("ci" if os.environ.get("CI") else "dev")


def pytest_configure(config: pytest.Config) -> None:
    name = _profile(config)
    hypothesis_settings.load_profile(name)
    support.FULL = name in ("full", "fuzz")
    config.addinivalue_line(
        "markers", "python_dependent: the part of the suite that depends on the Python version "
        "(support.PYTHON_DEPENDENT)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if support.python_dependent(item.path, item.nodeid.partition("::")[2]):
            item.add_marker(pytest.mark.python_dependent)


@pytest.fixture
def settings() -> Settings:
    """Default runtime settings; tests change a copy with ``settings.with_(...)``."""
    return Settings()
