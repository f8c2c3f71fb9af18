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
* ``yield (APPLY_TAIL, expr)``  the same for an application.

A frame ends by returning its list of results.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from itertools import product
from typing import Any, TextIO, cast

from mettajit.atoms.core import (
    ERROR,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    error,
    map_atom,
    string,
    variables,
)
from mettajit.config import DEFAULTS, Settings
from mettajit.grounded import BUILTINS, NotReducible, Op, OpError, Registry
from mettajit.interpreter import typecheck
from mettajit.space import Space, match_ground, substitute, unify
from mettajit.space.store import instantiate
from mettajit.space.unify import rename_variables
from mettajit.stats import Stats

Results = list[Atom]
Frame = Generator[Any, Results, Results]

EVAL_TAIL = 0
APPLY = 1
APPLY_TAIL = 2
EVAL_B = 3  # evaluate, and the requesting frame accepts ``Bound`` results
APPLY_B = 4  # apply, the same


class Bound(Atom):
    """A result together with the bindings its evaluation gave to variables of the
    evaluated atom: ``(green $x)`` is ``T`` with ``$x = Fritz``. As in the reference, the
    bindings are applied to the rest of the enclosing expression (``(ift (green $x) $x)``
    becomes ``(ift T Fritz)``). Only frames that ask with ``EVAL_B``/``APPLY_B`` see them;
    the driver hands every other frame the bare atoms."""

    __slots__ = ("atom", "b")

    def __init__(self, atom: Atom, b: dict[Variable, Atom]) -> None:
        self.atom = atom
        self.b = b


def strip(results: Results) -> Results:
    """The bare atoms of results that may hold ``Bound`` ones."""
    for r in results:
        if type(r) is Bound:
            return [r.atom if type(r) is Bound else r for r in results]
    return results


def compose(b: dict[Variable, Atom], nb: dict[Variable, Atom]) -> dict[Variable, Atom]:
    """Bindings ``b`` followed by ``nb``."""
    out = {v: substitute(val, nb) for v, val in b.items()}
    for k, v in nb.items():
        if k not in out:
            out[k] = v
    return out


def _restrict(b: dict[Variable, Atom], keep: set[Variable]) -> dict[Variable, Atom]:
    return {v: val for v, val in b.items() if v in keep and val != v}

_INCORRECT_ARGS = Symbol("IncorrectNumberOfArguments")


