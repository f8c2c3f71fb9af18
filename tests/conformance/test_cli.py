"""The ``mettajit`` command's contract with its user: output streams, exit statuses, the REPL.

Most cases call ``main()`` in-process; one runs ``python -m mettajit`` to check the module
entry point and that a syntax error really leaves no traceback on stderr.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from mettajit.cli import main as cli
from mettajit.cli.repl import entries, is_complete, open_depth
from support import cli as run  # mettajit ARGV in process: (status, out, err)

HERE = Path(__file__).parent


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_run_prints_one_line_per_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = write(tmp_path, "p.metta", "(= (f $x) (* $x 2))\n!(f 21)\nfact\n!(superpose (1 2))\n")
    status, out, err = run(capsys, "run", str(prog))
    assert status == 0
    assert out.splitlines() == ["[42]", "[1, 2]"]
    assert err == ""


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_every_tier_is_accepted(
    tier: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prog = write(tmp_path, "p.metta", "!(+ 1 2)\n")
    assert run(capsys, "run", "--tier", tier, str(prog))[:2] == (0, "[3]\n")


def test_stats_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = write(tmp_path, "p.metta", "!(+ 1 2)\n")
    status, out, err = run(capsys, "run", "--stats", str(prog))
    assert (status, out) == (0, "[3]\n")
    assert err.strip()


def test_syntax_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = write(tmp_path, "bad.metta", "!(+ 1 2)\n(a\n  (b c)\n")
    status, out, err = run(capsys, "run", str(prog))
    assert status == cli.EXIT_SYNTAX
    assert out == ""  # the whole file is read before anything runs
    assert err.splitlines() == [f"{prog}:2:1: unbalanced parenthesis: '(' is never closed"]


def test_unterminated_string_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = write(tmp_path, "bad.metta", '!(f\n   "abc)\n')
    status, _, err = run(capsys, "run", str(prog))
    assert status == cli.EXIT_SYNTAX
    assert err == f"{prog}:2:4: unterminated string\n"


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "run", str(tmp_path / "nope.metta"))
    assert status == cli.EXIT_NOINPUT
    assert out == ""
    assert len(err.splitlines()) == 1 and "nope.metta" in err


def test_directory_is_not_a_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "run", str(tmp_path))
    assert status == cli.EXIT_NOINPUT and len(err.splitlines()) == 1


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "x.metta", "--tier", "7"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("mettajit ")
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    text = capsys.readouterr().out
    for flag in ("--tier", "--stats", "--trace", "--dump-bytecode", "--dump-ir", "--dump-asm"):
        assert flag in text


def test_ctrl_c_exits_130_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mettajit.runner import MeTTa

    def interrupted(self: object, path: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(MeTTa, "run_file", interrupted)
    prog = write(tmp_path, "p.metta", "!(+ 1 2)\n")
    assert run(capsys, "run", str(prog)) == (130, "", "")


def test_internal_error_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mettajit.runner import MeTTa

    def broken(self: object, path: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(MeTTa, "run_file", broken)
    prog = write(tmp_path, "p.metta", "!(+ 1 2)\n")
    status, _, err = run(capsys, "run", str(prog))
    assert status == cli.EXIT_INTERNAL
    assert len(err.splitlines()) == 1 and "ValueError: boom" in err
    assert "Traceback" not in err


def test_python_dash_m(tmp_path: Path) -> None:
    good = write(tmp_path, "good.metta", "!(+ 40 2)\n")
    bad = write(tmp_path, "bad.metta", "(a))\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mettajit", "run", str(good)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[42]\n", "")
    proc = subprocess.run(
        [sys.executable, "-m", "mettajit", "run", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == cli.EXIT_SYNTAX
    assert proc.stdout == ""
    assert proc.stderr == f"{bad}:1:4: unbalanced parenthesis: unexpected ')'\n"


# -- REPL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("(a (b)", 1),
        ("(a) (b)", 0),
        ('(f ")")', 0),
        ('(f "(")', 0),
        ("(f ; ) comment\n", 1),
        ('(f "unterminated', 2),
        ('(f "esc \\" (")', 0),
        ("(a))", -1),
    ],
)
def test_open_depth(text: str, depth: int) -> None:
    assert open_depth(text) == depth


def test_is_complete() -> None:
    assert is_complete("!(+ 1 2)")
    assert not is_complete("!(+ 1")
    assert not is_complete("!")
    assert not is_complete("! ; the expression follows")
    assert is_complete("foo!")
    assert is_complete("(a))")  # over-closed: let the parser report it


def test_entries_group_lines() -> None:
    lines = iter(["(= (f $x)", "   (+ $x 1))", "", "!(f 1)", "!(g", ""])
    assert list(entries(lines)) == ["(= (f $x)\n   (+ $x 1))", "!(f 1)", "!(g\n"]


def test_repl_on_piped_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = "\n".join(
        [
            "(= (double $x)",
            "   (* $x 2))",
            "!(double 21)",
            "!(oops",
            ")) ; a syntax error does not end the session",
            "!(double 5)",
            "!(superpose (1 2))",
        ]
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(session + "\n"))
    status, out, err = run(capsys)
    assert status == 0
    assert out.splitlines() == ["[42]", "[10]", "[1, 2]"]
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_repl_subcommand_with_tier(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("!(+ 1 1)\n:quit\n!(+ 2 2)\n"))
    assert run(capsys, "repl", "--tier", "0") == (0, "[2]\n", "")


# -- bench -------------------------------------------------------------------------------


def test_bench_programs_checks_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    write(folder, "right.metta", "!(+ 1 2)\n")
    write(folder, "right.expected", "[3]\n")
    write(folder, "wrong.metta", "!(+ 1 2)\n")
    write(folder, "wrong.expected", "[4]\n")
    report = tmp_path / "bench.json"
    status, out, _ = run(
        capsys,
        "bench",
        "programs",
        "--dir",
        str(folder),
        "--tiers",
        "0",
        "--repeat",
        "2",
        "--json",
        str(report),
    )
    assert status == 1  # a wrong answer fails the run
    data = json.loads(report.read_text())
    assert data["machine"]["cores"]
    recs = {r["program"]: r for r in data["records"]}
    assert recs["right"]["status"] == "ok" and len(recs["right"]["times_s"]) == 2
    assert recs["wrong"]["status"] == "wrong" and recs["wrong"]["median_s"] is None
    assert "right" in out and "wrong" in out
    assert data["bytecode"] == "cached, warm-up run first" and "bytecode: cached" in out


def test_bench_children_may_cache_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mettajit.cli.bench import bytecode_env

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = bytecode_env(tmp_path / "pyc")
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PYTHONPYCACHEPREFIX"] == str(
        tmp_path / "pyc")
    assert env["PATH"] == os.environ["PATH"]


def test_bench_seed_calls_the_runner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, bool]] = []
    fake = types.ModuleType("mettajit.runner.seed_bench")
    fake.run_seed_bench = lambda path, quick: calls.append((path, quick))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mettajit.runner.seed_bench", fake)
    report = tmp_path / "seed.json"
    assert run(capsys, "bench", "seed", "--quick", "--json", str(report))[0] == 0
    assert calls == [(str(report), True)]


def test_bench_seed_missing_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mettajit.runner.seed_bench", None)
    status, out, err = run(capsys, "bench", "seed")
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1 and "not available" in err


def test_bench_without_programs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "bench", "programs", "--dir", str(tmp_path / "none"))
    assert status == cli.EXIT_NOINPUT and len(err.splitlines()) == 1
    status, _, err = run(capsys, "bench", "programs", "--dir", str(tmp_path))
    assert status == cli.EXIT_NOINPUT and len(err.splitlines()) == 1
