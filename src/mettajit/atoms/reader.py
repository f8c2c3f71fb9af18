"""The MeTTa reader: text to atoms, with file, line and column on every syntax error.

A program is a sequence of top-level items; ``!`` before an item makes it a query. ``!``
must stand alone (followed by whitespace or ``(``): ``!42`` is one symbol, as in the
reference. Tokens that name grounded values (``&self``, names made by ``bind!``) are read
as symbols and resolved when evaluated, so the whole file can be read before anything runs.

Words the reference's tokenizer turns into grounded values are turned into them here: numbers,
``True``/``False``, the constants ``PI`` and ``EXP`` (Numbers), and character literals: a word
of exactly one character between single quotes, ``'a'``, is a ``Char`` (the reference's token
``'[^']'``); ``'ab'``, ``'\n'`` and ``''`` stay symbols, as there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mettajit.atoms.core import FALSE, NUMBER, TRUE, Atom, Expression, Grounded, Symbol, Variable
from mettajit.atoms.core import string as make_string

CHAR = Symbol("Char")


@dataclass(frozen=True, slots=True)
class Char:
    """One character, printed ``'c'`` with no escaping (as the reference prints it)."""

    char: str

    def metta_repr(self) -> str:
        return f"'{self.char}'"


def char(c: str) -> Grounded:
    """A Char atom."""
    return Grounded(Char(c), CHAR)


# words the reference's standard library registers as tokens for constants
_CONSTANTS = {"PI": math.pi, "EXP": math.e}

_INT = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?\d+(\.\d+([eE][+-]?\d+)?|[eE][+-]?\d+)\Z")
_DELIMS = frozenset("() \t\n\r\f\v;")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


class ParseError(Exception):
    """A syntax error at a place in a file. ``str()`` is ``FILE:LINE:COL: message``."""

    def __init__(self, message: str, filename: str, line: int, col: int) -> None:
        super().__init__(f"{filename}:{line}:{col}: {message}")
        self.message = message
        self.filename = filename
        self.line = line
        self.col = col


@dataclass(frozen=True, slots=True)
class Item:
    """One top-level item of a program: an atom, whether it is a ``!`` query, and where."""

    atom: Atom
    query: bool
    line: int
    col: int


def word_atom(word: str) -> Atom:
    """The atom a bare word stands for: a variable, number, boolean or symbol."""
    if word[0] == "$" and len(word) > 1:
        return Variable(word[1:])
    c = word[0]
    if c.isdigit() or (c in "+-" and len(word) > 1 and word[1].isdigit()):
        if _INT.match(word):
            return Grounded(int(word), NUMBER)
        if _FLOAT.match(word):
            return Grounded(float(word), NUMBER)
    if word == "True":
        return TRUE
    if word == "False":
        return FALSE
    if c == "'" and len(word) == 3 and word[2] == "'" and word[1] != "'":
        return char(word[1])
    constant = _CONSTANTS.get(word)
    if constant is not None:
        return Grounded(constant, NUMBER)
    return Symbol(word)


class _Reader:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def error(self, message: str, pos: int | None = None) -> ParseError:
        if pos is None:
            pos = self.pos
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return ParseError(message, self.filename, line, col)

    def where(self, pos: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return line, col

    def skip_space(self) -> None:
        text, n, i = self.text, len(self.text), self.pos
        while i < n:
            c = text[i]
            if c == ";":
                j = text.find("\n", i)
                i = n if j < 0 else j + 1
            elif c.isspace():
                i += 1
            else:
                break
        self.pos = i

    def read_string(self) -> str:
        text, start = self.text, self.pos
        i, n = start + 1, len(text)
        out: list[str] = []
        while i < n:
            c = text[i]
            if c == '"':
                self.pos = i + 1
                return "".join(out)
            if c == "\\":
                if i + 1 >= n:
                    break
                e = text[i + 1]
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                    i += 2
                    continue
                if e == "x" and i + 3 < n:
                    try:
                        out.append(chr(int(text[i + 2 : i + 4], 16)))
                    except ValueError:
                        raise self.error(f"bad escape \\x{text[i + 2:i + 4]}", i) from None
                    i += 4
                    continue
                raise self.error(f"unknown escape \\{e} in string", i)
            out.append(c)
            i += 1
        raise self.error("unterminated string", start)

    def read_word(self) -> str:
        text, i, n = self.text, self.pos, len(self.text)
        start = i
        while i < n and text[i] not in _DELIMS:
            i += 1
        self.pos = i
        return text[start:i]

    def read_atom(self) -> Atom:
        """One atom starting at the current (non-space) position; iterative for nesting."""
        stack: list[tuple[int, list[Atom]]] = []
        text = self.text
        while True:
            self.skip_space()
            if self.pos >= len(text):
                if stack:
                    raise self.error("unbalanced parenthesis: '(' is never closed", stack[-1][0])
                raise self.error("unexpected end of input")
            c = text[self.pos]
            atom: Atom
            if c == "(":
                stack.append((self.pos, []))
                self.pos += 1
                continue
            if c == ")":
                if not stack:
                    raise self.error("unbalanced parenthesis: unexpected ')'")
                self.pos += 1
                _, kids = stack.pop()
                atom = Expression(tuple(kids))
            elif c == '"':
                atom = make_string(self.read_string())
            else:
                atom = word_atom(self.read_word())
            if not stack:
                return atom
            stack[-1][1].append(atom)

    def items(self) -> list[Item]:
        out: list[Item] = []
        text = self.text
        while True:
            self.skip_space()
            if self.pos >= len(text):
                return out
            start = self.pos
            query = False
            if text[start] == "!" and (start + 1 >= len(text) or text[start + 1] in _DELIMS):
                query = True
                self.pos += 1
                self.skip_space()
                if self.pos >= len(text):
                    raise self.error("'!' with no expression after it", start)
            line, col = self.where(start)
            out.append(Item(self.read_atom(), query, line, col))


def parse_items(text: str, filename: str = "<string>") -> list[Item]:
    """Every top-level item of a program. Raises ParseError on the first syntax error."""
    return _Reader(text, filename).items()


def parse_all(text: str, filename: str = "<string>") -> list[Atom]:
    """The atoms of a text, ignoring ``!`` marks."""
    return [item.atom for item in parse_items(text, filename)]


def parse_atom(text: str) -> Atom:
    """Exactly one atom."""
    items = parse_items(text)
    if len(items) != 1:
        raise ParseError(f"expected one atom, found {len(items)}", "<string>", 1, 1)
    return items[0].atom
