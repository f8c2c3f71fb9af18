"""Types in tier 0: the type of an atom, function types, and argument checks.

Gradual, as in the reference: ``%Undefined%`` (the type of an undeclared symbol or of an
expression with no function type) is compatible with every type, so only values of a
known, different type are rejected. Arguments whose declared type is ``Atom`` or
``Expression`` are passed unevaluated.

As in hyperon 0.2.10's ``metta`` (``interpret_expression``), a call is checked *as written*,
before its arguments are evaluated (``check_call``: ``(Error <call> (BadArgType i expected
actual))``, and ``(Error <call> (BadType expected returned))`` when the declared return type
does not fit the type expected of the call). Each argument is then evaluated *with* its
declared type as the expected type: the expectation follows rewrites through untyped
functions, is replaced by the declared return type at a typed function, and a value it
reaches is cast to it (``cast``: ``(Error <value> (BadType expected actual))``). Evaluated
arguments are not checked again: a value that got past an ``%Undefined%`` return type
(``let``, ``case``...) reaches the operation, which leaves a call it cannot reduce as data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    ERROR,
    EXPRESSION,
    GROUNDED,
    NUMBER,
    SYMBOL,
    UNDEFINED,
    VARIABLE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    error,
)
from mettajit.grounded.registry import Op
from mettajit.interpreter.vocabulary import Bound
from mettajit.space.unify import rename_variables, substitute, unify

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

_BAD_ARG = Symbol("BadArgType")
_BAD_TYPE = Symbol("BadType")
_WRONG_ARGS = Symbol("IncorrectNumberOfArguments")
_EQ = Symbol("=")
_META = {Symbol: SYMBOL, Variable: VARIABLE, Expression: EXPRESSION, Grounded: GROUNDED}


class TypeMemos:
    """The type checker's memos for one interpreter (``Interpreter.type_memos``). Those that
    depend on the program (its rules, declarations, tokens, the current space) are valid
    for one world version (``Interpreter.world``, ``space.world``) and are emptied together
    when it changes (``current``); the laziness of parameter types and the spaces' flags do
    not depend on it."""

    __slots__ = (
        "calls", "calls_by_id", "checks", "expr_decls", "fn_types", "lazy", "sigs", "stamp"
    )

    def __init__(self) -> None:
        self.stamp = -1  # the world the memos below are valid for
        # types_of of ground calls, by structure and by identity (see types_of)
        self.calls: dict[Atom, list[Atom]] = {}
        self.calls_by_id: dict[int, tuple[Atom, list[Atom]]] = {}
        self.sigs: dict[Symbol, tuple[tuple[Atom, ...], Atom] | None] = {}  # _simple_sig
        self.fn_types: dict[Symbol, tuple[Atom, ...]] = {}  # Interpreter.function_types
        # check_call's outcome for calls it found fine, by the shape of the call (see
        # _shape): a call site evaluated again with other values is not checked again
        self.checks: dict[tuple[object, ...], tuple[tuple[Atom, ...], Atom]] = {}
        # the laziness of each parameter, by the parameter types of a function type
        self.lazy: dict[tuple[Atom, ...], tuple[bool, ...]] = {}
        # space uid -> whether it may declare the type of an expression, (: (f a) T)
        self.expr_decls: dict[int, bool] = {}

    def current(self, world: int) -> TypeMemos:
        """These memos, emptied first if ``world`` is not the one they were made in."""
        if world != self.stamp:
            self.calls.clear()
            self.calls_by_id.clear()
            self.sigs.clear()
            self.fn_types.clear()
            self.checks.clear()
            self.stamp = world
        return self


def arg_types(t: Atom) -> tuple[Atom, ...] | None:
    """The argument types of a function type ``(-> A B R)``; None for other types."""
    if type(t) is Expression and len(t.children) >= 2 and t.children[0] is ARROW:
        return t.children[1:-1]
    return None


def return_type(t: Atom) -> Atom:
    return t.children[-1]  # type: ignore[attr-defined, no-any-return]


def is_lazy(t: Atom) -> bool:
    """Arguments of these types are passed as they are written."""
    return t is ATOM or t is EXPRESSION


def returns_atom(op: Op) -> bool:
    """Results of an operation typed ``-> ... Atom`` are not evaluated again."""
    r = op.ret_type
    return r is ATOM or r is EXPRESSION


def metatype(interp: Interpreter, atom: Atom) -> Atom:
    if type(atom) is Symbol and (atom.name in interp.registry or atom.name in interp.tokens):
        return GROUNDED
    return _META[type(atom)]


def types_of(interp: Interpreter, atom: Atom) -> list[Atom]:
    """Every type the atom has (``[%Undefined%]`` when nothing is known)."""
    t = type(atom)
    if t is Grounded:
        v = atom.value  # type: ignore[attr-defined]
        if isinstance(v, Op):
            return [v.type]
        return [atom.type]  # type: ignore[attr-defined]
    if t is Symbol:
        op = interp.registry.ops.get(atom.name)  # type: ignore[attr-defined]
        if op is not None:
            return [op.type]
        tok = interp.tokens.get(atom.name)  # type: ignore[attr-defined]
        if tok is not None:
            return types_of(interp, tok)
        declared = interp.space.declared_types(atom)
        if declared:
            # each use of a polymorphic symbol has type variables of its own: the inner
            # Cons of (Cons (Cons a Nil) Nil) is (List $t1) and the outer's $t is that
            return [t if t.is_ground() else rename_variables(t) for t in declared]
        if atom is _EQ:
            tv = Variable.fresh("t")
            return [Expression((ARROW, tv, tv, UNDEFINED))]
        return [UNDEFINED]
    if t is Variable:
        return [UNDEFINED]
    ch = atom.children  # type: ignore[attr-defined]
    if not ch:
        return [UNDEFINED]
    head = ch[0]
    if type(head) is Symbol:
        op = interp.registry.ops.get(head.name)
        if op is not None and _numeric(op) and len(ch) == len(op.arg_types) + 1:
            for i in range(1, len(ch)):  # numbers into a numeric operation: the common case
                a = ch[i]
                if type(a) is not Grounded or (a.kind is not int and a.kind is not float):
                    break
            else:
                return [op.ret_type]
    if not atom.is_ground():
        return _nested_types(interp, atom, ch)  # type: ignore[arg-type]
    # A ground call's types, memoised for this world: they are asked again of every
    # nested call at every level of a chain, which made checking a chain as written
    # quadratic in its depth (arithmetic depth 100: 21 ms a query instead of 0.4 ms).
    # Looked up by identity first: a structural hit on an equal but distinct expression
    # (the same sub-chain built twice) compares the two whole, and would again at every
    # later lookup; the atom then joins the identity table (which holds it, so its id is
    # not reused while there).
    memo = interp.type_memos.current(interp.world.version)
    if len(memo.calls) + len(memo.calls_by_id) > _MEMO_MAX:
        memo.calls.clear()
        memo.calls_by_id.clear()
    same = memo.calls_by_id.get(id(atom))
    if same is not None:
        return list(same[1])
    got = memo.calls.get(atom)
    if got is None:
        got = _nested_types(interp, atom, ch)  # type: ignore[arg-type]
        if all(x.is_ground() for x in got):  # fresh type variables are not shared
            memo.calls[atom] = got
    else:
        memo.calls_by_id[id(atom)] = (atom, got)
    return list(got)


_MEMO_MAX = 100_000  # ground expressions whose types an interpreter keeps at most


def get_type(interp: Interpreter, atom: Atom) -> list[Atom]:
    """What ``get-type`` gives (every tier's): ``types_of``, but a symbol naming a special
    form that the space declares no type of has the reference's types of that form (its
    ``FormDef.types``, type variables fresh). Only ``get-type`` sees these: no call of a
    form is checked as written, and the type of a call of one stays ``%Undefined%``."""
    if type(atom) is Symbol:
        d = interp.forms.get(atom)
        if d is not None and d.types and not interp.space.declared_types(atom):
            return [t if t.is_ground() else rename_variables(t) for t in d.types]
    return types_of(interp, atom)


class _Nesting:
    """How deep ``types_of`` is in its own recursion (through the arguments of the atom
    asked), and the types a bottom-up pass has found, by ``id`` of the sub-expression."""

    __slots__ = ("depth", "known")

    def __init__(self) -> None:
        self.depth = 0
        self.known: dict[int, list[Atom]] | None = None


_NESTING = _Nesting()
_DEEP = 100  # levels of types_of's recursion before a bottom-up pass takes over


def _nested_types(interp: Interpreter, atom: Expression, ch: tuple[Atom, ...]) -> list[Atom]:
    """``_expression_types``, with the depth of Python's recursion bounded: the types of an
    expression are those of its arguments first, so an atom nested deeper than ``_DEEP``
    is typed bottom-up instead (``_types_bottom_up``), each level then recursing once."""
    nest = _NESTING
    known = nest.known
    if known is not None:
        got = known.get(id(atom))
        if got is not None:
            return list(got)
    if nest.depth > _DEEP:
        return _types_bottom_up(interp, atom)
    nest.depth += 1
    try:
        return _expression_types(interp, atom, ch)
    finally:
        nest.depth -= 1


def _types_bottom_up(interp: Interpreter, root: Expression) -> list[Atom]:
    """The types of ``root``, asked of its sub-expressions children first (an explicit
    stack, so any depth fits in memory): each ``types_of`` then finds the types of the
    arguments in ``known`` instead of recursing into them."""
    nest = _NESTING
    saved = nest.known, nest.depth
    known = nest.known if nest.known is not None else {}
    nest.known, nest.depth = known, 0
    try:
        stack: list[tuple[Expression, bool]] = [(root, False)]
        while stack:
            e, ready = stack.pop()
            if id(e) in known:
                continue
            if ready:
                known[id(e)] = types_of(interp, e)
                continue
            stack.append((e, True))
            for c in e.children:
                if type(c) is Expression and id(c) not in known:
                    stack.append((c, False))
        return list(known[id(root)])
    finally:
        nest.known, nest.depth = saved


def _expression_types(interp: Interpreter, atom: Expression, ch: tuple[Atom, ...]) -> list[Atom]:
    head = ch[0]
    if interp.types_expressions():
        declared = interp.space.declared_types(atom)  # (: (A B) PairAB)
        if declared:
            return declared
    out: list[Atom] = []
    applicable = False  # the head has a function type: an ill-typed call has no type
    for ft in types_of(interp, head):
        params = arg_types(ft)
        if params is None:
            continue
        applicable = True
        if len(params) != len(ch) - 1:
            continue
        b: dict[Variable, Atom] = {}
        for p, a in zip(params, ch[1:], strict=True):
            nb = _fits(interp, p, a, b)
            if nb is None:
                break
            b = nb
        else:
            out.append(_subst_type(return_type(ft), b))
    if out or applicable:
        return out
    return _tuple_types(interp, ch)


_TUPLE_TYPES_MAX = 64  # products of element types kept at most (each element may have several)


def _tuple_types(interp: Interpreter, ch: tuple[Atom, ...]) -> list[Atom]:
    """The types of an expression whose head is no function: as in hyperon 0.2.10, the
    tuples of its elements' types (``(: B (Distribution Bool))``: ``(B)`` is of type
    ``((Distribution Bool))``), or ``%Undefined%`` as soon as one element's type is. The
    head is asked first, so untyped data (``(Cons 1 ...)``) costs one lookup, not a walk."""
    rows: list[tuple[Atom, ...]] = [()]
    for c in ch:
        ts = [t for t in types_of(interp, c) if t is not UNDEFINED]
        if not ts:
            return [UNDEFINED]
        rows = [(*r, t) for r in rows for t in ts][:_TUPLE_TYPES_MAX]
    return [Expression(r) for r in rows]


def _subst_type(t: Atom, b: dict[Variable, Atom]) -> Atom:
    return substitute(t, b) if b else t


def _fits(
    interp: Interpreter, expected: Atom, atom: Atom, b: dict[Variable, Atom]
) -> dict[Variable, Atom] | None:
    """Bindings of type variables if ``atom`` may have type ``expected``; None if not.
    As the reference's ``check_if_function_type_is_applicable``: a meta-type parameter
    (``Expression``, ``Symbol``, ``Grounded``, ``Variable``) takes an atom of that kind;
    otherwise (and for an atom of another kind) the atom's types are matched, where
    ``%Undefined%`` and ``Atom`` fit everything: ``(car-atom 5)`` is a BadArgType, ``(car-atom
    a)`` is left to the operation, a call returning ``Atom`` fits any parameter."""
    if expected is UNDEFINED or expected is ATOM:
        return b
    if _META.get(type(atom)) is expected:
        return b
    for actual in types_of(interp, atom):
        if actual is UNDEFINED or actual is ATOM:
            return b
        u = unify(expected, actual, b)
        if u is not None:
            return u
    return None


def check_args(interp: Interpreter, call: Expression, params: tuple[Atom, ...]) -> Atom | None:
    """``(Error call (BadArgType i expected actual))`` for the first bad argument, else None."""
    b: dict[Variable, Atom] | None = {}
    for i, (p, a) in enumerate(zip(params, call.children[1:], strict=True), start=1):
        nb = _fits(interp, p, a, b or {})
        if nb is None:
            expected = _subst_type(p, b or {})
            actual = (types_of(interp, a) or [UNDEFINED])[0]
            return error(call, Expression((_BAD_ARG, Grounded(i, NUMBER), expected, actual)))
        b = nb
    return None


_NUMERIC_OPS: dict[str, bool] = {}


def _same_grounded_kind(args: tuple[Atom, ...]) -> bool:
    a, b = args[1], args[2]
    if type(a) is not Grounded or type(b) is not Grounded:
        return False
    ka, kb = a.kind, b.kind
    return ka is kb or (ka in (int, float) and kb in (int, float))


def _numeric(op: Op) -> bool:
    numeric = _NUMERIC_OPS.get(op.name)
    if numeric is None:
        params = op.arg_types
        numeric = _NUMERIC_OPS[op.name] = bool(params) and all(t is NUMBER for t in params)
    return numeric


def check_op_args(interp: Interpreter, op: Op, call: Expression) -> Atom | None:
    """Argument check of a grounded call; the common cases (numbers into numeric
    operations, two values of one kind into ``(-> $t $t ...)``) skip the general work."""
    numeric = _NUMERIC_OPS.get(op.name)
    if numeric is None:
        params = op.arg_types
        numeric = _NUMERIC_OPS[op.name] = bool(params) and all(t is NUMBER for t in params)
    args = call.children
    if numeric:
        for i in range(1, len(args)):
            a = args[i]
            if type(a) is not Grounded or (a.kind is not int and a.kind is not float):
                break
        else:
            return None
    elif len(args) == 3 and _same_grounded_kind(args):
        params = op.arg_types
        if len(params) == 2 and type(params[0]) is Variable and params[0] == params[1]:
            return None
    params = op.arg_types
    if not params or len(params) != len(args) - 1:
        return None
    return check_args(interp, call, params)


# ---------------------------------------------------------------------------------------
# Expected types (hyperon's ``metta atom type``)

_META_TYPES = (SYMBOL, GROUNDED, VARIABLE, EXPRESSION)


def informative(t: Atom) -> bool:
    """Whether evaluating with expected type ``t`` can reject anything."""
    return t is not UNDEFINED and t is not ATOM and type(t) is not Variable


def match_ret(ret: Atom, expected: Atom, b: dict[Variable, Atom]) -> dict[Variable, Atom] | None:
    """The reference's ``match_types``: %Undefined% and Atom fit everything."""
    if ret is UNDEFINED or expected is UNDEFINED or ret is ATOM or expected is ATOM:
        return b
    return unify(ret, expected, b)


