"""Tier 0: the tree-walking evaluator, the semantic oracle of every other tier.

Evaluation follows hyperon's minimal-MeTTa ``metta`` function: an expression's arguments
are evaluated first (except those whose declared type is ``Atom`` or ``Expression``, and
the operands of special forms), then the expression is *applied*: a grounded operation is
called, or every rule ``(= lhs rhs)`` whose ``lhs`` matches fires and each ``rhs`` is
evaluated again. An expression nothing applies to is returned as data.

Every evaluation returns the list of all its results (nondeterminism is a list).

Deep recursion is bounded by memory, not by Python's stack: each pending evaluation is a
generator *frame* on an explicit stack, driven by ``run``. A frame asks for work by
yielding a request and is resumed with the list of results:

* ``yield atom``               evaluate ``atom``;
* ``yield (APPLY, expr)``       apply an already-evaluated expression;
* ``yield (EVAL_TAIL, atom)``   "my results are those of ``atom``": the frame is dropped
  first, so tail calls (``tail_sum_2m``: two million of them) run in constant space;
* ``yield (APPLY_TAIL, expr)``  the same for an application;
* ``yield (EVAL_TYPED, (atom, type, applied))`` (and ``EVAL_TYPED_B``, ``EVAL_TYPED_TAIL``)
  evaluate ``atom`` with an expected type, as hyperon's ``metta atom type`` does (``applied``:
  its arguments are already evaluated). See ``_typed`` and ``typecheck``.

A frame ends by returning its list of results.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO, cast

from mettajit.atoms.core import (
    ATOM,
    COLON,
    EMPTY_SYM,
    ERROR,
    EXPRESSION,
    FALSE,
    NUMBER,
    TRUE,
    UNDEFINED,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    error,
    is_error,
    map_atom,
    variables,
)
from mettajit.atoms.sexpr import Tokenizer
from mettajit.config import DEFAULTS, Settings
from mettajit.grounded import BUILTINS, Op, Registry
from mettajit.grounded.host import Sandbox
from mettajit.interpreter import docs, forms, modules, typecheck
from mettajit.interpreter.coinduction import Coinductive
from mettajit.interpreter.formdef import RULE_DEFINED, FormDef
from mettajit.interpreter.limits import Limits
from mettajit.interpreter.runtime_ops import query
from mettajit.interpreter.vocabulary import (
    APPLY,
    APPLY_B,
    APPLY_TAIL,
    EVAL_B,
    EVAL_TAIL,
    EVAL_TYPED,
    EVAL_TYPED_B,
    EVAL_TYPED_TAIL,
    Bound,
    DepthLimitExceeded,
    Frame,
    Request,
    Results,
    compose,
    drop_empty,
    invoke,
    not_tail,
    strip,
)
from mettajit.space import Space, World, match_ground, substitute, unify
from mettajit.space.store import Rule, instantiate
from mettajit.space.unify import rename_variables
from mettajit.stats import Stats

_IF = Symbol("if")
_TYPED_KIND: dict[int, Request] = {
    APPLY: EVAL_TYPED, APPLY_TAIL: EVAL_TYPED_TAIL, APPLY_B: EVAL_TYPED_B
}


def _restrict(b: dict[Variable, Atom], keep: set[Variable]) -> dict[Variable, Atom]:
    return {v: val for v, val in b.items() if v in keep and val != v}


def _combinations(multi: list[tuple[int, Results]]) -> list[list[Atom] | Atom]:
    """The combinations of several arguments' results, in the reference's order: each
    argument is evaluated once per combination of the ones before it, so an Error result
    ends its combination (one Error, whatever the later arguments give)."""
    done: list[list[Atom] | Atom] = [[]]
    for _, r in multi:
        grown: list[list[Atom] | Atom] = []
        for part in done:
            if not isinstance(part, list):
                grown.append(part)
                continue
            for a in r:
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    grown.append(a)
                else:
                    grown.append([*part, a])
        done = grown
    return done


_INCORRECT_ARGS = Symbol("IncorrectNumberOfArguments")

# every built-in special form, by name: the union of the modules' tables
FORMS: dict[Symbol, FormDef] = {d.name: d for table in (forms.FORMS, docs.DOC_FORMS) for d in table}


class Interpreter:
    """Tier 0. Holds ``&self``, the tokens bound by ``bind!``, and the grounded registry."""

    def __init__(
        self,
        space: Space | None = None,
        registry: Registry | None = None,
        settings: Settings | None = None,
        stats: Stats | None = None,
        out: TextIO | None = None,
    ) -> None:
        # the program's space prints as hyperon's top module space does
        self.space = space if space is not None else modules.ModuleSpace("top")
        self.registry = registry if registry is not None else BUILTINS.copy()
        self.settings = settings or DEFAULTS
        self.stats = stats or Stats()
        self.out = out or sys.stdout
        self.tokens: dict[str, Atom] = {"&self": Grounded(self.space, Symbol("SpaceType"))}
        self.forms: dict[Symbol, FormDef] = dict(FORMS)
        self.call_hook: Callable[[Expression], Results | None] | None = None
        # the world version every cache of evaluation is stamped with (space.world)
        self.world = World(self.space)
        # calls made so far of operations with an effect (``Op.effect``: output, a state
        # changed, ...): what ran between two readings of it may run again (the tiering
        # restarts a long cold call in tier 1 when it did nothing but compute)
        self.effects = 0
        self.base_dir: str = "."
        # what the program may touch on the host (grounded.host); None: everything
        self.sandbox: Sandbox | None = None
        # the type checker's memos, valid for one world (typecheck.TypeMemos)
        self.type_memos = typecheck.TypeMemos()
        # the bounds of a query and its step count (every tier counts its rule applications)
        self.limits = Limits(self.settings)
        # memo of transparent, valid for one world (self._tr_world)
        self._tr_world = -1
        self._tr: Coinductive[tuple[Symbol, int, Atom, bool]] = Coinductive()
        self.modules = modules.ModuleTable(self)  # import!: the loaded modules
        # tokens given by a pattern (an extension's @register_tokens), applied to each
        # symbol of a program's later atoms as they are read (apply_token_rules)
        self.token_rules: list[modules.TokenRule] = []
        self.runner: Any = None  # the MeTTa runner, passed to extensions that ask for it
        self._nbound = 0  # Bound results made so far: until then the driver skips them
        # whether the frame being started hands its results to one that accepts ``Bound``
        # ones (asked with EVAL_B, APPLY_B or EVAL_TYPED_B, or a tail of such a frame): a
        # form whose own bindings would otherwise be lost reads it as it starts (``let``)
        self.want_bound = False

    # ------------------------------------------------------------------------------------
    # Public entry points

    def evaluate(self, atom: Atom) -> Results:
        """All results of evaluating ``atom`` (tier 0 only, plus the call hook)."""
        return self.run(atom)

    def add_atom(self, atom: Atom, line: int = 0) -> None:
        """Add a top-level atom of the program to ``&self`` (``line``: where it was written)."""
        self.space.add(self.resolve_tokens(atom), line)

    def add_atoms(self, atoms: list[Atom], lines: list[int]) -> None:
        """``add_atom`` of each of a run of top-level atoms, in one call."""
        if len(self.tokens) >= 2:
            atoms = list(map(self.resolve_tokens, atoms))
        self.space.add_all(atoms, lines)

    def set_space(self, space: Space) -> None:
        """Make ``space`` the one rules and types are looked up in (a module loading)."""
        self.space = space
        self.world.enter(space)  # a new world: normal-form marks and memos are per space

    def apply_token_rules(self, atom: Atom) -> Atom:
        """``atom`` as read after pattern tokens were registered: each symbol that a
        pattern matches whole (the latest registered first) is replaced by its atom."""
        if not self.token_rules:
            return atom
        return Tokenizer(self.token_rules).apply(atom)

    def resolve_tokens(self, atom: Atom, query: bool = False) -> Atom:
        """``atom`` with the tokens bound by ``bind!`` replaced by their values, as the
        reference's parser does. ``&self`` too in a ``query``, as there (an Error or a
        ``quote`` of it prints the space: ``ModuleSpace(GroundingSpace-top)``); a query is
        evaluated at once, in the space it is read in, so nothing else changes. An atom
        added to the space keeps the symbol, which evaluation resolves (tiers 1 and 2
        compile rules with it; hyperon's parser replaces it there too)."""
        tokens = self.tokens
        if len(tokens) < (1 if query else 2) or type(atom) is Variable:
            return atom
        kept = "" if query else "&self"

        def leaf(x: Atom) -> Atom | None:
            if type(x) is Symbol and x.name != kept:
                return tokens.get(x.name)
            return None

        return map_atom(atom, leaf)

    # ------------------------------------------------------------------------------------
    # The driver

    def run(self, atom: Atom) -> Results:
        """Evaluate ``atom`` on the explicit frame stack. The hot loop of tier 0. ``Empty``
        as the result of an expression is no result (``drop_empty``); a symbol asked for
        as such (an argument, a scrutinee) is itself."""
        r = self._quick(atom)
        if r is not None:
            return r
        self.want_bound = False
        return self._drive(self._frame(atom))  # type: ignore[arg-type]

    def apply_rules(self, expr: Expression, rules: list[Rule]) -> Results:
        """All results of applying ``rules`` to the evaluated, ground call ``expr`` (what
        ``_apply`` does after the call hook), on a stack of its own: the call hook runs a
        cold unit's call so, to be able to give it up (``runner.tiering``'s trials)."""
        self.want_bound = False
        return self._drive(self._rewrite(expr, rules))

    def _drive(self, nxt: Any) -> Results:
        """The results of ``nxt`` (what ``_frame`` or ``_apply`` gave: results, a tail
        request or a frame), driving frames on an explicit stack."""
        quick = self._quick
        stack: list[Any] = []
        push, pop = stack.append, stack.pop
        frame, apply, typed = self._frame, self._apply, self._typed
        while type(nxt) is tuple:
            x = nxt[1]
            if x is EMPTY_SYM:
                return []
            r = quick(x)
            nxt = r if r is not None else frame(x)
        if type(nxt) is list:
            return drop_empty(nxt)
        push(nxt)
        val: Any = None
        limit = self.settings.max_depth
        accepting: set[Any] = set()  # frames that asked with EVAL_B / APPLY_B
        while True:
            try:
                req = stack[-1].send(val)
            except StopIteration as stop:
                done = pop()
                val = drop_empty(stop.value)
                if self._nbound:
                    accepting.discard(done)
                    if not stack:
                        return strip(val)
                    if stack[-1] not in accepting:
                        val = strip(val)
                elif not stack:
                    return val  # type: ignore[no-any-return]
                continue
            keep = False  # a non-expression asked for as itself: its value is kept
            if type(req) is tuple:
                kind, x = req
                if kind == EVAL_TAIL:
                    accepting.discard(pop())
                    self.want_bound = bool(stack) and stack[-1] in accepting
                    if x is EMPTY_SYM:
                        nxt = []
                    else:
                        r = quick(x)
                        nxt = r if r is not None else frame(x)
                elif kind == APPLY_TAIL:
                    accepting.discard(pop())
                    self.want_bound = bool(stack) and stack[-1] in accepting
                    nxt = apply(x)
                elif kind == APPLY:
                    self.want_bound = False
                    nxt = apply(x)
                elif kind == EVAL_B:
                    accepting.add(stack[-1])
                    self.want_bound = True
                    r = quick(x)
                    keep = r is not None and type(x) is not Expression
                    nxt = r if r is not None else frame(x)
                elif kind == APPLY_B:
                    accepting.add(stack[-1])
                    self.want_bound = True
                    nxt = apply(x)
                elif kind == EVAL_TYPED_TAIL:
                    accepting.discard(pop())
                    self.want_bound = bool(stack) and stack[-1] in accepting
                    nxt = typed(*x)
                elif kind == EVAL_TYPED:
                    self.want_bound = False
                    keep = type(x[0]) is not Expression
                    nxt = typed(*x)
                else:  # EVAL_TYPED_B
                    accepting.add(stack[-1])
                    self.want_bound = True
                    keep = type(x[0]) is not Expression
                    nxt = typed(*x)
            else:
                self.want_bound = False
                r = quick(req)
                keep = r is not None and type(req) is not Expression
                nxt = r if r is not None else frame(req)
            # nxt: a list of results, a (EVAL_TAIL, atom) request, or a new frame
            while type(nxt) is tuple:
                x = nxt[1]
                if x is EMPTY_SYM:
                    nxt = []
                    break
                r = quick(x)
                nxt = r if r is not None else frame(x)
            if type(nxt) is list:
                if not keep:
                    nxt = drop_empty(nxt)
                if not stack:
                    return nxt  # type: ignore[no-any-return]
                val = nxt
            else:
                push(nxt)
                val = None
                if len(stack) > limit:
                    raise DepthLimitExceeded(limit)

    def _quick(self, atom: Atom) -> Results | None:
        """Results of atoms that need no frame: non-expressions, ``()``, and expressions
        already known to be in normal form (data that evaluates to itself)."""
        t = type(atom)
        if t is Expression:
            if atom.children and atom._nf != self.world.version:  # type: ignore[attr-defined]
                return None
            return [atom]
        if t is Symbol:
            tok = self.tokens.get(atom.name)  # type: ignore[attr-defined]
            if tok is not None:
                return [tok]
        return [atom]

    # ------------------------------------------------------------------------------------
    # Expressions

    def _frame(self, expr: Expression) -> Any:
        """What evaluating a non-empty expression takes: results, a tail request or a frame."""
        ch = expr.children
        head = ch[0]
        if type(head) is Symbol:
            form = self.forms.get(head)
            if form is not None:
                if form.by_rules:
                    mine = self.space.head_rules((head, len(ch)))
                    if mine:
                        return self._with_rules(form.evaluate(self, expr), expr, mine)
                return form.evaluate(self, expr)
            op = self.registry.ops.get(head.name)
            if op is not None:
                if head.name in RULE_DEFINED:
                    mine = self.space.head_rules((head, len(ch)))
                    if mine:
                        return self._with_rules(self._op_frame(op, expr), expr, mine)
                return self._op_frame(op, expr)
            ftype = self.function_type(head)
            if ftype is not None:
                return self._typed_call(expr, ftype)
            tok = self.tokens.get(head.name)  # a token bound to an operation (bind!)
            if type(tok) is Grounded and isinstance(tok.value, Op):
                return self._op_frame(tok.value, Expression((tok, *ch[1:])))
        elif type(head) is Grounded and isinstance(head.value, Op):
            # an operation atom as the head (a Python one): its Atom arguments stay as written
            return self._op_frame(head.value, expr)
        elif type(head) is Expression and head.children:
            ftype = self.head_function_type(head)
            if ftype is not None:
                return self._typed_head_call(expr, ftype)
        return self._tuple(expr)

    def head_function_type(self, head: Expression) -> Atom | None:
        """The function type of an expression used as a head, ``(f a)`` in ``((f a) b)``,
        when ``f`` is declared to return a function type: the reference's
        ``interpret_expression`` checks and evaluates the call with it (``(-> Atom ...)``
        leaves ``b`` unevaluated). None otherwise."""
        inner = head.children[0]
        if type(inner) is not Symbol:
            return None
        ift = self.function_type(inner)
        if ift is None or typecheck.arg_types(typecheck.return_type(ift)) is None:
            return None
        for t in typecheck.types_of(self, head):
            if typecheck.arg_types(t) is not None:
                # its type variables apart from those of the arguments' types
                return rename_variables(t) if not t.is_ground() else t
        return None

    def _typed_head_call(self, expr: Expression, ftype: Atom) -> Frame:
        """``((f a) b ...)`` with ``(f a)`` of function type ``ftype``: checked as written,
        then the head evaluated, then the arguments with their declared types (lazily for
        ``Atom`` and ``Expression``) and each head's call (the reference's
        ``interpret_function``)."""
        ch = expr.children
        params = typecheck.arg_types(ftype)
        if params is None or len(params) != len(ch) - 1:
            return [error(expr, _INCORRECT_ARGS)]
        res = typecheck.check_call(self, expr, params, typecheck.return_type(ftype), UNDEFINED)
        if not isinstance(res, tuple):
            return [self.resolve_tokens(res)]
        heads: Results = yield ch[0]
        if len(heads) == 1 and not is_error(heads[0]):
            # a tail call: the bindings the call gives leave with its results, as the
            # reference's (((lambda1 $x ...) 1) binds the caller's $x)
            tail: Results = yield from self._typed_args(
                Expression((heads[0], *ch[1:])), params, res, UNDEFINED)
            return tail
        out: Results = []
        for h in heads:
            if type(h) is Expression and h.children and h.children[0] is ERROR:
                out.append(h)
                continue
            call = Expression((h, *ch[1:]))
            out.extend((yield from not_tail(self._typed_args(call, params, res, UNDEFINED))))
        return out

    def _with_rules(self, builtin: Any, expr: Expression, rules: list[Rule]) -> Frame:
        """The results of a built-in the reference defines by rules (``RULE_DEFINED``),
        then those of the user's rules of its head that match ``expr`` as written."""
        out = list((yield from not_tail(builtin)))
        if any(unify(rename_variables(r.lhs), expr) is not None for r in rules):
            out.extend((yield from not_tail(self._rewrite(expr, rules))))
        return out

    def _tuple(self, expr: Expression) -> Any:
        """Evaluate every child, then apply. Fast path: nothing to evaluate. As in the
        reference (its ``interpret_tuple``), a child that is ``Empty`` makes the whole
        expression ``Empty``: no result."""
        ch = expr.children
        if EMPTY_SYM in ch:
            return []
        for c in ch:
            if type(c) is Expression and c.children:
                return self._args_frame(expr, None, None)
            if type(c) is Symbol and c.name in self.tokens:
                return self._args_frame(expr, None, None)
        return self._apply(expr)

    def _args_frame(
        self,
        expr: Expression,
        lazy: tuple[bool, ...] | None,
        check: Any,
        types: tuple[Atom, ...] | None = None,
        rt: Atom | None = None,
    ) -> Frame:
        """Evaluate the arguments (all children for a plain tuple), then apply. With
        variables, bindings an argument's evaluation gives are applied to the others.
        ``types``: the expected type of each argument (a typed call); ``rt``: apply with
        this expected type (``_apply_typed``) instead of plainly."""
        if expr.is_ground():
            return self._args_ground(expr, lazy, check, types, rt)
        return self._args_vars(expr, lazy, check, types, rt)

    def _arg_request(self, c: Expression, t: Atom) -> tuple[Any, bool]:
        """How to evaluate argument ``c`` with expected type ``t``: a request, and whether
        its results are to be cast to ``t`` afterwards. A call whose evaluation cannot meet
        another expectation than ``t`` is evaluated plainly (the common, fast case)."""
        h = c.children[0]
        if type(h) is Symbol and h is not _IF:
            if h in self.forms:
                return c, False
            op = self.registry.ops.get(h.name)
            if op is not None:
                if op.ret_type == t:
                    return c, False
            else:
                ft = self.function_type(h)
                if ft is not None:
                    if typecheck.return_type(ft) == t:
                        return c, False
                elif self.transparent(h, len(c.children), t, True):
                    return c, True
        return (EVAL_TYPED, (c, t, False)), False

    @staticmethod
    def _apply_request(kind: int, call: Expression, rt: Atom | None) -> Any:
        """The request applying ``call``: plainly, or expecting ``rt`` (``_apply_typed``)."""
        if rt is None:
            return (kind, call)
        return (_TYPED_KIND[kind], (call, rt, True))

    def _args_vars(
        self,
        expr: Expression,
        lazy: tuple[bool, ...] | None,
        check: Any,
        types: tuple[Atom, ...] | None = None,
        rt: Atom | None = None,
    ) -> Frame:
        keep: set[Variable] | None = None  # the expression's variables, when needed
        rs = yield from self._args_rest(
            list(expr.children), 0 if lazy is None else 1, {}, lazy, check, True, types, rt
        )
        out: Results = []
        for r in rs:
            if type(r) is Bound:
                if keep is None:
                    keep = set(variables(expr))
                b = _restrict(r.b, keep)
                out.append(Bound(r.atom, b) if b else r.atom)
            else:
                out.append(r)
        return out

    def _bind(self, a: Atom, b: dict[Variable, Atom]) -> Atom:
        if not b:
            return a
        if type(a) is Bound:
            return Bound(a.atom, compose(b, a.b))
        self._nbound += 1
        return Bound(substitute(a, b), b)

    def _args_rest(
        self,
        new: list[Atom],
        i: int,
        b: dict[Variable, Atom],
        lazy: tuple[bool, ...] | None,
        check: Any,
        tail: bool = False,
        types: tuple[Atom, ...] | None = None,
        rt: Atom | None = None,
    ) -> Frame:
        """Arguments ``i..`` of ``new`` (those before are evaluated, ``b`` applied).
        ``tail``: this is the only path, so the application may end the whole frame."""
        n = len(new)
        while i < n:
            c = new[i]
            tc = type(c)
            if (lazy is not None and i - 1 < len(lazy) and lazy[i - 1]) or (
                tc is not Symbol and not (tc is Expression and c.children)  # type: ignore[attr-defined]
            ):
                i += 1
                continue
            if tc is Expression:
                t = types[i - 1] if types is not None else None
                if t is not None and typecheck.informative(t):
                    req, after = self._arg_request(c, t)  # type: ignore[arg-type]
                    if type(req) is tuple:
                        req = (EVAL_TYPED_B, req[1])
                    else:
                        req = (EVAL_B, req)
                    r: Results = yield req
                    if after:
                        r = typecheck.cast_results(self, r, t)
                else:
                    r = yield (EVAL_B, c)
            else:
                r = self._quick(c)  # type: ignore[assignment]
            if not r:
                return []
            if len(r) == 1 and type(r[0]) is not Bound:
                a = r[0]
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    return [self._bind(a, b)]
                new[i] = a
                i += 1
                continue
            out: Results = []
            for a in r:
                nb = b
                nn = new
                if type(a) is Bound:
                    ab = a.b
                    a = a.atom
                    nb = compose(b, ab)
                    nn = [substitute(x, ab) for x in new]
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    out.append(self._bind(a, nb))
                    continue
                nn = list(nn)
                nn[i] = a
                out.extend(
                    (yield from self._args_rest(nn, i + 1, nb, lazy, check, False, types, rt))
                )
            return out
        call = Expression(tuple(new))
        if check is not None:
            err = check(call)
            if err is not None:
                return [self._bind(err, b)]
        if not b and tail:
            # nothing to add to the results: a tail call (constant space in recursion)
            yield self._apply_request(APPLY_TAIL, call, rt)
            raise AssertionError("unreachable: a tail request ends the frame")
        rs: Results = yield self._apply_request(APPLY_B, call, rt)
        if not b:
            return rs
        return [self._bind(x, b) for x in rs]

    def _args_ground(
        self,
        expr: Expression,
        lazy: tuple[bool, ...] | None,
        check: Any,
        types: tuple[Atom, ...] | None = None,
        rt: Atom | None = None,
    ) -> Frame:
        """Evaluate the arguments of a ground expression (no bindings), then apply."""
        ch = expr.children
        new = list(ch)
        multi: list[tuple[int, Results]] = []
        quick = self._quick
        start = 0 if lazy is None else 1
        for i in range(start, len(ch)):
            c = ch[i]
            if lazy is not None and i - 1 < len(lazy) and lazy[i - 1]:
                continue
            tc = type(c)
            if tc is Expression:
                if not c.children:  # type: ignore[attr-defined]
                    continue
                t = types[i - 1] if types is not None else None
                if t is not None and typecheck.informative(t):
                    req, after = self._arg_request(c, t)  # type: ignore[arg-type]
                    r: Results = yield req
                    if after:
                        r = typecheck.cast_results(self, r, t)
                else:
                    r = yield c
                if types is not None and len(r) == 1 and i < len(types):
                    # a type variable the value binds holds for the next arguments
                    types = typecheck.bind_type_vars(self, types, i - 1, r[0])
            elif tc is Symbol:
                r = quick(c)  # type: ignore[assignment]
            else:
                continue
            if not r:
                return []
            if len(r) == 1:
                a = r[0]
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    if not multi:
                        return [a]
                    # as the reference: one Error for each combination of the results
                    # before it; the arguments after it are not needed
                    multi.append((i, r))
                    break
                new[i] = a
            else:
                multi.append((i, r))
        if not multi:
            call = Expression(tuple(new))
            if check is not None:
                err = check(call)
                if err is not None:
                    return [err]
            yield self._apply_request(APPLY_TAIL, call, rt)
            raise AssertionError("unreachable: a tail request ends the frame")
        results: Results = []
        for combo in _combinations(multi):
            if not isinstance(combo, list):  # an Error in an argument ends its combination
                results.append(combo)
                continue
            for (i, _), a in zip(multi, combo, strict=True):
                new[i] = a
            call = Expression(tuple(new))
            if check is not None:
                err = check(call)
                if err is not None:
                    results.append(err)
                    continue
            results.extend((yield self._apply_request(APPLY, call, rt)))
        return results

    def _typed_call(self, expr: Expression, ftype: Atom, t: Atom = UNDEFINED) -> Any:
        """A call of a user function with a declared type, expected to be of type ``t``:
        checked as written, arguments evaluated with their declared types (lazily for
        ``Atom`` and ``Expression``), the body with the declared return type. With several
        declared types, as the reference's ``interpret_expression``: the first that the
        call fits is used; if none does, one Error for each."""
        ftypes = self.function_types(expr.children[0])  # type: ignore[arg-type]
        if len(ftypes) > 1:
            errors: list[Atom] = []
            for ft in ftypes:
                params = typecheck.arg_types(ft)
                if params is None or len(params) != len(expr.children) - 1:
                    errors.append(error(expr, _INCORRECT_ARGS))
                    continue
                res = typecheck.check_call(self, expr, params, typecheck.return_type(ft), t)
                if isinstance(res, tuple):
                    return self._typed_args(expr, params, res, t)
                errors.append(self.resolve_tokens(res))
            return errors
        arg_types = typecheck.arg_types(ftype)
        if arg_types is None or len(arg_types) != len(expr.children) - 1:
            if self._wrong_arity(expr):  # as the reference: no declared type fits
                return [error(expr, _INCORRECT_ARGS)]
            return self._tuple(expr)
        res = typecheck.check_call(self, expr, arg_types, typecheck.return_type(ftype), t)
        if not isinstance(res, tuple):
            return [self.resolve_tokens(res)]  # the reference checks the call as written
        return self._typed_args(expr, arg_types, res, t)

    def _typed_args(
        self, expr: Expression, arg_types: tuple[Atom, ...],
        res: tuple[tuple[Atom, ...], Atom], t: Atom,
    ) -> Any:
        """The arguments of a checked typed call evaluated with ``res``, its argument and
        return types, then the call."""
        types, rt = res
        if rt is EXPRESSION:  # the reference evaluates such a body as if %Undefined%
            rt = UNDEFINED
        memo = self.type_memos.lazy
        lazy = memo.get(arg_types)
        if lazy is None:
            lazy = memo[arg_types] = tuple(typecheck.is_lazy(t) for t in arg_types)
        return self._args_frame(expr, lazy, None, types, rt)

    # ------------------------------------------------------------------------------------
    # Evaluation with an expected type (hyperon's ``metta atom type``)

    def _typed(self, atom: Atom, t: Atom, applied: bool) -> Any:
        """Evaluate ``atom`` expecting type ``t`` (``applied``: apply it, its arguments being
        evaluated). Returns what ``_frame`` returns. A typed head checks its declared return
        type against ``t`` and its body is evaluated with that type; an untyped head passes
        ``t`` on to its body; a value reached is cast to ``t``."""
        if applied:
            return self._apply_typed(atom, t)  # type: ignore[arg-type]
        if t is ATOM:  # the reference's metta_impl: an atom expected as Atom is not evaluated
            return [atom]
        if not typecheck.informative(t):
            r = self._quick(atom)
            return r if r is not None else self._frame(atom)  # type: ignore[arg-type]
        ta = type(atom)
        r = self._quick(atom)
        if r is not None:
            if ta is Variable:
                return r
            return typecheck.cast(self, r[0], t)
        ch = atom.children  # type: ignore[attr-defined]
        if t is EXPRESSION or ch[0] is ERROR:
            return [atom]
        head = ch[0]
        if type(head) is Symbol:
            if head is _IF and len(ch) == 4 and ch[1].is_ground():
                return self._typed_if(atom, t)  # type: ignore[arg-type]
            form = self.forms.get(head)
            if form is not None:
                # the reference's forms but ``if`` return %Undefined%: nothing to check
                return form.evaluate(self, atom)  # type: ignore[arg-type]
            op = self.registry.ops.get(head.name)
            if op is not None:
                return self._op_frame(op, atom, t)  # type: ignore[arg-type]
            ftype = self.function_type(head)
            if ftype is not None:
                return self._typed_call(atom, ftype, t)  # type: ignore[arg-type]
            if self.transparent(head, len(ch), t, True):
                return self._cast_frame(atom, t, False)
        return self._args_frame(atom, None, None, None, t)  # type: ignore[arg-type]

    def _typed_if(self, expr: Expression, t: Atom) -> Frame:
        """``(if c then else)`` expecting ``t`` (``(: if (-> Bool Atom Atom $t))``): the
        chosen branch is evaluated expecting ``t``."""
        _, cond, then, other = expr.children
        results: Results = yield cond
        if len(results) == 1:
            c = results[0]
            if c is TRUE:
                yield (EVAL_TYPED_TAIL, (then, t, False))
            if c is FALSE:
                yield (EVAL_TYPED_TAIL, (other, t, False))
        out: Results = []
        for c in results:
            if c is TRUE:
                out.extend((yield (EVAL_TYPED, (then, t, False))))
            elif c is FALSE:
                out.extend((yield (EVAL_TYPED, (other, t, False))))
            else:  # neither: what the form gives (data or an Error)
                out.extend((yield Expression((expr.children[0], c, then, other))))
        return typecheck.check_alternatives(out)

    def _cast_frame(self, atom: Atom, t: Atom, applied: bool) -> Frame:
        """Evaluate (or apply) ``atom`` plainly, then cast its results to ``t``."""
        r: Results = yield ((APPLY_B, atom) if applied else (EVAL_B, atom))
        return typecheck.cast_results(self, r, t)

    def _typed_tail(self, atom: Atom, t: Atom) -> Frame:
        yield (EVAL_TYPED_TAIL, (atom, t, False))
        raise AssertionError("unreachable: a tail request ends the frame")

    def _apply_typed(self, call: Expression, t: Atom) -> Any:
        """Apply ``call`` (arguments evaluated) expecting type ``t``: a grounded operation
        leaves arguments it does not take as data; rule bodies are evaluated expecting ``t``."""
        ch = call.children
        head = ch[0] if ch else None
        th = type(head)
        if th is Symbol:
            op = self.registry.ops.get(head.name)  # type: ignore[union-attr]
            if op is not None:
                return self._call_op(op, call, t, True)
        elif th is Grounded and isinstance(head.value, Op):  # type: ignore[union-attr]
            return self._call_op(head.value, call, t, True)  # type: ignore[union-attr]
        if t is ATOM and th is Symbol and self.function_type(head) is not None:  # type: ignore[arg-type]
            # declared to return Atom: the bodies of the matching rules, not evaluated
            rules = self.space.rules_for((head, len(ch)))  # type: ignore[arg-type]
            return self._rewrite(call, rules, ATOM) if rules else self.as_data(call)
        if t is ATOM and th is Expression:  # ((f a) b) with (f a) returning Atom
            rules = list(self.space.var_rules)
            return self._rewrite(call, rules, ATOM) if rules else self.as_data(call)
        if not typecheck.informative(t):
            return self._apply(call)
        if th is Symbol:
            rules = self.space.rules_for((head, len(ch)))  # type: ignore[arg-type]
            if not rules:
                return self.as_data(call)
            ftype = self.function_type(head)  # type: ignore[arg-type]
            if ftype is not None:
                # t is its declared return type: the checks may be done without a frame
                if self.transparent(head, len(ch), t, False) and self.args_have_type(  # type: ignore[arg-type]
                    call, t, ftype
                ):
                    # what _apply does, with the rules in hand
                    hook = self.call_hook
                    if hook is not None:
                        r = hook(call)
                        if r is not None:
                            return r
                    return self._rewrite(call, rules)
                if self.transparent(head, len(ch), t, True):  # type: ignore[arg-type]
                    return self._cast_frame(call, t, True)
            return self._rewrite(call, rules, t)
        rules = list(self.space.var_rules)
        if not rules:
            return self.as_data(call)
        return self._rewrite(call, rules, t)

    def args_have_type(self, call: Expression, t: Atom, ftype: Atom) -> bool:
        """Whether the arguments declared ``t`` (by ``ftype``, the head's type) have that
        type (the variables bound to them are then values of type ``t``: an argument may
        have got past an %Undefined%)."""
        params = typecheck.arg_types(ftype)
        if params is None:
            return False
        ch = call.children
        for i in range(min(len(params), len(ch) - 1)):
            if params[i] == t:
                a = ch[i + 1]
                if t is NUMBER and type(a) is Grounded and (a.kind is int or a.kind is float):
                    continue  # typecheck.cast's first case, without the call
                c = typecheck.cast(self, a, t)
                if len(c) != 1 or c[0] is not a:
                    return False
        return True

    def transparent(self, head: Symbol, n: int, t: Atom, cast_after: bool) -> bool:
        """Whether evaluating a call of the rules of ``(head, n)`` expecting ``t`` may be
        done plainly: no rewrite on the way can change the expectation (only untyped
        functions, ``if``, operations and typed functions returning ``t``). With
        ``cast_after`` the results are cast to ``t`` afterwards; without, every value
        reached must already be known to have type ``t`` (a variable bound to an argument
        declared ``t``, a constant). Memoised per world; recursion is assumed to be fine."""
        world = self.world.version
        if self._tr_world != world:
            self._tr.clear()
            self._tr_world = world
        return self._tr.ask(
            (head, n, t, cast_after), lambda: self._transparent_rules(head, n, t, cast_after))

    def _transparent_rules(self, head: Symbol, n: int, t: Atom, cast_after: bool) -> bool:
        if self.space.var_rules:
            return False
        ftype = self.function_type(head)
        params = typecheck.arg_types(ftype) if ftype is not None else None
        if params is not None and any(typecheck.is_lazy(p) for p in params):
            # a variable bound to an unevaluated (Atom, Expression) argument: evaluated
            # expecting t, it may fail as written ((+ 1 2) expected Symbol), not as a value
            return False
        for rule in self.space.rules_for((head, n)):
            safe: set[Variable] | None = None
            if not cast_after:
                safe = set()
                lhs = rule.lhs
                if params is not None and type(lhs) is Expression:
                    for p, a in zip(params, lhs.children[1:], strict=False):
                        if type(a) is Variable and p == t:
                            safe.add(a)
            if not self._tail_ok(rule.rhs, t, safe):
                return False
        return True

    def _tail_ok(self, body: Atom, t: Atom, safe: set[Variable] | None) -> bool:
        tb = type(body)
        if tb is Variable:
            return safe is None or body in safe
        if tb is not Expression:
            if safe is None:
                return True
            if tb is Symbol and body.name in self.tokens:  # type: ignore[attr-defined]
                return False
            c = typecheck.cast(self, body, t)
            return len(c) == 1 and c[0] is body
        ch = body.children  # type: ignore[attr-defined]
        if not ch or ch[0] is ERROR:
            return True
        h = ch[0]
        if type(h) is not Symbol:
            return False
        if h is _IF:
            return len(ch) == 4 and self._tail_ok(ch[2], t, safe) and self._tail_ok(ch[3], t, safe)
        if h in self.forms:
            return False
        op = self.registry.ops.get(h.name)
        if op is not None:
            return bool(op.arg_types) and op.ret_type == t
        ft = self.function_type(h)
        if ft is not None:
            return typecheck.return_type(ft) == t
        if h.name in self.tokens:
            return False
        if not self.space.rules_for((h, len(ch))):
            return True  # data: its head has no type
        return self.transparent(h, len(ch), t, safe is None)

    # ------------------------------------------------------------------------------------
    # Application

    def _apply(self, expr: Expression) -> Any:
        """Apply an evaluated expression: a grounded call, the rules of its head, or data."""
        ch = expr.children
        if not ch:
            return [expr]
        head = ch[0]
        th = type(head)
        if th is Symbol:
            op = self.registry.ops.get(head.name)  # type: ignore[attr-defined]
            if op is not None:
                return self._call_op(op, expr)
            rules = self.space.rules_for((head, len(ch)))
        elif th is Grounded and isinstance(head.value, Op):  # type: ignore[attr-defined]
            return self._call_op(head.value, expr)  # type: ignore[attr-defined]
        else:
            rules = list(self.space.var_rules)
        if not rules:
            return self.as_data(expr)
        hook = self.call_hook
        if hook is not None:
            r = hook(expr)
            if r is not None:
                return r
        return self._rewrite(expr, rules)

    def as_data(self, expr: Expression) -> Results:
        """``expr`` as a result, since nothing applies to it. If its children are all in
        normal form, so is it: re-evaluating it (it is substituted into a rule body and
        evaluated again, as MeTTa does) then costs nothing instead of a walk of the whole
        structure. This turns building a long list from quadratic into linear time."""
        world = self.world.version
        tokens = self.tokens
        for c in expr.children:
            tc = type(c)
            if tc is Expression:
                if c._nf != world and c.children:  # type: ignore[attr-defined]
                    return [expr]
            elif tc is Symbol and c.name in tokens:  # type: ignore[attr-defined]
                return [expr]
        expr._nf = world
        return [expr]

    def _rewrite(self, expr: Expression, rules: list[Any], t: Atom | None = None) -> Any:
        lim = self.limits  # one step: a rule application (interpreter.limits)
        lim.left -= 1
        if lim.left < 0:
            lim.poll()
        bodies: list[Atom] = []
        if expr.is_ground():
            for rule in rules:
                b: dict[Variable, Atom] = {}
                if match_ground(rule.lhs, expr, b):
                    for v in rule.local_vars:
                        b[v] = Variable.fresh(v.name)
                    if rule.shallow:
                        bodies.append(instantiate(rule.rhs, b))
                    else:
                        bodies.append(substitute(rule.rhs, b))
        else:
            bound: list[tuple[Atom, dict[Variable, Atom]]] | None = None
            for rule in rules:
                m: dict[Variable, Variable] = {}
                fresh = cast(
                    Expression, rule.atom if rule.ground else rename_variables(rule.atom, m)
                )
                u = unify(fresh.children[1], expr)
                if u is None:
                    continue
                body, qb = _query_bindings(fresh.children[2], u, m)
                if qb:
                    if bound is None:
                        bound = [(bd, {}) for bd in bodies]
                    bound.append((body, qb))
                elif bound is not None:
                    bound.append((body, {}))
                else:
                    bodies.append(body)
            if bound is None and len(bodies) > 1:
                bound = [(bd, {}) for bd in bodies]
            if bound is not None:
                self.stats.counters["tier0.rewrites"] += 1
                return self._eval_bound(bound, expr, t)
        self.stats.counters["tier0.rewrites"] += 1
        if not bodies:
            return self.as_data(expr)
        if len(bodies) == 1:
            if t is not None:
                return self._typed_tail(bodies[0], t)
            return (EVAL_TAIL, bodies[0])
        return self._eval_all(bodies, t)

    def _match_bound(self, expr: Expression) -> Frame | None:
        """``(match space pattern template)`` whose variables are bound by the match: the
        results carry those bindings (``(match &self (mortal $x) T)`` binds ``$x``)."""
        sp, pattern, template = expr.children[1:]
        if type(sp) is not Grounded or not isinstance(sp.value, Space):
            return None
        pattern = self.resolve_tokens(pattern)
        template = self.resolve_tokens(template)
        keep = set(variables(expr))
        pairs = [
            (substitute(template, b), _restrict({v: substitute(v, b) for v in keep}, keep))
            for b in query(sp.value, pattern)
        ]
        return self._eval_bound(pairs, expr)

    def _eval_bound(
        self,
        bodies: list[tuple[Atom, dict[Variable, Atom]]],
        expr: Expression,
        t: Atom | None = None,
    ) -> Frame:
        """The results of rule bodies, each with the bindings its match gave to the
        variables of the rewritten expression ``expr`` (``t``: each expecting that type)."""
        keep: set[Variable] | None = None
        out: Results = []
        for body, b in bodies:
            req = (EVAL_B, body) if t is None else (EVAL_TYPED_B, (body, t, False))
            for r in (yield req):
                if type(r) is Bound:
                    if keep is None:
                        keep = set(variables(expr))
                    nb = _restrict(compose(b, r.b), keep)
                    a = r.atom
                else:
                    nb, a = b, r
                out.append(self._bind(a, nb) if nb else a)
        if t is not None:
            return typecheck.check_alternatives(out)
        return out

    def _eval_all(self, atoms: list[Atom], t: Atom | None = None) -> Frame:
        """The union of the results of several atoms (``t``: each expecting that type)."""
        out: Results = []
        if t is not None:
            for a in atoms:
                out.extend((yield (EVAL_TYPED, (a, t, False))))
            return typecheck.check_alternatives(out)
        for a in atoms:
            out.extend((yield a))
        return out

    def _op_frame(self, op: Op, expr: Expression, t: Atom = UNDEFINED) -> Any:
        """A call of a grounded operation expecting type ``t``: checked as written, then
        its (non-lazy) arguments evaluated with their declared types, then called."""
        ch = expr.children
        arity = op.arity
        if arity is not None and arity != len(ch) - 1:
            return [error(expr, _INCORRECT_ARGS)]
        lazy = op.lazy
        for i in range(1, len(ch)):
            c = ch[i]
            tc = type(c)
            if (tc is Expression and c.children) or (  # type: ignore[attr-defined]
                tc is Symbol and c.name in self.tokens  # type: ignore[attr-defined]
            ):
                if i - 1 < len(lazy) and lazy[i - 1]:
                    continue
                params = op.arg_types
                if not params or len(params) != len(ch) - 1:
                    return self._args_frame(expr, lazy, None)
                res = typecheck.check_op_call(self, op, expr, t)
                if not isinstance(res, tuple):
                    return [self.resolve_tokens(res)]  # checked as written, as the reference
                return self._args_frame(expr, lazy, None, res[0], res[1])
        # nothing to evaluate: the call as written is the evaluated one
        if typecheck.informative(t) and op.arg_types and len(op.arg_types) == len(ch) - 1:
            res = typecheck.check_op_call(self, op, expr, t)
            if not isinstance(res, tuple):
                return [res]
            return self._call_op(op, expr, res[1], True)
        return self._call_op(op, expr)

    def _call_op(
        self, op: Op, expr: Expression, t: Atom | None = None, checked: bool = False
    ) -> Any:
        """Call ``op`` on the evaluated arguments of ``expr``; results are evaluated again
        (expecting ``t``). ``checked``: the call was checked as written, so arguments its
        type rejects now got past an %Undefined% type; as the reference's operations do,
        the call is then data."""
        args = expr.children[1:]
        if op.arity is not None and op.arity != len(args):
            return [error(expr, _INCORRECT_ARGS)]
        err = typecheck.check_op_args(self, op, expr)
        if err is not None:
            return [expr] if checked else [err]
        if op.name == "match" and not expr.is_ground():
            m = self._match_bound(expr)
            if m is not None:
                return m
        ok, r = invoke(self, op, args, expr)
        if not ok:
            return r
        if t is not None and not typecheck.informative(t):
            t = None
        if not op.multi:
            if type(r) is Expression and r.children and not typecheck.returns_atom(op):
                if t is not None:
                    return self._typed_tail(r, t)
                return (EVAL_TAIL, r)
            if t is not None:
                return typecheck.cast(self, r, t)
            return [r]
        if typecheck.returns_atom(op):
            return list(r)
        if t is not None:
            return self._eval_all(list(r), t)
        if any(type(a) is Expression and a.children for a in r):
            return self._eval_all(list(r))
        return list(r)

    # ------------------------------------------------------------------------------------
    # Types

    def types_expressions(self) -> bool:
        """Whether the space may hold a declaration ``(: <expression> T)``: if not, the
        type of a call is never looked up there (``typecheck.types_of``). Kept up to date by
        the space's type listeners; conservative (a removed declaration is not forgotten)."""
        sp = self.space
        got = self.type_memos.expr_decls.get(sp.uid)
        if got is None:
            got = self._watch_expr_decls(sp)
        return got

    def _watch_expr_decls(self, sp: Space) -> bool:
        flags = self.type_memos.expr_decls
        uid = sp.uid

        def told(subject: Atom) -> None:
            if type(subject) is Expression:
                flags[uid] = True

        sp.type_listeners.append(told)
        found = False
        for a in sp.atoms():
            if type(a) is Expression and len(a.children) == 3 and a.children[0] is COLON:
                if type(a.children[1]) is Expression:
                    found = True
                    break
        flags[uid] = found
        return found

    def _wrong_arity(self, expr: Expression) -> bool:
        """Whether every declared function type of ``expr``'s head takes another number of
        arguments (the reference's ``IncorrectNumberOfArguments``)."""
        n = len(expr.children) - 1
        found = False
        for t in self.space.declared_types(expr.children[0]):
            params = typecheck.arg_types(t)
            if params is None:
                continue
            if len(params) == n:
                return False
            found = True
        return found

    def function_type(self, head: Symbol) -> Atom | None:
        """The first declared ``(-> ...)`` type of a symbol (whether it is a typed function);
        memoised. A call is checked against each (``function_types``)."""
        ts = self.function_types(head)
        return ts[0] if ts else None

    def function_types(self, head: Symbol) -> tuple[Atom, ...]:
        """Every declared ``(-> ...)`` type of a symbol, in the space's order; memoised."""
        memo = self.type_memos
        world = self.world.version
        if memo.stamp != world:
            memo.current(world)
        fn_types = memo.fn_types
        try:
            return fn_types[head]
        except KeyError:
            pass
        found = tuple(t for t in self.space.declared_types(head)
                      if typecheck.arg_types(t) is not None)
        fn_types[head] = found
        return found


def _query_bindings(
    body: Atom, u: dict[Variable, Atom], rule_vars: dict[Variable, Variable]
) -> tuple[Atom, dict[Variable, Atom]]:
    """A matched rule's body and the bindings of the query's variables (those bound by
    ``u`` that are not the rule's fresh ones, the values of ``rule_vars``). A query
    variable bound to a rule variable gives its name to it instead (no binding)."""
    body = substitute(body, u)
    if not u:
        return body, {}
    rv = set(rule_vars.values())
    qb: dict[Variable, Atom] = {}
    ren: dict[Variable, Atom] = {}
    for v in u:
        if v in rv:
            continue
        val = substitute(v, u)
        if val == v:
            continue
        if type(val) is Variable and val in rv and val not in ren:
            ren[val] = v
        else:
            qb[v] = val
    if ren:
        body = substitute(body, ren)
        qb = {v: substitute(val, ren) for v, val in qb.items()}
    return body, qb


def unit() -> Expression:
    return UNIT
