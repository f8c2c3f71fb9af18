"""The README's Python example and the programs in ``examples/`` do what they say."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mettajit.atoms import format_results
from mettajit.cli.compare import differences, result_lines, unordered_queries
from mettajit.config import Settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.metta"))


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


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example(path: Path, tier: str) -> None:
    from mettajit.runner import MeTTa

    out = io.StringIO()
    MeTTa(settings=Settings().with_(tier=tier), out=out).run_file(str(path))
    want = result_lines(path.with_suffix(".expected").read_text())
    problems = differences(result_lines(out.getvalue()), want, unordered_queries(path.read_text()))
    assert not problems, "\n".join(problems)
