"""The JIT engine: the only module that touches ``llvmlite.binding``.

It owns LLVM's process-wide set-up (native target, the external symbols of
``jit.helpers``), the optimisation pipeline (the new pass manager at -O3), code generation
with one MCJIT execution engine, the code cache, the ``--dump-ir/--dump-opt-ir/--dump-asm``
dumps, compile statistics, and the entries from Python into native code.

Entry from Python (figures in docs/perf-journal.md, "## JIT"): every unit gets a
METH_FASTCALL entry (``<unit>.entry`` from ``jit.lower``) wrapped as a builtin function
with ``PyCFunction_NewEx`` over a ``PyMethodDef`` this module keeps alive. It takes the
argument atoms as one list and returns the result atom (built natively), so the tiering
code calls it directly: ~50-80 ns a call, against 450-950 ns for a bare ctypes call of the
unit on words and ~2 us with boxing and unboxing in Python (``CompiledUnit.call_words``,
kept for tests and for measuring).

Lifetimes: native code lives as long as the execution engine, which is never freed while a
``CompiledUnit`` refers to it: each unit holds its engine, its method definition and its
chunk (whose constant pool holds the objects the code's HANDLE constants point to); the
builtin holds the unit as its ``self``.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import llvmlite.binding as llvm
from llvmlite import ir

from mettajit.atoms.core import Atom
from mettajit.bytecode.chunk import Chunk
from mettajit.config import DEFAULTS, Settings
from mettajit.jit import helpers, values
from mettajit.jit.lower import (
    N_STATUS,
    LoweredUnit,
    lower_chunk,
    lower_function,
    lower_native_loop,
)
from mettajit.jit.scan import NotCompilable, function_closure
from mettajit.stats import Stats

METH_FASTCALL: Final = 1 << 7  # CPython's flag value


class _MethodDef(ctypes.Structure):
    _fields_ = [
        ("ml_name", ctypes.c_char_p),
        ("ml_meth", ctypes.c_void_p),
        ("ml_flags", ctypes.c_int),
        ("ml_doc", ctypes.c_char_p),
    ]


_new_cfunction = ctypes.pythonapi.PyCFunction_NewEx
_new_cfunction.restype = ctypes.py_object
_new_cfunction.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]

_llvm_ready = False
_runtime: list[object] = []  # the runtime module's engine: never freed (units link to it)


def _init_llvm() -> None:
    """Once per process: the native target, every external symbol native code uses, and
    the runtime module (the ``shared`` helpers, compiled once: ~1 ms per unit instead of
    some 30-40 ms of optimising and generating them again in every unit's module)."""
    global _llvm_ready
    if _llvm_ready:
        return
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    for name in helpers.CAPI_FUNCTIONS:
        llvm.add_symbol(name, helpers.capi_address(name))
    for name, addr in helpers.data_symbols().items():
        llvm.add_symbol(name, addr)
    tm = llvm.Target.from_default_triple().create_target_machine(
        opt=3, jit=True, codemodel="jitdefault")
    mod = llvm.parse_assembly(str(helpers.runtime_module()))
    mod.verify()
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=3))
    pb.getModulePassManager().run(mod, pb)
    ee = llvm.create_mcjit_compiler(mod, tm)
    ee.finalize_object()
    for h in helpers.HELPERS.values():
        if h.shared:
            llvm.add_symbol(h.name, ee.get_function_address(h.name))
    _runtime.extend([ee, tm, mod])
    _llvm_ready = True


