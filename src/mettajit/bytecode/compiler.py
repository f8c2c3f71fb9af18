"""Tier 1 compiler: MeTTa atoms to bytecode chunks.

This module owns the translation of the two compile units into ``Chunk``s:

* ``compile_expression(atom, interp)``: a ``!`` query (or any expression) as an arity-0
  chunk whose ``RETURN``s are its results; with ``arity=1, leaf=...`` the given sub-atom
  reads local 0 instead (the seed benchmark's "unfoldable" variant).
* ``compile_function(key, rules, interp)``: all rules of one (head, arity) as one function
  chunk: each rule's head patterns are matched by code (``MATCH_HEAD``, plain variables
  just name the argument slot), the rules are alternatives (``FORK``) and each body is
  compiled in tail position.

The code follows tier 0 (``interpreter.machine``) exactly: arguments are evaluated
before a call (lazy ones, typed ``Atom``/``Expression``, are instantiated as data); a bound
variable in an evaluated position is evaluated again (``LOAD_EVAL``: a no-op on inert
values), as tier 0 does after substituting it; a call no rule head matches is data
(``NO_MATCH``). Special forms are compiled by their compilers in ``bytecode.forms``;
any other form, and these in the shapes not handled, compile to ``PUSH_TEMPLATE`` +
``EVAL`` (tier 0 evaluates it; counted as ``tier1.fallback.<form>`` when run). A free
variable in an evaluated position (tier 0 passes the bindings a call gives it on to the
rest of the expression) makes the unit or query stay in tier 0 (``CompileError``); one
written as data in a rule's body is a fresh variable in each call (``data_slots``).
Constant folding and stack depth are in ``analysis``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from mettajit.atoms.core import (
    EMPTY_SYM,
    FALSE,
    TRUE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    variables,
)
from mettajit.bytecode.analysis import fold, max_stack_depth
from mettajit.bytecode.callfacts import CallFacts
from mettajit.bytecode.callplan import (
    CallPlan,
    Decision,
    number_typed,
    plan_apply,
    plan_function,
    plan_grounded,
)
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.forms import COMPILERS, compile_match
from mettajit.bytecode.forms import Scope as _Scope
from mettajit.bytecode.opcodes import Opcode, opcode_for
from mettajit.bytecode.quicken import quicken
from mettajit.interpreter.formdef import is_rule_defined

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter
    from mettajit.space.store import HeadKey, Rule

_O = Opcode

_NIL = Symbol("Nil")
class CompileError(Exception):
    """The unit cannot be compiled (tiering leaves it in tier 0)."""


class _Compiler:
    """Emits the code of one chunk. One instance per chunk."""

    def __init__(
        self, chunk: Chunk, interp: Interpreter, line: int = 0, leaf: Atom | None = None
    ) -> None:
        self.chunk = chunk
        self.interp = interp
        self.line = line
        self.n_locals = chunk.arity
        self.leaf = leaf
        self.fold_memo: dict[int, Grounded | None] = {}
        self.vars_memo: dict[int, tuple[Variable, ...]] = {}
        self.facts = CallFacts(interp, leaf)
        # compiling a rule's body: a variable no form binds is renamed per call in tier 0,
        # so one written as data gets a slot the VM fills with a fresh variable at each
        # call (``Chunk.fresh``), one per variable and rule (``fresh``: this rule's)
        self.rule_body = False
        self.fresh: dict[Variable, int] = {}
        self.fresh_slots: list[tuple[int, Variable]] = []
        # the call plan of each call site (``Decisions.sites``), and the unit's guard
        self.sites: dict[int, CallPlan] = {}
        self.number_params = False

    # -- helpers -------------------------------------------------------------------------
    def emit(self, op: Opcode, *operands: int) -> int:
        return self.chunk.emit(op, *operands, line=self.line)

    def new_slot(self) -> int:
        self.n_locals += 1
        return self.n_locals - 1

    def pattern(self, atom: Atom, scope: _Scope, args: tuple[int, ...] = ()) -> int:
        """A pattern: variables in scope are bound (checked); new ones get slots in scope."""
        slots: dict[Variable, int] = {}
        bound: set[int] = set()
        for v in variables(atom):
            if v in scope.vars:
                slots[v] = scope.vars[v]
                bound.add(slots[v])
            else:
                slots[v] = scope.vars[v] = self.new_slot()
        return self.chunk.add_pattern(Pattern(atom, slots, frozenset(bound), args))

    def template(self, atom: Atom, scope: _Scope) -> None:
        """Push ``atom`` as data with the variables in scope substituted."""
        slots = self.data_slots(atom, scope)
        if not slots:
            self.constant(atom)
            return
        idx = self.chunk.add_pattern(Pattern(atom, slots, frozenset(slots.values())))
        self.emit(_O.PUSH_TEMPLATE, idx)

    def data_slots(self, atom: Atom, scope: _Scope) -> dict[Variable, int]:
        """The slots of ``atom``'s variables as data: those in scope, and in a rule's
        body every other one's fresh slot. Tier 0 (as the reference) renames a rule's
        variables at each application, so a variable no form binds is a fresh one in each
        call's results (a removed ``(= (step $x) ...)`` is not the rule itself)."""
        slots: dict[Variable, int] = {}
        for v in self.vars_of(atom):
            slot = scope.vars.get(v)
            if slot is None and self.rule_body:
                slot = self.fresh.get(v)
                if slot is None:
                    slot = self.fresh[v] = self.new_slot()
                    self.fresh_slots.append((slot, v))
            if slot is not None:
                slots[v] = slot
        return slots

    def data_pattern(self, atom: Atom, scope: _Scope) -> int:
        """The pattern of ``atom`` as data (``data_slots``), for an instruction that
        instantiates it only on its slow path (``MATCH``)."""
        slots = self.data_slots(atom, scope)
        return self.chunk.add_pattern(Pattern(atom, slots, frozenset(slots.values())))

    def vars_of(self, atom: Atom) -> tuple[Variable, ...]:
        """The distinct variables of ``atom`` in order of first appearance (as
        ``variables``), memoised by identity and made from the children's when they are
        known: the compiler asks for every sub-expression of a chain on its way back up,
        and walking each one again was quadratic in the depth."""
        if type(atom) is Variable:
            return (atom,)
        if type(atom) is not Expression or atom.is_ground():
            return ()
        memo = self.vars_memo
        got = memo.get(id(atom))
        if got is not None:
            return got
        seen: dict[Variable, None] = {}
        for c in atom.children:
            if type(c) is Variable:
                seen[c] = None
            elif type(c) is Expression and not c.is_ground():
                sub = memo.get(id(c))
                if sub is None:
                    seen = dict.fromkeys(variables(atom))  # not seen yet: one walk
                    break
                seen.update(dict.fromkeys(sub))
        got = memo[id(atom)] = tuple(seen)
        return got

    def site(
        self, at: int, plan: CallPlan, expr: Atom | None = None, scope: _Scope | None = None
    ) -> None:
        """The plan of the call instruction at ``at``, with ``expr`` as written when the
        slow paths need it (tier 0 checks a typed call as written and shows it so in the
        Error of a failed argument type check)."""
        written = None
        if expr is not None and scope is not None:
            slots = self.data_slots(expr, scope)
            written = Pattern(expr, slots, frozenset(slots.values()))
        self.sites[at] = plan.at_site(written)

    def constant(self, atom: Atom) -> None:
        if type(atom) is Grounded:
            if atom is TRUE:
                self.emit(_O.PUSH_TRUE)
                return
            if atom is FALSE:
                self.emit(_O.PUSH_FALSE)
                return
            if atom.kind is int:
                if -128 <= atom.value <= 127:
                    self.emit(_O.PUSH_LONG_SMALL, atom.value)
                else:
                    self.emit(_O.PUSH_LONG, self.chunk.add_constant(atom))
                return
        elif type(atom) is Expression and not atom.children:
            self.emit(_O.PUSH_UNIT)
            return
        elif atom is _NIL:
            self.emit(_O.PUSH_NIL)
            return
        self.emit(_O.PUSH_CONSTANT, self.chunk.add_constant(atom))

    def end(self, tail: bool) -> None:
        if tail:
            self.emit(_O.RETURN)

    def fallback(
        self, atom: Atom, scope: _Scope, tail: bool, plan: CallPlan | None = None
    ) -> None:
        """Evaluate ``atom`` (with the locals substituted) with tier 0 (``plan``: the call
        plan that gave it to tier 0)."""
        self.template(atom, scope)
        at = self.emit(_O.EVAL)
        if plan is not None:
            self.site(at, plan)
        self.end(tail)

    # -- expressions ---------------------------------------------------------------------
    def expr(self, atom: Atom, scope: _Scope, tail: bool) -> None:
        """Code that pushes each result of evaluating ``atom`` (forking for several)."""
        if atom is self.leaf:
            self.emit(_O.LOAD_LOCAL, 0)
            self.end(tail)
            return
        t = type(atom)
        if t is Variable:
            slot = scope.vars.get(atom)  # type: ignore[call-overload]
            if slot is None:
                # a free variable evaluates to itself, but a call may bind it, and tier 0
                # then passes the binding on to the rest of the expression (as the
                # reference does): tier 1 does not, so the unit or query stays in tier 0
                raise CompileError(f"free variable ${atom.name} in an evaluated position")  # type: ignore[attr-defined]
            else:
                self.emit(_O.LOAD_EVAL, slot)
        elif t is Symbol:
            if atom.name.startswith("&") or atom.name in self.interp.tokens:  # type: ignore[attr-defined]
                self.emit(_O.LOAD_TOKEN, self.chunk.add_constant(atom))
            else:
                self.constant(atom)
        elif t is Expression and atom.children:  # type: ignore[attr-defined]
            self.call(atom, scope, tail)  # type: ignore[arg-type]
            return
        else:
            self.constant(atom)
        self.end(tail)

    def args(
        self, children: tuple[Atom, ...], scope: _Scope, lazy: tuple[bool, ...] = ()
    ) -> list[tuple[int, int]]:
        """Code that pushes the arguments in order (lazy ones as data). Tier 0 (and the
        reference) stops at an argument whose value is an Error: that Error is the call's
        value and the later arguments are not evaluated. Where a later argument could show
        that it ran (a call: effects, no result, several), a ``NOP`` after the argument is
        an Error check; the checks returned are finished by ``error_exits`` once the
        consuming instruction is emitted."""
        checks: list[tuple[int, int]] = []
        n = len(children)
        # quiet[i]: the arguments after i can all be skipped unseen
        quiet = [True] * n
        for i in range(n - 2, -1, -1):
            j = i + 1
            lazy_j = j < len(lazy) and lazy[j]
            quiet[i] = quiet[j] and (lazy_j or self.facts.skippable(children[j]))
        for i, c in enumerate(children):
            if i < len(lazy) and lazy[i]:
                self.template(c, scope)
                continue
            self.expr(c, scope, False)
            if not quiet[i] and self.facts.may_be_error(c):
                checks.append((self.emit(_O.NOP), i + 1))
        return checks

    def error_exits(self, checks: list[tuple[int, int]]) -> None:
        """Point the argument Error checks at the end of the call instruction just
        emitted: there the Error (its arguments dropped) stands for the call's value."""
        end = len(self.chunk.code)
        for at, count in checks:
            self.chunk.err_exits[at] = (count, end)

    def call(self, expr: Expression, scope: _Scope, tail: bool) -> None:
        ch = expr.children
        head = ch[0]
        if type(head) is not Symbol:
            plan = plan_apply(self.facts, expr)
            if plan.decision is Decision.TIER0:
                self.fallback(expr, scope, tail, plan)
                return
            # tier 0 evaluates every element (the head too), then applies the result
            checks = self.args(ch, scope)
            self.site(self.emit(_O.MAKE_EXPR, len(ch)), plan)
            self.error_exits(checks)
            self.end(tail)
            return
        interp = self.interp
        if head.name in interp.tokens:
            self.fallback(expr, scope, tail)
            return
        if is_rule_defined(head) and interp.space.head_rules((head, len(ch))):
            # the user's rules of a built-in the reference defines by rules: tier 0 gives
            # the union (interpreter.formdef.RULE_DEFINED)
            self.fallback(expr, scope, tail)
            return
        if head in interp.forms:
            compile_form = COMPILERS.get(head)
            if compile_form is not None:
                compile_form(self, expr, scope, tail)
            else:
                self.fallback(expr, scope, tail)
            return
        op = interp.registry.get(head.name)
        if op is not None:
            self.grounded(expr, op, scope, tail)
            return
        ftype = interp.function_type(head)
        plan = plan_function(self.facts, expr, ftype)
        if plan.decision is Decision.TIER0:
            self.fallback(expr, scope, tail, plan)
            return
        checks = self.args(ch[1:], scope)
        func = self.chunk.add_func((head, len(ch)))
        if tail:
            at = self.emit(_O.TAIL_CALL, func, len(ch) - 1)
            self.error_exits(checks)  # to the RETURN, which returns the Error
            self.emit(_O.RETURN)
        else:
            at = self.emit(_O.CALL, func, len(ch) - 1)
            self.error_exits(checks)
        if ftype is not None:
            self.site(at, plan, expr, scope)
        else:
            self.site(at, plan)

    def grounded(self, expr: Expression, op: object, scope: _Scope, tail: bool) -> None:
        ch = expr.children
        arity = op.arity  # type: ignore[attr-defined]
        # (tier 0 gives the IncorrectNumberOfArguments error first: the plan's TIER0)
        arity_ok = arity is None or arity == len(ch) - 1
        if arity_ok and op.name == "match" and len(ch) == 4:  # type: ignore[attr-defined]
            compile_match(self, expr, scope, tail)
            return
        folded = fold(expr, self.leaf, self.fold_memo) if arity_ok else None
        if folded is not None:  # (only well-typed chains fold)
            self.constant(folded)
            self.end(tail)
            return
        plan = plan_grounded(self.facts, expr, op)
        if plan.decision is Decision.TIER0:
            self.fallback(expr, scope, tail, plan)
            return
        native = opcode_for(op)
        if native is not None:
            checks = self.args(ch[1:], scope)
            self.site(self.emit(native), plan, expr, scope)
            self.error_exits(checks)
            self.end(tail)
            return
        checks = self.args(ch[1:], scope, op.lazy)  # type: ignore[attr-defined]
        at = self.emit(_O.CALL_GROUNDED, self.chunk.add_op(op), len(ch) - 1)
        self.error_exits(checks)
        if op.arg_types:  # type: ignore[attr-defined]
            self.site(at, plan, expr, scope)
        else:
            self.site(at, plan)
        self.end(tail)

    # -- units ---------------------------------------------------------------------------
    def finish(self) -> Chunk:
        """The finished chunk: its stack depth, its code quickened, then immutable with
        the call plans of its sites."""
        self.chunk.n_locals = self.n_locals
        self.chunk.fresh = tuple(self.fresh_slots)
        self.chunk.max_stack = max_stack_depth(self.chunk)
        return quicken(self.chunk).finish(self.sites, self.number_params)


