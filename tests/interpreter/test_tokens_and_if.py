"""Tokens bound by ``bind!`` inside unevaluated patterns and added atoms, and ``if``
with a condition that binds variables (hyperon script e3)."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], list[str]]


def test_token_in_a_match_pattern(run: Run) -> None:
    prog = """
    !(bind! &s (new-state inactive))
    (= (status (Goal med)) &s)
    !(bind! &t (new-state inactive))
    !(match &self (= (status (Goal $goal)) &t) $goal)
    """
    assert run(prog) == ["[()]", "[()]", "[med]"]


def test_if_condition_binds_the_branch(run: Run) -> None:
    prog = """
    (= (st a) on)
    (= (st b) off)
    !(if (== (st $g) on) $g (superpose ()))
    !(if (== (st $g) on) yes $g)
    """
    assert run(prog) == ["[a]", "[yes, b]"]
