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
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import llvmlite  # its version only: llvmlite.binding (LLVM) and llvmlite.ir load on a miss

from mettajit.atoms.core import Atom, Symbol
from mettajit.bytecode.chunk import Chunk
from mettajit.config import DEFAULTS, Settings
from mettajit.jit import diskcache, runtime, sharedobj, unitkey
from mettajit.jit import spacerun as _spacerun  # (registers the space callbacks)
from mettajit.jit import words as values
from mettajit.jit.digest import sha256
from mettajit.jit.diskcache import ObjectCache
from mettajit.jit.runtime import N_STATUS
from mettajit.jit.scan import NotCompilable, function_closure
from mettajit.stats import Stats

if TYPE_CHECKING:
    from llvmlite import ir

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
# the runtime module (an MCJIT engine or a SharedObject): never freed (units link to it)
_runtime: list[object] = []
_dead_entry: list[int] = []  # address of rt_dead_entry (what freed units' entries call)
_shared_helpers: dict[str, int] = {}  # the runtime module's helpers -> their addresses
_caches: dict[tuple[Path, str], ObjectCache] = {}  # the disk caches opened, by folder, kind


def _binding(stats: Stats) -> Any:
    """``llvmlite.binding``, imported on first use (``jit.fixed.import``): a process that
    compiles nothing never loads LLVM (~20-45 ms of CPU and ~70 MB of memory)."""
    global llvm
    if llvm is None:
        t0 = time.process_time()
        import llvmlite.binding as binding  # on a miss only: see the docstring

        llvm = binding
        stats.add_time("jit.fixed.import", time.process_time() - t0)
    return llvm


def _lowering(stats: Stats) -> Any:
    """``jit.lower`` (and with it ``llvmlite.ir`` and ``jit.helpers``), imported when a
    unit is first lowered (``jit.fixed.import``): a run whose units are all in the disk
    cache never imports them."""
    t0 = time.process_time()
    from mettajit.jit import lower  # on a miss only: see the docstring

    stats.add_time("jit.fixed.import", time.process_time() - t0)
    return lower


def _fixed(stats: Stats, name: str, t0: float) -> None:
    stats.add_time(f"jit.fixed.{name}", time.process_time() - t0)


def _init_llvm(stats: Stats, cache: ObjectCache | None) -> None:
    """Once per process: the native target, every external symbol native code uses, and,
    unless it is loaded as a shared object already (``_shared_runtime``), the runtime
    module (the ``shared`` helpers, compiled once: ~1 ms per unit instead of some 30-40 ms
    of optimising and generating them again in every unit's module), its object code from
    the disk cache when it is there (``jit.fixed.runtime``: ~2 ms loaded, ~80 ms
    compiled)."""
    global _llvm_ready
    if _llvm_ready:
        return
    _binding(stats)
    from mettajit.jit import helpers  # the IR of the helper table: with LLVM, never before

    _init_target(stats)
    t0 = time.process_time()
    for name in helpers.CAPI_FUNCTIONS:
        llvm.add_symbol(name, helpers.capi_address(name))
    for name, addr in helpers.data_symbols().items():
        llvm.add_symbol(name, addr)
    _fixed(stats, "init", t0)
    _llvm_ready = True
    if not _runtime:
        t0 = time.process_time()
        key = cache.key(f"runtime module {_runtime_version()}") if cache is not None else ""
        obj = cache.get(key) if cache is not None else None
        if obj is not None:
            ee = _load_object(obj)
            stats.count("jit.cache.hits")
        else:
            mod = _optimised(helpers.runtime_module(), _target_machine())
            ee = _code_of(mod, _target_machine(), cache, key, stats)
        _runtime_loaded(ee, {h.name: ee.get_function_address(h.name)
                             for h in helpers.HELPERS.values() if h.shared})
        _fixed(stats, "runtime", t0)
    for name, addr in _shared_helpers.items():
        llvm.add_symbol(name, addr)


def _runtime_loaded(module: object, helpers_at: dict[str, int]) -> None:
    """The runtime module is loaded (MCJIT's, or a shared object: a process that made
    MCJIT's first may load the shared one later for units from the disk cache)."""
    _runtime.append(module)
    _shared_helpers.update(helpers_at)
    _dead_entry.append(helpers_at["rt_dead_entry"])  # (the first is the one used)
    if llvm is not None and _llvm_ready:  # MCJIT's modules link to them too
        for name, addr in helpers_at.items():
            llvm.add_symbol(name, addr)


