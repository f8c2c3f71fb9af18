"""Python from MeTTa and modules, against hyperon 0.2.10, on every tier.

Each ``programs/*.metta`` is run as ``mettajit run`` runs it and its result lines compared
with ``NAME.expected``, which is hyperon's output (``metta-py NAME.metta``) copied as it is.
``py_extension.metta`` imports Python extensions of our own beside it (``pyext_demo.py``,
the package ``pyext_pkg``, ``extdir/inner/nested_ext.py``), written with ``mettajit.ext``'s
decorators (hyperon's, when the oracle runs them), and uses them with ``py-atom``/``py-dot``.
The reference stops a program at the first query whose result holds an Error, so a
program's error query, if any, is its last; the errors whose text names a Python traceback
or a space's address are checked in ``test_errors.py`` instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mettajit.cli.compare import run_golden
from mettajit.config import Settings

PROGRAMS = Path(__file__).parent / "programs"
FILES = sorted(PROGRAMS.glob("*.metta"))
TIERS = ("0", "1", "2", "auto")


def test_programs_exist() -> None:
    assert {f.stem for f in FILES} >= {"py_ops", "modules", "builtin_modules", "py_extension"}
    for f in FILES:
        assert f.with_suffix(".expected").exists(), f


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_program(path: Path, tier: str, settings: Settings) -> None:
    _, problems = run_golden(path, settings.with_(tier=tier))
    assert not problems, f"{path.name} on tier {tier}:\n" + "\n".join(problems)
