"""The call-plan pass: for each call, the decision how tier 1 makes it, computed once.

A decision (``Decision``) is one of: ``PLAIN`` (evaluate the arguments, make the call),
``CHECK`` (the same, the values checked first as tier 0 checks the call as written: the
slow path of the operation, ``SlowPaths.typed_replay``, or tier 0's own check of a typed
function's call), ``CAST`` (made plainly, each result cast to the declared return type)
and ``TIER0`` (hand the call to tier 0). A plan is frozen; it names the facts it rests on
(``bytecode.callfacts`` and tier 0's ``transparent``/``args_have_type``) and the world version
that voids it (a rule, type or token change makes a new world).

* At a call site the compiler asks ``plan_grounded``, ``plan_function`` or ``plan_apply``
  (``CallPlan``) and emits from the answer.
* At run time the VM asks the ``TypedPlan`` of a typed unit (``typed_plan``, one per unit
  and world) how to make a call of it given its argument values (``TypedPlan.decide``);
  ``TypedPlan.numbers`` is the decision given numbers of the parameter types, which the
  VM's loop makes itself and which tier 2's guards rest on (``number_typed``: native code
  for a typed unit that enters only with integers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import (
    ATOM,
    EXPRESSION,
    NUMBER,
    UNDEFINED,
    Atom,
    Expression,
    Grounded,
    Symbol,
)
from mettajit.atoms.printer import format_atom
from mettajit.bytecode.callfacts import CallFacts
from mettajit.grounded.registry import Op
from mettajit.interpreter.typecheck import arg_types, check_call, informative, is_lazy, return_type

if TYPE_CHECKING:
    from mettajit.bytecode.chunk import Pattern
    from mettajit.interpreter import Interpreter
    from mettajit.space.store import HeadKey


class Decision(Enum):
    """How tier 1 makes a call."""

    PLAIN = "plain"
    CHECK = "check"
    CAST = "cast"
    TIER0 = "tier0"


@dataclass(frozen=True, slots=True)
class CallPlan:
    """The decision for one call site, the facts it rests on, the world it holds in; in a
    finished chunk (``Chunk.decisions.sites``) also the call as ``written`` in the source,
    a pattern over the frame's locals, where the slow paths need it: tier 0 checks a typed
    call as written, and its Error shows it so (``SlowPaths.typed_replay``)."""

    decision: Decision
    facts: tuple[str, ...]
    world: int
    written: Pattern | None = field(default=None, compare=False)

    def at_site(self, written: Pattern | None) -> CallPlan:
        """The plan of the call site whose expression as written is ``written``."""
        return CallPlan(self.decision, self.facts, self.world, written)

    def describe(self) -> str:
        """The plan as text (``--dump-bytecode``)."""
        text = f"{self.decision.value} ({', '.join(self.facts)})"
        if self.written is None:
            return text
        return f"{text}, as written {format_atom(self.written.atom)}"


def _plan(facts: CallFacts, decision: Decision, *names: str) -> CallPlan:
    return CallPlan(decision, names, facts.interp.world.version)


def plan_apply(facts: CallFacts, expr: Expression) -> CallPlan:
    """A call whose head is not a symbol: tier 0 evaluates every element, then applies
    the result (``MAKE_EXPR``), unless the head has a function type or the VM's order of
    evaluation could show. An
    operation atom as the head (a Python one) is tier 0's: it is called as a grounded call,
    its ``Atom`` arguments as written."""
    head = expr.children[0]
    if type(head) is Grounded and isinstance(head.value, Op):
        return _plan(facts, Decision.TIER0, "operation head")
    if type(head) is Expression and head.children and facts.interp.head_function_type(head):
        # ((f a) b) with (f a) of a function type: tier 0 checks and evaluates it as a
        # typed call (Interpreter.head_function_type)
        return _plan(facts, Decision.TIER0, "typed head")
    if facts.reruns(expr.children):
        return _plan(facts, Decision.TIER0, "reruns")
    return _plan(facts, Decision.PLAIN, "not reruns")


def plan_grounded(facts: CallFacts, expr: Expression, op: Any) -> CallPlan:
    """A call of a grounded operation (not folded, not ``match``): tier 0 when it gives
    ``IncorrectNumberOfArguments``, when the VM's order of evaluation could show, or
    when a typed call's check as written cannot be left to the values; else the
    arguments and the operation, a typed one's values checked by its slow path."""
    ch = expr.children
    if op.arity is not None and op.arity != len(ch) - 1:
        return _plan(facts, Decision.TIER0, "arity")
    if facts.reruns(ch[1:], op.lazy):
        return _plan(facts, Decision.TIER0, "reruns")
    params = op.arg_types
    if params and len(params) == len(ch) - 1:
        memo = facts.static_memo
        st = memo[id(expr)] if id(expr) in memo else facts.static_arith(expr)
        if st is not None:
            return _plan(facts, Decision.CHECK, "static_arith")
        if facts.typed_plain(expr, op):
            return _plan(facts, Decision.CHECK, "typed_plain")
        return _plan(facts, Decision.TIER0, "not typed_plain")
    return _plan(facts, Decision.PLAIN, "not reruns")


