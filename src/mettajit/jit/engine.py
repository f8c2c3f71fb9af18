"""The JIT engine: the only module that touches ``llvmlite.binding``.

It owns LLVM's process-wide set-up (native target, the external symbols of
``jit.helpers``), the optimisation pipeline (the new pass manager at -O3), code generation
with one MCJIT execution engine, the code cache, the ``--dump-ir/--dump-opt-ir/--dump-asm``
dumps, compile statistics, and the entries from Python into native code.

LLVM loads late and is reused across runs: ``llvmlite.binding`` is imported, the native
target set up and the runtime module made when the first module is (``JitEngine._llvm``),
not when an engine is; and object code is kept on disk between runs (``jit.diskcache``,
keyed by the IR and what else the code depends on, ``_cache_salt``): a hit is loaded with
``add_object_file`` (~1-2 ms) instead of optimised and generated (~40-80 ms). The stats
count ``jit.cache.hits/misses/writes`` and time (CPU) ``jit.fixed.import/init/runtime/load``,
``jit.lower`` and ``jit.compile``; ``Stats.jit_fixed_line`` sums them up for ``--stats``.

Entry from Python (figures in docs/perf-journal.md, "## JIT"): every unit gets a
METH_FASTCALL entry (``<unit>.entry`` from ``jit.lower``) wrapped as a builtin function
with ``PyCFunction_NewEx`` over a ``PyMethodDef`` this module keeps alive. It takes the
argument atoms as one list and returns the result atom (built natively), so the tiering
code calls it directly: ~50-80 ns a call, against 450-950 ns for a bare ctypes call of the
unit on words and ~2 us with boxing and unboxing in Python (``CompiledUnit.call_words``,
kept for tests and for measuring).

Lifetimes: every compiled module gets an MCJIT execution engine of its own
(``NativeModule``; ~0.06 ms to make), because closing an engine is the only way MCJIT
gives machine code back (``remove_module`` frees the IR, not the code). A module is freed
(``release_chunks``, ``release_units``: its engine closed, the HEAP uses of its constants
given back) when the tiering says its units are stale (a rule or type changed) or
disabled; until then, and while nothing asked for that, it lives as long as any of its
units: each unit holds its module record, its method definition and its chunk; the
builtin holds the unit as its ``self``. Freeing is safe because

* no native frame is live when Python code frees a module: native code never calls back
  into code that could reach the tiering (it calls the C API on numbers and atoms only);
* nothing calls a freed unit's code by its address: a module contains every unit it calls
  (no calls between modules; ``native_loop``, for timing, checks that its unit lives), and
  the METH_FASTCALL builtin of each of its units, which anything may still hold (a bridge,
  a caller), is disarmed first: its ``PyMethodDef`` is pointed at ``rt_dead_entry`` of the
  runtime module (never freed), which answers BAILOUT, so a late call runs tier 1;
* the counters native code kept in the module's globals are copied out before.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import llvmlite  # its version; llvmlite.binding (LLVM itself) loads when code is made
from llvmlite import ir

from mettajit.atoms.core import Atom
from mettajit.bytecode.chunk import Chunk
from mettajit.config import DEFAULTS, Settings
from mettajit.jit import diskcache, helpers, values
from mettajit.jit.diskcache import ObjectCache
from mettajit.jit.lower import (
    N_STATUS,
    LoweredUnit,
    lower_chunk,
    lower_function,
    lower_native_loop,
)
from mettajit.jit.scan import NotCompilable, function_closure
from mettajit.stats import Stats

LLVMLITE_FLOOR: Final = (0, 44)
"""The oldest llvmlite tier 2 works with, as pyproject's ``llvmlite>=`` says (a test keeps
them equal): 0.44 brought the new pass manager (``create_pass_builder``) that
:func:`_init_llvm` and :class:`JitEngine` optimise with."""


def llvmlite_too_old(version: str) -> str | None:
    """Why an llvmlite of this ``__version__`` cannot run tier 2, or None when it can."""
    found = re.match(r"(\d+)\.(\d+)", version)
    if found is None or (int(found[1]), int(found[2])) >= LLVMLITE_FLOOR:
        return None  # an unparsable version: let the API itself say what is missing
    floor = ".".join(map(str, LLVMLITE_FLOOR))
    return f"tier 2 needs llvmlite {floor} or newer, this is {version}"


if (_why := llvmlite_too_old(llvmlite.__version__)) is not None:
    raise ImportError(_why)  # tiering catches it: tier 1 runs instead (one line on stderr)

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

llvm: Any = None  # llvmlite.binding, once ``_binding`` imported it
_llvm_ready = False
_runtime: list[object] = []  # the runtime module's engine: never freed (units link to it)
_dead_entry: list[int] = []  # address of rt_dead_entry (what freed units' entries call)
_caches: dict[Path, ObjectCache] = {}  # the disk caches opened, by folder


def _binding(stats: Stats) -> Any:
    """``llvmlite.binding``, imported on first use (``jit.fixed.import``): a process that
    compiles nothing never loads LLVM (~45 ms of CPU and ~70 MB of memory)."""
    global llvm
    if llvm is None:
        t0 = time.process_time()
        import llvmlite.binding as binding  # on first use: see the docstring

        llvm = binding
        stats.add_time("jit.fixed.import", time.process_time() - t0)
    return llvm


def _fixed(stats: Stats, name: str, t0: float) -> None:
    stats.add_time(f"jit.fixed.{name}", time.process_time() - t0)


def _init_llvm(stats: Stats, cache: ObjectCache | None) -> None:
    """Once per process: the native target, every external symbol native code uses, and
    the runtime module (the ``shared`` helpers, compiled once: ~1 ms per unit instead of
    some 30-40 ms of optimising and generating them again in every unit's module), its
    object code from the disk cache when it is there (``jit.fixed.runtime``: ~2 ms
    loaded, ~80 ms compiled)."""
    global _llvm_ready
    if _llvm_ready:
        return
    _binding(stats)
    t0 = time.process_time()
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    for name in helpers.CAPI_FUNCTIONS:
        llvm.add_symbol(name, helpers.capi_address(name))
    for name, addr in helpers.data_symbols().items():
        llvm.add_symbol(name, addr)
    _fixed(stats, "init", t0)
    t0 = time.process_time()
    key = cache.key(f"runtime module {_runtime_version()}") if cache is not None else ""
    obj = cache.get(key) if cache is not None else None
    if obj is not None:
        ee = _load_object(obj)
        stats.count("jit.cache.hits")
    else:
        tm = _target_machine()
        mod = llvm.parse_assembly(str(helpers.runtime_module()))
        mod.verify()
        pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=3))
        pb.getModulePassManager().run(mod, pb)
        ee = _code_of(mod, tm, cache, key, stats)
    for h in helpers.HELPERS.values():
        if h.shared:
            llvm.add_symbol(h.name, ee.get_function_address(h.name))
    _dead_entry.append(ee.get_function_address("rt_dead_entry"))
    _runtime.append(ee)
    _fixed(stats, "runtime", t0)
    _llvm_ready = True


def _code_of(mod: Any, tm: Any, cache: ObjectCache | None, key: str, stats: Stats) -> Any:
    """Generate code for an optimised module in an execution engine of its own (which owns
    ``mod`` and ``tm``); with a cache, the object code is stored under ``key``."""
    ee = llvm.create_mcjit_compiler(mod, tm)
    made: list[bytes] = []
    if cache is not None:
        ee.set_object_cache(lambda _module, data: made.append(bytes(data)))
    ee.finalize_object()
    if cache is not None:
        stats.count("jit.cache.misses")
        if made and cache.put(key, made[-1]):
            stats.count("jit.cache.writes")
    return ee


def _load_object(obj: bytes) -> Any:
    """An execution engine holding object code from the cache: no optimisation, no code
    generation (~1 ms); symbols are resolved as for code made here."""
    ee = llvm.create_mcjit_compiler(llvm.parse_assembly(""), _target_machine())
    ee.add_object_file(llvm.ObjectFileRef.from_data(obj))
    ee.finalize_object()
    return ee


def _cache_salt() -> str:
    """What object code depends on besides its IR: LLVM, the host CPU, the Python build."""
    cpu = llvm.get_host_cpu_name()
    features = llvm.get_host_cpu_features().flatten()
    return "\n".join((
        f"llvmlite {llvmlite.__version__}",
        f"llvm {'.'.join(map(str, llvm.llvm_version_info))}",
        f"triple {llvm.get_process_triple()}",
        f"cpu {cpu} {hashlib.sha256(features.encode()).hexdigest()}",
        f"python {sys.version} {sys.implementation.cache_tag}",
        f"runtime {_runtime_version()}",
    ))


_RUNTIME_SOURCES: Final = ("jit/helpers.py", "jit/values.py", "interpreter/limits.py",
                           "atoms/core.py")


def _runtime_version() -> str:
    """A digest of what the runtime module's code and every unit's ABI are made from: the
    sources of the modules that build its IR and of the layouts they probe, and the
    CPython facts ``helpers`` found (a change to any of them is a new version)."""
    found = _version_memo
    if found:
        return found[0]
    h = hashlib.sha256()
    base = Path(helpers.__file__).resolve().parent.parent
    for rel in _RUNTIME_SOURCES:
        try:
            h.update((base / rel).read_bytes())
        except OSError:  # no source (a zip): the IR of the runtime module stands in
            h.update(str(helpers.runtime_module()).encode())
    facts = sorted((k, v) for k, v in vars(helpers).items()
                   if k.isupper() and isinstance(v, (int, bool)))
    h.update(repr(facts).encode())
    found.append(h.hexdigest())
    return found[0]


_version_memo: list[str] = []


def object_cache(settings: Settings, stats: Stats) -> ObjectCache | None:
    """The disk cache the settings ask for (shared by the engines of a process), or None
    when it is off. Needs LLVM loaded (the key names the host CPU)."""
    root = diskcache.cache_root(settings)
    if root is None:
        return None
    cache = _caches.get(root)
    if cache is None:
        cache = _caches[root] = ObjectCache(root, _cache_salt())
    return cache


@dataclass(eq=False)
class NativeModule:
    """One compiled LLVM module in an execution engine of its own (closing it frees the
    machine code, the globals and the IR), the units whose code it holds, and the HEAP
    uses its constants recorded (``values.recording_handles``)."""

    ee: Any  # llvm.ExecutionEngine
    handles: list[int] = field(default_factory=list)
    units: list[CompiledUnit] = field(default_factory=list)
    released: int = 0  # units the engine no longer hands out; freed when all are
    freed: bool = False


@dataclass(eq=False)
class CompiledUnit:
    """Native code of one chunk. ``entry(atoms)`` (one list or tuple of argument atoms)
    returns the result atom, or ``helpers.BAILOUT`` (the reason: ``last_status``). Once
    its module is freed (``freed``) the entry answers BAILOUT and the counters keep their
    last values."""

    chunk: Chunk
    name: str
    arity: int
    unit_address: int
    entry: Callable[[Sequence[Atom]], Any]
    engine: JitEngine
    globals_address: dict[str, int]
    module: NativeModule | None = None
    key: Any = None  # the engine's cache key
    mdef: Any = None  # the _MethodDef of ``entry``
    released: bool = False
    final: tuple[int, int, list[int]] | None = None  # the counters when freed
    _keep: list[object] = field(default_factory=list)

    @property
    def freed(self) -> bool:
        return self.final is not None

    @property
    def entries(self) -> int:
        """Calls of ``entry`` so far (counted by native code)."""
        if self.final is not None:
            return self.final[0]
        return ctypes.c_int64.from_address(self.globals_address["entries"]).value

    @property
    def last_status(self) -> int:
        """The reason of the latest bail-out of ``entry`` (0: none yet)."""
        if self.final is not None:
            return self.final[1]
        return ctypes.c_int32.from_address(self.globals_address["status"]).value

    def deopt_counts(self) -> list[int]:
        """Bail-outs of ``entry`` so far, indexed by status code."""
        if self.final is not None:
            return list(self.final[2])
        arr = ctypes.c_int64 * N_STATUS
        return list(arr.from_address(self.globals_address["deopts"]))

    def call_words(self, words: list[int]) -> tuple[int, int]:
        """The plain ctypes path: (status, result word). A HANDLE result carries a reference
        that the caller must drop (``values.unbox`` then ``drop_handle``)."""
        if self.freed:
            raise RuntimeError(f"{self.name}: native code freed")
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
        self.settings = settings
        self.stats = stats if stats is not None else Stats()
        self._tm: Any = None  # optimisation and --dump-asm (each engine has its own)
        self._disk: ObjectCache | None = None
        self._ready = False  # LLVM loaded (``_llvm``): on the first module, not before
        # expression units by id(chunk); function units by the ids of their closure
        self.cache: dict[Any, CompiledUnit | None] = {}
        self._chunks: dict[int, Chunk] = {}  # keeps cached chunks alive: ids stay unique
        self._keys: dict[int, set[Any]] = {}  # id(chunk) -> the cache keys naming it
        self._live: dict[int, NativeModule] = {}  # by id: modules not freed
        self._serial = 0

    @property
    def live_modules(self) -> int:
        """Compiled modules not freed (``jit.modules.live`` in the stats)."""
        return len(self._live)

    @property
    def ready(self) -> bool:
        """Whether LLVM, the runtime module and the disk cache are loaded (tier 2's fixed
        cost paid: a further unit costs its own lowering and load)."""
        return self._ready

    # -- modules ------------------------------------------------------------------------

    def _llvm(self) -> None:
        """LLVM, the runtime module and the disk cache, once a module is to be made."""
        if self._ready:
            return
        _binding(self.stats)
        self._disk = object_cache(self.settings, self.stats)
        _init_llvm(self.stats, self._disk)
        self._tm = _target_machine()
        self._ready = True

    @property
    def tm(self) -> Any:
        """This engine's target machine (optimisation, ``--dump-asm``)."""
        self._llvm()
        return self._tm

    @property
    def disk_cache(self) -> ObjectCache | None:
        """The disk cache of object code this engine reads and writes (None: off)."""
        self._llvm()
        return self._disk

    def _dump(self, title: str, text: str) -> None:
        print(f";; ---- {title} ----\n{text}", file=sys.stderr)

    def optimise(self, mod: Any) -> None:
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pb = llvm.create_pass_builder(self.tm, pto)
        pb.getModulePassManager().run(mod, pb)

    def add_module(self, module: ir.Module, title: str, track: bool = True,
                   cached: bool = True) -> NativeModule:
        """Verify, optimise and generate code for an IR module, in an execution engine of
        its own; ``track``: counted in ``live_modules`` until freed. ``cached``: its
        object code comes from the disk cache when there (``jit.cache.hits``), else it is
        compiled (``jit.compile``) and stored (``jit.cache.misses``)."""
        text = str(module)
        if self.settings.dump_ir:
            self._dump(f"IR {title}", text)
        self._llvm()
        for name, addr in helpers.take_new_symbols():  # the symbol cells it may name
            llvm.add_symbol(name, addr)
        cache = self._disk if cached else None
        t0 = time.process_time()
        key = cache.key(text) if cache is not None else ""
        # the other dumps need the module optimised here: they bypass reading the cache
        dumps = self.settings.dump_opt_ir or self.settings.dump_asm
        obj = cache.get(key) if cache is not None and not dumps else None
        if obj is not None:
            ee = _load_object(obj)
            self.stats.count("jit.cache.hits")
            _fixed(self.stats, "load", t0)
        else:
            mod = llvm.parse_assembly(text)
            mod.verify()
            self.optimise(mod)
            if self.settings.dump_opt_ir:
                self._dump(f"optimised IR {title}", str(mod))
            if self.settings.dump_asm:
                self._dump(f"assembly {title}", self.tm.emit_assembly(mod))
            # owns mod and the machine
            ee = _code_of(mod, _target_machine(), cache, key, self.stats)
            self.stats.add_time("jit.compile", time.process_time() - t0)
        native = NativeModule(ee)
        if track:
            self._live[id(native)] = native
            self.stats.counters["jit.modules.live"] = len(self._live)
        return native

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
        self._remember(key, [chunk, *callees.values()])
        t0 = time.process_time()
        self._serial += 1
        with values.recording_handles() as handles:
            try:
                name = f"u{self._serial}_{chunk.name}"
                if resolve is None:
                    lowered = lower_chunk(chunk, name)
                else:
                    lowered = lower_function(chunk, callees, name)
            except NotCompilable:
                lowered = None
        self.stats.add_time("jit.lower", time.process_time() - t0)
        if lowered is None:
            values.release_handles(handles)
            self.stats.count("jit.not_compilable")
            self.cache[key] = None
            return None
        try:
            native = self.add_module(lowered.module, lowered.unit_name)
        except RuntimeError as exc:  # LLVM rejected the IR: a lowering bug, never a crash
            values.release_handles(handles)
            print(f"mettajit: tier 2 could not compile {chunk.name}: {exc}", file=sys.stderr)
            self.stats.count("jit.compile_errors")
            self.cache[key] = None
            return None
        native.handles = handles
        unit = self.cache[key] = self._wrap(chunk, lowered, native, key)
        self.stats.count("jit.compiles")
        return unit

    def _remember(self, key: Any, chunks: Sequence[Chunk]) -> None:
        for c in chunks:
            self._chunks[id(c)] = c
            self._keys.setdefault(id(c), set()).add(key)

    def compile_batch(self, chunks: Sequence[Chunk]) -> list[CompiledUnit | None]:
        """``compile`` of several expression units at once, in one LLVM module: they share
        the per-module costs (parsing, the pass pipeline's set-up, code emission) and the
        helpers' code, about half the compile time of small units (the differential fuzz
        compiles thousands). Same cache, same units as ``compile`` would make."""
        todo = [c for c in {id(c): c for c in chunks}.values() if id(c) not in self.cache]
        while todo:
            self._serial += 1
            module = ir.Module(name=f"batch{self._serial}")
            module.triple = ""
            lowered: list[tuple[Chunk, LoweredUnit]] = []
            refused: Chunk | None = None
            t0 = time.process_time()
            with values.recording_handles() as handles:
                for c in todo:
                    self._serial += 1
                    try:
                        lowered.append((c, lower_chunk(c, f"u{self._serial}_{c.name}", module)))
                    except NotCompilable:
                        refused = c  # it may have left a part of itself in the module: again
                        break
            self.stats.add_time("jit.lower", time.process_time() - t0)
            if refused is not None:
                values.release_handles(handles)
                self.stats.count("jit.not_compilable")
                self._remember(id(refused), [refused])
                self.cache[id(refused)] = None
                todo.remove(refused)
                continue
            try:
                native = self.add_module(module, module.name)
            except RuntimeError:  # a lowering bug: find the culprit one chunk at a time
                values.release_handles(handles)
                for c in todo:
                    self.compile(c)
                break
            native.handles = handles
            for c, low in lowered:
                self._remember(id(c), [c])
                self.cache[id(c)] = self._wrap(c, low, native, id(c))
                self.stats.count("jit.compiles")
            break
        return [self.cache[id(c)] for c in chunks]

    def _wrap(self, chunk: Chunk, lowered: LoweredUnit, native: NativeModule,
              key: Any) -> CompiledUnit:
        """The ``CompiledUnit`` of a lowered chunk whose module is compiled (``native``)."""
        ee = native.ee
        entry_addr = ee.get_function_address(lowered.entry_name)
        name = lowered.unit_name.encode()
        mdef = _MethodDef(name, entry_addr, METH_FASTCALL, None)
        unit = CompiledUnit(
            chunk=chunk,
            name=lowered.unit_name,
            arity=lowered.arity,
            unit_address=ee.get_function_address(lowered.unit_name),
            entry=_no_entry,
            engine=self,
            globals_address={
                g: ee.get_global_value_address(f"{lowered.unit_name}.{g}")
                for g in ("entries", "status", "deopts")},
            module=native,
            key=key,
            mdef=mdef,
            _keep=[name],
        )
        native.units.append(unit)
        unit.entry = _new_cfunction(ctypes.addressof(mdef), unit, None)
        return unit

    # -- freeing ------------------------------------------------------------------------

    def release_chunks(self, chunks: Sequence[Chunk]) -> list[CompiledUnit]:
        """The chunks are stale: forget every cached unit built from any of them and free
        the modules left without units. Returns the units whose module was freed."""
        keys: set[Any] = set()
        for c in chunks:
            keys.update(self._keys.get(id(c), ()))
        freed: list[CompiledUnit] = []
        for key in keys:
            freed += self._forget(key)
        return freed

    def release_units(self, units: Sequence[CompiledUnit]) -> list[CompiledUnit]:
        """No more entries into these units (disabled): forget them (compiling their chunks
        again makes new code) and free the modules left without units."""
        freed: list[CompiledUnit] = []
        for unit in units:
            if self.cache.get(unit.key) is unit:
                freed += self._forget(unit.key)
        return freed

    def _forget(self, key: Any) -> list[CompiledUnit]:
        unit = self.cache.pop(key, None)
        for cid in key if isinstance(key, tuple) else (key,):
            keys = self._keys.get(cid)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._keys[cid]
                    del self._chunks[cid]
        if unit is None or unit.released or unit.module is None:
            return []
        unit.released = True
        native = unit.module
        native.released += 1
        if native.released < len(native.units):
            return []  # a batch module: its other units are still handed out
        return self._free(native)

    def _free(self, native: NativeModule) -> list[CompiledUnit]:
        for unit in native.units:
            unit.final = (unit.entries, unit.last_status, unit.deopt_counts())
            unit.mdef.ml_meth = _dead_entry[0]  # the builtin answers BAILOUT from now on
        native.ee.close()  # machine code, globals and IR
        native.freed = True
        values.release_handles(native.handles)
        native.handles = []
        self._live.pop(id(native), None)
        self.stats.count("jit.modules.freed")
        self.stats.counters["jit.modules.live"] = len(self._live)
        return list(native.units)

    def native_loop(self, unit: CompiledUnit) -> Callable[[int, list[int]], int]:
        """``loop(n, words)``: calls the unit n times from native code (for timing)."""
        self._serial += 1
        name = f"loop{self._serial}_{unit.name}"
        native = self.add_module(lower_native_loop(unit.unit_address, unit.arity, name), name,
                                 track=False, cached=False)  # lives as long as ``loop``
        # PYFUNCTYPE keeps the GIL: the loop drops references of big results
        proto = ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64))
        fn = proto(native.ee.get_function_address(name))

        def loop(n: int, words: list[int]) -> int:
            if unit.freed:  # it calls the unit by address
                raise RuntimeError(f"{unit.name}: native code freed")
            argv = (ctypes.c_int64 * max(len(words), 1))(
                *[ctypes.c_int64(w).value for w in words])
            assert not native.freed  # (the closure keeps the loop's module alive)
            return int(fn(n, argv))

        return loop


def _target_machine() -> Any:
    """A target machine for one execution engine (an engine owns and frees its machine)."""
    return llvm.Target.from_default_triple().create_target_machine(
        opt=3, jit=True, codemodel="jitdefault")


def _no_entry(args: Sequence[Atom]) -> object:
    raise RuntimeError("unit not finished")
