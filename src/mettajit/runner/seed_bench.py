"""The seed report's benchmark tables, measured side by side in one run (DESIGN.md section 6).

This module owns the four seed workloads (arithmetic, boolean, mixed, pow), in two
variants, and their measurement on every tier:

* ``constant``: the chain as written (a compiler may fold it: LLVM does, and says so);
* ``unfoldable``: the leaf is the argument of an arity-1 chunk (``LOAD_LOCAL 0``), called
  with the leaf's value, so nothing can be folded.

Columns: tree-walker (``Interpreter().evaluate``; the leaf substituted in both variants),
bytecode compile+execute, bytecode execute only (the tier-1 VM, when it is installed: the
columns are ``None`` otherwise), JIT execute only (one ``NativeUnit.run`` from Python,
argument atoms in, result atom out) and JIT native (the unit called N times by a native
loop: the cost of the code itself). Every tier's answer is checked before it is timed.
The execute-only columns and the tree-walker time the call itself from the timing loop
(``_time_call``: ``evaluate(atom)``, ``VM.run(chunk, args)``, ``run(args)``), with no
lambda around it; compile+execute is a lambda (it makes two calls).

Chunks for the JIT come from the tier-1 compiler when it honours the leaf (and tier 2 can
compile the result), else from ``assemble_expression`` here: a tiny compiler of the seed's
operator chains, also used by the tests. ``run_seed_bench`` is what ``mettajit bench seed``
calls.

Depth of pow: a tower of ``depth`` twos, i.e. depth - 1 ``pow`` operations (depth 5 is
2**65536; a tower of six twos has 2**65536 binary digits). Elements = depth throughout.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import operator
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from mettajit.atoms.core import FALSE, TRUE, Atom, Expression, Grounded, S, Symbol, num
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import BY_OPERATION, OPCODES, Opcode
from mettajit.bytecode.quicken import quicken
from mettajit.config import DEFAULTS
from mettajit.interpreter import Interpreter
from mettajit.jit import values
from mettajit.runner.metta import tune_gc
from mettajit.runner.tier2 import BAILOUT, Tier2

DEPTHS: Final[dict[str, tuple[int, ...]]] = {
    "arithmetic": (10, 50, 100, 200),
    "boolean": (10, 50, 100, 200),
    "mixed": (10, 50, 100),
    "pow": (1, 2, 3, 5),
}
VARIANTS: Final = ("constant", "unfoldable")
COLUMNS: Final = ("tree_walker_ns", "bytecode_full_ns", "bytecode_exec_ns", "jit_exec_ns",
                  "jit_native_ns")
# beside the columns, in every unfoldable record: ``jit_floor_ns`` (see ``_Bench.floor``)

# operator symbol -> opcode, for ``assemble_expression`` (the opcode table's column)
BINARY_OPS: Final[dict[str, Opcode]] = {
    name: op for name, op in BY_OPERATION.items() if OPCODES[op].pops == 2}
UNARY_OPS: Final[dict[str, Opcode]] = {
    name: op for name, op in BY_OPERATION.items() if OPCODES[op].pops == 1}


# ---------------------------------------------------------------------------------------
# Workloads


@dataclass(frozen=True, slots=True)
class Workload:
    """One chain: the atom, its innermost leaf (by identity) and the expected result."""

    name: str
    depth: int
    atom: Atom
    leaf: Atom
    expected: Atom


def _e(op: str, *args: Atom) -> Expression:
    return Expression((S(op), *args))


def build_workload(name: str, depth: int) -> Workload:
    """The seed's chain ``name`` at ``depth`` (see the module doc)."""
    if name == "arithmetic":
        leaf: Atom = num(1)
        e: Atom = leaf
        total = 1
        for i in range(1, depth + 1):
            e = _e("+", e, num(i % 100))
            total += i % 100
        return Workload(name, depth, e, leaf, num(total))
    if name == "boolean":
        leaf = e = TRUE
        truth = True
        for i in range(depth):
            step = i % 3
            e = _e("not", e) if step == 0 else _e("or", e, FALSE) if step == 1 else \
                _e("and", e, TRUE)
            truth = (not truth) if step == 0 else truth
        return Workload(name, depth, e, leaf, TRUE if truth else FALSE)
    if name == "mixed":
        leaf = e = num(1)
        v = 1
        for i in range(depth):
            k = (i % 50) + 1
            step = i % 3
            if step == 0:
                e, v = _e("+", e, num(k)), v + k
            elif step == 1:
                e, v = _e("-", e, num(k // 2)), v - k // 2
            else:
                e, v = _e("*", e, num(2)), v * 2
        return Workload(name, depth, _e("<", e, num(1000000)), leaf,
                        TRUE if v < 1000000 else FALSE)
    if name == "pow":
        leaf = e = num(2)
        v = 2
        for _ in range(depth - 1):
            e, v = _e("pow", num(2), e), 2**v
        return Workload(name, depth, e, leaf, num(v))
    raise ValueError(f"no workload {name!r}")


def substitute(atom: Atom, leaf: Atom, by: Atom) -> Atom:
    """``atom`` with the sub-atom ``leaf`` (by identity) replaced (chains are shallow)."""
    if atom is leaf:
        return by
    if type(atom) is Expression:
        return Expression(tuple(substitute(c, leaf, by) for c in atom.children))
    return atom


# ---------------------------------------------------------------------------------------
# A tiny compiler of operator chains (the tests use it too)


def assemble_expression(atom: Atom, leaves: tuple[Atom, ...] = (), name: str = "chain") -> Chunk:
    """A chunk computing ``atom`` from grounded numbers, Bools and the operators above;
    the sub-atoms in ``leaves`` (by identity) read argument slots 0, 1, ..."""
    chunk = Chunk(name=name, arity=len(leaves))
    # an explicit stack: (atom, children emitted?) so deep chains need no recursion
    work: list[tuple[Atom, bool]] = [(atom, False)]
    while work:
        a, done = work.pop()
        slot = next((i for i, leaf in enumerate(leaves) if leaf is a), None)
        if slot is not None:
            chunk.emit(Opcode.LOAD_LOCAL, slot)
        elif type(a) is Expression:
            head = a.children[0]
            assert type(head) is Symbol, a
            if done:
                ops = BINARY_OPS if len(a.children) == 3 else UNARY_OPS
                chunk.emit(ops[head.name])
            else:
                work.append((a, True))
                work.extend((c, False) for c in reversed(a.children[1:]))
        elif a is TRUE or a is FALSE:
            chunk.emit(Opcode.PUSH_TRUE if a is TRUE else Opcode.PUSH_FALSE)
        elif type(a) is Grounded and a.kind is int and -128 <= a.value <= 127:
            chunk.emit(Opcode.PUSH_LONG_SMALL, a.value)
        elif type(a) is Grounded and a.kind is int:
            chunk.emit(Opcode.PUSH_LONG, chunk.add_constant(a))
        else:
            chunk.emit(Opcode.PUSH_CONSTANT, chunk.add_constant(a))
    chunk.emit(Opcode.RETURN)
    chunk.n_locals = chunk.arity
    return quicken(chunk).finish()


# ---------------------------------------------------------------------------------------
# Tiers


def _tier1() -> tuple[Any, Any] | None:
    """(compile_expression, a VM runner factory) when tier 1 is installed."""
    try:
        compiler = importlib.import_module("mettajit.bytecode.compiler")
        vm = importlib.import_module("mettajit.bytecode.vm")
    except ImportError:
        return None
    return compiler.compile_expression, vm


def _vm_runner(vm_mod: Any, interp: Any) -> _Runner | None:
    """A ``run(chunk, args) -> results`` over the tier-1 VM, whatever its entry is named."""
    cls = getattr(vm_mod, "VM", None)
    if cls is None:
        return None
    vm = cls(interp)
    run = getattr(vm, "run", None)
    if run is not None:  # ``VM.run`` returns the list of results: timed as it is
        return run  # type: ignore[no-any-return]
    for meth in ("execute", "run_chunk"):
        fn = getattr(vm, meth, None)
        if fn is not None:
            return _listing(fn)
    return None


_Runner = Callable[[Chunk, list[Atom]], list[Atom]]


def _listing(entry: Callable[[Chunk, list[Atom]], Any]) -> _Runner:
    def run(chunk: Chunk, args: list[Atom]) -> list[Atom]:
        return list(entry(chunk, args))

    return run


def _time(fn: Callable[[], object], quick: bool) -> float:
    """Median seconds per call over repeats, each repeat ~``budget`` seconds long."""
    budget, repeats = (0.004, 3) if quick else (0.02, 7)
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-7)
    n = max(1, int(budget / one))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)