def compile_expression(
    atom: Atom,
    interp: Interpreter,
    *,
    name: str = "<query>",
    line: int = 0,
    arity: int = 0,
    leaf: Atom | None = None,
) -> Chunk:
    """A chunk that pushes... and RETURNs every result of evaluating ``atom``.

    With ``arity=1`` and ``leaf`` (a sub-atom of ``atom``, by identity) the leaf reads the
    chunk's argument (``LOAD_LOCAL 0``), so nothing around it can be folded.
    """

    _refuse_empty(atom)
    _refuse_leaking(atom)

    def work() -> Chunk:
        chunk = Chunk(name=name, arity=arity, source=atom)
        c = _Compiler(chunk, interp, line, leaf)
        c.expr(atom, _Scope(), True)
        return c.finish()

    return _deep(work, (atom,))


def compile_function(key: HeadKey, rules: list[Rule], interp: Interpreter) -> Chunk:
    """All ``rules`` of ``key`` = (head, length) as one function of ``length - 1`` args."""
    for r in rules:
        _refuse_empty(r.rhs)
        lhs = r.lhs
        _refuse_leaking(r.rhs, frozenset(variables(lhs)))
    return _deep(lambda: _compile_function(key, rules, interp), [r.atom for r in rules])


def data_chunk(key: HeadKey) -> Chunk:
    """The code of a call of ``key`` = (head, length) when nothing applies to it (no rule,
    no type: a constructor such as ``Cons``): the call is data, as tier 0's ``as_data``
    and the VM's data calls make it. Native code calls it as a unit (``jit.terms``)."""
    head, length = key
    chunk = Chunk(name=f"{_name(head)}/{length - 1}", arity=length - 1, n_locals=length - 1,
                  max_stack=1)
    chunk.emit(_O.NO_MATCH, chunk.add_constant(head))
    chunk.emit(_O.RETURN)
    return chunk.finish()


