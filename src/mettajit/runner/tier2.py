"""Tier 2 as the tiering code sees it: compile a chunk, run it, count what happened.

The whole API::

    tier2 = Tier2(settings, stats)
    unit = tier2.compile(chunk)      # NativeUnit, or None: the chunk stays in tier 1
    result = unit.run([atom, ...])   # an Atom, or BAILOUT (a list or a tuple of atoms)
    tier2.flush_stats()              # before printing stats: native entries and deopts

Contract of ``run``: the arguments are the chunk's argument atoms (slots 0..arity-1). It
returns the unit's result atom, or ``BAILOUT``, which means "run this unit in tier 1 from
its start": compiled units are pure (the lowering only accepts opcodes without side
effects), so nothing observable happened. Bail-outs happen when a guard fails: an operand
is not a 48-bit integer (a float, a big integer, a symbol), a result does not fit 48 bits
(tier 1 then computes the exact big integer), a division by zero (tier 1 makes the
``(Error (/ 1 0) DivisionByZero)`` value), a Bool was expected and something else came.
``unit.last_reason`` says why (a ``BailReason``); the stats count ``jit.deopts.<reason>``
(native code counts; ``flush_stats`` copies the counts into the ``Stats``).

Compiling costs milliseconds (``jit.compile`` in the stats); the cache is keyed on chunk
identity, so compiling the same chunk again is a dict lookup.
"""

from __future__ import annotations

from typing import Final

from mettajit.bytecode.chunk import Chunk
from mettajit.config import DEFAULTS, Settings
from mettajit.jit import helpers
from mettajit.jit.engine import CompiledUnit, JitEngine
from mettajit.jit.helpers import BailReason
from mettajit.stats import Stats

BAILOUT: Final = helpers.BAILOUT


class NativeUnit:
    """A compiled chunk. ``run`` IS the native builtin: no Python frame between the caller
    and the machine code (argument atoms in, result atom out, ~50-80 ns a call)."""

    __slots__ = ("code", "run")

    def __init__(self, code: CompiledUnit) -> None:
        self.code = code
        self.run = code.entry

    @property
    def last_reason(self) -> BailReason | None:
        """Why the latest ``run`` that bailed out did (None if none did)."""
        status = self.code.last_status
        return BailReason(status) if status else None

    @property
    def arity(self) -> int:
        return self.code.arity

    @property
    def chunk(self) -> Chunk:
        return self.code.chunk


class Tier2:
    """Compiles chunks to native units (cached by chunk identity) and keeps the stats."""

    def __init__(self, settings: Settings = DEFAULTS, stats: Stats | None = None) -> None:
        self.stats = stats if stats is not None else Stats()
        self.engine = JitEngine(settings, self.stats)
        self.units: dict[int, NativeUnit | None] = {}
        self._flushed: dict[str, int] = {}

    def compile(self, chunk: Chunk) -> NativeUnit | None:
        """The native unit of ``chunk``, or None when tier 2 does not compile it."""
        key = id(chunk)
        if key in self.units:
            return self.units[key]
        code = self.engine.compile(chunk)
        unit = NativeUnit(code) if code is not None else None
        self.units[key] = unit
        return unit

    def flush_stats(self) -> None:
        """Bring ``jit.native_entries`` and ``jit.deopts.<reason>`` up to date: native code
        counts them in its own globals, and this adds what is new since the last flush."""
        totals = {"jit.native_entries": 0}
        for unit in self.units.values():
            if unit is None:
                continue
            totals["jit.native_entries"] += unit.code.entries
            for status, n in enumerate(unit.code.deopt_counts()):
                if n:
                    key = "jit.deopts." + BailReason(status).name.lower()
                    totals[key] = totals.get(key, 0) + n
        for key, total in totals.items():
            self.stats.count(key, total - self._flushed.get(key, 0))
            self._flushed[key] = total
