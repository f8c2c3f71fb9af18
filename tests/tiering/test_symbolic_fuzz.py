"""Random symbolic programs give the same results on tiers 1, 2 and auto as on tier 0.

What the arithmetic fuzz (tests/jit/test_jit_fuzz.py, test_jit_functions_fuzz.py) does not
cover: non-tail and mutual recursion (to depths of 10^5 in the full run), floats with NaN,
infinities and -0.0, several results beside Error values, big integers, strings, nested
data walked by pattern matching, rules added while the program runs, ``match`` over a
generated space (facts added and removed as it runs), recursion beside a form tier 1 hands
to tier 0 (``(+ (if True $n 1) (g ...))``), typed tail and mutual
recursion, and recursion that prints. A program is a few such pieces with random
constants, each under its own names; every tier runs the whole text and must give tier 0's
results, query by query, in the same order, print what it prints, and raise nothing.

The hypothesis profile sizes it (``support.fuzz``): a few programs by default, 1,000 with
deep recursion in a full run (``--fuzz=full``, or ``METTAJIT_FUZZ=full``);
``METTAJIT_FUZZ_EXAMPLES=N`` sets the number of programs; ``METTAJIT_FUZZ_LOG=FILE`` appends a
line to FILE for each program that agreed.
"""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

import support
from support import COMPILED as TIERS

# Depths of recursion. In a full run one draw in about 100 is 10^5: a program recursing
# that deep costs tier 0 about 12 s of CPU per query (and tier 1 as much where it hands the
# levels past slowpaths.NEST_LIMIT to tier 0), so with one draw in eight, as before, most
# programs were deep and a full run made 227 programs in 30 minutes. The shapes at 10^5 on
# every tier are also tests/tiering/test_deep_recursion.py's, in a full run.
SHALLOW = [0, 1, 2, 7, 150, 400, 2000] if support.FULL else [0, 1, 2, 7, 150, 400]
DEPTHS = SHALLOW * 14 + [100_000] if support.FULL else SHALLOW
LOG = os.environ.get("METTAJIT_FUZZ_LOG")

FLOATS = ["(/ 0.0 0.0)", "(/ 1.0 0.0)", "(/ -1.0 0.0)", "-0.0", "0.0", "1.5", "-2.25",
          "3", "0", "-7", "1e308", "5e-324"]
FLOAT_OPS = ["+", "-", "*", "/", "<", ">", "<=", ">=", "=="]
BIGS = ["(pow 2 200)", "(* 123456789123456789 987654321987654321)", str(3**150),
        "-" + str(7**90), "9223372036854775807", "-9223372036854775808", "4611686018427387904"]
STRINGS = ['"a"', '""', '"hello world"', '"\\"q\\""', '"ü"']
ATOMS = ["A", "B", "(p 1)", "Nil", "(Cons 1 Nil)", "()", "1", "2.5", '"s"', "True"]

depth = st.sampled_from(DEPTHS)
small = st.integers(-3, 3)


@st.composite
def nontail(draw: st.DrawFn, k: int) -> str:
    d, base = draw(depth), draw(small)
    op = draw(st.sampled_from(["+", "-", "*"]))
    step = "$n" if op != "*" else draw(st.sampled_from(["1", "2", "-1"]))
    return (f"(= (nt{k} $n) (if (<= $n 0) {base} ({op} {step} (nt{k} (- $n 1)))))\n"
            f"!(nt{k} {d})\n")


@st.composite
def mutual(draw: st.DrawFn, k: int) -> str:
    d = draw(depth)
    return (f"(= (ev{k} $n) (if (== $n 0) True (od{k} (- $n 1))))\n"
            f"(= (od{k} $n) (if (== $n 0) False (ev{k} (- $n 1))))\n"
            f"(= (cnt{k} $n) (if (== $n 0) 0 (+ 1 (cnb{k} (- $n 1)))))\n"
            f"(= (cnb{k} $n) (if (== $n 0) 0 (+ 1 (cnt{k} (- $n 1)))))\n"
            f"!(ev{k} {d})\n!(cnt{k} {d})\n")


