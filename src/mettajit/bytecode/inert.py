"""Which atoms evaluate to themselves: tier 1's test before re-evaluating a bound value.

Tier 0 substitutes a variable's value into a rule body and evaluates it again. For most
values (numbers, constructor data such as ``(Cons 1 Nil)``) that gives back exactly the
value; this module decides, without evaluating, when that is certain, so tier 1 can skip
the work (``LOAD_EVAL``); any other value goes to tier 0.

An atom is *inert* when tier 0's evaluation of it is ``[atom]``:

* a grounded atom, a variable, ``()``, a symbol that is no token;
* an expression none of whose sub-expressions has a head that means something (a special
  form, a grounded operation, a typed function, a head with rules, a token, ``Error``
  whose value would replace its parent) and no element of which is ``Empty`` (tier 0
  evaluates such an expression to no result), when no rule has a variable head.

Answers for expressions are memoised by identity (the atom is kept alive with its entry)
for one world version (``space.world``: rules, declarations, tokens and operations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mettajit.atoms.core import EMPTY_SYM, ERROR, Atom, Expression, Grounded, Symbol
from mettajit.grounded.registry import Op

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter

_MEMO_LIMIT = 1 << 20


class Inertness:
    """``inert(atom)`` with a memo valid for one world version."""

    __slots__ = ("_heads", "_memo", "_stamp", "interp")

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self._memo: dict[int, Atom] = {}
        # per head symbol, for the same world: whether it means nothing whatever its
        # arity (no form, operation, token, type, not Error); its rules are asked apart
        self._heads: dict[Symbol, bool] = {}
        self._stamp = -1  # the world the memos are valid for

    def inert(self, atom: Atom) -> bool:
        t = type(atom)
        if t is Grounded:
            return True
        if t is Symbol:
            return atom.name not in self.interp.tokens  # type: ignore[attr-defined]
        if t is not Expression or not atom.children:  # type: ignore[attr-defined]
            return True
        stamp = self.interp.world.version
        if stamp != self._stamp or len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
            self._heads.clear()
            self._stamp = stamp
        memo = self._memo
        if id(atom) in memo:
            return True
        interp = self.interp
        if interp.space.var_rules:
            return False
        tokens = interp.tokens
        heads = self._heads
        rules = interp.space.rule_index
        ch = atom.children  # type: ignore[attr-defined]
        h = ch[0]
        if type(h) is Symbol:  # a flat expression, (p 10), without the walk
            plain = heads.get(h)
            if plain is None:
                plain = heads[h] = self._plain_head(h)
            if not plain or rules.get((h, len(ch))):
                return False
            for c in ch:
                tc = type(c)
                if tc is Expression:
                    break
                if tc is Symbol and (c is EMPTY_SYM or c.name in tokens):
                    return False
            else:
                return True  # (not memoised: asking again costs what the memo would)
        stack: list[Atom] = [atom]
        seen: list[Atom] = []
        while stack:
            a = stack.pop()
            ta = type(a)
            if ta is Expression:
                ch = a.children  # type: ignore[attr-defined]
                if not ch or id(a) in memo:
                    continue
                h = ch[0]
                th = type(h)
                if th is Symbol:
                    plain = heads.get(h)
                    if plain is None:
                        plain = heads[h] = self._plain_head(h)
                    if not plain or rules.get((h, len(ch))):
                        return False
                elif th is Grounded and not _plain_value(h):
                    return False
                seen.append(a)
                stack.extend(ch)
            elif ta is Symbol:
                if a is EMPTY_SYM or a.name in tokens:  # type: ignore[attr-defined]
                    return False
        for a in seen:
            memo[id(a)] = a
        return True

    def _plain_head(self, h: Symbol) -> bool:
        """Whether an expression headed by ``h`` means nothing but its rules: not Error, no
        special form, grounded operation, token or typed function."""
        interp = self.interp
        return not (h is ERROR or h is EMPTY_SYM or h in interp.forms
                    or h.name in interp.registry.ops or h.name in interp.tokens
                    or interp.function_type(h) is not None)


def _plain_value(g: Atom) -> bool:
    return not isinstance(g.value, Op)  # type: ignore[attr-defined]