@dataclass(eq=False)
class CompiledUnit:
    """Native code of one chunk. ``entry(atoms)`` (one list or tuple of argument atoms)
    returns the result atom, or ``helpers.BAILOUT`` (the reason: ``last_status``)."""

    chunk: Chunk
    name: str
    arity: int
    unit_address: int
    entry: Callable[[Sequence[Atom]], Any]
    engine: JitEngine
    globals_address: dict[str, int]
    _keep: list[object] = field(default_factory=list)

    @property
    def entries(self) -> int:
        """Calls of ``entry`` so far (counted by native code)."""
        return ctypes.c_int64.from_address(self.globals_address["entries"]).value

    @property
    def last_status(self) -> int:
        """The reason of the latest bail-out of ``entry`` (0: none yet)."""
        return ctypes.c_int32.from_address(self.globals_address["status"]).value

    def deopt_counts(self) -> list[int]:
        """Bail-outs of ``entry`` so far, indexed by status code."""
        arr = ctypes.c_int64 * N_STATUS
        return list(arr.from_address(self.globals_address["deopts"]))

    def call_words(self, words: list[int]) -> tuple[int, int]:
        """The plain ctypes path: (status, result word). A HANDLE result carries a reference
        that the caller must drop (``values.unbox`` then ``drop_handle``)."""
        fn = self.__dict__.get("_cfn")
        if fn is None:
            # PYFUNCTYPE: the GIL stays held (native code may call the C API)
            proto = ctypes.PYFUNCTYPE(ctypes.c_int32, *([ctypes.c_int64] * self.arity),
                                     ctypes.POINTER(ctypes.c_int64))
            fn = self.__dict__["_cfn"] = proto(self.unit_address)
        out = ctypes.c_int64(0)
        status = fn(*[ctypes.c_int64(w).value for w in words], ctypes.byref(out))
        return int(status), out.value & values.WORD_MASK


