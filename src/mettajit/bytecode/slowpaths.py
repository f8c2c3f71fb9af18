"""The slow paths of the tier 1 VM, out of its dispatch loop: everything that makes tier 1
agree with tier 0 when the fast paths do not apply.

``SlowPaths`` is the VM's base class: grounded calls exactly as tier 0 makes them (arity,
argument types, ``NotReducible`` -> the call as data, ``OpError`` -> an Error value,
results evaluated again unless the operation returns ``Atom``), the generic path of the
dedicated arithmetic/comparison/boolean opcodes, calls of units with no chunk (data,
non-ground arguments: tier 0; typed functions: the callee's chunk when tier 0 would check
the call, find it fine and apply the rules plainly, ``_typed_direct``, else tier 0),
dynamic application (``MAKE_EXPR``), ``MATCH``
against a space, re-evaluation of bound values (``LOAD_EVAL``) and the
``EVAL`` fallback. ``set_op`` and ``assert_verdict`` are tier 0's ``unique``/``union``/
``intersection``/``subtraction`` and ``assertEqual``/``assertEqualToResult`` on collected
results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import (
    ARROW,
    BOOL,
    EMPTY_SYM,
    ERROR,
    NUMBER,
    UNDEFINED,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    error,
)
from mettajit.bytecode.callfacts import casts_value
from mettajit.bytecode.callplan import Decision, TypedPlan, typed_plan
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.inert import Inertness
from mettajit.bytecode.opcodes import by_number
from mettajit.grounded.registry import Op
from mettajit.interpreter.forms import (
    alpha_equal,
    assert_message,
    multiset_alpha_equal,
    multiset_equal,
)
from mettajit.interpreter.runtime_ops import query
from mettajit.interpreter.typecheck import (
    cast,
    cast_results,
    check_alternatives,
    check_op_args,
    check_op_call,
    get_type,
    informative,
    metatype,
    returns_atom,
    types_of,
)
from mettajit.interpreter.vocabulary import invoke
from mettajit.space import Space
from mettajit.space.flatquery import flat_args, flat_fill, is_flat_space
from mettajit.space.unify import substitute
from mettajit.stats import Stats

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter
    from mettajit.space.store import HeadKey

_INCORRECT_ARGS = Symbol("IncorrectNumberOfArguments")
_BAD_ARG = Symbol("BadArgType")

# where an instruction is: its chunk, its offset and the frame's locals
Site = tuple[Chunk, int, list[Any]]

# How many runs of the VM's loop may be in progress one inside another (``VM.nested``).
# The VM runs on its own frame stack and tier 0 on its own, but a call one of them hands
# to the other is a Python call: tier 1's ``EVAL`` of a form it does not compile asks
# tier 0, whose call hook enters the VM again for the next level of a recursion, and a
# typed call that casts its results runs its callee's chunk from a slow path. Each such
# level costs Python frames, so past this many the hook and the slow paths decline
# (tier 0 applies the rules on its own stack, as with ``--tier 0``): recursion depth is
# bounded by memory on every tier, and the results are tier 0's by construction. Kept
# small: a tier 0 run nested at the edge of one of CPython's 16 KB frame-stack chunks
# maps and unmaps a chunk on every call that crosses it (at 20, ``(g 20000)`` of a
# non-tail recursion through an ``EVAL`` took 3.0 s of system time against 0.07 s).
NEST_LIMIT = 8


def _is_bad_arg(reason: Atom) -> bool:
    return type(reason) is Expression and bool(reason.children) and reason.children[0] is _BAD_ARG

# per opcode number: the grounded operation it is the fast path of (the table's column),
# for the generic (slow) path of those opcodes
_OPERATION: list[Any] = by_number("operation")


class SlowPaths:
    """Methods of the VM that its loop calls when a fast path does not apply."""

    interp: Interpreter
    stats: Stats
    chunks: dict[HeadKey, Chunk]
    data_keys: dict[HeadKey, int]
    _resolver: Callable[[HeadKey], Chunk | None]  # VM.attach's resolve
    inert: Inertness
    # typed units called directly (_typed_direct): their plans, the code learnt for them
    # (in the plan's world), the call hook's misses, and the unit whose chunk VM.run is
    # learning (the chunk of its next run: the call hook's run of the unit)
    typed_plans: dict[HeadKey, TypedPlan]
    typed_code: dict[HeadKey, Chunk]
    typed_misses: dict[HeadKey, int]
    capture: HeadKey | None
    nested: int  # runs of the VM's loop in progress (NEST_LIMIT)

    def written(self, site: Site | None) -> Atom | None:
        """The expression of an instruction as written in the source, with the values of
        its variables (tier 0 shows it in the Error value of a failed argument check)."""
        if site is None:
            return None
        chunk, offset, loc = site
        plan = chunk.decisions.sites.get(offset)
        if plan is None or plan.written is None:
            return None
        return self.interp.resolve_tokens(plan.written.instantiate(loc))

    def _binary_slow(self, op: int, a: Atom, b: Atom, site: Site | None = None) -> list[Atom]:
        """A dedicated opcode whose operands are not both small numbers: exactly what the
        grounded operation gives in tier 0 (data, a BadArgType error, a float...)."""
        name = _OPERATION[op]
        g = self.interp.registry.ops[name]
        for x in (a, b):
            if type(x) is Expression and x.children and x.children[0] is ERROR:
                return self.typed_replay(g, (a, b), site) or [x]
        return self.call_op(g, Expression((Symbol(name), a, b)), site)

    def _unary_slow(self, op: int, a: Atom, site: Site | None = None) -> list[Atom]:
        name = _OPERATION[op]
        g = self.interp.registry.ops[name]
        if type(a) is Expression and a.children and a.children[0] is ERROR:
            return self.typed_replay(g, (a,), site) or [a]
        return self.call_op(g, Expression((Symbol(name), a)), site)

    def typed_replay(
        self, op: Op, args: tuple[Atom, ...] | list[Atom], site: Site | None
    ) -> list[Atom] | None:
        """A typed grounded call compiled plainly (``CallFacts.typed_plain``) whose
        evaluated arguments hold an Error or a mistyped value: what tier 0 makes of it.
        Tier 0 checks the call as written (variables and tokens replaced by their values)
        before evaluating anything, then evaluates the arguments in order, stopping at an
        Error, and casts the value of a call of an untyped function to the declared type.
        None: nothing of this applies (the operation then decides)."""
        if site is None:
            return None
        chunk, offset, loc = site
        plan = chunk.decisions.sites.get(offset)  # the call plan of the site
        pat = None if plan is None else plan.written
        params = op.arg_types
        if pat is None or not params or len(params) != len(args):
            return None
        interp = self.interp
        src = pat.atom.children[1:]  # type: ignore[attr-defined]
        if len(src) != len(args):
            return None
        written = interp.resolve_tokens(pat.instantiate(loc))
        res = check_op_call(interp, op, written, UNDEFINED)  # type: ignore[arg-type]
        if not isinstance(res, tuple):
            return [res]
        types = res[0]
        lazy = op.lazy
        for i, v in enumerate(args):
            if i < len(lazy) and lazy[i]:
                continue
            if type(v) is Expression and v.children and v.children[0] is ERROR:
                return [v]
            s = src[i]
            if type(s) is Expression and s.children and informative(types[i]) and (
                casts_value(interp, s)
            ):
                c = cast(interp, v, types[i])
                if len(c) != 1 or c[0] is not v:
                    return check_alternatives(c)
        return None

    def call_grounded(self, op: Op, args: list[Atom], site: Site | None = None) -> list[Atom]:
        """``CALL_GROUNDED``: an Error among the evaluated arguments is the result."""
        lazy = op.lazy
        for i, a in enumerate(args):
            if (
                type(a) is Expression
                and a.children
                and a.children[0] is ERROR
                and not (i < len(lazy) and lazy[i])
            ):
                return self.typed_replay(op, args, site) or [a]
        return self.call_op(op, Expression((Symbol(op.name), *args)), site)

    def call_op(self, op: Op, expr: Expression, site: Site | None = None) -> list[Atom]:
        """Tier 0's ``_call_op``, step for step: arity, argument types, the call, the
        outcomes, and results evaluated again unless the operation returns ``Atom``."""
        interp = self.interp
        args = expr.children[1:]
        if op.arity is not None and op.arity != len(args):
            return [error(expr, _INCORRECT_ARGS)]
        err = check_op_args(interp, op, expr)
        if err is not None:
            got = self.typed_replay(op, args, site)
            if got is not None:
                return got
            if self.written(site) is None:
                return [err]
            # checked as written, a value got past an %Undefined% type (``let``, ``case``,
            # ``superpose``...): as tier 0 and the reference's operations, the call is data
            return [expr]
        ok, r = invoke(interp, op, args, expr)
        if not ok:
            return r  # type: ignore[no-any-return]
        if not op.multi:
            if type(r) is Expression and r.children and not returns_atom(op):
                return self.eval_value(r)
            return [r]
        if returns_atom(op):
            return list(r)
        if any(type(a) is Expression and a.children for a in r):
            out: list[Atom] = []
            for a in r:
                out.extend(self.eval_value(a))
            return out
        return list(r)

    def type_of(self, kind: int, atom: Atom) -> list[Atom]:
        """``TYPE_OF``: tier 0's ``get-type`` (0) or ``get-metatype`` (1) of an atom."""
        if kind == 1:
            return [metatype(self.interp, atom)]
        ts = get_type(self.interp, atom)
        # as tier 0: a type is evaluated ((VecN $t (+ $x 1)) becomes (VecN String 1))
        if any(type(t) is Expression and t.children and t.children[0] is not ARROW for t in ts):
            out: list[Atom] = []
            for t in ts:
                out.extend(self.eval_value(t))
            return out
        return ts

    def eval_value(self, v: Atom) -> list[Atom]:
        """Evaluate an already computed value again, as tier 0 does after substitution."""
        if type(v) is Expression and v._nf == self.interp.world.version:
            return [v]  # marked in normal form for this world (tier 0's own test: _quick)
        if self.inert.inert(v):
            return [v]
        self.stats.counters["tier1.reeval.tier0"] += 1
        return self.interp.evaluate(v)

    def eval_fallback(self, atom: Atom, site: Site | None = None) -> list[Atom]:
        """``EVAL``: a form tier 1 does not compile, evaluated by tier 0. An ``EVAL`` with
        an expression as written is ``(if c then else)`` whose condition value ``c`` is
        not a Bool: tier 0's ``if`` for that value (not evaluated again), its BadArgType
        showing the ``if`` as written."""
        head = atom.children[0] if type(atom) is Expression and atom.children else atom
        name = head.name if type(head) is Symbol else type(head).__name__
        self.stats.counters[f"tier1.fallback.{name}"] += 1
        plan = None if site is None else site[0].decisions.sites.get(site[1])
        if plan is not None and plan.written is not None and len(atom.children) == 4:  # type: ignore[attr-defined]
            c = atom.children[1]  # type: ignore[attr-defined]
            if type(c) is Expression and c.children and c.children[0] is ERROR:
                return [c]
            ts = types_of(self.interp, c)
            if any(t is UNDEFINED or t is BOOL for t in ts):
                return [atom]
            written = self.written(site)
            actual = ts[0] if ts else UNDEFINED
            return [error(written, Expression((_BAD_ARG, Grounded(1, NUMBER), BOOL, actual)))]  # type: ignore[arg-type]
        return self.interp.evaluate(atom)

    def match(self, pattern: Any, space: Atom, loc: list[Any]) -> list[list[Any]] | None:
        """``MATCH``: one locals list per match of the pattern; None if ``space`` is none."""
        if type(space) is not Grounded or not isinstance(space.value, Space):
            return None
        fast = self._flat_match(pattern, space.value, loc)
        if fast is not None:
            return fast
        pat = self.interp.resolve_tokens(pattern.instantiate(loc))  # as tier 0's match
        free = [(v, s) for v, s in pattern.slots.items() if s not in pattern.bound]
        # a bound variable's value with variables in it (a fact's free variable bound by
        # an outer match, a rule's fresh variable): the query may bind those, and tier 0
        # substitutes each match's bindings into the whole template and carries them out
        # of the match (``_match_bound``), so every local holding a variable gets them
        open_ = any(not _ground(loc[s]) for s in pattern.bound)
        out = []
        for b in query(space.value, pat):
            nl = loc[:]
            if open_ and b:
                for i, v in enumerate(nl):
                    if not _ground(v):
                        nl[i] = substitute(v, b)
            for v, s in free:
                nl[s] = substitute(v, b)
            out.append(nl)
        return out

    def _flat_match(self, pattern: Any, space: Any, loc: list[Any]) -> list[list[Any]] | None:
        """``MATCH`` of a flat pattern answered from the space's index in one call
        (``space.flatquery``), or None when the general matcher must answer."""
        plan = pattern.query
        if plan is None:
            plan = pattern.query = flat_plan(pattern)
        if plan is False or len(self.interp.tokens) >= 2 or not is_flat_space(space):
            return None  # (bind! tokens: tier 0 replaces them in the pattern)
        return flat_rows(space, plan, loc)

    def _call_slow(
        self, key: HeadKey, args: list[Atom], ok: bool, site: Site | None = None
    ) -> list[Atom] | Chunk:
        """A call with no compiled chunk at hand (or with unusual arguments: ``ok`` is
        False when one is an Error or is not ground)."""
        head = key[0]
        interp = self.interp
        if not ok:
            for a in args:
                if type(a) is Expression and a.children and a.children[0] is ERROR:
                    return [a]
        typed = interp.function_type(head) is not None  # type: ignore[arg-type]
        if not ok and not typed and any(a is EMPTY_SYM for a in args):
            return []  # an untyped call holding Empty has no result, as tier 0's _tuple
        if not typed and not interp.space.has_rules(key):
            # data: nothing applies to it (marked in normal form where tier 0 would mark
            # it, so that tier 0 does not walk it again when it meets it); the VM builds
            # the next ones itself while the world stays the same
            self.data_keys[key] = interp.world.version
            return interp.as_data(Expression((head, *args)))
        if ok and not typed:
            chunk = self._resolver(key)
            if chunk is not None and not interp.space.var_rules:
                return chunk
        if ok and typed:
            direct = self._typed_direct(key, args)
            if direct is not None:
                return direct
        self.stats.counters["tier1.calls.tier0"] += 1
        expr = Expression((head, *args))
        results = interp.evaluate(expr)
        if typed:
            # tier 0 checked the argument types of the evaluated call; its Error shows
            # the call as written
            written = None
            for i, r in enumerate(results):
                if (type(r) is Expression and len(r.children) == 3 and r.children[0] is ERROR
                        and r.children[1] == expr and _is_bad_arg(r.children[2])):
                    written = written or self.written(site)
                    if written is not None:
                        results[i] = error(written, r.children[2])
        return results

    def _typed_plan(self, key: HeadKey) -> TypedPlan:
        """The unit's ``TypedPlan`` for the current world (a new world forgets the code
        learnt in the old one)."""
        plan = self.typed_plans[key] = typed_plan(self.interp, key)
        self.typed_code.pop(key, None)
        self.typed_misses.pop(key, None)
        return plan

    def _typed_direct(self, key: HeadKey, args: list[Atom]) -> list[Atom] | Chunk | None:
        """A typed function's call whose arguments are ground values that are not Errors,
        done in tier 1 exactly as tier 0 does it, or None when it is not that simple (tier
        0 then evaluates it): ``TypedPlan.decide``. ``PLAIN``: the unit's chunk (the VM
        enters it as any callee); ``CAST``: the chunk's results, each cast to the return
        type. The chunk is the one tier 0's call hook runs; it is learnt from the hook's
        first run of it in a world and kept for that world (rule and type changes, which
        drop chunks, change the world)."""
        interp = self.interp
        head: Symbol = key[0]  # type: ignore[assignment]
        plan = self.typed_plans.get(key)
        if plan is None or plan.world != interp.world.version or plan.space is not interp.space:
            plan = self._typed_plan(key)
        if plan.params is None or head.name in interp.registry.ops:
            return None
        if self.nested >= NEST_LIMIT:
            return None  # tier 0 evaluates it, on its own stack
        decision, rt = plan.decide(interp, head, args)
        if decision is Decision.TIER0:
            return None
        chunk = self.typed_code.get(key)
        if decision is Decision.CAST:
            # tier 0's _cast_frame: applied plainly, each result cast to the return type
            if chunk is not None:
                self.stats.counters["tier1.calls.typed"] += 1
                interp.limits.step()
                got = self.run(chunk, args)
            else:
                hooked = self._typed_hook(key, Expression((head, *args)))
                if hooked is None:
                    return None
                got = hooked
            return cast_results(interp, got, rt)
        if chunk is not None:
            self.stats.counters["tier1.calls.typed"] += 1
            return chunk
        return self._typed_hook(key, Expression((head, *args)))

    def _typed_hook(self, key: HeadKey, call: Expression) -> list[Atom] | None:
        """Tier 0's plain application of a typed call (its call hook runs the unit's
        chunk), learning the chunk the hook runs (at once: the calls it makes in turn are
        direct); None if the hook does not run it."""
        hook = self.interp.call_hook
        if hook is None:
            return None
        self.capture = key
        try:
            got = hook(call)
        finally:
            self.capture = None
        if got is None:
            # not hot yet (or not compiled): tier 0 goes on; after a few, it stays so
            # in this world (tier 0's own hook calls make the unit hot)
            misses = self.typed_misses[key] = self.typed_misses.get(key, 0) + 1
            if misses >= 8:
                self.typed_plans[key] = self.typed_plans[key].refused()
            return None
        self.stats.counters["tier1.calls.typed"] += 1
        return got

    def run(self, chunk: Chunk, args: list[Atom] | tuple[Atom, ...] = ()) -> list[Atom]:
        raise NotImplementedError  # the VM's

    def _plain_tuple(self, head: Atom) -> bool:
        """Whether tier 0 evaluates an expression with this head as a plain tuple
        (``Interpreter._tuple``): no grounded operation, special form, token or typed
        function at its head."""
        interp = self.interp
        if type(head) is Symbol:
            return not (head.name in interp.registry.ops or head in interp.forms
                        or head.name in interp.tokens or interp.function_type(head) is not None)
        return not (type(head) is Grounded and isinstance(head.value, Op))

    def apply(self, expr: Expression) -> list[Atom] | tuple[Chunk, list[Atom]]:
        """``MAKE_EXPR``: apply an expression whose elements are evaluated (tier 0's
        ``_apply`` after its tuple evaluation)."""
        ch = expr.children
        head = ch[0]
        if EMPTY_SYM in ch and self._plain_tuple(head):
            return []  # an expression with an Empty element has no result, before anything
            # else (tier 0's _tuple), where no operation, form or type decides otherwise
        for a in ch:
            if type(a) is Expression and a.children and a.children[0] is ERROR:
                return [a]
        if type(head) is Symbol:
            op = self.interp.registry.ops.get(head.name)
            if op is not None:
                return self.call_op(op, expr)
            key = (head, len(ch))
            args = list(ch[1:])
            if expr.is_ground():
                chunk = self.chunks.get(key) or self._resolver(key)
                if chunk is not None and not self.interp.space.var_rules:
                    return chunk, args
            got = self._call_slow(key, args, False)
            assert type(got) is list
            return got
        if type(head) is Grounded and isinstance(head.value, Op):
            return self.call_op(head.value, expr)
        if self.interp.space.var_rules:
            return self.interp.evaluate(expr)
        return self.interp.as_data(expr)


