"""Spaces: stores of atoms, indexed for matching, with the rules of ``&self`` kept apart.

The index is two-level: by (head symbol, arity), then by the first argument when that is
ground. A query whose first argument is bound after substitution (the inner hop of a join)
looks at one bucket instead of scanning every fact with the same head.

Rules ``(= lhs rhs)`` are also indexed by the head symbol and arity of ``lhs``, and each
head has a version number that changes when one of its rules is added or removed: compiled
code in higher tiers keys its validity on it. Type declarations ``(: x T)`` are heard too
(``type_listeners``, told ``x``): compiled code assumes which functions are typed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

from mettajit.atoms.core import COLON, COMMA_SYM, EQUALS, Atom, Expression, Symbol, Variable
from mettajit.space.unify import (
    Bindings,
    holds_matchable,
    is_matchable,
    rename_variables,
    substitute,
    unify,
)
from mettajit.space.world import World, next_version

HeadKey = tuple[Atom, int]
_ids = itertools.count(1)

# A key that stands for "the first argument is not ground": those atoms sit in a side
# bucket that every query of the head scans.
_VAR_ARG = object()


def head_key(atom: Atom) -> HeadKey | None:
    """(head, arity) of an expression whose head is a symbol; None otherwise."""
    if type(atom) is Expression:
        ch = atom.children
        if ch and type(ch[0]) is Symbol:
            return (ch[0], len(ch))
    return None


class Rule:
    """One ``(= lhs rhs)`` rule, with what rule application wants precomputed."""

    __slots__ = ("atom", "ground", "lhs", "line", "local_vars", "rhs", "shallow", "uid")

    def __init__(self, atom: Expression, line: int = 0) -> None:
        self.atom = atom
        self.line = line  # where the rule was written (0: added at run time)
        self.lhs: Atom = atom.children[1]
        self.rhs: Atom = atom.children[2]
        self.rhs.is_ground()  # caches groundness on every node, which instantiate reads
        self.uid = next(_ids)
        self.ground = atom.is_ground()
        head_vars = {a for a in _iter_vars(self.lhs)}
        # variables of the body that the head does not bind need fresh names per use
        self.local_vars = tuple({a for a in _iter_vars(self.rhs) if a not in head_vars})
        self.shallow = _depth(self.rhs) < 200  # instantiate by (bounded) recursion


def _depth(atom: Atom) -> int:
    best, stack = 0, [(atom, 1)]
    while stack:
        a, d = stack.pop()
        if type(a) is Expression:
            best = max(best, d)
            stack.extend((c, d + 1) for c in a.children)
    return best


def instantiate(atom: Atom, b: dict[Variable, Atom]) -> Atom:
    """``atom`` with its variables replaced from ``b`` (values taken as they are).

    The hot path of rule application: a rule body is small and shallow, so plain recursion
    beats the general, iterative ``substitute``. Only for rules whose ``shallow`` is set.
    """
    t = type(atom)
    if t is Variable:
        return b.get(atom, atom)  # type: ignore[call-overload, no-any-return]
    if t is Expression and not atom._ground:  # type: ignore[attr-defined]
        return Expression(tuple([instantiate(c, b) for c in atom.children]))  # type: ignore[attr-defined]
    return atom


def _iter_vars(atom: Atom) -> Iterator[Variable]:
    stack = [atom]
    while stack:
        a = stack.pop()
        if type(a) is Variable:
            yield a
        elif type(a) is Expression:
            stack.extend(a.children)


class Space:
    """A multiset of atoms with matching by unification."""

    _names = itertools.count()

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self.uid = next(Space._names)
        self._order: dict[int, Atom] = {}  # insertion order, for get-atoms
        self._imported: set[int] = set()  # ids of the atoms import! added
        # (head, arity) -> first-arg key (or _VAR_ARG) -> {id: atom}
        self._index: dict[HeadKey, dict[object, dict[int, Atom]]] = {}
        self._other: dict[int, Atom] = {}  # atoms with no symbol head
        self._rules: dict[HeadKey, list[Rule]] = {}
        self._var_rules: list[Rule] = []  # rules whose lhs has no symbol head
        self.versions: dict[HeadKey, int] = {}
        self.version = 0  # changes when a rule is added or removed
        # the interpreters' worlds this is the current space of: told of every atom added
        # or removed (space.world)
        self.worlds: list[World] = []
        self.listeners: list[Callable[[HeadKey | None], None]] = []
        # told the subject x of every (: x T) added or removed
        self.type_listeners: list[Callable[[Atom], None]] = []

    # -- printing ------------------------------------------------------------------------
    def metta_repr(self) -> str:
        return f"GroundingSpace-0x{id(self):012x}"

    def __repr__(self) -> str:
        return self.metta_repr()

    # -- adding and removing -------------------------------------------------------------
    def add(self, atom: Atom, line: int = 0, imported: bool = False) -> None:
        """Add ``atom``; ``imported``: brought by ``import!`` from a module, matched as the
        space's own but not listed by ``own_atoms`` (the reference keeps a module's atoms
        in a space of its own that ``get-atoms`` does not list)."""
        for w in self.worlds:
            w.version = next_version()
        aid = next(_ids)
        self._order[aid] = atom
        if imported:
            self._imported.add(aid)
        key = head_key(atom)
        if key is None:
            self._other[aid] = atom
        else:
            self._file(atom, key, aid, line)

    def add_all(self, atoms: Sequence[Atom], lines: Sequence[int]) -> None:
        """Add each of ``atoms`` in order, as ``add`` does (``lines``: where each was
        written): a program's run of facts in one call, with the head found inline. The
        worlds' version changes before the run and before each rule or type declaration
        (what a listener told of one may have cached)."""
        if type(self).add is not Space.add:  # a space of its own kind (PythonSpace)
            for atom, line in zip(atoms, lines, strict=True):
                self.add(atom, line)
            return
        for w in self.worlds:
            w.version = next_version()
        order, other = self._order, self._other
        for atom, line in zip(atoms, lines, strict=True):
            aid = next(_ids)
            order[aid] = atom
            if type(atom) is Expression:
                ch = atom.children
                if ch and type(ch[0]) is Symbol:
                    if len(ch) == 3 and (ch[0] is EQUALS or ch[0] is COLON):
                        for w in self.worlds:
                            w.version = next_version()
                    self._file(atom, (ch[0], len(ch)), aid, line)
                    continue
            other[aid] = atom

    def _file(self, atom: Atom, key: HeadKey, aid: int, line: int) -> None:
        """Index ``atom`` (head and arity ``key``, id ``aid``); a rule or type declaration
        is also heard."""
        arg = _arg_key(atom)
        args = self._index.get(key)
        if args is None:
            args = self._index[key] = {}
        bucket = args.get(arg)
        if bucket is None:
            bucket = args[arg] = {}
        bucket[aid] = atom
        if key[1] == 3:
            if key[0] is EQUALS:
                self._add_rule(atom, line)  # type: ignore[arg-type]
            elif key[0] is COLON:
                self._typed(atom)

    def remove(self, atom: Atom) -> bool:
        """Remove one atom equal to ``atom``; False if there is none."""
        key = head_key(atom)
        if key is None:
            bucket = self._other
        else:
            bucket = self._index.get(key, {}).get(_arg_key(atom), {})
        for aid, a in bucket.items():
            if a == atom:
                for w in self.worlds:
                    w.version = next_version()
                del bucket[aid]
                del self._order[aid]
                self._imported.discard(aid)
                if key is not None and key[0] is EQUALS and key[1] == 3:
                    self._remove_rule(atom)  # type: ignore[arg-type]
                elif key is not None and key[0] is COLON and key[1] == 3:
                    self._typed(atom)
                return True
        return False

    def _add_rule(self, atom: Expression, line: int = 0) -> None:
        rule = Rule(atom, line)
        key = head_key(rule.lhs)
        if key is None:
            self._var_rules.append(rule)
        else:
            self._rules.setdefault(key, []).append(rule)
        self._bump(key)

    def _remove_rule(self, atom: Expression) -> None:
        key = head_key(atom.children[1])
        rules = self._var_rules if key is None else self._rules.get(key, [])
        for i, r in enumerate(rules):
            if r.atom == atom:
                del rules[i]
                break
        self._bump(key)

    def _bump(self, key: HeadKey | None) -> None:
        self.version += 1
        if key is not None:
            self.versions[key] = self.versions.get(key, 0) + 1
        for listener in self.listeners:
            listener(key)

    def _typed(self, decl: Atom) -> None:
        subject = decl.children[1]  # type: ignore[attr-defined]
        for listener in self.type_listeners:
            listener(subject)

    # -- reading -------------------------------------------------------------------------
    def atoms(self) -> list[Atom]:
        return list(self._order.values())

    def own_atoms(self) -> list[Atom]:
        """The atoms but those ``import!`` added (what ``get-atoms`` lists)."""
        if not self._imported:
            return self.atoms()
        imp = self._imported
        return [a for aid, a in self._order.items() if aid not in imp]

    def __len__(self) -> int:
        return len(self._order)

    def head_rules(self, key: HeadKey) -> list[Rule]:
        """Rules whose lhs has this (head, arity), without the variable-headed ones."""
        return self._rules.get(key) or []

    def rules_for(self, key: HeadKey) -> list[Rule]:
        """Rules whose lhs has this (head, arity), then rules with a variable head."""
        rules = self._rules.get(key)
        if self._var_rules:
            return (rules or []) + self._var_rules
        return rules or []

    @property
    def var_rules(self) -> list[Rule]:
        """Rules whose lhs has no symbol head: they may apply to any call."""
        return self._var_rules

    @property
    def rule_index(self) -> dict[HeadKey, list[Rule]]:
        """(head, arity) -> its rules (read only: change rules with add/remove)."""
        return self._rules

    def has_rules(self, key: HeadKey) -> bool:
        return bool(self._rules.get(key)) or bool(self._var_rules)

    def declared_types(self, atom: Atom) -> list[Atom]:
        """Every T of an atom ``(: atom T)`` in the space (ground declarations only)."""
        buckets = self._index.get((COLON, 3))
        if not buckets:
            return []
        try:
            bucket = buckets.get(atom)
        except TypeError:
            return []
        if not bucket:
            return []
        return [a.children[2] for a in bucket.values()]  # type: ignore[attr-defined]

    def candidates(self, pattern: Atom) -> Iterator[Atom]:
        """Atoms that may unify with ``pattern`` (a superset; order of insertion per bucket)."""
        key = head_key(pattern)
        if key is None:
            if (type(pattern) is Expression and pattern.children) or type(pattern) is Variable:
                yield from self._order.values()
            else:
                yield from self._other.values()
            return
        buckets = self._index.get(key)
        if buckets is None:
            yield from self._unindexed_candidates(key)
            return
        arg = _arg_key(pattern)
        if arg is _VAR_ARG:
            for bucket in list(buckets.values()):
                yield from list(bucket.values())
        else:
            yield from list(buckets.get(arg, {}).values())
            if arg is not _VAR_ARG:
                yield from list(buckets.get(_VAR_ARG, {}).values())
        yield from self._unindexed_candidates(key)

    def _unindexed_candidates(self, key: HeadKey) -> Iterator[Atom]:
        # atoms with a variable head may match any symbol-headed pattern
        for a in list(self._other.values()):
            if (
                (type(a) is Expression and len(a.children) == key[1])
                or type(a) is Variable
                or is_matchable(a)
            ):
                yield a

    def query(self, pattern: Atom, bindings: Bindings | None = None) -> Iterator[Bindings]:
        """Bindings for every atom of the space that unifies with ``pattern``."""
        for atom in self.candidates(pattern):
            if not atom.is_ground():
                atom = rename_variables(atom)
            b = unify(pattern, atom, bindings)
            if b is not None:
                yield b

    def query_all(self, pattern: Atom) -> list[Bindings]:
        """Bindings of a pattern, or of a conjunction ``(, p1 p2 ...)``, against the space
        (what ``match`` asks; a space made in Python answers it itself)."""
        if type(pattern) is Expression and pattern.children and pattern.children[0] is COMMA_SYM:
            found: list[Bindings] = [{}]
            for p in pattern.children[1:]:
                nxt: list[Bindings] = []
                for b in found:
                    nxt.extend(self.query(substitute(p, b), b))
                found = nxt
            return found
        return list(self.query(pattern))


def _arg_key(atom: Atom) -> object:
    """Index key of an expression's first argument: the atom if ground, else _VAR_ARG."""
    ch = atom.children  # type: ignore[attr-defined]
    if len(ch) < 2:
        return None
    a = ch[1]
    if type(a) is Variable or (type(a) is Expression and not a.is_ground()) or holds_matchable(a):
        return _VAR_ARG
    return a
