"""What the tests share: the one way to run a program, golden-folder collection, fuzz sizes.

**Running a program.** ``run(tier, program)`` runs a MeTTa text on a named tier ("0" the
tree-walker, "1" the VM, "2" native code, "auto" the tiering) and gives a ``Run``: one list
per ``!`` query of its results printed as MeTTa text, in the order the tier gave them. A
``Run`` is that list (compare it with ``==``) and also holds the result atoms themselves
(``atoms``), what the program printed (``out``), the runner (``metta``, for its stats and
interpreter), ``lines()`` as the reference prints a query (``[a, b]``), ``bags()`` (each
query's results as a multiset, variables renamed by first appearance) and ``sorted()``.
``run(m, program)`` goes on with the runner ``m`` (one made by ``runner(tier, ...)``, the
runner ``run`` makes, or one a test of the Python API made itself). Options:

* ``file=PATH`` runs a file as ``mettajit run`` does (``MeTTa.run_file``: its folder is the
  base of imports and of the sandbox); ``program``, if given, is its text (not read);
* ``raw=True`` gives each query's results as the tier computes them, before the runner drops
  ``Empty`` and the Errors beside other results (what a differential test compares);
* ``base=DIR`` the folder imports are relative to; any other keyword is a ``Settings`` field
  (``tier1_threshold=0``, ``sandbox=True``...). ``EAGER`` compiles every unit at its first
  call and promotes it at its second.

**Chunks** (the VM's and the compiler's unit tests): ``interpreter(program)`` a tree-walker
holding a program's atoms, ``function_chunk(interp, name, arity)`` the compiled function of
``name``'s rules (what the tiering compiles), ``query_chunk(interp, text)`` a compiled query,
``asm(*instructions)`` a hand-assembled chunk; ``vm_run(chunk, *args)`` runs one on a VM and
gives its results printed (``atoms``, the ``vm`` besides). ``tiering(tier, *rules)`` and
``evaluate(t, query)`` drive the tiering one query at a time.

**Golden folders.** ``golden_cases(folder, known_failures)`` gives one case per
``NAME.metta`` (with ``NAME.expected`` beside it) and tier of ``TIERS``;
``check_golden(path, tier)`` runs it once and asserts its result lines equal the expected
ones (``mettajit.cli.compare``'s rules: multisets, ``@unordered``) and, on tiers other than
0, equal the tree-walker's own on the same file (kept from its case, run once).

**The Python-dependent part.** ``PYTHON_DEPENDENT`` lists the paths (under tests/) whose
tests depend on the Python version, marked ``python_dependent`` by conftest: scripts/check
runs that part on each other Python, the whole suite on the main one.

**Fuzz sizes.** The hypothesis profile is chosen in ``tests/conftest.py`` (``ci`` by
default: small; ``full`` with ``--fuzz=full``, ``HYPOTHESIS_PROFILE=full`` or
``METTAJIT_FUZZ=full``). ``fuzz(ci=N, full=M)`` is the ``settings`` of a fuzz test: N
examples in a CI-sized run, M in a full one; ``FULL`` says which (set by conftest).
"""

from __future__ import annotations

import io
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mettajit.atoms.core import Atom
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom, parse_items
from mettajit.bytecode.analysis import max_stack_depth
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.compiler import compile_expression, compile_function
from mettajit.bytecode.opcodes import Opcode
from mettajit.bytecode.vm import VM
from mettajit.cli.compare import differences, result_lines, run_golden, unordered_queries
from mettajit.config import Settings
from mettajit.interpreter import Interpreter
from mettajit.runner import MeTTa
from mettajit.runner.tiering import Tiering

TIERS = ("0", "1", "2", "auto")
COMPILED = TIERS[1:]  # the tiers compared with the tree-walker
DEFAULT_TIER = Settings().tier  # a runner's own (METTAJIT_TIER, else auto)
# auto: every unit compiled at its first call and promoted to tier 2 at its second
EAGER = {"tier1_threshold": 0, "tier2_threshold": 1, "tier2_work_ms": 0}

_VAR = re.compile(r"\$[^\s()\"]+")


def normalize(text: str) -> str:
    """Variables renamed ``$_1, $_2...`` by first appearance (fresh names are numbered by a
    global counter, so two runs of one program name them differently)."""
    names: dict[str, str] = {}
    return _VAR.sub(lambda m: names.setdefault(m.group(0), f"$_{len(names) + 1}"), text)


