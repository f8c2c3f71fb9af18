"""hyperon's parser API: ``Tokenizer`` (words to atoms by regular expression),
``SExprParser`` (one atom at a time, hyperon's error messages) and its syntax tree
(``SyntaxNode``, ``SyntaxNodeType``).

A ``Tokenizer`` maps a symbol that a registered regular expression matches in full (the
latest registration first) to the atom its constructor makes from the name, as hyperon's
does; it applies to atoms as they are read (``apply``), before they are added or run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from mettajit.atoms.core import Atom, Symbol, map_atom
from mettajit.atoms.reader import ParseError, parse_prefix

_BANG = Symbol("!")

# the reader's messages, as hyperon's parser words them
_MESSAGES = {
    "unterminated string": "Unclosed String Literal",
    "unbalanced parenthesis: '(' is never closed": "Unexpected end of expression",
    "unbalanced parenthesis: unexpected ')'": "Unexpected right bracket",
}


def hyperon_message(e: ParseError) -> str:
    """A syntax error's message as hyperon gives it (``Unexpected end of expression``)."""
    if e.message.startswith("unknown escape") or e.message.startswith("bad escape"):
        return "Invalid escape sequence"
    return _MESSAGES.get(e.message, e.message)


class Tokenizer:
    """Regular expressions to atom constructors: ``rules``, a list of (compiled pattern,
    constructor) that a runner's interpreter shares (``Interpreter.token_rules``, where
    modules add theirs)."""

    def __init__(self, rules: list[tuple[re.Pattern[str], Callable[[str], Atom]]] | None = None
                 ) -> None:
        self.rules = rules if rules is not None else []

    def register_token(self, regex: str, constr: Callable[[str], Atom]) -> None:
        """Symbols ``regex`` matches in full become ``constr(name)``."""
        self.rules.append((re.compile(regex), constr))

    def find(self, word: str) -> Atom | None:
        """The atom for a word, or None if no token matches it (the latest first)."""
        for rx, constr in reversed(self.rules):
            if rx.fullmatch(word):
                return constr(word)
        return None

    def apply(self, atom: Atom) -> Atom:
        """``atom`` as read with these tokens: each symbol a token matches is replaced by
        the atom its constructor makes (at each occurrence, as hyperon's tokenizer does)."""
        if not self.rules:
            return atom

        def leaf(x: Atom) -> Atom | None:
            return self.find(x.name) if type(x) is Symbol else None

        return map_atom(atom, leaf)

    def __bool__(self) -> bool:
        return bool(self.rules)


class SyntaxNodeType(Enum):
    """hyperonpy's syntax node kinds."""

    COMMENT = 0
    VARIABLE_TOKEN = 1
    STRING_TOKEN = 2
    WORD_TOKEN = 3
    OPEN_PAREN = 4
    CLOSE_PAREN = 5
    WHITESPACE = 6
    LEFTOVER_TEXT = 7
    EXPRESSION_GROUP = 8
    ERROR_GROUP = 9


class SyntaxNode:
    """A node of the syntax tree: a leaf (a token) or a group of nodes."""

    def __init__(self, kind: SyntaxNodeType, start: int, end: int,
                 children: list[SyntaxNode] | None = None) -> None:
        self.kind = kind
        self.range = range(start, end)
        self.children = children or []

    def get_type(self) -> SyntaxNodeType:
        return self.kind

    def src_range(self) -> range:
        return self.range

    def unroll(self) -> list[SyntaxNode]:
        """Every leaf, in order."""
        if not self.children:
            return [self]
        return [leaf for c in self.children for leaf in c.unroll()]


class SExprParser:
    """Reads atoms from text one at a time (``!`` is the symbol ``!`` here)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._atoms: list[Atom] | None = None
        self._error: ParseError | None = None
        self._pos = 0  # for the syntax tree

    def parse(self, tokenizer: Tokenizer | None = None) -> Atom | None:
        """The next atom, or None at the end; SyntaxError with hyperon's message when the
        text goes wrong (after the atoms before the mistake)."""
        if self._atoms is None:
            items, self._error = parse_prefix(self.text, "<string>")
            self._atoms = []
            for item in items:
                if item.query:
                    self._atoms.append(_BANG)
                self._atoms.append(tokenizer.apply(item.atom) if tokenizer else item.atom)
            self._atoms.reverse()
        if self._atoms:
            return self._atoms.pop()
        if self._error is not None:
            raise SyntaxError(hyperon_message(self._error))
        return None

    def parse_to_syntax_tree(self) -> SyntaxNode | None:
        """The next top-level node: a run of whitespace, a comment, a word or a group."""
        text, i = self.text, self._pos
        if i >= len(text):
            return None
        node = self._node(i)
        self._pos = node.range.stop
        return node

    def _node(self, i: int) -> SyntaxNode:
        text, n = self.text, len(self.text)
        c = text[i]
        if c.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            return SyntaxNode(SyntaxNodeType.WHITESPACE, i, j)
        if c == ";":
            j = text.find("\n", i)
            return SyntaxNode(SyntaxNodeType.COMMENT, i, n if j < 0 else j)
        if c == ")":
            return SyntaxNode(SyntaxNodeType.CLOSE_PAREN, i, i + 1)
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                return SyntaxNode(SyntaxNodeType.ERROR_GROUP, i, n,
                                  [SyntaxNode(SyntaxNodeType.LEFTOVER_TEXT, i, n)])
            return SyntaxNode(SyntaxNodeType.STRING_TOKEN, i, j + 1)
        if c == "(":
            kids = [SyntaxNode(SyntaxNodeType.OPEN_PAREN, i, i + 1)]
            j = i + 1
            while j < n and text[j] != ")":
                kid = self._node(j)
                kids.append(kid)
                j = kid.range.stop
            if j >= n:
                return SyntaxNode(SyntaxNodeType.ERROR_GROUP, i, n, kids)
            kids.append(SyntaxNode(SyntaxNodeType.CLOSE_PAREN, j, j + 1))
            return SyntaxNode(SyntaxNodeType.EXPRESSION_GROUP, i, j + 1, kids)
        j = i
        while j < n and not text[j].isspace() and text[j] not in '();"':
            j += 1
        kind = SyntaxNodeType.VARIABLE_TOKEN if c == "$" else SyntaxNodeType.WORD_TOKEN
        return SyntaxNode(kind, i, j)


class ProgramParseError(ParseError, RuntimeError):
    """A syntax error of a program given to ``MeTTa.run``: hyperon raises RuntimeError with
    its message (``args[0]``); it is also the reader's ParseError, with the place."""

    def __init__(self, e: ParseError) -> None:
        ParseError.__init__(self, e.message, e.filename, e.line, e.col)
        self.args = (hyperon_message(e),)
