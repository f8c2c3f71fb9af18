"""The sandbox (``Settings(sandbox=True)``, ``--sandbox``): every host access refused with an
Error value naming the operation, on every tier; reads inside the program's folder allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mettajit.grounded.host import Host
from support import TIERS, run, runner

# how hyperon prints the program's space: a query's &self is replaced as it is read
TOP = "ModuleSpace(GroundingSpace-top)"


def run_file(path: Path, tier: str, sandbox: bool = True) -> list[str]:
    """The lines ``mettajit run [--sandbox] PATH`` prints."""
    return run(tier, file=path, sandbox=sandbox).out.splitlines()


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """``prog/`` holds the program and a module it may read; ``outside/`` one it may not."""
    prog, outside = tmp_path / "prog", tmp_path / "outside"
    prog.mkdir()
    outside.mkdir()
    (prog / "lib.metta").write_text("(= (lib) 42)\n")
    (prog / "sub").mkdir()
    (prog / "sub" / "deep.metta").write_text("(= (deep) 7)\n")
    (outside / "secret.metta").write_text("(= (secret) 1)\n")
    return prog, outside


@pytest.mark.parametrize("tier", TIERS)
def test_reads_inside_the_programs_folder_work(layout: tuple[Path, Path], tier: str) -> None:
    prog, _ = layout
    p = prog / "p.metta"
    p.write_text("!(import! &self lib)\n!(lib)\n!(include sub/deep)\n!(deep)\n")
    # include gives the results of the included file's last query (none here), as hyperon
    assert run_file(p, tier) == ["[()]", "[42]", "[]", "[7]"]


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("call", ["import! &self", "import! &m", "include"])
def test_reads_outside_the_programs_folder_are_refused(
    layout: tuple[Path, Path], tier: str, call: str
) -> None:
    prog, outside = layout
    secret = outside / "secret.metta"
    p = prog / "p.metta"
    p.write_text(f'!({call} "{secret}")\n!({call} ../outside/secret)\n!(secret)\n!(+ 1 2)\n')
    op = call.split()[0]
    shown = call.replace("&self", TOP)  # replaced as the query is read
    assert run_file(p, tier) == [
        f'[(Error ({shown} "{secret}") (SandboxRefused {op} "read {secret}"))]',
        f'[(Error ({shown} ../outside/secret) (SandboxRefused {op} "read {outside}/secret"))]',
        "[(secret)]",  # nothing was loaded
        "[3]",  # and the program goes on
    ]
    read = "[]" if op == "include" else "[()]"  # include: the file's last query's results
    assert run_file(p, tier, sandbox=False)[0] == read  # without the sandbox: read


def test_a_symbolic_link_out_of_the_folder_is_refused(layout: tuple[Path, Path]) -> None:
    prog, outside = layout
    os.symlink(outside / "secret.metta", prog / "link.metta")
    p = prog / "p.metta"
    p.write_text("!(import! &self link)\n")
    assert run_file(p, "0") == [
        f'[(Error (import! {TOP} link) (SandboxRefused import! "read {prog}/link.metta"))]'
    ]


def test_a_module_inside_may_not_read_outside_either(layout: tuple[Path, Path]) -> None:
    prog, outside = layout
    (prog / "bad.metta").write_text(f'!(import! &self "{outside}/secret.metta")\n(= (bad) 1)\n')
    p = prog / "p.metta"
    p.write_text("!(import! &self bad)\n!(bad)\n!(secret)\n")
    assert run_file(p, "0")[1:] == ["[1]", "[(secret)]"]


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("kind", [Host.WRITE, Host.PYTHON, Host.ENV, Host.PROCESS])
def test_each_declared_host_access_is_refused(tmp_path: Path, tier: str, kind: Host) -> None:
    """An operation declaring any other kind of host access is refused before it runs."""
    ran: list[int] = []
    p = tmp_path / "p.metta"
    p.write_text("!(touch 1)\n!(+ 1 2)\n")
    m = runner(tier, sandbox=True)
    m.register_operation("touch", lambda x: ran.append(x) or x, host=kind)
    assert run(m, file=p).out.splitlines() == [
        f'[(Error (touch 1) (SandboxRefused touch "{kind.value}"))]', "[3]"]
    assert ran == []
    free = runner(tier)
    free.register_operation("touch", lambda x: ran.append(x) or x, host=kind)
    assert run(free, "!(touch 1)").lines() == ["[1]"]
    assert ran == [1]


def test_every_registered_host_operation_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever operations declare host access (Python interop, file output... as they are
    added), calling each under the sandbox gives its refusal, not its effect."""
    monkeypatch.chdir(tmp_path)
    m = runner("0", sandbox=True)
    declared = [op for op in m.interp.registry if op.host is not None]
    assert {op.name for op in declared} >= {"import!", "include"}
    for op in declared:
        if op.host is Host.READ:
            continue  # refused per path, above
        args = " ".join(["\"x\""] * (op.arity or 1))
        [line] = run(m, f"!({op.name} {args})").lines()
        assert line.startswith("[(Error ") and f"(SandboxRefused {op.name} " in line, op.name


