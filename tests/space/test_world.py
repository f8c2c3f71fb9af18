"""The world version (space.world): every change evaluation reads makes a new version,
every cache reads that one object, and two worlds never share a number."""

from __future__ import annotations

from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.inert import Inertness
from mettajit.space import Space, World
from support import DEFAULT_TIER, interpreter, run, runner


def test_an_atom_added_or_removed_in_the_current_space_is_a_new_world() -> None:
    interp = interpreter()
    w0 = interp.world.version
    interp.add_atom(parse_atom("(= (f) 1)"))
    w1 = interp.world.version
    assert w1 != w0
    assert interp.space.remove(parse_atom("(= (f) 1)"))
    assert interp.world.version not in (w0, w1)
    assert not interp.space.remove(parse_atom("(= (f) 1)"))  # nothing removed: same world
    w2 = interp.world.version
    interp.space.add(parse_atom("(fact 1)"))  # any atom: a fact may be matched
    assert interp.world.version != w2


def test_another_space_made_current_is_a_new_world_and_its_changes_count() -> None:
    interp = interpreter()
    own, other = interp.space, Space("&other")
    w0 = interp.world.version
    interp.set_space(other)
    w1 = interp.world.version
    assert w1 != w0
    other.add(parse_atom("(= (g) 2)"))
    w2 = interp.world.version
    assert w2 != w1
    own.add(parse_atom("(x)"))  # not the current space: the world stays
    assert interp.world.version == w2
    interp.set_space(own)
    assert interp.world.version not in (w0, w1, w2)
    other.add(parse_atom("(y)"))  # no longer current
    w3 = interp.world.version
    assert own.worlds == [interp.world] and other.worlds == []
    own.add(parse_atom("(z)"))
    assert interp.world.version != w3


def test_a_token_bound_or_an_operation_registered_is_a_new_world() -> None:
    m = runner(DEFAULT_TIER)
    w0 = m.interp.world.version
    run(m, "!(bind! &tok 5)")
    w1 = m.interp.world.version
    assert w1 != w0
    m.register_operation("twice", lambda x: 2 * x, "(-> Number Number)", variadic=False)
    assert m.interp.world.version != w1
    assert run(m, "!(twice 4)").atoms == [[parse_atom("8")]]


def test_two_worlds_never_share_a_version() -> None:
    a, b = World(Space()), World(Space())
    seen = {a.version, b.version}
    for _ in range(3):
        a.changed()
        b.space.add(parse_atom("(p)"))
        seen |= {a.version, b.version}
    assert len(seen) == 8


def test_the_inert_memo_follows_the_world() -> None:
    interp = interpreter()
    inert = Inertness(interp)
    data = parse_atom("(Cons 1 (Cons 2 Nil))")
    assert inert.inert(data)
    interp.add_atom(parse_atom("(= (Cons $x $y) $x)"))  # Cons now has a rule
    assert not inert.inert(data)


def test_a_normal_form_mark_is_void_in_a_new_world() -> None:
    interp = interpreter()
    [data] = interp.evaluate(parse_atom("(pair (a) (b))"))
    assert data._nf == interp.world.version  # type: ignore[attr-defined]
    assert interp.evaluate(data)[0] is data  # marked: no walk
    interp.add_atom(parse_atom("(= (a) 1)"))
    assert [str(r) for r in interp.evaluate(data)] == ["(pair 1 (b))"]
