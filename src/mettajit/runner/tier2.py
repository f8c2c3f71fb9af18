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

Function units (stage 3)::

    unit = tier2.compile(chunk, resolve)   # resolve(key): the chunk of a callee, or None
    entry = tier2.entry(unit, chunk, key, vm)
    results = entry(args)                  # [result], or tier 1's results after a bail-out
    vm.install(key, entry.bridge)          # the VM's calls of the unit go native too

A function unit and every unit it calls become one native module: calls between them are
native calls, a tail call to itself a loop. ``NativeEntry`` is how the tiering runs one:
native first; on ``BAILOUT`` (anywhere in the native recursion: every native frame unwinds)
the unit runs in tier 1 from its start with the same arguments, the VM's table pointing at
the tier-1 chunk meanwhile so the fallback's own calls of the unit do not re-enter the
native code that just gave up. ``bridge`` is a tiny chunk (``LOAD_LOCAL``s,
``CALL_GROUNDED`` of the entry, ``RETURN``) the VM can call in place of the unit's chunk;
only units that call (recurse, loop) get one: for a short straight-line unit the grounded
call costs more than the VM running the unit.

Lifetimes::

    tier2.release_chunks(chunks)   # stale chunks (rules, types changed): free their code
    tier2.disable(unit)            # a unit that bails out on most entries: free its code

