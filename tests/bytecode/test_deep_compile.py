"""Atoms nested thousands deep compile (the compiler recurses per level: past Python's
recursion limit it compiles again on a thread sized to the depth) and agree with tier 0."""

from __future__ import annotations

import sys

import pytest

from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.compiler import compile_expression, compile_function
from mettajit.bytecode.vm import VM
from mettajit.interpreter import Interpreter
from support import run

DEPTH = 2000


def nest(open_: str, leaf: str, close: str = ")", depth: int = DEPTH) -> str:
    return open_ * depth + leaf + close * depth


def test_a_deep_query_and_a_deep_body_compile_and_run() -> None:
    interp = Interpreter()
    interp.add_atom(parse_atom("(= (f $x) (+ $x 1))"))
    interp.add_atom(parse_atom(f"(= (g $x) {nest('(+ 1 ', '$x')})"))
    limit = sys.getrecursionlimit()
    vm = VM(interp)
    key = (parse_atom("f"), 2)
    vm.install(key, compile_function(key, interp.space._rules[key], interp))
    chunk = compile_expression(parse_atom(nest("(f ", "0")), interp)
    assert [format_atom(a) for a in vm.run(chunk)] == [str(DEPTH)]
    key = (parse_atom("g"), 2)
    g = compile_function(key, interp.space._rules[key], interp)
    assert [format_atom(a) for a in vm.run(g, [parse_atom("1")])] == [str(DEPTH + 1)]
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
        compile_expression(parse_atom(nest("(S ", "Z")), Interpreter())
