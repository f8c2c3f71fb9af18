"""import! as in hyperon's f1_imports: a module loads once into its own space (its
``&self``), its atoms are added to the importing space once, and ``get-atoms`` gives
atoms with fresh variables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import DEFAULT_TIER, run

Run = Callable[[str], list[str]]


def _run_in(tmp_path: Path, text: str) -> list[str]:
    return run(DEFAULT_TIER, text, base=tmp_path).lines()


def test_modules_import_their_dependencies_once(tmp_path: Path) -> None:
    (tmp_path / "modC.metta").write_text("(= (g $x) (+ $x 100))\n")
    (tmp_path / "modA.metta").write_text("!(import! &self modC)\n(= (dup $x) (g $x))\n")
    (tmp_path / "modB.metta").write_text("!(import! &self modC)\n(= (dup $x) (+ $x 10))\n")
    out = _run_in(tmp_path, """
    !(import! &m modA)
    !(match &m (= (dup $x) $y) $y)
    !(import! &self modA)
    !(import! &self modB)
    !(import! &self modB)
    !(g 2)
    !(dup 2)
    """)
    assert out[1].startswith("[(g $x")
    assert out[5] == "[102]"
    assert sorted(out[6][1:-1].split(", ")) == ["102", "12"]


def test_get_atoms_renames_variables(run: Run) -> None:
    prog = """
    !(bind! &m (new-space))
    !(add-atom &m (= (h $x) (+ $x 1)))
    !(let $x (get-atoms &m) ok)
    """
    assert run(prog)[2] == "[ok]"
