"""The README's Python example and the programs in ``examples/`` do what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mettajit.atoms import format_results
from support import check_golden, golden_cases, golden_files

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = golden_files(REPO / "examples")


def test_readme_python_example() -> None:
    text = (REPO / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "README has no python example"
    scope: dict[str, object] = {}
    exec(blocks[0], scope)
    results = scope["results"]
    assert [format_results(r) for r in results] == ["[42]", "[1, 2, 3]"]  # type: ignore[attr-defined]


def test_there_are_examples() -> None:
    assert any(p.name == "fib.metta" for p in EXAMPLES)


@pytest.mark.parametrize(("path", "tier"), golden_cases(REPO / "examples"))
def test_example(path: Path, tier: str) -> None:
    check_golden(path, tier)
