"""The bounds of one query (steps, seconds, megabytes) and the poll every tier reaches.

A *step* is one rule application: applying the rules of a unit (all rules of one head and
arity) to a call. Each is counted once, by the code that makes it, so a program takes the
same number of steps on every tier:

* tier 0, ``Interpreter._rewrite`` (the one place it applies rules);
* the tiering, when it runs a unit's compiled code for tier 0 instead (``Tiering._enter``);
* tier 1, each ``CALL`` and ``TAIL_CALL`` of a unit's chunk (``VM._loop``);
* tier 2, each native call and each turn of a self-tail-call loop (``jit.lower``). Native
  code is pure: when it bails out, its steps are taken back (the entry restores the native
  count) and tier 1 makes them again.

Python code counts down ``Limits.left`` and calls ``poll`` below zero; native code counts
up ``NATIVE[COUNT]`` and calls the poll (through ``rt_poll`` and ``native_poll``) above
``NATIVE[LIMIT]``. ``poll`` adds both up, ends the query with ``LimitExceeded`` when a
limit is passed, and arms the next poll: the steps left are shared between the two counts
(so neither can pass the limit unseen), at most ``PY_POLL`` Python steps apart when a time
or memory limit is set, at most ``NATIVE_POLL`` native steps apart always: native code is
where a pending Ctrl-C is noticed (``rt_poll`` calls ``PyErr_CheckSignals`` first; Python
code sees signals by itself).

``LimitExceeded`` is a ``BaseException``, as ``KeyboardInterrupt`` is: no handler of
operation failures (``except Exception``) turns it into a value. ``runner.metta`` makes it
the query's ``(Error <query> (StepLimit N))``, ``(TimeLimit S)`` or ``(MemoryLimit MB)``.
Like the others, the memory limit bounds one query: the megabytes by which the process's
resident set grew since the query began (read at most every ``MEMORY_EVERY`` seconds), so
what a query's garbage leaves behind (pages the allocator keeps) does not fail the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Final

from mettajit.atoms.core import NUMBER, Atom, E, Grounded, Symbol
from mettajit.config import Settings

PY_POLL: Final = 256  # Python steps between polls when a time or memory limit is set
NATIVE_POLL: Final = 1 << 16  # native steps between polls (~0.1-1 ms of native code)
MEMORY_EVERY: Final = 0.01  # seconds between two readings of the resident set
_NEVER: Final = 1 << 62

# The native step count and the count at which native code polls, in memory native code
# reads (data symbol ``rt_native_steps``, ``jit.helpers``). Process-wide: one native poll
# serves whichever query is running (``ACTIVE``).
COUNT: Final = 0
LIMIT: Final = 1
NATIVE: Final = (ctypes.c_int64 * 2)(0, NATIVE_POLL)

ACTIVE: Limits | None = None  # the limits of the query running now, if any

STEP_LIMIT: Final = Symbol("StepLimit")
TIME_LIMIT: Final = Symbol("TimeLimit")
MEMORY_LIMIT: Final = Symbol("MemoryLimit")


class LimitExceeded(BaseException):
    """A limit of the query was passed; ``reason`` is the atom of its Error value."""

    def __init__(self, reason: Atom) -> None:
        super().__init__(reason)
        self.reason = reason


def _number(x: int | float) -> Atom:
    return Grounded(x, NUMBER)


class Limits:
    """One runtime's limits (from ``Settings``) and the counts of its current query."""

    __slots__ = (
        "_deadline",
        "_memory0",
        "_native0",
        "_next_memory",
        "_outer",
        "_py_done",
        "_py_share",
        "_trap",
        "_trap_at",
        "left",
        "max_memory",
        "max_steps",
        "pending",
        "timeout",
    )

    def __init__(self, settings: Settings) -> None:
        self.max_steps = settings.max_steps
        self.timeout = settings.timeout
        self.max_memory = settings.max_memory
        self.left = _NEVER  # Python steps before the next poll
        self.pending: BaseException | None = None  # what ended the query in native code
        self._py_share = _NEVER
        self._py_done = 0
        self._native0 = 0
        self._deadline = 0.0
        self._next_memory = 0.0
        self._memory0 = 0.0
        self._outer: Limits | None = None
        self._trap_at = 0  # the step count at which to call ``_trap`` (0: none)
        self._trap: Callable[[], None] | None = None

    # -- a query -------------------------------------------------------------------------
    def start(self) -> None:
        """A query begins: no steps yet, its time starts (a query within a query, as a
        module's, counts in the outer one: call ``start`` only for top-level queries)."""
        global ACTIVE
        self._outer, ACTIVE = ACTIVE, self
        self.pending = None
        self._py_done = 0
        self._native0 = NATIVE[COUNT]
        now = time.monotonic()
        self._deadline = now + self.timeout if self.timeout > 0 else 0.0
        self._next_memory = now
        self._memory0 = resident_mb() if self.max_memory > 0 else 0.0
        self._trap_at, self._trap = 0, None
        self._arm(self.max_steps if self.max_steps > 0 else _NEVER)

    def finish(self) -> None:
        """The query is over (also when a limit ended it)."""
        global ACTIVE
        ACTIVE, self._outer = self._outer, None
        self.left = self._py_share = _NEVER
        self._trap_at, self._trap = 0, None
        self.pending = None

    @property
    def steps(self) -> int:
        """Steps the current query made so far."""
        return self._py_done + (self._py_share - self.left) + (NATIVE[COUNT] - self._native0)

    @property
    def native_steps(self) -> int:
        """Of ``steps``, those native code made (rule applications that ran natively)."""
        return NATIVE[COUNT] - self._native0

    def take_back(self, n: int) -> None:
        """``n`` steps are taken back: work given up, to be made again by another tier."""
        self._py_done -= n

    def set_trap(self, at: int, trap: Callable[[], None] | None) -> None:
        """Call ``trap`` once the query has made ``at`` steps (from the poll, where it may
        raise; None: no trap). The tiering's trials of cold calls use it."""
        self._trap_at, self._trap = (at, trap) if trap is not None else (0, None)
        self._py_done += self._py_share - self.left  # poll as soon as the trap is due
        self._py_share = self.left = 0
        steps = self._py_done + NATIVE[COUNT] - self._native0
        self._arm(self._remaining(steps))

    def _remaining(self, steps: int) -> int:
        left = self.max_steps - steps if self.max_steps > 0 else _NEVER
        if self._trap_at:
            left = min(left, max(self._trap_at - steps, 0))  # due: the next step polls
        return left

    def step(self) -> None:
        """Count one step (hot loops inline this: ``left -= 1``, poll below zero)."""
        self.left -= 1
        if self.left < 0:
            self.poll()

    # -- the poll ------------------------------------------------------------------------
    def poll(self) -> None:
        """A count ran out: raise ``LimitExceeded`` if a limit is passed, else arm again."""
        self._py_done += self._py_share - self.left
        self._py_share = self.left = 0
        steps = self._py_done + NATIVE[COUNT] - self._native0
        if self.max_steps > 0 and steps > self.max_steps:
            raise LimitExceeded(E(STEP_LIMIT, _number(self.max_steps)))
        if self._deadline or self.max_memory > 0:
            now = time.monotonic()
            if self._deadline and now > self._deadline:
                raise LimitExceeded(E(TIME_LIMIT, _number(self.timeout)))
            if self.max_memory > 0 and now >= self._next_memory:
                self._next_memory = now + MEMORY_EVERY
                if resident_mb() - self._memory0 > self.max_memory:
                    raise LimitExceeded(E(MEMORY_LIMIT, _number(self.max_memory)))
        if self._trap_at and steps >= self._trap_at:
            trap = self._trap
            self._trap_at, self._trap = 0, None
            if trap is not None:
                trap()  # may raise (left is 0: the next step polls again) or set another
            steps = self._py_done + NATIVE[COUNT] - self._native0
        self._arm(self._remaining(steps))

    def _arm(self, remaining: int) -> None:
        """Share ``remaining`` steps between the Python and the native count."""
        py = (remaining + 1) // 2
        native = remaining - py
        if self._deadline or self.max_memory > 0:
            py = min(py, PY_POLL)
        self.left = self._py_share = py
        NATIVE[LIMIT] = NATIVE[COUNT] + min(native, NATIVE_POLL)


