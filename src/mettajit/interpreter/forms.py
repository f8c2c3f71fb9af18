"""Special forms of tier 0: the operations that decide themselves what to evaluate.

Each form is declared once, ``@FORMS.form(name, *arities, type=..., quiet=...)``: that is
its descriptor (``formdef.FormDef``), with the reference's type of it (what ``get-type``
gives). Its function takes the interpreter and the whole (unevaluated) expression and
returns what ``Interpreter._frame`` returns: a list of results, an ``(EVAL_TAIL, atom)``
request, or a generator frame (see ``vocabulary``). Their laziness mirrors the reference's
types: e.g. ``(: if (-> Bool Atom Atom $t))`` evaluates the condition only.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mettajit.atoms.api import atoms_are_equivalent
from mettajit.atoms.core import (
    ARROW,
    BOOL,
    EMPTY_SYM,
    ERROR,
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
    string,
    variables,
)
from mettajit.atoms.printer import format_atom
from mettajit.interpreter import typecheck
from mettajit.interpreter.formdef import FormTable, one_step_rules
from mettajit.interpreter.runtime_ops import query, types_in, types_match
from mettajit.interpreter.vocabulary import (
    EVAL_B,
    EVAL_TAIL,
    Bound,
    Frame,
    Results,
    compose,
    drop_empty,
    invoke,
    not_tail,
)
from mettajit.space import Space
from mettajit.space.unify import rename_variables, substitute, unify

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

FORMS = FormTable()

_WRONG_ARGS = Symbol("IncorrectNumberOfArguments")
_BAD_ARG = Symbol("BadArgType")
_RETURN = Symbol("return")
_QUOTE = Symbol("quote")


def is_err(a: Atom) -> bool:
    return type(a) is Expression and len(a.children) > 1 and a.children[0] is ERROR


def _eval(interp: Interpreter, atom: Atom) -> Any:
    """A frame-yieldable request to evaluate ``atom`` (quick path for plain atoms)."""
    return atom


# ---------------------------------------------------------------------------------------
# Control


@FORMS.form("if", 3, type="(-> Bool Atom Atom $t)", quiet=True)
def form_if(interp: Interpreter, expr: Expression) -> Frame:
    """``(if cond then else)``: evaluate cond; then the chosen branch, as a tail call."""
    _, cond, then, other = expr.children
    if not cond.is_ground():
        return (yield from _if_bound(interp, expr))
    results: Results = yield cond
    if len(results) == 1:
        c = results[0]
        if c is TRUE:
            yield (EVAL_TAIL, then)
        if c is FALSE:
            yield (EVAL_TAIL, other)
    out: Results = []
    for c in results:
        if c is TRUE:
            out.extend((yield then))
        elif c is FALSE:
            out.extend((yield other))
        elif is_err(c):
            out.append(c)
        else:
            bad = _type_mismatch(interp, expr, 1, BOOL, c)
            out.append(bad if bad is not None else Expression((expr.children[0], c, then, other)))
    return out


def _if_bound(interp: Interpreter, expr: Expression) -> Frame:
    """``if`` whose condition has variables: bindings its evaluation gives apply to the
    branches and to the results, as in the reference (where ``if`` is a function)."""
    _, cond, then, other = expr.children
    out: Results = []
    for c in (yield (EVAL_B, cond)):
        b = None
        if type(c) is Bound:
            b, c = c.b, c.atom
        if c is TRUE or c is FALSE:
            branch = then if c is TRUE else other
            for r in (yield (EVAL_B, substitute(branch, b) if b else branch)):
                out.append(interp._bind(r, b) if b else r)
            continue
        if is_err(c):
            bad: Atom | None = c
        else:
            bad = _type_mismatch(interp, expr, 1, BOOL, c)
        if bad is None:
            bad = Expression((expr.children[0], c, then, other))
        out.append(interp._bind(bad, b) if b else bad)
    return out


def _type_mismatch(
    interp: Interpreter, expr: Expression, i: int, expected: Atom, value: Atom
) -> Atom | None:
    for t in typecheck.types_of(interp, value):
        if t is UNDEFINED or t is expected:
            return None
    actual = (typecheck.types_of(interp, value) or [UNDEFINED])[0]
    return error(expr, Expression((_BAD_ARG, Grounded(i, NUMBER), expected, actual)))


@FORMS.form("let", 3, type="(-> Atom %Undefined% Atom %Undefined%)", quiet=True)
def form_let(interp: Interpreter, expr: Expression) -> Frame:
    """``(let pattern value body)``: each result of value unified with pattern. As in the
    reference (where ``let`` is ``unify``), the bindings are not the body's alone: those
    the value's evaluation gave and those of the pattern apply to the body and also leave
    the ``let`` with its results (``(app (let $x 1 ok) $x)`` is ``(app ok 1)``), when the
    frame that asked for it takes bound results (``Interpreter.want_bound``). A value
    that evaluates to an Error (one not written as the value) is the let's result, the
    body not evaluated: the reference's rule for an argument of a typed function, let's
    being ``%Undefined%``."""
    want = interp.want_bound
    _, pattern, value, body = expr.children
    values: Results = yield (EVAL_B, value)
    bodies: list[tuple[Atom, dict[Variable, Atom] | None]] = []
    errors: Results = []
    for v in values:
        vb = None
        if type(v) is Bound:
            vb, v = v.b, v.atom
        if is_err(v) and v != value:
            errors.append(v)
            continue
        b = unify(substitute(pattern, vb) if vb else pattern, v)
        if b is None:
            continue
        if vb:
            b = compose(vb, b)
        bodies.append((substitute(body, b), b if want and b else None))
    if errors:
        return errors + (yield from not_tail(_bodies_bound(interp, expr, bodies)))
    return (yield from _bodies_bound(interp, expr, bodies))


def _bodies_bound(
    interp: Interpreter, expr: Expression, bodies: list[tuple[Atom, dict[Variable, Atom] | None]]
) -> Frame:
    """The results of ``bodies``, each with the bindings (restricted to the variables of
    ``expr``, the form as written) that it carries out of the form; a lone body carrying
    none is a tail call."""
    if len(bodies) == 1 and bodies[0][1] is None:
        yield (EVAL_TAIL, bodies[0][0])
    keep: set[Variable] | None = None
    out: Results = []
    for bd, b in bodies:
        if b is not None:
            if keep is None:
                keep = set(variables(expr))
            b = {k: v for k, v in b.items() if k in keep and v != k}
        if not b:
            out.extend((yield bd))
            continue
        for r in (yield (EVAL_B, bd)):
            out.append(interp._bind(r, b))
    return out


@FORMS.form("let*", 2, type="(-> Expression Atom %Undefined%)", quiet=True)
def form_let_star(interp: Interpreter, expr: Expression) -> Any:
    """``(let* ((p1 v1) (p2 v2) ...) body)``: nested lets."""
    _, pairs, body = expr.children
    if type(pairs) is not Expression:
        return [error(expr, _WRONG_ARGS)]
    if not pairs.children:
        return (EVAL_TAIL, body)
    first = pairs.children[0]
    if type(first) is not Expression or len(first.children) != 2:
        return [error(expr, _WRONG_ARGS)]
    rest = pairs.children[1:]
    inner = Expression((expr.children[0], Expression(rest), body)) if rest else body
    return (EVAL_TAIL, Expression((Symbol("let"), first.children[0], first.children[1], inner)))


@FORMS.form("chain", 3, type="(-> Atom Variable Atom %Undefined%)", quiet=True)
def form_chain(interp: Interpreter, expr: Expression) -> Frame:
    """``(chain atom $var template)``: evaluate atom, bind each result to $var (the
    binding stays inside: unlike ``let``'s, it does not leave the form)."""
    _, atom, var, template = expr.children
    values: Results = yield atom
    bodies = []
    for v in values:
        b = unify(var, v)
        if b is not None:
            bodies.append(substitute(template, b))
    if len(bodies) == 1:
        yield (EVAL_TAIL, bodies[0])
    out: Results = []
    for bd in bodies:
        out.extend((yield bd))
    return out


@FORMS.form("case", 2, type="(-> Atom Expression %Undefined%)", quiet=True)
def form_case(interp: Interpreter, expr: Expression) -> Frame:
    """``(case value ((pattern result) ...))``: the first matching case per result;
    ``Empty`` matches when value has no results. As in the reference (whose ``switch`` is
    ``unify``), a pattern's variables are the form's own, not renamed, and their bindings
    leave the form as ``let``'s do: ``(app (case 1 (($x ok))) $x)`` is ``(app ok 1)``."""
    want = interp.want_bound
    _, value, cases = expr.children
    values: Results = yield value
    if type(cases) is not Expression:
        return [error(expr, _WRONG_ARGS)]
    if not values:
        values = [EMPTY_SYM]
    bodies: list[tuple[Atom, dict[Variable, Atom] | None]] = []
    for v in values:
        for case in cases.children:
            if type(case) is not Expression or len(case.children) != 2:
                continue
            pat, tmpl = case.children
            b = unify(pat, v)
            if b is not None:
                bodies.append((substitute(tmpl, b), b if want and b else None))
                break
    return (yield from _bodies_bound(interp, expr, bodies))


@FORMS.form("switch", 2, type="(-> %Undefined% Expression %Undefined%)", quiet=True)
def form_switch(interp: Interpreter, expr: Expression) -> Any:
    return form_case(interp, expr)


@FORMS.form("unify", 4, type="(-> Atom Atom Atom Atom %Undefined%)")
def form_unify(interp: Interpreter, expr: Expression) -> Any:
    """``(unify a b then else)``: a and b as written; then/else evaluated. When ``a`` is a
    space (``&self``), ``b`` is a pattern queried in it: then for each match, else if none."""
    _, a, b, then, other = expr.children
    if type(a) is Symbol and a.name in interp.tokens:
        a = interp.tokens[a.name]
    if type(a) is Grounded and isinstance(a.value, Space):
        return _unify_space(interp, expr, a.value, b, then, other)
    u = unify(a, b)
    if u is None:
        return (EVAL_TAIL, other)
    if u and interp.want_bound:
        # the bindings leave the form with then's results, as let's do
        return _bodies_bound(interp, expr, [(substitute(then, u), u)])
    return (EVAL_TAIL, substitute(then, u))


def _unify_space(
    interp: Interpreter, expr: Expression, space: Space, pattern: Atom, then: Atom, other: Atom
) -> Frame:
    """Each match's bindings apply to then, and leave the form with its results as
    ``match``'s do (``(_parent $x $p)`` binds the caller's ``$x``)."""
    want = interp.want_bound
    found = query(space, interp.resolve_tokens(pattern))
    if not found:
        yield (EVAL_TAIL, other)
    bodies = [(substitute(then, b), b if want and b else None) for b in found]
    return (yield from _bodies_bound(interp, expr, bodies))


@FORMS.form("if-equal", 4, type="(-> Atom Atom Atom Atom %Undefined%)")
def form_if_equal(interp: Interpreter, expr: Expression) -> Any:
    _, a, b, then, other = expr.children
    return (EVAL_TAIL, then if a == b else other)


@FORMS.form("id", 1, type="(-> $t $t)")
def form_id(interp: Interpreter, expr: Expression) -> Frame:
    """``(id x)``: as ``(= (id $x) $x)``: x's results, evaluated again."""
    results: Results = yield expr.children[1]
    if len(results) == 1:
        yield (EVAL_TAIL, results[0])
    out: Results = []
    for r in results:
        out.extend((yield r))
    return out


@FORMS.form(
    "if-decons-expr", 5, type="(-> Expression Variable Variable Atom Atom %Undefined%)"
)
def form_if_decons_expr(interp: Interpreter, expr: Expression) -> Any:
    """``(if-decons-expr expr $h $t then else)``: then with $h, $t the head and tail of a
    non-empty expression; else otherwise."""
    _, atom, hv, tv, then, other = expr.children
    if type(atom) is Expression and atom.children:
        parts = Expression((atom.children[0], Expression(atom.children[1:])))
        b = unify(Expression((hv, tv)), parts)
        if b is not None:
            return (EVAL_TAIL, substitute(then, b))
    return (EVAL_TAIL, other)


@FORMS.form("noeval", 1, type="(-> Atom Atom)")
def form_noeval(interp: Interpreter, expr: Expression) -> Results:
    """``(noeval x)``: x as written (``(-> Atom Atom)``)."""
    return [expr.children[1]]


@FORMS.form("Error", type="(-> Atom Atom ErrorType)")
def form_error(interp: Interpreter, expr: Expression) -> Results:
    """``(Error call reason)`` is data whose parts are not evaluated (``-> Atom Atom``);
    tokens in them are still replaced, as the reference's parser does."""
    return [interp.resolve_tokens(expr)]


@FORMS.form("switch-minimal", 2, type="(-> Atom Expression Atom)")
def form_switch_minimal(interp: Interpreter, expr: Expression) -> Results:
    """``(switch-minimal atom cases)``: neither the atom nor the chosen template is
    evaluated; no case matching gives no result."""
    _, atom, cases = expr.children
    if type(cases) is not Expression:
        return [error(expr, _BAD_ARG)]
    for case in cases.children:
        if type(case) is not Expression or len(case.children) != 2:
            continue
        fresh = rename_variables(case) if not case.is_ground() else case
        pat, tmpl = fresh.children  # type: ignore[attr-defined]
        b = unify(atom, pat)
        if b is not None:
            return [substitute(tmpl, b)]
    return []


@FORMS.form("quote", 1, type="(-> Atom Atom)", quiet=True)
def form_quote(interp: Interpreter, expr: Expression) -> Results:
    return [expr]


@FORMS.form("eval", 1, type="(-> Atom Atom)")
def form_eval(interp: Interpreter, expr: Expression) -> Frame:
    """One step: a grounded call or one rule rewrite; the result is not evaluated again."""
    return (yield from _one_step(interp, expr, expr.children[1], interp.space))


@FORMS.form("evalc", 2, type="(-> Atom SpaceType Atom)")
def form_evalc(interp: Interpreter, expr: Expression) -> Frame:
    """``(evalc atom space)``: ``eval`` with the rules of ``space`` (evaluated; the atom
    is not); a grounded call or a form is evaluated in that space."""
    spaces: Results = yield expr.children[2]
    out: Results = []
    for sp in spaces:
        if type(sp) is not Grounded or not isinstance(sp.value, Space):
            out.append(error(expr, Symbol(
                f"expected: (evalc <atom> <space>), found: {format_atom(expr)}")))
            continue
        call = Expression((expr.children[0], expr.children[1], sp))
        if sp.value is interp.space:
            out.extend((yield from _one_step(interp, call, expr.children[1], sp.value)))
            continue
        saved = interp.space
        interp.set_space(sp.value)
        try:
            out.extend((yield from _one_step(interp, call, expr.children[1], sp.value)))
        finally:
            interp.set_space(saved)
    return out


def _one_step(interp: Interpreter, expr: Expression, atom: Atom, space: Space) -> Frame:
    """What ``eval``/``evalc`` give for ``atom`` (``expr`` when nothing applies)."""
    if type(atom) is not Expression or not atom.children:
        return [expr]
    head = atom.children[0]
    if type(head) is Symbol:
        stdlib = one_step_rules(head)
        if stdlib is not None:
            # the reference's rewrite by its stdlib rule, and the user's rules of the head
            bodies = _rewrites(stdlib, atom)
            bodies.extend(_rewrites([r.atom for r in space.head_rules(
                (head, len(atom.children)))], atom))
            return [b for b in bodies if b is not _NOT_REDUCIBLE] or [expr]
        f = interp.forms.get(head)
        if f is not None:
            mine = space.head_rules((head, len(atom.children))) if f.by_rules else None
            if not mine:
                return (yield atom)
            # a built-in whose reference rule has a (function ...) body: that body is run
            # whole, and the user's rules of its head are one rewrite each, not evaluated
            out = list((yield from not_tail(f.evaluate(interp, atom))))
            return out + _rewrites([r.atom for r in mine], atom)
        op = interp.registry.ops.get(head.name)
        if op is not None:
            if not any(type(a) is Expression and a.children for a in atom.children[1:]):
                return (yield atom)  # nothing to evaluate first: the call is the step
            # one step of a grounded call: the operation on its arguments as written
            # (hyperon 0.2.10: (eval (+ 1 (+ 2 3))) stays as it is); what it gives is
            # not evaluated again
            ok, got = invoke(interp, op, atom.children[1:], atom)
            if not ok:
                return [expr if r is atom else r for r in got]
            return list(got) if op.multi else [got]
        rules = space.rules_for((head, len(atom.children)))
        bodies = []
        for rule in rules:
            fresh = rule.atom if rule.ground else rename_variables(rule.atom)
            u = unify(fresh.children[1], atom)  # type: ignore[attr-defined]
            if u is not None:
                bodies.append(substitute(fresh.children[2], u))  # type: ignore[attr-defined]
        if bodies:
            return bodies
    return [expr]


_NOT_REDUCIBLE = Symbol("NotReducible")


def _rewrites(rules: Sequence[Atom], atom: Atom) -> list[Atom]:
    """The bodies of the ``(= lhs body)`` rules whose lhs matches ``atom``."""
    out = []
    for r in rules:
        fresh = r if r.is_ground() else rename_variables(r)
        u = unify(fresh.children[1], atom)  # type: ignore[attr-defined]
        if u is not None:
            out.append(substitute(fresh.children[2], u))  # type: ignore[attr-defined]
    return out


@FORMS.form("function", 1, type="(-> Atom Atom)")
def form_function(interp: Interpreter, expr: Expression) -> Frame:
    """``(function body)``: evaluate body; ``(return x)`` results give x."""
    results: Results = yield expr.children[1]
    out = []
    for r in results:
        if type(r) is Expression and len(r.children) == 2 and r.children[0] is _RETURN:
            out.append(r.children[1])
        else:
            out.append(r)
    return out


@FORMS.form("sealed", 2, type="(-> Expression Atom Atom)")
def form_sealed(interp: Interpreter, expr: Expression) -> Results:
    """``(sealed ignored-vars atom)``: atom with every other variable renamed fresh."""
    _, keep, atom = expr.children
    kept = {a for a in (keep.children if type(keep) is Expression else ()) if type(a) is Variable}
    mapping = {v: v for v in kept}
    return [rename_variables(atom, mapping)]


@FORMS.form("if-error", 3, type="(-> Atom Atom Atom %Undefined%)")
def form_if_error(interp: Interpreter, expr: Expression) -> Any:
    """``(if-error atom then else)``: atom as written (``-> Atom ...``); then if it is an
    ``(Error ...)`` expression, else otherwise."""
    _, atom, then, other = expr.children
    return (EVAL_TAIL, then if is_err(atom) else other)


@FORMS.form("return-on-error", 2, type="(-> Atom Atom %Undefined%)")
def form_return_on_error(interp: Interpreter, expr: Expression) -> Any:
    """``(return-on-error atom then)``, for use inside ``function``: ``(return atom)`` when
    atom (as written) is ``Empty`` or an Error, else then."""
    _, atom, then = expr.children
    if atom is EMPTY_SYM or is_err(atom):
        return [Expression((_RETURN, atom))]
    return (EVAL_TAIL, then)


@FORMS.form("unquote", 1, type="(-> %Undefined% %Undefined%)")
def form_unquote(interp: Interpreter, expr: Expression) -> Frame:
    """``(unquote x)``: x evaluated; a ``(quote a)`` result gives a, evaluated."""
    out: Results = []
    for r in (yield expr.children[1]):
        if type(r) is Expression and len(r.children) == 2 and r.children[0] is _QUOTE:
            out.extend((yield r.children[1]))
        else:
            out.append(Expression((expr.children[0], r)))
    return out


@FORMS.form("atom-subst", 3, type="(-> Atom Variable Atom Atom)")
def form_atom_subst(interp: Interpreter, expr: Expression) -> Results:
    """``(atom-subst atom $var template)``: template with $var replaced by atom; nothing is
    evaluated."""
    _, atom, var, template = expr.children
    b = unify(var, atom) if type(var) is Variable else None
    return [error(expr, Symbol("NoReturn"))] if b is None else [substitute(template, b)]


@FORMS.form("for-each-in-atom", 2, type="(-> Expression Atom (->))")
def form_for_each_in_atom(interp: Interpreter, expr: Expression) -> Frame:
    """``(for-each-in-atom (a b ...) f)``: evaluates ``(f a)``, ``(f b)``... in order for
    their effects; ``()`` once per combination of their results."""
    _, items, fn = expr.children
    if type(items) is not Expression:  # the reference's car-atom fails on it
        car = Expression((Symbol("car-atom"), items))
        return [error(car, string("car-atom expects a non-empty expression as an argument"))]
    count = 1
    for item in items.children:
        count *= len((yield Expression((fn, item))))
        if not count:
            return []
    return [UNIT] * count


@FORMS.form("match-types", 4)
def form_match_types(interp: Interpreter, expr: Expression) -> Frame:
    """``(match-types t1 t2 then else)``: then if the types match (either is
    ``%Undefined%`` or ``Atom``, or they unify), else otherwise."""
    _, t1, t2, then, other = expr.children
    out: Results = []
    for a in (yield t1):
        for b in (yield t2):
            out.extend((yield then if types_match(a, b) else other))
    return out


@FORMS.form("match-type-or", 3)
def form_match_type_or(interp: Interpreter, expr: Expression) -> Frame:
    """``(match-type-or folded next type)``: ``(or folded <next and type match>)``, by
    the reference's stdlib rule: ``(chain (eval (match-types $next $type True False))
    $matched (chain (eval (or $folded $matched)) $or (return $or)))``. ``eval`` is one
    step, so a user's rule of ``match-types`` gives its body unevaluated there, and an
    ``or`` of a non-Bool is not reducible: the call is its own result."""
    out: Results = []
    for folded in (yield expr.children[1]):
        for nxt in (yield expr.children[2]):
            for typ in (yield expr.children[3]):
                test = Expression((Symbol("match-types"), nxt, typ, TRUE, FALSE))
                call = Expression((expr.children[0], folded, nxt, typ))
                for m in (yield from _one_step(interp, call, test, interp.space)):
                    if (folded is TRUE or folded is FALSE) and (m is TRUE or m is FALSE):
                        out.append(TRUE if TRUE in (folded, m) else FALSE)
                    else:
                        out.append(call)
    return out


@FORMS.form("first-from-pair", 1)
def form_first_from_pair(interp: Interpreter, expr: Expression) -> Frame:
    """``(first-from-pair (a b))`` is a."""
    out: Results = []
    for p in (yield expr.children[1]):
        if type(p) is Expression and len(p.children) == 2:
            out.append(p.children[0])
        else:
            call = Expression((expr.children[0], p))
            out.append(error(call, string("incorrect pair format")))
    return out


@FORMS.form("metta", 3, type="(-> Atom Type SpaceType Atom)")
def form_metta(interp: Interpreter, expr: Expression) -> Frame:
    """``(metta atom type space)``: atom evaluated (in the current space: the one space
    argument supported is it); the results are not evaluated again."""
    _, atom, _type, space = expr.children
    spaces: Results = yield space
    if not all(type(sp) is Grounded and sp.value is interp.space for sp in spaces):
        return [expr]
    out: Results = []
    for _ in spaces:
        out.extend((yield atom))
    return out


@FORMS.form("capture", 1, type="(-> Atom Atom)")
def form_capture(interp: Interpreter, expr: Expression) -> Any:
    """``(capture atom)``: atom evaluated in the current space."""
    return (EVAL_TAIL, expr.children[1])


# ---------------------------------------------------------------------------------------
# Nondeterminism


@FORMS.form("superpose", 1, type="(-> Expression %Undefined%)", quiet=True)
def form_superpose(interp: Interpreter, expr: Expression) -> Any:
    """``(superpose (a b c))``: each element, evaluated, is a result."""
    arg = expr.children[1]
    if type(arg) is not Expression:
        return [error(expr, Symbol("TypeError"))]
    items = list(arg.children)
    if all(type(a) is not Expression or not a.children for a in items):
        return [interp._quick(a)[0] for a in items]  # type: ignore[index]
    return interp._eval_all(items)


@FORMS.form("collapse", 1, type="(-> Atom Atom)", quiet=True)
def form_collapse(interp: Interpreter, expr: Expression) -> Frame:
    """``(collapse atom)``: all results of atom as one expression."""
    results: Results = yield expr.children[1]
    return [Expression(tuple(results))]


@FORMS.form("empty", 0, quiet=True)
def form_empty(interp: Interpreter, expr: Expression) -> Results:
    return []


def _collect_two(interp: Interpreter, expr: Expression) -> Frame:
    a: Results = yield expr.children[1]
    b: Results = yield expr.children[2]
    return [Expression((Expression(tuple(a)), Expression(tuple(b))))]


@FORMS.form("unique", 1, type="(-> Atom %Undefined%)")
def form_unique(interp: Interpreter, expr: Expression) -> Frame:
    results: Results = yield expr.children[1]
    out: Results = []
    for r in results:
        if r not in out:
            out.append(r)
    return out


@FORMS.form("union", 2, type="(-> Atom Atom %Undefined%)")
def form_union(interp: Interpreter, expr: Expression) -> Frame:
    a: Results = yield expr.children[1]
    b: Results = yield expr.children[2]
    return a + b


@FORMS.form("intersection", 2, type="(-> Atom Atom %Undefined%)")
def form_intersection(interp: Interpreter, expr: Expression) -> Frame:
    a: Results = yield expr.children[1]
    b: Results = yield expr.children[2]
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
            out.append(x)
    return out


@FORMS.form("subtraction", 2, type="(-> Atom Atom %Undefined%)")
def form_subtraction(interp: Interpreter, expr: Expression) -> Frame:
    a: Results = yield expr.children[1]
    b: Results = yield expr.children[2]
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            out.append(x)
    return out


class BindingsValue:
    """The bindings ``collapse-bind`` pairs a result with, printed as the reference prints
    its ``Bindings``: ``{  }`` when empty, ``{ $x <- 1, $y = $z }`` otherwise."""

    __slots__ = ("b",)

    def __init__(self, b: dict[Variable, Atom]) -> None:
        self.b = b

    def metta_repr(self) -> str:
        parts = []
        for v, a in self.b.items():
            op = " = " if type(a) is Variable else " <- "
            parts.append(f"{format_atom(v)}{op}{format_atom(a)}")
        return "{ " + ", ".join(parts) + " }"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BindingsValue) and self.b == other.b

    def __hash__(self) -> int:
        return hash(tuple(self.b.items()))