class Run(list[list[str]]):
    """One list per query of its results printed as MeTTa text; the atoms (``atoms``), what
    was printed (``out``) and the runner (``metta``) besides."""

    atoms: list[list[Atom]]
    out: str
    metta: MeTTa

    def lines(self) -> list[str]:
        """Each query's results as the reference prints them: ``[a, b]``."""
        return ["[" + ", ".join(r) + "]" for r in self]

    def sorted(self) -> list[list[str]]:
        return [sorted(r) for r in self]

    def bags(self) -> list[Counter[str]]:
        """Each query's results as a multiset, variables renamed by first appearance."""
        return [Counter(normalize(a) for a in r) for r in self]

    @property
    def counters(self) -> Counter[str]:
        return self.metta.stats.counters


def runner(tier: str, **options: Any) -> MeTTa:
    """The runner ``run`` makes: ``tier``, the ``Settings`` fields ``options``, its output
    kept (``run`` gives it as ``out``)."""
    return MeTTa(Settings().with_(tier=tier, **options), out=io.StringIO())


def run(
    tier: str | MeTTa,
    program: str | None = None,
    *,
    file: Path | str | None = None,
    raw: bool = False,
    base: Path | str | None = None,
    metta: MeTTa | None = None,
    **options: Any,
) -> Run:
    """Run ``program`` (or the file ``file``) on ``tier``; see the module's docstring. A
    runner for ``tier`` (or ``metta=``) goes on with that runner, on its own tier."""
    if isinstance(tier, MeTTa):
        metta = tier
    out = io.StringIO()
    if metta is None:
        metta = runner(str(tier), **options)
    metta.out = metta.interp.out = out
    if base is not None:
        metta.interp.base_dir = str(base)
    got = Run()
    got.atoms = []
    if file is not None:
        run_items = metta.run_items

        def keep(*args: Any, **kwargs: Any) -> list[list[Any]]:
            results = run_items(*args, **kwargs)
            got.atoms.extend(results)
            return results

        metta.run_items = keep  # type: ignore[method-assign]
        try:
            metta.run_file(str(file), text=program)
        finally:
            del metta.run_items
    elif raw:
        interp = metta.interp
        evaluate = metta.tiering.evaluate if metta.tiering is not None else interp.evaluate
        for item in parse_items(program or ""):
            if item.query:
                got.atoms.append(list(evaluate(item.atom)))
            else:
                interp.add_atom(item.atom)
    else:
        got.atoms.extend(metta.run(program or ""))
    got.extend([format_atom(a) for a in rs] for rs in got.atoms)
    got.out = out.getvalue()
    got.metta = metta
    return got


def interpreter(*program: str, **options: Any) -> Interpreter:
    """A tree-walker holding the atoms of ``program`` (texts of atoms, no queries), with the
    ``Settings`` fields ``options``."""
    interp = Interpreter(settings=Settings().with_(**options))
    for text in program:
        for item in parse_items(text):
            assert not item.query, text
            interp.add_atom(item.atom)
    return interp


def tiering(tier: str, *rules: str, **options: Any) -> tuple[Interpreter, Tiering]:
    """An interpreter holding ``rules`` and the tiering that runs its queries on ``tier``:
    for tests of the tiering's mechanism, which evaluate one atom at a time (``evaluate``)
    and look at its units and counters between."""
    interp = interpreter(*rules, tier=tier, **options)
    return interp, Tiering(interp, interp.settings, interp.stats)


def evaluate(t: Tiering, query: str, *, ordered: bool = False) -> list[str]:
    """The results of one query on a tiering, printed, sorted (one row of a ``Run``), or
    in the order the tier gives them (``ordered``)."""
    got = [format_atom(a) for a in t.evaluate(parse_atom(query))]
    return got if ordered else sorted(got)


class VMRun(list[str]):
    """A chunk's results printed as MeTTa text, the atoms (``atoms``) and the ``vm``."""

    atoms: list[Atom]
    vm: VM


def vm_run(chunk: Chunk, *args: Atom, interp: Interpreter | None = None,
           vm: VM | None = None) -> VMRun:
    """Run ``chunk`` with ``args`` on ``vm`` (or a new VM over ``interp``, or over a fresh
    interpreter); an assembled chunk gets a local per argument at least."""
    if not chunk.finished:
        chunk.n_locals = max(chunk.n_locals, chunk.arity)
    if vm is None:
        vm = VM(interp if interp is not None else Interpreter())
    got = VMRun()
    got.atoms = list(vm.run(chunk, list(args)))
    got.extend(format_atom(a) for a in got.atoms)
    got.vm = vm
    return got


