"""Bindings an argument's evaluation gives to the query's variables reach the rest of
the expression, as in the reference (hyperon scripts b2, b3, b4, d4, e1)."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], list[str]]

FROGS = """
(= (croaks Fritz) T)
(= (eat_flies Fritz) T)
(= (croaks Sam) T)
(= (eat_flies Sam) T)
(= (And T T) T)
(= (frog $x) (And (croaks $x) (eat_flies $x)))
(= (green $x) (frog $x))
(= (ift T $then) $then)
"""


def test_binding_reaches_a_sibling_argument(run: Run) -> None:
    assert run(FROGS + "!(ift (green $x) $x)") == ["[Fritz, Sam]"]


def test_binding_reaches_an_earlier_argument(run: Run) -> None:
    assert run(FROGS + "!($x (green $x))") == ["[(Fritz T), (Sam T)]"]


def test_match_binds_the_query_variables(run: Run) -> None:
    prog = """
    (Evaluation (mortal Plato))
    (= (ded (Evaluation ($P $x))) (match &self (Evaluation ($P $x)) T))
    (= (ded (Evaluation ($P $x))) (match &self (Implication $a (Evaluation ($P $x))) (ded $a)))
    (Implication (Evaluation (human $x)) (Evaluation (mortal $x)))
    (Evaluation (human Socrates))
    (= (ift T $then) $then)
    !(ift (ded (Evaluation (mortal $x))) $x)
    """
    assert sorted(run(prog)[0][1:-1].split(", ")) == ["Plato", "Socrates"]


def test_side_effects_see_the_binding(run: Run) -> None:
    prog = FROGS + """
    !(bind! &kb (new-space))
    !(ift (green $x) (add-atom &kb (Green $x)))
    !(match &kb (Green $x) $x)
    """
    assert run(prog)[1:] == ["[(), ()]", "[Fritz, Sam]"]


def test_ground_calls_do_not_leak_rule_variables(run: Run) -> None:
    prog = """
    (= (mk) (pair $y))
    (= (pair 1) one)
    !(mk)
    !(let $r (mk) $r)
    """
    assert run(prog) == ["[one]", "[one]"]