def _time_call(quick: bool, fn: Callable[..., object], *args: object) -> float:
    """``_time`` of ``fn(*args)`` called straight from the timing loop: no lambda around
    the call, whose own ~25-30 ns would be counted as the tier's (the JIT's entry costs
    about that much). Each figure still includes the loop's ~5 ns per iteration."""
    budget, repeats = (0.004, 3) if quick else (0.02, 7)
    t0 = time.perf_counter()
    fn(*args)
    one = max(time.perf_counter() - t0, 1e-7)
    n = max(1, int(budget / one))
    samples = []
    for _ in range(repeats):
        if len(args) == 1:
            (a,) = args
            t0 = time.perf_counter()
            for _ in range(n):
                fn(a)
        elif len(args) == 2:
            a, b = args
            t0 = time.perf_counter()
            for _ in range(n):
                fn(a, b)
        else:
            t0 = time.perf_counter()
            for _ in range(n):
                fn(*args)
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)


def _time_native(loop: Callable[[int, list[int]], int], words: list[int], quick: bool) -> float:
    budget, repeats = (0.004, 3) if quick else (0.02, 7)
    n = 1000
    while True:
        t0 = time.perf_counter()
        loop(n, words)
        dt = time.perf_counter() - t0
        if dt > budget / 4 or n > 10**9:
            break
        n *= 4
    n = max(1, int(n * budget / max(dt, 1e-9)))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        loop(n, words)
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)


