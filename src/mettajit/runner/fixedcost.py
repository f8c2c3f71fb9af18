"""Tier 2's fixed cost as last paid on this machine, kept between runs (issue 10, item 5).

The first unit of a run to go native pays the fixed cost F: importing the tier-2 stack,
LLVM's initialisation, the runtime module, and lowering and loading (or compiling) that
unit. Under ``auto`` the waits before it (a long call's tier-1 trial, the count path's
work) are a bet against F (``TierPolicy.wait``'s ``fixed``): waiting a share of F
(``policy.FIXED_SHARE``) before paying it loses at most about F whether the run turns
out long or short. F is known only
once paid, so the tiering writes what it paid here (``Tiering._promote``) and the next run
reads it: ``<cache root>/fixed-cost``, beside the object cache (``jit.diskcache``'s
folder), seconds of CPU as text. With the disk cache off (``--no-jit-cache``, the test
suite) there is no estimate and the waits are the settings'. A file that cannot be read
or written is no estimate, never an error; it is written whole (a temporary file renamed
over it), so several processes may share the folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Final

from mettajit.config import Settings
from mettajit.jit.diskcache import cache_root

NAME: Final = "fixed-cost"


def _path(settings: Settings) -> Path | None:
    root = cache_root(settings)
    return None if root is None else root / NAME


def read(settings: Settings) -> float | None:
    """The fixed cost the last run that paid it wrote (CPU seconds), or None."""
    path = _path(settings)
    if path is None:
        return None
    try:
        seconds = float(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeError):
        return None
    return seconds if 0.0 <= seconds < 3600.0 else None


def write(settings: Settings, seconds: float) -> None:
    """Keep ``seconds`` as the fixed cost this run paid (nothing when the cache is off)."""
    path = _path(settings)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=NAME + ".")
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{seconds:.6f}\n")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