_CASE: Final = Symbol("case")


def _refuse_empty(atom: Atom) -> None:
    """``Empty`` as a result is no result, and an expression with an ``Empty`` element
    has none (tier 0's ``drop_empty`` and ``_tuple``): code that writes ``Empty``
    anywhere but as a ``case`` pattern stays in tier 0 (``CompileError``)."""
    stack: list[Atom] = [atom]
    while stack:
        a = stack.pop()
        if a is EMPTY_SYM:
            raise CompileError("Empty written in the code: tier 0 drops it as a result")
        if type(a) is Expression:
            ch = a.children
            if len(ch) == 3 and ch[0] is _CASE and type(ch[2]) is Expression:
                stack.append(ch[1])
                for br in ch[2].children:
                    bc = br.children if type(br) is Expression else ()
                    if len(bc) == 2 and bc[0] is EMPTY_SYM:
                        stack.append(bc[1])
                    else:
                        stack.append(br)
            else:
                stack.extend(ch)


_LET: Final = Symbol("let")
_LET_STAR: Final = Symbol("let*")
_UNIFY: Final = Symbol("unify")
_CASES: Final = frozenset((_CASE, Symbol("switch")))


def _bound_by(form: Expression) -> list[Atom]:
    """The patterns whose bindings leave a ``let``, ``let*``, ``unify`` or ``case`` form in
    tier 0 (``interpreter.forms.form_let``: the reference's ``let`` is ``unify``)."""
    ch = form.children
    if len(ch) == 3 and ch[0] in _CASES and type(ch[2]) is Expression:
        return [a.children[0] for a in ch[2].children if type(a) is Expression and a.children]
    if len(ch) == 4 and ch[0] is _LET:
        return [ch[1]]
    if len(ch) == 5 and ch[0] is _UNIFY:
        return [ch[1], ch[2]]
    if len(ch) == 3 and ch[0] is _LET_STAR and type(ch[1]) is Expression:
        return [p.children[0] for p in ch[1].children if type(p) is Expression and p.children]
    return []


