"""The tiering policy: when a unit moves up a tier and when native code is given up.

A plain object of numbers and rules on counters, apart from the mechanism that counts,
compiles and installs code (``runner.tiering``, ``runner.tier2``, the VM): every decision
is a method asked with the counts at hand, so a test can ask it with made-up counts.

* ``--tier 0`` runs everything in tier 0; ``1`` and ``2`` compile a query to a chunk and
  run it in the VM, ``auto`` and ``0`` start it in tier 0 (``query_in_vm``).
* A unit is compiled to tier 1 once tier 0 has made more than ``tier1_threshold`` calls
  of it (at once with ``--tier 1`` and ``2``: ``compile_unit``).
* With ``--tier 2`` and ``auto`` a unit goes native (``promote``) once its chunk has run
  ``tier2_threshold`` times in tier 1 (at once with ``--tier 2``); the VM reports a chunk
  hot after ``hot_budget`` of its calls (None: it is not asked to). Under ``auto`` the run
  must also have spent ``tier2_work`` CPU seconds since the unit was compiled to tier 1
  (``promote``'s ``work``): tier 2 has a fixed cost of tens of milliseconds (llvmlite, the
  jit modules, lowering) that a short run never earns back, whatever its call counts; a
  chunk declined for want of work is asked again after another ``hot_budget`` calls.
  Once an earlier unit has paid that fixed cost (``paid``), a unit waits ``tier2_paid``
  instead, for both this wait and the tier-1 trial's below: what is left is its own
  lowering and load. Before that, both waits are at most ``FIXED_SHARE`` of the fixed
  cost the last run paid (``fixed``: ``runner.fixedcost``, beside the disk cache), at least
  ``tier2_paid`` (``wait``).
* Under ``auto`` a query, and a unit, whose code holds a *join* (a ``match`` inside the
  template of a ``match``: its inner query runs once per result of the outer one, work no
  step counts) runs compiled from the start (``query_in_vm_for``, ``compile_unit``).
* Under ``auto`` a call of a cold unit is a *trial* (``trial``, at most ``MAX_TRIALS``
  inside one another): once it has made ``tier1_trial`` steps in tier 0 without an effect
  it is given up and run again compiled (``trial_steps``), so the work inside one long
  call promotes its unit, not only the number of its calls. Such a call, run again in
  tier 1, is a trial too: once it has taken ``tier2_trial`` seconds of CPU without an
  effect and its unit has no native code, it is given up and run natively from its start
  when the unit compiles (``native_trial_seconds``; a search under one ``collapse``).
* Native code may be given to an untyped unit, or to a typed one only when typed
  ``(-> Number ... Number)`` and called plainly given numbers (``native_candidate``;
  the fact is ``bytecode.callplan.number_typed``).
* A native unit that bails out is judged every ``deopt_limit`` bail-outs: it is
  disabled when they took more than half of its native entries since the last judgement
  (``disable``; 0: never judged).
"""

from __future__ import annotations

from dataclasses import dataclass

from mettajit.config import Settings

