"""``mettajit.cli.compare`` judges as ``shared/tools/metta_conform.py`` does.

Unit cases for the multiset and ``@unordered`` rules, and, when ``../shared`` is here, an
agreement check with the shared tool on every line of the corpus.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from mettajit.cli.compare import (
    canon,
    differences,
    result_lines,
    same_results,
    split_expression,
    split_results,
    unordered_queries,
)
from support import golden_files

HERE = Path(__file__).parent
TOOL = HERE.parents[1].parent / "shared" / "tools" / "metta_conform.py"


def test_split_results() -> None:
    assert split_results('[a, (b c), "d, e"]') == ["a", "(b c)", '"d, e"']
    assert split_results("[]") == []
    assert split_results('["a\\"b, c"]') == ['"a\\"b, c"']


def test_split_expression() -> None:
    assert split_expression('(a (b c)  "d e")') == ["a", "(b c)", '"d e"']
    assert split_expression("x") == ["x"]


def test_results_are_a_multiset() -> None:
    assert same_results(["[1, 2, 2]"], ["[2, 1, 2]"], [])
    assert not same_results(["[1, 2]"], ["[1, 2, 2]"], [])


def test_variables_are_renamed() -> None:
    assert canon("[($x#53 $y#2 $x#53)]") == canon("[($a $b $a)]")
    assert canon("[($x $y)]") != canon("[($x $x)]")


def test_unordered_compares_elements_as_a_multiset() -> None:
    assert not same_results(["[(1 2 3)]"], ["[(3 2 1)]"], [False])
    assert same_results(["[(1 2 3)]"], ["[(3 2 1)]"], [True])


def test_missing_and_extra_lines_are_differences() -> None:
    assert differences(["[1]"], ["[1]", "[2]"], [])
    assert differences(["[1]", "[2]"], ["[1]"], [])


def test_only_result_lines_count() -> None:
    assert result_lines("hello\n[1]\n  [2]\n[3]") == ["[1]", "[3]"]


def test_unordered_marks_follow_queries() -> None:
    src = '; @unordered\n!(a)\n!(b)\n; @unordered here too\n! (c)\n(= (f) "!(")\n'
    assert unordered_queries(src) == [True, False, True]


def test_bang_words_are_not_queries() -> None:
    # the reader reads `!42`, `!"s"` and `stop!` as symbols, not queries
    src = '!42\n!"abc"\nstop!\n; @unordered\n!(q)\n'
    assert unordered_queries(src) == [True]


def _shared_tool() -> ModuleType:
    if not TOOL.exists():
        pytest.skip(f"{TOOL} is not here")
    spec = importlib.util.spec_from_file_location("metta_conform", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", golden_files(HERE / "corpus"), ids=lambda p: p.stem)
def test_agrees_with_the_shared_tool(path: Path) -> None:
    tool = _shared_tool()
    for line in result_lines(path.with_suffix(".expected").read_text()):
        for unordered in (False, True):
            assert canon(line, unordered) == tool.canon(line, unordered), line
    source = path.read_text()
    if '!"' not in source:  # the shared tool counts `!"abc"` (a symbol) as a query
        assert unordered_queries(source) == tool.unordered_queries(source)