def _refuse_leaking(atom: Atom, bound: frozenset[Variable] = frozenset()) -> None:
    """Tier 1 binds a ``let``'s pattern variables for its body alone; tier 0, as the
    reference, also applies them to the rest of the expression (``(app (let $x 1 ok) $x)``
    is ``(app ok 1)``). Code where that shows, a variable not bound yet (``bound``: a rule's
    head variables) bound by a form's pattern and also written outside the form, stays in
    tier 0 (``CompileError``). A variable an enclosing form binds first is a value by then."""
    count: dict[Variable, int] = {}
    forms: list[tuple[Expression, frozenset[Variable]]] = []
    stack: list[tuple[Atom, frozenset[Variable]]] = [(atom, bound)]
    while stack:
        a, b = stack.pop()
        if type(a) is Variable:
            count[a] = count.get(a, 0) + 1
        elif type(a) is Expression:
            pats = _bound_by(a)
            if pats:
                forms.append((a, b))
                b = b.union(*(variables(p) for p in pats))
            stack.extend((c, b) for c in a.children)
    for f, b in forms:
        free = {v for p in _bound_by(f) for v in variables(p) if v not in b}
        if not free:
            continue
        inside = dict.fromkeys(free, 0)
        walk: list[Atom] = [f]
        while walk:
            a = walk.pop()
            if type(a) is Variable:
                if a in inside:
                    inside[a] += 1
            elif type(a) is Expression:
                walk.extend(a.children)
        for v in free:
            if count[v] > inside[v]:
                raise CompileError(f"{v!r} is bound by a let and written outside it")