_BINDINGS_TYPE = Symbol("Bindings")


@FORMS.form("collapse-bind", 1, type="(-> Atom Expression)")
def form_collapse_bind(interp: Interpreter, expr: Expression) -> Frame:
    """``(collapse-bind atom)`` called from MeTTa, as the reference behaves at 0.2.10: the
    argument is evaluated and each result ``r`` gives its own ``((r {  }))``; no result of
    the argument, no result. The bindings are always empty here: the reference shows some
    (``$y <- 5`` for ``(unify $y 5 $y no)``) where its interpreter keeps them, not for a
    ``match``, and ours keeps them elsewhere."""
    out: Results = []
    empty = Grounded(BindingsValue({}), _BINDINGS_TYPE)
    for r in (yield expr.children[1]):
        out.append(Expression((Expression((r, empty)),)))
    return out


@FORMS.form("superpose-bind", 1, type="(-> Expression Atom)")
def form_superpose_bind(interp: Interpreter, expr: Expression) -> Results:
    arg = expr.children[1]
    if type(arg) is not Expression:
        return [error(expr, Symbol("TypeError"))]
    out = []
    for pair in arg.children:
        if type(pair) is Expression and len(pair.children) == 2:
            out.append(pair.children[0])
    return out


# ---------------------------------------------------------------------------------------
# Atoms as data, with evaluation inside


