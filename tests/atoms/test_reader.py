"""Reader unit tests: tokens, comments, strings, numbers, `!` queries and error positions."""

from __future__ import annotations

import pytest

from mettajit.atoms import (
    E,
    Expression,
    Grounded,
    ParseError,
    S,
    Symbol,
    V,
    Variable,
    parse_all,
    parse_atom,
    parse_items,
)


def test_symbols_are_interned() -> None:
    assert parse_atom("foo") is S("foo")
    assert parse_atom("(foo foo)") == E(S("foo"), S("foo"))


def test_variables() -> None:
    assert parse_atom("$x") == V("x")
    assert isinstance(parse_atom("$long-name_1"), Variable)
    assert parse_atom("$") is S("$")  # a lone dollar is a symbol


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("42", 42, int),
        ("-7", -7, int),
        ("+3", 3, int),
        ("123456789012345678901234567890", 123456789012345678901234567890, int),
        ("1.5", 1.5, float),
        ("-2.25", -2.25, float),
        ("1e3", 1000.0, float),
        ("-1.5e-3", -0.0015, float),
    ],
)
def test_numbers(text: str, value: object, kind: type) -> None:
    atom = parse_atom(text)
    assert isinstance(atom, Grounded)
    assert atom.value == value
    assert atom.kind is kind


@pytest.mark.parametrize("text", ["1.", "1.2.3", "-", "+", "1a", "--1"])
def test_number_like_words_are_symbols(text: str) -> None:
    assert parse_atom(text) is S(text)


def test_booleans() -> None:
    t, f = parse_atom("True"), parse_atom("False")
    assert isinstance(t, Grounded) and t.value is True
    assert isinstance(f, Grounded) and f.value is False
    assert parse_atom("True") != parse_atom("1")  # True == 1 in Python, not in MeTTa


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r'"plain"', "plain"),
        (r'""', ""),
        (r'"a\nb"', "a\nb"),
        (r'"tab\there"', "tab\there"),
        (r'"quote \" inside"', 'quote " inside'),
        (r'"back\\slash"', "back\\slash"),
        (r'"\x41\x42"', "AB"),
        ('"paren ( and ; semicolon"', "paren ( and ; semicolon"),
        ('"two\nlines"', "two\nlines"),
    ],
)
def test_strings(text: str, value: str) -> None:
    atom = parse_atom(text)
    assert isinstance(atom, Grounded)
    assert atom.value == value
    assert atom.kind is str


def test_comments_are_skipped() -> None:
    text = "; a comment\n(a ; inside\n b) ; after\n; last line without newline"
    assert parse_all(text) == [E(S("a"), S("b"))]


def test_semicolon_in_string_is_not_a_comment() -> None:
    assert parse_all('(f "a;b") x') == [E(S("f"), Grounded("a;b", S("String"))), S("x")]


def test_nested_and_empty_expressions() -> None:
    assert parse_atom("()") == Expression(())
    assert parse_atom("(a (b (c)) ())") == E(S("a"), E(S("b"), E(S("c"))), E())


def test_deep_nesting_does_not_recurse() -> None:
    depth = 50_000
    atom = parse_atom("(" * depth + "x" + ")" * depth)
    for _ in range(depth):
        assert isinstance(atom, Expression)
        atom = atom.children[0]
    assert atom is S("x")


def test_self_token_is_a_symbol() -> None:
    assert parse_atom("&self") is S("&self")
    assert parse_atom("(match &self $x $x)").children[1] is S("&self")  # type: ignore[attr-defined]


class TestQueries:
    def test_bang_paren_is_a_query(self) -> None:
        [item] = parse_items("!(+ 1 2)")
        assert item.query and item.atom == E(
            S("+"), Grounded(1, S("Number")), Grounded(2, S("Number"))
        )

    def test_bang_space_paren_is_a_query(self) -> None:
        [item] = parse_items("! (f x)")
        assert item.query and item.atom == E(S("f"), S("x"))

    def test_bang_newline_is_a_query(self) -> None:
        [item] = parse_items("!\n  x")
        assert item.query and item.atom is S("x")

    def test_bang_number_is_a_symbol(self) -> None:
        [item] = parse_items("!42")
        assert not item.query and item.atom is S("!42")

    def test_bang_string_is_one_symbol(self) -> None:
        [item] = parse_items('!"abc"')
        assert not item.query and isinstance(item.atom, Symbol)

    def test_bang_inside_a_word(self) -> None:
        assert parse_atom("(bind! &x 1)").children[0] is S("bind!")  # type: ignore[attr-defined]

    def test_plain_atoms_are_not_queries(self) -> None:
        items = parse_items("(= (f) 1)\n!(f)\nfoo")
        assert [i.query for i in items] == [False, True, False]

    def test_positions(self) -> None:
        items = parse_items("(a)\n  !(b)\n\n   c")
        assert [(i.line, i.col) for i in items] == [(1, 1), (2, 3), (4, 4)]


class TestErrors:
    def where(self, text: str) -> tuple[int, int, str]:
        with pytest.raises(ParseError) as info:
            parse_items(text, "prog.metta")
        e = info.value
        assert str(e) == f"prog.metta:{e.line}:{e.col}: {e.message}"
        return e.line, e.col, e.message

    def test_unclosed_paren_points_at_the_open_paren(self) -> None:
        line, col, msg = self.where("(a)\n  (b (c)\n")
        assert (line, col) == (2, 3)
        assert "never closed" in msg

    def test_extra_close_paren(self) -> None:
        line, col, msg = self.where("(a))")
        assert (line, col) == (1, 4)
        assert "unexpected ')'" in msg

    def test_close_paren_on_a_later_line(self) -> None:
        assert self.where("(a)\n\n   )")[:2] == (3, 4)

    def test_unterminated_string_points_at_the_quote(self) -> None:
        line, col, msg = self.where('(a\n "abc)\n')
        assert (line, col) == (2, 2)
        assert "unterminated string" in msg

    def test_unknown_escape(self) -> None:
        line, col, msg = self.where('x "ab\\q"')
        assert (line, col) == (1, 6)
        assert "escape" in msg

    def test_bang_at_end_of_input(self) -> None:
        assert self.where("(a)\n!")[:2] == (2, 1)

    def test_default_filename(self) -> None:
        with pytest.raises(ParseError, match=r"^<string>:1:1: "):
            parse_items("(")
