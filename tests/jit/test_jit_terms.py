"""Terms in native code (jit.terms): units that build, match and take apart constructors
give tier 0's results on tiers 1 and 2, run natively where they can, and every way out of
native code (a term it does not handle, a deep recursion, a rule change) ends with tier
0's answer."""

from __future__ import annotations

import gc
import sys

import pytest

import support
from mettajit.atoms.core import Symbol
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.interpreter import Interpreter
from mettajit.jit import helpers, runtime

PEANO = (
    "(= (add Z $y) $y)",
    "(= (add (S $x) $y) (S (add $x $y)))",
    "(= (mul Z $y) Z)",
    "(= (mul (S $x) $y) (add $y (mul $x $y)))",
    "(= (to-peano $n) (if (== $n 0) Z (S (to-peano (- $n 1)))))",
    "(= (from-peano Z) 0)",
    "(= (from-peano (S $x)) (+ 1 (from-peano $x)))",
)
LISTS = (
    "(= (range $i $n) (if (>= $i $n) Nil (Cons $i (range (+ $i 1) $n))))",
    "(= (len Nil) 0)",
    "(= (len (Cons $h $t)) (+ 1 (len $t)))",
    "(= (rev-acc Nil $acc) $acc)",
    "(= (rev-acc (Cons $h $t) $acc) (rev-acc $t (Cons $h $acc)))",
    "(= (sum Nil) 0)",
    "(= (sum (Cons $h $t)) (+ $h (sum $t)))",
    "(= (zip (Cons $a $x) (Cons $b $y)) (Cons (Pair $a $b) (zip $x $y)))",
    "(= (zip Nil $y) Nil)",
    "(= (firsts (Cons (Pair $a $b) $t)) (Cons $a (firsts $t)))",
    "(= (firsts Nil) Nil)",
)
TREES = (
    "(= (build $n) (if (> $n 0) (Node (build (- $n 1)) $n (build (- $n 1))) Leaf))",
    "(= (size Leaf) 0)",
    "(= (size (Node $l $v $r)) (+ (+ (size $l) 1) (size $r)))",
    "(= (mirror Leaf) Leaf)",
    "(= (mirror (Node $l $v $r)) (Node (mirror $r) $v (mirror $l)))",
    "(= (leftmost (Node Leaf $v $r)) $v)",
    "(= (leftmost (Node (Node $a $b $c) $v $r)) (leftmost (Node $a $b $c)))",
    "(= (digit 0) zero)",
    "(= (digit 1) one)",
    "(= (digit $n) (if (> $n 1) many none))",
)


make = support.tiering  # (interpreter, tiering) holding the rules
ev = support.evaluate  # one query's printed results, sorted


def counters(interp: Interpreter, prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: v for k, v in interp.stats.counters.items()
            if k.startswith(prefix) and v}


def agree(rules: tuple[str, ...], queries: list[str]) -> Interpreter:
    """Every query gives tier 0's results on tiers 1 and 2; the tier 2 interpreter."""
    want = [ev(make("0", *rules)[1], q) for q in queries]
    assert [ev(make("1", *rules)[1], q) for q in queries] == want
    interp, t = make("2", *rules)
    assert [ev(t, q) for q in queries] == want
    assert helpers.ARENA.n == 0  # every entry released what it made
    return interp


PEANO_QUERIES = [
    "(from-peano (mul (to-peano 7) (to-peano 9)))",
    "(mul (to-peano 2) (to-peano 3))",
    "(add (S Z) (S (S Z)))",
    "(add (S Z) Q)",  # data: no rule of (add Q ...) after the recursion
    "(from-peano (S (S Q)))",
    "(add 3 Z)",
    "(from-peano (to-peano 200))",
]


def test_peano_agrees_and_runs_natively() -> None:
    interp = agree(PEANO, PEANO_QUERIES)
    assert counters(interp, "tier2.units.")["compiled"] >= 3
    assert counters(interp, "jit.").get("native_entries", 0) >= len(PEANO_QUERIES)
    # only (+ 1 (from-peano Q)) bails out: tier 1 makes its Error
    assert counters(interp, "jit.deopts.") == {"not_small_int": 1}
    assert "refused" not in counters(interp, "tier2.units.")


