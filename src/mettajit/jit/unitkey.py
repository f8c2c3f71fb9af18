"""The disk cache's key of a unit's native code, from what the lowering reads, not its IR.

A unit's native code is a function of: the chunks of its closure (the unit and every unit
it calls, as ``scan.function_closure`` found them, and which key names which chunk), the
sources of the code that lowers and links it, the machine and the builds (``machine_salt``).
``unit_key`` digests all of it, so a run that finds the key in the cache loads the code
without lowering anything and without llvmlite (``jit.engine``, ``jit.sharedobj``).

What of a chunk goes in (``_CHUNK_FIELDS``): everything the jit modules read of it
(``jit/lower.py``, ``scan.py``, ``terms.py``, ``nondet.py``, ``choice.py``, ``spacescan.py``,
``spacematch.py``, ``values.py``, ``helpers.py``): its name, arity, code, constants,
operations, callee keys, patterns, Error exits, locals, fresh slots, maximum stack and
decisions. Left out: ``lines`` and ``source`` (what dumps and Errors show: no jit module
reads them), ``const_index`` (made from ``constants``), ``profile`` (the VM's counters and
its lean function) and ``finished``; of a ``Pattern``, the plans made from its other fields
(``plan``, ``unpack``, ``query``); of a call plan, the world it was made in (a number of
the process: the plan's decision and facts stand for it).

The encoding is exact or nothing: symbols by name (they are interned: one per name),
variables by name and by first appearance (two variables of one name stay two), numbers,
strings and Bools by type and value, expressions by their children, an operation by its
name and its flags; anything else (a space, a Python object, a grounded atom of another
kind, an operation of the user's) raises ``Uncacheable`` and the unit is compiled as
before. Symbols' ids, handles and other addresses of the process never enter the code
(symbols are read from cells filled when the code is loaded, ``runtime.symbol_cell``); a
unit whose lowering made a HANDLE constant is not stored (``jit.engine``).

The sources: size and modification time of every ``.py`` file of the package (what
CPython itself trusts to reuse a ``.pyc``), so any change to mettajit is a new key.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Final

from mettajit.atoms.core import Expression, Grounded, Symbol, Variable
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.jit.digest import sha256

FORMAT: Final = "mettajit unit key 1"
_CHUNK_FIELDS: Final = ("name", "arity", "code", "constants", "ops", "funcs", "patterns",
                        "err_exits", "n_locals", "fresh", "max_stack", "decisions")
_PATTERN_FIELDS: Final = ("atom", "slots", "bound", "args")
_OP_FIELDS: Final = ("name", "pure", "multi", "needs_runtime", "variadic", "arity", "effect",
                     "lazy")
_SKIP_FIELDS: Final = {"CallPlan": frozenset({"world"})}
_VALUE_KINDS: Final = (int, float, str, bool)


class Uncacheable(Exception):
    """An input of the lowering that cannot be written exactly: no key, the unit compiles."""


class _Encoder:
    """Writes values as an unambiguous token stream (each token typed and delimited)."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.variables: dict[int, int] = {}  # id(variable) -> its number in this key
        self._keep: list[Variable] = []  # (ids stay unique while encoding)

    def put(self, x: Any) -> None:
        out = self.out
        t = type(x)
        if x is None:
            out.append("N")
        elif t is bool:
            out.append("T" if x else "F")
        elif t is int:
            out.append(f"i{x}")
        elif t is float:
            out.append(f"f{x.hex()}")
        elif t is str:
            out.append(f"s{len(x)}:{x}")
        elif t is Symbol:
            out.append(f"S{len(x.name)}:{x.name}")
        elif t is Variable:
            self._variable(x)
        elif t is Expression:
            out.append(f"E{len(x.children)}")
            for c in x.children:
                self.put(c)
        elif t is Grounded:
            self._grounded(x)
        elif t is tuple or t is list:
            out.append(f"{'t' if t is tuple else 'l'}{len(x)}")
            for e in x:
                self.put(e)
        elif t is dict or isinstance(x, Mapping):
            out.append(f"d{len(x)}")
            for k, v in x.items():  # in order: the lowering may iterate them
                self.put(k)
                self.put(v)
        elif t is frozenset or t is set:
            out.append(f"z{len(x)}")
            for e in sorted(_token(e) for e in x):
                out.append(e)
        elif isinstance(x, enum.Enum):
            out.append(f"e{type(x).__qualname__}.{x.name}")
        elif t is Chunk or t is Pattern:
            self._fields(x, _CHUNK_FIELDS if t is Chunk else _PATTERN_FIELDS)
        elif t.__name__ == "Op" and t.__module__ == "mettajit.grounded.registry":
            self._fields(x, _OP_FIELDS)
        elif is_dataclass(x) and t.__dataclass_params__.frozen:
            skip = _SKIP_FIELDS.get(t.__name__, frozenset())
            self._fields(x, tuple(f.name for f in fields(x) if f.name not in skip))
        else:
            raise Uncacheable(f"{t.__module__}.{t.__qualname__}")

    def _variable(self, v: Variable) -> None:
        n = self.variables.get(id(v))
        if n is None:
            n = self.variables[id(v)] = len(self.variables)
            self._keep.append(v)
        self.out.append(f"V{n}:{len(v.name)}:{v.name}")

    def _grounded(self, g: Grounded) -> None:
        if g.kind not in _VALUE_KINDS or type(g.value) is not g.kind:
            raise Uncacheable(f"a grounded atom of {g.kind.__qualname__}")
        self.out.append(f"G{g.kind.__name__}")
        self.put(g.type)
        self.put(g.value)

    def _fields(self, x: Any, names: tuple[str, ...]) -> None:
        self.out.append(f"O{type(x).__qualname__}{len(names)}")
        for name in names:
            self.out.append(name)
            self.put(getattr(x, name))


