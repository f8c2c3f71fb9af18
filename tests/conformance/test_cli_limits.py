"""Stopping and bounding from the command line: Ctrl-C ends ``run`` with status 130 on every
tier (native loops included) keeping what was printed, the REPL interrupts a query and
keeps the session, and ``--max-steps``, ``--timeout``, ``--max-memory``, ``--sandbox``."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mettajit.cli import main as cli
from mettajit.cli.repl import Session, interact, make_prompt
from support import cli as run  # mettajit ARGV in process: (status, out, err)
from support import interrupt_after, runner

TIERS = ["0", "1", "2", "auto"]

# a query that prints, then one that never ends: a self tail call (on tier 2, a loop in
# machine code), a non-tail recursion of bounded depth (native calls), one that grows
LOOPS = {
    "tail": "(= (loop $n) (loop (+ $n 1)))\n!(+ 1 2)\n!(loop 0)\n",
    "nontail": "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n"
               "!(+ 1 2)\n!(fib 200)\n",
    "growing": "(= (down $n) (+ 1 (down (+ $n 1))))\n!(+ 1 2)\n!(down 0)\n",
}


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("shape", list(LOOPS))
def test_ctrl_c_ends_run_with_130_keeping_the_results(
    tmp_path: Path, tier: str, shape: str
) -> None:
    prog = tmp_path / f"{shape}.metta"
    prog.write_text(LOOPS[shape])
    p = subprocess.Popen([sys.executable, "-m", "mettajit", "run", "--tier", tier, str(prog)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None
    assert p.stdout.readline() == "[3]\n"  # printed before the endless query began
    # well into the loop: at once on tiers 0 and 1, compiled to native code on 2 and auto
    time.sleep(0.2 if tier in ("0", "1") else 0.5)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    stopped = time.monotonic() - t0
    assert (p.returncode, out, err) == (130, "", "")
    assert stopped < 1.0  # ~0.03 s measured; a loaded machine may take longer to schedule


@pytest.mark.parametrize("tier", TIERS)
def test_the_repl_interrupts_the_query_and_keeps_the_session(tier: str) -> None:
    m, err = runner(tier), io.StringIO()
    session = Session(m, m.out, err)
    with create_pipe_input() as keys:
        keys.send_text("(= (loop $n) (loop (+ $n 1)))\r!(loop 0)\r!(+ 1 2)\r\x04")
        with interrupt_after(0.5):  # (Ctrl-C in native code: tests/runner/test_query_limits)
            assert interact(session, make_prompt(InMemoryHistory(), keys, DummyOutput())) == 0
    assert m.out.getvalue() == "[3]\n"  # type: ignore[attr-defined]
    assert "interrupted" in err.getvalue()


ENDLESS = "(= (loop $n) (loop (+ $n 1)))\n!(loop 0)\n!(+ 1 2)\n"


@pytest.mark.parametrize("tier", TIERS)
def test_max_steps_and_timeout_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tier: str
) -> None:
    prog = tmp_path / "p.metta"
    prog.write_text(ENDLESS)
    assert run(capsys, "run", "--tier", tier, "--max-steps", "5000", str(prog)) == (
        0, "[(Error (loop 0) (StepLimit 5000))]\n[3]\n", "")
    assert run(capsys, "run", "--tier", tier, "--timeout", "0.2", str(prog)) == (
        0, "[(Error (loop 0) (TimeLimit 0.2))]\n[3]\n", "")


def test_max_memory_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = tmp_path / "p.metta"
    prog.write_text("(= (grow $n) (+ 1 (grow (+ $n 1))))\n!(grow 0)\n!(+ 1 2)\n")
    assert run(capsys, "run", "--tier", "1", "--max-memory", "30", str(prog)) == (
        0, "[(Error (grow 0) (MemoryLimit 30))]\n[3]\n", "")


def test_sandbox_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lib.metta").write_text("(= (lib) 1)\n")
    prog = tmp_path / "sub" / "p.metta"
    prog.parent.mkdir()
    prog.write_text("!(import! &self ../lib)\n!(lib)\n")
    refused = f'(SandboxRefused import! "read {tmp_path}/lib")'
    assert run(capsys, "run", "--sandbox", str(prog)) == (
        0, f"[(Error (import! ModuleSpace(GroundingSpace-top) ../lib) {refused})]\n[(lib)]\n", "")
    assert run(capsys, "run", str(prog)) == (0, "[()]\n[1]\n", "")


def test_limit_flags_go_to_the_repl_too(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ENDLESS))
    assert run(capsys, "repl", "--max-steps", "100") == (
        0, "[(Error (loop 0) (StepLimit 100))]\n[3]\n", "")


@pytest.mark.parametrize("flag", ["--max-steps=0", "--timeout=-1", "--max-memory=x"])
def test_a_bad_limit_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    prog = tmp_path / "p.metta"
    prog.write_text("!(+ 1 2)\n")
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", flag, str(prog)])
    assert exc.value.code == 2
    assert flag.split("=")[0] in capsys.readouterr().err
