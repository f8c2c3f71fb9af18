"""Facts about code that the tier 1 compiler's decisions rest on: whether evaluating an
atom may give an Error, runs again unseen, gives one result (``pure``), has no effect
(``quiet``), and whether a typed call's check as written can be left to the values
(``typed_plain``, ``led``, ``checked``, ``static_arith``, ``typed_fn_plain``).

Each is a public method of ``CallFacts``, one object per compile unit, memoised by atom
identity for the world it was made in (a rule or type change makes a new world; the
chunks compiled in the old one are dropped, transitively for ``pure`` and ``quiet``:
``runner.tiering``). The grounded operations with an opcode of their own (the opcode
table's ``operation`` column, ``opcodes.opcode_for``) are those the facts know run with no
effect and one result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import (
    ATOM,
    COLON,
    EXPRESSION,
    UNDEFINED,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    variables,
    walk,
)
from mettajit.bytecode.opcodes import opcode_for
from mettajit.interpreter.coinduction import Coinductive
from mettajit.interpreter.machine import FORMS
from mettajit.interpreter.typecheck import arg_types, check_call, informative, return_type

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter



# forms that evaluate their parts and do nothing else (``CallFacts.quiet``): their
# descriptors say so (``FormDef.quiet``)
QUIET_FORMS = frozenset(d.name for d in FORMS.values() if d.quiet)
_IF = Symbol("if")


class CallFacts:
    """The facts of one compile unit's code (``leaf``: the atom that reads the chunk's
    argument, known at run time only). Memoised by identity: ask about atoms of that
    unit only (which it keeps alive: a freed atom's id may be another's), in the world
    the object was made in."""

    def __init__(self, interp: Interpreter, leaf: Atom | None = None) -> None:
        self.interp = interp
        self.leaf = leaf
        self.skip_memo: dict[int, bool] = {}
        self.pure_memo: dict[int, bool] = {}
        self.static_memo: dict[int, Atom | None] = {}
        self.arith_sigs: dict[Atom, tuple[tuple[Atom, ...], Atom] | None] = {}
        self.pure_units: Coinductive[tuple[Atom, int]] = Coinductive(self.pure_memo.clear)
        self.types_memo: bool | None = None
        self.quiet_memo: dict[int, bool] = {}
        self.quiet_units: Coinductive[tuple[Atom, int]] = Coinductive(self.quiet_memo.clear)

    def may_be_error(self, atom: Atom) -> bool:
        """Whether evaluating ``atom`` may give an Error value: a call or form may, a
        variable may hold one, a token may stand for one; other constants cannot."""
        t = type(atom)
        if t is Symbol:
            name = atom.name  # type: ignore[attr-defined]
            return name.startswith("&") or name in self.interp.tokens
        return t is Variable or (t is Expression and bool(atom.children))  # type: ignore[attr-defined]

    def skippable(self, atom: Atom) -> bool:
        """Whether the code of ``atom`` certainly pushes exactly one value with no effect:
        a constant, a variable (its value was evaluated when it was bound), a token, an
        arithmetic/comparison/Bool operation (a dedicated opcode) of such. Skipping it
        after an Error argument cannot be seen, so it needs no Error check before it.
        Memoised by identity; iterative (chains are deep)."""
        memo = self.skip_memo
        todo: list[tuple[Atom, bool]] = [(atom, False)]
        while todo:
            a, done = todo.pop()
            if type(a) is not Expression or not a.children:
                memo[id(a)] = True
                continue
            if id(a) in memo:
                continue
            ch = a.children
            if done:
                memo[id(a)] = all(memo[id(c)] for c in ch[1:])
                continue
            head = ch[0]
            interp = self.interp
            op = None
            if type(head) is Symbol and head.name not in interp.tokens and (
                head not in interp.forms
            ):
                op = interp.registry.get(head.name)
            if op is None or opcode_for(op) is None or (
                op.arity is not None and op.arity != len(ch) - 1
            ):
                memo[id(a)] = False
                continue
            todo.append((a, True))
            todo.extend((c, False) for c in ch[1:])
        return memo[id(atom)]

    def reruns(self, children: tuple[Atom, ...], lazy: tuple[bool, ...] = ()) -> bool:
        """Whether the VM's evaluation of these arguments could show a difference from
        tier 0's. Tier 0 evaluates each argument of a ground call once, then applies the
        call to each combination of their results; the VM runs the code of the later
        arguments again for each result of an earlier one (its choice point resumes
        there). That shows only when an argument may give several results (not ``pure``)
        and a later one is not ``quiet``: then tier 0 evaluates the call (``EVAL``)."""
        if len(children) < 2:
            return False
        several = False
        for i, c in enumerate(children):
            if i < len(lazy) and lazy[i]:
                continue  # passed as data
            if several:
                if not self.quiet(c):
                    return True
            elif not self.pure(c):
                several = True
        return False

    def typed_plain(self, expr: Expression, op: Any) -> bool:
        """Whether the plain code of a typed grounded call (arguments evaluated, then the
        operation) gives tier 0's results. Tier 0, as the reference, checks the call as
        written, then evaluates each argument expecting its declared type: a call of an
        untyped function is cast to it (``(Error "a" (BadType Number String))``); a form,
        or an operation or typed function of that return type, is not, and an operation
        given a mistyped value leaves the call as data. The static part of the check is
        made here (a failure: tier 0 evaluates the call); what depends on the values of
        variables and tokens, and the casts, are made by the slow path of the operation
        (``SlowPaths.typed_replay``), which knows each argument's kind from the call as
        written. So that nothing shows that the arguments ran before a check that fails
        on such a value, the other arguments must then be pure calls with one result.
        (``static_arith`` answers first for chains of arithmetic.)"""

        interp = self.interp
        res = check_call(interp, expr, op.arg_types, op.ret_type, UNDEFINED)
        if not isinstance(res, tuple):
            return False  # ill-typed as written (or maybe: the values decide): tier 0
        types = res[0]
        args = expr.children[1:]
        lazy = op.lazy
        dynamic = self.leaf is not None or not expr.is_ground() or has_tokens(expr, interp)
        calls: list[Atom] = []
        for i, a in enumerate(args):
            if (i < len(lazy) and lazy[i]) or type(a) is not Expression or not a.children:
                continue
            t = types[i]
            if type(t) is Variable and any(
                type(c) is Expression and c.children and occurs(t, types[j])
                for j, c in enumerate(args) if j > i
            ):
                return False  # the value binds the type of a later argument: tier 0
            kind = self.arg_kind(a, t) if informative(t) else 1
            if not kind:
                return False
            # a cast that fails is the call's one value, whatever the other arguments
            # give (as an Error argument, but the VM only sees it at the operation)
            dynamic = dynamic or kind == 2
            calls.append(a)
        return not dynamic or all(self.pure(a) for a in calls) or self.led(expr, op, types)

    def led(self, expr: Expression, op: Any, types: tuple[Atom, ...]) -> bool:
        """Whether the check as written of a typed grounded call can fail on the values
        of its variables only where its first call argument's own check fails (so the
        arguments may run in order although some are not ``pure``). Tier 0 checks the call
        (values substituted) before evaluating anything and gives the Error of its first
        ill-typed argument, ``app_error(a)``; the VM evaluates the arguments in order, and
        the first call's own check gives that same Error (``check_call`` of ``a`` as
        written) as its value, the call's. So it holds when:

        * the arguments before the first call ``a_f`` are constants (a variable there
          only where its declared type is ``%Undefined%``/``Atom``: never checked);
        * each call argument is a nest of calls of operations/functions of one ground
          type (``checked``): it fits its parameter if and only if each variable at a
          checked position (``v``, expected ``T``) fits ``T``; the variable pairs of every
          later call argument are among those of ``a_f``, and so are those of a later
          variable argument (``v``, its declared parameter type): whatever fails later
          makes ``a_f`` fail first, in both tiers, before anything has run.

        * each later call argument is ``quiet``: tier 0 evaluates a ground call's
          arguments once each (all their results combined), the VM a later argument
          again after each result of an earlier one.

        (``typed(fib $n)``: ``(+ (fib (- $n 1)) (fib (- $n 2)))``, both ``{($n, Number)}``.)
        Not with tokens, the leaf, expression subjects of ``(:`` or declared types that
        are a bare type variable (which make an atom's fit depend on more than the atom)."""

        if self.leaf is not None or not self.plain_types():
            return False
        interp = self.interp
        params = op.arg_types
        ground = all(ground_type(p) for p in params)
        first: frozenset[tuple[Variable, Atom]] | None = None
        for a, p, t in zip(expr.children[1:], params, types, strict=True):
            ta = type(a)
            if ta is Expression and a.children:  # type: ignore[attr-defined]
                vs = self.checked(a, t)
                if vs is None:
                    return False
                if first is None:
                    first = vs
                elif not vs <= first or not self.quiet(a):
                    return False
            elif ta is Variable:
                if p is UNDEFINED or p is ATOM:
                    continue
                if first is None or not ground or type(p) is not Symbol or (a, p) not in first:
                    return False
            elif ta is Symbol:
                name = a.name  # type: ignore[attr-defined]
                if name in interp.tokens or name.startswith("&"):
                    return False
        return True

    def checked(self, a: Atom, p: Atom) -> frozenset[tuple[Variable, Atom]] | None:
        """The (variable, expected type) pairs at the positions of ``a`` that tier 0's
        check as written of ``a`` against parameter type ``p`` looks at, when ``a``
        fits ``p`` exactly when each of those variables' values fits its type (constants
        were checked at compile time); None when that is not known."""

        ta = type(a)
        if p is UNDEFINED or p is ATOM:
            return frozenset()  # fits anything: not looked at
        if ta is Variable:
            # a Symbol type: the fit of a value is its own (a structured or variable type
            # may unify with a value's type variable bound by a sibling)
            return frozenset({(a, p)}) if type(p) is Symbol else None  # type: ignore[arg-type]
        if ta is Symbol:
            name = a.name  # type: ignore[attr-defined]
            return None if name in self.interp.tokens or name.startswith("&") else frozenset()
        if ta is not Expression or not a.children:  # type: ignore[attr-defined]
            return frozenset()
        if p is EXPRESSION:
            return frozenset()  # an expression is an Expression: not looked at
        interp = self.interp
        ch = a.children  # type: ignore[attr-defined]
        h = ch[0]
        if type(h) is not Symbol or h.name in interp.tokens or h.name.startswith("&") or (
            h in interp.forms or h is _IF
        ):
            return None
        op = interp.registry.ops.get(h.name)
        if op is not None:
            params: tuple[Atom, ...] | None = op.arg_types
            ret = op.ret_type
        else:
            decl = interp.space.declared_types(h)
            if len(decl) != 1:
                return None  # untyped (cast, %Undefined%), or several types
            params = arg_types(decl[0])
            ret = return_type(decl[0]) if params is not None else UNDEFINED
        if not params or len(params) != len(ch) - 1 or not ground_type(ret) or not all(
            ground_type(q) for q in params
        ):
            return None
        out: frozenset[tuple[Variable, Atom]] = frozenset()
        for c, q in zip(ch[1:], params, strict=True):
            vs = self.checked(c, q)
            if vs is None:
                return None
            out = out | vs
        return out

    def quiet(self, a: Atom) -> bool:
        """Whether evaluating ``a`` certainly has no effect and reads no state, so its
        results do not depend on when or how often it runs (it may give several, none,
        an Error, or run forever): data, variables, dedicated arithmetic/comparison/Bool
        operations, the forms ``QUIET_FORMS`` and calls of functions (typed or not)
        whose rule bodies are all ``quiet`` (recursion assumed quiet), of such. A rule
        change drops the chunks calling the function, transitively (``tiering``)."""
        if type(a) is Symbol:
            return a.name not in self.interp.tokens and not a.name.startswith("&")
        if type(a) is not Expression or not a.children:
            return True
        memo = self.quiet_memo
        got = memo.get(id(a))
        if got is not None:
            return got
        interp = self.interp
        ch = a.children
        h = ch[0]
        ok = False
        if type(h) is Symbol and all(self.quiet(c) for c in ch):
            if h in interp.forms:
                ok = h in QUIET_FORMS
            else:
                op = interp.registry.ops.get(h.name)
                if op is not None:
                    ok = opcode_for(op) is not None
                else:
                    ok = self.quiet_unit(h, len(ch))
        memo[id(a)] = ok
        return ok

    def quiet_unit(self, head: Symbol, n: int) -> bool:
        """Whether every rule body of ``(head, n)`` is ``quiet`` (coinductively)."""
        interp = self.interp
        if interp.space.var_rules:
            return False
        key = (head, n)
        return self.quiet_units.ask(
            key, lambda: all(self.quiet(r.rhs) for r in interp.space.rules_for(key)))

    def plain_types(self) -> bool:
        """No ``(: <expression> T)`` (``types_of`` looks an expression up, values
        substituted) and no declared type that is a bare type variable. Memoised."""
        got = self.types_memo
        if got is None:
            decl = Expression((COLON, Variable("x"), Variable("t")))
            got = True
            for d in self.interp.space.candidates(decl):
                if type(d) is Expression and len(d.children) == 3 and d.children[0] is COLON and (
                    type(d.children[1]) is Expression or type(d.children[2]) is Variable
                ):
                    got = False
                    break
            self.types_memo = got
        return got

    def static_arith(self, expr: Atom) -> Atom | None:
        """The return type of a dedicated arithmetic/comparison/Bool operation whose
        arguments are numbers, Bools, variables and such operations, all of the declared
        types (None: not such a chain, or not well typed as written). Its check as written
        can only fail on the values of the variables: ``typed_plain`` holds at once, and
        the slow path of the operation makes that check. Memoised by identity, so a chain
        is walked once (``check_call`` would walk each operation's whole sub-chain)."""
        memo = self.static_memo
        key = id(expr)
        if key in memo:
            return memo[key]
        memo[key] = None
        ch = expr.children  # type: ignore[attr-defined]
        h = ch[0]
        sigs = self.arith_sigs
        if h in sigs:
            sig = sigs[h]
        else:
            sig = sigs[h] = self.arith_sig(h)
        if sig is None or len(sig[0]) != len(ch) - 1:
            return None
        params, ret = sig
        bound: dict[Atom, Atom] | None = None
        for i in range(1, len(ch)):
            a = ch[i]
            ta = type(a)
            if ta is Variable or a is self.leaf:
                continue  # known at run time only
            if ta is Expression:
                if not a.children:
                    return None
                at = memo[id(a)] if id(a) in memo else self.static_arith(a)
                if at is None:
                    return None
            elif ta is Grounded and (a.kind is int or a.kind is bool or a.kind is float):
                at = a.type
            else:
                return None
            p = params[i - 1]
            if type(p) is Variable:
                if bound is None:
                    bound = {}
                p = bound.setdefault(p, at)
            if p != at:
                return None
        if bound:
            ret = bound.get(ret, ret)
        memo[key] = ret
        return ret

    def arith_sig(self, h: Atom) -> tuple[tuple[Atom, ...], Atom] | None:
        """The argument and return types of a dedicated operation named ``h``."""
        interp = self.interp
        if type(h) is not Symbol or h.name in interp.tokens or h in interp.forms:
            return None
        op = interp.registry.ops.get(h.name)
        if op is None or opcode_for(op) is None:
            return None
        return op.arg_types, op.ret_type

    def typed_fn_plain(self, expr: Expression, ftype: Atom) -> bool:
        """Whether a call of a typed function may evaluate its arguments in the VM: the
        VM hands ``(f values...)`` to tier 0, which checks it as the call as written when
        each argument is a value, a variable, a token, or a dedicated arithmetic/
        comparison/Bool operation (of such) returning the declared type (a mistyped
        operand shows the same error either way, nothing else can be seen to run)."""

        params = arg_types(ftype)
        if params is None or len(params) != len(expr.children) - 1:
            return False
        if len(self.interp.function_types(expr.children[0])) > 1:  # type: ignore[arg-type]
            return False  # tier 0 tries each declared type in turn
        res = check_call(self.interp, expr, params, return_type(ftype), UNDEFINED)
        if not isinstance(res, tuple):
            return False
        for a, t in zip(expr.children[1:], res[0], strict=True):
            if type(a) is not Expression or not a.children:
                continue
            if not self.native_arith(a):
                return False
            op = self.interp.registry.ops[a.children[0].name]  # type: ignore[attr-defined]
            if informative(t) and op.ret_type != t:
                return False
        return True

    def native_arith(self, a: Atom) -> bool:
        """A dedicated arithmetic/comparison/Bool operation of values, variables, tokens
        and such operations."""
        if type(a) is not Expression or not a.children:
            return True
        interp = self.interp
        h = a.children[0]
        if type(h) is not Symbol or h.name in interp.tokens or h in interp.forms:
            return False
        op = interp.registry.ops.get(h.name)
        return (
            op is not None and opcode_for(op) is not None
            and (op.arity is None or op.arity == len(a.children) - 1)
            and all(self.native_arith(c) for c in a.children[1:])
        )

    def arg_kind(self, a: Expression, t: Atom) -> int:
        """How tier 0 evaluates argument ``a`` expected of type ``t``, if the VM can do the
        same: 1 plainly (a form but ``if``, an operation or typed function returning
        ``t``), 2 plainly and cast to ``t`` (an untyped function whose rewrites cannot
        change the expectation, with one pure result: the reference drops an Error beside
        other results); 0 otherwise."""

        interp = self.interp
        h = a.children[0]
        if type(h) is not Symbol or h.name in interp.tokens or h is _IF:
            return 0
        if h in interp.forms:
            return 1
        op = interp.registry.ops.get(h.name)
        if op is not None:
            return int(op.ret_type == t)
        ft = interp.function_type(h)
        if ft is not None:
            return int(return_type(ft) == t)
        n = len(a.children)
        return 2 if interp.transparent(h, n, t, True) and self.pure_unit(h, n) else 0

    def pure(self, a: Atom) -> bool:
        """Whether evaluating ``a`` certainly gives one result (or runs forever) and has
        no effect: constants, variables, ``if``, dedicated arithmetic/comparison/Bool
        operations, data and calls of ``pure_unit`` functions, of such arguments."""
        if type(a) is not Expression or not a.children:
            return True
        memo = self.pure_memo
        got = memo.get(id(a))
        if got is not None:
            return got
        interp = self.interp
        ch = a.children
        h = ch[0]
        ok = False
        if type(h) is Symbol and h.name not in interp.tokens and all(
            self.pure(c) for c in ch[1:]
        ):
            if h is _IF:
                ok = len(ch) == 4
            elif h not in interp.forms:
                op = interp.registry.ops.get(h.name)
                if op is not None:
                    ok = opcode_for(op) is not None and (
                        op.arity is None or op.arity == len(ch) - 1)
                elif interp.function_type(h) is None:
                    ok = self.pure_unit(h, len(ch))
        memo[id(a)] = ok
        return ok

    def pure_unit(self, head: Symbol, n: int) -> bool:
        """Whether a call of the rules of ``(head, n)`` is ``pure``: rule heads that no
        call matches twice, ``pure`` bodies (recursion is assumed pure)."""
        interp = self.interp
        if interp.space.var_rules:
            return False

        def decide() -> bool:
            rules = interp.space.rules_for((head, n))
            return all(self.pure(r.rhs) for r in rules) and all(
                disjoint(rules[i].lhs, rules[j].lhs)
                for i in range(len(rules)) for j in range(i + 1, len(rules))
            )

        return self.pure_units.ask((head, n), decide)


def has_tokens(atom: Atom, interp: Interpreter) -> bool:
    """Whether ``atom`` holds a symbol that is (or may become) a ``bind!`` token."""

    tokens = interp.tokens
    return any(
        type(a) is Symbol and a.name != "&self" and (a.name in tokens or a.name[0] == "&")
        for a in walk(atom)
    )


def ground_type(t: Atom) -> bool:
    """A type with no type variable."""
    return type(t) is not Variable and (type(t) is not Expression or t.is_ground())


def occurs(v: Variable, t: Atom) -> bool:
    return t == v or (type(t) is Expression and v in variables(t))


def disjoint(a: Atom, b: Atom) -> bool:
    """Whether no atom matches both patterns (two rule heads: a call matches one only)."""
    ta, tb = type(a), type(b)
    if ta is Variable or tb is Variable:
        return False
    if ta is not tb:
        return True
    if ta is Expression:
        ca, cb = a.children, b.children  # type: ignore[attr-defined]
        return len(ca) != len(cb) or any(disjoint(x, y) for x, y in zip(ca, cb, strict=True))
    return a != b


def casts_value(interp: Interpreter, arg: Expression) -> bool:
    """Whether tier 0 casts the value of this argument (as written) of a typed call to the
    declared type: a call of a function with no type (not a form, an operation or ``if``;
    ``CallFacts.arg_kind`` 2 at compile time, ``SlowPaths.typed_replay`` at run time)."""
    h = arg.children[0]
    return (
        type(h) is Symbol and h not in interp.forms and h.name not in interp.registry.ops
        and interp.function_type(h) is None
    )
