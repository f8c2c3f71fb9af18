"""A space query answered from the index in one call: every match of a *flat* pattern.

A flat pattern is ``(head a1 ... an)`` with a symbol head whose arguments are ground
atoms (constants, or the values of variables already bound) or distinct free variables:
the inner hop of a join, ``(parent $b $c)`` with ``$b`` bound. ``flat_matches`` gives, for
each atom of the space that matches it, the tuple of that atom's arguments at the free
positions, in the order ``Space.query`` would give them, or None when it cannot tell
without the general matcher (``unify``): an atom of the head that is not ground, a
matchable grounded atom anywhere, atoms with a variable head beside the index. Each
caller (tier 1's ``MATCH``, native code's space queries) then asks ``Space.query``.

It reads the index in place: a bucket of the first argument when that is given, else
every bucket of the head; a candidate is compared argument by argument (``is``, then
``==``, which is unification's answer for ground atoms without matchables).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mettajit.atoms.core import COMMA_SYM, Atom, Expression, Symbol, Variable
from mettajit.atoms.objects import MatchableObject
from mettajit.space.store import _VAR_ARG, Space


def flat_matches(
    space: Space, head: Atom, args: Sequence[Atom | None]
) -> list[tuple[Atom, ...]] | None:
    """The free arguments of every atom of ``space`` matching ``(head *args)``, where
    ``args[i]`` is a ground atom or None (a free variable, each one distinct); None when
    the general matcher must decide (see the module's docstring)."""
    checks = [(i + 1, a) for i, a in enumerate(args) if a is not None and i > 0]
    frees = [(i + 1, k) for k, i in enumerate(i for i, a in enumerate(args) if a is None)]
    rows = flat_fill(space, (head, len(args) + 1), args[0] if args else None, checks, frees,
                     [None] * len(frees))
    return None if rows is None else [tuple(r) for r in rows]


def flat_fill(
    space: Space, key: tuple[Atom, int], first: Atom | None,
    checks: Sequence[tuple[int, Atom]], frees: Sequence[tuple[int, int]], base: list[Any],
) -> list[list[Any]] | None:
    """``flat_matches`` as tier 1's ``MATCH`` wants it: for each atom of ``space`` with
    head and arity ``key`` whose first argument is ``first`` (None: free) and whose
    element ``i`` is ``want`` for each ``(i, want)`` of ``checks``, a copy of ``base``
    with ``base[slot]`` set to the atom's element ``i`` for each ``(i, slot)`` of
    ``frees``; None when the general matcher must decide."""
    if MatchableObject.made or space._other:
        return None
    buckets = space._index.get(key)
    if buckets is None:
        return []
    if buckets.get(_VAR_ARG):
        return None  # atoms of the head with a variable (or non-ground) first argument
    if first is not None:
        try:
            bucket = buckets.get(first)
        except TypeError:  # an unhashable grounded value
            return None
        if not bucket:
            return []
        groups: Any = (bucket,)
    else:
        groups = buckets.values()
    out: list[list[Any]] = []
    for bucket in groups:
        for atom in bucket.values():
            if not atom._ground and not atom.is_ground():
                return None
            ch = atom.children
            for i, want in checks:
                got = ch[i]
                if got is not want and got != want:
                    break
            else:
                nl = base[:]
                for i, slot in frees:
                    nl[slot] = ch[i]
                out.append(nl)
    return out


def flat_args(pattern: Atom) -> bool:
    """Whether ``pattern`` has the shape ``flat_matches`` answers once its bound variables
    are given: a symbol-headed expression (no conjunction) of ground atoms and variables."""
    if type(pattern) is not Expression or len(pattern.children) < 2:
        return False
    head = pattern.children[0]
    if type(head) is not Symbol or head is COMMA_SYM:
        return False
    return all(type(c) is Variable or c.is_ground() for c in pattern.children[1:])


def is_flat_space(value: object) -> bool:
    """Whether ``value`` is a space ``flat_matches`` reads: a ``Space`` (a module's too)
    that answers queries with ``Space``'s own index (a Python space answers them itself)."""
    t: Any = type(value)
    if t is Space:
        return True
    return isinstance(value, Space) and t.query_all is Space.query_all \
        and t.query is Space.query and t.candidates is Space.candidates
