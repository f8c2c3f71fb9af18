"""Where tier 2 can run, and the tier-1 fallback where it cannot.

Native code needs a CPython built with the GIL (``jit.helpers.native_entry_unavailable``)
and llvmlite at least ``jit.engine.LLVMLITE_FLOOR``, the floor pyproject states. Elsewhere
``--tier 2`` and ``auto`` run tier 1 and say so in one line on stderr, with the same results.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from pathlib import Path

import pytest

from mettajit.jit import engine, helpers

REPO = Path(__file__).resolve().parents[2]
FIB = REPO / "examples" / "fib.metta"


def test_this_python_runs_native_code() -> None:
    # CI's Pythons (3.11 and 3.13, standard builds) must run tier 2: 3.13 has
    # sys._is_gil_enabled on every build, and its mere existence must not turn tier 2 off
    assert not sysconfig.get_config_var("Py_GIL_DISABLED")
    assert helpers.native_entry_unavailable() is None


def test_a_free_threaded_build_has_no_native_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "abiflags", "t", raising=False)  # PEP 703's ABI flag
    why = helpers.native_entry_unavailable()
    assert why is not None and "free-threaded" in why
    monkeypatch.delattr(sys, "abiflags", raising=False)  # (Windows): the build's configuration
    real = sysconfig.get_config_var
    monkeypatch.setattr(
        sysconfig, "get_config_var", lambda name: 1 if name == "Py_GIL_DISABLED" else real(name)
    )
    why = helpers.native_entry_unavailable()
    assert why is not None and "free-threaded" in why


def test_a_python_running_without_its_gil_has_no_native_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: False, raising=False)
    why = helpers.native_entry_unavailable()
    assert why is not None and "GIL" in why
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: True, raising=False)
    assert helpers.native_entry_unavailable() is None


@pytest.mark.parametrize(
    ("version", "too_old"),
    [("0.43.0", True), ("0.39.1", True), ("0.44.0", False), ("0.45.0rc1", False),
     ("0.50.0", False), ("1.0.0", False)],
)
def test_llvmlite_floor(version: str, too_old: bool) -> None:
    why = engine.llvmlite_too_old(version)
    assert (why is not None) == too_old
    if why is not None:
        assert why == f"tier 2 needs llvmlite 0.44 or newer, this is {version}"


def test_pyproject_states_the_floor_the_engine_checks() -> None:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    (spec,) = [d for d in deps if d.startswith("llvmlite")]
    found = re.fullmatch(r"llvmlite>=(\d+)\.(\d+)", spec.replace(" ", ""))
    assert found is not None, spec
    assert (int(found[1]), int(found[2])) == engine.LLVMLITE_FLOOR


# a Python that reports a free-threaded build, so helpers' own check refuses at import
FAKE_FREE_THREADED = textwrap.dedent(
    """
    import sys
    sys.abiflags = "t"  # what a free-threaded build says (PEP 703)
    from mettajit.cli.main import main
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("tier", ["2", "auto"])
def test_no_native_entry_runs_tier_1_with_one_line(tier: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FAKE_FREE_THREADED, "run", "--tier", tier, "--stats", str(FIB)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"METTAJIT_TIER2_THRESHOLD": "50", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[55]\n[6765]\n"
    lines = proc.stderr.splitlines()
    said = [line for line in lines if line.startswith("mettajit:")]
    assert said == [
        "mettajit: tier 2 needs a CPython built with the GIL, not a free-threaded build;"
        " running tier 1 instead"
    ]
    stats = dict(re.findall(r"^(tier\S+)\s+(\d+)$", proc.stderr, re.M))
    assert "tier2.units.compiled" not in stats
    assert int(stats["tier1.units.compiled"]) >= 1
