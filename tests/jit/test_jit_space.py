"""Spaces from native code (``jit.spacematch``, ``jit.spacescan``): a loop that writes
facts with ``add-atom``/``remove-atom`` runs natively, its effects queued to the end of
each iteration, and a bail-out never makes an effect twice (tier 1 goes on from the
iteration that bailed). Every program is checked against tier 0 on tiers 1, 2 and auto,
with the steps each tier counts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import support
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.compiler import compile_function
from mettajit.interpreter import Interpreter
from mettajit.jit import nondet
from mettajit.jit.scan import refusal

GEN = """
(= (gen $i $n)
   (if (>= $i $n) ()
       (let $j (+ $i 1)
         (let $u (add-atom &self (edge (v $i) (v $j))) (gen $j $n)))))
"""


def _agree(program: str, tiers: tuple[str, ...] = support.COMPILED) -> dict[str, support.Run]:
    """Each tier's run; all give tier 0's results and make tier 0's steps."""
    want = support.run("0", program)
    out = {}
    for tier in tiers:
        got = support.run(tier, program)
        assert got.bags() == want.bags(), tier
        assert got.counters["run.steps"] == want.counters["run.steps"], tier
        out[tier] = got
    return out


def test_a_loop_writing_facts_runs_natively() -> None:
    runs = _agree(GEN + "!(gen 0 300)\n"
                  "!(let $r (collapse (match &self (edge $a $b) $a)) (size-atom $r))\n"
                  "!(collapse (match &self (edge (v 7) $b) $b))")
    c = runs["2"].counters
    assert c["tier2.units.compiled"] == 1
    assert c["run.steps.native"] == 300  # every turn of the loop natively
    assert not any(k.startswith("jit.deopts") for k in c)
    assert runs["2"][1] == ["300"]


def test_facts_added_natively_are_each_added_once() -> None:
    # the same fact written by every turn: a multiset of 50 copies, as tier 0 makes
    program = """
    (= (same $i $n) (if (>= $i $n) () (let $u (add-atom &self (f x)) (same (+ $i 1) $n))))
    !(same 0 50)
    !(let $r (collapse (match &self (f $y) $y)) (size-atom $r))
    """
    runs = _agree(program)
    assert runs["2"][1] == ["50"]


def test_a_bail_out_after_effects_goes_on_from_that_iteration() -> None:
    """The value turns into a float after 5 turns (GE bails out: NOT_SMALL_INT): the 5
    facts added are not added again; tier 1 runs on from the 6th turn."""
    program = """
    (= (grow $i $n)
       (if (>= $i $n) ()
           (let $u (add-atom &self (g $i)) (grow (if (== $i 4) 4.5 (+ $i 1)) $n))))
    !(grow 0 8)
    !(collapse (match &self (g $x) $x))
    """
    runs = _agree(program)
    got = runs["2"]
    assert got[1] == ["(0 1 2 3 4 4.5 5.5 6.5 7.5)"]
    assert got.counters["jit.deopts.not_small_int"] == 1


def test_a_bail_out_in_the_iteration_of_an_effect_drops_it_and_tier1_makes_it() -> None:
    """Multiplying overflows 48 bits after the fact of its turn was queued: that fact is
    dropped, the turn runs again in tier 1 and adds it, once."""
    program = """
    (= (mul $i $n)
       (if (>= $i $n) ()
           (let $u (add-atom &self (m $i)) (mul (* $i 1000) $n))))
    !(mul 1 100000000000000)
    !(collapse (match &self (m $x) $x))
    """
    runs = _agree(program)
    got = runs["2"]
    assert got[1] == ["(1 1000 1000000 1000000000 1000000000000)"]
    assert got.counters["run.steps.native"] == 4  # the 5th turn's is tier 1's
    assert got.counters["jit.deopts.overflow"] == 1


def test_remove_atom_natively() -> None:
    program = GEN + """
    (= (drop $i $n)
       (if (>= $i $n) ()
           (let $j (+ $i 1)
             (let $u (remove-atom &self (edge (v $i) (v $j))) (drop (+ $i 2) $n)))))
    !(gen 0 40)
    !(drop 0 40)
    !(let $r (collapse (match &self (edge $a $b) $a)) (size-atom $r))
    """
    runs = _agree(program)
    assert runs["2"][2] == ["20"]


