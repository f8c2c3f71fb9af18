"""Pure text operations: ``repr``, ``parse``, ``format-args``, ``sort-strings``,
``stringToChars`` and ``charsToString`` (whose ``Char`` values the reader also makes from
literals such as ``'a'``).

``println!`` is not here: it writes to the runtime's output stream.

The reference implements ``repr``, ``parse``, ``stringToChars`` and ``charsToString`` in
Python on top of the printed text of atoms, and we keep what that does with odd input:
``stringToChars`` splits the printed form between its first and last character (so
``(stringToChars "a\\"b")`` has four characters, the backslash included) and
``charsToString`` joins the printed forms of its items minus their first and last
character (so a symbol ``ab`` contributes nothing and a string ``"bc"`` contributes
``bc``); ``parse`` reads the Python ``repr`` of its string, so escapes come back doubled.
"""

from __future__ import annotations

from mettajit.atoms.core import Atom, Expression, Grounded, string
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import ParseError, char, parse_items
from mettajit.grounded.atomops import expression_arg
from mettajit.grounded.registry import NotReducible, OpError, builtin


def string_value(a: Atom) -> str | None:
    """The text of a String atom, None for any other atom."""
    if type(a) is Grounded and a.kind is str:
        return a.value  # type: ignore[no-any-return]
    return None


def atom_to_text(a: Atom) -> str:
    """A String's own text, any other atom's printed form (the reference's
    ``atom_to_string``)."""
    s = string_value(a)
    return format_atom(a) if s is None else s


@builtin("repr", "(-> Atom String)")
def repr_atom(a: Atom) -> Atom:
    return string(format_atom(a))


@builtin("parse", "(-> String Atom)")
def parse(a: Atom) -> Atom:
    text = string_value(a)
    if text is None:
        raise NotReducible
    try:
        items = parse_items(repr(text)[1:-1], "<parse>")
    except ParseError:
        raise NotReducible from None
    if not items:
        raise OpError(
            "Grounded operation which is defined using unwrap=False should return atom "
            "instead of Python type"
        )
    return items[0].atom


@builtin("stringToChars", "(-> String Atom)")
def string_to_chars(a: Atom) -> Atom:
    return Expression(tuple(char(c) for c in format_atom(a)[1:-1]))


@builtin("charsToString", "(-> Atom String)")
def chars_to_string(a: Atom) -> Atom:
    if type(a) is not Expression:
        raise OpError("charsToString expects an expression of characters")
    return string("".join(format_atom(c)[1:-1] for c in a.children))


@builtin("format-args", "(-> String Expression String)")
def format_args(fmt: Atom, args: Atom) -> Atom:
    text = string_value(fmt)
    if text is None:
        raise OpError(
            "format-args expects format string as a first argument and expression as a "
            "second argument"
        )
    values = [atom_to_text(c) for c in expression_arg(args)]
    return string(fill_braces(text, values))


def fill_braces(fmt: str, values: list[str]) -> str:
    """The reference's ``{}`` substitution (the ``dyn_fmt`` crate), observed rule by rule:

    ``{}`` takes the next value (nothing once they run out); ``{{`` is ``{``; a ``}``
    followed by ``{`` or ``}`` stands for that second brace (``}}`` is ``}``, ``}{`` is
    ``{``); any other brace is dropped, so ``{0}`` is ``0`` and ``{:?}`` is ``:?``.
    """
    out: list[str] = []
    next_value = iter(values)
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        following = fmt[i + 1] if i + 1 < n else ""
        if c == "{" and following == "}":
            out.append(next(next_value, ""))
            i += 2
        elif c == "{" and following == "{":
            out.append("{")
            i += 2
        elif c == "}" and following in ("{", "}"):
            out.append(following)
            i += 2
        elif c in "{}":
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


@builtin("sort-strings", "(-> Expression Expression)")
def sort_strings(a: Atom) -> Atom:
    children = a.children if type(a) is Expression else None
    if children is None or any(string_value(c) is None for c in children):
        raise OpError("sort-strings expects expression with strings as a first argument")
    # Rust orders Strings by UTF-8 bytes, which is code point order, as Python does
    return Expression(tuple(sorted(children, key=lambda c: c.value)))  # type: ignore[attr-defined]
