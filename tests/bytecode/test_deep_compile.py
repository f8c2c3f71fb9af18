"""Atoms nested thousands deep compile (the compiler recurses per level: past Python's
recursion limit it compiles again on a thread sized to the depth) and agree with tier 0."""

from __future__ import annotations

import sys

import pytest

from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.vm import VM
from support import function_chunk, interpreter, query_chunk, run, vm_run

DEPTH = 2000


def nest(open_: str, leaf: str, close: str = ")", depth: int = DEPTH) -> str:
    return open_ * depth + leaf + close * depth


def test_a_deep_query_and_a_deep_body_compile_and_run() -> None:
    interp = interpreter("(= (f $x) (+ $x 1))", f"(= (g $x) {nest('(+ 1 ', '$x')})")
    limit = sys.getrecursionlimit()
    vm = VM(interp)
    vm.install((parse_atom("f"), 2), function_chunk(interp, "f", 1))
    chunk = query_chunk(interp, nest("(f ", "0"))
    assert vm_run(chunk, vm=vm) == [str(DEPTH)]
    g = function_chunk(interp, "g", 1)
    assert vm_run(g, parse_atom("1"), vm=vm) == [str(DEPTH + 1)]
    assert sys.getrecursionlimit() == limit


def test_deep_queries_stay_in_tier1_and_agree_with_tier0() -> None:
    program = "\n".join([
        "(= (f $x) (+ $x 1))",
        "!" + nest("(f ", "0"),
        "!" + nest("(S ", "Z"),
        "!" + nest("(let $x 1 ", "$x"),
        "!" + nest("(if True ", "5", " 0)"),
        "!" + nest("(superpose (", "7", "))"),
    ])

    tier1 = run("1", program)
    assert tier1 == run("0", program)
    assert tier1[0] == [str(DEPTH)]
    assert tier1.counters["tier1.fallback.query"] == 0


def test_no_thread_to_be_had_is_a_recursion_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    def refuse(size: int = 0) -> int:
        raise ValueError("size not valid")

    monkeypatch.setattr(threading, "stack_size", refuse)
    with pytest.raises(RecursionError):
        query_chunk(interpreter(), nest("(S ", "Z"))
