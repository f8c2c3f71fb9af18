"""A type declaration added after a unit was compiled (to a chunk, to native code) is seen
by every tier: the compiled code of the declared function and of its callers is stale
(the callers' chunks call it without the type check, or native code calls it directly).
Expected answers are tier 0's, checked against hyperon 0.2.10 where it agrees (each probe
run alone: the reference stops a program after a top-level type error)."""

from __future__ import annotations

import pytest

from support import EAGER, TIERS, run

F_PLUS = "(= (f $x) (+ $x 1))\n"
G_CALLS_F = "(= (g $x) (f $x))\n"
G_CALLS_F_OF_SUM = "(= (g $x) (f (+ $x 1)))\n"
G_TWICE = "(= (g $x) (f (f $x)))\n"
WARM = "!(g 1)\n!(f 1)\n"  # both units compiled (tier 1: at once; tier 2: native)


CASES = {
    # g's native code called f's directly: the declaration must reach it
    "native-callee-typed-late": (
        F_PLUS + G_CALLS_F + WARM + "(: f (-> String Number))\n!(g 1)\n!(f 1)\n",
        "[(Error (f 1) (BadArgType 1 String Number))]"),
    # g's chunk called f untyped: the Error shows the call as written, as tier 0's does
    "caller-chunk-typed-late": (
        F_PLUS + G_CALLS_F_OF_SUM + WARM + "(: f (-> String Number))\n!(g 1)\n",
        "[(Error (f (+ 1 1)) (BadArgType 1 String Number))]"),
    "bad-argument-through-a-native-caller": (
        F_PLUS + G_TWICE + WARM + "(: f (-> Number Number))\n!(g \"a\")\n",
        '[(Error (f "a") (BadArgType 1 Number String))]'),
    "bad-argument-direct": (
        F_PLUS + G_TWICE + WARM + "(: f (-> Number Number))\n!(f \"a\")\n",
        '[(Error (f "a") (BadArgType 1 Number String))]'),
    # declared and removed at run time, inside a query
    "declared-inside-a-query": (
        F_PLUS + G_CALLS_F + WARM
        + "!(let $_ (add-atom &self (: f (-> String Number))) (g 1))\n",
        "[(Error (f 1) (BadArgType 1 String Number))]"),
    "declaration-removed": (
        F_PLUS + G_CALLS_F + WARM + "(: f (-> String Number))\n!(g 1)\n"
        + "!(let $_ (remove-atom &self (: f (-> String Number))) (g 1))\n",
        "[2]"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("tier", TIERS)
def test_a_late_declaration_is_seen_by_every_tier(name: str, tier: str) -> None:
    program, want = CASES[name]
    got = run(tier, program, **EAGER).lines()
    assert got[-1] == want
    assert got == run("0", program).lines()


def test_native_code_of_the_declared_function_and_its_callers_is_dropped() -> None:
    m = run("2", F_PLUS + G_CALLS_F + WARM).metta
    c = m.stats.counters
    assert c["tier2.units.compiled"] == 2
    m.run("(: f (-> String Number))")
    assert c["tier2.invalidations"] >= 2
    m.run("(: h (-> Number Number))")  # a symbol no compiled code mentions: nothing to drop
    assert c["tier1.invalidations.types"] == 1


def test_the_space_tells_type_listeners_the_declared_subject() -> None:
    from mettajit.atoms.core import Symbol
    from mettajit.atoms.reader import parse_atom
    from mettajit.space.store import Space

    s = Space()
    heard: list[object] = []
    s.type_listeners.append(heard.append)
    s.add(parse_atom("(= (f $x) $x)"))  # a rule, a fact: not declarations
    s.add(parse_atom("(p 1)"))
    decl = parse_atom("(: f (-> Number Number))")
    s.add(decl)
    assert s.remove(decl)
    assert not s.remove(decl)  # nothing removed: nothing to hear
    assert heard == [Symbol("f"), Symbol("f")]