@st.composite
def floats(draw: st.DrawFn, k: int) -> str:
    out = [f"(= (fl{k} $a $b) ({draw(st.sampled_from(FLOAT_OPS))} $a $b))\n"]
    for _ in range(draw(st.integers(1, 4))):
        a, b = draw(st.sampled_from(FLOATS)), draw(st.sampled_from(FLOATS))
        op = draw(st.sampled_from(FLOAT_OPS))
        out.append(f"!({op} {a} {b})\n!(fl{k} {a} {b})\n!(let $x {a} (== $x $x))\n")
    return "".join(out)


@st.composite
def several(draw: st.DrawFn, k: int) -> str:
    vals = draw(st.lists(st.sampled_from(["1", "2", "(/ 1 0)", '(+ 1 "a")', "-4", "A"]),
                         min_size=1, max_size=3))
    out = [f"(= (mv{k}) {v})\n" for v in vals]
    out.append(f"(= (g{k} $a $b) (+ $a $b))\n(= (h{k} $a) ($a $a))\n")
    second = draw(st.sampled_from([f"(mv{k})", "(/ 1 0)", "3", "(superpose (1 2))"]))
    out.append(f"!(g{k} (mv{k}) {second})\n!(g{k} {second} (mv{k}))\n!(h{k} (mv{k}))\n"
               f"!(collapse (mv{k}))\n")
    return "".join(out)


@st.composite
def bigints(draw: st.DrawFn, k: int) -> str:
    a, b = draw(st.sampled_from(BIGS)), draw(st.sampled_from(BIGS))
    op = draw(st.sampled_from(["+", "-", "*", "<", "==", "%"]))
    return (f"(= (bg{k} $a $b) ({op} $a $b))\n(= (fact{k} $n) (if (<= $n 1) 1 (* $n (fact{k} "
            f"(- $n 1)))))\n!({op} {a} {b})\n!(bg{k} {a} {b})\n"
            f"!(fact{k} {draw(st.integers(0, 120))})\n")


@st.composite
def strings(draw: st.DrawFn, k: int) -> str:
    a, b = draw(st.sampled_from(STRINGS)), draw(st.sampled_from(STRINGS))
    return (f"(= (st{k} $s) (if (== $s {a}) (same $s) (other $s {b})))\n"
            f"!(st{k} {a})\n!(st{k} {b})\n!(== {a} {b})\n!(+ 1 {a})\n!(get-type {a})\n")


@st.composite
def nested(draw: st.DrawFn, k: int) -> str:
    d = draw(depth)
    x = draw(st.sampled_from(ATOMS))
    return (f"(= (mk{k} $n) (if (<= $n 0) Nil (Cons {x} (mk{k} (- $n 1)))))\n"
            f"(= (len{k} Nil) 0)\n(= (len{k} (Cons $h $t)) (+ 1 (len{k} $t)))\n"
            f"(= (rev{k} Nil $acc) $acc)\n(= (rev{k} (Cons $h $t) $acc) "
            f"(rev{k} $t (Cons $h $acc)))\n"
            f"(= (hd{k} (Cons $h $t)) $h)\n"
            f"!(len{k} (mk{k} {d}))\n!(len{k} (rev{k} (mk{k} {d}) Nil))\n!(hd{k} (mk{k} {d}))\n"
            f"!(hd{k} (rev{k} (mk{k} {min(d, 5)}) Nil))\n")


@st.composite
def late_rules(draw: st.DrawFn, k: int) -> str:
    v1, v2 = draw(st.sampled_from(ATOMS)), draw(st.sampled_from(ATOMS))
    n = draw(st.integers(0, 30))
    return (f"(= (use{k} $n) (if (<= $n 0) (late{k} X) (use{k} (- $n 1))))\n"
            f"!(use{k} {n})\n"
            f"!(add-atom &self (= (late{k} X) {v1}))\n!(use{k} {n})\n"
            f"!(add-atom &self (= (late{k} $y) {v2}))\n!(use{k} {n})\n"
            f"!(remove-atom &self (= (late{k} X) {v1}))\n!(use{k} {n})\n")


