"""The MeTTa reader: text to atoms, with file, line and column on every syntax error.

A program is a sequence of top-level items; ``!`` before an item makes it a query. ``!``
must stand alone (followed by whitespace or ``(``): ``!42`` is one symbol, as in the
reference. Tokens that name grounded values (``&self``, names made by ``bind!``) are read
as symbols and resolved when evaluated, so the whole file can be read before anything runs.

Words the reference's tokenizer turns into grounded values are turned into them here: numbers,
``True``/``False``, the constants ``PI`` and ``EXP`` (Numbers), and character literals: a word
of exactly one character between single quotes, ``'a'``, is a ``Char`` (the reference's token
``'[^']'``); ``'ab'``, ``'\n'`` and ``''`` stay symbols, as there; and ``regex:"..."``, a
pattern that matches strings (hyperon's Python stdlib token, ``atoms.stdtokens``).
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterable
from itertools import accumulate, compress, count, repeat
from operator import add, is_, sub
from typing import Any, NamedTuple

from mettajit.atoms.core import CHAR as CHAR  # Char literals: read here, defined in core
from mettajit.atoms.core import (
    FALSE,
    NUMBER,
    STRING,
    TRUE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
)
from mettajit.atoms.core import Char as Char
from mettajit.atoms.core import char as char
from mettajit.atoms.core import string as make_string
from mettajit.atoms.stdtokens import regex_atom

# words the reference's standard library registers as tokens for constants
_CONSTANTS = {"PI": math.pi, "EXP": math.e}

_INT = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?\d+(\.\d+([eE][+-]?\d+)?|[eE][+-]?\d+)\Z")
# One match per token, with the white space and comments before it (possessive: never
# given back): a parenthesis, a string (escapes are decoded afterwards), a word (up to a
# delimiter; it starts with no quote and no white space, but may hold white space other
# than the ASCII delimiters), a lone quote (a string that does not read) or the end. Every
# place matches, so ``findall`` gives pieces that, joined, are the text: a token's place is
# the length of the pieces before it plus the white space before it in its own piece.
_PIECES = re.compile(
    r'\s*+(?:;[^\n]*+\s*+)*+'
    r'(?:[()]|[^()\s;"][^() \t\n\r\f\v;]*+|"[^"\\]*+(?:\\[\s\S][^"\\]*+)*+"|"|\Z)'
)
_SPACE = re.compile(r"(?:\s|;[^\n]*)*+")  # the white space and comments a piece starts with
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


class ParseError(Exception):
    """A syntax error at a place in a file. ``str()`` is ``FILE:LINE:COL: message``."""

    def __init__(self, message: str, filename: str, line: int, col: int) -> None:
        super().__init__(f"{filename}:{line}:{col}: {message}")
        self.message = message
        self.filename = filename
        self.line = line
        self.col = col


class Item(NamedTuple):
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
            return Grounded(int(word) if len(word) <= 4000 else read_int(word), NUMBER)
        if _FLOAT.match(word):
            return Grounded(float(word), NUMBER)
    if word == "True":
        return TRUE
    if word == "False":
        return FALSE
    if c == "'" and len(word) == 3 and word[2] == "'" and word[1] != "'":
        return char(word[1])
    if c == "r" and word.startswith('regex:"') and word[-1] == '"' and len(word) > 7:
        return regex_atom(word)
    constant = _CONSTANTS.get(word)
    if constant is not None:
        return Grounded(constant, NUMBER)
    return Symbol(word)



def read_int(digits: str) -> int:
    """An integer literal of any length. ``int`` refuses more than 4,300 digits (CPython's
    guard against its quadratic conversion), so a long one is read in two halves joined by
    a multiplication: 10**6 digits in 0.5 s (``int`` with the guard off: 4 s)."""
    sign = digits[0] in "+-"
    if sign:
        value = read_int(digits[1:])
        return -value if digits[0] == "-" else value
    if len(digits) <= 4000:
        return int(digits)
    k = len(digits) // 2
    high: int = read_int(digits[:-k]) * 10**k
    return high + read_int(digits[-k:])


class _Mark:
    """What the tokens ``(`` and ``)`` stand for among the atoms (and a string that does
    not read, in the reader's table)."""


_OPEN, _CLOSE, _BAD = _Mark(), _Mark(), _Mark()
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
    if c == '"':
        if token == '"':
            raise _BadString("unterminated string", 0)
        if "\\" not in token:
            return Grounded(token[1:-1], STRING)
        return make_string(read_string(token, 0))
    return word_atom(token)


def _token(piece: str) -> str:
    """The token of a piece: what follows its white space and comments."""
    if ";" in piece:
        return piece[_SPACE.match(piece).end():]  # type: ignore[union-attr]
    return piece.lstrip()  # str.isspace is re's \s


class _Reader:
    """One text, read once. ``pieces`` is the text cut into its tokens, each with the white
    space before it; a token's place is found from the lengths of the pieces before it,
    summed (at C speed) only for the tokens whose place is asked, in order."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.pieces = _PIECES.findall(text)
        self.spaces: dict[str, int] = {}  # piece -> length of its white space, when not 0
        self.part = 0  # pieces[:part] are ``pos`` characters long
        self.pos = 0

    def error(self, message: str, pos: int) -> ParseError:
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return ParseError(message, self.filename, line, col)

    def token_pos(self, token: int) -> int:
        """Place in the text of token number ``token`` (the token of pieces[token])."""
        if token < self.part:
            self.part = self.pos = 0
        self.pos += len("".join(self.pieces[self.part : token]))
        self.part = token
        piece = self.pieces[token]
        return self.pos + len(piece) - len(_token(piece))

    def table(self) -> tuple[dict[str, object], set[str]]:
        """The atom of each distinct piece, and the pieces whose string does not read
        (``_BAD`` in the table). The pieces of white space alone at the end of the text are
        dropped. ``spaces``: the length of the white space a piece starts with."""
        pieces = self.pieces
        while pieces and not _token(pieces[-1]):
            pieces.pop()
        table: dict[str, object] = dict.fromkeys(pieces)
        spaces = self.spaces
        bad: set[str] = set()
        for piece in table:
            token = piece.lstrip() if ";" not in piece else _token(piece)
            if len(token) != len(piece):
                spaces[piece] = len(piece) - len(token)
            if token[0] == '"' and len(token) > 1 and "\\" not in token:
                table[piece] = Grounded(token[1:-1], STRING)  # the most common distinct token
                continue
            try:
                table[piece] = _atom_of(token)
            except _BadString:
                table[piece] = _BAD
                bad.add(piece)
        return table, bad

    def first_bad_string(self, pieces: list[str], bad: set[str]) -> tuple[int, str, int]:
        """The first string of the text that does not read: (its token number, the message,
        its place), or (len(pieces), "", 0) when all do. Its piece is in ``bad``: a string
        with a bad escape, or a lone quote (what follows it was split as code)."""
        first = min((pieces.index(piece) for piece in bad), default=len(pieces))
        if first == len(pieces):
            return first, "", 0
        try:
            read_string(self.text, self.token_pos(first))
        except _BadString as e:
            return first, e.message, e.offset
        raise AssertionError("a bad string that reads")  # pragma: no cover

    def items(self) -> list[Item]:
        """Every top-level item. Linear in the text's size, and mostly at C speed: the
        pieces (one ``findall``), the piece-to-atom map, and the places of the items (the
        lengths of the pieces between two items, joined). Each distinct token's atom is made
        once. The one loop over tokens in Python does two tests and an append per token, and
        builds each expression; line numbers are counted from one item to the next
        (counting from the start of the text for each item made reading quadratic)."""
        table, bad = self.table()
        pieces = self.pieces
        limit, late, late_at = self.first_bad_string(pieces, bad)
        if limit < len(pieces):
            pieces = pieces[:limit]  # what precedes the first string that does not read
        top: list[Any] = []  # the top-level atoms
        starts: list[int] = []  # the token where each starts
        kids: list[Any] = top  # children of the innermost open expression
        stack: list[list[Any]] = []  # children of the open expressions but the innermost
        push, pop, begin = stack.append, stack.pop, starts.append
        for i, a in enumerate(map(table.__getitem__, pieces)):
            if a is _OPEN:
                if kids is top:
                    begin(i)
                push(kids)
                kids = []
            elif a is _CLOSE:
                if kids is top:
                    raise self.error("unbalanced parenthesis: unexpected ')'", self.token_pos(i))
                atom = Expression(tuple(kids))
                kids = pop()
                kids.append(atom)
            else:
                if kids is top:
                    begin(i)
                kids.append(a)
        if late:
            raise self.error(late, late_at)
        if stack:
            raise self.error("unbalanced parenthesis: '(' is never closed", self.unclosed(table))
        return self.placed(top, starts)

    def placed(self, top: list[Any], starts: list[int]) -> list[Item]:
        """The items of the top-level atoms ``top`` (``!`` and the atom after it are one
        query), each with its line and column; ``starts``: the token each atom starts at.
        At C speed but for the ``!`` marks: each item's place is the length of the pieces
        before it, its line counted from the previous item's."""
        queries: Iterable[bool] = repeat(False)
        if any(map(is_, top, repeat(_BANG))):  # (``in`` would call Expression.__eq__)
            top, starts, queries = self.queries(top, starts)
        text, pieces = self.text, self.pieces
        lengths = map(len, map("".join, map(pieces.__getitem__, map(slice, [0, *starts], starts))))
        spaces = map(self.spaces.get, map(pieces.__getitem__, starts), repeat(0))
        at = list(map(add, accumulate(lengths), spaces))
        lines = accumulate(map(text.count, repeat("\n"), [0, *at], at), initial=1)
        next(lines)
        cols = map(sub, at, map(text.rfind, repeat("\n"), repeat(0), at))
        rows = zip(top, queries, lines, cols, strict=False)  # queries may be repeat(False)
        return list(map(tuple.__new__, repeat(Item), rows))

    def queries(self, top: list[Any], starts: list[int]) -> tuple[list[Any], list[int], list[bool]]:
        """``top`` and ``starts`` with each ``!`` mark taken out: the atom after one is a
        query, which starts at the mark (``! !`` is a query of the symbol ``!``)."""
        n = len(top)
        keep, queries, places = [True] * n, [False] * n, starts[:]
        after = -1  # the last atom made a query
        for k in compress(count(), map(is_, top, repeat(_BANG))):
            if k == after:
                continue  # the second ! of ! !: the query's atom
            if k + 1 == n:
                raise self.error("'!' with no expression after it", self.token_pos(starts[k]))
            keep[k], queries[k + 1], places[k + 1] = False, True, starts[k]
            after = k + 1
        return [list(compress(x, keep)) for x in (top, places, queries)]  # type: ignore[return-value]

    def unclosed(self, table: dict[str, object]) -> int:
        """Place of the innermost '(' left open at the end of the text."""
        depth = 0
        pieces = self.pieces
        for i in range(len(pieces) - 1, -1, -1):
            a = table.get(pieces[i])
            if a is _CLOSE:
                depth += 1
            elif a is _OPEN:
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


def parse_prefix(text: str, filename: str = "<string>") -> tuple[list[Item], ParseError | None]:
    """The items before the first syntax error, and that error (None if there is none)."""
    try:
        return parse_items(text, filename), None
    except ParseError as e:
        lines = text.split("\n")
        offset = sum(len(x) + 1 for x in lines[: e.line - 1]) + e.col - 1
        try:
            return parse_items(text[:offset], filename), e
        except ParseError:
            return [], e


def parse_atom(text: str) -> Atom:
    """Exactly one atom."""
    items = parse_items(text)
    if len(items) != 1:
        raise ParseError(f"expected one atom, found {len(items)}", "<string>", 1, 1)
    return items[0].atom
