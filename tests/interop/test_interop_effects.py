"""A Python call is an effect: however hot the MeTTa code that makes it, and whatever tier
runs that code, each call in the program runs the Python function exactly once."""

from __future__ import annotations

import pytest

from support import run

CALLS: list[int] = []


def tick(n: int) -> int:
    CALLS.append(n)
    return n % 3


PROGRAM = """
!(bind! &tick (py-atom test_interop_effects.tick))
(= (walk $n $acc) (if (> $n 0) (walk (- $n 1) (+ $acc (&tick $n))) $acc))
!(walk 300 0)
(= (both $n) ((py-atom test_interop_effects.tick) $n))
(= (loop $n) (if (> $n 0) (let $_ (both $n) (loop (- $n 1))) done))
!(loop 200)
"""


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_each_python_call_runs_once(tier: str) -> None:
    CALLS.clear()
    got = run(tier, PROGRAM, tier1_threshold=2, tier2_threshold=5)
    assert got == [["()"], [str(sum(n % 3 for n in range(1, 301)))], ["done"]]
    assert list(range(300, 0, -1)) + list(range(200, 0, -1)) == CALLS
