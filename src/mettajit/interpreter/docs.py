"""Documentation: ``@doc`` atoms, ``get-doc`` and ``help!``, as hyperon's standard library
(0.2.10) defines them in MeTTa, here written as special forms of tier 0.

A program documents an atom by adding a ``@doc`` atom to its space::

    (@doc some-func (@desc "Test function")
         (@params ((@param "First argument") (@param "Second argument")))
         (@return "Return value"))
    (@doc SomeSymbol (@desc "Test symbol"))

``(get-doc space atom)`` finds it and gives the formal form, with the types of the atom in
that space filled in::

    (@doc-formal (@item some-func) (@kind function) (@type (-> A B R)) (@desc "Test function")
                 (@params ((@param (@type A) (@desc "First argument")) ...))
                 (@return (@type R) (@desc "Return value")))
    (@doc-formal (@item SomeSymbol) (@kind atom) (@type SomeType) (@desc "Test symbol"))

A function documented without a function type gets ``%Undefined%`` everywhere; an atom
without documentation, or an expression such as ``(some-func a b)``, gives no result.
``(help! atom)`` prints the documentation found in ``&self`` (``No documentation found for
atom`` when there is none) and gives ``()``.

The built-ins' documentation (``builtin_docs.py``, in our own words; the form of the
answer and the types in it are the reference's) is found when the program's space has none
for the atom: ``(help! +)`` prints it as hyperon prints its own.
``(help-space! space)`` prints the name and description of everything documented in a
space. Not here: ``(help!)``/``(help! module)``, which list a module's docs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mettajit.atoms.core import (
    ARROW,
    NUMBER,
    SPACE_TYPE,
    UNDEFINED,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
)
from mettajit.atoms.core import error as make_error
from mettajit.atoms.core import string as make_string
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.grounded.registry import parse_type
from mettajit.grounded.text import atom_to_text
from mettajit.interpreter.formdef import FormTable
from mettajit.interpreter.forms import FORMS
from mettajit.interpreter.runtime_ops import query, types_in
from mettajit.interpreter.typecheck import types_of
from mettajit.interpreter.vocabulary import Frame, Results
from mettajit.space import Space, substitute

if TYPE_CHECKING:
    from mettajit.interpreter.builtin_docs import BuiltinDoc
    from mettajit.interpreter.machine import Interpreter

DOC = Symbol("@doc")
DOC_FORMAL = Symbol("@doc-formal")
DESC = Symbol("@desc")
PARAMS = Symbol("@params")
PARAM = Symbol("@param")
RETURN = Symbol("@return")
ITEM = Symbol("@item")
KIND = Symbol("@kind")
TYPE = Symbol("@type")
_FUNCTION = Symbol("function")
_BAD_ARG = Symbol("BadArgType")
DOC_FORMS = FormTable()
_ATOM = Symbol("atom")


def E(*children: Atom) -> Expression:
    return Expression(children)


def is_function_type(t: Atom) -> bool:
    return type(t) is Expression and bool(t.children) and t.children[0] is ARROW


def get_doc(interp: Interpreter, space: Space, atom: Atom) -> Results:
    """Every ``@doc-formal`` of ``atom`` in ``space`` (the reference's ``get-doc``)."""
    if type(atom) is Expression:
        return doc_atom(interp, space, atom)
    out: Results = []
    for t in types_in(interp, space, atom):
        if is_function_type(t):
            out.extend(doc_function(space, atom, t))
        else:
            out.extend(doc_atom(interp, space, atom))
    return out


def doc_function(space: Space, name: Atom, ftype: Atom) -> Results:
    """``get-doc-function``: a function's documentation with its parameter types."""
    desc, params, ret = Variable.fresh("desc"), Variable.fresh("params"), Variable.fresh("ret")
    out: Results = []
    for b in query(space, E(DOC, name, desc, E(PARAMS, params), ret)):
        ps, r = substitute(params, b), substitute(ret, b)
        if type(ps) is not Expression:
            continue
        if ftype is UNDEFINED:
            types: tuple[Atom, ...] = (UNDEFINED,) * (len(ps.children) + 1)
        else:
            types = ftype.children[1:]  # type: ignore[attr-defined]
        formal = doc_params(ps.children, r, types)
        if formal is None:
            continue
        formal_params, formal_ret = formal
        out.append(E(DOC_FORMAL, E(ITEM, name), E(KIND, _FUNCTION), E(TYPE, ftype),
                     substitute(desc, b), E(PARAMS, Expression(formal_params)), formal_ret))
    return out


def doc_params(
    params: tuple[Atom, ...], ret: Atom, types: tuple[Atom, ...]
) -> tuple[tuple[Atom, ...], Atom] | None:
    """``get-doc-params``: each ``(@param "text")`` paired with its type in order, and the
    ``(@return "text")`` with the next one; None where the reference's ``let`` finds no
    match (a malformed entry, or fewer types than parameters)."""
    out: list[Atom] = []
    for i, p in enumerate(params):
        if i >= len(types) or not _is_pair(p, PARAM):
            return None
        out.append(E(PARAM, E(TYPE, types[i]), E(DESC, p.children[1])))  # type: ignore[attr-defined]
    n = len(params)
    if n >= len(types) or not _is_pair(ret, RETURN):
        return None
    return tuple(out), E(RETURN, E(TYPE, types[n]), E(DESC, ret.children[1]))  # type: ignore[attr-defined]


def _is_pair(a: Atom, head: Symbol) -> bool:
    return type(a) is Expression and len(a.children) == 2 and a.children[0] is head


def doc_atom(interp: Interpreter, space: Space, atom: Atom) -> Results:
    """``get-doc-atom``: an atom's ``(@doc atom desc)``, else its function documentation
    without a type, else nothing; once per type of the atom."""
    out: Results = []
    for t in types_in(interp, space, atom):
        desc = Variable.fresh("desc")
        found = query(space, E(DOC, atom, desc))
        if found:
            for b in found:
                out.append(E(DOC_FORMAL, E(ITEM, atom), E(KIND, _ATOM), E(TYPE, t),
                             substitute(desc, b)))
            continue
        params, ret = Variable.fresh("params"), Variable.fresh("ret")
        for _ in query(space, E(DOC, atom, desc, E(PARAMS, params), ret)):
            out.extend(doc_function(space, atom, UNDEFINED))
    return out


def _space_arg(a: Atom) -> Space | None:
    return a.value if type(a) is Grounded and isinstance(a.value, Space) else None


_BUILTINS: list[Space] = []
_COLON = Symbol(":")


def builtin_docs() -> Space:
    """The built-ins' documentation as a space of ``@doc`` atoms and type declarations,
    made once: the prose of ``builtin_docs.BUILTIN_DOCS``, the types of the forms'
    descriptors and of the entries no descriptor types (an operation's type is the
    registry's: ``types_of`` reads it before any declaration). The program's ``&self``
    imports these in hyperon, so ``get-doc`` and ``help!`` find them there when the
    program documents nothing of that name."""
    if not _BUILTINS:
        # loaded late: only get-doc and help! of a built-in read it (3 ms of startup saved)
        from mettajit.interpreter.builtin_docs import BUILTIN_DOCS

        sp = Space("builtin-docs")
        for name, doc in BUILTIN_DOCS.items():
            item = parse_atom(name)
            sp.add(_doc_atom(item, doc))
            for t in doc.types:
                sp.add(E(_COLON, item, parse_type(t)))
        for d in (*FORMS, *DOC_FORMS):
            for t in d.types:
                sp.add(E(_COLON, d.name, t))
        _BUILTINS.append(sp)
    return _BUILTINS[0]


def _doc_atom(item: Atom, doc: BuiltinDoc) -> Expression:
    """``(@doc item (@desc ...))``, with ``(@params ...)`` and ``(@return ...)`` for a
    function."""
    desc = E(DESC, make_string(doc.desc))
    if doc.params is None or doc.returns is None:
        return E(DOC, item, desc)
    params = Expression(tuple(E(PARAM, make_string(p)) for p in doc.params))
    return E(DOC, item, desc, E(PARAMS, params), E(RETURN, make_string(doc.returns)))


def find_doc(interp: Interpreter, space: Space, atom: Atom) -> Results:
    """``get-doc`` in ``space``; for the program's space, then in the built-ins' docs."""
    docs = get_doc(interp, space, atom)
    if docs or space is not interp.modules.top.space:
        return docs
    return get_doc(interp, builtin_docs(), atom)


@DOC_FORMS.form("get-doc", 2, type="(-> SpaceType Atom %Undefined%)")
def form_get_doc(interp: Interpreter, expr: Expression) -> Frame:
    """``(get-doc space atom)``: the space evaluated, the atom as written."""
    _, space, atom = expr.children
    out: Results = []
    for sp in (yield space):
        s = _space_arg(sp)
        if s is None:
            out.append(E(expr.children[0], sp, atom))
        else:
            out.extend(find_doc(interp, s, interp.resolve_tokens(atom)))
    return out


@DOC_FORMS.form("help!", 1, type=("(-> Atom (->))", "(-> (->))"))
def form_help(interp: Interpreter, expr: Expression) -> Results:
    """``(help! atom)``: print the documentation of atom found in ``&self``, or the
    built-ins' documentation."""
    atom = interp.resolve_tokens(expr.children[1])
    space = _space_arg(interp.tokens["&self"])
    docs = find_doc(interp, space, atom) if space is not None else []
    if not docs:
        _say(interp, f"No documentation found for {format_atom(atom)}")
        return [UNIT]
    return [print_doc(interp, d) for d in docs]


@DOC_FORMS.form("help-space!", 1, type="(-> SpaceType (->))")
def form_help_space(interp: Interpreter, expr: Expression) -> Frame:
    """``(help-space! space)``: print the name and description of every atom documented
    in space (the space evaluated), as the reference's rules print them: those documented
    ``(@doc name (@desc d))`` first, then ``(@doc name (@desc d) params return)``, each the
    latest added first; ``()``. Not a space: a ``BadArgType`` Error."""
    out: Results = []
    for sp in (yield expr.children[1]):
        space = _space_arg(sp)
        if space is None:
            actual = (types_of(interp, sp) or [UNDEFINED])[0]
            out.append(make_error(expr, E(_BAD_ARG, Grounded(1, NUMBER), SPACE_TYPE, actual)))
            continue
        docs = [a for a in space.atoms() if type(a) is Expression and a.children[:1] == (DOC,)]
        for size in (3, 5):
            for doc in reversed(docs):
                ch = doc.children
                if len(ch) == size and _is_pair(ch[2], DESC):
                    text = atom_to_text
                    _say(interp, f"{text(ch[1])}\n\t{text(ch[2].children[1])}")  # type: ignore[attr-defined]
        out.append(UNIT)
    return out


def print_doc(interp: Interpreter, doc: Atom) -> Atom:
    """Print one ``@doc-formal`` as ``help!`` does; ``()``, or an Error for another atom."""
    ch = doc.children if type(doc) is Expression else ()
    if len(ch) >= 5 and ch[0] is DOC_FORMAL:
        item, kind, typ, desc = (_inner(c, h) for c, h in zip(ch[1:5], (ITEM, KIND, TYPE, DESC),
                                                                   strict=True))
        if None not in (item, kind, typ, desc):
            lines = _describe(kind, item, typ, desc, ch[5:])  # type: ignore[arg-type]
            if lines is not None:
                for line in lines:
                    _say(interp, line)
                return UNIT
    return make_error(doc, make_string("Cannot match @doc-formal structure"))


def _describe(
    kind: Atom, item: Atom, typ: Atom, desc: Atom, rest: tuple[Atom, ...]
) -> list[str] | None:
    text = atom_to_text
    if kind is _ATOM and not rest:
        return [f"Atom {text(item)}: {text(typ)} {text(desc)}"]
    if kind is not _FUNCTION:
        return None
    if not rest:
        return [f"Function {text(item)} (type {text(typ)}) {text(desc)}"]
    if len(rest) != 2:
        return None
    params, ret = _inner(rest[0], PARAMS), rest[1]
    ret_parts = _return_parts(ret)
    if type(params) is not Expression or ret_parts is None:
        return None
    lines = [f"Function {text(item)}: {text(typ)} {text(desc)}", "Parameters:"]
    for p in params.children:
        parts = _return_parts(p, PARAM)
        if parts is None:
            return None
        lines.append(f"  (type {text(parts[0])}) {text(parts[1])}")
    lines.append(f"Return: (type {text(ret_parts[0])}) {text(ret_parts[1])}")
    return lines


def _return_parts(a: Atom, head: Symbol = RETURN) -> tuple[Atom, Atom] | None:
    """The type and text of ``(@return (@type T) (@desc D))`` (or ``@param``)."""
    if type(a) is Expression and len(a.children) == 3 and a.children[0] is head:
        t, d = _inner(a.children[1], TYPE), _inner(a.children[2], DESC)
        if t is not None and d is not None:
            return t, d
    return None


def _inner(a: Atom, head: Symbol) -> Atom | None:
    """x of ``(head x)``, None for anything else."""
    return a.children[1] if _is_pair(a, head) else None  # type: ignore[attr-defined]


def _say(interp: Interpreter, line: str) -> None:
    interp.effects += 1
    interp.out.write(line + "\n")
    interp.out.flush()
