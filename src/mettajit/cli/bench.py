"""``mettajit bench``: whole-program benchmarks per tier, and the entry to the seed tables.

This module owns how programs are timed: each run is a fresh ``python -m mettajit run
--tier T FILE`` subprocess (so tiers share no warm state and a slow tier cannot hang the
whole run), every run's output is checked against ``NAME.expected`` before its time counts
(a wrong answer is reported, never timed), a cell gets a time budget (a first run longer
than the budget is shown as a timeout, and repeats stop when the budget is spent), and the
median of the runs is reported with its ratio to tier 0.

Times are wall-clock seconds of the whole subprocess, so they include interpreter start-up;
the start-up time of an empty program is measured once and shown in the header.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mettajit.cli.compare import result_lines, same_results, unordered_queries

# the benchmark programs ship inside the package (package data), so `mettajit bench
# programs` works from an installed wheel; tests/conformance/test_vendored.py keeps them equal
# to ../shared/bench
PROGRAMS = Path(__file__).resolve().parent / "bench_programs"


@dataclass
class Record:
    """One program on one tier."""

    program: str
    tier: str
    status: str  # "ok", "timeout", "wrong", "error"
    times_s: list[float] = field(default_factory=list)
    median_s: float | None = None
    ratio_to_tier0: float | None = None
    # when tier 0 ran out of budget: this tier's time over tier 0's budget, an upper bound
    ratio_below: float | None = None
    detail: str = ""


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
    }


def find_programs(folder: Path | None, only: set[str] | None) -> list[Path]:
    """The ``.metta`` files of the folder that have an ``.expected`` beside them."""
    if folder is None:
        folder = PROGRAMS
    if not folder.is_dir():
        return []
    files = [p for p in sorted(folder.glob("*.metta")) if p.with_suffix(".expected").exists()]
    if only is not None:
        files = [p for p in files if p.stem in only]
    return files


def run_once(path: Path, tier: str, timeout: float) -> tuple[str, float, str]:
    """(status, seconds, detail) of one checked subprocess run."""
    cmd = [sys.executable, "-m", "mettajit", "run", "--tier", tier, str(path)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", timeout, f"timeout >{timeout:.0f}s"
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        return "error", seconds, (lines[-1] if lines else f"exit status {proc.returncode}")
    expected = path.with_suffix(".expected").read_text()
    got, want = result_lines(proc.stdout), result_lines(expected)
    if not same_results(got, want, unordered_queries(path.read_text())):
        shown = " | ".join(got)[:120] or "no result lines"
        return "wrong", seconds, f"wrong answer: {shown}"
    return "ok", seconds, ""


def measure(path: Path, tier: str, repeat: int, budget: float) -> Record:
    """Up to ``repeat`` checked runs within ``budget`` seconds; the median of those that ran."""
    rec = Record(path.stem, tier, "ok")
    spent = 0.0
    for _ in range(repeat):
        remaining = budget - spent
        if rec.times_s and spent + rec.times_s[0] > budget:
            break  # another run would not fit in the budget: report the runs we have
        status, seconds, detail = run_once(path, tier, max(remaining, 1.0))
        if status == "timeout" and rec.times_s:
            break  # a later run was slower than the budget allowed; keep the earlier ones
        if status != "ok":
            rec.status, rec.detail = status, detail
            if status == "timeout":
                rec.detail = f"timeout >{budget:.0f}s"
            return rec
        rec.times_s.append(seconds)
        spent += seconds
    rec.median_s = statistics.median(rec.times_s)
    return rec


def startup_seconds() -> float:
    """Median wall time of running an empty program: the floor under every figure."""
    with tempfile.NamedTemporaryFile("w", suffix=".metta", delete=False) as f:
        f.write("; empty\n")
    try:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mettajit", "run", "--tier", "0", f.name],
                capture_output=True,
                timeout=60,
            )
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    finally:
        os.unlink(f.name)


def fill_ratios(records: list[Record], budget: float) -> None:
    base = {r.program: r.median_s for r in records if r.tier == "0" and r.median_s}
    slow = {r.program for r in records if r.tier == "0" and r.status == "timeout"}
    for r in records:
        b = base.get(r.program)
        if r.median_s is None:
            continue
        if b:
            r.ratio_to_tier0 = r.median_s / b
        elif r.program in slow:
            r.ratio_below = r.median_s / budget


def cell(rec: Record) -> str:
    if rec.median_s is None:
        return f"[yellow]{rec.detail}[/]" if rec.status == "timeout" else f"[red]{rec.status}[/]"
    text = f"{rec.median_s:.3f} s"
    if rec.ratio_to_tier0 is not None and rec.tier != "0":
        text += f" ({rec.ratio_to_tier0:.2f})"
    elif rec.ratio_below is not None:
        text += f" (<{rec.ratio_below:.2f})"
    if len(rec.times_s) < 2:
        text += " [dim]n=1[/]"
    return text


def render(
    console: Console, records: list[Record], tiers: list[str], info: dict[str, object]
) -> None:
    table = Table(
        title="mettajit bench programs: median wall time per run (time / tier-0 time)",
        caption=f"{info['cpu']}, {info['cores']} cores, {info['platform']}, "
        f"Python {info['python']}; start-up of an empty program: {info['startup_s']:.3f} s",
    )
    table.add_column("program")
    for t in tiers:
        table.add_column(f"tier {t}", justify="right")
    for name in dict.fromkeys(r.program for r in records):
        row = {r.tier: r for r in records if r.program == name}
        table.add_row(name, *(cell(row[t]) if t in row else "" for t in tiers))
    console.print(table)
    for r in records:
        if r.status in ("wrong", "error"):
            console.print(f"[red]{r.program} tier {r.tier}: {r.detail}[/]")


def run_programs(
    *,
    tiers: list[str],
    repeat: int,
    budget: float,
    folder: Path | None,
    json_path: Path | None,
    only: set[str] | None,
) -> int:
    """Time every program on every tier; 1 if any answer was wrong or a run failed."""
    # a file or pipe gets a table wide enough for every column, not rich's default 80
    console = Console() if sys.stdout.isatty() else Console(width=132)
    programs = find_programs(folder, only)
    if not programs:
        where = folder or PROGRAMS
        print(f"mettajit: no NAME.metta with NAME.expected in {where}", file=sys.stderr)
        return 66
    info = machine()
    console.print(
        f"[bold]machine:[/] {info['cpu']}, {info['cores']} cores "
        f"({info['usable_cores']} usable), {info['platform']}, Python {info['python']}"
    )
    info["startup_s"] = startup_seconds()
    records: list[Record] = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("starting", total=len(programs) * len(tiers))
        for path in programs:
            for tier in tiers:
                progress.update(task, description=f"{path.stem} tier {tier}")
                records.append(measure(path, tier, repeat, budget))
                progress.advance(task)
    fill_ratios(records, budget)
    render(console, records, tiers, info)
    if json_path is not None:
        data = {
            "machine": info,
            "repeat": repeat,
            "budget_s": budget,
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