def set_op(kind: int, a: Expression, b: Expression) -> Expression:
    """``SET_OP``: tier 0's ``unique``/``union``/``intersection``/``subtraction`` forms on
    two collected result lists (equality is atom ``==``, as there)."""
    xs = list(a.children)
    if kind == 0:
        out: list[Atom] = []
        for r in xs:
            if r not in out:
                out.append(r)
        return Expression(tuple(out))
    if kind == 1:
        return Expression((*xs, *b.children))
    rest = list(b.children)
    kept = []
    for x in xs:
        if x in rest:
            rest.remove(x)
            if kind == 2:
                kept.append(x)
        elif kind == 3:
            kept.append(x)
    return Expression(tuple(kept))


def assert_verdict(kind: int, call: Expression, got: Expression, want: Atom) -> Atom:
    """``ASSERT``: tier 0's ``assertEqual`` (0) / ``assertEqualToResult`` (1) verdict."""
    g = list(got.children)
    if kind == 0:
        w = list(want.children)  # type: ignore[attr-defined]
        same = multiset_equal(g, w)
    else:
        w = list(want.children) if type(want) is Expression else [want]
        if multiset_alpha_equal(g, w):
            return UNIT
        return error(call, assert_message(w, g, alpha_equal))
    return UNIT if same else error(call, assert_message(w, g))


