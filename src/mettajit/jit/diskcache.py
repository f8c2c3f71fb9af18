"""Tier 2's code cache on disk: object code of compiled modules kept between runs.

The engine (``jit.engine``) asks this module for the object code of an LLVM module before
it optimises and generates code, and stores what it generated after. An entry is named by
a SHA-256 of the module's IR text and of everything else the machine code depends on
(``JitEngine`` passes the llvmlite and LLVM versions, the host CPU and its features, the
Python build): the same IR on the same machine and build is the same object code, so a
second run of a program loads its units instead of compiling them (``jit.cache.hits`` in
the stats). Units whose IR embeds process addresses (the HEAP handles of constant pools)
get a new key each run: they miss, never load stale code.

Where: ``settings.jit_cache_dir`` (``METTAJIT_CACHE_DIR``, ``--jit-cache-dir``), else
``$XDG_CACHE_HOME/mettajit``, else ``~/.cache/mettajit``; the objects live in its ``jit``
folder. ``settings.jit_cache`` off (``METTAJIT_JIT_CACHE=0``, ``--no-jit-cache``) or a
folder that cannot be made: no cache (every unit compiles, nothing is written).

Entries are written whole (a temporary file renamed over the name), so a reader sees an
old entry, a new one or none, never half of one; several processes may share a folder. A
file that cannot be read or written is a miss, never an error. The folder is trimmed to
``MAX_ENTRIES`` files (least recently used first) when a process first writes to it.

This module touches files only: no LLVM (it loads without llvmlite).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Final

from mettajit.config import Settings
from mettajit.jit.digest import sha256

MAX_ENTRIES: Final = 6000  # files kept (a small unit's object is 2-10 KB, its .so ~15 KB)
SUFFIX: Final = ".o"
SHARED_SUFFIX: Final = ".so"  # a linked shared object (``jit.sharedobj``)
META_SUFFIX: Final = ".json"  # what loading it needs (names, slots, the object's digest)


def cache_root(settings: Settings) -> Path | None:
    """The cache folder the settings ask for, or None when the cache is off."""
    if not settings.jit_cache:
        return None
    if settings.jit_cache_dir:
        return Path(settings.jit_cache_dir).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "mettajit"
    try:
        return Path.home() / ".cache" / "mettajit"
    except (RuntimeError, KeyError):  # no home folder to be found: no cache
        return None


class ObjectCache:
    """Object code by key in one folder (``<root>/jit/<aa>/<rest of the key>.o``)."""

    def __init__(self, root: Path, salt: str) -> None:
        self.folder = root / "jit"
        self.salt = salt  # what the code depends on besides its IR
        self.errors = 0  # reads or writes that failed (counted as misses)
        self._trimmed = False

    def key(self, ir_text: str) -> str:
        h = sha256(self.salt.encode())
        h.update(b"\0")
        h.update(ir_text.encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / (key[2:] + SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The object code stored under ``key``, or None."""
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # trimming removes the least recently used first
            return data
        except FileNotFoundError:
            return None
        except OSError:
            self.errors += 1
            return None

    def put(self, key: str, data: bytes) -> bool:
        """Store ``data`` under ``key`` (whole or not at all); False if it could not."""
        return self._write(self._path(key), data)

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not self._trimmed:
                self._trimmed = True
                self.trim()
            import tempfile  # on a write only: a run that only loads cached code never needs it

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            self.errors += 1
            return False
        return True

    # -- shared objects (``jit.sharedobj``): a ``.so`` and its description, ``.json`` ----

    def shared_path(self, key: str) -> Path:
        return self.folder / key[:2] / (key[2:] + SHARED_SUFFIX)

    def get_shared(self, key: str) -> tuple[dict[str, Any], Path] | None:
        """The description stored under ``key`` and the path of its shared object, or None
        (also when the object is not the one described: truncated, corrupt, replaced)."""
        meta_path = self.folder / key[:2] / (key[2:] + META_SUFFIX)
        so = self.shared_path(key)
        try:
            meta = json.loads(meta_path.read_bytes())
            data = so.read_bytes()
            os.utime(meta_path)  # trimming removes the least recently used first
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.errors += 1
            return None
        if not isinstance(meta, dict) or meta.get("so_sha256") != sha256(data).hexdigest():
            self.errors += 1
            return None
        return meta, so

    def put_shared(self, key: str, meta: dict[str, Any], data: bytes) -> bool:
        """Store a shared object and its description (the object first: a reader that
        finds the description finds the object it names, or a miss)."""
        meta = {**meta, "so_sha256": sha256(data).hexdigest()}
        return (self._write(self.shared_path(key), data)
                and self._write(self.folder / key[:2] / (key[2:] + META_SUFFIX),
                                json.dumps(meta, sort_keys=True).encode()))

    def entries(self) -> list[Path]:
        return [p for suffix in (SUFFIX, SHARED_SUFFIX, META_SUFFIX)
                for p in self.folder.glob(f"*/*{suffix}")]

    def trim(self, keep: int = MAX_ENTRIES) -> int:
        """Remove the oldest entries beyond ``keep``; how many were removed."""
        files = self.entries()
        if len(files) <= keep:
            return 0
        aged: list[tuple[float, Path]] = []
        for p in files:
            with contextlib.suppress(OSError):  # removed meanwhile by another process
                aged.append((p.stat().st_mtime, p))
        aged.sort()
        removed = 0
        for _, p in aged[: len(aged) - keep]:
            with contextlib.suppress(OSError):
                p.unlink()
                removed += 1
        return removed
