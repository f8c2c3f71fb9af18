"""Bindings an argument's evaluation gives to the query's variables reach the rest of
the expression, as in the reference (what its scripts b2, b3, b4, d4 and e1 check, here with
programs of our own)."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], list[str]]

BIRDS = """
(= (sings Tweety) T)
(= (flies Tweety) T)
(= (sings Polly) T)
(= (flies Polly) T)
(= (Both T T) T)
(= (bird $x) (Both (sings $x) (flies $x)))
(= (feathered $x) (bird $x))
(= (when-true T $then) $then)
"""


def test_binding_reaches_a_sibling_argument(run: Run) -> None:
    assert run(BIRDS + "!(when-true (feathered $x) $x)") == ["[Tweety, Polly]"]


def test_binding_reaches_an_earlier_argument(run: Run) -> None:
    assert run(BIRDS + "!($x (feathered $x))") == ["[(Tweety T), (Polly T)]"]


def test_match_binds_the_query_variables(run: Run) -> None:
    prog = """
    (Holds (wise Hypatia))
    (= (proves (Holds ($Q $y))) (match &self (Holds ($Q $y)) T))
    (= (proves (Holds ($Q $y))) (match &self (Entails $premise (Holds ($Q $y))) (proves $premise)))
    (Entails (Holds (scholar $y)) (Holds (wise $y)))
    (Holds (scholar Euclid))
    (= (when-true T $then) $then)
    !(when-true (proves (Holds (wise $who))) $who)
    """
    assert sorted(run(prog)[0][1:-1].split(", ")) == ["Euclid", "Hypatia"]


def test_side_effects_see_the_binding(run: Run) -> None:
    prog = BIRDS + """
    !(bind! &seen (new-space))
    !(when-true (feathered $x) (add-atom &seen (Seen $x)))
    !(match &seen (Seen $x) $x)
    """
    assert run(prog)[1:] == ["[(), ()]", "[Tweety, Polly]"]


def test_ground_calls_do_not_leak_rule_variables(run: Run) -> None:
    prog = """
    (= (mk) (pair $y))
    (= (pair 1) one)
    !(mk)
    !(let $r (mk) $r)
    """
    assert run(prog) == ["[one]", "[one]"]