def app_error(interp: Interpreter, atom: Atom, otherwise: Atom | None = None) -> Atom | None:
    """The error of an ill-typed call inside an argument (``(h "a")`` in ``(h (h "a"))``):
    the reference reports the inner call, not the outer one; ``otherwise`` if there is
    none. A loop, not a recursion through ``check_call``, so a chain of ill-typed calls
    100,000 deep is fine: the first error found inside is the answer whatever the calls
    around it, so going one call deeper forgets the one around it."""
    while type(atom) is Expression and atom.children:
        deeper: _Deeper | None = None
        for ft in types_of(interp, atom.children[0]):
            params = arg_types(ft)
            if params is None:
                continue
            if len(params) != len(atom.children) - 1:
                return error(atom, _WRONG_ARGS)
            r = _check_call(interp, atom, params, return_type(ft), UNDEFINED)
            if isinstance(r, _Deeper):
                deeper = r
                break
            if not isinstance(r, tuple):
                return r
        if deeper is None:
            return otherwise
        atom, otherwise = deeper.atom, deeper.otherwise
    return otherwise


class _Deeper:
    """``_check_call``'s answer when an argument is an ill-typed call: the error is that
    of ``app_error(atom)``, or ``otherwise`` (the BadArgType of the call around)."""

    __slots__ = ("atom", "otherwise")

    def __init__(self, atom: Atom, otherwise: Atom) -> None:
        self.atom = atom
        self.otherwise = otherwise


