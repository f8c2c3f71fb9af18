"""get-type as the reference computes it: an ill-typed call has no type at all."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], list[str]]


def test_ill_typed_call_has_no_type(run: Run) -> None:
    prog = """
    (: foo (-> Number Number))
    !(get-type (foo "a"))
    !(get-type (foo 1))
    !(get-type (bar 1))
    !(get-type (foo 1 2))
    !(foo (foo "a"))
    """
    assert run(prog) == [
        "[]",
        "[Number]",
        "[%Undefined%]",
        "[]",
        '[(Error (foo "a") (BadArgType 1 Number String))]',
    ]


def test_equality_is_typed(run: Run) -> None:
    assert run('!(get-type (= 1 "a"))') == ["[]"]


def test_dependent_type_is_evaluated(run: Run) -> None:
    prog = """
    (: Push (-> $e (Stack $e $depth) (Stack $e (+ $depth 1))))
    (: Bottom (Stack $e 0))
    !(get-type (Push "1" Bottom))
    """
    assert run(prog) == ["[(Stack String 1)]"]


def test_declared_type_of_an_expression(run: Run) -> None:
    prog = """
    (: (A B) PairAB)
    !(get-type (A B))
    !(bind! &tok (new-state (A B)))
    !(get-type &tok)
    """
    assert run(prog) == ["[PairAB]", "[()]", "[(StateMonad PairAB)]"]


def test_states_with_equal_contents_are_equal(run: Run) -> None:
    prog = """
    !(assertEqual (new-state (A B)) (new-state (A B)))
    !(assertEqual (let $x (new-state 1) (change-state! $x (+ (get-state $x) 1))) (new-state 2))
    """
    assert run(prog) == ["[()]", "[()]"]
