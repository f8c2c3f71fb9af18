"""Standard-library operations of hyperon 0.2.10 added to tier 0: expectations are the
oracle's output. ``programs/stdlib_gaps.metta`` runs on every tier against its output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import check_golden, golden_cases

Run = Callable[[str], list[str]]
PROGRAMS = Path(__file__).parent / "programs"


@pytest.mark.parametrize(("path", "tier"), golden_cases(PROGRAMS))
def test_program_on_every_tier(path: Path, tier: str) -> None:
    output = check_golden(path, tier)
    want = path.with_suffix(".expected").read_text()
    printed = [line for line in output.splitlines() if not line.startswith("[")]
    assert printed == [line for line in want.splitlines() if not line.startswith("[")]


def test_assert_messages_name_missed_and_excessive_results(run: Run) -> None:
    assert run("!(assertEqual (superpose (1 2 3)) (superpose (1 4)))") == [
        '[(Error (assertEqual (superpose (1 2 3)) (superpose (1 4))) "\\nExpected: [1, 4]'
        '\\nGot: [1, 2, 3]\\nMissed results: 4\\nExcessive results: 2, 3")]'
    ]
    assert run("!(assertEqualToResult (superpose (1 2 2)) (1 5))") == [
        '[(Error (assertEqualToResult (superpose (1 2 2)) (1 5)) "\\nExpected: [1, 5]'
        '\\nGot: [1, 2, 2]\\nMissed results: 5\\nExcessive results: 2, 2")]'
    ]
    assert run("!(assertAlphaEqualToResult (superpose (a b)) (a))") == [
        '[(Error (assertAlphaEqualToResult (superpose (a b)) (a)) "\\nExpected: [a]'
        '\\nGot: [a, b]\\nExcessive results: b")]'
    ]
    assert run("!(assertEqual (superpose ()) 1)") == [
        '[(Error (assertEqual (superpose ()) 1) "\\nExpected: [1]\\nGot: []'
        '\\nMissed results: 1")]'
    ]


def test_collapse_bind_pairs_each_result_with_printed_bindings(run: Run) -> None:
    assert run("!(collapse-bind (+ 1 2))") == ["[((3 {  }))]"]
    assert run("!(collapse-bind (superpose (1 2)))") == ["[((1 {  })), ((2 {  }))]"]
    assert run("!(collapse-bind (superpose ()))") == ["[]"]


def test_unify_with_a_space_queries_it(run: Run) -> None:
    program = "(foo 1) (foo 2) !(unify &self (foo $x) $x none) !(unify &self (bar $x) $x none)"
    assert run(program) == ["[1, 2]", "[none]"]


def test_small_stdlib_functions(run: Run) -> None:
    assert run("!(return-on-error Empty ok)") == ["[(return Empty)]"]
    assert run("!(atom-subst a b c)") == ["[(Error (atom-subst a b c) NoReturn)]"]
    assert run("!(unquote a)") == ["[(unquote a)]"]
    assert run("!(first-from-pair a)") == ['[(Error (first-from-pair a) "incorrect pair format")]']
    assert run("!(for-each-in-atom a println!)") == [
        '[(Error (car-atom a) "car-atom expects a non-empty expression as an argument")]'
    ]
    assert run("!(type-cast 1 String &self)") == ["[(Error 1 BadType)]"]
    assert run("!(print-alternatives! x y)") == [
        "[(Error (print-alternatives! x y) Atom is not an ExpressionAtom)]"
    ]


def test_get_doc_needs_a_space(run: Run) -> None:
    assert run("!(get-doc some-func)") == [
        "[(Error (get-doc some-func) IncorrectNumberOfArguments)]"
    ]



def test_help_without_docs(run: Run) -> None:
    assert run("!(get-doc &self nothing)") == ["[]"]
    assert run("!(help! nothing)") == ["[()]"]