@FORMS.form("foldl-atom", 5, type="(-> Expression Atom Variable Variable Atom %Undefined%)")
def form_foldl(interp: Interpreter, expr: Expression) -> Frame:
    """``(foldl-atom list init $acc $x op)``."""
    _, lst, init, acc_var, x_var, op = expr.children
    lists: Results = yield lst
    inits: Results = yield init
    out: Results = []
    for lv in lists:
        if type(lv) is not Expression:
            out.append(error(expr, Symbol("TypeError")))
            continue
        accs = list(inits)
        for item in lv.children:
            nxt: Results = []
            for acc in accs:
                step = substitute(op, {acc_var: acc, x_var: item})  # type: ignore[dict-item]
                nxt.extend((yield step))
            accs = nxt
        out.extend(accs)
    return out


@FORMS.form("map-atom", 3, type="(-> Expression Variable Atom Expression)")
def form_map(interp: Interpreter, expr: Expression) -> Frame:
    """``(map-atom list $x template)``."""
    _, lst, var, tmpl = expr.children
    lists: Results = yield lst
    out: Results = []
    for lv in lists:
        if type(lv) is not Expression:
            out.append(error(expr, Symbol("TypeError")))
            continue
        combos: list[tuple[Atom, ...]] = [()]
        for item in lv.children:
            rs: Results = yield substitute(tmpl, {var: item})  # type: ignore[dict-item]
            combos = [(*c, r) for c in combos for r in rs]
        out.extend(Expression(c) for c in combos)
    return out