def test_a_rule_added_by_the_loop_is_declined_and_made_by_tier1() -> None:
    """``(= ...)`` changes compiled code: native code declines it (BailReason.SPACE)
    before queuing it, and tier 1 adds it; the facts before it stay added once."""
    program = """
    (= (defs $i $n)
       (if (>= $i $n) ()
           (let $a (if (== $i 3) (= (k) $i) (d $i))
             (let $u (add-atom &self $a) (defs (+ $i 1) $n)))))
    !(defs 0 6)
    !(collapse (match &self (d $x) $x))
    !(k)
    """
    runs = _agree(program)
    assert runs["2"][1] == ["(0 1 2 4 5)"]
    assert runs["2"][2] == ["3"]
    assert runs["2"].counters["jit.deopts.space"] == 1


def test_a_space_changed_after_the_code_was_compiled() -> None:
    """The native loop is compiled in the first query; facts and a rule added later (by
    the program, and by the loop's own effects) are seen by what runs after."""
    program = GEN + """
    !(gen 0 20)
    (edge (v 100) (v 101))
    !(collapse (match &self (edge (v 100) $b) $b))
    !(gen 20 40)
    (= (twice $x) (match &self (edge $x $y) (match &self (edge $y $z) $z)))
    !(collapse (twice (v 30)))
    !(let $r (collapse (match &self (edge $a $b) $a)) (size-atom $r))
    """
    runs = _agree(program)
    assert runs["2"][-1] == ["41"]
    assert runs["2"][-2] == ["((v 32))"]


def test_tokens_and_other_spaces() -> None:
    program = GEN.replace("&self", "&kb") + """
    !(bind! &kb (new-space))
    !(gen 0 10)
    !(let $r (collapse (match &kb (edge $a $b) $a)) (size-atom $r))
    !(let $r (collapse (match &self (edge $a $b) $a)) (size-atom $r))
    """
    runs = _agree(program)
    assert runs["2"][2:] == [["10"], ["0"]]


def test_a_unit_with_an_effect_is_no_native_callee() -> None:
    interp = Interpreter()
    for r in ("(= (put $i) (add-atom &self (e $i)))",
              "(= (loop $i) (if (== $i 0) () (let $u (put $i) (loop (- $i 1)))))"):
        interp.add_atom(parse_atom(r))
    chunks = {key: compile_function(key, list(rules), interp)
              for key, rules in interp.space.rule_index.items()}
    root = next(c for k, c in chunks.items() if k[0].name == "loop")
    why = refusal(root, chunks.get)
    assert why is not None and "space effect" in why


@pytest.mark.parametrize("body", [
    # an effect followed, in its iteration, by something that could see it undone
    "(let $u (add-atom &self (e $i)) (let $w (other $i) (loop (- $i 1))))",
    "(let $u (add-atom &self (e $i)) (other $i))",
])
def test_what_could_see_a_queued_effect_is_refused(body: str) -> None:
    interp = Interpreter()
    for r in (f"(= (loop $i) (if (== $i 0) () {body}))", "(= (other $i) $i)"):
        interp.add_atom(parse_atom(r))
    chunks = {key: compile_function(key, list(rules), interp)
              for key, rules in interp.space.rule_index.items()}
    root = next(c for k, c in chunks.items() if k[0].name == "loop")
    why = refusal(root, chunks.get)
    assert why is not None and "after a space effect" in why


# -- MATCH natively (jit.spacematch.lower_match, jit.spacerun.rt_space_match) -------------
# (the rows are numbers: native code hands on an unmarked fact's expression or a symbol
# in a list only to tier 1, as it does for any collapse, not only a match's)

EDGES = "(edge 0 1) (edge 0 2) (edge 1 2) (edge 2 0) (edge 2 3) (edge 3 4) (edge 3 5)\n"
HOPS = """
(= (hop $a) (match &self (edge $a $b) $b))
(= (lenl $l $n) (if (== $l ()) $n (let $t (cdr-atom $l) (lenl $t (+ $n 1)))))
(= (digits $l $acc)
   (if (== $l ()) $acc
       (let $h (car-atom $l) (let $t (cdr-atom $l) (digits $t (+ (* $acc 10) $h))))))
(= (count-hops $i $n $acc)
   (if (>= $i $n) $acc
       (let $c (collapse (hop $i)) (let $k (lenl $c 0) (count-hops (+ $i 1) $n (+ $acc $k))))))
(= (order-hops $i $n $acc)
   (if (>= $i $n) $acc
       (let $c (collapse (hop $i)) (let $k (digits $c 0) (order-hops (+ $i 1) $n (+ $acc $k))))))
"""


