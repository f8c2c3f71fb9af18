"""The command-line habits hyperon and PeTTa users bring: ``mettajit FILE``, ``run -``,
``--traceback`` anywhere, a REPL history of whole entries, and ``bench programs`` from a wheel.
"""

from __future__ import annotations

import fnmatch
import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import mettajit
from mettajit.cli import bench
from mettajit.cli import main as cli
from mettajit.cli.repl import Session, interact, make_prompt
from support import DEFAULT_TIER, runner
from support import cli as run  # mettajit ARGV in process: (status, out, err)

REPO = Path(__file__).resolve().parents[2]
PROGRAM = "(= (f $x) (* $x 2))\n!(f 21)\n!(superpose (1 2))\n"


@pytest.fixture
def prog(tmp_path: Path) -> Path:
    p = tmp_path / "p.metta"
    p.write_text(PROGRAM)
    return p


# -- mettajit FILE -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["{f}"],
        ["{f}", "--tier", "1"],
        ["--tier", "0", "{f}"],
        ["--tier=2", "{f}"],
        ["--traceback", "{f}"],
        ["run", "{f}"],
    ],
    ids=" ".join,
)
def test_file_alone_runs_it(
    argv: list[str], prog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = [str(prog) if a == "{f}" else a for a in argv]
    assert run(capsys, *line) == (0, "[42]\n[1, 2]\n", "")


def test_file_alone_missing_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(tmp_path / "nope.metta"))
    assert (status, out) == (cli.EXIT_NOINPUT, "")
    assert err == f"mettajit: {tmp_path / 'nope.metta'}: no such file\n"


def test_commands_and_unknown_options_are_not_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.implicit_run(["repl"]) == ["repl"]
    assert cli.implicit_run(["bench", "programs"]) == ["bench", "programs"]
    assert cli.implicit_run(["--version"]) == ["--version"]
    assert cli.implicit_run([]) == []
    assert cli.implicit_run(["--traceback", "x.metta"]) == ["--traceback", "run", "x.metta"]
    with pytest.raises(SystemExit) as info:
        cli.main(["--no-such-flag"])
    assert info.value.code == cli.EXIT_USAGE
    assert "--no-such-flag" in capsys.readouterr().err


# -- run - -------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["run", "-"], ["-"], ["run", "--tier", "0", "-"]])
def test_dash_reads_the_program_from_stdin(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PROGRAM))
    assert run(capsys, *argv) == (0, "[42]\n[1, 2]\n", "")


def test_dash_in_a_real_pipe(tmp_path: Path) -> None:
    def mettajit(*argv: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "mettajit", *argv],
            input=stdin,
            capture_output=True,
            cwd=tmp_path,
            timeout=60,
        )

    proc = mettajit("run", "-", stdin='!(+ 1 2)\n!(println! "héllo")\n'.encode())
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[3]\nhéllo\n[()]\n".encode(), b"")
    proc = mettajit("-", stdin=b"!(+ 1 2)\n(a\n")
    assert proc.returncode == cli.EXIT_SYNTAX and proc.stdout == b""
    assert proc.stderr == b"<stdin>:2:1: unbalanced parenthesis: '(' is never closed\n"
    proc = mettajit("run", "-", stdin=b"!(+ 1 2)\n\xff\n")
    assert proc.returncode == cli.EXIT_NOINPUT and proc.stdout == b""
    assert proc.stderr.startswith(b"mettajit: <stdin>: not UTF-8 text")


# -- --traceback anywhere ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--traceback", "run", "{f}"],
        ["run", "--traceback", "{f}"],
        ["run", "{f}", "--traceback"],
        ["{f}", "--traceback"],
        ["run", "--tier", "0", "{f}", "--traceback", "--stats"],
    ],
    ids=" ".join,
)
def test_traceback_anywhere(
    argv: list[str],
    prog: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mettajit.runner import MeTTa

    def broken(self: object, path: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(MeTTa, "run_file", broken)
    status, _, err = run(capsys, *(str(prog) if a == "{f}" else a for a in argv))
    assert status == cli.EXIT_INTERNAL
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("ValueError: boom")


def test_traceback_on_bench_and_repl_is_accepted() -> None:
    parser = cli.build_parser()
    for argv in (
        ["bench", "programs", "--traceback"],
        ["bench", "--traceback", "seed"],
        ["repl", "--traceback"],
    ):
        assert parser.parse_args(argv).traceback is True
    assert parser.parse_args(["repl"]).traceback is False


# -- REPL history ------------------------------------------------------------------------


def test_repl_history_keeps_multi_line_entries_whole() -> None:
    m, err = runner(DEFAULT_TIER), io.StringIO()
    out = m.out
    history = InMemoryHistory()
    session = Session(m, out, err)
    with create_pipe_input() as keys:
        # Enter inside an open parenthesis starts a new line of the same entry
        keys.send_text("(= (f $x)\r   (+ $x 1))\r!(f\r  1)\r:help\r\x04")
        assert interact(session, make_prompt(history, keys, DummyOutput())) == 0
    assert out.getvalue() == "[2]\n"
    assert "Enter MeTTa atoms" in err.getvalue()
    assert list(history.get_strings()) == ["(= (f $x)\n   (+ $x 1))", "!(f\n  1)", ":help"]
    with create_pipe_input() as keys:
        # Up twice recalls the two-line query as one entry, and Enter runs it again
        keys.send_text("\x1b[A\x1b[A\r\x04")
        assert interact(session, make_prompt(history, keys, DummyOutput())) == 0
    assert out.getvalue() == "[2]\n[2]\n"


# -- bench programs from a wheel, LICENSE ------------------------------------------------


def test_bench_programs_are_package_data() -> None:
    programs = bench.find_programs(None, None)
    assert len(programs) >= 7
    package = Path(mettajit.__file__).resolve().parent
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["mettajit"]
    for metta in programs:
        for path in (metta, metta.with_suffix(".expected")):
            rel = path.relative_to(package).as_posix()  # inside the package, so in the wheel
            assert any(fnmatch.fnmatch(rel, g) for g in globs), f"{rel} is not package data"


def test_license_is_mit_as_pyproject_says() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    text = (REPO / "LICENSE").read_text()
    assert text.startswith("MIT License\n")
    assert "the mettajit authors" in text