LIST_QUERIES = [
    "(sum (rev-acc (range 0 500) Nil))",
    "(len (range 0 1000))",
    "(rev-acc (range 0 5) Nil)",
    "(firsts (zip (range 0 4) (rev-acc (range 0 6) Nil)))",
    "(zip (Cons 1 Nil) (Cons a (Cons b Nil)))",
    "(sum (Cons 1 (Cons 2.5 Nil)))",  # a float: tier 1 adds it
    "(len (Cons (Error x y) Nil))",
    "(sum (Cons (Error x y) Nil))",  # an Error argument of +
    "(rev-acc (Cons \"s\" (Cons (f 1) Nil)) Nil)",
    "(len (Cons 1 Cons))",
]


def test_lists_agree_and_run_natively() -> None:
    interp = agree(LISTS, LIST_QUERIES)
    assert counters(interp, "jit.").get("native_entries", 0) >= len(LIST_QUERIES)
    # firsts' head (Cons (Pair $a $b) $t) is not flat: it stays in tier 1
    assert counters(interp, "tier2.units.").get("refused") == 1


TREE_QUERIES = [
    "(size (build 6))",
    "(size (mirror (build 5)))",
    "(mirror (build 2))",
    "(leftmost (mirror (build 4)))",
    "(digit 0)", "(digit 1)", "(digit 5)", "(digit -3)",
    "(leftmost Leaf)",
]


def test_trees_and_constant_heads_agree() -> None:
    agree(TREES, TREE_QUERIES)


def test_a_result_leaves_native_code_as_atoms_in_normal_form() -> None:
    interp, t = make("2", *LISTS)
    (r,) = t.evaluate(parse_atom("(rev-acc (range 0 3) Nil)"))
    assert format_atom(r) == "(Cons 2 (Cons 1 (Cons 0 Nil)))"
    assert r.is_ground() and r._nf == interp.world.version  # tier 0 need not walk it again
    assert r == parse_atom("(Cons 2 (Cons 1 (Cons 0 Nil)))")
    assert not gc.is_tracked(r) and not gc.is_tracked(r.children)


def test_no_reference_is_lost_or_kept() -> None:
    _interp, t = make("2", *LISTS)
    arg = t.evaluate(parse_atom("(range 0 50)"))[0]
    ev(t, "(len (range 0 3))")
    before = sys.getrefcount(arg)
    for _ in range(50):
        (r,) = t.evaluate(parse_atom("(len (range 0 50))"))
        assert format_atom(r) == "50"
    assert sys.getrefcount(arg) == before
    assert helpers.ARENA.n == 0


def test_overlapping_heads_stay_in_tier1_with_every_result() -> None:
    rules = ("(= (f (S $x)) a)", "(= (f (S Z)) b)", "(= (f Z) c)")
    queries = ["(f (S Z))", "(f (S (S Z)))", "(f Z)"]
    interp = agree(rules, queries)
    assert ev(make("2", *rules)[1], "(f (S Z))") == ["a", "b"]
    assert not counters(interp, "jit.").get("native_entries")


def test_a_symbol_bound_as_a_token_is_evaluated_by_tier0() -> None:
    rules = ("(= (id (Box $x)) $x)", "(= (wrap $x) (Box $x))")
    queries = ["(id (wrap tok))", "(let $_ (bind! tok 42) (id (wrap tok)))", "(id (Box tok))"]
    t0 = make("0", *rules)[1]  # one program: the token stays bound
    want = [ev(t0, q) for q in queries]
    _interp, t = make("2", *rules)
    assert [ev(t, q) for q in queries] == want


def test_a_rule_given_to_a_constructor_later_is_seen() -> None:
    rules = ("(= (mk $x) (Pt $x))", "(= (use (Pt $x)) $x)", "(= (use Q) q)")
    _interp, t = make("2", *rules)
    assert ev(t, "(use (mk 1))") == ["1"]
    query = "(let $_ (add-atom &self (= (Pt $x) Q)) (use (mk 2)))"
    want = ev(make("0", *rules)[1], query)
    assert ev(t, query) == want == ["q"]


def test_deep_constructor_recursion_runs_natively() -> None:
    interp, t = make("2", *LISTS, *PEANO)
    assert ev(t, "(len (range 0 200000))") == ["200000"]
    assert ev(t, "(from-peano (to-peano 100000))") == ["100000"]
    assert not counters(interp, "jit.deopts.")


