"""The tiering mechanism: which unit runs in which tier (as ``runner.policy.TierPolicy``
decides from the counters kept here), compiling, installing code in the VM, invalidation.

``Tiering(interp, settings, stats)`` is what the ``MeTTa`` runner talks to:

* ``evaluate(atom)`` evaluates one ``!`` query on the configured tier: ``--tier 0`` and
  ``auto`` start it in tier 0; ``--tier 1`` (and ``2``) compile the query to a chunk and run
  it in the VM.
* It installs ``interp.call_hook``: when tier 0 is about to apply the rules of a unit (all
  rules of one head and arity) to evaluated, ground arguments, the hook counts the call and,
  once the unit is hot (``settings.tier1_threshold`` calls; at once with ``--tier 1``),
  runs the unit's compiled chunk in the VM instead.
* The VM asks ``_resolve`` for a unit it has no chunk for, with the same policy. A typed
  function is called through tier 0 (which checks the call as written, then comes back
  through the hook), except where the VM can tell that tier 0 would find the call fine
  and apply the rules plainly: then it enters the chunk the hook ran
  (``bytecode.slowpaths.SlowPaths._typed_direct``). Native code calls a typed unit only
  when it is typed ``(-> Number ... Number)`` and that holds for numbers
  (``callplan.number_typed``): its native code then checks that its arguments are
  integers, and its bridge becomes the chunk the VM's direct typed calls enter.
* A rule added or removed at run time drops the compiled code of its head
  (``Space.listeners``), and all native code: a native unit contains the code of every
  unit it calls, so any rule change may make it stale (recompiling is cheap when the
  rules it was built from did not change: tier 2 caches on the identities of the chunks).
  A type declaration ``(: f T)`` added or removed (``Space.type_listeners``) does the same
  for the units of ``f`` and the units whose chunks call ``f``.
* Tier 2 (``runner.tier2``): ``--tier 2`` compiles every unit it can to native code when
  the unit is first run; ``auto`` after ``settings.tier2_threshold`` runs in tier 1 (VM
  calls of the chunk, ``Profile.budget`` and the ``on_hot`` hook of ``VM.attach``, or
  entries from tier 0). A
  native unit is run by ``_enter`` (from tier 0) and, through its bridge chunk installed in
  the VM (``VM.install``), by the VM; a bail-out runs the unit again in tier 1 from its start. A
  unit that bails out on most of its native entries (``settings.tier2_deopt_limit``
  bail-outs at a time, see ``runner.tier2.NativeEntry``) is disabled: it stays in tier 1
  until its chunk changes (``tier2.disabled.deopts``). Native code built from stale chunks
  and disabled units' code is freed (``jit.modules.freed``, ``jit.modules.live``).

Adding tier 2 is local to this module: ``Unit`` has a slot for native code, and ``_enter``
is the one place that picks the code of a unit (native when there is some, with a
bail-out running the unit again in tier 1 from its start: units compiled to tier 2 are
pure, so nothing runs twice that has a side effect; space effects are queued to the end of
each iteration and a bail-out reruns only its iteration, ``jit.spacescan``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import EMPTY_SYM, ERROR, Atom, Expression, Symbol
from mettajit.bytecode.callplan import number_typed
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.compiler import (
    CompileError,
    compile_expression,
    compile_function,
    data_chunk,
)
from mettajit.bytecode.disasm import disassemble
from mettajit.bytecode.slowpaths import NEST_LIMIT
from mettajit.bytecode.vm import VM
from mettajit.config import Settings
from mettajit.interpreter import Interpreter
from mettajit.interpreter.formdef import is_rule_defined
from mettajit.jit.spacescan import has_effects
from mettajit.runner import fixedcost
from mettajit.runner.policy import MAX_TRIALS, TierPolicy
from mettajit.space.store import HeadKey
from mettajit.stats import Stats

if TYPE_CHECKING:
    from mettajit.runner.tier2 import NativeEntry, Tier2

_tier2_unavailable: list[str] = []  # why tier 2 cannot load here, once known


def load_tier2() -> type[Tier2] | None:
    """The ``Tier2`` class, or None when this install cannot run native code (a free-threaded
    Python, an llvmlite older than the floor, no llvmlite at all: the reason is
    ``jit.helpers``' or ``jit.engine``'s ImportError). Then ``--tier 2`` and ``auto`` run in
    tier 1, said once per process on stderr, as one line."""
    if _tier2_unavailable:
        return None
    t0 = time.process_time()
    try:
        from mettajit.runner.tier2 import Tier2  # loaded when first asked for: it may be absent
    except ImportError as exc:
        _tier2_unavailable.append(str(exc))
        print(f"mettajit: {exc}; running tier 1 instead", file=sys.stderr)
        return None
    Tier2.import_seconds += time.process_time() - t0  # jit.fixed.import, in its stats
    return Tier2


_MATCH = Symbol("match")


def joins(atom: Atom) -> int:
    """How many ``match`` calls of ``atom`` sit inside the template of another ``match``
    (a join: the inner query runs once per result of the outer one)."""
    found = 0
    todo: list[tuple[Atom, bool]] = [(atom, False)]
    while todo:
        a, inside = todo.pop()
        if type(a) is not Expression:
            continue
        ch = a.children
        is_match = len(ch) == 4 and ch[0] is _MATCH
        if is_match and inside:
            found += 1
        for i, c in enumerate(ch):
            if type(c) is Expression:
                todo.append((c, inside or (is_match and i == 3)))
    return found


class Unit:
    """One compile unit: the rules of one (head, length) and its counters and code."""

    __slots__ = ("ask_at", "chunk", "disabled", "failed", "key", "native", "native_refused",
                 "runs", "since")

    def __init__(self, key: HeadKey) -> None:
        self.key = key
        self.runs = 0  # calls seen while not compiled (hotness)
        self.chunk: Chunk | None = None  # tier 1 code
        self.native: NativeEntry | None = None  # tier 2 code (runner.tier2), when there is some
        # tier 2 was asked and has no code for it (refused, or disabled), until a rule change
        self.native_refused = False
        self.failed = False  # the compiler refused it: it stays in tier 0
        self.disabled: Chunk | None = None  # the chunk whose native code bailed out too often
        self.since = 0.0  # CPU time (process_time) when its chunk was compiled
        self.ask_at = 0  # tier 1 runs of the chunk before the policy is asked again

    @property
    def native_asked(self) -> bool:
        """Whether tier 2 was asked for its code (since the last rule change)."""
        return self.native is not None or self.native_refused


# tier 1 runs of a chunk between two looks at the CPU time since its compile, while it
# waits for the work that earns tier 2's fixed cost (``Tiering._wants_native``)
_WORK_EVERY = 256

_UNREAD = object()  # Tiering._fixed before the file is read

# steps between two looks at the CPU time of a tier-1 trial (``Tiering._enter_long``)
_NATIVE_TRIAL_EVERY = 8


class _Trial:
    """A cold unit's call that tier 0 runs on a stack of its own (``Interpreter.apply_rules``)
    and that may be given up, to run again compiled, once it has made ``due`` steps."""

    __slots__ = ("due", "effects", "live", "native", "steps", "t0", "unit", "world")

    def __init__(self, unit: Unit, steps: int, effects: int, world: int, due: int,
                 native: bool = False) -> None:
        self.unit = unit
        self.native = native  # a call run again in tier 1, to be given up for native code
        self.t0 = time.process_time() if native else 0.0
        self.steps = steps  # the query's step count when the call began
        self.effects = effects  # Interpreter.effects then
        self.world = world  # Interpreter.world.version then
        self.due = due
        self.live = True  # False: it did something that must not run twice; it runs on


class _Restart(BaseException):
    """Unwinds tier 0 down to the start of ``trial``, which then runs again compiled. A
    BaseException, as ``LimitExceeded`` is: no handler of operation failures catches it."""

    def __init__(self, trial: _Trial) -> None:
        super().__init__()
        self.trial = trial


class Tiering:
    """Per-unit hotness and the choice of tier; owns the VM of one interpreter."""

    def __init__(self, interp: Interpreter, settings: Settings, stats: Stats) -> None:
        self.interp = interp
        self.settings = settings
        self.stats = stats
        self.policy = policy = TierPolicy.of(settings)
        self.vm = VM(interp, trace=settings.trace)
        self.vm.attach(self._resolve, self._on_hot if policy.native else None)
        self.units: dict[HeadKey, Unit] = {}
        self.data_chunks: dict[HeadKey, Chunk] = {}  # constructors' (``_callee_chunk``)
        self.tier2: Tier2 | None = None  # made when a unit is first promoted
        self._space: Any = None
        self._trials: list[_Trial] = []  # the cold calls being tried, outermost first
        self._fixed: object = _UNREAD  # runner.fixedcost's estimate, read when first asked
        if policy.hooked:
            interp.call_hook = self._hook
        self._watch_space()

    # -- the runner's entry --------------------------------------------------------------
    def evaluate(self, atom: Atom, line: int = 0) -> list[Atom]:
        """All results of one ``!`` query, on the configured tier (``line``: its source
        line, for the chunk's line map)."""
        self._watch_space()
        if not self.policy.query_in_vm_for(joins(atom)):
            try:
                return self.interp.evaluate(atom)
            finally:
                self._flush_tier2()
        t0 = time.perf_counter()
        try:
            chunk = compile_expression(atom, self.interp, line=line)
        except (CompileError, RecursionError):
            self.stats.count("tier1.fallback.query")
            return self.interp.evaluate(atom)
        finally:
            self.stats.add_time("tier1.compile", time.perf_counter() - t0)
        self._dump(chunk)
        self.stats.count("tier1.queries")
        with self.stats.timer("tier1.run"):
            results = self.vm.run(chunk)
        self._sum_calls()
        self._flush_tier2()
        return results

    # -- units ---------------------------------------------------------------------------
    def _unit(self, key: HeadKey) -> Unit:
        unit = self.units.get(key)
        if unit is None:
            unit = self.units[key] = Unit(key)
        return unit

    def _compile(self, unit: Unit) -> Chunk | None:
        if unit.failed:
            return None
        rules = self.interp.space.rule_index.get(unit.key)
        if not rules:
            return None
        t0 = time.perf_counter()
        try:
            chunk = compile_function(unit.key, list(rules), self.interp)
        except (CompileError, RecursionError):
            unit.failed = True
            self.stats.count("tier1.units.refused")
            return None
        finally:
            self.stats.add_time("tier1.compile", time.perf_counter() - t0)
        self.stats.count("tier1.units.compiled")
        unit.chunk = chunk
        unit.since = time.process_time()
        unit.ask_at = 0
        budget = self.policy.hot_budget(self._weight(chunk))
        if budget is not None:
            chunk.profile.budget = budget  # VM calls until the on_hot hook
        self._dump(chunk)
        return chunk

    def _hot(self, unit: Unit) -> Chunk | None:
        """The unit's tier 1 chunk, compiling it when it has become hot."""
        if unit.chunk is not None:
            return unit.chunk
        unit.runs += 1
        if self.policy.compile_unit(unit.runs, self._joins(unit)):
            return self._compile(unit)
        return None

    def _weight(self, chunk: Chunk) -> int:
        """``TierPolicy.weight`` of a chunk (its space effects: ``jit.spacescan``)."""
        return self.policy.weight(has_effects(chunk))

    def _joins(self, unit: Unit) -> int:
        """The joins over a space in the unit's rule bodies (``joins``), at its first call."""
        if unit.runs != 1:
            return 0
        return sum(joins(r.rhs) for r in self.interp.space.rule_index.get(unit.key, ()))

    def _hook(self, expr: Expression) -> list[Atom] | None:
        """``interp.call_hook``: run a hot unit in tier 1 (None: tier 0 goes on)."""
        if not expr.is_ground() or self.interp.space.var_rules:
            return None
        if self.vm.nested >= NEST_LIMIT:
            # this call would nest one more run of the VM in Python: tier 0 applies the
            # rules on its own stack (slowpaths.NEST_LIMIT)
            self.stats.counters["tier0.nested_calls"] += 1
            return None
        head = expr.children[0]
        if type(head) is not Symbol:
            return None
        unit = self._unit((head, len(expr.children)))
        chunk = self._hot(unit)
        if chunk is None:
            self.stats.counters["tier0.unit_calls"] += 1
            if self.policy.trial(len(self._trials)) and not unit.failed \
                    and self.vm.capture is None:
                return self._try(unit, expr)
            return None
        return self._enter(unit, chunk, list(expr.children[1:]))

    # -- work inside one call: trials ----------------------------------------------------
    def _try(self, unit: Unit, expr: Expression) -> list[Atom] | None:
        """Run a cold unit's call in tier 0 as a trial: once it has made
        ``policy.trial_steps`` steps without an effect (``_due``), it is given up, its steps
        taken back, and the call runs again compiled (``_enter``). So a loop inside one long
        call (a search under one ``collapse``) is promoted by the work it does, not only by
        the number of calls of its unit."""
        interp = self.interp
        rules = interp.space.rules_for(unit.key)
        if not rules:
            return None
        done = self._as_trial(unit, self.policy.trial_steps, False,
                              lambda: interp.apply_rules(expr, rules))
        if done is not None:
            return done
        self.stats.count("tier0.trials.restarted")
        chunk = unit.chunk
        assert chunk is not None  # compiled by _due
        return self._enter_long(unit, chunk, list(expr.children[1:]))

    def _enter_long(self, unit: Unit, chunk: Chunk, args: list[Atom]) -> list[Atom]:
        """``_enter`` of a call its tier-0 trial gave up, as a trial in tier 1: once it has
        taken ``policy.native_trial`` seconds of CPU without an effect (``_due``) and its
        unit compiles to native code, it is given up again, its steps taken back, and it
        runs natively from its start."""
        if not self.policy.native_trial_seconds or unit.native_asked \
                or len(self._trials) >= MAX_TRIALS:
            return self._enter(unit, chunk, args)
        done = self._as_trial(unit, _NATIVE_TRIAL_EVERY, True,
                              lambda: self._enter(unit, chunk, args))
        if done is not None:
            return done
        self.stats.count("tier1.trials.restarted")
        self._promote(unit)
        return self._enter(unit, chunk, args)

    def _native_due(self, trial: _Trial, steps: int) -> bool:
        """Whether the tier-1 trial ``trial`` (``_enter_long``) is given up now; else it is
        due again later, or no longer a trial."""
        unit = trial.unit
        if unit.native_asked:  # native already (the VM calls it), or refused
            trial.live = False
            return False
        if time.process_time() - trial.t0 < self.policy.native_trial(self._paid(),
                                                                      self._fixed_cost()):
            trial.due = steps + _NATIVE_TRIAL_EVERY
            return False
        trial.live = False
        interp = self.interp
        if interp.effects != trial.effects or interp.world.version != trial.world:
            self.stats.count("tier1.trials.kept")
            return False
        from mettajit.jit.nondet import refusal  # no LLVM: refused units never load it

        return unit.chunk is not None and refusal(unit.chunk, self._callee_chunk) is None

    def _as_trial(self, unit: Unit, budget: int, native: bool,
                  run: Callable[[], list[Atom]]) -> list[Atom] | None:
        """``run()`` as a trial of ``unit`` due after ``budget`` steps: its results, or None
        when the trial was given up (``_Restart``), its steps then taken back."""
        interp = self.interp
        lim = interp.limits
        steps = lim.steps
        trial = _Trial(unit, steps, interp.effects, interp.world.version, steps + budget,
                       native=native)
        self._trials.append(trial)
        self._arm()
        try:
            return run()
        except _Restart as restart:
            if restart.trial is not trial:
                raise
            lim.take_back(lim.steps - steps)
            return None
        finally:
            self._trials.pop()
            self._arm()

    def _arm(self) -> None:
        """The step trap (``Limits.set_trap``) at the first step a live trial is due."""
        due = [t.due for t in self._trials if t.live]
        self.interp.limits.set_trap(min(due), self._due) if due else \
            self.interp.limits.set_trap(0, None)

    def _due(self) -> None:
        """The step trap: the outermost trial that is due and did nothing that must not run
        twice (an effect, a change of the world) is given up, if its unit compiles; the
        others that are due run on in tier 0 (no longer trials)."""
        interp = self.interp
        steps = interp.limits.steps
        for trial in self._trials:
            if not trial.live or trial.due > steps:
                continue
            if trial.native:
                if self._native_due(trial, steps):
                    raise _Restart(trial)
                continue
            trial.live = False
            unit = trial.unit
            if interp.effects != trial.effects or interp.world.version != trial.world:
                self.stats.count("tier0.trials.kept")
                continue
            if unit.chunk is None and self._compile(unit) is None:
                continue
            raise _Restart(trial)
        self._arm()

    def _enter(self, unit: Unit, chunk: Chunk, args: list[Atom]) -> list[Atom]:
        """Run a unit from its start: native code when it has some, else tier 1."""
        lim = self.interp.limits  # the step tier 0 would have made (interpreter.limits)
        lim.left -= 1
        if lim.left < 0:
            lim.poll()
        if self._wants_native(unit, chunk):
            self._promote(unit)
        if unit.native is not None:
            self.stats.counters["tier2.entries"] += 1
            if unit.native.bridge is not None:
                # SlowPaths._typed_hook learns the code of a typed unit: its native bridge
                self.vm.learn(unit.native.bridge)
            return unit.native(args)
        self.stats.counters["tier1.entries"] += 1
        return self.vm.run(chunk, args)

    # -- tier 2 --------------------------------------------------------------------------
    def _promote(self, unit: Unit) -> None:
        """Ask tier 2 for the unit's native code (``unit.native``: a NativeEntry, or
        ``native_refused`` when tier 2 cannot compile it; asked again after a rule change)."""
        if unit.native_asked or unit.chunk is None:
            return
        if unit.chunk is unit.disabled:  # disabled for the life of this chunk
            unit.native_refused = True
            return
        from mettajit.jit.nondet import refusal  # no LLVM: refused units never load it

        if refusal(unit.chunk, self._callee_chunk) is not None:
            unit.native_refused = True
            self.stats.count("tier2.units.refused")
            return
        paid, t0 = self._paid(), time.process_time()
        if self.tier2 is None:
            tier2 = load_tier2()
            if tier2 is None:  # no native entry on this install: tier 1 keeps every unit
                unit.native_refused = True
                return
            self.tier2 = tier2(self.settings, self.stats)
        native = self.tier2.compile(unit.chunk, self._callee_chunk)
        if native is None:
            unit.native_refused = True
            self.stats.count("tier2.units.refused")
            return
        if not paid and self._paid():  # this unit paid the fixed cost: the next run's bet
            fixedcost.write(self.settings, time.process_time() - t0)
        entry = unit.native = self.tier2.entry(native, unit.chunk, unit.key, self.vm,
                                               self._disable)
        self.stats.count("tier2.units.compiled")
        bridge = entry.bridge
        vm = self.vm
        if bridge is not None and vm.installed(unit.key) is not None:
            vm.install(unit.key, bridge)  # the VM calls it natively
        if bridge is not None and vm.installed_typed(unit.key) is unit.chunk:
            vm.install_typed(unit.key, bridge)  # the VM's direct typed calls go native too

    def _disable(self, entry: NativeEntry) -> None:
        """``NativeEntry.on_disable``: the unit bailed out on most native entries; it stays
        in tier 1 (until its chunk changes) and tier 2 frees its code."""
        unit = self.units.get(entry.key)
        if unit is None or unit.native is not entry:
            return
        self._unbridge(unit, entry.bridge, restore=True)
        unit.native = None
        unit.native_refused = True
        unit.disabled = unit.chunk
        self.stats.count("tier2.disabled.deopts")
        if self.tier2 is not None:
            self.tier2.disable(entry.native)

    def _on_hot(self, chunk: Chunk) -> None:
        """``VM.attach``'s ``on_hot``: a chunk ran ``tier2_threshold`` times in the VM."""
        for unit in self.units.values():
            if unit.chunk is chunk:
                if self._wants_native(unit, chunk):
                    self._promote(unit)
                elif not unit.native_asked:
                    # not enough work yet: ask again (a weighty run: sooner)
                    chunk.profile.budget = max(1, _WORK_EVERY // self._weight(chunk))
                return

    def _wants_native(self, unit: Unit, chunk: Chunk) -> bool:
        """Whether the policy gives the unit native code now (``TierPolicy.promote``: its
        chunk's runs and the CPU time since its compile); the CPU time is read at most
        once every ``_WORK_EVERY`` runs of the chunk."""
        calls = chunk.profile.calls
        policy = self.policy
        if unit.native_asked or calls < unit.ask_at:
            return False
        weight = self._weight(chunk)
        if not policy.promote(calls, weight):
            return False
        if policy.promote(calls, weight, time.process_time() - unit.since, self._paid(),
                          self._fixed_cost()):
            return True
        unit.ask_at = calls + max(1, _WORK_EVERY // weight)  # a weighty run: asked sooner
        return False

    def _paid(self) -> bool:
        """Whether tier 2's fixed cost is paid in this process (``Tier2.paid``)."""
        return self.tier2 is not None and self.tier2.paid

    def _fixed_cost(self) -> float | None:
        """The fixed cost the last run paid (``runner.fixedcost``), read once."""
        if self._fixed is _UNREAD:
            self._fixed = fixedcost.read(self.settings)
        return self._fixed  # type: ignore[return-value]

    def _callee_chunk(self, key: HeadKey) -> Chunk | None:
        """The tier 1 chunk of a unit native code may call directly (untyped, or typed
        with Number parameters and return type, ``number_typed``; no variable rule heads
        around), compiled now if need be; None if it has none."""
        if self.interp.space.var_rules:
            return None
        typed = self.interp.function_type(key[0]) is not None  # type: ignore[arg-type]
        if not typed and not self.interp.space.rule_index.get(key) \
                and key[0] is not ERROR and key[0] is not EMPTY_SYM:
            # a constructor: the call is data (kept while the world's rules and types are:
            # a change drops all native code, and these with it)
            chunk = self.data_chunks.get(key)
            if chunk is None:
                chunk = self.data_chunks[key] = data_chunk(key)
            return chunk
        numbers = typed and number_typed(self.interp, key)
        if not self.policy.native_candidate(typed, numbers):
            return None
        unit = self._unit(key)
        return unit.chunk if unit.chunk is not None else self._compile(unit)

    def _flush_tier2(self) -> None:
        if self.tier2 is not None:
            self.tier2.flush_stats()

    def _resolve(self, key: HeadKey) -> Chunk | None:
        """The VM calls a unit it has no chunk for: compile it if it is hot."""
        head = key[0]
        if self.interp.function_type(head) is not None:  # type: ignore[arg-type]
            return None  # typed: tier 0 checks the arguments, then the hook runs the chunk
        unit = self._unit(key)
        chunk = self._hot(unit)
        if chunk is not None:
            if self._wants_native(unit, chunk):
                self._promote(unit)
            if unit.native is not None and unit.native.bridge is not None:
                chunk = unit.native.bridge
            self.vm.install(key, chunk)
        return chunk

    # -- invalidation --------------------------------------------------------------------
    def _watch_space(self) -> None:
        space = self.interp.space
        if space is not self._space:
            self._space = space
            space.listeners.append(self._rules_changed)
            space.type_listeners.append(self._types_changed)

    def _rules_changed(self, key: HeadKey | None) -> None:
        """A rule of ``key`` was added or removed: its compiled code is stale, and so is
        that of every unit whose chunk calls it, directly or through others: a caller's
        compiler decided from the callee's rules how to check a typed call of its result
        (``tier1``'s ``typed_plain``: a transparent untyped callee with one pure result)."""
        self.stats.count("tier1.invalidations")
        if key is not None and is_rule_defined(key[0]):
            # a built-in compiled inline anywhere now has the user's rules beside it
            self._drop(None)
            return
        self._drop(None if key is None else self._with_callers(key))

    def _with_callers(self, key: HeadKey) -> set[HeadKey]:
        """``key`` and the units whose chunks call it, transitively."""
        stale = {key}
        grew = True
        while grew:
            grew = False
            for k, unit in self.units.items():
                if k not in stale and unit.chunk is not None \
                        and any(f in stale for f in unit.chunk.funcs):
                    stale.add(k)
                    grew = True
        return stale

    def _types_changed(self, subject: Atom) -> None:
        """A ``(: subject T)`` was added or removed. Compiled code assumed whether the
        function ``subject`` is typed: the VM calls an untyped unit directly (no argument
        check), a chunk's call of a typed one keeps the call as written for its Error, and
        native code calls untyped units natively. Stale: the units of ``subject`` and
        every unit whose chunk calls it (``Chunk.funcs``); native code containing them."""
        if type(subject) is not Symbol:
            return  # only a symbol's (-> ...) type makes a typed function
        stale = {key for key, unit in self.units.items()
                 if key[0] is subject or (unit.chunk is not None
                                          and any(k[0] is subject for k in unit.chunk.funcs))}
        stale.update(key for key in self.vm.installed_keys() if key[0] is subject)
        if stale:
            self.stats.count("tier1.invalidations.types")
            self._drop(stale)

    def _drop(self, keys: list[HeadKey] | set[HeadKey] | None) -> None:
        """Drop the compiled code of the units ``keys`` (None: of every unit), and all
        native code (a native unit contains the code of every unit it calls: recompiling
        one whose chunks did not change is a cache hit). Tier 2 frees the native modules
        built from the dropped chunks."""
        for unit in self.units.values():
            if unit.native is not None:
                self.stats.count("tier2.invalidations")
                self._unbridge(unit, unit.native.bridge, restore=False)  # promoted again
                unit.native.live = False
            unit.native = None
            unit.native_refused = False
        stale: list[Chunk] = []
        if keys is None:  # a rule with a variable head may apply to any call
            for unit in self.units.values():
                if unit.chunk is not None:
                    stale.append(unit.chunk)
                unit.chunk = None
            self.vm.uninstall_all()
        else:
            for key in keys:
                dropped = self.units.get(key)
                if dropped is not None:
                    if dropped.chunk is not None:
                        stale.append(dropped.chunk)
                    dropped.chunk = None
                    dropped.failed = False
                self.vm.install(key, None)
        if self.tier2 is not None and stale:
            self.tier2.release_chunks(stale)

    def _unbridge(self, unit: Unit, bridge: Chunk | None, restore: bool) -> None:
        """The VM no longer calls the unit's native ``bridge``: it calls its tier-1 chunk
        (``restore``), or asks ``_resolve`` again."""
        if bridge is None:
            return
        vm = self.vm
        if vm.installed(unit.key) is bridge:
            vm.install(unit.key, unit.chunk if restore else None)
        if vm.installed_typed(unit.key) is bridge:
            vm.install_typed(unit.key, unit.chunk if restore else None)

    # -- reporting -----------------------------------------------------------------------
    def _dump(self, chunk: Chunk) -> None:
        if self.settings.dump_bytecode:
            print(disassemble(chunk), file=sys.stderr)

    def _sum_calls(self) -> None:
        total = sum(u.chunk.profile.calls for u in self.units.values() if u.chunk is not None)
        self.stats.counters["tier1.unit_calls"] = total
