"""Native code as shared objects: linked once by the C compiler, loaded by ``dlopen``.

A module's object code (position independent, ``jit.engine``) is linked into a shared
object with the machine's C compiler (``link``: ``cc -shared``; ``METTAJIT_CC`` names
another, empty: none), and a later run loads it with ``ctypes.CDLL`` (``load``): no
llvmlite, no LLVM (``dlopen`` of a small file and a few stores: ~0.1 ms).

What the code names that belongs to the process (the type objects and atoms of
``runtime.data_symbols``, the symbol cells, the callbacks into Python) has no symbol
``dlopen`` could find: the IR declares each such external *weak* (``extern_weak``), so the
dynamic linker leaves its slot in the global offset table 0 instead of refusing the file,
and ``load`` writes the process's address into each slot (``describe`` lists them when the
file is made: offset, symbol, addend). The file is linked with ``-z norelro`` (those slots
stay writable) and ``-z now`` (every slot is bound when ``dlopen`` returns), and
``-Bsymbolic`` (a module's own symbols bind to itself). The C API and the runtime module's
helpers (loaded first, ``RTLD_GLOBAL``) are found by the dynamic linker as for any shared
object. ``describe`` refuses a file it cannot fill exactly (text relocations, a weak
symbol that is not the process's, a slot outside writable memory, a relocation kind it does
not know): the engine then loads the module as before (MCJIT).

Only x86-64 ELF files are described (elsewhere every module is loaded by MCJIT).
"""

from __future__ import annotations

import _ctypes
import contextlib
import ctypes
import os
import shutil
import struct
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

R_X86_64_64: Final = 1
R_X86_64_GLOB_DAT: Final = 6
R_X86_64_JUMP_SLOT: Final = 7
_SHT_RELA, _SHT_DYNSYM, _SHT_DYNAMIC = 4, 11, 6
_PT_LOAD, _PF_W = 1, 2
_DT_TEXTREL, _DT_FLAGS, _DF_TEXTREL = 22, 30, 4
_STB_WEAK: Final = 2
# the machines whose shared objects ``describe`` reads (None: every module is MCJIT's)
MACHINE: Final = "x86_64" if sys.platform == "linux" and os.uname().machine == "x86_64" \
    else None
LINK_FLAGS: Final = ("-shared", "-nostdlib", "-Wl,-Bsymbolic", "-Wl,-z,norelro", "-Wl,-z,now")


def linker() -> str | None:
    """The C compiler that links shared objects (``METTAJIT_CC``, else ``cc``), or None."""
    name = os.environ.get("METTAJIT_CC", "cc")
    if not name:
        return None
    return shutil.which(name)


def link(obj: bytes, folder: Path) -> tuple[bytes | None, float]:
    """The shared object of ``obj`` (an ELF object file), linked in ``folder``, or None
    when there is no linker or it failed; and the CPU seconds the linker took."""
    cc = linker()
    if cc is None:
        return None, 0.0
    import subprocess  # on a miss only: loading cached code runs no process
    import tempfile  # (as subprocess)

    before = os.times()
    try:
        with tempfile.TemporaryDirectory(dir=folder, prefix=".link-") as tmp:
            src, out = Path(tmp) / "m.o", Path(tmp) / "m.so"
            src.write_bytes(obj)
            done = subprocess.run([cc, *LINK_FLAGS, "-o", str(out), str(src)],
                                  capture_output=True, timeout=60, check=False)
            data = out.read_bytes() if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        data = None
    after = os.times()
    spent = (after.children_user - before.children_user
             + after.children_system - before.children_system)
    return data, spent


class ElfError(Exception):
    """A shared object ``describe`` cannot fill exactly."""


@dataclass(frozen=True)
class Layout:
    """What ``load`` needs of a shared object: an anchor symbol and its address in the
    file (the load base is its address less that), and the slots to fill."""

    anchor: str
    anchor_value: int
    slots: tuple[tuple[int, str, int, int], ...]  # (offset, symbol, addend, kind)

    def to_json(self) -> dict[str, Any]:
        return {"anchor": [self.anchor, self.anchor_value], "slots": [list(s) for s in self.slots]}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Layout:
        anchor, value = data["anchor"]
        slots = tuple((int(o), str(n), int(a), int(k)) for o, n, a, k in data["slots"])
        return Layout(str(anchor), int(value), slots)


def _sections(data: bytes) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ElfError("not a little-endian ELF64 file")
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    if e_machine != 62 or e_type != 3:
        raise ElfError("not an x86-64 shared object")
    e_phoff, e_shoff = struct.unpack_from("<QQ", data, 32)
    e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from("<HHHH", data, 54)
    writable = []
    for k in range(e_phnum):
        p_type, p_flags, _, p_vaddr, _, _, p_memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", data, e_phoff + k * e_phentsize)
        if p_type == _PT_LOAD and p_flags & _PF_W:
            writable.append((p_vaddr, p_vaddr + p_memsz))
    # (name, type, flags, addr, offset, size, link, info, addralign, entsize)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + k * e_shentsize)
            for k in range(e_shnum)]
    return secs, writable


