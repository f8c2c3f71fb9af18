"""Reader tokens of the reference's standard library: ``'c'`` Char literals and the ``PI``
and ``EXP`` constants (expectations from hyperon 0.2.10)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms import Grounded, Symbol, format_atom, parse_atom
from mettajit.atoms.reader import CHAR, Char, word_atom


def test_one_character_between_quotes_is_a_char() -> None:
    a = parse_atom("'a'")
    assert type(a) is Grounded and a.value == Char("a") and a.type is CHAR
    assert format_atom(a) == "'a'"
    assert parse_atom("'a'") == parse_atom("'a'")
    assert parse_atom("'a'") != parse_atom("'b'")
    assert parse_atom("'a'") != parse_atom('"a"')


def test_other_quoted_words_stay_symbols() -> None:
    # as in the reference, whose token is the regex '[^']'
    for word in ("'ab'", "'\\n'", "''", "'''", "'", "a'b'", "'a'b"):
        assert type(word_atom(word)) is Symbol, word


def test_chars_inside_expressions() -> None:
    assert format_atom(parse_atom("(foo 'a' 'é')")) == "(foo 'a' 'é')"


def test_constants() -> None:
    pi, e = word_atom("PI"), word_atom("EXP")
    assert type(pi) is Grounded and pi.value == math.pi and format_atom(pi) == "3.141592653589793"
    assert type(e) is Grounded and e.value == math.e and format_atom(e) == "2.718281828459045"
    assert type(word_atom("Pi")) is Symbol


@given(st.characters(codec="utf-8", exclude_characters="'()\";", exclude_categories=("Z", "C")))
def test_char_round_trip(c: str) -> None:
    a = parse_atom(f"'{c}'")
    assert type(a) is Grounded and a.value == Char(c)
    assert parse_atom(format_atom(a)) == a