def plan_if_value(facts: CallFacts) -> CallPlan:
    """An ``if`` whose condition value is neither True nor False: tier 0's ``if`` of that
    value (``SlowPaths.eval_fallback``), a BadArgType Error showing the ``if`` as written."""
    return _plan(facts, Decision.TIER0, "condition not a Bool")


def plan_function(facts: CallFacts, expr: Expression, ftype: Atom | None) -> CallPlan:
    """A call of a function (``ftype``: its declared type, None when untyped): tier 0
    when typed with unevaluated arguments or with arguments tier 0 checks as written and
    evaluates with their declared types otherwise than the VM, or when the VM's order of
    evaluation could show; else the arguments and the call (a typed one checked by tier 0
    or by the VM's typed path, ``TypedPlan.decide``)."""
    if ftype is not None:
        params = arg_types(ftype)
        if params is None or any(is_lazy(t) for t in params):
            return _plan(facts, Decision.TIER0, "lazy")
        if not facts.typed_fn_plain(expr, ftype):
            return _plan(facts, Decision.TIER0, "not typed_fn_plain")
    if facts.reruns(expr.children[1:]):
        return _plan(facts, Decision.TIER0, "reruns")
    if ftype is not None:
        return _plan(facts, Decision.CHECK, "typed_fn_plain", "not reruns")
    return _plan(facts, Decision.PLAIN, "not reruns")


