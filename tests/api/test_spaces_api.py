"""hyperon's bindings and space API: Bindings/BindingsSet, space references, Python spaces
queried by ``match`` on every tier, matchable grounded atoms."""

from __future__ import annotations

import pytest

from mettajit import (
    AbstractSpace,
    Bindings,
    BindingsSet,
    E,
    G,
    GroundingSpace,
    GroundingSpaceRef,
    MatchableObject,
    MeTTa,
    S,
    SpaceRef,
    V,
    ValueAtom,
)
from support import DEFAULT_TIER, EAGER, run, runner


def test_bindings_add_merge_resolve() -> None:
    b = Bindings()
    assert b.is_empty() and b.add_var_binding(V("x"), S("a"))
    assert not b.add_var_binding(V("x"), S("b"))  # contradicts: refused, unchanged
    assert b.resolve(V("x")) == S("a") and b.resolve(V("y")) is None
    assert repr(b) == "{ $x <- a }"
    other = Bindings()
    other.add_var_binding(V("x"), S("b"))
    assert b.merge(other).is_empty()
    assert b.merge(Bindings()) == BindingsSet(b)


def test_bindings_set_frames() -> None:
    s = BindingsSet()
    assert s.is_single() and not s.is_empty() and repr(s) == "[ {  } ]"
    assert BindingsSet.empty().is_empty() and repr(BindingsSet.empty()) == "[ ]"
    s.add_var_binding(V("a"), S("A"))
    clone = s.clone()
    clone.add_var_binding(V("a"), S("B"))
    assert clone.is_empty() and s[0] == {"a": S("A")}
    s.add_var_equality(V("a"), V("a2"))
    s.merge_into(BindingsSet(Bindings({V("b"): S("B")})))
    assert len(list(s.iterator())) == 1 and s[0] == {"a": S("A"), "a2": S("A"), "b": S("B")}


def test_match_atom() -> None:
    (frame,) = list(E(S("a"), V("x")).match_atom(E(V("y"), S("b"))).iterator())
    assert dict(frame.iterator()) == {V("x"): S("b"), V("y"): S("a")}
    assert S("a").match_atom(S("b")).is_empty()


def test_grounding_space_ref() -> None:
    kb = GroundingSpaceRef()
    for a in (E(S("A"), S("B")), E(S("C"), S("B")), S("c")):
        kb.add_atom(a)
    assert kb.atom_count() == 3
    assert kb.replace_atom(S("c"), S("d")) and not kb.remove_atom(S("c"))
    assert list(kb.query(E(S(","), E(S("A"), V("x")), E(S("C"), V("x"))))) == [{"x": S("B")}]
    assert kb.subst(E(S("A"), V("x")), E(S("got"), V("x"))) == [E(S("got"), S("B"))]
    assert kb == kb and kb != GroundingSpaceRef()
    m = runner(DEFAULT_TIER)
    assert G(m.space()) == run(m, "!(context-space)").atoms[0][0]
    assert m.space().get_payload() is None


class ListSpace(AbstractSpace):
    """A Python space over a list, answering queries by matching each atom."""

    def __init__(self) -> None:
        super().__init__()
        self.atoms: list[object] = []
        self.queries = 0

    def query(self, query_atom):  # type: ignore[no-untyped-def]
        self.queries += 1
        qvars = [a for a in query_atom.iterate() if a.get_metatype().name == "VARIABLE"]
        out = BindingsSet.empty()
        for atom in self.atoms:
            for b in atom.match_atom(query_atom).iterator():  # type: ignore[attr-defined]
                b.narrow_vars(qvars)
                out.push(b)
        return out

    def add(self, atom):  # type: ignore[no-untyped-def]
        self.atoms.append(atom)

    def remove(self, atom):  # type: ignore[no-untyped-def]
        if atom in self.atoms:
            self.atoms.remove(atom)
            return True
        return False

    def atoms_iter(self):  # type: ignore[no-untyped-def]
        return iter(self.atoms)


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_a_python_space_answers_match_on_every_tier(tier: str) -> None:
    payload = ListSpace()
    kb = SpaceRef(payload)
    kb.add_atom(E(S("A"), S("B")))
    kb.add_atom(E(S("A"), S("E")))
    m = runner(tier, **EAGER)
    m.register_atom("&kb", G(kb))
    prog = "(= (in-kb $x) (match &kb (A $x) $x)) !(in-kb $y) !(in-kb $y) !(in-kb $y)"
    assert run(m, prog).sorted() == [["B", "E"]] * 3
    assert payload.queries == 3  # the Python space answered each query itself
    assert sorted(map(str, kb.get_atoms())) == ["(A B)", "(A E)"]
    assert kb.get_payload() is payload


def test_a_runner_over_a_python_space() -> None:
    payload = ListSpace()
    m = MeTTa(space=SpaceRef(payload))
    run(m, "(= key val) (= (f) 42)")
    assert run(m, "!(match &self (= key $v) $v) !(f)").atoms == [[S("val")], [ValueAtom(42)]]
    assert m.space().get_payload() is payload and len(payload.atoms) == 2


def test_an_extended_grounding_space() -> None:
    class CheckedOnly(GroundingSpace):
        """Answers from the atoms filed as (checked ...), and says so in a binding."""

        def query(self, query_atom):  # type: ignore[no-untyped-def]
            result = super().query(E(S("checked"), query_atom))
            result.add_var_binding(V("source"), S("checked"))
            return result

    kb = SpaceRef(CheckedOnly())
    kb.add_atom(E(S("checked"), E(S("capital"), S("Paris"))))
    kb.add_atom(E(S("rumour"), E(S("capital"), S("Lyon"))))
    assert list(kb.query(E(S("capital"), V("x")))) == [{"x": S("Paris"), "source": S("checked")}]


class Parity(MatchableObject):
    """Matches any even number."""

    def match_(self, atom):  # type: ignore[no-untyped-def]
        ok = atom.get_metatype().name == "GROUNDED" and atom.get_object().value % 2 == 0
        return [{"n": atom}] if ok else []


def test_matchable_atoms_in_facts_and_rule_heads() -> None:
    m = runner(DEFAULT_TIER)
    even = G(Parity(None, "even"))
    m.register_atom("even", even)
    run(m, "(kind even) (= (half even) yes) (= (half $x) no)")
    assert run(m, "!(match &self (kind 4) ok) !(match &self (kind 3) ok)").atoms == [[S("ok")], []]
    assert run(m, "!(half 4) !(half 3)").sorted() == [["no", "yes"], ["no"]]


def test_regex_token() -> None:
    m = runner(DEFAULT_TIER)
    run(m, '(= (intent regex:"^Hello[[\\.|!]]?$") (Intent Hello)) (= (intent $x) (empty))')
    assert run(m, '!(intent "hello!") !(intent "bye")').atoms == [[E(S("Intent"), S("Hello"))], []]
