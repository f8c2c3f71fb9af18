"""Differential: small programs on the corners of the semantics, tier 0 against tier 1."""

from __future__ import annotations

from collections import Counter

import pytest

from support import run

PROGRAMS = {
    "error_in_data": "!(S (/ 1 0))\n!((/ 1 0) 2)\n!(foo (+ 1 \"a\"))",
    "error_arg_of_user_function": "(= (f $x) ok)\n!(f (/ 1 0))",
    "cartesian": "(= (b) 0)\n(= (b) 1)\n(= (p $x $y) ($x $y))\n!(p (b) (b))\n!(+ (b) (b))",
    "nested_collapse": "(= (b) 0)\n(= (b) 1)\n(= (c) (collapse (b)))\n!(c)\n"
                       "!(collapse (let $x (b) (collapse (superpose ($x $x)))))",
    "case_empty": "!(case (empty) ((Empty none) ($x some)))\n!(case (empty) (($x some)))\n"
                  "!(case (superpose (1 2 3)) ((2 two) ($_ other)))",
    "let_shadow": "!(let $x 1 (let $x 2 $x))\n!(let $x 1 (let $y 2 ($x $y)))\n"
                  "!((let $x 1 $x) (let $x 2 $x))",
    "match_in_function": "(edge a b)\n(edge b c)\n(= (next $x) (match &self (edge $x $y) $y))\n"
                         "(= (two $x) (next (next $x)))\n!(two a)\n!(next c)",
    "if_not_bool": "(= (g $x) (if $x yes no))\n!(g True)\n!(g foo)\n!(g (/ 1 0))",
    "higher_order": "(= (inc $x) (+ $x 1))\n(= (ap $f $x) ($f $x))\n!(ap inc 1)\n!(ap + 1)\n"
                    "!(ap (quote x) 1)",
    "quote_values": "(= (unq (quote $x)) $x)\n!(unq (quote (+ 1 2)))\n!(let $q (quote (+ 1 2)) $q)",
    "floats_and_bigints": "(= (sq $x) (* $x $x))\n!(sq 1.5)\n!(sq 99999999999999999999)\n"
                          "!(/ 7 2.0)\n!(% -7 2)\n!(pow 2 -1)",
    "rules_added_at_run_time": "(= (h) 1)\n!(h)\n!(let $_ (add-atom &self (= (h) 2)) (h))\n!(h)",
    "state_and_spaces": "!(let $s (new-state 1) (let $_ (change-state! $s 2) (get-state $s)))\n"
                        "!(let $sp (new-space) (let $_ (add-atom $sp (k 1)) "
                        "(match $sp (k $v) (+ $v 1))))",
    "tail_and_nondet": "(= (loop 0 $acc) $acc)\n(= (loop $n $acc) (if (> $n 0) "
                       "(loop (- $n 1) (+ $acc (superpose (0 1)))) (empty)))\n!(loop 3 0)",
    "typed": "(: tw (-> Number Number))\n(= (tw $x) (* 2 $x))\n(= (call-tw $y) (tw $y))\n"
             "!(call-tw 4)\n!(call-tw \"s\")\n!(tw (tw 1))",
    "unify_and_sets": "!(unify (a $x) (a 5) $x no)\n!(unify (a 5) (a $x) $x no)\n"
                      "!(let $v 3 (unify ($v $w) (3 4) $w no))\n"
                      "!(unique (superpose (1 1.0 2)))\n"
                      "!(subtraction (superpose (1 2 2)) (superpose (2)))",
    "errors_show_the_call_as_written": "(: inc (-> Number Number))\n(= (inc $x) (+ $x 1))\n"
                                       "(= (two) \"a\")\n(= (f $x) (+ (+ $x 1) \"a\"))\n"
                                       "!(+ (+ 1 1) \"a\")\n!(inc (two))\n!(f 1)\n"
                                       "!(car-atom (f 1))",
    "tokens_in_match_and_quote": "!(bind! &kb (new-space))\n!(add-atom &kb (x 1))\n"
                                 "(= (q) (match &kb (x $v) $v))\n!(q)\n!(bind! tok 5)\n(p 5)\n"
                                 "!(match &self (p tok) yes)\n!(quote (a tok))\n"
                                 "!(collapse (match &self (p $w) (quote (tok $w))))",
    "no_rule_matches_is_data": "(= (eq $x $x) T)\n!(eq a a)\n!(eq a b)\n"
                               "(= (h 0) zero)\n(= (h 1) one)\n!(h 2)\n!(h 1)",
    "bindings_of_query_variables": "(= (green Fritz) T)\n(= (ift T $then) $then)\n"
                                   "!(ift (green $x) $x)\n!($x (green $x))",
    "types_declared_later": "(= (Add $x Z) $x)\n!(Add S Z)\n(: Z Nat)\n(: S (-> Nat Nat))\n"
                            "(: Add (-> Nat Nat Nat))\n!(Add S Z)",
    "get_type_is_evaluated": "(: VecN (-> Type Number Type))\n(: NilN (VecN $t 0))\n"
                             "(: ConsN (-> $t (VecN $t $x) (VecN $t (+ $x 1))))\n"
                             "!(get-type (ConsN 1 (ConsN 2 NilN)))",
    "eval_one_step": "(= (g $x) (+ $x 1))\n!(eval (+ 1 2))\n!(eval (g 1))\n!(eval foo)\n"
                     "!(eval (if True a b))\n!(let $e (eval (g 2)) $e)\n!(eval (nothing 1))",
    "map_and_foldl": "(= (b) 0)\n(= (b) 1)\n!(map-atom (1 2 3) $x (* $x 2))\n"
                     "!(map-atom () $x (* $x 2))\n!(map-atom 5 $x $x)\n"
                     "!(map-atom (1 2) $x (+ $x (b)))\n"
                     "!(map-atom (superpose ((1) (2 3))) $y (S $y))\n"
                     "!(foldl-atom (1 2 3 4) 0 $acc $x (+ $acc $x))\n"
                     "!(foldl-atom () 7 $a $x (+ $a $x))\n!(foldl-atom 5 0 $a $x $a)\n"
                     "!(foldl-atom (1 2) (superpose (0 10)) $a $x (+ $a (* $x (b))))\n"
                     "(= (sum-list $l) (foldl-atom $l 0 $a $x (+ $a $x)))\n!(sum-list (5 6 7))\n"
                     "(= (double-all $l) (map-atom $l $v (* 2 $v)))\n!(double-all (1 2 3))",
    "free_variables": "(= (mk) (pair $u $u))\n!(mk)\n!(let (pair $a $b) (mk) ($a $b))",
    # typed calls in compiled bodies: checked as written with the values of variables,
    # untyped calls cast to the declared type, laundered values leave the call as data
    "typed_calls_in_bodies": "(= (bar $x) $x)\n(= (m $x) (+ 1 (bar $x)))\n"
                             "(= (l $x) (+ 1 (let $y $x $y)))\n(= (v $x $y) (+ $x (- $y 1)))\n"
                             "(= (w $x) (* 2 (+ $x 1)))\n(= (q $x) (== $x 1))\n"
                             "(= (s $x) (+ 1 (superpose ($x 2))))\n(= (sum Nil) 0)\n"
                             "(= (sum (Cons $h $t)) (+ $h (sum $t)))\n"
                             "!(m 1)\n!(m \"a\")\n!(m (Cons 1 Nil))\n!(l \"a\")\n!(l 2)\n"
                             "!(v \"x\" \"y\")\n!(v 1 \"y\")\n!(v \"x\" 2)\n!(w \"z\")\n"
                             "!(q \"s\")\n!(s \"a\")\n!(sum (Cons 1 (Cons \"x\" Nil)))\n"
                             "!(sum (Cons \"x\" (Cons 1 Nil)))\n!(+ 0 (< 0 (/ 0 0)))",
    # a condition value that is not a Bool: the if as written in the error, the value not
    # evaluated again; a failed cast is the call's one value beside nondeterminism
    "if_not_bool_and_casts": "(= (str) \"s\")\n(= (lz) (let $q \"l\" $q))\n"
                             "(: Mk (-> Number Thing))\n(= (g $x) (if (not (lz)) $x 0))\n"
                             "(= (h $x) (if (Mk $x) 1 0))\n!(g 1)\n!(h 1)\n"
                             "!(collapse (+ (str) (superpose (1 2))))\n"
                             "!(collapse (- (superpose ((if \"a\" 1 2) 3)) (str)))",
    "assert_and_unify_space": "(foo 1)\n(foo 2)\n(= (f) (superpose ((a $x) 2)))\n"
                              "!(assertEqualToResult (f) ((a $y) 3))\n"
                              "!(assertEqualToResult (f) ((a $y) 2 2))\n"
                              "!(unify &self (foo $x) (found $x) none)\n"
                              "!(unify &self (bar $x) (found $x) none)\n"
                              "(= (g $s) (unify $s (foo $x) $x none))\n!(g (foo 5))",
}


def results(text: str, tier: str) -> list[Counter[str]]:
    """Each query's results as the tier computes them, as multisets ("hook": auto with a
    zero threshold: queries in tier 0, every unit through the hook)."""
    if tier == "hook":
        return run("auto", text, raw=True, tier1_threshold=0).bags()
    return run(tier, text, raw=True).bags()


# (tier, program) -> why that tier does not agree yet. Only ever remove entries.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}


def cases() -> list[object]:
    out: list[object] = []
    for name in sorted(PROGRAMS):
        for tier in ("1", "hook"):
            reason = KNOWN_DISAGREEMENTS.get((tier, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(tier, name, marks=marks, id=f"{tier}-{name}"))
    return out


@pytest.mark.parametrize(("tier", "name"), cases())
def test_snippet_agrees_with_tier0(name: str, tier: str) -> None:
    text = PROGRAMS[name]
    assert results(text, tier) == results(text, "0")