def _check(tier: str, got: object, expected: Atom) -> None:
    if isinstance(got, list):
        got = got[0] if len(got) == 1 else got
    if got != expected:
        raise AssertionError(f"{tier}: got {got!r}, expected {expected!r}")


class _Bench:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.interp = Interpreter()
        self.tier2 = Tier2()
        t1 = _tier1()
        self.compile_expression = t1[0] if t1 else None
        self.vm = _vm_runner(t1[1], self.interp) if t1 else None
        self._identity: Any = None  # the no-work unit of ``floor``, compiled when first asked

    def jit_chunk(self, w: Workload, variant: str) -> tuple[Chunk, str]:
        leaves = (w.leaf,) if variant == "unfoldable" else ()
        if self.compile_expression is not None:
            try:
                kw = {"arity": 1, "leaf": w.leaf} if leaves else {}
                chunk = self.compile_expression(w.atom, self.interp, name=w.name, **kw)
                reads = any(op is Opcode.LOAD_LOCAL for _, op, _ in chunk.instructions())
                if (reads or not leaves) and self.tier2.compile(chunk) is not None:
                    return chunk, "compiler"
            except Exception:  # a compiler still being written: fall back, say so
                pass
        return assemble_expression(w.atom, leaves, name=w.name), "assembled"

    def measure(self, w: Workload, variant: str) -> dict[str, Any]:
        q = self.quick
        args: list[Atom] = [w.leaf] if variant == "unfoldable" else []
        rec: dict[str, Any] = {"workload": w.name, "depth": w.depth, "variant": variant}
        _check("tree-walker", self.interp.evaluate(w.atom), w.expected)
        rec["tree_walker_ns"] = _time_call(q, self.interp.evaluate, w.atom) * 1e9
        rec["bytecode_full_ns"] = rec["bytecode_exec_ns"] = None
        if self.vm is not None and self.compile_expression is not None:
            vm, ce, interp = self.vm, self.compile_expression, self.interp
            kw = {"arity": 1, "leaf": w.leaf} if args else {}
            chunk1 = ce(w.atom, interp, **kw)
            _check("bytecode", vm(chunk1, args), w.expected)
            rec["bytecode_full_ns"] = _time(lambda: vm(ce(w.atom, interp, **kw), args), q) * 1e9
            rec["bytecode_exec_ns"] = _time_call(q, vm, chunk1, args) * 1e9
        chunk, source = self.jit_chunk(w, variant)
        rec["chunk"] = source
        unit = self.tier2.compile(chunk)
        rec["jit_exec_ns"] = rec["jit_native_ns"] = None
        if unit is not None:
            run = unit.run
            result = run(args)
            if result is not BAILOUT:
                _check("jit", result, w.expected)
                rec["jit_exec_ns"] = _time_call(q, run, args) * 1e9
                loop = self.tier2.engine.native_loop(unit.code)
                words = [values.box(a) for a in args]
                rec["jit_native_ns"] = _time_native(loop, words, q) * 1e9
        if variant == "unfoldable":
            rec["jit_floor_ns"] = self.floor(w.expected)
        return rec

    def floor(self, result: Atom) -> float | None:
        """Nanoseconds below which no entry from Python can return ``result``: a JIT unit
        that computes nothing (``LOAD_LOCAL 0; RETURN``) called from the same timing loop
        with ``result`` itself, so it pays only the entry and the making of a new result
        atom of the same kind (a Bool atom is shared; a Number atom, and its int, are new).
        For an int beyond the 48-bit payload, which that unit hands back without copying,
        the floor is CPython making a new int of its size (``operator.neg``) alone, with no
        entry and no atom. ``bytecode_exec_ns / jit_floor_ns`` is the largest ratio any JIT
        could show against the bytecode through this entry (the perf journal, "floors")."""
        q = self.quick
        if type(result) is Grounded and result.kind is int \
                and not values.INT_MIN <= result.value <= values.INT_MAX:
            return _time_call(q, operator.neg, result.value) * 1e9
        if self._identity is None:
            self._identity = self.tier2.compile(
                assemble_expression(_X, (_X,), name="floor_identity"))
        if self._identity is None:
            return None
        run, args = self._identity.run, [result]
        got = run(args)
        if got is BAILOUT or got != result:
            return None
        return _time_call(q, run, args) * 1e9