def _native(run: support.Run, entries: int | None = None) -> None:
    """Every unit call of the run but the ``entries`` the queries make themselves (one
    per query) was made by native code, and none bailed out."""
    c = run.counters
    assert c["tier2.units.compiled"] >= 1
    n = c["run.queries"] if entries is None else entries
    assert c["run.steps.native"] == c["run.steps"] - n > 0
    assert not any(k.startswith("jit.deopts") for k in c), c


def test_a_match_in_a_loop_runs_natively() -> None:
    """``hop`` (a MATCH, a multi function) inside ``collapse`` inside a tail-recursive
    loop: every call native, tier 0's counts, and tier 0's rows in tier 0's order (the
    digits of each collapse make a number: (1 2) is 12, (2 1) would be 21)."""
    runs = _agree(EDGES + HOPS + "!(count-hops 0 3 0)\n!(count-hops 0 6 0)\n"
                  "!(order-hops 0 4 0)\n!(order-hops 0 4 0)\n")
    want = support.run("0", EDGES + HOPS + "!(order-hops 0 4 0)\n")
    for tier in ("1", "2", "auto"):
        assert runs[tier][2] == runs[tier][3] == want[0], tier  # the order too
    _native(runs["2"])
    assert runs["2"] == [["5"], ["7"], ["62"], ["62"]]  # 12 + 2 + 3 + 45


def test_a_join_of_two_matches_in_one_unit() -> None:
    program = EDGES + HOPS + """
    (= (hop2 $a) (match &self (edge $a $b) (match &self (edge $b $c) $c)))
    (= (joins $i $n $acc)
       (if (>= $i $n) $acc
           (let $c (collapse (hop2 $i)) (let $k (digits $c 0) (joins (+ $i 1) $n (+ $acc $k))))))
    !(joins 0 5 0)
    !(joins 0 5 0)
    """
    runs = _agree(program)
    assert runs["2"] == [["1451"], ["1451"]]  # 203 + 3 + 1245 + 0 + 0
    _native(runs["2"])


def test_facts_added_between_queries_are_seen_by_native_code() -> None:
    """Native code asks the space at each run: a fact added after the unit compiled (by
    the program, by ``add-atom``) is in the next query's results, one removed is not."""
    program = EDGES + HOPS + """
    !(count-hops 0 4 0)
    (edge 1 3)
    !(count-hops 0 4 0)
    !(add-atom &self (edge 0 3))
    !(order-hops 0 2 0)
    !(remove-atom &self (edge 0 1))
    !(order-hops 0 2 0)
    """
    runs = _agree(program)
    got = runs["2"]
    assert got == [["7"], ["8"], ["()"], ["146"], ["()"], ["46"]]  # 123 + 23, 23 + 23
    _native(got, entries=4)


def test_no_match_gives_no_results() -> None:
    runs = _agree(EDGES + HOPS + "!(count-hops 4 9 0)\n!(order-hops 4 7 0)\n"
                  "!(count-hops 4 9 0)\n")
    assert runs["2"] == [["0"], ["0"], ["0"]]
    _native(runs["2"])


def test_a_value_that_is_no_space_bails_out_to_tier1() -> None:
    """``match`` over a symbol: the unit bails out (BailReason.SPACE) and tier 1 gives
    tier 0's results (the call as written)."""
    program = EDGES + HOPS + """
    (= (hop-in $s $a) (match $s (edge $a $b) $b))
    (= (count-in $s $i $n $acc)
       (if (>= $i $n) $acc
           (let $c (collapse (hop-in $s $i)) (let $k (lenl $c 0)
             (count-in $s (+ $i 1) $n (+ $acc $k))))))
    !(count-in &self 0 3 0)
    !(count-in nope 0 3 0)
    !(count-in &self 0 3 0)
    """
    runs = _agree(program)
    got = runs["2"]
    assert got[0] == got[2] == ["5"]
    assert got.counters["jit.deopts.space"] >= 1


