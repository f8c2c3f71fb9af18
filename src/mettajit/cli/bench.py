"""``mettajit bench``: whole-program benchmarks per tier and against other implementations,
and the entry to the seed tables.

This module owns how programs are timed:

* each run is a fresh subprocess (``python -m mettajit run --tier T FILE``, or a peer's
  command), so runs share no warm state and a slow one cannot hang the whole bench; a run
  gets a time budget, and a process group of its own, killed whole on a timeout;
* the figure is **CPU work**: the user+sys time of the child (and of what it waited for,
  ``RUSAGE_CHILDREN`` deltas), minus that of the same implementation running an empty
  program, measured as a pair right before it (start-up, imports and the standard
  library's loading are not the program's work); the median over ``--repeat`` pairs is
  reported, with the wall time beside it in the JSON;
* answers are checked before any time counts: mettajit's result lines must be the
  program's ``NAME.expected`` query by query (a wrong answer is reported, never timed);
  a peer's results, and those of every tier, must be the same multiset of results as the
  expected ones (a peer prints one result a line, without brackets, so the comparison of
  implementations is over the whole program's results); a mismatch is marked ``≠`` in
  red and fails the run;
* programs can be resized (``--size``): the ``../shared/bench`` programs that have a size
  (``SCALABLE``) are rewritten for another ``n``, their expected results computed;
* ``--peers`` also runs PeTTa (``PETTA``) and hyperon's ``metta-py`` (``HYPERON``) when
  they are installed, and writes a PNG plot of CPU work per program per implementation
  (with matplotlib, the ``plot`` extra; without it, says so and skips the plot).

* bytecode: users run with ``.pyc`` files, so by default every implementation's runs
  (each tier's, PeTTa's, hyperon's ``metta-py``) have Python's bytecode cache allowed,
  whatever the shell says: ``PYTHONDONTWRITEBYTECODE`` removed, ``PYTHONPYCACHEPREFIX``
  a folder of this bench (no source tree is written), and one untimed warm-up run of each
  program on each implementation first (it also fills tier 2's object cache on disk, as a
  user's first run would); ``--no-bytecode-cache`` keeps the environment as it is. The
  output says which.

The machine (CPU, cores, OS, Python) is named in the output.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mettajit.cli.compare import canon, result_lines, same_results, unordered_queries
from mettajit.config import DEFAULTS, Settings

# the benchmark programs ship inside the package (package data), so `mettajit bench
# programs` works from an installed wheel; tests/conformance/test_vendored.py keeps them equal
# to ../shared/bench
PROGRAMS = Path(__file__).resolve().parent / "bench_programs"
EMPTY_PROGRAM = "; an empty program: the start-up every run of this implementation pays\n"


# -- programs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalable:
    """How to resize one bench program: ``make(text, n)`` is its source for size ``n`` and
    ``expected(n)`` its result lines; ``n`` is what the issue tables call its size."""

    base: str  # the short name: ``--size list_ops=300000``
    make: Callable[[str, int], str]
    expected: Callable[[int], str]


def _replace(old: str, new: Callable[[int], str]) -> Callable[[str, int], str]:
    def make(text: str, n: int) -> str:
        if old not in text:
            raise ValueError(f"cannot resize: {old!r} is not in the program")
        return text.replace(old, new(n))

    return make


def _fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def _digits(candidates: int) -> int:
    """Digits per position of nondet_triples for about ``candidates`` triples (d ** 3)."""
    root: float = candidates ** (1 / 3)
    return max(1, round(root))


def _triples(candidates: int) -> str:
    d = _digits(candidates)
    found = [f"({a} {b} {c})" for a in range(d) for b in range(d) for c in range(d)
             if a + b + c == 15 and a < b]
    return f"[({' '.join(found)})]\n" if found else "[()]\n"


SCALABLE: dict[str, Scalable] = {
    "list_ops_100k": Scalable(
        "list_ops", _replace("100000", str),
        lambda n: f"[{n * (n - 1) // 2}]\n[{n}]\n"),
    "peano_100": Scalable(
        "peano", _replace("(to-peano 100)", lambda n: f"(to-peano {n})"),
        lambda n: f"[{n * n}]\n"),
    "nondet_triples": Scalable(
        "nondet", _replace("(0 1 2 3 4 5 6 7 8 9)",
                           lambda n: "(" + " ".join(map(str, range(_digits(n)))) + ")"),
        _triples),
    "kb_query_4000": Scalable(
        "kb_query", _replace("(gen-chain 0 4000)", lambda n: f"(gen-chain 0 {n})"),
        lambda n: f"[()]\n[((p 12))]\n[{n - 1}]\n"),
    "fib30": Scalable("fib", _replace("(fib 30)", lambda n: f"(fib {n})"),
                      lambda n: f"[{_fib(n)}]\n"),
    "tail_sum_2m": Scalable(
        "tail_sum", _replace("(sum-to 2000000 0)", lambda n: f"(sum-to {n} 0)"),
        lambda n: f"[{n * (n + 1) // 2}]\n"),
}
BY_BASE = {s.base: stem for stem, s in SCALABLE.items()}

# the sizes of issue 10's tables (``--issue-sizes``)
ISSUE_SIZES: dict[str, list[int]] = {
    "list_ops": [300_000], "peano": [300], "nondet": [64_000], "kb_query": [4000, 16000],
    "fib": [30], "tail_sum": [2_000_000],
}


@dataclass(frozen=True)
class Program:
    """One program to time: its file and its expected result lines."""

    name: str
    path: Path
    expected: str

    @property
    def marks(self) -> list[bool]:
        return unordered_queries(self.path.read_text())


def find_programs(folder: Path | None, only: set[str] | None) -> list[Path]:
    """The ``.metta`` files of the folder that have an ``.expected`` beside them."""
    if folder is None:
        folder = PROGRAMS
    if not folder.is_dir():
        return []
    files = [p for p in sorted(folder.glob("*.metta")) if p.with_suffix(".expected").exists()]
    if only is not None:
        files = [p for p in files
                 if p.stem in only or (p.stem in SCALABLE and SCALABLE[p.stem].base in only)]
    return files


def parse_sizes(specs: Iterable[str]) -> dict[str, list[int]]:
    """``["list_ops=300000", "kb_query=4000,16000"]`` -> sizes by program stem."""
    sizes: dict[str, list[int]] = {}
    for spec in specs:
        name, _, values = spec.partition("=")
        stem = BY_BASE.get(name.strip(), name.strip())
        if stem not in SCALABLE or not values:
            known = ", ".join(f"{s.base}" for s in SCALABLE.values())
            raise ValueError(f"--size {spec!r}: expected NAME=N[,N...] with NAME one of {known}")
        try:
            ns = [int(v.replace("_", "")) for v in values.split(",") if v.strip()]
        except ValueError:
            raise ValueError(f"--size {spec!r}: sizes are integers") from None
        if not ns or min(ns) < 1:
            raise ValueError(f"--size {spec!r}: sizes are positive integers")
        sizes[stem] = ns
    return sizes


def programs_to_run(files: list[Path], sizes: dict[str, list[int]], work: Path) -> list[Program]:
    """The programs of ``files``, those with a ``--size`` rewritten (into ``work``) once
    per size, their expected results computed."""
    out: list[Program] = []
    for path in files:
        scale = SCALABLE.get(path.stem)
        if scale is None or path.stem not in sizes:
            out.append(Program(path.stem, path, path.with_suffix(".expected").read_text()))
            continue
        for n in sizes[path.stem]:
            name = f"{scale.base} n={n}"
            target = work / f"{scale.base}_{n}.metta"
            target.write_text(scale.make(path.read_text(), n))
            out.append(Program(name, target, scale.expected(n)))
    return out


# -- implementations -------------------------------------------------------------------------


def mettajit_results(stdout: str) -> list[str]:
    return result_lines(stdout)


def line_results(stdout: str) -> list[str]:
    """A peer printing one result a line (PeTTa): each as a result line of its own."""
    return [f"[{line.strip()}]" for line in stdout.splitlines() if line.strip()]


@dataclass(frozen=True)
class Impl:
    """One implementation that runs a MeTTa file: ``argv`` with ``{file}`` in it, run in
    ``cwd``; ``results`` picks its result lines (``[...]``) out of what it printed."""

    name: str
    argv: tuple[str, ...]
    cwd: str | None = None
    results: Callable[[str], list[str]] = mettajit_results
    peer: bool = False  # another implementation: its answers compared as one multiset

    def command(self, path: Path) -> list[str]:
        return [a.replace("{file}", str(path.resolve())) for a in self.argv]


def tier_impl(tier: str) -> Impl:
    name = "auto" if tier == "auto" else f"tier {tier}"
    return Impl(name, (sys.executable, "-m", "mettajit", "run", "--tier", tier, "{file}"))


PETTA_HINT = ("PeTTa: not found (clone https://github.com/patham9/PeTTa, install Debian's "
              "swi-prolog-nox, set METTAJIT_PETTA to the checkout)")
HYPERON_HINT = ("hyperon: not found (pip install hyperon, or set METTAJIT_HYPERON to its "
                "metta-py)")


def petta_impl(settings: Settings) -> Impl | str:
    """PeTTa (MeTTa on SWI-Prolog) from a checkout, or why it is not there."""
    folder = settings.bench_petta
    if not folder:
        return PETTA_HINT
    run_sh = Path(folder).expanduser() / "run.sh"
    if not run_sh.is_file():
        return f"PeTTa: {run_sh} not found (METTAJIT_PETTA names a PeTTa checkout)"
    if shutil.which("swipl") is None:
        return "PeTTa: swipl not on PATH (Debian: apt-get install swi-prolog-nox)"
    return Impl("PeTTa", ("sh", str(run_sh), "{file}", "--silent"), cwd=str(run_sh.parent),
                results=line_results, peer=True)


def hyperon_impl(settings: Settings) -> Impl | str:
    """The reference implementation (hyperon's ``metta-py``), or why it is not there."""
    command = settings.bench_hyperon or shutil.which("metta-py") or ""
    if not command:
        return HYPERON_HINT
    if shutil.which(command) is None:
        return f"hyperon: {command} is not an executable (METTAJIT_HYPERON)"
    return Impl("hyperon", (command, "{file}"), peer=True)


# -- running ------------------------------------------------------------------------------


@dataclass
class RunOutput:
    """One finished (or killed) subprocess: its status, output and CPU and wall seconds."""

    status: str  # "ok", "timeout", "error"
    stdout: str
    stderr: str
    cpu_s: float
    wall_s: float


Runner = Callable[[list[str], "str | None", float], RunOutput]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bytecode_env(prefix: Path) -> dict[str, str]:
    """This environment with Python's bytecode cache allowed, its files under ``prefix``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    return env


def run_process(argv: list[str], cwd: str | None, timeout: float,
                env: dict[str, str] | None = None) -> RunOutput:
    """Run ``argv`` to its end (or kill its process group after ``timeout`` seconds): the
    user+sys seconds of it and the processes it waited for (``RUSAGE_CHILDREN`` delta);
    ``env``: its environment (None: this one)."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = "ok" if proc.returncode == 0 else "error"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: sh and the swipl it started
        out, err = proc.communicate()
        status = "timeout"
    return RunOutput(status, out, err, _children_cpu() - cpu0, time.perf_counter() - t0)


@dataclass
class Record:
    """One program on one implementation. ``times_s``: CPU work of each timed run (its CPU
    minus the paired empty program's), ``median_s`` their median."""

    program: str
    tier: str  # the implementation: "tier 0".."auto" (a tier's number for mettajit), "PeTTa"...
    status: str  # "ok", "timeout", "wrong", "error"
    times_s: list[float] = field(default_factory=list)
    median_s: float | None = None
    cpu_s: list[float] = field(default_factory=list)  # the program's runs, whole
    empty_s: list[float] = field(default_factory=list)  # the paired empty runs
    wall_s: list[float] = field(default_factory=list)
    ratio: float | None = None  # median over the baseline's (PeTTa's, else tier 0's)
    detail: str = ""


def result_bag(lines: Sequence[str], unordered: bool) -> Counter[str]:
    """All results of a program as one multiset (a peer's lines do not follow queries)."""
    return Counter(item for line in lines for item in canon(line, unordered))


def check_answer(impl: Impl, program: Program, stdout: str) -> str:
    """"" when the output is the expected one, else what is wrong (one line)."""
    got, want = impl.results(stdout), result_lines(program.expected)
    marks = program.marks
    if not impl.peer and same_results(got, want, marks):
        return ""
    if impl.peer and result_bag(got, any(marks)) == result_bag(want, any(marks)):
        return ""
    shown = " | ".join(got)[:120] or "no result lines"
    return f"≠ expected results: {shown}"


def measure(impl: Impl, program: Program, empty: Path, repeat: int, budget: float,
            runner: Runner = run_process, warm: bool = False) -> Record:
    """Up to ``repeat`` checked runs within ``budget`` seconds, each paired with a run of
    the empty program just before it; the median of their CPU work (``warm``: after one
    untimed run of each)."""
    rec = Record(program.name, impl.name, "ok")
    spent = 0.0
    if warm:  # not counted in the budget: a timed run has the whole of it
        runner(impl.command(empty), impl.cwd, 60.0)
        runner(impl.command(program.path), impl.cwd, budget)
    for i in range(repeat):
        if rec.wall_s and spent + rec.wall_s[0] > budget:
            break  # another run would not fit in the budget: report the runs we have
        base = runner(impl.command(empty), impl.cwd, 60.0)
        if base.status != "ok":
            rec.status = "error"
            rec.detail = f"the empty program failed: {_last_line(base.stderr, base.status)}"
            return rec
        out = runner(impl.command(program.path), impl.cwd, max(budget - spent, 1.0))
        if out.status == "timeout" and rec.times_s:
            break  # a later run was slower than the budget allowed; keep the earlier ones
        if out.status != "ok":
            rec.status = out.status
            rec.detail = (f"timeout >{budget:.0f}s" if out.status == "timeout"
                          else _last_line(out.stderr, f"exit status {out.status}"))
            return rec
        if i == 0:
            wrong = check_answer(impl, program, out.stdout)
            if wrong:
                rec.status, rec.detail = "wrong", wrong
                if not impl.peer:
                    return rec  # our own wrong answer is never timed
        rec.cpu_s.append(out.cpu_s)
        rec.empty_s.append(base.cpu_s)
        rec.wall_s.append(out.wall_s)
        rec.times_s.append(max(out.cpu_s - base.cpu_s, 0.0))
        spent += out.wall_s
    rec.median_s = statistics.median(rec.times_s)
    return rec


def _last_line(text: str, default: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else default


# -- reporting ----------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
    }


def machine_line(info: dict[str, object]) -> str:
    return (f"{info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
            f"{info['platform']}, Python {info['python']}, load {info['load_average']}")


def fill_ratios(records: list[Record], baseline: str) -> None:
    base = {r.program: r.median_s for r in records if r.tier == baseline and r.median_s}
    for r in records:
        b = base.get(r.program)
        if r.median_s is not None and b and r.tier != baseline:
            r.ratio = r.median_s / b


def cell(rec: Record) -> str:
    if rec.median_s is None:
        if rec.status == "timeout":
            return f"[yellow]{rec.detail}[/]"
        return f"[red]{'≠ wrong' if rec.status == 'wrong' else rec.status}[/]"
    text = f"{rec.median_s:.3f} s"
    if rec.ratio is not None:
        text += f" ({rec.ratio:.2f})"
    if rec.status == "wrong":
        text = f"[red]{text} ≠[/]"
    if len(rec.times_s) < 2:
        text += " [dim]n=1[/]"
    return text


def render(console: Console, records: list[Record], impls: list[str], baseline: str,
           info: dict[str, object]) -> None:
    table = Table(
        title="mettajit bench programs: median CPU work per run, user+sys minus the same "
        f"implementation's empty program (time / {baseline}'s)",
        caption=machine_line(info),
    )
    table.add_column("program")
    for name in impls:
        table.add_column(name, justify="right")
    for prog in dict.fromkeys(r.program for r in records):
        row = {r.tier: r for r in records if r.program == prog}
        table.add_row(prog, *(cell(row[t]) if t in row else "" for t in impls))
    console.print(table)
    for r in records:
        if r.status in ("wrong", "error"):
            console.print(f"[red]{r.program} on {r.tier}: {r.detail}[/]")


def write_plot(records: list[Record], impls: list[str], path: Path, title: str) -> str:
    """A PNG of CPU work per program per implementation (log scale); what happened."""
    try:
        import matplotlib  # optional (the plot extra)

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return ("no plot: matplotlib is not installed "
                "(pip install 'mettajit[plot]', or pip install matplotlib)")
    programs = list(dict.fromkeys(r.program for r in records))
    by = {(r.program, r.tier): r for r in records}
    width = 0.8 / max(len(impls), 1)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(programs) + 2), 4.8))
    for i, name in enumerate(impls):
        xs, ys = [], []
        for j, prog in enumerate(programs):
            rec = by.get((prog, name))
            if rec is not None and rec.median_s is not None:
                xs.append(j + (i - (len(impls) - 1) / 2) * width)
                ys.append(max(rec.median_s, 1e-3))
        ax.bar(xs, ys, width, label=name)
        for j, prog in enumerate(programs):  # no bar: say why where it would be
            rec = by.get((prog, name))
            if rec is not None and rec.median_s is None:
                ax.text(j + (i - (len(impls) - 1) / 2) * width, 1.1e-3,
                        "timeout" if rec.status == "timeout" else rec.status,
                        rotation=90, ha="center", va="bottom", fontsize=7)
    ax.set_yscale("log")
    ax.set_ylabel("CPU work per run, s (log scale)")
    ax.set_xticks(range(len(programs)))
    ax.set_xticklabels(programs, rotation=20, ha="right")
    ax.set_title(title, fontsize=9)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return f"plot written to {path}"


