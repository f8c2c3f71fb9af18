"""Compiling a long chain is linear in its depth (it was quadratic: every operation walked
its whole sub-expression again for its variables)."""

from __future__ import annotations

import pytest

from mettajit.atoms import core
from mettajit.atoms.core import Atom, Expression, S, V, num
from support import interpreter, query_chunk


def _walked(monkeypatch: pytest.MonkeyPatch, depth: int) -> int:
    """Atoms visited by ``walk`` while compiling the unfoldable chain of ``depth``."""
    seen = [0]
    real = core.walk

    def counting(atom: Atom):  # type: ignore[no-untyped-def]
        for a in real(atom):
            seen[0] += 1
            yield a

    monkeypatch.setattr(core, "walk", counting)
    leaf = V("x")
    atom: Atom = leaf
    for i in range(depth):
        atom = Expression((S("+"), atom, num(i % 100)))
    query_chunk(interpreter(), atom, arity=1, leaf=leaf)
    return seen[0]


def test_variables_of_a_chain_are_found_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = _walked(monkeypatch, 100), _walked(monkeypatch, 200)
    assert big <= 2.5 * max(small, 1), (small, big)