def _token(x: Any) -> str:
    """One value as a string (the elements of a set, sorted by it)."""
    enc = _Encoder()
    enc.put(x)
    return "\x1f".join(enc.out)


def encode(x: Any) -> str:
    """One value's exact encoding (``Uncacheable`` when it has none)."""
    return _token(x)


def unit_key(root: Chunk, callees: Mapping[Any, Chunk], function: bool, salt: str) -> str:
    """The key of the native code of ``root`` with these callees (``function``: a function
    unit, ``lower_function``; else an expression unit, ``lower_chunk``). ``Uncacheable``
    when an input cannot be written exactly."""
    enc = _Encoder()
    enc.out += [FORMAT, salt, "function" if function else "expression"]
    chunks: dict[int, int] = {id(root): 0}
    order = [root]
    for c in callees.values():
        if id(c) not in chunks:
            chunks[id(c)] = len(order)
            order.append(c)
    enc.out.append(f"callees{len(callees)}")
    for key, c in callees.items():
        enc.put(key)
        enc.out.append(f"#{chunks[id(c)]}")
    for c in order:
        enc.put(c)
    h = sha256()
    for tok in enc.out:
        h.update(tok.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


_sources: list[str] = []


def sources_digest() -> str:
    """A digest of the package's sources: each ``.py`` file's path, size and modification
    time (as CPython's ``.pyc`` check), computed once per process."""
    if _sources:
        return _sources[0]
    base = Path(__file__).resolve().parent.parent
    h = sha256()
    n = 0
    stack = [str(base)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if e.name != "__pycache__":
                    stack.append(e.path)
            elif e.name.endswith(".py"):
                st = e.stat()
                h.update(f"{os.path.relpath(e.path, base)}\0{st.st_size}\0{st.st_mtime_ns}\n"
                         .encode())
                n += 1
    if n == 0:
        raise Uncacheable("no sources to stand for the lowering")
    _sources.append(h.hexdigest())
    return _sources[0]


def _cpu() -> str | None:
    """What of the CPU the code generated for the host depends on (LLVM asks cpuid for the
    host's name and features; /proc/cpuinfo says the same things): the first processor's
    vendor, family, model, stepping and flags, or None where that file is not to be read."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            text = f.read(1 << 16)
    except OSError:
        return None
    first = text.split("\n\n", 1)[0]
    keep = {}
    for line in first.splitlines():
        k, _, v = line.partition(":")
        k = k.strip()
        if k in ("vendor_id", "cpu family", "model", "model name", "stepping", "flags",
                 "Features", "CPU implementer", "CPU part", "CPU variant", "CPU revision"):
            keep[k] = " ".join(v.split())
    if not keep:
        return None
    return sha256(repr(sorted(keep.items())).encode()).hexdigest()


def machine_salt(llvmlite_version: str, llvmlite_lib: str | None, facts: str) -> str | None:
    """What native code depends on besides the chunks, readable without llvmlite: the
    llvmlite release and its library file (LLVM comes with it), the host CPU, the Python
    build, the runtime's CPython facts, the package's sources. None when the CPU cannot
    be told (then nothing is cached by inputs)."""
    cpu = _cpu()
    if cpu is None:
        return None
    lib = "none"
    if llvmlite_lib is not None:
        try:
            st = os.stat(llvmlite_lib)
            lib = f"{llvmlite_lib} {st.st_size} {st.st_mtime_ns}"
        except OSError:
            return None
    if not hasattr(os, "uname"):
        return None  # (where there is no /proc/cpuinfo either)
    uname = os.uname()
    return "\n".join((
        FORMAT,
        f"llvmlite {llvmlite_version} {lib}",
        f"machine {uname.sysname} {uname.machine} {sys.platform} {sys.byteorder}",
        f"cpu {cpu}",
        f"python {sys.version} {sys.implementation.cache_tag} {sys.abiflags}",
        f"facts {facts}",
        f"sources {sources_digest()}",
    ))
