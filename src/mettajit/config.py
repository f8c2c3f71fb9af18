"""All configuration in one place: defaults, overridable by environment variables read once.

Tests override settings through the ``settings`` fixture (a copy), never by mutating this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings. Thresholds are executions of a unit before it moves up a tier."""

    tier: str = os.environ.get("METTAJIT_TIER", "auto")  # "0", "1", "2" or "auto"
    tier1_threshold: int = _int_env("METTAJIT_TIER1_THRESHOLD", 10)
    # measured break-evens (docs/perf-journal.md, "Tier thresholds"): compiling a function
    # to bytecode costs ~0.1 ms and saves ~15 us a call; to native code ~25 ms for ~2.5 us
    # (break-even ~10 000 calls), but 10 000 tier-1 calls cost auto 25-90 ms against a
    # pinned tier 2: 2 000 keeps it within 20 ms ("Tiering that follows the work")
    tier2_threshold: int = _int_env("METTAJIT_TIER2_THRESHOLD", 2_000)
    # steps (rule applications) one call of a cold unit may make in tier 0 under ``auto``
    # before it is given up and run again compiled (runner.tiering's trials; 0: never)
    tier1_trial: int = _int_env("METTAJIT_TIER1_TRIAL", 3)
    # CPU milliseconds such a call, run again in tier 1, may take under ``auto`` before it
    # is given up once more and run natively when its unit compiles (0: never); about a
    # tenth of tier 2's fixed cost, so a long call pays at most that for waiting
    tier2_trial_ms: int = _int_env("METTAJIT_TIER2_TRIAL_MS", 20)
    # CPU milliseconds of the run since a unit was compiled to tier 1 before ``auto`` gives
    # it native code (besides ``tier2_threshold`` runs): an estimate of the share of tier
    # 2's fixed cost (~40-100 ms: llvmlite, the jit modules, lowering) worth risking; a run
    # that ends sooner never pays it (0: calls alone decide; docs/perf-journal.md)
    tier2_work_ms: int = _int_env("METTAJIT_TIER2_WORK_MS", 30)
    # the same two waits (``tier2_trial_ms``, ``tier2_work_ms``) once the process has paid
    # tier 2's fixed cost (an earlier unit made or loaded): what is left to pay is the
    # unit's own key and load (~1-2 ms from the disk cache), or lowering and compile; and
    # the least of them before, however small the last run's fixed cost (runner.policy)
    tier2_paid_ms: int = _int_env("METTAJIT_TIER2_PAID_MS", 2)
    # a native unit whose entries bail out this many times in a window of at most twice as
    # many entries (most entries bail out) is no longer entered: it stays in tier 1, its
    # native module freed (0: never)
    tier2_deopt_limit: int = _int_env("METTAJIT_TIER2_DEOPT_LIMIT", 100)
    trace: bool = os.environ.get("METTAJIT_TRACE", "") not in ("", "0")
    # pending nested evaluations before a query gives (Error <query> (StackOverflow N));
    # ~1 KB each, so the default bounds a runaway recursion at a few GB
    max_depth: int = _int_env("METTAJIT_MAX_DEPTH", 3_000_000)
    # CPython's young-generation GC threshold while programs run (runner.metta.tune_gc);
    # 0 leaves the process's own setting alone
    gc_gen0: int = _int_env("METTAJIT_GC_GEN0", 20_000)
    # bounds of one query (0: none), each ending it with an Error value that names the
    # limit (interpreter.limits): steps (rule applications), seconds, megabytes by which
    # the process's resident memory grows
    max_steps: int = 0
    timeout: float = 0.0
    max_memory: int = 0
    # refuse host access (grounded.host): reading files outside the program's folder,
    # writing files, Python interop, the environment
    sandbox: bool = False
    # tier 2's object code cached on disk between runs (jit.diskcache): on unless
    # METTAJIT_JIT_CACHE is 0/off/no/false; its folder (empty: $XDG_CACHE_HOME/mettajit)
    jit_cache: bool = os.environ.get("METTAJIT_JIT_CACHE", "1").lower() not in (
        "0", "off", "no", "false")
    jit_cache_dir: str = os.environ.get("METTAJIT_CACHE_DIR", "")
    # a unit found in the disk cache by its inputs is lowered anyway and its IR compared
    # with the one it was stored with (``jit.cache.verified``/``jit.cache.stale``): the
    # check that the key (``jit.unitkey``) holds every input of the lowering
    jit_cache_verify: bool = os.environ.get("METTAJIT_JIT_CACHE_VERIFY", "") not in ("", "0")
    # the peers of `mettajit bench programs --peers` (cli.bench): a PeTTa checkout (its
    # run.sh; needs swipl) and hyperon's metta-py (empty: metta-py on PATH, if any)
    bench_petta: str = os.environ.get("METTAJIT_PETTA", "")
    bench_hyperon: str = os.environ.get("METTAJIT_HYPERON", "")
    stats: bool = False  # print counters and timings to stderr at exit
    dump_bytecode: bool = False  # disassemble every chunk to stderr when compiled
    dump_ir: bool = False  # LLVM IR of every JIT unit, as lowered
    dump_opt_ir: bool = False  # ... after optimisation
    dump_asm: bool = False  # ... as machine code

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULTS = Settings()
