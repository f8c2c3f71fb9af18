"""Tier 1's compilers of special forms: one function per form, registered by the form's name.

``compiles("if")`` registers a compiler against the form of that name (its descriptor,
``interpreter.formdef.FormDef``, in ``interpreter.machine.FORMS``) in ``COMPILERS``; the
tier-1 compiler (``compiler._Compiler.call``) looks a form up here and, for a form with no
compiler or in a shape its compiler does not handle, emits ``PUSH_TEMPLATE`` + ``EVAL`` (tier 0
evaluates it; counted as ``tier1.fallback.<form>``). A compiler gets the emitter
(``FormEmitter``: the few things of ``_Compiler`` a form needs), the call, the variables in
scope and whether the call is in tail position, and must push each result of the form (and
``RETURN`` it in tail position), exactly as tier 0's evaluation of the form gives them.
``compile_match`` is the compiler of ``match``, a grounded operation tier 1 compiles as a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from mettajit.atoms.core import (
    EMPTY_SYM,
    ERROR,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    variables,
)
from mettajit.bytecode.callfacts import CallFacts, has_tokens
from mettajit.bytecode.callplan import CallPlan, plan_if_value
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.opcodes import Opcode
from mettajit.interpreter.formdef import is_rule_defined, one_step_rules
from mettajit.interpreter.machine import FORMS

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter

_O = Opcode


class Scope:
    """Variables in scope: name -> local slot (all of them hold a value when read)."""

    __slots__ = ("vars",)

    def __init__(self, vars_: dict[Variable, int] | None = None) -> None:
        self.vars: dict[Variable, int] = dict(vars_ or {})

    def copy(self) -> Scope:
        return Scope(self.vars)


class FormEmitter(Protocol):
    """What a form compiler uses of the tier-1 compiler (``compiler._Compiler``)."""

    chunk: Chunk
    interp: Interpreter
    facts: CallFacts

    def emit(self, op: Opcode, *operands: int) -> int: ...
    def new_slot(self) -> int: ...
    def pattern(self, atom: Atom, scope: Scope, args: tuple[int, ...] = ()) -> int: ...
    def template(self, atom: Atom, scope: Scope) -> None: ...
    def data_slots(self, atom: Atom, scope: Scope) -> dict[Variable, int]: ...
    def data_pattern(self, atom: Atom, scope: Scope) -> int: ...
    def site(
        self, at: int, plan: CallPlan, expr: Atom | None = None, scope: Scope | None = None
    ) -> None: ...
    def constant(self, atom: Atom) -> None: ...
    def end(self, tail: bool) -> None: ...
    def fallback(self, atom: Atom, scope: Scope, tail: bool) -> None: ...
    def expr(self, atom: Atom, scope: Scope, tail: bool) -> None: ...


FormCompiler = Callable[[FormEmitter, Expression, Scope, bool], None]

COMPILERS: dict[Symbol, FormCompiler] = {}


def compiles(*names: str) -> Callable[[FormCompiler], FormCompiler]:
    """Register the decorated function as tier 1's compiler of the forms ``names``, each
    of which must be a form (``interpreter.machine.FORMS``: its descriptor)."""

    def register(fn: FormCompiler) -> FormCompiler:
        for name in names:
            sym = Symbol(name)
            if sym not in FORMS:
                raise ValueError(f"{name} is not a special form")
            COMPILERS[sym] = fn
        return fn

    return register


def _free_vars(atom: Atom, scope: Scope) -> bool:
    return any(v not in scope.vars for v in variables(atom))


def _may_match_empty(pattern: Atom) -> bool:
    return type(pattern) is Variable or pattern is EMPTY_SYM


@compiles("if")
def _if(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 4:
        c.fallback(expr, scope, tail)
        return
    _, cond, then, other = expr.children
    c.expr(cond, scope, False)
    br = c.emit(_O.BRANCH_BOOL, 0, 0)
    c.expr(then, scope, tail)
    j_end = -1 if tail else c.emit(_O.JUMP, 0)
    c.chunk.patch_jump(br, which=0)
    c.expr(other, scope, tail)
    j_end2 = -1 if tail else c.emit(_O.JUMP, 0)
    # neither True nor False: tier 0 builds (if c then else) (or a BadArgType error,
    # which shows the if as written: ``eval_fallback`` replaces the call in it)
    c.chunk.patch_jump(br, which=1)
    c.constant(expr.children[0])
    c.emit(_O.SWAP)
    # the branches as data (a rule body's variable no form binds: the call's fresh one,
    # ``data_slots``, as tier 0 renamed it when it applied the rule)
    c.template(then, scope)
    c.template(other, scope)
    c.emit(_O.MAKE_LIST, 4)
    c.site(c.emit(_O.EVAL), plan_if_value(c.facts), expr, scope)
    c.end(tail)
    if not tail:
        c.chunk.patch_jump(j_end)
        c.chunk.patch_jump(j_end2)


def _bind(c: FormEmitter, pattern: Atom, scope: Scope) -> None:
    """Pop a value and bind ``pattern`` to it; no match fails this path."""
    if type(pattern) is Variable and pattern not in scope.vars:
        scope.vars[pattern] = slot = c.new_slot()
        c.emit(_O.STORE_LOCAL, slot)
        return
    pat = c.pattern(pattern, scope)
    at = c.emit(_O.UNIFY, pat, 0)
    c.chunk.patch_jump(at, _fail_target(c))


def _fail_target(c: FormEmitter) -> int:
    """Offset of a shared FAIL instruction (emitted on first use, jumped over)."""
    j = c.emit(_O.JUMP, 0)
    target = c.emit(_O.FAIL)
    c.chunk.patch_jump(j)
    return target


@compiles("let")
def _let(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 4:
        c.fallback(expr, scope, tail)
        return
    _, pattern, value, body = expr.children
    _let_in(c, pattern, value, body, scope, tail, checked=True)


def _let_in(
    c: FormEmitter, pattern: Atom, value: Atom, body: Atom, scope: Scope, tail: bool,
    checked: bool = False,
) -> None:
    """``checked`` (let, not chain): a value that evaluates to an Error is the result,
    as tier 0's ``form_let``: an Error check (``Chunk.err_exits``) after the value."""
    c.expr(value, scope, False)
    at = _value_error_check(c, value, tail) if checked else None
    inner = scope.copy()
    _bind(c, pattern, inner)
    c.expr(body, inner, tail)
    if at is not None:
        c.chunk.err_exits[at] = (1, len(c.chunk.code))