# The instructions of the reference's minimal interpreter (hyperon 0.2.10's
# ``interpreter.rs``, ``is_embedded_op``): an atom headed by one of these is run there; any
# other atom, in a place minimal MeTTa runs, is its own result, not evaluated.
MINIMAL_INSTRUCTIONS: frozenset[str] = frozenset({
    "eval", "evalc", "chain", "unify", "cons-atom", "decons-atom", "function",
    "collapse-bind", "superpose-bind", "metta", "context-space", "call-native",
})


def _minimal(atom: Atom) -> Frame:
    """``atom``'s results where the reference runs it as minimal MeTTa (``chain``'s first
    argument in a stdlib rule): an instruction is run, anything else is the result as it is."""
    if (type(atom) is Expression and atom.children and type(atom.children[0]) is Symbol
            and atom.children[0].name in MINIMAL_INSTRUCTIONS):
        return (yield atom)
    return [atom]


@FORMS.form("filter-atom", 3, type="(-> Expression Variable Atom Expression)")
def form_filter(interp: Interpreter, expr: Expression) -> Frame:
    """``(filter-atom list $x predicate)``, as the reference's stdlib rule: the predicate
    of each item is run as minimal MeTTa (``(chain $filter-expr $is-filtered ...)``), so
    ``(> $x 3)`` is not evaluated, ``(eval (> $x 3))`` is. A result that is neither True
    nor False makes the call ``(Error (filter-atom <the list from that item> $x
    predicate) NoReturn)`` (the first such item's: the Error bubbles out of the kept
    items). Each item's results multiply the results, as there."""
    _, lst, var, pred = expr.children
    lists: Results = yield lst
    out: Results = []
    for lv in lists:
        if type(lv) is not Expression:
            out.append(error(expr, Symbol("TypeError")))
            continue
        items = lv.children
        combos: list[tuple[tuple[Atom, ...], Atom | None]] = [((), None)]
        for i, item in enumerate(items):
            rs: Results = yield from _minimal(substitute(pred, {var: item}))  # type: ignore[dict-item]
            nxt: list[tuple[tuple[Atom, ...], Atom | None]] = []
            for r in rs:  # the later item's results vary slowest, as there
                for kept, err in combos:
                    if err is not None:
                        nxt.append((kept, err))
                    elif r is TRUE:
                        nxt.append(((*kept, item), None))
                    elif r is FALSE:
                        nxt.append((kept, None))
                    else:
                        call = Expression((expr.children[0], Expression(items[i:]), var, pred))
                        nxt.append((kept, error(call, Symbol("NoReturn"))))
            combos = nxt
        out.extend(err if err is not None else Expression(kept) for kept, err in combos)
    return out


