"""``space.flatquery``: a flat pattern's matches read from the index in one call agree with
``Space.query`` (same bindings, same order), and it declines what only unification can
answer; the VM's ``MATCH`` uses it, so the programs below are run on every tier too."""

from __future__ import annotations

import pytest

import support
from mettajit.atoms.reader import parse_atom
from mettajit.space import Space
from mettajit.space.flatquery import flat_fill, flat_matches, is_flat_space
from mettajit.space.unify import substitute


@pytest.fixture(autouse=True)
def _no_matchables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another test may have made a matchable atom: then flat_matches declines everything."""
    from mettajit.atoms.objects import MatchableObject

    monkeypatch.setattr(MatchableObject, "made", False)


def _space(*facts: str) -> Space:
    s = Space()
    for f in facts:
        s.add(parse_atom(f))
    return s


FACTS = ("(e a b)", "(e b c)", "(e a c)", "(e (p 1) x)", "(f a)", "(e c a)")


def _general(space: Space, pattern: str, free: list[str]) -> list[tuple[str, ...]]:
    pat = parse_atom(pattern)
    names = {v.name: v for v in _vars(pat)}
    return [tuple(str(substitute(names[n], b)) for n in free) for b in space.query(pat)]


def _vars(atom: object) -> list:  # type: ignore[type-arg]
    from mettajit.atoms.core import variables

    return variables(atom)  # type: ignore[arg-type]


@pytest.mark.parametrize(("args", "pattern", "free"), [
    ((None, None), "(e $x $y)", ["x", "y"]),
    (("a", None), "(e a $y)", ["y"]),
    ((None, "c"), "(e $x c)", ["x"]),
    (("(p 1)", None), "(e (p 1) $y)", ["y"]),
    (("a", "c"), "(e a c)", []),
    (("z", None), "(e z $y)", ["y"]),
])
def test_agrees_with_query(args: tuple[str | None, ...], pattern: str, free: list[str]) -> None:
    s = _space(*FACTS)
    got = flat_matches(s, parse_atom("e"), [None if a is None else parse_atom(a) for a in args])
    assert got is not None
    assert [tuple(str(x) for x in row) for row in got] == _general(s, pattern, free)


def test_no_atom_of_the_head_is_no_match() -> None:
    assert flat_matches(_space(*FACTS), parse_atom("g"), [None]) == []
    assert flat_matches(_space(*FACTS), parse_atom("e"), [None]) == []  # (e $x): arity 2


def test_declines_what_unification_must_answer() -> None:
    e = parse_atom("e")
    assert flat_matches(_space("(e $v b)", "(e a b)"), e, [None, None]) is None
    assert flat_matches(_space("(e a $v)", "(e a b)"), e, [parse_atom("a"), None]) is None
    assert flat_matches(_space("($h a b)", "(e a b)"), e, [None, None]) is None


def test_python_spaces_are_not_read() -> None:
    from mettajit.space.refs import PythonSpace

    assert is_flat_space(Space())
    assert not is_flat_space(object())
    assert not is_flat_space(PythonSpace.__new__(PythonSpace))


PROGRAM = """
(e a b) (e b c) (e a c) (e c a) (e (p 1) x) (g $v $v) (g 1 2) (g 3 3) (h d $free) (h a b)
!(collapse (match &self (e $x $y) (match &self (e $y $z) ($x $y $z))))
!(collapse (match &self (e a $y) $y))
!(collapse (match &self (h $x $y) ($x $y)))
!(collapse (match &self (h $x $y) (match &self (h $y $z) ($x $y $z))))
!(collapse (match &self (h d b) ok))
!(collapse (match &self (g $a $a) $a))
!(collapse (match &self (e $x $x) $x))
!(let $k (p 1) (collapse (match &self (e $k $w) $w)))
!(let $k (q $u) (collapse (match &self (e $k $w) ($k $w))))
!(bind! tok a)
!(collapse (match &self (e tok $w) $w))
!(add-atom &self (e b d))
!(collapse (match &self (e b $w) $w))
!(remove-atom &self (e b c))
!(collapse (match &self (e b $w) $w))
"""


@pytest.mark.parametrize("tier", support.COMPILED)
def test_programs_agree_with_tier0(tier: str) -> None:
    assert support.run(tier, PROGRAM).bags() == support.run("0", PROGRAM).bags()


def test_tier1_match_reads_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from mettajit.bytecode import slowpaths

    calls: list[object] = []

    def counted(*args: object) -> object:
        calls.append(args)
        return flat_fill(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(slowpaths, "flat_fill", counted)
    got = support.run("1", "(e a b) (e b c)\n"
                      "!(collapse (match &self (e $x $y) (match &self (e $y $z) $z)))")
    assert got == [["(c)"]]
    assert len(calls) == 3  # the outer query, and the inner one per outer match