def test_deep_recursion_past_the_stack_bails_out_to_tier1(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # native code may use 1 MB of the stack: fewer than 20,000 frames of range
    monkeypatch.setattr(runtime, "native_stack_bytes", 1 << 20)
    interp, t = make("2", *LISTS)
    assert ev(t, "(len (range 0 100))") == ["100"]
    assert ev(t, "(len (range 0 60000))") == ["60000"]
    assert set(counters(interp, "jit.deopts.")) == {"depth"}
    assert helpers.ARENA.n == 0


def test_data_not_known_to_be_in_normal_form_bails_out() -> None:
    # car-atom gives the list as read: no normal-form mark, so native code does not know
    # that tier 0 would evaluate its tail to itself (tier 1 finds out)
    query = "(sum (car-atom ((Cons 1 (Cons 2 Nil)))))"
    interp, t = make("2", *LISTS)
    assert ev(t, query) == ev(make("0", *LISTS)[1], query) == ["3"]
    assert counters(interp, "jit.deopts.").get("term", 0) >= 1
    assert (Symbol("sum"), 2) in t.units


EXPR_LISTS = (
    "(= (mk $i $n) (if (>= $i $n) () (let $t (mk (+ $i 1) $n) (cons-atom $i $t))))",
    "(= (suml $l $acc) (if (== $l ()) $acc "
    "(let $h (car-atom $l) (let $t (cdr-atom $l) (suml $t (+ $h $acc))))))",
    "(= (lenl $l $n) (if (== $l ()) $n (let $t (cdr-atom $l) (lenl $t (+ $n 1)))))",
    "(= (first $l) (car-atom $l))",
    "(= (rest $l) (cdr-atom $l))",
    "(= (push $h $t) (cons-atom $h $t))",
)
EXPR_QUERIES = [
    "(suml (mk 0 300) 0)",
    "(mk 0 6)",
    "(lenl (mk 3 40) 0)",
    "(suml (1 2 3 4.5) 0)",  # a float: tier 1 adds it
    "(lenl (a b c d) 0)",  # symbols: tier 0's walk decides what (b c d) evaluates to
    "(rest (1 (mk 0 2) 3))",  # an element tier 0 would evaluate
    "(first ((mk 0 2) 1))",  # the same, taken by car-atom
    "(first ())",  # the operations' Errors
    "(rest ())",
    "(first 7)",
    "(push 1 2)",
    "(push (a b) (c d))",
    "(push (mk 0 2) ())",
    "(first (push (Error x y) (1)))",
    "(rest (5 (Error e f) 6))",
    "(rest (5 Empty))",
    "(rest (2.5 True ()))",
]


def test_cons_car_cdr_atom_agree_and_run_natively() -> None:
    """``cons-atom``/``car-atom``/``cdr-atom`` natively (``jit.terms.NATIVE_OPS``): tier
    0's results on tiers 1 and 2, the number lists built, summed and measured without a
    bail-out, everything else handed to tier 1."""
    interp = agree(EXPR_LISTS, EXPR_QUERIES)
    assert counters(interp, "tier2.units.") == {"compiled": 6}  # none refused
    assert set(counters(interp, "jit.deopts.")) <= {"term", "not_small_int"}
    interp, t = make("2", *EXPR_LISTS)
    assert ev(t, "(suml (mk 0 300) 0)") == ["44850"] and ev(t, "(lenl (mk 3 40) 0)") == ["37"]
    jit = counters(interp, "jit.")
    assert jit["native_entries"] == 4 and not counters(interp, "jit.deopts.")  # no bail-out
    (r,) = t.evaluate(parse_atom("(mk 0 3)"))
    assert format_atom(r) == "(0 1 2)" and r._nf == interp.world.version  # a number list


def test_cdr_atom_under_a_rule_with_a_variable_head_bails_out() -> None:
    """With a rule whose head is a variable no expression is known to evaluate to itself
    (``bytecode.inert``): native ``cdr-atom`` hands its result to tier 1."""
    rules = (*EXPR_LISTS, "(= ($a $b $c $d $e $f $g) seven)")  # (matches no call here)
    agree(rules, ["(rest (1 2 3))", "(rest (1 2))", "(lenl (mk 0 5) 0)"])