def _simple_sig(interp: Interpreter, head: Symbol) -> tuple[tuple[Atom, ...], Atom] | None:
    """``(params, ret)`` when the only declared type of ``head`` is ``(-> P1 .. Pn R)``
    with every ``Pi`` a symbol; memoised for the world (``TypeMemos.sigs``)."""
    sp = interp.space
    sigs = interp.type_memos.current(interp.world.version).sigs
    try:
        return sigs[head]
    except KeyError:
        pass
    sig = None
    declared = sp.declared_types(head)
    if not declared and head is not _EQ:
        sig = _UNTYPED  # types_of(head) is [%Undefined%]: so is that of any call of it
    elif len(declared) == 1:
        params = arg_types(declared[0])
        if params is not None and all(type(p) is Symbol for p in params):
            sig = (params, return_type(declared[0]))
    sigs[head] = sig
    return sig


_UNTYPED: tuple[tuple[Atom, ...], Atom] = ((), UNDEFINED)  # _simple_sig: no declared type
_NUM_ARITY: dict[str, int] = {}  # op name -> its arity if numeric (all Number), else -1


def _shallow_type(interp: Interpreter, atom: Atom) -> Atom | None:
    """``T`` when ``types_of(interp, atom) == [T]`` for a grounded value or numbers into a
    numeric operation; None for anything else."""
    t = type(atom)
    if t is Grounded:
        v = atom.value  # type: ignore[attr-defined]
        return v.type if isinstance(v, Op) else atom.type  # type: ignore[attr-defined]
    if t is not Expression:
        return None
    ch = atom.children  # type: ignore[attr-defined]
    if not ch or type(ch[0]) is not Symbol:
        return None
    op = interp.registry.ops.get(ch[0].name)
    if op is None:
        return None
    n = _NUM_ARITY.get(op.name)
    if n is None:
        n = _NUM_ARITY[op.name] = len(op.arg_types) if _numeric(op) else -1
    if n != len(ch) - 1:
        return None
    for i in range(1, len(ch)):
        a = ch[i]
        if type(a) is not Grounded or (a.kind is not int and a.kind is not float):
            return None
    return op.ret_type