def native_poll() -> int:
    """The poll of native code (``rt_poll``, once ``PyErr_CheckSignals`` found no signal):
    0 to go on, 1 to stop (the reason in ``ACTIVE.pending``, raised by ``raise_pending``
    when the native entry returns). Never raises: it is a C callback."""
    lim = ACTIVE
    if lim is None:
        NATIVE[LIMIT] = NATIVE[COUNT] + NATIVE_POLL
        return 0
    try:
        lim.poll()
    except BaseException as e:  # a limit, or a KeyboardInterrupt that came meanwhile
        lim.pending = e
        NATIVE[LIMIT] = NATIVE[COUNT] + NATIVE_POLL
        return 1
    return 0


def raise_pending() -> None:
    """Native code stopped for the poll (``BailReason.STOPPED``): raise why, here."""
    lim = ACTIVE
    if lim is not None and lim.pending is not None:
        e, lim.pending = lim.pending, None
        raise e


NATIVE_POLL_CALLBACK: Final = ctypes.CFUNCTYPE(ctypes.c_int32)(native_poll)  # kept alive

_PAGE: Final = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mb() -> float:
    """The process's resident memory now, in megabytes (on Linux, ``/proc/self/statm``;
    elsewhere the peak, which never goes down)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 1e6
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def give_back_memory() -> None:
    """After a memory limit ended a query: collect, and ask the C allocator to return
    free pages, so the next query starts under the limit again."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL(None).malloc_trim(0)
