"""Atoms nested deep: every part of the runtime that walks an atom the user wrote does it
without Python recursion on the depth (or falls back to a way that does not).

The depth is 100,000 in the full run (``--fuzz=full``) and 6,000 in CI: either is many
times what Python recursion survives (mettajit never raises the recursion limit, 1,000 by
default, but on the compiler's own thread), so a walk that recursed once per level would
fail at either; the full run also shows the deep compile's thread at its largest stack.

One test per part: the reader, the printer, unification and substitution, the type checker
(``types_of`` types a deep atom bottom-up; ``app_error`` finds the innermost ill-typed call
by a loop), the bytecode compiler (which compiles a too-deep atom again on a thread sized to
it), and whole queries on every tier.
"""

from __future__ import annotations

import sys

import pytest

from mettajit.atoms.core import Expression, S, V
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.interpreter.typecheck import types_of
from mettajit.space.store import Space
from mettajit.space.unify import rename_variables, substitute, unify
from support import FULL, interpreter, query_chunk, run, vm_run

DEPTH = 100_000 if FULL else 6_000
SHALLOWER = 6_000  # tiers 2 and auto (see test_queries_on_every_tier)


def test_the_depth_is_beyond_python_recursion() -> None:
    assert DEPTH >= SHALLOWER > 5 * sys.getrecursionlimit()


def nest(open_: str, leaf: str, close: str = ")", depth: int = DEPTH) -> str:
    return open_ * depth + leaf + close * depth


def chain(leaf: object, depth: int = DEPTH) -> Expression:
    atom = leaf
    for _ in range(depth):
        atom = Expression((S("a"), atom))  # type: ignore[arg-type]
    return atom  # type: ignore[return-value]


def test_reader() -> None:
    atom = parse_atom(nest("(a ", "x"))
    for _ in range(DEPTH):
        assert isinstance(atom, Expression)
        atom = atom.children[1]
    assert atom is S("x")


def test_printer() -> None:
    text = nest("(a ", "$x")
    assert format_atom(parse_atom(text)) == text


def test_unify_substitute_rename() -> None:
    x, y = chain(V("x")), chain(S("leaf"))
    b = unify(x, y)
    assert b is not None and b[V("x")] is S("leaf")
    assert substitute(x, b) == y
    assert unify(chain(V("x")), chain(S("leaf"), DEPTH - 1)) is None
    renamed = rename_variables(x)
    assert renamed != x and unify(renamed, y) is not None
    space = Space()
    space.add(y)
    assert [bb[V("x")] for bb in space.query(x)] == [S("leaf")]


def test_type_checker() -> None:
    interp = interpreter()
    sums = parse_atom(nest("(+ 1 ", "0"))
    assert [format_atom(t) for t in types_of(interp, sums)] == ["Number"]
    bad = parse_atom(nest("(+ 1 ", '"s"'))
    assert types_of(interp, bad) == []  # ill-typed inside: no type, found without recursion


@pytest.mark.parametrize(("tier", "depth"), [("0", DEPTH), ("1", DEPTH), ("2", SHALLOWER),
                                           ("auto", SHALLOWER)])
def test_queries_on_every_tier(tier: str, depth: int) -> None:
    # tiers 2 and auto share tier 1's front end (compiler, type facts): less deep, for time
    program = "\n".join([
        "(: h (-> Number Number))",
        "(= (h $x) $x)",
        "!" + nest("(+ 1 ", "0", depth=depth),
        "!" + nest("(h ", '"a"', depth=depth),
        "!(let $y (quote " + nest("(a ", "x", depth=depth) + ") ok)",
    ])
    assert run(tier, program) == [[str(depth)], ['(Error (h "a") (BadArgType 1 Number String))'],
                                  ["ok"]]


def test_compiler() -> None:
    interp = interpreter("(= (f $x) (+ $x 1))")
    assert vm_run(query_chunk(interp, nest("(f ", "0")), interp=interp) == [str(DEPTH)]