def _optimised(module: ir.Module | str, tm: Any) -> Any:
    """An LLVM module of IR (text or llvmlite.ir), verified and optimised at -O3."""
    mod = llvm.parse_assembly(str(module))
    mod.verify()
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=3))
    pb.getModulePassManager().run(mod, pb)
    return mod


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
    """What object code depends on besides its IR: LLVM, the host CPU, the Python build
    (the key of the IR-keyed entries, ``.o``; LLVM must be loaded)."""
    cpu = llvm.get_host_cpu_name()
    features = llvm.get_host_cpu_features().flatten()
    return "\n".join((
        f"llvmlite {llvmlite.__version__}",
        f"llvm {'.'.join(map(str, llvm.llvm_version_info))}",
        f"triple {llvm.get_process_triple()}",
        f"cpu {cpu} {sha256(features.encode()).hexdigest()}",
        f"python {sys.version} {sys.implementation.cache_tag}",
        f"runtime {_runtime_version()}",
    ))


def _runtime_version() -> str:
    """A digest of what the runtime module's code and every unit's ABI are made from: the
    package's sources (``unitkey.sources_digest``) and the CPython facts ``runtime``
    found (a change to any of them is a new version)."""
    found = _version_memo
    if found:
        return found[0]
    h = sha256(unitkey.sources_digest().encode())
    facts = sorted((k, v) for k, v in vars(runtime).items()
                   if k.isupper() and isinstance(v, (int, bool)))
    h.update(repr(facts).encode())
    found.append(h.hexdigest())
    return found[0]


_version_memo: list[str] = []
# what ``settings.jit_cache_verify`` found in this process (the stats say it per engine)
VERIFIED: Final[dict[str, int]] = {"verified": 0, "stale": 0}
_salt_memo: list[str | None] = []


def _machine_salt() -> str | None:
    """The salt of the keys made without LLVM (``unitkey.machine_salt``), once."""
    if not _salt_memo:
        lib = Path(llvmlite.__file__).resolve().parent / "binding" / "libllvmlite.so"
        try:
            _salt_memo.append(unitkey.machine_salt(
                llvmlite.__version__, str(lib) if lib.exists() else None, _runtime_version()))
        except (unitkey.Uncacheable, OSError):
            _salt_memo.append(None)
    return _salt_memo[0]


def object_cache(settings: Settings, stats: Stats) -> ObjectCache | None:
    """The IR-keyed disk cache the settings ask for (shared by the engines of a process),
    or None when it is off. Needs LLVM loaded (the key names the host CPU)."""
    root = diskcache.cache_root(settings)
    if root is None:
        return None
    cache = _caches.get((root, "ir"))
    if cache is None:
        cache = _caches[root, "ir"] = ObjectCache(root, _cache_salt())
    return cache


def shared_cache(settings: Settings) -> ObjectCache | None:
    """The disk cache of shared objects keyed by inputs (``jit.unitkey``), or None when the
    cache is off, no C compiler links (``sharedobj.linker``) or the machine cannot be
    told without LLVM. Needs no LLVM."""
    root = diskcache.cache_root(settings)
    if root is None or sharedobj.linker() is None or sys.platform != "linux" \
            or sharedobj.MACHINE is None:
        return None
    cache = _caches.get((root, "so"))
    if cache is None:
        salt = _machine_salt()
        if salt is None:
            return None
        cache = _caches[root, "so"] = ObjectCache(root, salt)
    return cache


def _process_address(name: str) -> int | None:
    """The address in this process of an external a shared object's slot names."""
    if name.startswith("rt_sym."):
        return runtime.symbol_cell_address(name)
    if len(_data_symbols) != len(runtime.EXTRA_SYMBOLS) + _N_DATA:  # (made once: all live
        _data_symbols.clear()                                        # as long as the process)
        _data_symbols.update(runtime.data_symbols())
    return _data_symbols.get(name)


_data_symbols: dict[str, int] = {}
_N_DATA: Final = len(runtime.data_symbols()) - len(runtime.EXTRA_SYMBOLS)


def _is_process(name: str) -> bool:
    return _process_address(name) is not None


