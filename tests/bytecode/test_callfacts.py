"""The facts the tier 1 compiler's call decisions rest on (``bytecode.callfacts``), each
asked of small programs where it holds and where it does not."""

from __future__ import annotations

from mettajit.atoms.core import Atom, Expression
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.callfacts import CallFacts, casts_value, disjoint
from support import interpreter

_PROGRAM = """
(= (inc $x) (+ $x 1))
(= (two) 1)
(= (two) 2)
(= (say $x) (println! $x))
(= (len Nil) 0)
(= (len (Cons $h $t)) (+ 1 (len $t)))
(= (loop $x) (loop $x))
(: fib (-> Number Number))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
"""


def _facts(program: str = _PROGRAM) -> CallFacts:
    return CallFacts(interpreter(program))


# the facts are memoised by identity, for the atoms of one unit: kept alive here, as a
# unit keeps its atoms (a freed atom's id may be another's)
_KEEP: list[Atom] = []


def _a(text: str) -> Atom:
    atom = parse_atom(text)
    _KEEP.append(atom)
    return atom


def _args(text: str) -> tuple[Atom, ...]:
    call = _a(text)
    assert isinstance(call, Expression)
    return call.children[1:]


def test_pure_one_result_no_effect() -> None:
    f = _facts()
    assert f.pure(_a("(inc 1)"))
    assert f.pure(_a("(len (Cons 1 Nil))"))  # disjoint heads, pure bodies
    assert f.pure(_a("(loop 1)"))  # recursion is assumed pure (it runs forever)
    assert not f.pure(_a("(two)"))  # two results
    assert not f.pure(_a("(say 1)"))  # an effect
    assert not f.pure(_a("(superpose (1 2))"))


def test_quiet_no_effect_no_state() -> None:
    f = _facts()
    assert f.quiet(_a("(two)"))  # several results, but no effect
    assert f.quiet(_a("(collapse (two))"))
    assert not f.quiet(_a("(superpose (1 2))"))  # a tuple (a non-symbol head): not known
    assert f.quiet(_a("(if (< 1 2) (two) (inc 3))"))
    assert not f.quiet(_a("(say 1)"))
    assert not f.quiet(_a("(println! 1)"))
    assert not f.quiet(_a("&self"))  # a token reads state


def test_skippable_and_may_be_error() -> None:
    f = _facts()
    assert f.skippable(_a("(+ 1 (* 2 $x))"))
    assert not f.skippable(_a("(inc 1)"))  # a call may have an effect
    assert f.may_be_error(_a("$x")) and f.may_be_error(_a("(inc 1)"))
    assert not f.may_be_error(_a("42")) and not f.may_be_error(_a("Nil"))


def test_reruns_needs_several_results_then_a_visible_argument() -> None:
    f = _facts()
    ch = _args("(f (two) (say 1))")
    assert f.reruns(ch)
    assert not f.reruns(_args("(f (two) (inc 1))"))
    assert not f.reruns(_args("(f (say 1) (two))"))  # the effect comes first
    assert not f.reruns(ch, (False, True))  # the later one is passed as data


def test_static_arith_types_a_chain() -> None:
    f = _facts()
    num = _a("Number")
    assert f.static_arith(_a("(+ $x (* 2 $y))")) == num
    assert f.static_arith(_a('(+ 1 "s")')) is None  # ill-typed as written
    assert f.static_arith(_a("(inc 1)")) is None  # not a dedicated operation


def test_checked_variables_of_a_typed_nest() -> None:
    f = _facts()
    num = _a("Number")
    got = f.checked(_a("(fib (- $n 1))"), num)
    assert got == frozenset({(_a("$n"), num)})
    assert f.checked(_a("(inc $n)"), num) is None  # untyped: cast, not checked
    assert f.checked(_a("$n"), _a("%Undefined%")) == frozenset()


def test_typed_plain_and_led() -> None:
    f = _facts()
    plus = f.interp.registry.ops["+"]
    fib_sum = _a("(+ (fib (- $n 1)) (fib (- $n 2)))")
    assert isinstance(fib_sum, Expression)
    assert f.typed_plain(fib_sum, plus)  # led by the first call's check
    types = tuple(plus.arg_types)
    assert f.led(fib_sum, plus, types)
    mixed = _a("(+ (fib $n) (say $n))")
    assert isinstance(mixed, Expression)
    assert not f.led(mixed, plus, types)


def test_typed_fn_plain() -> None:
    f = _facts()
    ft = f.interp.function_type(_a("fib"))  # type: ignore[arg-type]
    assert ft is not None
    assert f.typed_fn_plain(_a("(fib (- $n 1))"), ft)  # type: ignore[arg-type]
    assert not f.typed_fn_plain(_a("(fib (inc $n))"), ft)  # type: ignore[arg-type]
    assert not f.typed_fn_plain(_a('(fib "s")'), ft)  # type: ignore[arg-type]


def test_plain_types_no_expression_subjects() -> None:
    assert _facts().plain_types()
    assert not _facts("(: (f 1) Number)").plain_types()


def test_disjoint_rule_heads() -> None:
    assert disjoint(_a("(len Nil)"), _a("(len (Cons $h $t))"))
    assert not disjoint(_a("(f $x)"), _a("(f 1)"))


def test_casts_value_of_an_untyped_call() -> None:
    f = _facts()
    assert casts_value(f.interp, _call("(inc 1)"))  # untyped: tier 0 casts its value
    assert not casts_value(f.interp, _call("(fib 1)"))  # typed
    assert not casts_value(f.interp, _call("(+ 1 2)"))  # an operation
    assert not casts_value(f.interp, _call("(if True 1 2)"))  # a form


def _call(text: str) -> Expression:
    call = _a(text)
    assert isinstance(call, Expression)
    return call
