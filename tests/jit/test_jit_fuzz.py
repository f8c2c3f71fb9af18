"""Differential fuzz: random arithmetic/boolean/comparison chains on every tier: tier 2
(native code) against the Python semantics of ``grounded.arith`` (the operations every tier
shares), and tier 1 (the compiler and the VM, on the chain with the arguments in it)
against tier 0 (the tree-walker, on the same), on every generated input.

The JIT may bail out only where tier 2 is allowed to: an integer past 48 bits somewhere
along the way, a float involved, or the reference itself failing (an error or a stuck
call) -- and then for the matching reason. Otherwise its answer must be the reference's,
atom for atom (an int is never a Bool), and tier 0's.

Size: hypothesis examples of ``BATCH`` expressions each (compiled together in one LLVM
module, ``Tier2.compile_batch``: half the compile time of one module each), as the profile
says (``support.fuzz``): 15 examples (120 expressions) by default, 1,000 (8,000) in a full
run (``--fuzz=full``); the count is printed at the end of the test session
(``conftest.FUZZ``)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import mettajit.grounded.arith  # noqa: F401  (registers the operations)
import support
from mettajit.atoms.core import FALSE, TRUE, Atom, E, Expression, Grounded, S, Variable, num
from mettajit.atoms.printer import format_atom
from mettajit.grounded.registry import NotReducible, OpError
from mettajit.jit import values as VL
from mettajit.jit.helpers import BailReason
from mettajit.runner.seed_bench import (
    DEPTHS,
    assemble_expression,
    build_workload,
    substitute,
)
from mettajit.runner.tier2 import BAILOUT, NativeUnit

ARGS = (Variable("a"), Variable("b"))  # placeholders: read argument slots 0 and 1
INTERP = support.interpreter()
def _ref_ops() -> dict[str, Any]:
    from mettajit.grounded.registry import BUILTINS

    ops: dict[str, Any] = {}
    for name in ("+", "-", "*", "/", "%", "pow", "<", "<=", ">", ">=", "==", "and", "or",
                 "not"):
        ops[name] = BUILTINS.get(name).fn  # type: ignore[union-attr]
    return ops


OPS = _ref_ops()


class Stuck(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


def reference(atom: Atom, args: list[Atom], trace: dict[str, Any]) -> Atom:
    """Evaluate a chain with the grounded operations; note the largest integer and floats."""
    if type(atom) is Variable:
        v = args[ARGS.index(atom)]
    elif type(atom) is Expression:
        head, *rest = atom.children
        vals = [reference(c, args, trace) for c in rest]
        try:
            v = OPS[head.name](*vals)  # type: ignore[union-attr]
        except NotReducible:
            raise Stuck("stuck") from None
        except OpError as e:
            raise Stuck(getattr(e.reason, "name", str(e.reason))) from None
    else:
        v = atom
    if type(v) is Grounded and v.kind is int:
        trace["max"] = max(trace["max"], abs(v.value))
    if type(v) is Grounded and v.kind is float:
        trace["float"] = True
    return v


small = st.integers(-300, 300)
int_leaf = st.one_of(small.map(num), st.sampled_from(ARGS))
bool_leaf = st.sampled_from([TRUE, FALSE])


def _int_node(kids: Any) -> Any:
    binary = st.tuples(st.sampled_from(["+", "-", "*", "/", "%"]), kids, kids)
    power = st.tuples(st.just("pow"), kids, st.integers(-1, 6).map(num))
    return st.one_of(binary, power).map(lambda t: E(S(t[0]), t[1], t[2]))


ints = st.recursive(int_leaf, _int_node, max_leaves=12)
cmps = st.tuples(st.sampled_from(["<", "<=", ">", ">=", "=="]), ints, ints).map(
    lambda t: E(S(t[0]), t[1], t[2]))


def _bool_node(kids: Any) -> Any:
    binary = st.tuples(st.sampled_from(["and", "or", "=="]), kids, kids).map(
        lambda t: E(S(t[0]), t[1], t[2]))
    return st.one_of(binary, kids.map(lambda k: E(S("not"), k)))


bools = st.recursive(st.one_of(bool_leaf, cmps), _bool_node, max_leaves=10)
# now and then an ill-typed mix, to exercise the guards
mixed = st.tuples(st.sampled_from(["+", "and", "<", "not"]), st.one_of(ints, bools),
                  st.one_of(ints, bools)).map(
    lambda t: E(S(t[0]), t[1]) if t[0] == "not" else E(S(t[0]), t[1], t[2]))
exprs = st.one_of(ints, bools, mixed)

edge = st.sampled_from([VL.INT_MAX, VL.INT_MIN, VL.INT_MAX - 1, 1 << 40, -(1 << 40), 0, -1])
arg_values = st.one_of(
    small.map(num), small.map(num), edge.map(num), st.integers().map(num),
    st.sampled_from([TRUE, FALSE, num(0.5), num(-2.0), S("x")]))


BATCH = 8
cases = st.tuples(exprs, st.lists(st.tuples(arg_values, arg_values), min_size=1, max_size=4))


@support.fuzz(ci=15, full=1000)
@given(st.lists(cases, min_size=BATCH, max_size=BATCH))
def test_every_tier_agrees_on_random_chains(tier2, fuzz_counts, batch) -> None:  # type: ignore[no-untyped-def]
    chunks = [assemble_expression(expr, ARGS, name="fuzz") for expr, _ in batch]
    units = tier2.compile_batch(chunks)
    for (expr, arg_sets), chunk, unit in zip(batch, chunks, units, strict=True):
        assert unit is not None
        for a, b in arg_sets:
            fuzz_counts["bailouts" if check_tiers(expr, chunk, unit, [a, b]) else "native"] += 1
        fuzz_counts["expressions"] += 1
        fuzz_counts["inputs"] += len(arg_sets)


def printed(atoms: list[Atom]) -> list[str]:
    return [format_atom(a) for a in atoms]


def check_tiers(expr: Atom, chunk: Any, unit: NativeUnit, args: list[Atom]) -> bool:
    """Tier 1 gives tier 0's results; tier 2 the reference's or a bail-out it may make
    (True if it bailed out)."""
    concrete = substitute(substitute(expr, ARGS[0], args[0]), ARGS[1], args[1])
    tier0 = INTERP.evaluate(concrete)
    # (the VM on the assembled ``chunk`` would do, but for the text of error values: those
    # show the call as written, which the real compiler records and ``chunk`` does not)
    tier1 = support.vm_run(support.query_chunk(INTERP, concrete), interp=INTERP).atoms
    assert printed(tier1) == printed(tier0), concrete  # (printed: NaN is NaN)
    trace: dict[str, Any] = {"max": 0, "float": False}
    try:
        want: Atom | Stuck = reference(expr, args, trace)
    except Stuck as s:
        want = s
    got = unit.run(args)
    big = trace["max"] > VL.INT_MAX
    if got is BAILOUT:
        reason = unit.last_reason
        if big or trace["float"]:
            return True
        if not isinstance(want, Stuck):
            # the operation alone gives a value, but only because it did not look at a
            # mistyped operand (``and`` with False first and a non-Bool second; ``==``
            # of a Number and a Bool, False to the operation): tier 0 checks argument
            # types first (an error). The JIT leaves such mixes to tier 1, whatever
            # tier 0 makes of them.
            assert reason is BailReason.UNEXPECTED_VALUE, (expr, args, want, reason)
            assert "and" in str(expr) or "==" in str(expr), (expr, args, want, reason)
            return True
        if want.why == "DivisionByZero":
            assert reason is BailReason.DIVISION_BY_ZERO, (expr, args, reason)
        else:
            assert reason in (BailReason.NOT_SMALL_INT, BailReason.UNEXPECTED_VALUE), \
                (expr, args, want.why, reason)
        return True
    assert not isinstance(want, Stuck), (expr, args, want.why, got)
    assert got == want, (expr, args, want, got)
    # and tier 0, the oracle, says the same of the chain with the arguments in it
    assert tier0 == [got], (concrete, got)
    assert type(got) is type(want)
    if type(got) is Grounded:
        assert got.kind is want.kind, (expr, args, want, got)  # type: ignore[union-attr]
    return False


def test_seed_chains_agree_on_every_tier(tier2) -> None:  # type: ignore[no-untyped-def]
    """The seed workloads, both variants, through tier 2 against tier 0 and tier 1 (with
    chunks from the real compiler, and assembled ones)."""
    for name, depths in DEPTHS.items():
        for depth in depths:
            w = build_workload(name, depth)
            assert INTERP.evaluate(w.atom) == [w.expected]
            chunks = [assemble_expression(w.atom, (w.leaf,), name=name),
                      support.query_chunk(INTERP, w.atom, arity=1, leaf=w.leaf)]
            assert support.vm_run(chunks[-1], w.leaf, interp=INTERP).atoms == [w.expected]
            for chunk in chunks:
                unit = tier2.compile(chunk)
                assert unit is not None, chunk.instructions()
                assert unit.run([w.leaf]) == w.expected
