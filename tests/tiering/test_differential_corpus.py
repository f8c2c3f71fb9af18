"""Differential: every corpus file on tier 0 and on tier 1 gives the same results.

Each ``!`` query's results are compared as multisets after renaming variables by first
appearance (``$x#53`` -> ``$_1``). Tier 1 here is ``--tier 1``: every query compiled to a
chunk and run in the VM, every unit compiled on first use. The fallbacks to tier 0 that a
file needs are listed in ``EXPECTED_FALLBACKS`` (it may only shrink, like the skip list).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_items
from mettajit.config import Settings
from mettajit.interpreter import Interpreter
from mettajit.runner.tiering import Tiering

CORPUS = Path(__file__).parents[1] / "conformance" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/conformance")
FILES = sorted(CORPUS.glob("*.metta"))

# tier -> file stems that tier cannot run yet. Only ever remove entries.
SKIP: dict[str, frozenset[str]] = {"1": frozenset()}

_VAR = re.compile(r"\$[^\s()\"]+")


def normalize(text: str) -> str:
    names: dict[str, str] = {}
    return _VAR.sub(lambda m: names.setdefault(m.group(0), f"$_{len(names) + 1}"), text)


def run_file(path: Path, tier: str) -> tuple[list[Counter[str]], Counter[str]]:
    settings = Settings().with_(tier=tier)
    interp = Interpreter(settings=settings)
    interp.base_dir = str(path.parent)
    tiering = Tiering(interp, settings, interp.stats)
    out: list[Counter[str]] = []
    for item in parse_items(path.read_text(), str(path)):
        if item.query:
            results = tiering.evaluate(item.atom)
            out.append(Counter(normalize(format_atom(a)) for a in results))
        else:
            interp.add_atom(item.atom)
    return out, interp.stats.counters


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_tier1_agrees_with_tier0(path: Path) -> None:
    if path.stem in SKIP["1"]:
        pytest.skip("in the tier 1 skip list")
    want, _ = run_file(path, "0")
    got, _ = run_file(path, "1")
    assert got == want


def test_skip_list_names_real_files() -> None:
    stems = {f.stem for f in FILES}
    assert SKIP["1"] <= stems