def _value_error_check(c: FormEmitter, value: Atom, tail: bool) -> int | None:
    """An Error check of a let's value just pushed, when its evaluation may give an Error
    it is not written as (an ``(Error ...)`` written, or a variable, is a value there):
    the check's offset, its exit to be set after the body; in tail position the exit is a
    RETURN of its own here (None returned)."""
    if not (type(value) is Expression and value.children and value.children[0] is not ERROR
            and c.facts.may_be_error(value)):
        return None
    at = c.emit(_O.NOP)
    if not tail:
        return at
    over = c.emit(_O.JUMP, 0)
    c.chunk.err_exits[at] = (1, c.emit(_O.RETURN))
    c.chunk.patch_jump(over)
    return None


@compiles("chain")
def _chain(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 4:
        c.fallback(expr, scope, tail)
        return
    _, value, var, body = expr.children
    _let_in(c, var, value, body, scope, tail)


@compiles("let*")
def _let_star(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    ch = expr.children
    pairs = ch[1] if len(ch) == 3 else None
    if type(pairs) is not Expression or not all(
        type(p) is Expression and len(p.children) == 2 for p in pairs.children
    ):
        c.fallback(expr, scope, tail)
        return
    inner = scope
    checks = []
    for p in pairs.children:
        value = p.children[1]  # type: ignore[attr-defined]
        c.expr(value, inner, False)
        at = _value_error_check(c, value, tail)  # each pair is a let (tier 0's let*)
        if at is not None:
            checks.append(at)
        inner = inner.copy()
        _bind(c, p.children[0], inner)  # type: ignore[attr-defined]
    c.expr(ch[2], inner, tail)
    for at in checks:
        c.chunk.err_exits[at] = (1, len(c.chunk.code))


@compiles("case", "switch")
def _case(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    ch = expr.children
    cases = ch[2] if len(ch) == 3 else None
    if type(cases) is not Expression or not all(
        type(arm) is Expression and len(arm.children) == 2 for arm in cases.children
    ):
        c.fallback(expr, scope, tail)
        return
    arms = [arm.children for arm in cases.children]  # type: ignore[attr-defined]
    if any(_may_match_empty(p[0]) for p in arms):
        # no result at all matches as Empty: collect the results first
        at = c.emit(_O.COLLECT, 0)
        c.expr(ch[1], scope, False)
        c.emit(_O.YIELD)
        c.chunk.patch_jump(at)
        c.emit(_O.END_COLLECT)
        c.emit(_O.DUP)
        c.emit(_O.PUSH_UNIT)
        c.emit(_O.EQ)
        br = c.emit(_O.JUMP_IF_FALSE, 0)
        c.emit(_O.POP)
        c.constant(Expression((EMPTY_SYM,)))
        c.chunk.patch_jump(br)
        c.emit(_O.SUPERPOSE)
    else:
        c.expr(ch[1], scope, False)
    ends: list[int] = []
    for pattern, body in arms:
        inner = scope.copy()
        c.emit(_O.DUP)
        if type(pattern) is Variable and pattern not in inner.vars:
            inner.vars[pattern] = slot = c.new_slot()
            c.emit(_O.STORE_LOCAL, slot)
            nxt = -1
        else:
            nxt = c.emit(_O.UNIFY, c.pattern(pattern, inner), 0)
        c.emit(_O.POP)
        c.expr(body, inner, tail)
        if not tail:
            ends.append(c.emit(_O.JUMP, 0))
        if nxt < 0:
            break
        c.chunk.patch_jump(nxt)
    else:
        c.emit(_O.POP)
        c.emit(_O.FAIL)
    for j in ends:
        c.chunk.patch_jump(j)


@compiles("superpose")
def _superpose(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    ch = expr.children
    if len(ch) != 2 or type(ch[1]) is not Expression:
        c.fallback(expr, scope, tail)
        return
    items = ch[1].children
    if not items:
        c.emit(_O.FAIL)
        return
    ends: list[int] = []
    for i, item in enumerate(items):
        fork = c.emit(_O.FORK, 0) if i < len(items) - 1 else -1
        c.expr(item, scope, tail)
        if not tail and fork >= 0:
            ends.append(c.emit(_O.JUMP, 0))
        if fork >= 0:
            c.chunk.patch_jump(fork)
    for j in ends:
        c.chunk.patch_jump(j)


@compiles("collapse")
def _collapse(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 2:
        c.fallback(expr, scope, tail)
        return
    at = c.emit(_O.COLLECT, 0)
    c.expr(expr.children[1], scope, False)
    c.emit(_O.YIELD)
    c.chunk.patch_jump(at)
    c.emit(_O.END_COLLECT)
    c.end(tail)


def _collect(c: FormEmitter, atom: Atom, scope: Scope) -> None:
    """Push all results of ``atom`` as one expression (``collapse``)."""
    at = c.emit(_O.COLLECT, 0)
    c.expr(atom, scope, False)
    c.emit(_O.YIELD)
    c.chunk.patch_jump(at)
    c.emit(_O.END_COLLECT)


def _set_op(c: FormEmitter, expr: Expression, scope: Scope, tail: bool, kind: int) -> None:
    """``unique``/``union``/``intersection``/``subtraction`` of collected results."""
    ch = expr.children
    if len(ch) != (2 if kind == 0 else 3):
        c.fallback(expr, scope, tail)
        return
    _collect(c, ch[1], scope)
    if kind == 0:
        c.emit(_O.PUSH_UNIT)
    else:
        _collect(c, ch[2], scope)
    c.emit(_O.SET_OP, kind)
    c.emit(_O.SUPERPOSE)
    c.end(tail)


@compiles("unique")
def _unique(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _set_op(c, expr, scope, tail, 0)


@compiles("union")
def _union(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _set_op(c, expr, scope, tail, 1)


@compiles("intersection")
def _intersection(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _set_op(c, expr, scope, tail, 2)


@compiles("subtraction")
def _subtraction(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _set_op(c, expr, scope, tail, 3)


def _type_of(c: FormEmitter, expr: Expression, scope: Scope, tail: bool, kind: int) -> None:
    if len(expr.children) != 2:
        c.fallback(expr, scope, tail)
        return
    c.template(expr.children[1], scope)  # the argument as written (substituted)
    c.emit(_O.TYPE_OF, kind)
    c.end(tail)


@compiles("get-type")
def _get_type(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _type_of(c, expr, scope, tail, 0)


@compiles("get-metatype")
def _get_metatype(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _type_of(c, expr, scope, tail, 1)


@compiles("unify")
def _unify(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    """``(unify a b then else)``: compiled when one side has no free variable (it is
    then a value the other side, as a pattern, is matched against)."""
    ch = expr.children
    if len(ch) != 5:
        c.fallback(expr, scope, tail)
        return
    _, a, b, then, other = ch
    if (type(a) is Symbol and (a.name.startswith("&") or a.name in c.interp.tokens)) or (
        type(a) is Grounded and not isinstance(a.value, (int, float, str, bool))
    ):
        # a may be a space (&self): tier 0 queries it for the pattern b
        c.fallback(expr, scope, tail)
        return
    if not _free_vars(b, scope):
        value, pattern = b, a
    elif not _free_vars(a, scope):
        value, pattern = a, b
    else:
        c.fallback(expr, scope, tail)
        return
    c.template(value, scope)
    inner = scope.copy()
    at = c.emit(_O.UNIFY, c.pattern(pattern, inner), 0)
    c.expr(then, inner, tail)
    j = -1 if tail else c.emit(_O.JUMP, 0)
    c.chunk.patch_jump(at)
    c.expr(other, scope, tail)
    if not tail:
        c.chunk.patch_jump(j)


@compiles("assertEqual")
def _assertEqual(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _assertion(c, expr, scope, tail, 0)


@compiles("assertEqualToResult")
def _assertEqualToResult(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    _assertion(c, expr, scope, tail, 1)


def _assertion(c: FormEmitter, expr: Expression, scope: Scope, tail: bool, kind: int) -> None:
    """``(assertEqual got want)``: both collected (``assertEqualToResult``: want as
    written); ``ASSERT`` compares them as tier 0 does and makes its Error value."""
    if len(expr.children) != 3:
        c.fallback(expr, scope, tail)
        return
    c.template(expr, scope)
    _collect(c, expr.children[1], scope)
    if kind == 0:
        _collect(c, expr.children[2], scope)
    else:
        c.template(expr.children[2], scope)
    c.emit(_O.ASSERT, kind)
    c.end(tail)


@compiles("eval")
def _eval(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    """``(eval X)``: one step. When X's head is a special form (but those rewritten by
    one rule of the reference, ``formdef.one_step_rules``), or a grounded operation
    none of whose arguments is an expression to evaluate, that step is X's whole
    evaluation, so X is compiled as usual; any other step (a rewrite by rules, an
    operation on unevaluated arguments: not evaluated again) is left to tier 0."""
    ch = expr.children
    x = ch[1] if len(ch) == 2 else None
    head = x.children[0] if type(x) is Expression and x.children else None
    if type(head) is Symbol and one_step_rules(head) is None and (
        # a user's rule beside a rule-defined built-in is one rewrite: tier 0's
        not (is_rule_defined(head) and c.interp.space.head_rules((head, len(x.children))))  # type: ignore[union-attr]
    ) and (head in c.interp.forms or (
        head.name in c.interp.registry.ops
        and not any(type(a) is Expression and a.children for a in x.children[1:])  # type: ignore[union-attr]
    )):
        c.expr(x, scope, tail)  # type: ignore[arg-type]
        return
    c.fallback(expr, scope, tail)


def _whole(c: FormEmitter, expr: Expression, scope: Scope) -> int:
    """A pattern of ``expr`` itself (its variables substituted when instantiated)."""
    slots = c.data_slots(expr, scope)
    return c.chunk.add_pattern(Pattern(expr, slots, frozenset(slots.values())))


@compiles("map-atom")
def _map_atom(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    """``(map-atom list $x template)``: for each result of list, the template evaluated
    for each element in turn (several results multiply, as in tier 0)."""
    ch = expr.children
    if len(ch) != 4 or type(ch[2]) is not Variable:
        c.fallback(expr, scope, tail)
        return
    _, lst, var, tmpl = ch
    c.expr(lst, scope, False)
    k = c.new_slot()
    start = c.emit(_O.ITER_START, k, _whole(c, expr, scope), 0)
    inner = scope.copy()
    inner.vars[var] = x = c.new_slot()  # type: ignore[index]
    loop = c.emit(_O.ITER_NEXT, k, x, 0)
    c.expr(tmpl, inner, False)
    c.emit(_O.ITER_ACC, k)
    c.emit(_O.JUMP, loop)
    c.chunk.patch_jump(loop)
    c.emit(_O.ITER_RESULT, k)
    c.chunk.patch_jump(start)
    c.end(tail)


@compiles("foldl-atom")
def _foldl_atom(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    """``(foldl-atom list init $acc $x op)``: list, then init, evaluated once each (as in
    tier 0); for each list and each initial value, op folded over the elements."""
    ch = expr.children
    if len(ch) != 6 or type(ch[3]) is not Variable or type(ch[4]) is not Variable:
        c.fallback(expr, scope, tail)
        return
    _, lst, init, acc_var, x_var, op = ch
    _collect(c, lst, scope)
    _collect(c, init, scope)
    inits = c.new_slot()
    c.emit(_O.STORE_LOCAL, inits)
    c.emit(_O.SUPERPOSE)
    k = c.new_slot()
    start = c.emit(_O.ITER_START, k, _whole(c, expr, scope), 0)
    acc = c.new_slot()
    c.emit(_O.LOAD_LOCAL, inits)
    c.emit(_O.SUPERPOSE)
    c.emit(_O.STORE_LOCAL, acc)
    inner = scope.copy()
    inner.vars[acc_var] = acc  # type: ignore[index]
    inner.vars[x_var] = x = c.new_slot()  # type: ignore[index]
    loop = c.emit(_O.ITER_NEXT, k, x, 0)
    c.expr(op, inner, False)
    c.emit(_O.STORE_LOCAL, acc)
    c.emit(_O.JUMP, loop)
    c.chunk.patch_jump(loop)
    c.emit(_O.LOAD_LOCAL, acc)
    c.chunk.patch_jump(start)
    c.end(tail)


@compiles("empty")
def _empty(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 1:
        c.fallback(expr, scope, tail)
        return
    c.emit(_O.FAIL)


@compiles("quote")
def _quote(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    if len(expr.children) != 2:
        c.fallback(expr, scope, tail)
        return
    c.template(expr, scope)
    c.end(tail)


def compile_match(c: FormEmitter, expr: Expression, scope: Scope, tail: bool) -> None:
    """``(match space pattern template)``: one evaluated template per match."""
    _, space, pattern, template = expr.children
    if has_tokens(template, c.interp):
        # tier 0 replaces bind! tokens in the template, even where it is not evaluated
        c.fallback(expr, scope, tail)
        return
    c.expr(space, scope, False)
    # the slow path (not a space) hands the call, with the space value, to tier 0 (a
    # rule body's variables renamed, as tier 0 renamed them applying the rule)
    call = c.data_pattern(expr, scope)
    inner = scope.copy()
    at = c.emit(_O.MATCH, c.pattern(pattern, inner), call, 0)
    c.expr(template, inner, tail)
    j_end = -1 if tail else c.emit(_O.JUMP, 0)
    c.chunk.patch_jump(at)
    c.emit(_O.EVAL)
    c.end(tail)
    if not tail:
        c.chunk.patch_jump(j_end)