def _dynamic_symbols(data: bytes, secs: list[tuple[int, ...]]) -> list[tuple[str, int, int, int]]:
    """(name, binding, section index, value) of each dynamic symbol."""
    out: list[tuple[str, int, int, int]] = []
    for s in secs:
        if s[1] == _SHT_DYNSYM:
            strtab = secs[s[6]]
            names = data[strtab[4]:strtab[4] + strtab[5]]
            for j in range(s[5] // 24):
                st_name, st_info, _, st_shndx, st_value, _ = struct.unpack_from(
                    "<IBBHQQ", data, s[4] + j * 24)
                name = names[st_name:names.index(b"\0", st_name)].decode()
                out.append((name, st_info >> 4, st_shndx, st_value))
        if s[1] == _SHT_DYNAMIC:
            for j in range(s[5] // 16):
                tag, val = struct.unpack_from("<qQ", data, s[4] + j * 16)
                if tag == _DT_TEXTREL or (tag == _DT_FLAGS and val & _DF_TEXTREL):
                    raise ElfError("text relocations")
    return out


def describe(data: bytes, anchor: str, is_process: Callable[[str], bool]) -> Layout:
    """The layout of a shared object ``link`` made (``ElfError``: not one ``load`` can
    fill): the slots of its weak symbols, each of which must be the process's."""
    secs, writable = _sections(data)
    symbols = _dynamic_symbols(data, secs)
    defined = {name: value for name, _, shndx, value in symbols if shndx != 0}
    if anchor not in defined:
        raise ElfError(f"no symbol {anchor}")
    slots = []
    patched = set()
    for s in secs:
        if s[1] != _SHT_RELA:
            continue
        for j in range(s[5] // 24):
            off, info, addend = struct.unpack_from("<QQq", data, s[4] + j * 24)
            sym, kind = info >> 32, info & 0xFFFFFFFF
            if sym == 0 or sym >= len(symbols):
                continue  # relative relocations: the dynamic linker's
            name, binding, shndx, _ = symbols[sym]
            if shndx != 0 or binding != _STB_WEAK:
                continue  # a module's own symbol, or one the dynamic linker must find
            if not is_process(name):
                raise ElfError(f"weak symbol {name} is not the process's")
            if kind not in (R_X86_64_64, R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT):
                raise ElfError(f"relocation kind {kind} of {name}")
            if not any(lo <= off and off + 8 <= hi for lo, hi in writable):
                raise ElfError(f"slot of {name} outside writable memory")
            slots.append((off, name, addend if kind == R_X86_64_64 else 0, kind))
            patched.add(name)
    weak = {name for name, binding, shndx, _ in symbols if shndx == 0 and binding == _STB_WEAK}
    if weak - patched:
        raise ElfError(f"weak symbols without a slot: {sorted(weak - patched)}")
    return Layout(anchor, defined[anchor], tuple(slots))


class SharedObject:
    """A loaded shared object (``dlopen``); ``close`` unloads it (its code is gone)."""

    def __init__(self, lib: ctypes.CDLL, base: int, path: Path) -> None:
        self.lib = lib
        self.base = base
        self.path = path
        self.closed = False

    def address(self, name: str) -> int:
        """The address of a symbol the object defines (``KeyError`` if none)."""
        try:
            addr = int(_ctypes.dlsym(self.lib._handle, name))
        except OSError as exc:
            raise KeyError(name) from exc
        return addr

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            _release(self.path)
            _ctypes.dlclose(self.lib._handle)


_open: dict[str, int] = {}  # path -> how many loads of this process hold it


def _release(path: Path) -> None:
    n = _open.get(str(path), 0) - 1
    if n > 0:
        _open[str(path)] = n
    else:
        _open.pop(str(path), None)


def load(path: Path, layout: Layout, addresses: Callable[[str], int | None],
         global_symbols: bool = False) -> SharedObject:
    """Load the shared object at ``path`` and fill its slots with ``addresses(name)``
    (``global_symbols``: its symbols serve later objects, as the runtime module's do).
    ``OSError`` when it cannot be loaded, ``KeyError`` when an address is unknown (the
    object is unloaded again). A file this process holds already is loaded from a copy:
    ``dlopen`` of one path gives one object, and each load must have globals of its own."""
    fill = []
    for off, name, addend, _ in layout.slots:
        addr = addresses(name)
        if addr is None:
            raise KeyError(name)
        fill.append((off, addr + addend))
    mode = (ctypes.RTLD_GLOBAL if global_symbols else ctypes.RTLD_LOCAL) | os.RTLD_NOW
    key = str(path)
    if key in _open:
        import tempfile  # a second load of one file only (rare)

        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".copy-", suffix=".so",
                                         delete=False) as tmp:
            tmp.write(path.read_bytes())
        try:
            lib = ctypes.CDLL(tmp.name, mode=mode)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp.name)  # (the mapping stays)
        key = tmp.name
    else:
        lib = ctypes.CDLL(key, mode=mode)
    _open[key] = _open.get(key, 0) + 1
    so = SharedObject(lib, 0, Path(key))
    try:
        so.base = so.address(layout.anchor) - layout.anchor_value
    except KeyError:
        so.close()
        raise
    for off, value in fill:
        ctypes.c_uint64.from_address(so.base + off).value = value
    return so