def measure_entry_paths(quick: bool = False) -> dict[str, float]:
    """Nanoseconds per call of one small unit ``(+ $x 5)`` through each way into native
    code: the plain ctypes call (words prepared), ctypes with boxing and unboxing of atoms
    in Python, and ``NativeUnit.run``, the METH_FASTCALL builtin (atoms in, atom out). Each
    figure includes the ~30-50 ns of the timing lambda (``python_call_baseline_ns``)."""
    tier2 = Tier2()
    chunk = assemble_expression(_e("+", _X, num(5)), (_X,), name="entry_probe")
    unit = tier2.compile(chunk)
    assert unit is not None
    code = unit.code
    proto = ctypes.PYFUNCTYPE(ctypes.c_int32, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64))
    cfn = proto(code.unit_address)  # keeps the GIL, as native code calling the C API must
    cproto = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64))
    cfn_nogil = cproto(code.unit_address)  # releases the GIL: fine for this unit only
    out = ctypes.c_int64()
    ref = ctypes.byref(out)
    arg = num(37)
    word = values.to_signed(values.box(arg))

    def ctypes_atoms() -> Atom:
        cfn(values.to_signed(values.box(arg)), ref)
        return values.unbox(out.value)

    run, args = unit.run, [arg]
    assert ctypes_atoms() == num(42) and run(args) == num(42)
    return {
        "ctypes_call_ns": _time(lambda: cfn(word, ref), quick) * 1e9,
        "ctypes_call_gil_released_ns": _time(lambda: cfn_nogil(word, ref), quick) * 1e9,
        "ctypes_with_atoms_ns": _time(ctypes_atoms, quick) * 1e9,
        "fastcall_run_ns": _time(lambda: run(args), quick) * 1e9,
        "python_call_baseline_ns": _time(lambda: None, quick) * 1e9,  # the lambda's own cost
    }