# The compiler recurses once or a few times per level of nesting (``expr`` -> ``call`` ->
# ``args`` -> ``expr``...). An atom nested deeper than Python's recursion limit allows
# (~250 levels at the default 1 000) is compiled again on a thread of its own, with a
# recursion limit sized to its depth and a stack sized to that limit.
_FRAMES_PER_LEVEL: Final = 8  # Python frames per level of nesting, with a margin
_STACK_PER_FRAME: Final = 1024  # bytes of the thread's C stack per Python frame allowed
_MAX_STACK: Final = 1 << 30  # deeper than that (~100 000 levels): RecursionError


def _deep(work: Callable[[], Chunk], atoms: Sequence[Atom]) -> Chunk:
    """``work()``; if it runs out of recursion depth, ``work()`` again on a thread whose
    recursion limit and stack fit the nesting depth of ``atoms``."""
    try:
        return work()
    except RecursionError:
        depth = max((_depth(a) for a in atoms), default=0)
        need = sys.getrecursionlimit() + _FRAMES_PER_LEVEL * depth
        size = -(-need * _STACK_PER_FRAME // (1 << 20)) << 20  # whole MiB
        if size > _MAX_STACK:
            raise
    box: list[tuple[bool, Any]] = []

    def run() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(need)
        try:
            box.append((True, work()))
        except BaseException as e:  # handed over to the calling thread
            box.append((False, e))
        finally:
            sys.setrecursionlimit(old)

    try:
        prev = threading.stack_size(size)
        try:
            t = threading.Thread(target=run, name="mettajit-deep-compile")
            t.start()
        finally:
            threading.stack_size(prev)
    except (ValueError, RuntimeError, MemoryError) as e:
        # no such stack or no thread to be had: as deep as before (tier 0 takes over)
        raise RecursionError(f"compiling an atom {need} frames deep: {e}") from e
    t.join()
    ok, got = box[0]
    if not ok:
        raise got
    return got  # type: ignore[no-any-return]


def _depth(atom: Atom) -> int:
    """Nesting depth of an atom (a non-expression is 0), without recursion."""
    best = 0
    stack: list[tuple[Atom, int]] = [(atom, 0)]
    while stack:
        a, d = stack.pop()
        if type(a) is Expression:
            d += 1
            best = max(best, d)
            stack.extend((c, d) for c in a.children)
    return best


def _compile_function(key: HeadKey, rules: list[Rule], interp: Interpreter) -> Chunk:
    head, length = key
    arity = length - 1
    chunk = Chunk(name=f"{_name(head)}/{arity}", arity=arity)
    c = _Compiler(chunk, interp)
    c.rule_body = True
    always = False
    pending: list[int] = []  # jumps to the next rule
    for i, rule in enumerate(rules):
        for at in pending:
            chunk.patch_jump(at)
        pending = []
        lhs = rule.lhs
        if type(lhs) is not Expression or len(lhs.children) != length:
            raise CompileError(f"rule head {lhs!r} is not of {chunk.name}")
        chunk.source = rule.atom if chunk.source is None else chunk.source
        c.line = rule.line  # the rule's own source line, for the chunk's line map
        scope = _Scope()
        c.fresh = {}  # each rule is an application of its own (its own fresh variables)
        checked: list[int] = []
        for j, p in enumerate(lhs.children[1:]):
            if type(p) is Variable and p not in scope.vars:
                scope.vars[p] = j  # a plain variable names the argument slot
            else:
                checked.append(j)
        if not checked:
            always = True  # this rule matches every call
        else:
            pat_atom = Expression(tuple(lhs.children[1 + j] for j in checked))
            at = c.emit(_O.MATCH_HEAD, c.pattern(pat_atom, scope, tuple(checked)), 0)
            pending.append(at)
        if i < len(rules) - 1:
            pending.append(c.emit(_O.FORK, 0))
        c.expr(rule.rhs, scope, True)
    if pending or not rules:
        for at in pending:
            chunk.patch_jump(at)
        if always:
            c.emit(_O.FAIL)
        else:
            # every rule head has patterns: when none matched, the call is data
            c.emit(_O.NO_MATCH, chunk.add_constant(head))
            c.emit(_O.RETURN)
    # tier 2's guard, decided with the chunk: native code of a typed unit enters only
    # with numbers (``callplan.number_typed``; a type or rule change drops the chunk)
    typed = interp.function_type(head) is not None  # type: ignore[arg-type]
    c.number_params = typed and number_typed(interp, key)
    return c.finish()


# ---------------------------------------------------------------------------------------


def _name(head: Atom) -> str:
    return head.name if type(head) is Symbol else repr(head)