# -- run time: calls of typed units --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TypedPlan:
    """What the VM knows of a typed unit in one world: its declared type, parameter types
    (None: not called directly in this world), return type, the laziness of each
    parameter, and ``numbers``, the decision for a call given numbers of the parameter
    types (None: decided call by call). ``modes`` memoises tier 0's ``transparent``
    (without, with a cast) by return type. ``space`` and ``world`` void it."""

    space: Any
    world: int
    ftype: Atom | None
    params: tuple[Atom, ...] | None = None
    ret: Atom = UNDEFINED
    lazy: tuple[bool, ...] = ()
    numbers: Decision | None = None
    modes: dict[Atom, tuple[bool, bool]] = field(default_factory=dict, compare=False)

    def refused(self) -> TypedPlan:
        """The plan with no direct call in this world (the call hook does not run it)."""
        return TypedPlan(self.space, self.world, self.ftype)

    def modes_for(self, interp: Interpreter, head: Symbol, rt: Atom) -> tuple[bool, bool]:
        got = self.modes.get(rt)
        if got is None:
            n = len(self.params or ()) + 1
            got = self.modes[rt] = (interp.transparent(head, n, rt, False),
                                    interp.transparent(head, n, rt, True))
        return got

    def decide(
        self, interp: Interpreter, head: Symbol, args: list[Atom]
    ) -> tuple[Decision, Atom]:
        """How tier 0 makes this call of ground values that are not Errors, if the VM can
        do the same (``Interpreter._typed_call``, then ``_apply_typed``): it checks the
        call as written, here the values (``check_call``: an Error -> ``TIER0``); it
        evaluates no argument (lazy ones are skipped; a grounded value, a symbol that is
        no token and ``()`` evaluate to themselves, anything else -> ``TIER0``); with a
        declared return type of ``Atom`` it gives the bodies unevaluated (``TIER0``);
        with ``%Undefined%`` (or ``Expression``, or a type variable) it applies the rules
        plainly (``PLAIN``), and so it does with an informative return type ``t`` when
        ``transparent`` (no cast) and ``args_have_type`` hold. When only ``transparent`` with
        a cast holds it applies plainly and casts each result to ``t`` (``CAST``);
        otherwise (a typed rewrite of the bodies) ``TIER0``. Given numbers of the
        parameter types the answer is ``numbers``, decided once. With the decision, the
        return type the check gave (the cast's type)."""
        params = self.params
        rt = self.ret
        if params is None:
            return Decision.TIER0, rt
        n = len(params)
        for i in range(n):
            a = args[i]
            if type(a) is not Grounded or a.type is not params[i] or not (
                a.kind is int or a.kind is float
            ):
                break
        else:  # numbers of the parameter types: check_call's fast path accepts them
            if self.numbers is not None:
                return self.numbers, rt
            return self._by_return(interp, head, rt, None, args), rt
        call = Expression((head, *args))
        res = check_call(interp, call, params, rt, UNDEFINED)
        if not isinstance(res, tuple):
            return Decision.TIER0, rt
        lazy = self.lazy
        tokens = interp.tokens
        for i in range(n):
            a = args[i]
            if lazy[i]:
                continue
            ta = type(a)
            if (ta is Symbol and a.name in tokens) or (  # type: ignore[attr-defined]
                ta is Expression and a.children  # type: ignore[attr-defined]
            ):
                return Decision.TIER0, rt  # tier 0 evaluates it
        rt = res[1]
        return self._by_return(interp, head, rt, call, args), rt

    def _by_return(self, interp: Interpreter, head: Symbol, rt: Atom,
                   call: Expression | None, args: list[Atom] | None) -> Decision:
        """The decision by the return type ``rt`` the check gave (``call`` None: the
        arguments are numbers of the parameter types; ``args`` None: any such numbers,
        when no parameter but a ``Number`` one is of type ``rt``)."""
        if rt is EXPRESSION:
            rt = UNDEFINED
        if rt is ATOM:
            return Decision.TIER0
        if not informative(rt):
            return Decision.PLAIN
        plain, cast = self.modes_for(interp, head, rt)
        if plain and args is not None:
            for j, p in enumerate(self.params or ()):
                if p == rt:
                    a = args[j]
                    if not (rt is NUMBER and type(a) is Grounded and (
                            a.kind is int or a.kind is float)):
                        plain = interp.args_have_type(call or Expression((head, *args)), rt,
                                                      self.ftype)  # type: ignore[arg-type]
                        break
        if plain:
            return Decision.PLAIN
        return Decision.CAST if cast else Decision.TIER0


def typed_plan(interp: Interpreter, key: HeadKey) -> TypedPlan:
    """The ``TypedPlan`` of the unit ``key`` for the current world."""
    head = key[0]
    ftype = interp.function_type(head)  # type: ignore[arg-type]
    params = arg_types(ftype) if ftype is not None else None
    world = interp.world.version
    if (
        ftype is None or params is None or len(params) != key[1] - 1
        or len(interp.function_types(head)) > 1  # type: ignore[arg-type]
        or head in interp.forms or not interp.space.rule_index.get(key)
        or interp.space.var_rules
    ):
        return TypedPlan(interp.space, world, ftype)
    plan = TypedPlan(interp.space, world, ftype, params, return_type(ftype),
                     tuple(is_lazy(p) for p in params))
    if type(head) is not Symbol or any(p == plan.ret and p is not NUMBER for p in params):
        return plan  # (decided call by call)
    decision = plan._by_return(interp, head, plan.ret, None, None)
    return TypedPlan(plan.space, world, ftype, plan.params, plan.ret, plan.lazy, decision,
                     plan.modes)


def number_typed(interp: Interpreter, key: HeadKey) -> bool:
    """Whether the typed unit ``key`` may run natively when its arguments are integers
    (tier 2's guard): it is typed ``(-> Number ... Number)``, no operation or form, and
    given numbers its ``TypedPlan`` calls it plainly. Its native code makes only numbers
    or bails out."""
    head = key[0]
    if type(head) is not Symbol or head.name in interp.registry.ops:
        return False
    plan = typed_plan(interp, key)
    return (
        plan.params is not None and all(p == NUMBER for p in plan.params)
        and plan.ret == NUMBER and plan.numbers is Decision.PLAIN
    )