def _simple_type(interp: Interpreter, atom: Atom, deep: bool = True) -> Atom | None:
    """``T`` when ``types_of(interp, atom) == [T]`` is quick to know, else None: a grounded
    value; numbers into a numeric operation; (``deep``) a call of a symbol with no declared
    type (``%Undefined%``) or of a function whose one
    declared type has symbol parameters, each argument being one of the former with
    exactly that type. One level only: a deeper chain is left to ``types_of``'s memo."""
    st = _shallow_type(interp, atom)
    if st is not None or not deep or type(atom) is not Expression:
        return st
    ch = atom.children
    if not ch:
        return None
    head = ch[0]
    if (
        type(head) is not Symbol
        or head.name in interp.registry.ops
        or head.name in interp.tokens
        or interp.types_expressions()
    ):
        return None
    sig = _simple_sig(interp, head)
    if sig is None:
        return None
    if sig is _UNTYPED:
        return UNDEFINED
    params = sig[0]
    if len(params) != len(ch) - 1:
        return None
    for i in range(len(params)):
        if _shallow_type(interp, ch[i + 1]) is not params[i]:
            return None
    return sig[1]


_GROUNDED_SHAPE = object()  # tags a grounded atom's shape (never an atom's)
_VARIABLE_SHAPE = object()
_SHAPE_MAX = 16  # atoms in a call whose shape is taken at most (a walk that gives up
# costs up to this many steps on every check, when the check itself costs about as much)


