"""The VM's fast paths for constructor code agree with the generic ones (tier 0), and
the collector tuning never lowers a threshold."""

from __future__ import annotations

import pytest

from support import COMPILED, run

# MATCH_HEAD inline (one argument: a symbol, or a flat constructor of fresh variables)
# and its fall-backs: other heads, other lengths, numbers, strings, variables, a head that
# is not a symbol
CONSTRUCTORS = """
(= (len Nil) 0)
(= (len (Cons $h $t)) (+ 1 (len $t)))
(= (k Cons) sym)
(= (k (Cons $a $b)) ($a $b))
(= (k (Cons $a)) one)
(= (k (Foo $a $b)) foo)
(= (k 5) five)
(= (two (P $a $b) (P $c $d)) ($a $b $c $d))
!(len (Cons 1 (Cons 2 Nil)))
!(k Cons)
!(k (Cons 1 2))
!(k (Cons 1))
!(k (Foo 1 2))
!(k (Bar 1 2))
!(k 5)
!(k 5.0)
!(k "s")
!(k (Cons $x Nil))
!(k ((Cons) 1 2))
!(k (Cons (Cons 1 2) Nil))
!(len Nil)
!(len (Nil))
!(two (P 1 2) (P 3 4))
!(two (P 1 2) Q)
!(let $l (Cons 1 (Cons 2 Nil)) (len $l))
"""


@pytest.mark.parametrize("tier", COMPILED)
def test_constructor_patterns_agree_with_tier0(tier: str) -> None:
    assert run(tier, CONSTRUCTORS, tier1_threshold=0) == run("0", CONSTRUCTORS)
