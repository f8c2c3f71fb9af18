"""Property tests: the printer and the reader are inverse on every atom the reader can produce."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms import (
    Atom,
    Expression,
    Grounded,
    S,
    Symbol,
    V,
    ValueAtom,
    format_atom,
    format_results,
    parse_all,
    parse_atom,
    parse_items,
)
from mettajit.atoms.reader import word_atom

# word characters: anything the reader does not treat as a delimiter or a string quote
_WORD_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S"),
    exclude_characters='()";\\',
)


def _is_plain_symbol(name: str) -> bool:
    return name[0] not in '$"' and isinstance(word_atom(name), Symbol)


symbols = st.text(_WORD_CHARS, min_size=1, max_size=8).filter(_is_plain_symbol).map(S)
variables = st.text(_WORD_CHARS, min_size=1, max_size=6).filter(lambda n: "#" not in n).map(V)
ints = st.integers(min_value=-(10**30), max_value=10**30).map(ValueAtom)
floats = st.floats(allow_nan=False, allow_infinity=False).map(ValueAtom)
strings = st.text(max_size=12).map(ValueAtom)
bools = st.booleans().map(ValueAtom)
leaves = st.one_of(symbols, variables, ints, floats, strings, bools)
atoms: st.SearchStrategy[Atom] = st.recursive(
    leaves,
    lambda kids: st.lists(kids, max_size=5).map(lambda xs: Expression(tuple(xs))),
    max_leaves=30,
)


def same(a: Atom, b: Atom) -> bool:
    """Structural equality that also tells -0.0 from 0.0 and int from float."""
    if isinstance(a, Grounded) and isinstance(b, Grounded):
        if a.kind is not b.kind:
            return False
        if a.kind is float:
            return math.copysign(1.0, a.value) == math.copysign(1.0, b.value) and a == b
        return bool(a == b)
    if isinstance(a, Expression) and isinstance(b, Expression):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@given(atoms)
def test_print_then_parse_is_identity(atom: Atom) -> None:
    text = format_atom(atom)
    assert same(parse_atom(text), atom), text


# a lone `!` at top level marks the next item as a query, so it cannot stand as a symbol there
top_level_atoms = atoms.filter(lambda a: a is not S("!"))


@given(st.lists(top_level_atoms, max_size=6))
def test_a_printed_program_reads_back(program: list[Atom]) -> None:
    text = "\n".join(format_atom(a) for a in program)
    assert all(same(x, y) for x, y in zip(parse_all(text), program, strict=True))


@given(st.lists(atoms.filter(lambda a: isinstance(a, Expression)), min_size=1, max_size=4))
def test_queries_read_back_as_queries(program: list[Atom]) -> None:
    text = "\n".join("!" + format_atom(a) for a in program)
    items = parse_items(text)
    assert [i.query for i in items] == [True] * len(program)
    assert all(same(i.atom, a) for i, a in zip(items, program, strict=True))


@given(st.lists(atoms, max_size=5))
def test_format_results_is_bracketed_and_comma_separated(results: list[Atom]) -> None:
    line = format_results(results)
    assert line.startswith("[") and line.endswith("]")
    if results:
        assert line[1:-1].count(", ") >= len(results) - 1
