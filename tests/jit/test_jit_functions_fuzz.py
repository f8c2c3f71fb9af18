"""Differential fuzz of whole function units: random recursive and tail-recursive integer
functions run natively (``--tier 2``) give tier 0's results, overflow, division by zero,
float and symbol arguments (bail-outs to tier 1) included."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import support

leaf = st.one_of(st.integers(-20, 20).map(str), st.sampled_from(["$a", "$b"]))


def _node(kids: Any) -> Any:
    ops = st.sampled_from(["+", "-", "*", "/", "%"])
    return st.tuples(ops, kids, kids).map(lambda t: f"({t[0]} {t[1]} {t[2]})")


ints = st.recursive(leaf, _node, max_leaves=5)
cond = st.tuples(st.sampled_from(["<", "<=", "==", ">"]), ints, ints).map(
    lambda t: f"({t[0]} {t[1]} {t[2]})")
# the recursion always decreases $a, so every call ends
recursive = st.tuples(ints, st.sampled_from(["+", "-", "*"]), ints, ints).map(
    lambda t: f"(= (f $a $b) (if (<= $a 0) {t[0]} ({t[1]} (f (- $a 1) {t[2]}) {t[3]})))")
tail = st.tuples(ints, ints).map(
    lambda t: f"(= (f $a $b) (if (<= $a 0) {t[0]} (f (- $a 1) {t[1]})))")
branchy = st.tuples(cond, ints, ints, ints).map(
    lambda t: f"(= (f $a $b) (if (<= $a 0) {t[1]} (if {t[0]} (f (- $a 1) {t[2]}) {t[3]})))")
arg = st.one_of(st.integers(0, 8).map(str), st.integers(-1000, 1000).map(str),
                st.sampled_from(["2.5", "x", "200000000000000"]))


def run(tier: str, rule: str, queries: list[str]) -> list[list[str]]:
    """Each query's results as the tier computes them, sorted."""
    return support.run(tier, rule + "".join(f"\n!{q}" for q in queries), raw=True).sorted()


@support.fuzz(ci=15, full=1000)
@given(st.one_of(recursive, tail, branchy),
       st.lists(st.tuples(st.integers(0, 8).map(str), arg), min_size=1, max_size=4))
def test_native_function_units_agree_with_tier0(
        fuzz_counts: dict[str, int], rule: str, args: list[tuple[str, str]]) -> None:
    queries = [f"(f {a} {b})" for a, b in args]
    assert run("2", rule, queries) == run("0", rule, queries), rule
    fuzz_counts["function_units"] += 1
    fuzz_counts["function_queries"] += len(queries)