# ---------------------------------------------------------------------------------------
# Types


@FORMS.form("get-type", 1, 2, type="(-> Atom %Undefined%)")
def form_get_type(interp: Interpreter, expr: Expression) -> Any:
    return _types_result(interp, typecheck.get_type(interp, expr.children[1]))


def _types_result(interp: Interpreter, ts: Results) -> Any:
    # as in the reference, a type is evaluated: (VecN $t (+ $x 1)) becomes (VecN String 1)
    if any(type(t) is Expression and t.children and t.children[0] is not ARROW for t in ts):
        return interp._eval_all(ts)
    return ts


@FORMS.form("get-type-space", 2, type="(-> SpaceType Atom Atom)")
def form_get_type_space(interp: Interpreter, expr: Expression) -> Frame:
    """``(get-type-space space atom)``: get-type with the types declared in space."""
    _, space, atom = expr.children
    out: Results = []
    for sp in (yield space):
        if not (type(sp) is Grounded and isinstance(sp.value, Space)):
            out.append(Expression((expr.children[0], sp, atom)))
            continue
        out.extend((yield from _types_in(interp, sp.value, atom)))
    return out


def _types_in(interp: Interpreter, space: Space, atom: Atom) -> Frame:
    r = _types_result(interp, types_in(interp, space, atom))
    return r if type(r) is list else (yield from r)


