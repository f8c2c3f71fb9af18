"""``mettajit bench programs``: CPU accounting (a fake runner), resized programs and their
computed answers, and the peers: the code that runs them is tested with fake peer commands
(so it always runs); a peer that is not installed is skipped with one line saying how to
get it."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from mettajit.cli import bench
from mettajit.cli.bench import Impl, Program, RunOutput
from mettajit.config import Settings
from support import cli

SHARED = bench.PROGRAMS


def _program(tmp_path: Path, text: str = "!(+ 1 2)\n!(superpose (a b))\n",
             expected: str = "[3]\n[a, b]\n", name: str = "p") -> Program:
    path = tmp_path / f"{name}.metta"
    path.write_text(text)
    path.with_suffix(".expected").write_text(expected)
    return Program(name, path, expected)


class FakeRunner:
    """Answers each command with scripted CPU seconds: empty runs and program runs."""

    def __init__(self, empty: list[float], program: list[float], stdout: str) -> None:
        self.empty, self.program, self.stdout = list(empty), list(program), stdout
        self.calls: list[str] = []

    def __call__(self, argv: list[str], cwd: str | None, timeout: float) -> RunOutput:
        if argv[-1].endswith("empty.metta"):
            self.calls.append("empty")
            return RunOutput("ok", "", "", self.empty.pop(0), 0.01)
        self.calls.append("program")
        return RunOutput("ok", self.stdout, "", self.program.pop(0), 0.01)


def test_cpu_work_is_paired_with_the_empty_program(tmp_path: Path) -> None:
    prog = _program(tmp_path)
    runner = FakeRunner([0.20, 0.30, 0.25], [1.20, 1.00, 1.50], "[3]\n[b, a]\n")
    rec = bench.measure(bench.tier_impl("1"), prog, tmp_path / "empty.metta", 3, 60.0, runner)
    assert runner.calls == ["empty", "program"] * 3  # each run right after its empty run
    assert rec.status == "ok"
    assert rec.times_s == pytest.approx([1.00, 0.70, 1.25])
    assert rec.median_s == pytest.approx(1.00)
    assert rec.empty_s == [0.20, 0.30, 0.25] and rec.cpu_s == [1.20, 1.00, 1.50]


def test_our_wrong_answer_is_never_timed_a_peers_is_marked(tmp_path: Path) -> None:
    prog = _program(tmp_path)
    runner = FakeRunner([0.1] * 3, [0.5] * 3, "[4]\n[a, b]\n")
    ours = bench.measure(bench.tier_impl("auto"), prog, tmp_path / "empty.metta", 3, 60.0,
                         runner)
    assert ours.status == "wrong" and ours.median_s is None and ours.times_s == []
    peer = Impl("peer", ("x", "{file}"), results=bench.line_results, peer=True)
    runner = FakeRunner([0.1] * 2, [0.5] * 2, "4\na\nb\n")
    rec = bench.measure(peer, prog, tmp_path / "empty.metta", 2, 60.0, runner)
    assert rec.status == "wrong" and rec.median_s == pytest.approx(0.4)
    assert "≠" in rec.detail and "≠" in bench.cell(rec)


def test_a_peer_is_compared_as_one_multiset(tmp_path: Path) -> None:
    prog = _program(tmp_path)
    peer = Impl("peer", ("x", "{file}"), results=bench.line_results, peer=True)
    assert bench.check_answer(peer, prog, "b\n3\na\n") == ""  # its own order, one a line
    assert bench.check_answer(peer, prog, "3\na\n") != ""  # a result missing
    assert bench.check_answer(peer, prog, "3\na\na\nb\n") != ""  # one too many


def test_the_child_cpu_is_measured(tmp_path: Path) -> None:
    spin = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.3: pass\n"
    out = bench.run_process([sys.executable, "-c", spin], None, 60.0)
    assert out.status == "ok" and 0.25 <= out.cpu_s <= 2.0
    slow = bench.run_process([sys.executable, "-c", "import time; time.sleep(30)"], None, 0.5)
    assert slow.status == "timeout" and slow.wall_s < 10


def test_shipped_sizes_give_the_shipped_answers() -> None:
    defaults = {"list_ops_100k": 100_000, "peano_100": 100, "nondet_triples": 1000,
                "kb_query_4000": 4000, "fib30": 30, "tail_sum_2m": 2_000_000}
    assert set(defaults) == set(bench.SCALABLE)
    for stem, n in defaults.items():
        scale = bench.SCALABLE[stem]
        text = (SHARED / f"{stem}.metta").read_text()
        assert scale.make(text, n) == text
        assert scale.expected(n) == (SHARED / f"{stem}.expected").read_text(), stem


@pytest.mark.parametrize(("spec", "n"), [("list_ops", 50), ("peano", 7), ("nondet", 3375),
                                         ("kb_query", 30), ("fib", 12), ("tail_sum", 100)])
def test_resized_programs_give_the_computed_answers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, n: int) -> None:
    sizes = bench.parse_sizes([f"{spec}={n}"])
    stem = bench.BY_BASE[spec]
    [prog] = bench.programs_to_run([SHARED / f"{stem}.metta"], sizes, tmp_path)
    assert prog.name == f"{spec} n={n}"
    # `mettajit run --tier 1 PROG` in process (the bench's own processes: the tests below)
    status, out, err = cli(capsys, "run", "--tier", "1", str(prog.path))
    assert status == 0, err
    assert bench.check_answer(bench.tier_impl("1"), prog, out) == ""


def test_bad_sizes_are_usage_errors() -> None:
    for spec in ("nosuch=3", "fib", "fib=x", "fib=0"):
        with pytest.raises(ValueError):
            bench.parse_sizes([spec])
    assert bench.parse_sizes(["kb_query=4000,16_000"]) == {"kb_query_4000": [4000, 16000]}


def _executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def _fake_peers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, wrong: bool = False
                ) -> Settings:
    """A PeTTa checkout whose run.sh prints the expected results one a line without
    brackets (as PeTTa does), a swipl on PATH, and a metta-py printing them bracketed."""
    petta = tmp_path / "petta"
    petta.mkdir()
    answer = "'s/^\\[\\(.*\\)\\]$/\\1/'"
    _executable(petta / "run.sh",
                '[ "$2" = --silent ] || exit 3\n'
                'e="${1%.metta}.expected"\n'
                f'[ -f "$e" ] && sed {answer} "$e" | tr -d , | tr " " "\\n"'
                + (" | sed s/3/4/" if wrong else "") + "\nexit 0\n")
    binary = tmp_path / "bin"
    binary.mkdir()
    _executable(binary / "swipl", "#!/bin/sh\nexit 0\n")
    monkeypatch.setenv("PATH", f"{binary}{os.pathsep}{os.environ['PATH']}")
    hyperon = _executable(tmp_path / "metta-py",
                          '#!/bin/sh\ne="${1%.metta}.expected"\n[ -f "$e" ] && cat "$e"\n'
                          "exit 0\n")
    return Settings(bench_petta=str(petta), bench_hyperon=str(hyperon))


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "programs"
    folder.mkdir()
    _program(folder, "!(+ 1 2)\n!(superpose (a b))\n", "[3]\n[a, b]\n", name="small")
    return folder


def test_peers_run_with_fake_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    settings = _fake_peers(tmp_path, monkeypatch)
    report, plot = tmp_path / "b.json", tmp_path / "b.png"
    status = bench.run_programs(tiers=["1"], repeat=2, budget=60.0, folder=_folder(tmp_path),
                                json_path=report, only=None, peers=True, plot_path=plot,
                                settings=settings)
    out = capsys.readouterr().out
    assert status == 0, out
    data = json.loads(report.read_text())
    recs = {r["tier"]: r for r in data["records"]}
    assert set(recs) == {"tier 1", "PeTTa", "hyperon"}
    assert all(r["status"] == "ok" and len(r["times_s"]) == 2 for r in recs.values())
    assert "skipped" not in out and "machine:" in out
    # without matplotlib the hint names the extra as written (printed as text, not markup)
    assert ("plot written" in out and plot.exists()) or (
        "no plot: matplotlib" in out and "mettajit[plot]" in out)


def test_a_peer_with_other_answers_fails_the_run(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    settings = _fake_peers(tmp_path, monkeypatch, wrong=True)
    status = bench.run_programs(tiers=["1"], repeat=1, budget=60.0, folder=_folder(tmp_path),
                                json_path=None, only=None, peers=True,
                                plot_path=tmp_path / "p.png", settings=settings)
    out = capsys.readouterr().out
    assert status == 1
    assert "small on PeTTa: ≠ expected results" in out.replace("\n", " ")


def test_absent_peers_are_skipped_with_how_to_get_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no metta-py, no swipl
    runner = FakeRunner([0.1], [0.2], "[3]\n[a, b]\n")
    status = bench.run_programs(tiers=["auto"], repeat=1, budget=60.0,
                                folder=_folder(tmp_path), json_path=None, only=None,
                                peers=True, plot_path=tmp_path / "p.png",
                                settings=Settings(bench_petta="", bench_hyperon=""),
                                runner=runner)
    out = capsys.readouterr().out
    assert status == 0
    assert "skipped PeTTa: not found" in out and "swi-prolog-nox" in out
    assert "skipped hyperon: not found" in out and "pip install hyperon" in out
    assert runner.calls == ["empty", "program"]  # only mettajit ran
    missing = bench.petta_impl(Settings(bench_petta=str(tmp_path / "nope")))
    assert isinstance(missing, str) and "run.sh" in missing