class DepthLimitExceeded(Exception):
    """More nested evaluations pending than ``Settings.max_depth``: the query gives an Error
    value instead of exhausting the machine's memory (each pending frame costs ~1 KB)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def invoke(
    interp: Interpreter, op: Op, args: tuple[Atom, ...], expr: Expression
) -> tuple[bool, Any]:
    """Call a grounded operation, mapping its outcomes; shared by tier 0 and tier 1.

    ``(True, r)``: ``r`` is what the operation returned (an atom, or a list of them for a
    ``multi`` operation), which the caller may have to evaluate again. ``(False, results)``:
    the final results, the call as data (``NotReducible``) or an Error value.
    """
    try:
        return True, (op.fn(interp, *args) if op.needs_runtime else op.fn(*args))
    except NotReducible:
        return False, [expr]
    except OpError as e:
        return False, [error(expr, e.reason)]
    except (RecursionError, MemoryError, DepthLimitExceeded):
        raise  # limits of the whole evaluation, not failures of this operation
    except Exception as e:  # a user-registered operation failed: an Error value
        return False, [error(expr, string(f"{type(e).__name__}: {e}"))]


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
        from mettajit.interpreter import forms, runtime_ops

        self.space = space if space is not None else Space("&self")
        self.registry = registry if registry is not None else BUILTINS.copy()
        runtime_ops.register(self.registry)
        self.settings = settings or DEFAULTS
        self.stats = stats or Stats()
        self.out = out or sys.stdout
        self.tokens: dict[str, Atom] = {"&self": Grounded(self.space, Symbol("SpaceType"))}
        self.forms: dict[Symbol, Callable[[Interpreter, Expression], Any]] = dict(forms.FORMS)
        self.call_hook: Callable[[Expression], Results | None] | None = None
        self.tokens_version = 0  # bumped by bind!: a symbol may have become a token
        self.base_dir: str = "."
        # memo of (: f (-> ...)) lookups, invalidated whenever the space changes
        self._types_version = -1
        self._fn_types: dict[Symbol, Atom | None] = {}
        self.modules: dict[str, Space] = {}  # import!: each module file's space, by path
        self.imported: dict[int, set[int]] = {}  # space uid -> ids of its imported atoms
        self._nbound = 0  # Bound results made so far: until then the driver skips them

    # ------------------------------------------------------------------------------------
    # Public entry points

    def evaluate(self, atom: Atom) -> Results:
        """All results of evaluating ``atom`` (tier 0 only, plus the call hook)."""
        return self.run(atom)

    def add_atom(self, atom: Atom, line: int = 0) -> None:
        """Add a top-level atom of the program to ``&self`` (``line``: where it was written)."""
        self.space.add(self.resolve_tokens(atom), line)

    def set_space(self, space: Space) -> None:
        """Make ``space`` the one rules and types are looked up in (a module loading)."""
        self.space = space
        self.tokens_version += 1  # normal-form marks and memos are per space
        self._types_version = -1
        self._fn_types.clear()

    def resolve_tokens(self, atom: Atom) -> Atom:
        """``atom`` with the tokens bound by ``bind!`` replaced by their values, as the
        reference's parser does (``&self`` stays: evaluation resolves it)."""
        tokens = self.tokens
        if len(tokens) < 2 or type(atom) is Variable:
            return atom

        def leaf(x: Atom) -> Atom | None:
            if type(x) is Symbol and x.name != "&self":
                return tokens.get(x.name)
            return None

        return map_atom(atom, leaf)

    # ------------------------------------------------------------------------------------
    # The driver

    def run(self, atom: Atom) -> Results:
        """Evaluate ``atom`` on the explicit frame stack. The hot loop of tier 0."""
        quick = self._quick
        r = quick(atom)
        if r is not None:
            return r
        stack: list[Any] = []
        push, pop = stack.append, stack.pop
        frame, apply = self._frame, self._apply
        nxt = frame(atom)  # type: ignore[arg-type]
        while type(nxt) is tuple:
            r = quick(nxt[1])
            nxt = r if r is not None else frame(nxt[1])
        if type(nxt) is list:
            return nxt
        push(nxt)
        val: Any = None
        limit = self.settings.max_depth
        accepting: set[Any] = set()  # frames that asked with EVAL_B / APPLY_B
        while True:
            try:
                req = stack[-1].send(val)
            except StopIteration as stop:
                done = pop()
                val = stop.value
                if self._nbound:
                    accepting.discard(done)
                    if not stack:
                        return strip(val)
                    if stack[-1] not in accepting:
                        val = strip(val)
                elif not stack:
                    return val  # type: ignore[no-any-return]
                continue
            if type(req) is tuple:
                kind, x = req
                if kind == EVAL_TAIL:
                    accepting.discard(pop())
                    r = quick(x)
                    nxt = r if r is not None else frame(x)
                elif kind == APPLY_TAIL:
                    accepting.discard(pop())
                    nxt = apply(x)
                elif kind == APPLY:
                    nxt = apply(x)
                elif kind == EVAL_B:
                    accepting.add(stack[-1])
                    r = quick(x)
                    nxt = r if r is not None else frame(x)
                else:  # APPLY_B
                    accepting.add(stack[-1])
                    nxt = apply(x)
            else:
                r = quick(req)
                nxt = r if r is not None else frame(req)
            # nxt: a list of results, a (EVAL_TAIL, atom) request, or a new frame
            while type(nxt) is tuple:
                r = quick(nxt[1])
                nxt = r if r is not None else frame(nxt[1])
            if type(nxt) is list:
                if not stack:
                    return nxt
                val = nxt
            else:
                push(nxt)
                val = None
                if len(stack) > limit:
                    raise DepthLimitExceeded(limit)

    def world(self) -> int:
        """A number that changes whenever evaluation could give other results: a rule, a
        type or any atom of ``&self`` added or removed, or a token bound."""
        return self.space.version_all + (self.tokens_version << 40)

    def _quick(self, atom: Atom) -> Results | None:
        """Results of atoms that need no frame: non-expressions, ``()``, and expressions
        already known to be in normal form (data that evaluates to itself)."""
        t = type(atom)
        if t is Expression:
            if atom.children and atom._nf != self.space.version_all + (  # type: ignore[attr-defined]
                self.tokens_version << 40
            ):
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
                return form(self, expr)
            op = self.registry.ops.get(head.name)
            if op is not None:
                return self._op_frame(op, expr)
            ftype = self.function_type(head)
            if ftype is not None:
                return self._typed_call(expr, ftype)
        return self._tuple(expr)

    def _tuple(self, expr: Expression) -> Any:
        """Evaluate every child, then apply. Fast path: nothing to evaluate."""
        for c in expr.children:
            if type(c) is Expression and c.children:
                return self._args_frame(expr, None, None)
            if type(c) is Symbol and c.name in self.tokens:
                return self._args_frame(expr, None, None)
        return self._apply(expr)

    def _args_frame(self, expr: Expression, lazy: tuple[bool, ...] | None, check: Any) -> Frame:
        """Evaluate the arguments (all children for a plain tuple), then apply. With
        variables, bindings an argument's evaluation gives are applied to the others."""
        if expr.is_ground():
            return self._args_ground(expr, lazy, check)
        return self._args_vars(expr, lazy, check)

    def _args_vars(self, expr: Expression, lazy: tuple[bool, ...] | None, check: Any) -> Frame:
        keep: set[Variable] | None = None  # the expression's variables, when needed
        rs = yield from self._args_rest(
            list(expr.children), 0 if lazy is None else 1, {}, lazy, check, True
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
            r: Results = (yield (EVAL_B, c)) if tc is Expression else self._quick(c)  # type: ignore[assignment]
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
                out.extend((yield from self._args_rest(nn, i + 1, nb, lazy, check)))
            return out
        call = Expression(tuple(new))
        if check is not None:
            err = check(call)
            if err is not None:
                return [self._bind(err, b)]
        if not b and tail:
            # nothing to add to the results: a tail call (constant space in recursion)
            yield (APPLY_TAIL, call)
            raise AssertionError("unreachable: a tail request ends the frame")
        rs: Results = yield (APPLY_B, call)
        if not b:
            return rs
        return [self._bind(x, b) for x in rs]

    def _args_ground(
        self, expr: Expression, lazy: tuple[bool, ...] | None, check: Any
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
                r: Results = yield c
            elif tc is Symbol:
                r = quick(c)  # type: ignore[assignment]
            else:
                continue
            if not r:
                return []
            if len(r) == 1:
                a = r[0]
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    return [a]
                new[i] = a
            else:
                multi.append((i, r))
        if not multi:
            call = Expression(tuple(new))
            if check is not None:
                err = check(call)
                if err is not None:
                    return [err]
            yield (APPLY_TAIL, call)
            raise AssertionError("unreachable: a tail request ends the frame")
        results: Results = []
        for combo in product(*(r for _, r in multi)):
            bad = None
            for (i, _), a in zip(multi, combo, strict=True):
                new[i] = a
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    bad = a
            if bad is not None:
                results.append(bad)
                continue
            call = Expression(tuple(new))
            if check is not None:
                err = check(call)
                if err is not None:
                    results.append(err)
                    continue
            results.extend((yield (APPLY, call)))
        return results

    def _typed_call(self, expr: Expression, ftype: Atom) -> Any:
        """A call of a user function with a declared type: laziness and argument checks."""
        arg_types = typecheck.arg_types(ftype)
        if arg_types is None or len(arg_types) != len(expr.children) - 1:
            return self._tuple(expr)
        lazy = tuple(typecheck.is_lazy(t) for t in arg_types)

        def check(call: Expression) -> Atom | None:
            err = typecheck.check_args(self, call, arg_types)
            # the reference checks the call as written: its error shows that call
            if err is None:
                return None
            return error(self.resolve_tokens(expr), err.children[2])  # type: ignore[attr-defined]

        return self._args_frame(expr, lazy, check)

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
        world = self.space.version_all + (self.tokens_version << 40)
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

    def _rewrite(self, expr: Expression, rules: list[Any]) -> Any:
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
                return self._eval_bound(bound, expr)
        self.stats.counters["tier0.rewrites"] += 1
        if not bodies:
            return self.as_data(expr)
        if len(bodies) == 1:
            return (EVAL_TAIL, bodies[0])
        return self._eval_all(bodies)

    def _match_bound(self, expr: Expression) -> Frame | None:
        """``(match space pattern template)`` whose variables are bound by the match: the
        results carry those bindings (``(match &self (mortal $x) T)`` binds ``$x``)."""
        from mettajit.interpreter.runtime_ops import query

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
        self, bodies: list[tuple[Atom, dict[Variable, Atom]]], expr: Expression
    ) -> Frame:
        """The results of rule bodies, each with the bindings its match gave to the
        variables of the rewritten expression ``expr``."""
        keep: set[Variable] | None = None
        out: Results = []
        for body, b in bodies:
            for r in (yield (EVAL_B, body)):
                if type(r) is Bound:
                    if keep is None:
                        keep = set(variables(expr))
                    nb = _restrict(compose(b, r.b), keep)
                    a = r.atom
                else:
                    nb, a = b, r
                out.append(self._bind(a, nb) if nb else a)
        return out

    def _eval_all(self, atoms: list[Atom]) -> Frame:
        """The union of the results of several atoms."""
        out: Results = []
        for a in atoms:
            out.extend((yield a))
        return out

    def _op_frame(self, op: Op, expr: Expression) -> Any:
        """A call of a grounded operation: evaluate its (non-lazy) arguments, then call it."""
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
                if not op.arg_types:
                    return self._args_frame(expr, lazy, None)

                def check(call: Expression) -> Atom | None:
                    err = typecheck.check_op_args(self, op, call)
                    # the reference checks the call as written: its error shows that call
                    if err is None:
                        return None
                    return error(self.resolve_tokens(expr), err.children[2])  # type: ignore[attr-defined]

                return self._args_frame(expr, lazy, check)
        return self._call_op(op, expr)

    def _call_op(self, op: Op, expr: Expression) -> Any:
        """Call ``op`` on the evaluated arguments of ``expr``; results are evaluated again."""
        args = expr.children[1:]
        if op.arity is not None and op.arity != len(args):
            return [error(expr, _INCORRECT_ARGS)]
        err = typecheck.check_op_args(self, op, expr)
        if err is not None:
            return [err]
        if op.name == "match" and not expr.is_ground():
            m = self._match_bound(expr)
            if m is not None:
                return m
        ok, r = invoke(self, op, args, expr)
        if not ok:
            return r
        if not op.multi:
            if type(r) is Expression and r.children and not typecheck.returns_atom(op):
                return (EVAL_TAIL, r)
            return [r]
        if typecheck.returns_atom(op):
            return list(r)
        if any(type(a) is Expression and a.children for a in r):
            return self._eval_all(list(r))
        return list(r)

    # ------------------------------------------------------------------------------------
    # Types

    def function_type(self, head: Symbol) -> Atom | None:
        """The declared ``(-> ...)`` type of a symbol, if it has exactly one; memoised."""
        if self._types_version != self.space.version_all:
            self._fn_types.clear()
            self._types_version = self.space.version_all
        try:
            return self._fn_types[head]
        except KeyError:
            pass
        found = None
        for t in self.space.declared_types(head):
            if typecheck.arg_types(t) is not None:
                found = t
                break
        self._fn_types[head] = found
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
