"""The call-plan pass (``bytecode.callplan``): the decision for a call site and for a
typed unit's call given its values, with the facts it rests on and its world."""

from __future__ import annotations

from mettajit.atoms.core import Atom, Expression, Grounded, num
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.callfacts import CallFacts
from mettajit.bytecode.callplan import (
    Decision,
    number_typed,
    plan_apply,
    plan_function,
    plan_grounded,
    typed_plan,
)
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.vm import VM
from mettajit.interpreter import Interpreter
from support import interpreter

_PROGRAM = """
(= (two) 1)
(= (two) 2)
(= (say $x) (println! $x))
(: fib (-> Number Number))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
(: q (-> Atom Number))
(= (q $x) 1)
(: lbl (-> Number Symbol))
(= (lbl $x) (two))
(= (untyped $x) $x)
"""

_KEEP: list[Atom] = []  # the facts are memoised by identity: the atoms stay alive


def _interp() -> Interpreter:
    return interpreter(_PROGRAM)


def _e(text: str) -> Expression:
    atom = parse_atom(text)
    assert isinstance(atom, Expression)
    _KEEP.append(atom)
    return atom


def test_grounded_call_sites() -> None:
    interp = _interp()
    f = CallFacts(interp)
    plus = interp.registry.ops["+"]
    p = plan_grounded(f, _e("(+ $x 1)"), plus)
    world = interp.world.version
    assert (p.decision, p.facts, p.world) == (Decision.CHECK, ("static_arith",), world)
    assert plan_grounded(f, _e("(+ 1 2 3)"), plus).facts == ("arity",)
    p = plan_grounded(f, _e("(+ (two) (say 1))"), plus)
    assert (p.decision, p.facts) == (Decision.TIER0, ("reruns",))
    assert plan_grounded(f, _e("(+ (fib $n) 1)"), plus).facts == ("typed_plain",)
    pl = interp.registry.ops["println!"]  # typed (-> %Undefined% (->)): checked, plain
    assert plan_grounded(f, _e("(println! (say 1))"), pl).decision is Decision.CHECK


def test_function_and_apply_call_sites() -> None:
    interp = _interp()
    f = CallFacts(interp)
    fib = interp.function_type(parse_atom("fib"))  # type: ignore[arg-type]
    assert plan_function(f, _e("(fib (- $n 1))"), fib).decision is Decision.CHECK
    assert plan_function(f, _e("(fib (two))"), fib).facts == ("not typed_fn_plain",)
    q = interp.function_type(parse_atom("q"))  # type: ignore[arg-type]
    assert plan_function(f, _e("(q 1)"), q).facts == ("lazy",)
    assert plan_function(f, _e("(untyped (two))"), None).decision is Decision.PLAIN
    assert plan_function(f, _e("(untyped (two) (say 1))"), None).decision is Decision.TIER0
    assert plan_apply(f, _e("((two) 1)")).decision is Decision.PLAIN


def test_typed_plan_decisions_given_values() -> None:
    interp = _interp()
    fib = parse_atom("fib")
    plan = typed_plan(interp, (fib, 2))
    assert plan.params == (parse_atom("Number"),) and plan.numbers is Decision.PLAIN
    assert plan.decide(interp, fib, [num(3)])[0] is Decision.PLAIN  # type: ignore[arg-type]
    # a string: check_call fails, tier 0 gives the error
    s = Grounded("s", parse_atom("String"))
    assert plan.decide(interp, fib, [s])[0] is Decision.TIER0  # type: ignore[arg-type]
    # an expression argument: tier 0 evaluates it
    assert plan.decide(interp, fib, [_e("(f 1)")])[0] is Decision.TIER0  # type: ignore[arg-type]
    lbl = parse_atom("lbl")
    # (lbl) returns an untyped call's value: plain with a cast to Symbol
    assert typed_plan(interp, (lbl, 2)).numbers is Decision.CAST
    assert typed_plan(interp, (parse_atom("untyped"), 2)).params is None  # untyped
    assert typed_plan(interp, (fib, 2)).refused().decide(interp, fib, [num(3)])[0] \
        is Decision.TIER0  # type: ignore[arg-type]


def test_number_typed_is_tier2s_guard() -> None:
    interp = _interp()
    assert number_typed(interp, (parse_atom("fib"), 2))
    assert not number_typed(interp, (parse_atom("lbl"), 2))  # returns a Symbol
    assert not number_typed(interp, (parse_atom("untyped"), 2))
    assert not number_typed(interp, (parse_atom("+"), 3))  # an operation


def test_a_plan_is_void_in_a_new_world() -> None:
    interp = _interp()
    plan = typed_plan(interp, (parse_atom("fib"), 2))
    interp.add_atom(parse_atom("(= (fib 0) 0)"))
    assert plan.world != interp.world.version


def test_the_vm_installs_code_and_learns_a_typed_units() -> None:
    vm = VM(_interp())
    key = (parse_atom("untyped"), 2)
    a, b = Chunk("a", 1), Chunk("b", 1)
    assert vm.install(key, a) is None and vm.installed(key) is a
    assert vm.install(key, b) is a and vm.installed_keys() == [key]
    assert vm.install(key, None) is b and vm.installed(key) is None
    typed = (parse_atom("fib"), 2)
    vm.learn(a)  # nothing being learnt: nothing installed
    assert vm.installed_typed(typed) is None
    vm.capture = typed  # what SlowPaths._typed_hook sets around the call hook
    vm.learn(b)
    assert vm.installed_typed(typed) is b and vm.capture is None
    assert vm.install_typed(typed, None) is b and vm.installed_typed(typed) is None
    vm.install(key, a)
    vm.uninstall_all()
    assert vm.installed(key) is None