def run_programs(
    *,
    tiers: list[str],
    repeat: int,
    budget: float,
    folder: Path | None,
    json_path: Path | None,
    only: set[str] | None,
    sizes: dict[str, list[int]] | None = None,
    peers: bool = False,
    plot_path: Path | None = None,
    settings: Settings = DEFAULTS,
    runner: Runner = run_process,
    extra: Sequence[Impl] = (),
    bytecode_cache: bool = True,
) -> int:
    """Time every program on every implementation; 1 if any answer was wrong or a run
    failed. ``extra``: implementations besides the tiers and the peers (tests);
    ``bytecode_cache``: the children run with ``.pyc`` files and a warm-up (when they are
    real processes, ``run_process``)."""
    # a file or pipe gets a table wide enough for every column, not rich's default 80
    console = Console() if sys.stdout.isatty() else Console(width=160)
    files = find_programs(folder, only)
    if not files:
        where = folder or PROGRAMS
        print(f"mettajit: no NAME.metta with NAME.expected in {where}", file=sys.stderr)
        return 66
    impls = [tier_impl(t) for t in tiers]
    if peers:
        for found in (petta_impl(settings), hyperon_impl(settings)):
            if isinstance(found, str):
                console.print(f"[yellow]skipped {found}[/]")
            else:
                impls.append(found)
    impls += extra
    info = machine()
    console.print(f"[bold]machine:[/] {machine_line(info)}")
    warm = bytecode_cache and runner is run_process
    if warm:
        console.print("bytecode: cached for every implementation (.pyc in a fresh "
                      "PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE removed), one untimed "
                      "warm-up run per program and implementation")
    elif os.environ.get("PYTHONDONTWRITEBYTECODE"):
        console.print("[yellow]PYTHONDONTWRITEBYTECODE is set: mettajit compiles its modules "
                      "from source in every run (the imports of tier 2 count as work)[/]")
    records: list[Record] = []
    with tempfile.TemporaryDirectory(prefix="mettajit-bench-") as tmp:
        work = Path(tmp)
        if warm:
            runner = functools.partial(run_process, env=bytecode_env(work / "pycache"))
        programs = programs_to_run(files, sizes or {}, work)
        empty = work / "empty.metta"
        empty.write_text(EMPTY_PROGRAM)
        columns = (TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("starting", total=len(programs) * len(impls))
            for program in programs:
                for impl in impls:
                    progress.update(task, description=f"{program.name} on {impl.name}")
                    records.append(measure(impl, program, empty, repeat, budget, runner,
                                           warm))
                    progress.advance(task)
    names = [i.name for i in impls]
    baseline = "PeTTa" if "PeTTa" in names else names[0]
    fill_ratios(records, baseline)
    render(console, records, names, baseline, info)
    if peers or plot_path is not None:
        target = plot_path or Path("mettajit-bench.png")
        said = write_plot(records, names, target,
                          f"CPU work per run (empty program subtracted), median of "
                          f"{repeat}; {info['cpu']}")
        console.print(said, markup=False)  # plain text: 'mettajit[plot]' is no style tag
    if json_path is not None:
        data = {
            "machine": info,
            "repeat": repeat,
            "budget_s": budget,
            "measure": "CPU work: user+sys of the run minus the paired empty program's",
            "bytecode": "cached, warm-up run first" if warm else "as the environment says",
            "implementations": [{"name": i.name, "argv": list(i.argv), "cwd": i.cwd}
                                for i in impls],
            "records": [asdict(r) for r in records],
        }
        json_path.write_text(json.dumps(data, indent=2) + "\n")
        console.print(f"records written to {json_path}")
    return 1 if any(r.status in ("wrong", "error") for r in records) else 0


def run_seed(json_path: Path | None, quick: bool) -> int:
    """The seed report's tables, from ``mettajit.runner.seed_bench`` when it exists."""
    try:
        seed_bench = importlib.import_module("mettajit.runner.seed_bench")
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name in (
            "mettajit.runner.seed_bench",
            "mettajit.runner",
        ):
            print(
                "mettajit: the seed benchmark (mettajit.runner.seed_bench) is not available yet",
                file=sys.stderr,
            )
        else:  # it times native code: no tier 2 here (jit.helpers, jit.engine say why)
            print(f"mettajit: bench seed needs tier 2: {exc}", file=sys.stderr)
        return 1
    status = seed_bench.run_seed_bench(None if json_path is None else str(json_path), quick)
    return status if isinstance(status, int) else 0
