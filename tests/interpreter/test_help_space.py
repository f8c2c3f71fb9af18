"""``help-space!``: a special form added in two files (interpreter/docs.py and this test).

Expectations copied from hyperon 0.2.10 (``metta-py``): what it prints and gives for the
program below, on every tier."""

from __future__ import annotations

import pytest

from support import run

PROGRAM = """
!(bind! &s (new-space))
!(add-atom &s (@doc foo (@desc "Foo fn") (@params ((@param "x"))) (@return "r")))
!(add-atom &s (@doc Bar (@desc "A symbol")))
!(add-atom &s (@doc baz (@desc "Baz fn") (@params ((@param "x"))) (@return "r")))
!(add-atom &s (@doc Qux (@desc "Another")))
!(add-atom &s (@doc odd (@desc "three parts") (@params ())))
!(add-atom &s (@doc (expr a) (@desc "An expression")))
!(add-atom &s (@doc num (@desc 42)))
!(help-space! &s)
!(help-space! (new-space))
!(get-type help-space!)
!(help-space! 3)
"""

PRINTED = """num
\t42
(expr a)
\tAn expression
Qux
\tAnother
Bar
\tA symbol
baz
\tBaz fn
foo
\tFoo fn
"""

RESULTS = ["[()]"] * 10 + [
    "[(-> SpaceType (->))]",
    "[(Error (help-space! 3) (BadArgType 1 SpaceType Number))]",
]


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_help_space(tier: str) -> None:
    got = run(tier, PROGRAM)
    assert got.lines() == RESULTS
    assert got.out == PRINTED