def flat_plan(pattern: Any) -> Any:
    """``Pattern.query``: False when ``MATCH`` of the pattern is not answered by
    ``flatquery.flat_fill`` (a nested variable, a free variable twice, a conjunction),
    else ((head, arity), the first argument, the later arguments to compare, the free
    ones): the first None when free, else (kind, x); each compared one (element index,
    kind, x), where kind 0 is the constant x and 1 the bound slot x; each free one
    (element index, slot)."""
    atom = pattern.atom
    if not flat_args(atom):
        return False
    first: Any = None
    checks: list[tuple[int, int, Any]] = []
    frees: list[tuple[int, int]] = []
    seen: set[Any] = set()
    for i, c in enumerate(atom.children[1:], start=1):
        if type(c) is not Variable:
            spec: Any = (0, c)
        else:
            slot = pattern.slots[c]
            if slot not in pattern.bound:
                if c in seen:
                    return False
                seen.add(c)
                frees.append((i, slot))
                continue
            spec = (1, slot)
        if i == 1:
            first = spec
        else:
            checks.append((i, *spec))
    head = atom.children[0]
    return ((head, len(atom.children)), first, tuple(checks), tuple(frees))


def flat_rows(space: Any, plan: Any, loc: list[Any]) -> list[list[Any]] | None:
    """The locals of each match of a flat pattern (its plan, ``flat_plan``, not False)
    given the locals ``loc``, read from ``space``'s index (``is_flat_space``); None when a
    bound slot's value is not ground (the general matcher answers)."""
    key, first, checks, frees = plan
    if first is not None:
        kind, x = first
        if kind == 1:
            x = loc[x]
            if x is None or type(x) is Variable or (type(x) is Expression
                                                    and not x.is_ground()):
                return None
        first = x
    if checks:
        wants = []
        for i, kind, x in checks:
            if kind == 1:
                x = loc[x]
                if x is None or type(x) is Variable or (type(x) is Expression
                                                        and not x.is_ground()):
                    return None
            wants.append((i, x))
        checks = wants
    return flat_fill(space, key, first, checks, frees, loc)


def _ground(v: Any) -> bool:
    """Whether a local's value has no variable (an unassigned slot, a non-atom, has none)."""
    t = type(v)
    if t is Variable:
        return False
    return t is not Expression or v.is_ground()