@FORMS.form("get-metatype", 1, type="(-> Atom Atom)")
def form_get_metatype(interp: Interpreter, expr: Expression) -> Results:
    return [typecheck.metatype(interp, expr.children[1])]


# ---------------------------------------------------------------------------------------
# Testing


def multiset_equal(
    a: Results, b: Results, same: Callable[[Atom, Atom], bool] = operator.eq
) -> bool:
    """The two result lists hold the same atoms, counted, in any order."""
    rest = list(b)
    for x in a:
        for i, y in enumerate(rest):
            if same(x, y):
                del rest[i]
                break
        else:
            return False
    return not rest


alpha_equal = atoms_are_equivalent  # equal up to a consistent renaming of variables


def multiset_alpha_equal(a: Results, b: Results) -> bool:
    """``multiset_equal`` up to a consistent renaming of variables."""
    return multiset_equal(a, b, alpha_equal)


def assert_message(
    expected: Results, got: Results, same: Callable[[Atom, Atom], bool] = operator.eq
) -> Atom:
    """The reference's report of a failed assertion: both result lists, then what is
    missed and what is excessive, counted (``same`` is the assertion's equality)."""

    def show(rs: Results) -> str:
        return "[" + ", ".join(format_atom(r) for r in rs) + "]"

    text = f"\nExpected: {show(expected)}\nGot: {show(got)}"
    diff = results_diff(got, expected, same)
    return string(f"{text}\n{diff}" if diff else text)


