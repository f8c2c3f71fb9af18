"""Errors of Python calls and modules, and what cannot be a golden program: outputs that
name a Python traceback or a space's address (hyperon prints
``(Error (py-atom nothere) Exception caught:\\nRuntimeError: Failed to find "nothere"...``;
we give the exception's type and message, without the traceback), on every tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from mettajit.grounded.host import Sandbox
from support import TIERS, run, runner

# how hyperon prints the program's space: a query's &self is replaced as it is read
TOP = "ModuleSpace(GroundingSpace-top)"


@pytest.mark.parametrize("tier", TIERS)
def test_python_errors_are_error_values(tier: str) -> None:
    got = run(tier, """
        !(py-atom nothere.atall)
        !((py-atom math.sqrt) -1)
        !((py-atom math.sqrt) "x")
        !(py-dict ((a "b" c)))
        !(py-atom)
        !((py-dot (py-atom math) pow False) 5 3)
    """).lines()
    assert got == [
        '[(Error (py-atom nothere.atall) "RuntimeError: Failed to find \\"nothere.atall\\"")]',
        '[(Error (math.sqrt -1) "ValueError: math domain error")]',
        '[(Error (math.sqrt "x") "TypeError: must be real number, not str")]',
        '[(Error (py-dict ((a "b" c))) "Exception: Syntax error in tuple_to_keyvalue")]',
        "[(Error (py-atom) \"TypeError: get_py_atom() missing 1 required positional argument:"
        " 'path'\")]",
        '[(Error (pow 5 3) "TypeError: must be real number, not Grounded")]',
    ]


@pytest.mark.parametrize("tier", TIERS)
def test_module_errors(tier: str, tmp_path: Path) -> None:
    (tmp_path / "bad.metta").write_text("(a\n")
    got = run(tier, """
        !(import! &self nothere)
        !(import! &self top:nothere:deeper)
        !(mod-space! nothere)
        !(include nothere)
        !(git-module! "https://github.com/trueagi-io/metta-examples")
        !(register-module! /nonexistent/folder)
    """, base=tmp_path).lines()
    assert got == [
        f"[(Error (import! {TOP} nothere) Failed to resolve module top:nothere)]",
        f"[(Error (import! {TOP} top:nothere:deeper) Failed to resolve module"
        " top:nothere:deeper)]",
        "[(Error (mod-space! nothere) Failed to resolve module top:nothere)]",
        "[(Error (include nothere) Failed to resolve module top:nothere)]",
        '[(Error (git-module! "https://github.com/trueagi-io/metta-examples") "git-module! is'
        " not supported: mettajit fetches nothing over the network; clone the repository and"
        ' use register-module! or import! on its folder")]',
        "[(Error (register-module! /nonexistent/folder) Failed to load module at path"
        " /nonexistent/folder)]",
    ]


def test_print_mods_shows_the_module_tree(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.metta").write_text("(x 1)\n")
    got = run("0", "!(import! &self sub:inner)\n!(import! &self random)\n!(print-mods!)",
              base=tmp_path)
    assert got == [["()"], ["()"], ["()"]]
    lines = got.out.splitlines()
    assert lines[0].startswith("top = ")
    assert [ln.split(" = ")[0] for ln in lines[1:]] == [" ├─sub", " │  └─inner", " └─random"]


def test_load_ascii_adds_atoms_without_running(tmp_path: Path) -> None:
    (tmp_path / "facts.txt").write_text("(fact 1)\n(= (g) 2)\n")
    got = run("0", "!(load-ascii &self facts.txt)\n!(match &self (fact $x) $x)\n!(g)\n"
              "!(load-ascii &self nofile)", base=tmp_path).lines()
    assert got[:3] == ["[()]", "[1]", "[2]"]
    assert got[3].startswith(f"[(Error (load-ascii {TOP}")
    assert got[3].endswith(' nofile) "RuntimeError: load_ascii: file not found")]')


def test_module_tokens_come_with_the_import() -> None:
    # before the import the names are plain symbols; a module's bind! is its own
    got = run("0", "!(random-int &rng 0 1)\n!(import! &self random)\n!(random-int &rng 0 1)")
    assert got == [["(random-int &rng 0 1)"], ["()"], ["0"]]


_EXT = '''
from mettajit.atoms import OperationAtom, ValueAtom
from mettajit.ext import register_atoms, register_tokens

state = {}

@register_atoms
def atoms():
    return {"set-global!": OperationAtom("set-global!", lambda v: state.update(v=v)),
            "get-global": OperationAtom("get-global", lambda: state["v"])}

@register_tokens(pass_metta=True)
def runner_token(metta):
    return {"&runner": lambda _: ValueAtom(metta)}
'''


def test_an_extension_keeps_its_state_and_gets_the_runner(tmp_path: Path) -> None:
    (tmp_path / "stateful_ext.py").write_text(_EXT)
    got = run("0", "!(import! &self stateful_ext)\n!(set-global! 42)\n!(get-global)",
              base=tmp_path)
    assert got == [["()"], ["()"], ["42"]]
    m = got.metta
    import sys

    assert sys.modules["stateful_ext"].state == {"v": 42}  # the module Python sees
    (runner,) = m.run("! &runner")[0]
    assert runner.value is m or getattr(runner.value, "content", None) is m  # type: ignore[attr-defined]


@pytest.mark.parametrize("body", [
    "from mettajit.ext import register_tokens\n@register_tokens()\ndef f():\n"
    "    raise Exception('This MeTTa module intentionally fails to load')\n",
    "this is not Python\n",
])
def test_an_extension_that_fails_is_an_error(tmp_path: Path, body: str) -> None:
    (tmp_path / "failing_ext.py").write_text(body)
    got = run("0", "!(import! &self failing_ext)", base=tmp_path).lines()
    assert got[0].startswith(f"[(Error (import! {TOP} failing_ext) ")


def test_a_sandbox_refuses_python_extensions(tmp_path: Path) -> None:
    (tmp_path / "stateful_ext.py").write_text(_EXT)
    m = runner("0", sandbox=True)
    m.interp.sandbox = Sandbox.at(str(tmp_path))
    got = run(m, "!(import! &self stateful_ext)\n!(py-atom math)", base=tmp_path)[1]
    [first] = run(m, "!(import! &self stateful_ext)")
    assert first == [f'(Error (import! {TOP} stateful_ext) (SandboxRefused import! "python"))']
    assert got == ['(Error (py-atom math) (SandboxRefused py-atom "python"))']
