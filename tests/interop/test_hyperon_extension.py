"""An extension written for hyperon (``from hyperon.ext import register_atoms``) loads
unchanged by ``import!`` where hyperon itself is not installed: its imports get ours."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from support import run

EXTENSION = '''
from hyperon.atoms import OperationAtom
from hyperon.ext import register_atoms


@register_atoms
def twice_atoms():
    return {"twice": OperationAtom("twice", lambda x: x * 2, ["Number", "Number"])}
'''

PROGRAM = """
!(import! &self hyperon_written_ext)
!(twice 21)
"""


@pytest.mark.skipif(
    importlib.util.find_spec("hyperon") is not None and "hyperon" not in __import__("sys").modules,
    reason="hyperon itself is installed here: its extension loads with it",
)
@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_an_extension_importing_hyperon_loads(tmp_path: Path, tier: str) -> None:
    (tmp_path / "hyperon_written_ext.py").write_text(EXTENSION)
    prog = tmp_path / "main.metta"
    prog.write_text(PROGRAM)
    assert run(tier, file=prog).out.split() == ["[()]", "[42]"]