def _shared_runtime(stats: Stats, cache: ObjectCache) -> bool:
    """The runtime module as a shared object, loaded ``RTLD_GLOBAL`` (units' shared objects
    find its helpers), from the disk cache or made and stored now; False when it cannot be
    (then every module is MCJIT's). Once per process."""
    if _shared_tried:
        return any(isinstance(r, sharedobj.SharedObject) for r in _runtime)
    _shared_tried.append(True)
    t0 = time.process_time()
    key = cache.key(f"runtime module {_runtime_version()}")
    found = cache.get_shared(key)
    made = False
    if found is None:
        made = _make_shared_runtime(stats, cache, key)  # (its own times: import, compile...)
        t0 = time.process_time()
        found = cache.get_shared(key) if made else None
    so = _load_shared(found, stats, global_symbols=True) if found is not None else None
    if so is None:
        return False
    meta, _ = found  # type: ignore[misc]
    try:
        helpers_at = {name: so.address(name) for name in meta["exports"]}
    except (KeyError, TypeError):
        so.close()
        return False
    _runtime_loaded(so, helpers_at)
    stats.count("jit.cache.misses" if made else "jit.cache.hits")
    _fixed(stats, "runtime", t0)
    return True


_shared_tried: list[bool] = []  # (whether ``_shared_runtime`` was tried in this process)


def _make_shared_runtime(stats: Stats, cache: ObjectCache, key: str) -> bool:
    """Compile the runtime module, link and store it (a miss: needs LLVM)."""
    _binding(stats)
    t0 = time.process_time()
    from mettajit.jit import helpers  # the IR of the helper table: with LLVM, never before

    _fixed(stats, "import", t0)
    _init_target(stats)
    t0 = time.process_time()
    tm = _shared_machine()
    obj = tm.emit_object(_optimised(helpers.runtime_module(), tm))
    stats.add_time("jit.compile", time.process_time() - t0)
    exports = [h.name for h in helpers.HELPERS.values() if h.shared]
    return _store_shared(stats, cache, key, obj, exports[0], {"kind": "runtime",
                                                              "exports": exports})


def _init_target(stats: Stats) -> None:
    if not _target_ready:
        t0 = time.process_time()
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        _target_ready.append(True)
        _fixed(stats, "init", t0)


_target_ready: list[bool] = []


def _store_shared(stats: Stats, cache: ObjectCache, key: str, obj: bytes, anchor: str,
                  meta: dict[str, Any]) -> bool:
    """Link object code (``jit.link``), describe and store it under ``key``; False when
    any step fails (the caller then loads the module by MCJIT)."""
    t0 = time.process_time()
    try:
        cache.folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    data, child = sharedobj.link(obj, cache.folder)
    stats.add_time("jit.link", time.process_time() - t0 + child)
    if data is None:
        stats.count("jit.link_failures")
        return False
    try:
        layout = sharedobj.describe(data, anchor, _is_process)
    except sharedobj.ElfError:
        stats.count("jit.link_failures")
        return False
    cells = {n: runtime.symbol_texts[n] for _, n, _, _ in layout.slots if n.startswith("rt_sym.")}
    if not cache.put_shared(key, {**meta, "layout": layout.to_json(), "cells": cells}, data):
        return False
    stats.count("jit.cache.writes")
    return True


def _load_shared(found: tuple[dict[str, Any], Path], stats: Stats,
                 global_symbols: bool = False) -> sharedobj.SharedObject | None:
    """Load a shared object the cache gave, its symbol cells made first; None (a miss)
    when its description is not one this process can fill."""
    meta, path = found
    try:
        for cell, text in meta.get("cells", {}).items():
            if runtime.symbol_cell(Symbol(str(text))) != cell:
                return None
        return sharedobj.load(path, sharedobj.Layout.from_json(meta["layout"]),
                              _process_address, global_symbols)
    except (OSError, KeyError, ValueError, TypeError):
        stats.count("jit.cache.load_errors")
        return None


