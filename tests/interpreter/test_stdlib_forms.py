"""Standard-library functions of the reference's stdlib.metta that hyperon's
test_stdlib.metta uses; expected outputs are what hyperon-experimental 0.2.10 prints
for these (our own) snippets."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], list[str]]


def test_msg_asserts_report_the_call_without_the_message(run: Run) -> None:
    assert run('!(assertEqualMsg 1 2 "m")') == ['[(Error (assertEqualMsg 1 2) "m")]']
    assert run('!(assertAlphaEqualToResultMsg (1) (2) "m")') == [
        '[(Error (assertAlphaEqualToResultMsg (1) (2)) "m")]'
    ]


def test_error_arguments_are_not_evaluated(run: Run) -> None:
    assert run("!(Error (foo (+ 1 2)) (+ 1 2))") == ["[(Error (foo (+ 1 2)) (+ 1 2))]"]


def test_assert_and_assert_includes(run: Run) -> None:
    assert run("!(assert (== 1 1))\n!(assert (== 1 2))") == [
        "[()]",
        "[(Error (assert (== 1 2)) ((== 1 2) not True))]",
    ]
    assert run("!(assertIncludes (superpose (1 2)) (1 3))") == [
        "[(Error (assertIncludes (superpose (1 2)) (1 3))"
        " (assertIncludes error: (3) not included in result: (1 2)))]"
    ]
    assert run("!(assertIncludes (superpose (41 42 43)) (42 43))") == ["[()]"]


def test_noeval_id_and_switch_minimal(run: Run) -> None:
    assert run("!(noeval (+ 1 2))\n!(id (noeval (+ 1 2)))") == ["[(+ 1 2)]", "[3]"]
    assert run("!(switch-minimal 5 ((4 False) (5 (+ 1 2))))") == ["[(+ 1 2)]"]
    assert run("!(switch-minimal (+ 1 2) (((+ 1 $x) $x)))") == ["[2]"]


def test_if_decons_expr(run: Run) -> None:
    prog = """
    (= (count-items $list)
       (if-decons-expr $list $h $t (+ 1 (count-items $t)) 0))
    !(count-items (a b c))
    !(count-items ())
    """
    assert run(prog) == ["[3]", "[0]"]


def test_type_error_shows_the_call_as_written(run: Run) -> None:
    assert run('!(change-state! (new-state 1) "S")') == [
        '[(Error (change-state! (new-state 1) "S") (BadArgType 2 Number String))]'
    ]
