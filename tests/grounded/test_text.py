"""Text operations, checked against what hyperon 0.2.10 prints for each query."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import Expression, Symbol, string
from mettajit.atoms.printer import format_atom
from mettajit.grounded import BUILTINS
from mettajit.grounded.text import char, fill_braces

Call = Callable[[str], str]

ORACLE = [
    ('(repr (f "a" 1 2.0 $x))', '"(f \\"a\\" 1 2.0 $x)"'),
    ('(repr "a")', '"\\"a\\""'),
    ("(repr a)", '"a"'),
    ("(repr (+ 1 2))", '"(+ 1 2)"'),
    ("(repr $x)", '"$x"'),
    ("(repr 1e20)", '"1e20"'),
    ("(repr -0.0)", '"-0.0"'),
    ('(repr (stringToChars "ab"))', '"(stringToChars \\"ab\\")"'),
    ('(parse "(f a 1 \\"s\\" $x)")', '(f a 1 "s" $x)'),
    ('(parse "1.5")', "1.5"),
    ('(parse "True")', "True"),
    ('(parse "$x")', "$x"),
    ('(parse "  (a)  ")', "(a)"),
    ('(parse "a b")', "a"),
    ('(parse "a\\"b")', 'a"b'),
    ('(parse "(f \\"a\\\\nb\\")")', '(f "a\\\\nb")'),  # escapes come back doubled
    ('(parse "(a")', '(parse "(a")'),  # not reducible
    ("(parse a)", "(parse a)"),
    ('(stringToChars "abc")', "('a' 'b' 'c')"),
    ('(stringToChars "")', "()"),
    ('(stringToChars "a\\"b")', "('a' '\\' '\"' 'b')"),
    ("(stringToChars abc)", "('b')"),
    ("(stringToChars (a b))", "('a' ' ' 'b')"),
    ('(charsToString (stringToChars "abc"))', '"tringToCharabc"'),
    ('(charsToString ("a" "bc"))', '"abc"'),
    ("(charsToString (a b))", '""'),
    ('(charsToString ("a" (b c)))', '"ab c"'),
    ("(charsToString ())", '""'),
    ('(format-args "x={} y={}" (1 2))', '"x=1 y=2"'),
    ('(format-args "x={} y={}" ("a" b))', '"x=a y=b"'),
    ('(format-args "x={} y={}" (1))', '"x=1 y="'),
    ('(format-args "x={}" (1 2))', '"x=1"'),
    ('(format-args "{} {}" ((+ 1 2) $x))', '"(+ 1 2) $x"'),
    ('(format-args "{}" ((a "b")))', '"(a \\"b\\")"'),
    ('(format-args "{}" (2.0 True))', '"2.0"'),
    ('(format-args "{} and {}" ("a\\"b" "c\\nd"))', '"a\\"b and c\\nd"'),
    ('(format-args "{}" ())', '""'),
    ('(format-args "" (a))', '""'),
    ('(sort-strings ("b" "a" "c"))', '("a" "b" "c")'),
    ('(sort-strings ("b" "a" "b"))', '("a" "b" "b")'),
    ('(sort-strings ("B" "a" "é" "Z" "10" "9"))', '("10" "9" "B" "Z" "a" "é")'),
    ("(sort-strings ())", "()"),
]

ERRORS = [
    (
        '(parse "")',
        '(Error (parse "") Grounded operation which is defined using unwrap=False should '
        "return atom instead of Python type)",
    ),
    (
        "(format-args a (1))",
        "(Error (format-args a (1)) format-args expects format string as a first argument "
        "and expression as a second argument)",
    ),
    (
        "(format-args a b)",
        "(Error (format-args a b) format-args expects format string as a first argument "
        "and expression as a second argument)",
    ),
    ('(format-args "a" b)', '(Error (format-args "a" b) Atom is not an ExpressionAtom)'),
    (
        '(sort-strings ("b" a))',
        '(Error (sort-strings ("b" a)) sort-strings expects expression with strings as a '
        "first argument)",
    ),
    (
        "(sort-strings a)",
        "(Error (sort-strings a) sort-strings expects expression with strings as a first argument)",
    ),
]


@pytest.mark.parametrize(("query", "expected"), ORACLE + ERRORS)
def test_against_oracle(call: Call, query: str, expected: str) -> None:
    assert call(query) == expected


# every case here is the oracle's output for (format-args FMT (a b))
BRACES = [
    ("{{}} {}", "{} a"),
    ("{0} {1} {0}", "0 1 0"),
    ("{", ""),
    ("}", ""),
    ("{x}", "x"),
    ("{:?}", ":?"),
    ("{:>5}", ":>5"),
    ("{ }", " "),
    ("{}}", "a"),
    ("{{}", "{"),
    ("{}}}", "a}"),
    ("{0}{}", "0{"),
    ("a}b{c", "abc"),
    ("{{{}}}", "{a}"),
    ("{}{{", "a{"),
    ("}{", "{"),
    ("}{}", "{"),
    ("}{{", "{"),
    ("{}{", "a"),
    ("x{y", "xy"),
    ("{x{}", "xa"),
    ("{}x}", "ax"),
    ("{a}{}", "a{"),
    ("}}{}", "}a"),
    ("{{}}}{}", "{}{"),
    ("{}{}", "ab"),
    ("{}{}{}", "ab"),
]


@pytest.mark.parametrize(("fmt", "expected"), BRACES)
def test_brace_rules(fmt: str, expected: str) -> None:
    assert fill_braces(fmt, ["a", "b"]) == expected


@given(st.text(alphabet="ab {}", max_size=12))
def test_fill_braces_without_braces_in_the_values_adds_no_braces(fmt: str) -> None:
    out = fill_braces(fmt, ["x"] * 12)
    assert out.count("{") <= fmt.count("{")
    assert out.count("}") <= fmt.count("}")


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20))
def test_fill_braces_leaves_brace_free_text_alone(text: str) -> None:
    assert fill_braces(text, ["x"]) == text


def test_chars_print_and_compare_as_the_reference() -> None:
    assert format_atom(char("a")) == "'a'"
    assert format_atom(char("\\")) == "'\\'"
    assert char("a") == char("a")
    assert char("a") != char("b")
    assert char("a") != string("a")
    assert format_atom(char("a").type) == "Char"


@given(st.text(alphabet=st.characters(blacklist_characters='"\\\n\t\r\0'), max_size=20))
def test_string_to_chars_and_back(text: str) -> None:
    to_chars = BUILTINS.ops["stringToChars"].fn
    to_string = BUILTINS.ops["charsToString"].fn
    chars = to_chars(string(text))
    assert isinstance(chars, Expression)
    assert len(chars.children) == len(text)
    assert to_string(chars) == string(text)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20))
def test_repr_of_a_string_is_its_printed_form(text: str) -> None:
    quoted = BUILTINS.ops["repr"].fn(string(text))
    assert quoted == string(format_atom(string(text)))


def test_repr_of_a_symbol_parses_back() -> None:
    parse = BUILTINS.ops["parse"].fn
    assert parse(BUILTINS.ops["repr"].fn(Symbol("foo"))) is Symbol("foo")


def test_types_as_the_reference_declares_them() -> None:
    types = {
        "repr": "(-> Atom String)",
        "parse": "(-> String Atom)",
        "stringToChars": "(-> String Atom)",
        "charsToString": "(-> Atom String)",
        "format-args": "(-> String Expression String)",
        "sort-strings": "(-> Expression Expression)",
    }
    for name, text in types.items():
        assert format_atom(BUILTINS.ops[name].type) == text
