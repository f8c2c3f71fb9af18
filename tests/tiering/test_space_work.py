"""Work over a space counts: a join runs compiled under auto, and a unit that writes facts
in a loop (kb_query's gen-chain: a let-bound variable in the else branch of an ``if``)
is compiled to tier 1 (the branches as data are renamed apart, as tier 0 renames them)."""

from __future__ import annotations

import pytest

import support
from mettajit.atoms.reader import parse_atom
from mettajit.config import Settings
from mettajit.runner.policy import TierPolicy
from mettajit.runner.tiering import joins

GEN = """
(= (gen $i $n)
   (if (>= $i $n) ()
       (let $j (+ $i 1)
         (let $u (add-atom &self (edge (v $i) (v $j))) (gen $j $n)))))
!(gen 0 30)
(= (two $x) (match &self (edge $x $y) (match &self (edge $y $z) $z)))
!(collapse (two (v 3)))
!(let $r (collapse (match &self (edge $a $b) (match &self (edge $b $c) ($a $c)))) (size-atom $r))
"""


def test_joins_counts_a_match_inside_a_match_template() -> None:
    assert joins(parse_atom("(match &self (e $a $b) (match &self (e $b $c) $c))")) == 1
    assert joins(parse_atom("(collapse (match &self (e $a $b) ($a $b)))")) == 0
    # a match in the pattern or the space position is no join
    assert joins(parse_atom("(match &self (match $x $y $z) $x)")) == 0
    assert joins(parse_atom(
        "(match &s (e $a) (match &s (e $b) (match &s (e $c) $c)))")) == 2


def test_policy_runs_joins_in_the_vm_under_auto_only() -> None:
    auto = TierPolicy.of(Settings().with_(tier="auto"))
    assert not auto.query_in_vm_for(0) and auto.query_in_vm_for(1)
    zero = TierPolicy.of(Settings().with_(tier="0"))
    assert not zero.query_in_vm_for(3)
    assert not zero.compile_unit(1, joins=1)  # tier 0 compiles nothing
    assert auto.compile_unit(1, joins=1) and not auto.compile_unit(1, joins=0)


@pytest.mark.parametrize("tier", support.TIERS)
def test_gen_and_joins_agree(tier: str) -> None:
    got = support.run(tier, GEN)
    assert got == [["()"], ["((v 5))"], ["29"]]


def test_auto_compiles_the_join_query_and_the_joining_unit() -> None:
    got = support.run("auto", GEN)
    c = got.counters
    assert c["tier1.queries"] == 1  # the let/collapse/match query, in the VM
    # gen (an if whose else branch binds $j with let) compiled after 10 tier-0 calls,
    # two (a join) at its first
    assert c["tier1.units.compiled"] == 2
    assert c["tier1.units.refused"] == 0


def test_if_branches_as_data_rename_the_rule_body_variables() -> None:
    program = """
    (= (g $i) (if $i () (let $j (+ 1 $i) (foo $j))))
    !(g a)
    !(g 1)
    """
    want = support.run("0", program).bags()
    for tier in support.COMPILED:
        got = support.run(tier, program, tier1_threshold=0)
        assert got.bags() == want, tier
        assert got.counters["tier1.units.refused"] == 0, tier
    # the variable is a fresh one, not the rule's own $j
    assert "$j " not in support.run("1", program)[0][0]


def test_match_of_no_space_in_a_rule_body() -> None:
    program = """
    (= (m $s) (match $s (e $y) (found $y)))
    !(m foo)
    !(m &self)
    (e 1)
    !(m &self)
    """
    want = support.run("0", program).bags()
    for tier in support.COMPILED:
        assert support.run(tier, program, tier1_threshold=0).bags() == want, tier
