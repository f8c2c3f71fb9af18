"""A rule added to an untyped function after its callers were compiled: the callers'
compilers decided from its rules how to check a typed call of its result (one pure result,
cast to Number), so their chunks are stale too, transitively. Expected answers are tier
0's, which hyperon 0.2.10 gives as well (``collapse`` drops the Error beside the 2 in the
reference and tier 0 alike)."""

from __future__ import annotations

import pytest

from support import COMPILED, EAGER, run

PROGRAM = """
(= (foo) 1)
(= (mid) (foo))
(= (k) (+ 1 (foo)))
(= (k2) (+ 1 (mid)))
!(k)
!(k2)
!(add-atom &self (= (foo) "a"))
!(collapse (k))
!(collapse (k2))
!(k)
"""


@pytest.mark.parametrize("tier", COMPILED)
def test_callers_of_a_redefined_callee_are_recompiled(tier: str) -> None:
    want = run("0", PROGRAM).lines()
    assert want == ["[2]", "[2]", "[()]", "[(2)]", "[(2)]", "[2]"]
    assert run(tier, PROGRAM, **EAGER).lines() == want
