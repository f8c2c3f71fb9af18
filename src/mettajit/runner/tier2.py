"""Tier 2 as the tiering code sees it: compile a chunk, run it, count what happened.

The whole API::

    tier2 = Tier2(settings, stats)
    unit = tier2.compile(chunk)      # NativeUnit, or None: the chunk stays in tier 1
    result = unit.run([atom, ...])   # an Atom, or BAILOUT
    tier2.flush_stats()              # before printing stats: native entry counts

Contract of ``run``: the arguments are the chunk's argument atoms (slots 0..arity-1). It
returns the unit's result atom, or ``BAILOUT``, which means "run this unit in tier 1 from
its start": compiled units are pure (the lowering only accepts opcodes without side
effects), so nothing observable happened. Bail-outs happen when a guard fails: an operand
is not a 48-bit integer (a float, a big integer, a symbol), a result does not fit 48 bits
(tier 1 then computes the exact big integer), a division by zero (tier 1 makes the
``(Error (/ 1 0) DivisionByZero)`` value), a Bool was expected and something else came.
``unit.last_reason`` says why (a ``BailReason``); the stats count ``jit.deopts.<reason>``.

Compiling costs milliseconds (``jit.compile`` in the stats); the cache is keyed on chunk
identity, so compiling the same chunk again is a dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from mettajit.atoms.core import NUMBER, Atom, Grounded
from mettajit.bytecode.chunk import Chunk
from mettajit.config import DEFAULTS, Settings
from mettajit.jit.engine import CompiledUnit, JitEngine
from mettajit.jit.helpers import Bailout, BailReason
from mettajit.stats import Stats


class _BailoutResult:
    __slots__ = ()

    def __repr__(self) -> str:
        return "BAILOUT"


BAILOUT: Final = _BailoutResult()


class NativeUnit:
    """A compiled chunk. ``run`` is a plain closure (no bound-method or attribute lookups on
    the hot path): one native call plus, for a number, building its atom."""

    __slots__ = ("code", "last_reason", "run")

    def __init__(self, code: CompiledUnit, stats: Stats) -> None:
        self.code = code
        self.last_reason: BailReason | None = None
        self.run: Callable[[Sequence[Atom]], Atom | _BailoutResult] = self._make_run(stats)

    def _make_run(self, stats: Stats) -> Callable[[Sequence[Atom]], Atom | _BailoutResult]:
        entry = self.code.entry
        unit = self

        def run(args: Sequence[Atom]) -> Atom | _BailoutResult:
            r = entry(*args)
            c = r.__class__
            if c is Grounded:  # small ints come as atoms already (built by native code)
                return r  # type: ignore[no-any-return]
            if c is int or c is float:  # big ints made by pow; floats
                return Grounded(r, NUMBER)
            if c is Bailout:
                unit.last_reason = r.reason
                stats.count("jit.deopts." + r.reason.name.lower())
                return BAILOUT
            return r  # type: ignore[no-any-return]

        return run

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
        self._flushed = 0

    def compile(self, chunk: Chunk) -> NativeUnit | None:
        """The native unit of ``chunk``, or None when tier 2 does not compile it."""
        key = id(chunk)
        if key in self.units:
            return self.units[key]
        code = self.engine.compile(chunk)
        unit = NativeUnit(code, self.stats) if code is not None else None
        self.units[key] = unit
        return unit

    def flush_stats(self) -> None:
        """Add the native entry counts (kept by native code) to ``jit.native_entries``."""
        total = sum(u.code.entries for u in self.units.values() if u is not None)
        self.stats.count("jit.native_entries", total - self._flushed)
        self._flushed = total