def results_diff(
    got: Results, expected: Results, same: Callable[[Atom, Atom], bool] = operator.eq
) -> str:
    """``Missed results: ...`` and ``Excessive results: ...`` lines, as the reference's
    ``compare_vec_no_order`` writes them: distinct atoms in order of first appearance
    (the actual results first), each repeated as often as its counts differ."""
    entries: list[list[Any]] = []  # [atom, times got, times expected]
    for i, rs in ((1, got), (2, expected)):
        for r in rs:
            for e in entries:
                if same(e[0], r):
                    e[i] += 1
                    break
            else:
                entry: list[Any] = [r, 0, 0]
                entry[i] = 1
                entries.append(entry)
    missed = [format_atom(e[0]) for e in entries for _ in range(e[2] - e[1])]
    excessive = [format_atom(e[0]) for e in entries for _ in range(e[1] - e[2])]
    lines = []
    if missed:
        lines.append("Missed results: " + ", ".join(missed))
    if excessive:
        lines.append("Excessive results: " + ", ".join(excessive))
    return "\n".join(lines)


def _assert(interp: Interpreter, expr: Expression, with_msg: bool, alpha: bool) -> Frame:
    got: Results = yield expr.children[1]
    # ``Empty`` expected is no result, as the reference's collapse of it gives
    want: Results = drop_empty((yield expr.children[2]))
    same = multiset_alpha_equal(got, want) if alpha else multiset_equal(got, want)
    if same:
        return [UNIT]
    if with_msg:
        return [error(Expression(expr.children[:3]), expr.children[3])]
    return [error(expr, assert_message(want, got, alpha_equal if alpha else operator.eq))]