def _shape(call: Expression) -> tuple[object, ...] | None:
    """What the check of ``call`` as written depends on, when no expression's type is
    declared: each symbol itself, each grounded atom's type, a variable as any variable,
    an expression as the shapes of its children (None when ``call`` is too big to be
    worth it). Two calls of one shape get the same outcome from ``_check_call``: every
    type it asks of an argument (``types_of``, ``_fits``, ``_simple_type``) is made of
    those; so the check made once for a call site holds for its later values.

    A call that is too big (a list walked by a rule: ``(+ $h (sum (Cons ...)))``) is met
    on every check, so its size is counted first, building nothing: giving up costs
    0.9 us instead of 2.9 (a walk that built the shape and raised when the budget ran
    out); a shape taken costs ~0.1 us more."""
    budget = _SHAPE_MAX - len(call.children)
    todo = [a.children for a in call.children if type(a) is Expression]
    while todo:
        children = todo.pop()
        budget -= len(children)
        if budget < 0:
            return None
        for a in children:
            if type(a) is Expression:
                todo.append(a.children)
    return _shape_of(call.children)


def _shape_of(children: tuple[Atom, ...]) -> tuple[object, ...]:
    """``_shape`` of children whose size was counted."""
    out: list[object] = []
    for a in children:
        t = type(a)
        if t is Grounded:
            v = a.value  # type: ignore[attr-defined]
            out.append((_GROUNDED_SHAPE, v.type if isinstance(v, Op) else a.type))  # type: ignore[attr-defined]
        elif t is Expression:
            out.append(_shape_of(a.children))  # type: ignore[attr-defined]
        elif t is Variable:
            out.append(_VARIABLE_SHAPE)
        else:
            out.append(a)
    return tuple(out)


