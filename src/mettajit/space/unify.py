"""Unification and bindings.

Bindings are plain dicts from Variable to Atom, treated as values: every function here
returns a new dict (or None for "no match") and never changes the one it was given.
A variable may be bound to another variable; ``resolve`` follows such chains.
"""

from __future__ import annotations

from mettajit.atoms.core import Atom, Expression, Grounded, Variable, map_atom, walk
from mettajit.atoms.objects import MatchableObject

Bindings = dict[Variable, Atom]

EMPTY_BINDINGS: Bindings = {}


def resolve(atom: Atom, b: Bindings) -> Atom:
    """Follow variable-to-variable links to the atom a variable stands for (shallow)."""
    while type(atom) is Variable:
        nxt = b.get(atom)
        if nxt is None:
            return atom
        atom = nxt
    return atom


def _occurs(v: Variable, atom: Atom, b: Bindings) -> bool:
    stack = [atom]
    while stack:
        a = resolve(stack.pop(), b)
        if a == v:
            return True
        if type(a) is Expression:
            stack.extend(a.children)
    return False


def unify(left: Atom, right: Atom, bindings: Bindings | None = None) -> Bindings | None:
    """Most general unifier of two atoms, extending ``bindings``; None if they do not unify.

    Iterative (a work list of pairs), so atoms nested arbitrarily deep are fine.
    """
    b: Bindings = dict(bindings) if bindings else {}
    work: list[tuple[Atom, Atom]] = [(left, right)]
    pop, push = work.pop, work.append
    while work:
        x, y = pop()
        if x is y:
            continue
        if type(x) is Variable:
            x = resolve(x, b)
        if type(y) is Variable:
            y = resolve(y, b)
        if x is y:
            continue
        tx, ty = type(x), type(y)
        if tx is Variable:
            if ty is Variable and x == y:
                continue
            if ty is Expression and not y.is_ground() and _occurs(x, y, b):  # type: ignore[arg-type]
                return None
            b[x] = y  # type: ignore[index]
        elif ty is Variable:
            if tx is Expression and not x.is_ground() and _occurs(y, x, b):  # type: ignore[arg-type]
                return None
            b[y] = x  # type: ignore[index]
        elif tx is Expression:
            if ty is not Expression:
                if not _custom_match(x, y, b):
                    return None
                continue
            xc, yc = x.children, y.children  # type: ignore[attr-defined]
            if len(xc) != len(yc):
                return None
            if x.is_ground() and y.is_ground():
                if x == y:
                    continue
                if not (holds_matchable(x) or holds_matchable(y)):
                    return None
            for i in range(len(xc)):
                push((xc[i], yc[i]))
        elif x != y and not _custom_match(x, y, b):
            return None
    return b


def holds_matchable(atom: Atom) -> bool:
    """Whether a matchable grounded atom is in ``atom`` (no walk while none was ever made,
    which is nearly always: equal-or-not of ground atoms is then the whole answer)."""
    if not MatchableObject.made:
        return False
    return any(is_matchable(a) for a in walk(atom))


def is_matchable(atom: Atom) -> bool:
    """A grounded atom with its own matching (hyperon's ``MatchableObject``)."""
    return type(atom) is Grounded and isinstance(atom.value, MatchableObject)


def _custom_match(x: Atom, y: Atom, b: Bindings) -> bool:
    """Whether ``x`` and ``y`` match by a matchable grounded atom's ``match_`` (binding its
    first answer's variables in ``b``); False when neither is one."""
    if is_matchable(x):
        obj, other = x.value, y  # type: ignore[attr-defined]
    elif is_matchable(y):
        obj, other = y.value, x  # type: ignore[attr-defined]
    else:
        return False
    for frame in obj.match_(other):
        pairs = frame.items() if isinstance(frame, dict) else frame.iterator()
        for name, value in pairs:
            var = name if type(name) is Variable else Variable.parse_name(str(name))
            nb = unify(var, value, b)
            if nb is None:
                return False
            b.update(nb)
        return True
    return False


def match_ground(pattern: Atom, atom: Atom, b: Bindings) -> bool:
    """One-way match of ``pattern`` against a ground ``atom``, extending ``b`` in place.

    The fast path of rule application: when the call is ground, only the rule's variables
    get bound. Returns False on mismatch (``b`` is then garbage).
    """
    work: list[tuple[Atom, Atom]] = [(pattern, atom)]
    pop, push = work.pop, work.append
    while work:
        p, a = pop()
        tp = type(p)
        if tp is Variable:
            bound = b.get(p)  # type: ignore[call-overload]
            if bound is None:
                b[p] = a  # type: ignore[index]
            elif bound is not a and bound != a:
                return False
        elif tp is Expression:
            if type(a) is not Expression:
                return False
            pc, ac = p.children, a.children  # type: ignore[attr-defined]
            if len(pc) != len(ac):
                return False
            if p.is_ground():
                if p == a:
                    continue
                if not (holds_matchable(p) or holds_matchable(a)):
                    return False
            for i in range(len(pc)):
                push((pc[i], ac[i]))
        elif p is not a and p != a and not _custom_match(p, a, b):
            return False
    return True


def substitute(atom: Atom, b: Bindings) -> Atom:
    """``atom`` with every bound variable replaced by its value (fully resolved)."""
    if not b:
        return atom
    t = type(atom)
    if t is Variable:
        return _resolve_deep(atom, b)
    if t is not Expression or atom.is_ground():
        return atom

    def leaf(x: Atom) -> Atom | None:
        if type(x) is Variable and x in b:
            return _resolve_deep(x, b)
        return None

    return map_atom(atom, leaf)


def _resolve_deep(v: Atom, b: Bindings) -> Atom:
    seen = 0
    a = resolve(v, b)
    while type(a) is Expression and not a.is_ground():
        nxt = map_atom(a, lambda x: resolve(x, b) if type(x) is Variable and x in b else None)
        if nxt is a:
            break
        a = nxt
        seen += 1
        if seen > 10_000:  # a cyclic binding the occurs check did not see; stop
            break
    return a


def rename_variables(atom: Atom, mapping: dict[Variable, Variable] | None = None) -> Atom:
    """A copy of ``atom`` with every variable replaced by a fresh one (consistently)."""
    if atom.is_ground():
        return atom
    m = {} if mapping is None else mapping

    def leaf(x: Atom) -> Atom | None:
        if type(x) is Variable:
            nv = m.get(x)
            if nv is None:
                nv = m[x] = Variable.fresh(x.name)
            return nv
        return None

    return map_atom(atom, leaf)
