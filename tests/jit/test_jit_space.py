"""Spaces from native code (``jit.spacematch``, ``jit.spacescan``): a loop that writes
facts with ``add-atom``/``remove-atom`` runs natively, its effects queued to the end of
each iteration, and a bail-out never makes an effect twice (tier 1 goes on from the
iteration that bailed). Every program is checked against tier 0 on tiers 1, 2 and auto,
with the steps each tier counts."""

from __future__ import annotations

import pytest

import support
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.compiler import compile_function
from mettajit.interpreter import Interpreter
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