A ``NativeEntry`` made with ``on_disable`` calls it when, of the entries that made
``settings.tier2_deopt_limit`` bail-outs, more than half bailed out; the tiering then
stops entering the unit. A freed unit's ``run`` answers ``BAILOUT`` (never freed code);
its counts stay in the stats (``jit.modules.freed``, ``jit.modules.live``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from mettajit.atoms.core import Atom
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode
from mettajit.bytecode.vm import VM
from mettajit.config import DEFAULTS, Settings
from mettajit.grounded.registry import make_op
from mettajit.interpreter.limits import raise_pending
from mettajit.jit import runtime, spacerun
from mettajit.jit.engine import CompiledUnit, JitEngine
from mettajit.jit.runtime import BailReason
from mettajit.jit.spacescan import uses_spaces
from mettajit.runner.policy import TierPolicy
from mettajit.stats import Stats

BAILOUT: Final = runtime.BAILOUT


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

    # CPU seconds of importing tier 2 (llvmlite.ir, the lowering) not yet in any stats
    # (``runner.tiering.load_tier2`` adds them; the first Tier2 made takes them)
    import_seconds: float = 0.0

    def __init__(self, settings: Settings = DEFAULTS, stats: Stats | None = None) -> None:
        self.stats = stats if stats is not None else Stats()
        if Tier2.import_seconds:
            self.stats.add_time("jit.fixed.import", Tier2.import_seconds)
            Tier2.import_seconds = 0.0
        self.engine = JitEngine(settings, self.stats)
        self.units: dict[int, NativeUnit] = {}  # by id of the engine's CompiledUnit
        self.deopt_limit = settings.tier2_deopt_limit
        self._flushed: dict[str, int] = {}
        self._retired: dict[str, int] = {}  # the final counts of freed units

    @property
    def paid(self) -> bool:
        """Whether tier 2's fixed cost is paid in this process (``TierPolicy``'s ``paid``:
        an earlier unit was made or loaded, ``JitEngine.paid``)."""
        return self.engine.paid

    def compile(self, chunk: Chunk,
                resolve: Callable[[Any], Chunk | None] | None = None) -> NativeUnit | None:
        """The native unit of ``chunk``, or None when tier 2 does not compile it. With
        ``resolve`` the chunk is a function unit (see the module doc)."""
        code = self.engine.compile(chunk, resolve)
        if code is None:
            return None
        unit = self.units.get(id(code))
        if unit is None:
            unit = self.units[id(code)] = NativeUnit(code)
        return unit

    def compile_batch(self, chunks: Sequence[Chunk]) -> list[NativeUnit | None]:
        """``compile`` of several expression chunks at once (one LLVM module: about half
        the compile time of each small unit alone)."""
        out: list[NativeUnit | None] = []
        for code in self.engine.compile_batch(chunks):
            unit = None
            if code is not None:
                unit = self.units.get(id(code))
                if unit is None:
                    unit = self.units[id(code)] = NativeUnit(code)
            out.append(unit)
        return out

    def release_chunks(self, chunks: Sequence[Chunk]) -> None:
        """These chunks are stale (their rules or a type changed): no unit built from them
        will be asked for again, and their native modules are freed (``JitEngine``)."""
        self._retire(self.engine.release_chunks(chunks))

    def disable(self, unit: NativeUnit) -> None:
        """No more entries into ``unit`` (it bails out too often): its module is freed, and
        compiling its chunk again would make new code."""
        self._retire(self.engine.release_units([unit.code]))

    def _retire(self, freed: list[CompiledUnit]) -> None:
        for code in freed:
            if self.units.pop(id(code), None) is not None:
                self._add_counts(code, self._retired)

    def entry(self, unit: NativeUnit, chunk: Chunk, key: Any, vm: VM,
              on_disable: Callable[[NativeEntry], None] | None = None) -> NativeEntry:
        """How the tiering runs the function unit ``key`` (tier 1 code ``chunk``);
        ``on_disable(entry)`` when it bails out on most entries (see ``NativeEntry``)."""
        return NativeEntry(unit, chunk, key, vm, self.deopt_limit, on_disable)

    def flush_stats(self) -> None:
        """Bring ``jit.native_entries`` and ``jit.deopts.<reason>`` up to date: native code
        counts them in its own globals, and this adds what is new since the last flush."""
        totals = {"jit.native_entries": 0, **self._retired}
        for unit in self.units.values():
            self._add_counts(unit.code, totals)
        for key, total in totals.items():
            self.stats.count(key, total - self._flushed.get(key, 0))
            self._flushed[key] = total


    @staticmethod
    def _add_counts(code: CompiledUnit, totals: dict[str, int]) -> None:
        totals["jit.native_entries"] = totals.get("jit.native_entries", 0) + code.entries
        for status, n in enumerate(code.deopt_counts()):
            if n:
                key = "jit.deopts." + BailReason(status).name.lower()
                totals[key] = totals.get(key, 0) + n


class NativeEntry:
    """Runs a function unit natively, falling back to tier 1 from its start on a bail-out.

    Repeated bail-outs: each costs the native attempt and the entry on top of tier 1's run
    (through a bridge, a grounded call of ~5 us). Every ``limit`` bail-outs the entry looks
    at how many entries they took (the native counter): if they are more than half of
    them, ``on_disable(self)`` is called (the tiering stops entering the unit, and tier 2
    frees its code) and ``live`` is False. A fast path that never bails pays nothing.
    """

    __slots__ = ("bails", "bridge", "chunk", "effects", "key", "limit", "live", "native",
                 "on_disable", "run", "vm", "window")

    def __init__(self, native: NativeUnit, chunk: Chunk, key: Any, vm: VM, limit: int = 0,
                 on_disable: Callable[[NativeEntry], None] | None = None) -> None:
        self.native = native
        self.run = native.run
        self.chunk = chunk
        self.key = key
        self.vm = vm
        self.limit = limit if on_disable is not None else 0  # 0: never disabled
        self.on_disable = on_disable
        self.live = True  # False once the tiering dropped or disabled it
        self.bails = 0  # bail-outs in the current window
        self.window = native.code.entries  # native entries when the window began
        # it touches spaces (jit.spacescan): its effects are queued, and a bail-out after
        # an iteration committed runs tier 1 from that iteration (spacerun.resume)
        self.effects = uses_spaces(chunk)
        # The VM reaches native code through a grounded call (~5 us, against ~2 us for a
        # short unit run by the VM itself): only worth it when the native code does more
        # than a few operations, i.e. calls (recursion, loops). Others: tier 0 entries only.
        calls = any(op in (Opcode.CALL, Opcode.TAIL_CALL) for _, op, _ in chunk.instructions())
        self.bridge: Chunk | None = self._bridge() if calls else None

    def __call__(self, args: Sequence[Atom]) -> list[Atom]:
        runtime.set_world(self.vm.interp)  # what normal-form marks native code trusts
        state = spacerun.STATE
        # whose match ``rt_space_match`` calls, whose tokens ``rt_space_token`` reads (in a
        # callee too: ``begin`` is only for a root with effects or tokens)
        state.vm = self.vm
        state.interp = self.vm.interp
        if self.effects:
            spacerun.begin(self.vm.interp)
            try:
                r = self.run(args)
            finally:
                spacerun.end()
        else:
            r = self.run(args)
        if state.keep:
            state.keep.clear()  # (the results hold what they need)
        if r is not BAILOUT:
            return r if type(r) is list else [r]  # a multi unit's results (jit.nondet)
        if self.effects:
            args = spacerun.resume() or args
        if self.native.code.last_status == BailReason.STOPPED:
            raise_pending()  # a limit ended the query (interpreter.limits)
        self.bails += 1
        if self.bails == self.limit:
            self._judge()
        return self.tier1(args)

    def _judge(self) -> None:
        """``limit`` bail-outs since the window began: disable if most entries bailed."""
        entries = self.native.code.entries
        if TierPolicy.disable(self.bails, entries - self.window) and self.live \
                and self.on_disable:
            self.live = False
            self.on_disable(self)
        self.bails = 0
        self.window = entries

    def tier1(self, args: Sequence[Atom]) -> list[Atom]:
        """The unit in tier 1 from its start; meanwhile the VM calls the tier-1 chunk."""
        vm = self.vm
        had = vm.installed(self.key)
        if had is None:  # the VM does not call this unit directly (e.g. it is typed)
            if self.bridge is None or vm.installed_typed(self.key) is not self.bridge:
                return vm.run(self.chunk, list(args))
            vm.install_typed(self.key, self.chunk)  # a typed unit the VM calls natively
            try:
                return vm.run(self.chunk, list(args))
            finally:
                if self.live and vm.installed_typed(self.key) is self.chunk:
                    vm.install_typed(self.key, self.bridge)
        vm.install(self.key, self.chunk)
        try:
            return vm.run(self.chunk, list(args))
        finally:
            # (a rule change may have dropped it, or the unit been disabled meanwhile)
            if self.live and vm.installed(self.key) is self.chunk:
                vm.install(self.key, had)

    def _bridge(self) -> Chunk:
        n = self.chunk.arity
        op = make_op(f"native:{self.native.code.name}", "(-> Atom)",
                     lambda *args: self(args), multi=True, variadic=True)
        bridge = Chunk(name=f"{self.chunk.name}:native", arity=n, n_locals=n,
                       max_stack=max(n, 1), source=self.chunk.source)
        for i in range(n):
            bridge.emit(Opcode.LOAD_LOCAL, i)
        bridge.emit(Opcode.CALL_GROUNDED, bridge.add_op(op), n)
        bridge.emit(Opcode.RETURN)
        return bridge.finish()