@dataclass(eq=False)
class NativeModule:
    """One compiled module: in an MCJIT execution engine of its own (``ee``) or a shared
    object loaded from the disk cache (``so``); closing it frees the machine code and the
    globals. Also the units whose code it holds, and the HEAP uses its constants recorded
    (``values.recording_handles``)."""

    ee: Any = None  # llvm.ExecutionEngine
    so: sharedobj.SharedObject | None = None
    handles: list[int] = field(default_factory=list)
    units: list[CompiledUnit] = field(default_factory=list)
    released: int = 0  # units the engine no longer hands out; freed when all are
    freed: bool = False

    def function_address(self, name: str) -> int:
        if self.so is not None:
            return self.so.address(name)
        return int(self.ee.get_function_address(name))

    def global_address(self, name: str) -> int:
        if self.so is not None:
            return self.so.address(name)
        return int(self.ee.get_global_value_address(name))

    def close(self) -> None:
        if self.so is not None:
            self.so.close()
        else:
            self.ee.close()


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
        self._paid = False  # a unit made or loaded (``paid``)
        self._shared: ObjectCache | bool | None = False  # (False: not asked yet)
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
    def paid(self) -> bool:
        """Whether this engine has made or loaded a native unit: tier 2's fixed cost (the
        imports, the runtime module, LLVM when a unit had to be compiled) is paid, and a
        further unit costs its own key and load, or lowering and compile."""
        return self._paid

    # -- modules ------------------------------------------------------------------------

    def _llvm(self) -> None:
        """LLVM, the runtime module and the disk cache, once a module is to be made."""
        if self._ready:
            return
        _binding(self.stats)
        self._disk = object_cache(self.settings, self.stats)
        self.shared_objects()  # the runtime module as a shared object, if it can be
        _init_llvm(self.stats, self._disk)
        self._tm = _target_machine()
        self._ready = True

    def shared_objects(self) -> ObjectCache | None:
        """The cache of shared objects keyed by inputs, with the runtime module loaded as
        one; None when modules are MCJIT's (no cache, no linker, no runtime as a shared
        object). Needs no LLVM when everything is in the cache."""
        if self._shared is False:
            cache = shared_cache(self.settings)
            if cache is not None and not _shared_runtime(self.stats, cache):
                cache = None
            self._shared = cache
        return self._shared if isinstance(self._shared, ObjectCache) else None

    @property
    def tm(self) -> Any:
        """This engine's target machine (optimisation, ``--dump-asm``)."""
        self._llvm()
        return self._tm

    @property
    def disk_cache(self) -> ObjectCache | None:
        """The IR-keyed disk cache of object code this engine reads and writes (None: off)."""
        self._llvm()
        return self._disk

    def _dump(self, title: str, text: str) -> None:
        print(f";; ---- {title} ----\n{text}", file=sys.stderr)

    def optimise(self, mod: Any) -> None:
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pb = llvm.create_pass_builder(self.tm, pto)
        pb.getModulePassManager().run(mod, pb)

    def add_module(self, module: ir.Module, title: str, track: bool = True,
                   cached: bool = True, shared: tuple[str, dict[str, Any]] | None = None
                   ) -> NativeModule:
        """Verify, optimise and generate code for an IR module, in an execution engine of
        its own; ``track``: counted in ``live_modules`` until freed. ``cached``: its
        object code comes from the disk cache when there (``jit.cache.hits``), else it is
        compiled (``jit.compile``) and stored (``jit.cache.misses``). ``shared``: (the
        unit's key, what loading it needs) to link it as a shared object and store it by
        that key (``shared_objects``), loaded from there; MCJIT's when that fails."""
        text = str(module)
        if self.settings.dump_ir:
            self._dump(f"IR {title}", text)
        self._llvm()
        native = None
        if shared is not None:
            native = self._compile_shared(text, shared[0], shared[1])
        if native is None:
            native = self._compile_mcjit(text, title, cached)
        if track:
            self._live[id(native)] = native
            self.stats.counters["jit.modules.live"] = len(self._live)
        return native

    def _compile_mcjit(self, text: str, title: str, cached: bool) -> NativeModule:
        for name, addr in runtime.take_new_symbols():  # the symbol cells it may name
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
            return NativeModule(ee)
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
        return NativeModule(ee)

    def _compile_shared(self, text: str, key: str, meta: dict[str, Any]) -> NativeModule | None:
        """Position-independent code of the IR, linked and stored as a shared object under
        ``key``, and loaded from there; None when any step fails."""
        cache = self.shared_objects()
        if cache is None:
            return None
        t0 = time.process_time()
        tm = _shared_machine()
        obj = tm.emit_object(_optimised(text, tm))
        self.stats.add_time("jit.compile", time.process_time() - t0)
        meta = {**meta, "ir_sha256": sha256(text.encode()).hexdigest()}
        if not _store_shared(self.stats, cache, key, obj, meta["unit_name"], meta):
            return None
        found = cache.get_shared(key)
        so = _load_shared(found, self.stats) if found is not None else None
        if so is None:
            return None
        self.stats.count("jit.cache.misses")
        return NativeModule(so=so)

    # -- units --------------------------------------------------------------------------

    def compile(self, chunk: Chunk,
                resolve: Callable[[Any], Chunk | None] | None = None) -> CompiledUnit | None:
        """Native code for ``chunk``, or None if tier 2 cannot compile it (cached either way).

        Without ``resolve`` the chunk is an expression unit (no calls). With it, a function
        unit: ``resolve(key)`` gives the chunk of each unit it calls (None: that unit has no
        native code, so neither has this one); the unit and its callees become one module
        with direct native calls, cached on the identities of all their chunks (a callee
        recompiled after a rule change is a new chunk, so a new key). On disk, the module
        is cached by its inputs (``jit.unitkey``): a hit loads it without lowering."""
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
        if resolve is not None:
            # the patterns its MATCHes name (loaded code does not lower: jit.spacerun)
            _spacerun.register_patterns([chunk, *callees.values()])
        self._remember(key, [chunk, *callees.values()])
        self._serial += 1
        ukey = self._unit_key(chunk, callees, resolve is not None)
        if ukey is not None:
            unit = self._load_unit(ukey, chunk, callees, resolve is not None, key)
            if unit is not None:
                self.cache[key] = unit
                self._paid = True
                return unit
        made = self._lower_and_add(chunk, callees, resolve is not None, key, ukey)
        self._paid = self._paid or made is not None
        return made

    def _lower_and_add(self, chunk: Chunk, callees: dict[Any, Chunk], function: bool,
                       key: Any, ukey: str | None) -> CompiledUnit | None:
        lower = _lowering(self.stats)
        t0 = time.process_time()
        with values.recording_handles() as handles:
            try:
                name = f"u{self._serial}_{chunk.name}"
                if function:
                    lowered = lower.lower_function(chunk, callees, name)
                else:
                    lowered = lower.lower_chunk(chunk, name)
            except NotCompilable:
                lowered = None
        self.stats.add_time("jit.lower", time.process_time() - t0)
        if lowered is None:
            values.release_handles(handles)
            self.stats.count("jit.not_compilable")
            self.cache[key] = None
            return None
        # a HANDLE constant is an address of this process in the code: not stored
        shared = None
        if ukey is not None and not handles:
            shared = (ukey, {"kind": "unit", "unit_name": lowered.unit_name,
                             "entry_name": lowered.entry_name, "arity": lowered.arity})
        try:
            native = self.add_module(lowered.module, lowered.unit_name, shared=shared)
        except RuntimeError as exc:  # LLVM rejected the IR: a lowering bug, never a crash
            values.release_handles(handles)
            print(f"mettajit: tier 2 could not compile {chunk.name}: {exc}", file=sys.stderr)
            self.stats.count("jit.compile_errors")
            self.cache[key] = None
            return None
        native.handles = handles
        unit = self.cache[key] = self._wrap(chunk, lowered.unit_name, lowered.entry_name,
                                            lowered.arity, native, key)
        self.stats.count("jit.compiles")
        return unit

    def _unit_key(self, chunk: Chunk, callees: dict[Any, Chunk], function: bool) -> str | None:
        """The disk key of the unit's inputs (``jit.fixed.key``), or None: no cache of shared
        objects, a dump asked for (dumps lower and compile), an input not to be written."""
        s = self.settings
        if s.dump_ir or s.dump_opt_ir or s.dump_asm:
            return None
        cache = self.shared_objects()
        if cache is None:
            return None
        t0 = time.process_time()
        try:
            return unitkey.unit_key(chunk, callees, function, cache.salt)
        except unitkey.Uncacheable:
            self.stats.count("jit.cache.uncacheable")
            return None
        finally:
            _fixed(self.stats, "key", t0)

    def _load_unit(self, ukey: str, chunk: Chunk, callees: dict[Any, Chunk], function: bool,
                   key: Any) -> CompiledUnit | None:
        """The unit from the cache of shared objects (no lowering, no LLVM), or None."""
        cache = self.shared_objects()
        assert cache is not None
        t0 = time.process_time()
        found = cache.get_shared(ukey)
        if found is None or found[0].get("kind") != "unit":
            return None
        meta = found[0]
        so = _load_shared(found, self.stats)
        if so is None:
            return None
        native = NativeModule(so=so)
        self._live[id(native)] = native
        self.stats.counters["jit.modules.live"] = len(self._live)
        try:
            unit = self._wrap(chunk, str(meta["unit_name"]), str(meta["entry_name"]),
                              int(meta["arity"]), native, key)
        except (KeyError, ValueError):
            self._live.pop(id(native), None)
            so.close()
            return None
        self.stats.count("jit.cache.hits")
        self.stats.count("jit.compiles")
        _fixed(self.stats, "load", t0)
        if self.settings.jit_cache_verify:
            self._verify(chunk, callees, function, meta)
        return unit

    def _verify(self, chunk: Chunk, callees: dict[Any, Chunk], function: bool,
                meta: dict[str, Any]) -> None:
        """Lower the unit anyway and compare its IR with the one stored (a check of the key,
        ``settings.jit_cache_verify``): ``jit.cache.verified`` or ``jit.cache.stale``."""
        lower = _lowering(self.stats)
        with values.recording_handles() as handles:
            try:
                name = str(meta["unit_name"])
                low = (lower.lower_function(chunk, callees, name) if function
                       else lower.lower_chunk(chunk, name))
                text = str(low.module)
            except NotCompilable:
                text = ""
        values.release_handles(handles)
        verdict = "verified" if sha256(text.encode()).hexdigest() == meta.get(
            "ir_sha256") else "stale"
        VERIFIED[verdict] += 1
        self.stats.count(f"jit.cache.{verdict}")
        if verdict == "stale":
            print(f"mettajit: the cached code of {chunk.name} is not what its inputs lower to",
                  file=sys.stderr)

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
        lower = _lowering(self.stats) if todo else None
        from llvmlite import ir  # with the lowering (a batch is always lowered)

        while todo:
            assert lower is not None
            self._serial += 1
            module = ir.Module(name=f"batch{self._serial}")
            module.triple = ""
            lowered: list[tuple[Chunk, Any]] = []
            refused: Chunk | None = None
            t0 = time.process_time()
            with values.recording_handles() as handles:
                for c in todo:
                    self._serial += 1
                    try:
                        lowered.append((c, lower.lower_chunk(c, f"u{self._serial}_{c.name}",
                                                             module)))
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
                self.cache[id(c)] = self._wrap(c, low.unit_name, low.entry_name, low.arity,
                                               native, id(c))
                self.stats.count("jit.compiles")
            break
        made = [self.cache[id(c)] for c in chunks]
        self._paid = self._paid or any(u is not None for u in made)
        return made

    def _wrap(self, chunk: Chunk, unit_name: str, entry_name: str, arity: int,
              native: NativeModule, key: Any) -> CompiledUnit:
        """The ``CompiledUnit`` of a chunk whose module is compiled or loaded (``native``)."""
        entry_addr = native.function_address(entry_name)
        name = unit_name.encode()
        mdef = _MethodDef(name, entry_addr, METH_FASTCALL, None)
        unit = CompiledUnit(
            chunk=chunk,
            name=unit_name,
            arity=arity,
            unit_address=native.function_address(unit_name),
            entry=_no_entry,
            engine=self,
            globals_address={g: native.global_address(f"{unit_name}.{g}")
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
        native.close()  # machine code, globals (and IR)
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
        lower = _lowering(self.stats)
        native = self.add_module(lower.lower_native_loop(unit.unit_address, unit.arity, name),
                                 name, track=False, cached=False)  # lives as long as ``loop``
        # PYFUNCTYPE keeps the GIL: the loop drops references of big results
        proto = ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64))
        fn = proto(native.function_address(name))

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


def _shared_machine() -> Any:
    """A target machine for position-independent code (shared objects, ``jit.sharedobj``):
    the same generic CPU as ``_target_machine``'s."""
    return llvm.Target.from_default_triple().create_target_machine(
        opt=3, reloc="pic", codemodel="default")


def _no_entry(args: Sequence[Atom]) -> object:
    raise RuntimeError("unit not finished")
