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

import gc
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
# The text split into tokens at C speed (``re.split`` keeps them, between the white space
# around them): a comment, a parenthesis, a string (escapes are decoded afterwards), or a
# word (up to a delimiter; a word starts with no quote and no white space, but may hold
# white space other than the ASCII delimiters). What lies between tokens is
# white space, or else a quote no string alternative took: an unterminated string.
_TOKENS = re.compile(
    r'(;[^\n]*|[()]|"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[^()\s;"][^() \t\n\r\f\v;]*)'
)
_SPACE = re.compile(r"\s*")
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



class _Mark:
    """What the tokens ``(``, ``)`` and comments stand for among the atoms."""


_OPEN, _CLOSE, _COMMENT = _Mark(), _Mark(), _Mark()
_BANG = Symbol("!")


class _BadString(Exception):
    """A string that does not read: the message and its place (an offset in the text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def read_string(text: str, start: int) -> str:
    """The string whose opening quote is at ``text[start]``; _BadString at a bad escape (its
    offset is the escape's place) or when no quote closes it (the opening quote's place)."""
    i, n = start + 1, len(text)
    out: list[str] = []
    while i < n:
        c = text[i]
        if c == '"':
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
                    raise _BadString(f"bad escape \\x{text[i + 2:i + 4]}", i) from None
                i += 4
                continue
            raise _BadString(f"unknown escape \\{e} in string", i)
        out.append(c)
        i += 1
    raise _BadString("unterminated string", start)


def _atom_of(token: str) -> object:
    """The atom (or mark) one token stands for; _BadString for a string that does not read."""
    c = token[0]
    if c == "(":
        return _OPEN
    if c == ")":
        return _CLOSE
    if c == ";":
        return _COMMENT
    if c == '"':
        if "\\" not in token:
            return make_string(token[1:-1])
        return make_string(read_string(token, 0))
    return word_atom(token)


class _Reader:
    """One text, read once. ``parts`` is the text split into [space, token, space, token,
    ..., space]; a token's place is the sum of the lengths before it, summed (at C speed)
    only for the tokens whose place is asked, in order, from the last one asked."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.parts = _TOKENS.split(text)
        self.line = 1  # the line of text[counted_to]
        self.counted_to = 0
        self.part = 0  # parts[:part] are ``pos`` characters long
        self.pos = 0

    def error(self, message: str, pos: int) -> ParseError:
        line, col = self.where(pos)
        return ParseError(message, self.filename, line, col)

    def where(self, pos: int) -> tuple[int, int]:
        """Line and column of ``pos``. Asked for in order, so the newlines are counted from
        the last place asked, not from the start of the text: counting from the start for
        every item made loading a file quadratic in its size."""
        if pos < self.counted_to:  # an earlier place (an error's opening parenthesis)
            self.line, self.counted_to = 1, 0
        self.line += self.text.count("\n", self.counted_to, pos)
        self.counted_to = pos
        return self.line, pos - (self.text.rfind("\n", 0, pos) + 1) + 1

    def token_pos(self, token: int) -> int:
        """Place in the text of token number ``token`` (parts[2 * token + 1])."""
        k = 2 * token + 1
        if k < self.part:
            self.part = self.pos = 0
        self.pos += sum(map(len, self.parts[self.part : k]))
        self.part = k
        return self.pos

    def first_bad_string(self, tokens: list[str], bad: set[str]) -> tuple[int, str, int]:
        """The first string of the text that does not read: (its token number, the message,
        its place), or (len(tokens), "", 0) when all do. A string with a bad escape is a
        token of ``bad``; an unterminated one is a quote between tokens (no string token
        took it, and what follows it was split as code)."""
        first = min((tokens.index(token) for token in bad), default=len(tokens))
        parts = self.parts
        if not _SPACE.fullmatch("".join(parts[0::2])):
            for k in range(0, min(len(parts), 2 * first + 1), 2):
                if not _SPACE.fullmatch(parts[k]):
                    pos = self.token_pos(k // 2) - len(parts[k]) + parts[k].index('"')
                    try:
                        read_string(self.text, pos)
                    except _BadString as e:
                        return k // 2, e.message, e.offset
                    raise AssertionError("a string no token took")  # pragma: no cover
        if first == len(tokens):
            return first, "", 0
        pos = self.token_pos(first)
        try:
            read_string(self.text, pos)
        except _BadString as e:
            return first, e.message, e.offset
        raise AssertionError("a bad string that reads")  # pragma: no cover

    def items(self) -> list[Item]:
        """Every top-level item. Linear in the text's size: the split and the token-to-atom
        map run at C speed, each distinct token's atom is made once (atoms are immutable, so
        equal tokens share one), and this loop does a few operations per token."""
        tokens = self.parts[1::2]
        table: dict[str, object] = {}
        bad: set[str] = set()
        for token in set(tokens):
            try:
                table[token] = _atom_of(token)
            except _BadString:
                bad.add(token)
        limit, late, late_at = self.first_bad_string(tokens, bad)
        if limit < len(tokens):
            tokens = tokens[:limit]  # what precedes the first string that does not read
        out: list[Item] = []
        stack: list[list[Atom]] = []  # children of the open expressions but the innermost
        kids: list[Atom] | None = None  # children of the innermost open expression
        query_at = -1  # token number of a pending top-level '!'
        start = 0  # token number where the current top-level item starts
        for i, a in enumerate(map(table.__getitem__, tokens)):
            if a is _OPEN:
                if kids is None:
                    start = i
                else:
                    stack.append(kids)
                kids = []
                continue
            atom: Atom
            if a is _CLOSE:
                if kids is None:
                    raise self.error("unbalanced parenthesis: unexpected ')'", self.token_pos(i))
                atom = Expression(tuple(kids))
                if stack:
                    kids = stack.pop()
                    kids.append(atom)
                    continue
                kids = None
            elif a is _COMMENT:
                continue
            elif kids is not None:
                kids.append(a)  # type: ignore[arg-type]
                continue
            else:
                start = i
                if a is _BANG and query_at < 0:
                    query_at = i
                    continue
                atom = a  # type: ignore[assignment]
            if query_at >= 0:
                line, col = self.where(self.token_pos(query_at))
                query_at = -1
                out.append(Item(atom, True, line, col))
            else:
                line, col = self.where(self.token_pos(start))
                out.append(Item(atom, False, line, col))
        if late:
            raise self.error(late, late_at)
        if kids is not None:
            raise self.error("unbalanced parenthesis: '(' is never closed", self.unclosed(tokens))
        if query_at >= 0:
            raise self.error("'!' with no expression after it", self.token_pos(query_at))
        return out

    def unclosed(self, tokens: list[str]) -> int:
        """Place of the innermost '(' left open at the end of the text."""
        depth = 0
        for i in range(len(tokens) - 1, -1, -1):
            t = tokens[i]
            if t == ")":
                depth += 1
            elif t == "(":
                if depth == 0:
                    return self.token_pos(i)
                depth -= 1
        raise AssertionError("no open parenthesis")  # pragma: no cover


def parse_items(text: str, filename: str = "<string>") -> list[Item]:
    """Every top-level item of a program. Raises ParseError on the first syntax error.

    The cyclic garbage collector is paused while reading: reading makes no cycles, and with
    it on, its full collections walk every atom read so far again and again (2.7 MB of facts:
    0.8 s of CPU instead of 0.3 s)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _Reader(text, filename).items()
    finally:
        if paused:
            gc.enable()


def parse_all(text: str, filename: str = "<string>") -> list[Atom]:
    """The atoms of a text, ignoring ``!`` marks."""
    return [item.atom for item in parse_items(text, filename)]


def parse_atom(text: str) -> Atom:
    """Exactly one atom."""
    items = parse_items(text)
    if len(items) != 1:
        raise ParseError(f"expected one atom, found {len(items)}", "<string>", 1, 1)
    return items[0].atom
