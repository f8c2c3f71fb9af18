"""SHA-256 for tier 2's keys and checks (the disk cache's keys, the patterns' names, the
checks of stored code), from CPython's built-in module rather than ``hashlib``: importing
``hashlib`` loads OpenSSL (``_hashlib``), ~3.5 ms of a process that reaches tier 2 on a
warm disk cache, where the whole fixed cost is ~8 ms. The digests are the same."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # (a Protocol class costs its import time)
    from typing import Protocol

    class Hash(Protocol):
        """What the callers use of a hash object."""

        def update(self, data: bytes, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...


def _builtin_sha256() -> Callable[..., Hash]:
    # CPython 3.12+ has _sha2, 3.11 _sha256 (looking for a missing one searches sys.path)
    for name in ("_sha2",) if sys.version_info >= (3, 12) else ("_sha256",):
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            pass
    import hashlib  # (a Python without them)

    return hashlib.sha256


sha256: Final = _builtin_sha256()