# a turn of kb_query's gen-chain (if, let, add-atom through the grounded call and its
# type check, a tail call) costs tier 1 ~20 us, fib's call ~2 us; natively ~5.5 us
SPACE_WEIGHT = 10
MAX_TRIALS = 4  # trials inside one another (each is a Python frame of tier 0's driver)
# the share of the last run's fixed cost F a wait before paying it lasts (``TierPolicy.wait``):
# waiting F before paying F never loses more than 2x (the ski-rental bet); a quarter loses
# at most F more than tier 1 on a call just past the wait, ~10 ms for a warm run's F, and
# gains 3-9 ms on every long run (docs/perf-journal.md, "peano, continued")
FIXED_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class TierPolicy:
    """The numbers of one run's tiering and the rules that read them."""

    mode: str  # "0", "1", "2" or "auto"
    tier1_threshold: int  # tier 0 calls of a unit before it is compiled to tier 1
    tier2_threshold: int  # tier 1 runs of a chunk before it goes native
    deopt_limit: int  # bail-outs between judgements of a native unit (0: never)
    tier1_trial: int = 0  # steps of one cold call in tier 0 before it runs compiled (0: never)
    tier2_trial: float = 0.0  # CPU seconds of such a call in tier 1 before it goes native
    tier2_work: float = 0.0  # CPU seconds since a unit's tier-1 compile before it goes native
    # both waits once tier 2's fixed cost is paid (at most the above)
    tier2_paid: float = 0.0

    @classmethod
    def of(cls, settings: Settings) -> TierPolicy:
        mode = str(settings.tier)
        return cls(
            mode,
            0 if mode in ("1", "2") else settings.tier1_threshold,
            0 if mode == "2" else settings.tier2_threshold,
            settings.tier2_deopt_limit,
            settings.tier1_trial,
            settings.tier2_trial_ms / 1000,
            settings.tier2_work_ms / 1000 if mode == "auto" else 0.0,
            settings.tier2_paid_ms / 1000 if mode == "auto" else 0.0,
        )

    @property
    def hooked(self) -> bool:
        """Whether tier 0's calls of units are offered to the tiering at all."""
        return self.mode != "0"

    @property
    def query_in_vm(self) -> bool:
        """Whether a ``!`` query is compiled and run in the VM (else tier 0 runs it)."""
        return self.mode not in ("0", "auto")

    @property
    def native(self) -> bool:
        """Whether any unit may get native code."""
        return self.mode in ("2", "auto")

    def compile_unit(self, tier0_calls: int, joins: int = 0) -> bool:
        """Whether a unit tier 0 called ``tier0_calls`` times is compiled to tier 1
        (``joins``: the joins over a space its rules' bodies hold)."""
        return tier0_calls > self.tier1_threshold or (joins > 0 and self.hooked)

    def query_in_vm_for(self, joins: int) -> bool:
        """Whether a ``!`` query holding ``joins`` joins over a space runs in the VM: as
        ``query_in_vm``, and under ``auto`` when it joins (tier 1's ``MATCH`` answers each
        inner query at about twice tier 0's speed; compiling the query costs ~1 ms)."""
        return self.query_in_vm or (self.mode == "auto" and joins > 0)

    @property
    def trial_steps(self) -> int:
        """Steps a call of a cold unit may make in tier 0 before it is given up and run
        again compiled (0: never; only ``auto`` starts units cold and compiles later)."""
        return self.tier1_trial if self.mode == "auto" else 0

    @property
    def native_trial_seconds(self) -> float:
        """CPU seconds a call given up by its tier-0 trial may run in tier 1 before it is
        given up again and run natively (0: never; only under ``auto``)."""
        return self.tier2_trial if self.mode == "auto" else 0.0

    def wait(self, base: float, paid: bool, fixed: float | None = None) -> float:
        """A wait of ``base`` seconds before tier 2's fixed cost is paid (a long call's
        trial, the count path's work), now: ``tier2_paid`` once it is paid (``paid``:
        only the unit's own lowering and load are left to earn); before, ``FIXED_SHARE``
        of the fixed cost the last run paid (``fixed``, ``runner.fixedcost``; None: unknown),
        at least ``tier2_paid``; never more than ``base``."""
        if paid:
            return min(base, self.tier2_paid)
        if fixed is not None:
            return min(base, max(self.tier2_paid, fixed * FIXED_SHARE))
        return base

    def native_trial(self, paid: bool, fixed: float | None = None) -> float:
        """``native_trial_seconds`` of a trial now (``wait``)."""
        return self.wait(self.native_trial_seconds, paid, fixed)

    def trial(self, depth: int) -> bool:
        """Whether a cold unit's call is run as a trial, inside ``depth`` others."""
        return self.trial_steps > 0 and depth < MAX_TRIALS

    def promote(self, tier1_runs: int, weight: int = 1, work: float = float("inf"),
                paid: bool = False, fixed: float | None = None) -> bool:
        """Whether a unit whose chunk ran ``tier1_runs`` times goes native (``weight``:
        what one run of it costs tier 1 against a unit of arithmetic, ``weight``), ``work``
        CPU seconds of the run since the unit was compiled to tier 1 (the fixed cost of
        tier 2 is paid only once ``wait(tier2_work, paid, fixed)`` of work has been
        seen). A unit of weight ``w`` (space effects) waits for a ``w``-th of that: a
        measured choice, not a model; its ``tier2_threshold / w`` runs already show one
        long loop of effects, and kb_query_4000's gen-chain, waiting the full 30 ms, ran
        a third of its turns in tier 1 (native share 63 %) and auto was slower than
        pinned tier 2 (docs/perf-journal.md, "kb_query 4000 against PeTTa")."""
        return (self.native and tier1_runs * weight >= self.tier2_threshold
                and work * weight >= self.wait(self.tier2_work, paid, fixed))

    def hot_budget(self, weight: int = 1) -> int | None:
        """VM calls of a new chunk before the VM reports it hot (None: never)."""
        if not self.native or self.tier2_threshold <= 0:
            return None
        return max(1, self.tier2_threshold // weight)

    @staticmethod
    def weight(space_effects: bool) -> int:
        """What one tier-1 run of a unit costs against one of arithmetic (fib's, which
        ``tier2_threshold`` was tuned on): ``SPACE_WEIGHT`` for a unit with space
        effects native code queues (``jit.spacescan``), else 1."""
        return SPACE_WEIGHT if space_effects else 1

    @staticmethod
    def native_candidate(typed: bool, number_typed: bool) -> bool:
        """Whether native code may run a unit (``number_typed``: typed ``(-> Number ...
        Number)`` and called plainly given numbers)."""
        return not typed or number_typed

    @staticmethod
    def disable(bails: int, entries: int) -> bool:
        """Whether a native unit that bailed out ``bails`` times in its last
        ``entries`` native entries is given up."""
        return 2 * bails > entries
