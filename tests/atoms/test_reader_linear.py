"""Reading and adding a file of facts take time linear in its size (issue 9: a 2.7 MB file
of facts took 36 s when every item's line was counted from the start of the text).

CPU time, the best of several runs, of a text and of one eight times as long: a linear
reader takes about 8x (9-10x measured: more memory, bigger tables), a quadratic one 64x;
the bound, 16x, leaves room for a busy machine.
The place of an error at the end of the long text is checked too: positions stay exact.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mettajit.atoms.reader import ParseError, parse_items
from support import DEFAULT_TIER, run


def facts(n: int) -> str:
    """``n`` facts shaped like aunt-kg's royal92.metta, with comments and a fact written
    over two lines every so often (so places are counted across both)."""
    out = []
    for i in range(n):
        if i % 50 == 0:
            out.append(f"; family {i // 50}")
        if i % 3 == 0:
            out.append(f'(Individuals {i} (Fullname "Name {i} /House{i % 7}/") (Sex "M"))')
        elif i % 3 == 1:
            out.append(f'(Individuals {i} (Birth (Date (Original "{i % 28} MAY 1819"))))')
        else:
            out.append(f'(Relations {i} (Husband "@I{i}@")\n   (Wife "@I{i + 1}@"))')
    return "\n".join(out) + "\n"


def best_cpu(fn: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


SMALL, BIG = facts(1_500), facts(12_000)


def test_reading_is_linear() -> None:
    small = best_cpu(lambda: parse_items(SMALL, "f.metta"), runs=3)
    big = best_cpu(lambda: parse_items(BIG, "f.metta"), runs=3)
    assert big < 16 * small, (small, big)


def test_loading_is_linear(tmp_path: Path) -> None:
    """Reading and adding the atoms, as ``mettajit run`` does (``run_file``)."""
    small_file, big_file = tmp_path / "small.metta", tmp_path / "big.metta"
    small_file.write_text(SMALL)
    big_file.write_text(BIG)
    small = best_cpu(lambda: run(DEFAULT_TIER, file=small_file), runs=3)
    big = best_cpu(lambda: run(DEFAULT_TIER, file=big_file), runs=3)
    assert big < 16 * small, (small, big)


def test_places_are_exact_at_the_end_of_a_long_text() -> None:
    items = parse_items(BIG, "f.metta")
    lines = BIG.split("\n")
    last = items[-1]
    assert lines[last.line - 1][last.col - 1 :].startswith("(Relations 11999")
    # each item's place is where its text starts
    for item in items[:: len(items) // 97]:
        assert lines[item.line - 1][item.col - 1] == "("
    with pytest.raises(ParseError) as info:
        parse_items(BIG + '(a "b\\q")\n', "f.metta")
    assert (info.value.line, info.value.col) == (len(lines), 6)
