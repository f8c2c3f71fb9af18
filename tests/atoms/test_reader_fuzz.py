"""The reader against a plain character-at-a-time reader, on random texts.

``parse_items`` reads by splitting the text with one regular expression (for speed: a big
file of facts loads in linear time). This test keeps the obvious reader, one character at a
time, as the specification, and checks on texts drawn from the characters that matter
(parentheses, quotes, escapes, comments, ``!``, white space of every kind) that both give
the same items at the same places, or the same error at the same place.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import Atom, Expression
from mettajit.atoms.core import string as make_string
from mettajit.atoms.reader import _ESCAPES, ParseError, parse_items, word_atom

_DELIMS = frozenset("() \t\n\r\f\v;")


class _Spec:
    """The reader as first written: one character at a time."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def fail(self, message: str, pos: int) -> ParseError:
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return ParseError(message, "f.metta", line, col)

    def skip_space(self) -> None:
        text, i = self.text, self.pos
        while i < len(text):
            if text[i] == ";":
                j = text.find("\n", i)
                i = len(text) if j < 0 else j + 1
            elif text[i].isspace():
                i += 1
            else:
                break
        self.pos = i

    def string(self) -> str:
        text, start = self.text, self.pos
        i, out = start + 1, []
        while i < len(text):
            c = text[i]
            if c == '"':
                self.pos = i + 1
                return "".join(out)
            if c == "\\":
                if i + 1 >= len(text):
                    break
                e = text[i + 1]
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                    i += 2
                    continue
                if e == "x" and i + 3 < len(text):
                    try:
                        out.append(chr(int(text[i + 2 : i + 4], 16)))
                    except ValueError:
                        raise self.fail(f"bad escape \\x{text[i + 2:i + 4]}", i) from None
                    i += 4
                    continue
                raise self.fail(f"unknown escape \\{e} in string", i)
            out.append(c)
            i += 1
        raise self.fail("unterminated string", start)

    def atom(self) -> Atom:
        stack: list[tuple[int, list[Atom]]] = []
        text = self.text
        while True:
            self.skip_space()
            if self.pos >= len(text):
                if stack:
                    raise self.fail("unbalanced parenthesis: '(' is never closed", stack[-1][0])
                raise self.fail("unexpected end of input", self.pos)
            c = text[self.pos]
            atom: Atom
            if c == "(":
                stack.append((self.pos, []))
                self.pos += 1
                continue
            if c == ")":
                if not stack:
                    raise self.fail("unbalanced parenthesis: unexpected ')'", self.pos)
                self.pos += 1
                atom = Expression(tuple(stack.pop()[1]))
            elif c == '"':
                atom = make_string(self.string())
            else:
                start = self.pos
                while self.pos < len(text) and text[self.pos] not in _DELIMS:
                    self.pos += 1
                atom = word_atom(text[start : self.pos])
            if not stack:
                return atom
            stack[-1][1].append(atom)

    def items(self) -> list[tuple[Atom, bool, int, int]]:
        out = []
        text = self.text
        while True:
            self.skip_space()
            if self.pos >= len(text):
                return out
            start, query = self.pos, False
            if text[start] == "!" and (start + 1 >= len(text) or text[start + 1] in _DELIMS):
                query = True
                self.pos += 1
                self.skip_space()
                if self.pos >= len(text):
                    raise self.fail("'!' with no expression after it", start)
            err = self.fail("", start)
            out.append((self.atom(), query, err.line, err.col))


def outcome(read: object, text: str) -> object:
    try:
        if read is parse_items:
            return [(i.atom, i.query, i.line, i.col) for i in parse_items(text, "f.metta")]
        return _Spec(text).items()
    except ParseError as e:
        return str(e)


_PIECES = st.sampled_from(
    ["(", ")", "(", ")", '"', "\\", "\\n", "\\x4", "\\x41", "\\q", ";", "!", "! ", "!(",
     " ", "\n", "\t", "\r", "\u00a0", "\u2028", "\x1c", "a", "$x", "$", "12", "-3", "1.5",
     "1e5", "True", "'c'", "''", "é", "x\"y", "; c\n", '"s"', "()"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_reader_agrees_with_the_plain_reader(text: str) -> None:
    assert outcome(parse_items, text) == outcome(_Spec, text)


@given(st.text(max_size=60))
def test_reader_agrees_on_any_text(text: str) -> None:
    assert outcome(parse_items, text) == outcome(_Spec, text)
