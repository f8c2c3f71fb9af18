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
        """Human-readable lines, sorted by name, then the JIT's fixed cost (when tier 2 ran)
        and, last, the native share (``native_share_line``)."""
        lines = [f"{k:<48} {v:>12}" for k, v in sorted(self.counters.items())]
        lines += [f"{k:<48} {v * 1000:>10.2f} ms" for k, v in sorted(self.seconds.items())]
        fixed = self.jit_fixed_line()
        if fixed:
            lines.append(fixed)
        lines.append(self.native_share_line())
        return "\n".join(lines)

    def jit_fixed_line(self) -> str:
        """What reaching tier 2 cost apart from running native code, in CPU ms: imports
        (llvmlite, the lowering), LLVM's initialisation, the runtime module, the disk keys
        of units (``jit.unitkey``), loading cached code, lowering to IR, compiling and
        linking (the misses of the disk cache); "" when no unit went native."""
        sec = self.seconds
        parts = [(name, sec.get(f"jit.fixed.{name}", 0.0))
                 for name in ("import", "init", "runtime", "key", "load")]
        parts += [(name, sec.get(f"jit.{name}", 0.0)) for name in ("lower", "link", "compile")]
        if not any(v for _, v in parts):
            return ""
        c = self.counters
        total = sum(v for _, v in parts) * 1000
        shown = ", ".join(f"{name} {v * 1000:.1f}" for name, v in parts)
        return (f"jit fixed cost: {total:.1f} ms CPU ({shown}); disk cache: "
                f"{c['jit.cache.hits']} hits, {c['jit.cache.misses']} misses")

    def native_units(self) -> tuple[int, int]:
        """(unit calls that ran natively, all unit calls). A unit call is a step, one rule
        application (``interpreter.limits``): native ones are the steps native code made
        (``run.steps.native``) and the native entries that did not bail out (their step
        is counted by the caller, tier 0's hook or the VM)."""
        c = self.counters
        deopts = sum(v for k, v in c.items() if k.startswith("jit.deopts."))
        native = c["run.steps.native"] + max(c["jit.native_entries"] - deopts, 0)
        total = c["run.steps"]
        return min(native, total), total

    def native_share_line(self) -> str:
        """``native share: P% of N unit calls``: the last line of ``--stats``."""
        native, total = self.native_units()
        share = 100.0 * native / total if total else 0.0
        return f"native share: {share:.1f}% of {total} unit calls"
