"""A memoised predicate over keys whose answers may depend on each other, as "is this
function pure?" depends on the functions it calls, itself included.

The answer wanted is the greatest fixed point: a key asked again while it is being decided
is assumed True (recursion is assumed fine), so a function is pure when nothing but its
own purity stands in the way. A False found below such an assumption may have let other
keys be recorded True wrongly; when the outermost question ends False, every True recorded
meanwhile is dropped (and ``on_false`` clears what was derived from them).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Coinductive(Generic[K]):
    """``ask(key, decide)``: ``decide()`` once per key, cycles assumed True."""

    __slots__ = ("busy", "memo", "on_false")

    def __init__(self, on_false: Callable[[], None] | None = None) -> None:
        self.memo: dict[K, bool] = {}
        self.busy: set[K] = set()
        self.on_false = on_false

    def ask(self, key: K, decide: Callable[[], bool]) -> bool:
        got = self.memo.get(key)
        if got is not None:
            return got
        if key in self.busy:
            return True
        outer = not self.busy
        self.busy.add(key)
        try:
            ok = decide()
        finally:
            self.busy.discard(key)
        if ok or outer:
            self.memo[key] = ok
        if outer and not ok:
            self.memo = {k: v for k, v in self.memo.items() if not v}
            if self.on_false is not None:
                self.on_false()
        return ok

    def clear(self) -> None:
        self.memo.clear()
