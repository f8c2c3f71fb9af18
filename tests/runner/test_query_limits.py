"""Bounds of a query (``Settings.max_steps``, ``timeout``, ``max_memory``) on every tier, the
step count being the same on every tier, and Ctrl-C stopping native code too."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mettajit.runner import MeTTa
from support import TIERS, golden_files, interrupt_after, run, runner

CORPUS = golden_files(Path(__file__).parents[1] / "conformance" / "corpus")

LOOPS = """
(= (loop $n) (loop (+ $n 1)))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
(= (count $n) (if (== $n 0) done (count (- $n 1))))
"""
# how long an endless query runs before its timeout: tiers 0 and 1 are in the loop at
# once; tier 2 and auto are given the time to compile it to native code first
RUNS_FOR = {"0": 0.1, "1": 0.1, "2": 0.3, "auto": 0.3}


def results(m: MeTTa, program: str) -> list[str]:
    """Each query's results printed ``[a, b]``, going on with the runner ``m``."""
    return run(m, program).lines()


def steps_of(path: Path, tier: str) -> int:
    return run(tier, file=path).counters["run.steps"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_a_program_makes_the_same_steps_on_every_tier(path: Path) -> None:
    """A step is a rule application, counted where it is made: the same count on every
    tier, so a step limit cuts a program at the same place on every tier."""
    expected = steps_of(path, "0")
    assert {t: steps_of(path, t) for t in TIERS[1:]} == dict.fromkeys(TIERS[1:], expected)


@pytest.mark.parametrize("tier", TIERS)
def test_max_steps_ends_the_query_at_the_limit_and_the_program_goes_on(tier: str) -> None:
    # (count 100) applies the rules of count 101 times
    ok = runner(tier, max_steps=101)
    assert results(ok, LOOPS + "!(count 100)\n!(count 100)") == ["[done]", "[done]"]
    cut = runner(tier, max_steps=100)
    assert results(cut, LOOPS + "!(count 100)\n!(count 99)\n!(+ 1 2)") == [
        "[(Error (count 100) (StepLimit 100))]", "[done]", "[3]"]


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("query", ["(loop 0)", "(fib 100)"])
def test_max_steps_stops_endless_queries(tier: str, query: str) -> None:
    """A tail loop (native: a loop in machine code on tier 2) and a non-tail recursion."""
    m = runner(tier, max_steps=20_000)
    assert results(m, LOOPS + f"!{query}\n!(count 3)") == [
        f"[(Error {query} (StepLimit 20000))]", "[done]"]
    if tier == "2":
        assert m.stats.counters["tier2.entries"] + m.stats.counters["tier2.units.compiled"] > 0


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("query", ["(loop 0)", "(fib 100)"])
def test_timeout_ends_the_query(tier: str, query: str) -> None:
    timeout = RUNS_FOR[tier]
    m = runner(tier, timeout=timeout)
    t0 = time.monotonic()
    assert results(m, LOOPS + f"!{query}\n!(count 3)") == [
        f"[(Error {query} (TimeLimit {timeout}))]", "[done]"]
    assert time.monotonic() - t0 < 3.0  # the timeout and the checks' granularity, when busy


@pytest.mark.parametrize("tier", TIERS)
def test_max_memory_ends_the_query_and_the_program_goes_on(tier: str) -> None:
    """The limit is on what one query adds to the process's resident memory. The cost is
    the memory built before the first poll past the limit (every ``PY_POLL`` steps): ~10
    MB at 400 characters a step, a fifth of what 2000 characters and 50 MB took."""
    chars = "x" * 400  # each step keeps a new expression of 400 characters (~40 kB)
    program = f"""
    (= (build $n $acc) (if (== $n 0) $acc (build (- $n 1) (Cons (stringToChars "{chars}") $acc))))
    !(build 10000000 Nil)
    !(build 100 Nil)
    !(build 10000000 Nil)
    """
    m = runner(tier, max_memory=10)  # the second query keeps ~4 MB: under the limit
    got = results(m, program)
    assert got[0] == got[2] == "[(Error (build 10000000 Nil) (MemoryLimit 10))]"
    assert got[1].startswith("[(Cons (") and got[1].count("Cons") == 100




@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("query", ["(loop 0)", "(fib 100)"])
def test_ctrl_c_stops_every_tier_and_the_runtime_goes_on(tier: str, query: str) -> None:
    """What the REPL relies on: the interrupted query raises KeyboardInterrupt (native code
    polls for it), and the same runtime then runs the next query, and can be stopped again."""
    m = runner(tier)
    run(m, LOOPS)
    for _ in range(2):
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt), interrupt_after(0.3):
            run(m, f"!{query}")
        assert time.monotonic() - t0 < 1.5
        assert results(m, "!(count 3)") == ["[done]"]