def asm(*instructions: tuple[int, ...], arity: int = 0, n_locals: int = 0,
        name: str = "t") -> Chunk:
    """A chunk assembled from ``(opcode, *operands)`` tuples, its stack depth computed."""
    chunk = Chunk(name, arity=arity, n_locals=max(n_locals, arity))
    for op, *operands in instructions:
        chunk.emit(Opcode(op), *operands)
    chunk.max_stack = max_stack_depth(chunk)
    return chunk


def query_chunk(interp: Interpreter, query: str | Atom, **options: Any) -> Chunk:
    """A query compiled by tier 1 (``compile_expression``'s ``arity=``, ``leaf=``...)."""
    atom = parse_atom(query) if isinstance(query, str) else query
    return compile_expression(atom, interp, **options)


def function_chunk(interp: Interpreter, name: str, arity: int) -> Chunk:
    """The function tier 1 compiles of the rules of ``(name`` and ``arity`` arguments``)``."""
    key = (parse_atom(name), arity + 1)
    return compile_function(key, list(interp.space.rule_index.get(key) or ()), interp)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``mettajit ARGV`` in process: its exit status, stdout and stderr."""
    from mettajit.cli.main import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------------------------------
# Golden folders


def golden_files(folder: Path) -> list[Path]:
    """The programs of a golden folder: every ``*.metta`` with its ``.expected`` beside it."""
    return sorted(folder.glob("*.metta"))


def golden_cases(
    folder: Path,
    known_failures: dict[tuple[str, str], str] | None = None,
    tiers: tuple[str, ...] = TIERS,
) -> list[Any]:
    """One ``pytest.param(path, tier)`` per program and tier, tree-walker first; a
    ``(tier, stem)`` of ``known_failures`` is a strict xfail (it may only shrink)."""
    known = known_failures or {}
    out: list[Any] = []
    for path in golden_files(folder):
        for tier in tiers:
            reason = known.get((tier, path.stem))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(path, tier, marks=marks, id=f"tier{tier}-{path.stem}"))
    return out


def check_known_failures(
    folder: Path, known_failures: dict[tuple[str, str], str], tiers: tuple[str, ...] = TIERS
) -> None:
    """Every entry of a known-failures list names a real program and tier."""
    stems = {f.stem for f in golden_files(folder)}
    for tier, stem in known_failures:
        assert tier in tiers and stem in stems, (tier, stem)


# the tree-walker's output of each golden program, from its own case (one run per file)
_TREE_WALKER: dict[Path, str] = {}


def check_golden(path: Path, tier: str, **options: Any) -> str:
    """Run a golden program on ``tier`` as ``mettajit run`` does; assert its result lines
    equal its ``.expected`` and, on a compiled tier, the tree-walker's. Returns its output."""
    output, problems = run_golden(path, Settings().with_(tier=tier, **options))
    if tier == "0":
        _TREE_WALKER[path] = output
    assert not problems, f"{path.name} on tier {tier}:\n" + "\n".join(problems)
    if tier != "0":
        walker = _TREE_WALKER.get(path)
        if walker is None:  # its tier 0 case was not run (-k): run it now
            walker, _ = run_golden(path, Settings().with_(tier="0", **options))
            _TREE_WALKER[path] = walker
        apart = differences(result_lines(output), result_lines(walker),
                            unordered_queries(path.read_text()))
        assert not apart, f"{path.name}: tier {tier} against tier 0:\n" + "\n".join(apart)
    return output


@contextmanager
def _alarm(seconds: float, handler: Callable[[int, object], None]) -> Iterator[None]:
    """``handler`` runs once in this process after ``seconds`` (wall clock), unless done first.

    The timer's SIGALRM is process-directed, and the kernel may give it to another thread
    (a JIT thread, the deep compiler's, a library's). CPython 3.11-3.13 then marks the
    signal pending without setting the main thread's eval breaker, so a main thread running
    pure Python (tier 0's evaluator) may never run the handler: a test hung. A watchdog
    thread re-sends SIGALRM to the main thread itself until the handler has run (its
    wake-ups also make the main thread re-check pending signals when it gives up the GIL).
    """
    fired = threading.Event()
    done = threading.Event()

    def once(signum: int, frame: object) -> None:
        if not fired.is_set():
            fired.set()
            handler(signum, frame)

    def nudge() -> None:
        main = threading.main_thread().ident
        due = time.monotonic() + seconds + 0.05
        while not done.wait(0.05):
            if not fired.is_set() and time.monotonic() > due and main is not None:
                signal.pthread_kill(main, signal.SIGALRM)

    old = signal.signal(signal.SIGALRM, once)
    watchdog = threading.Thread(target=nudge, name="support-alarm", daemon=True)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog.start()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        done.set()
        watchdog.join()
        signal.signal(signal.SIGALRM, old)