@st.composite
def beside(draw: st.DrawFn, k: int) -> str:
    """Non-tail recursion beside a form tier 1 hands to tier 0 (an ``if``, ``case`` or
    ``let`` in argument position): each level once nested Python frames on tiers 1/2."""
    d, base = draw(depth), draw(small)
    form = draw(st.sampled_from(["(if True $n 1)", "(if (> $n 2) 1 $n)", "(let $y $n (* 2 $y))",
                                 "(case $n ((0 1) ($_ 2)))", "(if (== $n 3) (/ 1 0) 1)"]))
    return (f"(= (bs{k} $n) (if (<= $n 0) {base} (+ {form} (bs{k} (- $n 1)))))\n"
            f"!(bs{k} {d})\n")


@st.composite
def typed_tail(draw: st.DrawFn, k: int) -> str:
    """A typed tail recursion whose argument is a form, and a typed non-tail mutual one."""
    d, x = draw(depth), draw(small)
    arg = draw(st.sampled_from(["(if True -4 $x)", "(+ $x 1)", "(if (> $x 3) (- $x 1) (+ $x 2))",
                                "(let $y (* $x 2) (- $y $x))"]))
    return (f"(: tt{k} (-> Number Number Number))\n"
            f"(= (tt{k} $n $x) (if (<= $n 0) $x (tt{k} (- $n 1) {arg})))\n"
            f"(: te{k} (-> Number Number))\n(: to{k} (-> Number Number))\n"
            f"(= (te{k} $n) (if (<= $n 0) {x} (+ 1 (to{k} (- $n 1)))))\n"
            f"(= (to{k} $n) (if (<= $n 0) 1 (* 1 (+ 2 (te{k} (- $n 1))))))\n"
            f"!(tt{k} {d} {x})\n!(te{k} {d})\n")


@st.composite
def effects(draw: st.DrawFn, k: int) -> str:
    """Recursion that prints on the way down and several results at the bottom: what a
    tier prints must be tier 0's too, in the same order."""
    d = draw(st.integers(0, 12))
    a, b = draw(st.sampled_from(ATOMS)), draw(st.sampled_from(["1", "2", "(/ 1 0)", "-3"]))
    return (f"(= (pr{k} $n) (if (<= $n 0) (superpose ({a} {b})) "
            f"(let $u (println! (at $n)) (pr{k} (- $n 1)))))\n"
            f"(= (pn{k} $n) (if (<= $n 0) (superpose (1 {b})) "
            f"(let $u (println! $n) (+ 1 (pn{k} (- $n 1))))))\n"
            f"!(pr{k} {d})\n!(pn{k} {d})\n")


@st.composite
def searches(draw: st.DrawFn, k: int) -> str:
    """Generate and test (issue 10 item 3, native choice points): ``superpose``, ``let*``
    over several results, ``empty``, ``collapse``, overlapping rule heads, a recursive
    function of several results; results in tier 0's order."""
    vals = draw(st.lists(st.sampled_from(["0", "1", "2", "3", "-1", "5", "A"]), max_size=4))
    cmp = draw(st.sampled_from(["<", "<=", "==", ">"]))
    build = draw(st.sampled_from(["($a $b)", "(+ $a $b)", "(P $a $b)", "$a"]))
    return (f"(= (ch{k}) (superpose ({' '.join(vals)})))\n"
            f"(= (ts{k}) (let* (($a (ch{k})) ($b (ch{k}))) "
            f"(if ({cmp} (+ $a $b) {draw(st.integers(-2, 6))}) {build} (empty))))\n"
            f"(= (sp{k} $x) (superpose ($x (* $x 2))))\n"
            f"(= (ov{k} 0) zero)\n(= (ov{k} $x) (sp{k} $x))\n"
            f"(= (rd{k} $n) (if (<= $n 0) (ch{k}) (let $v (rd{k} (- $n 1)) (sp{k} $v))))\n"
            f"(= (cs{k}) (case (ch{k}) ((0 zero) ((P $y) $y) ($x (Q $x)))))\n"
            f"!(collapse (ts{k}))\n!(ts{k})\n!(ov{k} {draw(small)})\n"
            f"!(collapse (rd{k} {draw(st.integers(0, 4))}))\n!(cs{k})\n")