class JitEngine:
    """Compiles chunks to native code; caches by chunk identity."""

    def __init__(self, settings: Settings = DEFAULTS, stats: Stats | None = None) -> None:
        _init_llvm()
        self.settings = settings
        self.stats = stats if stats is not None else Stats()
        target = llvm.Target.from_default_triple()
        self.tm = target.create_target_machine(opt=3, jit=True, codemodel="jitdefault")
        self.ee = llvm.create_mcjit_compiler(llvm.parse_assembly(""), self.tm)
        # expression units by id(chunk); function units by the ids of their closure
        self.cache: dict[Any, CompiledUnit | None] = {}
        self._chunks: dict[int, Chunk] = {}  # keeps cached chunks alive: ids stay unique
        self._serial = 0

    # -- modules ------------------------------------------------------------------------

    def _dump(self, title: str, text: str) -> None:
        print(f";; ---- {title} ----\n{text}", file=sys.stderr)

    def optimise(self, mod: llvm.ModuleRef) -> None:
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pb = llvm.create_pass_builder(self.tm, pto)
        pb.getModulePassManager().run(mod, pb)

    def add_module(self, module: ir.Module, title: str) -> llvm.ModuleRef:
        """Verify, optimise and generate code for an IR module; returns its binding."""
        text = str(module)
        if self.settings.dump_ir:
            self._dump(f"IR {title}", text)
        mod = llvm.parse_assembly(text)
        mod.verify()
        self.optimise(mod)
        if self.settings.dump_opt_ir:
            self._dump(f"optimised IR {title}", str(mod))
        if self.settings.dump_asm:
            self._dump(f"assembly {title}", self.tm.emit_assembly(mod))
        self.ee.add_module(mod)
        self.ee.finalize_object()
        return mod

    # -- units --------------------------------------------------------------------------

    def compile(self, chunk: Chunk,
                resolve: Callable[[Any], Chunk | None] | None = None) -> CompiledUnit | None:
        """Native code for ``chunk``, or None if tier 2 cannot compile it (cached either way).

        Without ``resolve`` the chunk is an expression unit (no calls). With it, a function
        unit: ``resolve(key)`` gives the chunk of each unit it calls (None: that unit has no
        native code, so neither has this one); the unit and its callees become one module
        with direct native calls, cached on the identities of all their chunks (a callee
        recompiled after a rule change is a new chunk, so a new key)."""
        callees: dict[Any, Chunk] = {}
        if resolve is None:
            key: Any = id(chunk)
        else:
            try:
                callees = function_closure(chunk, resolve)
            except NotCompilable:
                self.stats.count("jit.not_compilable")
                return None
            key = (id(chunk), *(id(c) for c in callees.values()))
        if key in self.cache:
            return self.cache[key]
        self._chunks[id(chunk)] = chunk
        for c in callees.values():
            self._chunks[id(c)] = c
        t0 = time.perf_counter()
        self._serial += 1
        try:
            name = f"u{self._serial}_{chunk.name}"
            if resolve is None:
                lowered = lower_chunk(chunk, name)
            else:
                lowered = lower_function(chunk, callees, name)
        except NotCompilable:
            self.stats.count("jit.not_compilable")
            self.cache[key] = None
            return None
        try:
            unit = self._finish(chunk, lowered)
        except RuntimeError as exc:  # LLVM rejected the IR: a lowering bug, never a crash
            print(f"mettajit: tier 2 could not compile {chunk.name}: {exc}", file=sys.stderr)
            self.stats.count("jit.compile_errors")
            self.cache[key] = None
            return None
        self.stats.count("jit.compiles")
        self.stats.add_time("jit.compile", time.perf_counter() - t0)
        self.cache[key] = unit
        return unit

    def compile_batch(self, chunks: Sequence[Chunk]) -> list[CompiledUnit | None]:
        """``compile`` of several expression units at once, in one LLVM module: they share
        the per-module costs (parsing, the pass pipeline's set-up, code emission) and the
        helpers' code, about half the compile time of small units (the differential fuzz
        compiles thousands). Same cache, same units as ``compile`` would make."""
        todo = [c for c in {id(c): c for c in chunks}.values() if id(c) not in self.cache]
        t0 = time.perf_counter()
        while todo:
            self._serial += 1
            module = ir.Module(name=f"batch{self._serial}")
            module.triple = ""
            lowered: list[tuple[Chunk, LoweredUnit]] = []
            refused: Chunk | None = None
            for c in todo:
                self._serial += 1
                try:
                    lowered.append((c, lower_chunk(c, f"u{self._serial}_{c.name}", module)))
                except NotCompilable:
                    refused = c  # it may have left a part of itself in the module: again
                    break
            if refused is not None:
                self.stats.count("jit.not_compilable")
                self.cache[id(refused)] = None
                todo.remove(refused)
                continue
            for c in todo:
                self._chunks[id(c)] = c
            try:
                mod = self.add_module(module, module.name)
            except RuntimeError:  # a lowering bug: find the culprit one chunk at a time
                for c in todo:
                    self.compile(c)
                break
            for c, low in lowered:
                self.cache[id(c)] = self._wrap(c, low, mod)
                self.stats.count("jit.compiles")
            self.stats.add_time("jit.compile", time.perf_counter() - t0)
            break
        return [self.cache[id(c)] for c in chunks]

    def _finish(self, chunk: Chunk, lowered: LoweredUnit) -> CompiledUnit:
        return self._wrap(chunk, lowered, self.add_module(lowered.module, lowered.unit_name))

    def _wrap(self, chunk: Chunk, lowered: LoweredUnit, mod: llvm.ModuleRef) -> CompiledUnit:
        """The ``CompiledUnit`` of a lowered chunk whose module is compiled (``mod``)."""
        entry_addr = self.ee.get_function_address(lowered.entry_name)
        name = lowered.unit_name.encode()
        mdef = _MethodDef(name, entry_addr, METH_FASTCALL, None)
        unit = CompiledUnit(
            chunk=chunk,
            name=lowered.unit_name,
            arity=lowered.arity,
            unit_address=self.ee.get_function_address(lowered.unit_name),
            entry=_no_entry,
            engine=self,
            globals_address={
                g: self.ee.get_global_value_address(f"{lowered.unit_name}.{g}")
                for g in ("entries", "status", "deopts")},
            _keep=[mdef, name, mod],
        )
        unit.entry = _new_cfunction(ctypes.addressof(mdef), unit, None)
        return unit

    def native_loop(self, unit: CompiledUnit) -> Callable[[int, list[int]], int]:
        """``loop(n, words)``: calls the unit n times from native code (for timing)."""
        self._serial += 1
        name = f"loop{self._serial}_{unit.name}"
        mod = self.add_module(lower_native_loop(unit.unit_address, unit.arity, name), name)
        # PYFUNCTYPE keeps the GIL: the loop drops references of big results
        proto = ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64))
        fn = proto(self.ee.get_function_address(name))
        keep = [mod, unit]

        def loop(n: int, words: list[int]) -> int:
            argv = (ctypes.c_int64 * max(len(words), 1))(
                *[ctypes.c_int64(w).value for w in words])
            return int(fn(n, argv)) if keep else 0

        return loop


def _no_entry(args: Sequence[Atom]) -> object:
    raise RuntimeError("unit not finished")