_X: Final = Symbol("$entry-probe-arg")


def run_seed_bench(json_path: str | None, quick: bool = False) -> list[dict[str, Any]]:
    """Measure every (workload, depth, variant), print the seed-style tables, write JSON.
    Under the runtime's own collector setting (``runner.metta.tune_gc``), as every program
    runs."""
    tune_gc(DEFAULTS.gc_gen0)
    bench = _Bench(quick)
    records = []
    for name, depths in DEPTHS.items():
        for depth in depths:
            w = build_workload(name, depth)
            for variant in VARIANTS:
                records.append(bench.measure(w, variant))
    print(format_tables(records))
    if json_path is not None:
        with open(json_path, "w") as f:
            json.dump(records, f, indent=1)
    return records


# ---------------------------------------------------------------------------------------
# Tables


def _fmt_time(ns: float | None) -> str:
    if ns is None:
        return "n/a"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def _fmt_rate(elements: int, ns: float | None) -> str:
    if ns is None or ns <= 0:
        return "n/a"
    rate = elements / (ns * 1e-9)
    for unit, scale in (("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if rate >= scale:
            return f"{rate / scale:.1f} {unit}elem/s"
    return f"{rate:.0f} elem/s"


def _fmt_ratio(base: float | None, ns: float | None) -> str:
    """``base / ns`` as the seed writes it: one decimal, two significant digits below 0.1
    (compile+execute against execute only is ~0.003x, not 0.0x); ``-`` when unknown."""
    if base is None or ns is None or ns <= 0 or base <= 0:
        return "-"
    r = base / ns
    return f"{r:,.1f}x" if r >= 0.1 else f"{r:.2g}x"


_ROWS: Final = (
    ("Tree-walker", "tree_walker_ns"),
    ("Bytecode (compile+exec)", "bytecode_full_ns"),
    ("Bytecode (exec only)", "bytecode_exec_ns"),
    ("JIT (exec only, per entry)", "jit_exec_ns"),
    ("JIT (native, per execution)", "jit_native_ns"),
    ("JIT floor (no work, same result)", "jit_floor_ns"),  # unfoldable records only
)


def format_tables(records: list[dict[str, Any]]) -> str:
    """One markdown table per (workload, variant), rows as in the seed report."""
    out = []
    for name in DEPTHS:
        for variant in VARIANTS:
            recs = [r for r in records if r["workload"] == name and r["variant"] == variant]
            if not recs:
                continue
            note = " (folded: by the tier-1 compiler when it made the chunk, else by LLVM)" \
                if variant == "constant" else \
                " (the floor row: the least one entry can cost, ``_Bench.floor``)"
            out.append(f"\n### {name}, {variant}{note}\n")
            out.append("| Depth | Execution Tier | Time | Throughput | vs Tree-Walker "
                       "| vs Bytecode |")
            out.append("|---|---|---|---|---|---|")
            for r in recs:
                for label, key in _ROWS:
                    if key not in r:
                        continue
                    ns = r[key]
                    # as the seed: a row against itself is 1x; the tree-walker row has no
                    # ratio against the bytecode (``-``)
                    vs_tw = "1x" if key == "tree_walker_ns" and ns else \
                        _fmt_ratio(r["tree_walker_ns"], ns)
                    vs_bc = "-" if key == "tree_walker_ns" else \
                        "1x" if key == "bytecode_exec_ns" and ns else \
                        _fmt_ratio(r["bytecode_exec_ns"], ns)
                    # the floor row does no work: no throughput, and its ratio to the
                    # bytecode is the ceiling of the JIT row's
                    rate = "-" if key == "jit_floor_ns" else _fmt_rate(r["depth"], ns)
                    if key == "jit_floor_ns":
                        vs_tw = "-"
                    out.append(
                        f"| {r['depth']} | {label} | {_fmt_time(ns)} | {rate} | {vs_tw} "
                        f"| {vs_bc} |")
    return "\n".join(out)