def test_a_match_of_values_that_are_not_ground() -> None:
    """A row holding a variable (a fact's own, ``(k (p 3) $w)``): the callback declines it
    (tier 1 matches it: BailReason.SPACE); a call whose argument holds a variable is not
    entered natively (no value with a variable reaches a bound slot of the pattern)."""
    program = """
    (k (p 1) 1) (k (p 2) 2) (k (p 2) 3) (k (p 3) $w)
    (= (look $x) (match &self (k $x $y) $y))
    (= (lenl $l $n) (if (== $l ()) $n (let $t (cdr-atom $l) (lenl $t (+ $n 1)))))
    (= (looks $x $i $n $acc)
       (if (>= $i $n) $acc
           (let $c (collapse (look $x)) (let $k (lenl $c 0) (looks $x (+ $i 1) $n (+ $acc $k))))))
    !(looks (p 2) 0 3 0)
    !(looks (p $z) 0 3 0)
    !(looks (p 3) 0 3 0)
    !(looks (p 2) 0 3 0)
    """
    runs = _agree(program)
    got = runs["2"]
    assert got == [["6"], ["12"], ["3"], ["6"]]
    assert got.counters["jit.deopts.space"] >= 1


def test_a_unit_with_a_match_loads_from_the_disk_cache(tmp_path: Path) -> None:
    prog = tmp_path / "hops.metta"
    prog.write_text(EDGES + HOPS + "!(count-hops 0 6 0)\n!(order-hops 0 4 0)\n")
    args = [sys.executable, "-m", "mettajit", "run", "--tier", "2", "--stats",
            "--jit-cache-dir", str(tmp_path / "cache"), str(prog)]
    first, second = (subprocess.run(args, capture_output=True, text=True, timeout=300)
                     for _ in range(2))
    assert first.stdout == second.stdout == "[7]\n[62]\n", first.stderr + second.stderr
    assert re.search(r"^jit\.cache\.hits\s+[1-9]", second.stderr, re.M), second.stderr
    assert not re.search(r"^jit\.cache\.misses\s", second.stderr, re.M), second.stderr
    assert "native share: 100.0%" in second.stderr, second.stderr


def test_a_match_and_an_effect_in_one_unit_are_refused() -> None:
    interp = Interpreter()
    interp.add_atom(parse_atom("(= (mv $i) (if (== $i 0) () (let $u (add-atom &self (e $i)) "
                               "(match &self (e $i) (mv (- $i 1))))))"))
    chunks = {key: compile_function(key, list(rules), interp)
              for key, rules in interp.space.rule_index.items()}
    root = next(iter(chunks.values()))
    why = refusal(root, chunks.get)
    assert why is not None and "space effect" in why, why


@pytest.mark.parametrize("callee", ["(match &self (edge $a $b) $b)", "(superpose (1 2))"])
def test_an_effect_after_a_call_of_a_multi_function_is_refused(callee: str) -> None:
    """Each result of the call would go on with the effect queued (and the queue was
    dropped: tier 2 lost the facts): refused (``nondet.group_choices``), tier 0's facts."""
    rules = (f"(= (hop $a) {callee})",
             "(= (mark $i $n) (if (>= $i $n) () (let $b (hop $i) "
             "(let $u (add-atom &self (seen $b)) (mark (+ $i 1) $n)))))")
    interp = Interpreter()
    for r in rules:
        interp.add_atom(parse_atom(r))
    chunks = {key: compile_function(key, list(rules), interp)
              for key, rules in interp.space.rule_index.items()}
    root = next(c for k, c in chunks.items() if k[0].name == "mark")
    assert nondet.refusal(root, chunks.get) == "a space effect in a unit with a choice"
    runs = _agree(EDGES + "\n".join(rules) + "\n!(mark 0 3)\n"
                  "!(collapse (match &self (seen $x) $x))\n!(mark 0 3)\n"
                  "!(let $r (collapse (match &self (seen $x) $x)) (size-atom $r))\n")
    assert runs["2"][3] == (["16"] if "match" in callee else ["28"])
