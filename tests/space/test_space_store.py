"""Space: add, remove, query, rules by head, and the first-argument index."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms import Atom, E, S, V, parse_atom
from mettajit.space import Space, rename_variables, substitute, unify


def space_of(*texts: str) -> Space:
    s = Space()
    for t in texts:
        s.add(parse_atom(t))
    return s


def answers(space: Space, pattern: str) -> list[Atom]:
    p = parse_atom(pattern)
    return [substitute(p, b) for b in space.query(p)]


def test_add_and_atoms_in_insertion_order() -> None:
    s = space_of("(a 1)", "foo", "(b 2)", "(a 1)")
    assert s.atoms() == [parse_atom(t) for t in ("(a 1)", "foo", "(b 2)", "(a 1)")]
    assert len(s) == 4  # a multiset: duplicates are kept


def test_remove_one_copy_at_a_time() -> None:
    s = space_of("(a 1)", "(a 1)", "x")
    assert s.remove(parse_atom("(a 1)"))
    assert len(s) == 2
    assert s.remove(parse_atom("(a 1)"))
    assert not s.remove(parse_atom("(a 1)"))
    assert s.remove(S("x"))
    assert len(s) == 0


def test_query_binds_variables() -> None:
    s = space_of("(parent tom bob)", "(parent bob ann)", "(parent tom liz)")
    assert sorted(map(repr, answers(s, "(parent tom $c)"))) == sorted(
        map(repr, [parse_atom("(parent tom bob)"), parse_atom("(parent tom liz)")])
    )
    assert answers(s, "(parent nobody $c)") == []


def test_stored_variables_are_renamed_apart() -> None:
    s = space_of("(likes $x $x)")
    assert answers(s, "(likes bob $y)") == [parse_atom("(likes bob bob)")]
    assert answers(s, "(likes $x alice)") == [parse_atom("(likes alice alice)")]


def test_first_argument_index_narrows_candidates() -> None:
    s = space_of("(parent a b)", "(parent b c)", "(parent c d)", "(parent $v e)", "(other b c)")
    cands = list(s.candidates(parse_atom("(parent b $z)")))
    assert parse_atom("(parent b c)") in cands
    assert parse_atom("(parent a b)") not in cands
    assert parse_atom("(parent c d)") not in cands
    assert parse_atom("(other b c)") not in cands
    # a stored atom with a variable first argument may match any first argument
    assert any(repr(c) == repr(parse_atom("(parent $v e)")) for c in cands)
    # a variable first argument in the pattern scans every bucket of the head
    assert len(list(s.candidates(parse_atom("(parent $x $y)")))) == 4


def test_variable_and_non_symbol_headed_patterns() -> None:
    s = space_of("(a 1)", "((nested) 2)", "sym")
    assert len(answers(s, "$anything")) == 3
    assert answers(s, "(($h) $n)") == [parse_atom("((nested) 2)")]
    assert answers(s, "sym") == [S("sym")]


def test_rules_are_indexed_by_head_and_versioned() -> None:
    s = Space()
    rule = parse_atom("(= (f $x) (+ $x 1))")
    s.add(rule)
    key = (S("f"), 2)
    assert [r.lhs for r in s.rules_for(key)] == [E(S("f"), V("x"))]
    assert s.has_rules(key)
    v1 = s.versions[key]
    s.add(parse_atom("(= (f 0) zero)"))
    assert len(s.rules_for(key)) == 2
    assert s.versions[key] > v1
    assert s.remove(rule)
    assert len(s.rules_for(key)) == 1
    assert not s.has_rules((S("g"), 2))


def test_listeners_hear_rule_changes() -> None:
    s = Space()
    heard: list[object] = []
    s.listeners.append(heard.append)
    s.add(parse_atom("(= (g) 1)"))
    s.add(parse_atom("(fact 1)"))  # not a rule: no notification
    assert heard == [(S("g"), 1)]


facts = st.tuples(
    st.sampled_from(["p", "q"]),
    st.sampled_from(["a", "b", "c", "$v", "(s a)", "(s $w)"]),
    st.sampled_from(["a", "b", "$u"]),
).map(lambda t: parse_atom(f"({t[0]} {t[1]} {t[2]})"))
patterns = st.tuples(
    st.sampled_from(["p", "q", "$h"]),
    st.sampled_from(["a", "b", "$x", "(s $y)", "(s a)"]),
    st.sampled_from(["a", "$z"]),
).map(lambda t: parse_atom(f"({t[0]} {t[1]} {t[2]})"))


@given(st.lists(facts, max_size=12), patterns)
def test_indexed_query_equals_a_full_scan(stored: list[Atom], pattern: Atom) -> None:
    s = Space()
    for a in stored:
        s.add(a)
    got = sorted(repr(substitute(pattern, b)) for b in s.query(pattern))
    # a brute-force scan over every stored atom finds as many matches as the index does
    scan = [a for a in stored if unify(pattern, rename_variables(a)) is not None]
    assert len(got) == len(scan)