@st.composite
def spaces(draw: st.DrawFn, k: int) -> str:
    """``match`` over a generated space (issue 10 item 4): facts added by a recursion beside
    facts written in the program, one match and a join of two, a match inside a recursive
    function (a unit tier 2 compiles), facts removed and added between queries, a space of
    its own, a pattern with a repeated variable; loops over matches that tier 2 compiles
    (``ln``, ``cl``, ``cj``: the rows counted, the joins' collected)."""
    n, m = draw(st.integers(0, 12)), draw(st.integers(1, 5))
    x, y = draw(st.sampled_from(ATOMS)), draw(st.sampled_from(ATOMS))
    start = draw(st.integers(0, 3))
    return (f"(= (gn{k} $i) (if (>= $i {n}) () (let $u (add-atom &self "
            f"(ed{k} $i (% (+ $i 1) {m}))) (gn{k} (+ $i 1)))))\n"
            f"(ed{k} 0 {x})\n(ed{k} {x} {y})\n"
            f"(= (hop{k} $a) (match &self (ed{k} $a $b) $b))\n"
            f"(= (two{k} $a) (match &self (ed{k} $a $b) (match &self (ed{k} $b $c) ($a $c))))\n"
            f"(= (cn{k} $i $acc) (if (>= $i {n}) $acc "
            f"(cn{k} (+ $i 1) (+ $acc (size-atom (collapse (hop{k} $i)))))))\n"
            # (tier 2 compiles these loops: matches in native code, their rows counted)
            f"(= (ln{k} $l $n) (if (== $l ()) $n (let $t (cdr-atom $l) (ln{k} $t (+ $n 1)))))\n"
            f"(= (cl{k} $i $acc) (if (>= $i {n}) $acc (let $c (collapse (hop{k} $i)) "
            f"(let $j (ln{k} $c 0) (cl{k} (+ $i 1) (+ $acc $j))))))\n"
            f"(= (cj{k} $i $acc) (if (>= $i {n}) $acc (let $c (collapse (two{k} $i)) "
            f"(cj{k} (+ $i 1) (cons-atom $c $acc)))))\n"
            f"!(gn{k} 0)\n!(collapse (hop{k} {start}))\n!(collapse (two{k} {start}))\n"
            f"!(cn{k} 0 0)\n!(cl{k} 0 0)\n!(cj{k} 0 ())\n"
            f"!(remove-atom &self (ed{k} 0 1))\n!(collapse (hop{k} 0))\n"
            f"!(add-atom &self (ed{k} {y} {y}))\n!(collapse (match &self (ed{k} $a $a) $a))\n"
            f"!(cl{k} 0 0)\n"
            f"!(let $s (new-space) (let $u (add-atom $s (ed{k} 1 {x})) "
            f"(collapse (match $s (ed{k} $a $b) ($b $a)))))\n")


PIECES = [nontail, mutual, floats, several, bigints, strings, nested, late_rules, beside,
          typed_tail, effects, searches, spaces]


@st.composite
def programs(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4))
    return "".join(draw(piece(k)) for k, piece in enumerate(chosen))


@support.fuzz(ci=12, full=1000)
@given(programs())
def test_tiers_agree_with_tier_0(text: str) -> None:
    want = support.run("0", text)
    for tier in TIERS:
        got = support.run(tier, text, tier1_threshold=0)
        assert got == want, f"tier {tier} differs from tier 0 on:\n{text}"
        assert got.out == want.out, f"tier {tier} prints otherwise than tier 0:\n{text}"
    if LOG:  # a full run's figures: one line per program that agreed on every tier
        with open(LOG, "a") as f:
            f.write(f"{sum(len(r) for r in want)} results agree\n")