def time_limit(seconds: float,
               error: type[BaseException] = TimeoutError) -> AbstractContextManager[None]:
    """Raise ``error`` in the running code after ``seconds`` (wall clock)."""

    def expire(signum: int, frame: object) -> None:
        raise error(f"took longer than {seconds} s")

    return _alarm(seconds, expire)


@contextmanager
def interrupt_after(seconds: float) -> Iterator[None]:
    """A Ctrl-C (SIGINT) delivered to this process after ``seconds``.

    Python's own SIGINT handler (``KeyboardInterrupt``) is installed for the while: a
    process started in the background of a shell without job control (``cmd &`` in a
    script, as scripts/check starts its parts) inherits SIGINT *ignored*, Python then
    leaves it ignored, and the raised signal would be lost (a test hung, on tier 0's
    ``(loop 0)``; the process's SigIgn mask showed it)."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with _alarm(seconds, lambda *_: signal.raise_signal(signal.SIGINT)):
            yield
    finally:
        signal.signal(signal.SIGINT, old)


# ------------------------------------------------------------------------------------------
# The Python-dependent part of the suite

# The part of the suite that depends on the Python version, marked ``python_dependent``:
# scripts/check runs it on each other Python of METTAJIT_CHECK_PYTHONS (``-m
# python_dependent``), the whole suite on the main one (``--all-pythons``: on every one).
# Each entry is the start of a test's id, relative to tests/ (a folder, a file or
# ``file::test_name``), with what that part takes from CPython:
PYTHON_DEPENDENT = (
    "jit/",  # native code reads and makes CPython's objects by their layout (the probes of
    # jit/helpers.py and jit/values.py) and calls its C API
    "conformance/test_corpus.py",  # the conformance corpus on every tier
    "interpreter/",  # tier 0's evaluator: Python's generators and frames, its memos' dicts
    "robust/",  # CPython's limits: recursion depth, big integers and their digits
    "tiering/test_deep_recursion.py",  # Python frames on every tier, past the recursion limit
    # a signal while native code runs (it polls PyErr_CheckSignals) or Python code (when
    # the main thread runs a handler: support._alarm): tiers 2 and 0 (tiers 1 and auto are
    # Python code too, run once on the main Python)
    *(f"runner/test_query_limits.py::test_ctrl_c_stops_every_tier_and_the_runtime_goes_on"
      f"[{q}-{t}]" for q in ("(loop 0)", "(fib 100)") for t in ("0", "2")),
)
# Not in it: the unit tests of the reader and printer (atoms/), the space, the grounded
# operations and the bytecode compiler and VM (pure Python over the language's stable
# semantics: what they take from CPython, its numbers, strings and dicts, the corpus on
# every tier exercises end to end on each Python), the command line, the REPL and bench
# (argparse, subprocesses, prompt_toolkit),
# the tiering's policy and mechanism (Python code over counters; its native code is
# tests/jit's), the step, time and memory limits (counts, a clock, /proc), the runner's
# API and reports, the documentation's examples.
TESTS = Path(__file__).parent


def python_dependent(path: Path, name: str) -> bool:
    """Whether the test ``name`` (its name in its file: ``test_x[0]``) of the file ``path``
    is in the Python-dependent part."""
    if not path.is_relative_to(TESTS):
        return False
    return f"{path.relative_to(TESTS).as_posix()}::{name}".startswith(PYTHON_DEPENDENT)


# ------------------------------------------------------------------------------------------
# Fuzz sizes

FULL = False  # set by conftest when the full profile is chosen


def fuzz(ci: int, full: int) -> settings:
    """The hypothesis settings of a fuzz test: ``ci`` examples, or ``full`` in a full run
    (``METTAJIT_FUZZ_EXAMPLES=N`` overrides both)."""
    n = os.environ.get("METTAJIT_FUZZ_EXAMPLES")
    return settings(
        max_examples=int(n) if n else (full if FULL else ci),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