# -- the host operations the runtime has -------------------------------------------------

@pytest.mark.parametrize("tier", TIERS)
def test_python_interop_is_refused(tmp_path: Path, tier: str) -> None:
    """py-atom and friends (the environment too is only reachable through Python)."""
    p = tmp_path / "p.metta"
    p.write_text("!(py-atom os.getcwd)\n!((py-atom os.getenv) \"HOME\")\n!(py-list (1 2))\n")
    assert run_file(p, tier) == [
        '[(Error (py-atom os.getcwd) (SandboxRefused py-atom "python"))]',
        '[(Error (py-atom os.getenv) (SandboxRefused py-atom "python"))]',
        '[(Error (py-list (1 2)) (SandboxRefused py-list "python"))]',
    ]
    assert run_file(p, tier, sandbox=False)[0].startswith("[")
    assert "Error" not in run_file(p, tier, sandbox=False)[0]


@pytest.mark.parametrize("tier", TIERS)
def test_a_python_extension_is_refused_even_inside_the_folder(tmp_path: Path, tier: str) -> None:
    (tmp_path / "ext.py").write_text("ran = True\n")
    p = tmp_path / "p.metta"
    p.write_text("!(import! &self ext)\n!(+ 1 2)\n")
    assert run_file(p, tier) == [
        f'[(Error (import! {TOP} ext) (SandboxRefused import! "python"))]', "[3]"]


@pytest.mark.parametrize("tier", TIERS)
def test_output_files_are_refused_and_reading_inside_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tier: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.txt").write_text("hello")
    p = tmp_path / "p.metta"
    p.write_text('!(import! &self fileio)\n!(file-open! "out.txt" "w")\n'
                 '!(file-read-to-string! (file-open! "in.txt" "r"))\n')
    out = tmp_path / "out.txt"
    assert run_file(p, tier) == [
        "[()]",
        f'[(Error (file-open! "out.txt" "w") (SandboxRefused file-open! "write {out}"))]',
        '["hello"]',
    ]
    assert not out.exists()


@pytest.mark.parametrize("call", ["load-ascii &self", "register-module!", "mod-space!"])
def test_other_file_reads_outside_are_refused(layout: tuple[Path, Path], call: str) -> None:
    prog, outside = layout
    p = prog / "p.metta"
    p.write_text(f'!({call} "{outside}/secret.metta")\n')
    [line] = run_file(p, "0")
    op = call.split()[0]
    assert line.startswith(f"[(Error ({op} ")
    assert line.endswith(f'(SandboxRefused {op} "read {outside}/secret.metta"))]'), line


def test_git_module_is_refused() -> None:
    [line] = run("0", '!(git-module! "https://example.org/x.git")', sandbox=True).lines()
    assert line == ('[(Error (git-module! "https://example.org/x.git") '
                                 '(SandboxRefused git-module! "process"))]')