def check_call(
    interp: Interpreter, call: Expression, params: tuple[Atom, ...], ret: Atom, expected: Atom
) -> Atom | tuple[tuple[Atom, ...], Atom]:
    """Check a call as written against a function type (the reference's
    ``check_if_function_type_is_applicable``). An Error atom, or the argument types and
    the return type with the type variables the check bound."""
    memo = interp.type_memos
    world = interp.world.version
    if memo.stamp != world:
        memo.current(world)
    key = None
    if not interp.types_expressions():
        shape = _shape(call)
        if shape is not None:
            key = (expected, ret, params, shape)
            got = memo.checks.get(key)
            if got is not None:
                return got
    r = _check_call(interp, call, params, ret, expected)
    if key is not None and type(r) is tuple and (
        (r[0] is params and r[1] is ret)  # the types as given: their variables are theirs
        or (r[1].is_ground() and all(p.is_ground() for p in r[0]))  # no fresh variable
    ):
        if len(memo.checks) > _MEMO_MAX:
            memo.checks.clear()
        memo.checks[key] = r
    if isinstance(r, _Deeper):
        return app_error(interp, r.atom, r.otherwise)  # type: ignore[return-value]
    return r


def _check_call(
    interp: Interpreter, call: Expression, params: tuple[Atom, ...], ret: Atom, expected: Atom
) -> Atom | tuple[tuple[Atom, ...], Atom] | _Deeper:
    args = call.children
    if len(args) == len(params) + 1 and (
        expected is UNDEFINED or (expected is ret and type(ret) is Symbol)
    ):
        # fast path: each argument's one type is its (symbol) parameter, so each fits
        # binding nothing, and the return type fits the expectation as it is
        for i in range(len(params)):
            p = params[i]
            if type(p) is not Symbol:
                break
            st = _simple_type(interp, args[i + 1])
            if st is not p and st is not UNDEFINED:  # %Undefined% fits any parameter
                break
        else:
            return params, ret
    b: dict[Variable, Atom] = {}
    for i, (p, a) in enumerate(zip(params, call.children[1:], strict=True), start=1):
        nb = _fits(interp, p, a, b)
        if nb is None:
            ts = types_of(interp, a)
            actual = (ts or [UNDEFINED])[0]
            bad = Expression((_BAD_ARG, Grounded(i, NUMBER), _subst_type(p, b), actual))
            if not ts and type(a) is Expression and a.children:
                return _Deeper(a, error(call, bad))  # an error inside comes first
            return error(call, bad)
        b = nb
    rb = match_ret(ret, expected, b)
    if rb is None:
        return error(call, Expression((_BAD_TYPE, expected, ret)))
    if not rb:
        return params, ret
    return tuple(_subst_type(p, rb) for p in params), _subst_type(ret, rb)


