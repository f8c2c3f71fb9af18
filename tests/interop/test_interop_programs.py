"""Python from MeTTa and modules, against hyperon 0.2.10, on every tier.

Each ``programs/*.metta`` is run as ``mettajit run`` runs it and its result lines compared
with ``NAME.expected``, which is hyperon's output (``metta-py NAME.metta``) copied as it is,
and on tiers 1, 2 and auto with the tree-walker's (``support.check_golden``).
``py_extension.metta`` imports Python extensions of our own beside it (``pyext_demo.py``,
the package ``pyext_pkg``, ``extdir/inner/nested_ext.py``), written with ``mettajit.ext``'s
decorators (hyperon's, when the oracle runs them), and uses them with ``py-atom``/``py-dot``.
The reference stops a program at the first query whose result holds an Error, so a
program's error query, if any, is its last; the errors whose text names a Python traceback
or a space's address are checked in ``test_interop_errors.py`` instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import check_golden, golden_cases, golden_files

PROGRAMS = Path(__file__).parent / "programs"


def test_programs_exist() -> None:
    files = golden_files(PROGRAMS)
    assert {f.stem for f in files} >= {"py_ops", "modules", "builtin_modules", "py_extension"}
    for f in files:
        assert f.with_suffix(".expected").exists(), f


@pytest.mark.parametrize(("path", "tier"), golden_cases(PROGRAMS))
def test_program(path: Path, tier: str) -> None:
    check_golden(path, tier)