def _assert_to_result(interp: Interpreter, expr: Expression, with_msg: bool) -> Frame:
    got: Results = yield expr.children[1]
    spec = expr.children[2]
    want = list(spec.children) if type(spec) is Expression else [spec]
    if multiset_alpha_equal(got, want):
        return [UNIT]
    if with_msg:
        return [error(Expression(expr.children[:3]), expr.children[3])]
    return [error(expr, assert_message(want, got, alpha_equal))]


# the assertions: (assert<kind> got want) and (assert<kind>Msg got want message)
_A2, _A3 = "(-> Atom Atom (->))", "(-> Atom Atom Atom (->))"
for _name, _type, _fn in (
    ("assertEqual", _A2, lambda i, e: _assert(i, e, False, False)),
    ("assertEqualMsg", _A3, lambda i, e: _assert(i, e, True, False)),
    ("assertAlphaEqual", _A2, lambda i, e: _assert(i, e, False, True)),
    ("assertAlphaEqualMsg", _A3, lambda i, e: _assert(i, e, True, True)),
    ("assertEqualToResult", _A2, lambda i, e: _assert_to_result(i, e, False)),
    ("assertEqualToResultMsg", _A3, lambda i, e: _assert_to_result(i, e, True)),
    ("assertAlphaEqualToResult", _A2, lambda i, e: _assert_to_result(i, e, False)),
    ("assertAlphaEqualToResultMsg", _A3, lambda i, e: _assert_to_result(i, e, True)),
):
    FORMS.define(_name, _fn, 2 if _type is _A2 else 3, type=_type)


@FORMS.form("assertIncludes", 2, type="(-> Atom Expression (->))")
def form_assert_includes(interp: Interpreter, expr: Expression) -> Frame:
    """``(assertIncludes expr (a b))``: a and b are among the results of expr."""
    got: Results = yield expr.children[1]
    spec = expr.children[2]
    want = list(spec.children) if type(spec) is Expression else [spec]
    rest = list(got)
    missing: list[Atom] = []
    for w in want:
        for i, g in enumerate(rest):
            if g == w:
                del rest[i]
                break
        else:
            missing.append(w)
    if not missing:
        return [UNIT]
    detail = Expression((
        Symbol("assertIncludes"), Symbol("error:"), Expression(tuple(missing)),
        Symbol("not"), Symbol("included"), Symbol("in"), Symbol("result:"),
        Expression(tuple(got)),
    ))
    return [error(expr, detail)]


@FORMS.form("assert", 1, type="(-> Atom (->))")
def form_assert(interp: Interpreter, expr: Expression) -> Frame:
    """``(assert cond)``: ``()`` for each True result, an Error for any other."""
    cond = expr.children[1]
    out: Results = []
    for r in (yield cond):
        if r is TRUE:
            out.append(UNIT)
        else:
            out.append(error(expr, Expression((cond, Symbol("not"), TRUE))))
    return out

