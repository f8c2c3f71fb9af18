"""Run statistics shared by every tier: named counters and timers, printed by ``--stats``.

Counting is a dict increment; tiers count at unit granularity (a compile, a call into a
tier, a fallback), never per instruction, so keeping stats on costs nothing measurable.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


class Stats:
    """Counters (``count``) and accumulated seconds (``timer``), keyed by dotted names."""

    def __init__(self) -> None:
        self.counters: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] += n

    def add_time(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def timer(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.add_time(name, time.perf_counter() - t0)

    def report(self) -> str:
        """Human-readable lines, sorted by name."""
        lines = [f"{k:<48} {v:>12}" for k, v in sorted(self.counters.items())]
        lines += [f"{k:<48} {v * 1000:>10.2f} ms" for k, v in sorted(self.seconds.items())]
        return "\n".join(lines)