def cast(interp: Interpreter, value: Atom, expected: Atom) -> list[Atom]:
    """The reference's ``type_cast`` of an evaluated value: ``[value]`` if it may have the
    expected type, else ``(Error value (BadType expected actual))`` for each actual type."""
    t = type(value)
    if t is Grounded:
        k = value.kind  # type: ignore[attr-defined]
        if expected is NUMBER and (k is int or k is float):
            return [value]
    elif t is Variable:
        return [value]
    elif t is Expression:
        ch = value.children  # type: ignore[attr-defined]
        if not ch or ch[0] is ERROR or expected is EXPRESSION:
            return [value]
        # only a function application is checked: its return type against the expected
        if not any(arg_types(ft) is not None for ft in types_of(interp, ch[0])):
            return [value]
    if expected in _META_TYPES and metatype(interp, value) is expected:
        return [value]
    ts = types_of(interp, value)
    if not ts:
        return [value]
    for a in ts:
        if a is UNDEFINED or match_ret(expected, a, {}) is not None:
            return [value]
    return [error(value, Expression((_BAD_TYPE, expected, a))) for a in ts]


def cast_results(interp: Interpreter, results: list[Atom], expected: Atom) -> list[Atom]:
    """``cast`` of every result (``Bound`` ones keep their bindings), then the reference's
    ``check_alternatives``: errors are dropped when there is any other result."""
    out: list[Atom] = []
    bad = False
    for r in results:
        a = r.atom if type(r) is Bound else r
        c = cast(interp, a, expected)
        if len(c) == 1 and c[0] is a:
            out.append(r)
            if type(a) is Expression and a.children and a.children[0] is ERROR:
                bad = True
            continue
        bad = True
        out.extend(Bound(x, r.b) if type(r) is Bound else x for x in c)
    if bad:
        return check_alternatives(out)
    return out


def check_alternatives(results: list[Atom]) -> list[Atom]:
    """Errors among results are dropped when there is any other result."""
    def is_error(r: Atom) -> bool:
        a = r.atom if type(r) is Bound else r
        return type(a) is Expression and bool(a.children) and a.children[0] is ERROR

    ok = [r for r in results if not is_error(r)]
    return ok if ok else results


def check_op_call(
    interp: Interpreter, op: Op, call: Expression, expected: Atom
) -> Atom | tuple[tuple[Atom, ...], Atom]:
    """``check_call`` of a grounded operation; numbers into a numeric operation (the
    common case) skip the general work."""
    numeric = _NUMERIC_OPS.get(op.name)
    if numeric is None:
        params = op.arg_types
        numeric = _NUMERIC_OPS[op.name] = bool(params) and all(t is NUMBER for t in params)
    params = op.arg_types
    ret = op.ret_type
    if numeric and (expected is UNDEFINED or expected is ret):
        args = call.children
        for i in range(1, len(args)):
            a = args[i]
            if type(a) is not Grounded or (a.kind is not int and a.kind is not float):
                break
        else:
            return params, ret
    return check_call(interp, call, params, ret, expected)


def bind_type_vars(
    interp: Interpreter, types: tuple[Atom, ...], i: int, value: Atom
) -> tuple[Atom, ...]:
    """After argument ``i`` evaluated to ``value``: a type variable its declared type is
    bound to the value's type, in the types of the other arguments (the reference casts
    each argument in turn with the bindings so far: ``(== (foo) 1)`` with ``(foo)`` a
    String makes the ``$t`` of ``(-> $t $t Bool)`` String)."""
    p = types[i]
    if type(p) is not Variable:
        return types
    for a in types_of(interp, value):
        if a is not UNDEFINED:
            return tuple(_subst_type(x, {p: a}) if j > i else x for j, x in enumerate(types))
    return types
