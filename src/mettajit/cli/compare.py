"""Comparing a program's result lines with golden ones, as ``shared/tools/metta_conform.py`` does.

This module owns the one comparison that the conformance tests and ``mettajit bench`` use:
only lines starting with ``[`` count; within one line the results are a multiset, after
variables are renamed by order of first appearance (``$x#53`` and ``$x`` both become
``$_1``); a query preceded by a comment holding ``@unordered`` also compares the elements of
each result expression as a multiset.

One deliberate difference from metta_conform.py: when counting queries for ``@unordered``,
a ``!`` counts only where the reader sees a query (standing alone before whitespace or ``(``),
so ``!"abc"`` or a symbol such as ``stop!`` at top level does not shift the marks.
``tests/conformance/test_compare.py`` checks both agree on the whole corpus.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mettajit.runner.metta import MeTTa

if TYPE_CHECKING:
    from mettajit.config import Settings

_VAR = re.compile(r"\$[^\s()\"]+")


def _split_top(body: str, is_sep: str) -> list[str]:
    """Split at separators (``,`` or whitespace) outside parentheses and strings."""
    items: list[str] = []
    depth, start, i, in_str = 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0 and (c == "," if is_sep == "," else c.isspace()):
            if is_sep == "," or body[start:i].strip():
                items.append(body[start:i].strip())
            start = i + 1
        i += 1
    tail = body[start:].strip()
    if tail or (is_sep == "," and items):
        items.append(tail)
    return items


def split_results(line: str) -> list[str]:
    """Split ``[a, (b c), "d, e"]`` into its top-level items."""
    body = line.strip()
    if not (body.startswith("[") and body.endswith("]")):
        return [body]
    return _split_top(body[1:-1], ",")


def split_expression(atom: str) -> list[str]:
    """Top-level elements of ``(a (b c) "d")``; a non-expression is its own single element."""
    atom = atom.strip()
    if not (atom.startswith("(") and atom.endswith(")")):
        return [atom]
    return _split_top(atom[1:-1], " ")


def normalize(atom: str) -> str:
    """Whitespace collapsed and variables renamed ``$_1, $_2, ...`` by first appearance."""
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        key = m.group(0)
        if key not in names:
            names[key] = f"$_{len(names) + 1}"
        return names[key]

    return _VAR.sub(rename, " ".join(atom.split()))


def canon(line: str, unordered: bool = False) -> list[str]:
    """The comparable form of one result line."""
    items = split_results(line)
    if unordered:
        items = [
            "(" + ", ".join(sorted(normalize(e) for e in split_expression(a))) + ")" for a in items
        ]
    return sorted(normalize(a) for a in items)


def unordered_queries(source: str) -> list[bool]:
    """For each top-level ``!`` query of a source, whether an ``@unordered`` comment precedes it."""
    marks: list[bool] = []
    depth, i, in_str, pending = 0, 0, False, False
    n = len(source)
    while i < n:
        c = source[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == ";":
            end = source.find("\n", i)
            end = n if end < 0 else end
            pending = pending or "@unordered" in source[i:end]
            i = end
            continue
        elif c == '"':
            in_str = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "!" and depth == 0 and _standalone_bang(source, i):
            marks.append(pending)
            pending = False
        i += 1
    return marks


def _standalone_bang(source: str, i: int) -> bool:
    before = source[i - 1] if i > 0 else " "
    after = source[i + 1] if i + 1 < len(source) else " "
    # the reader starts an item after whitespace, `)` or a closing `"`; `!` is a query mark
    # only when whitespace, `(` or a comment follows it
    return (before.isspace() or before in ')"') and (after.isspace() or after in "(;")


def result_lines(text: str) -> list[str]:
    """The lines of an output that are query results."""
    return [line for line in text.splitlines() if line.startswith("[")]


def differences(got: list[str], want: list[str], marks: list[bool]) -> list[str]:
    """One message per query whose results differ (missing and extra lines included)."""
    problems = []
    for n in range(max(len(got), len(want))):
        g = got[n] if n < len(got) else "<missing>"
        w = want[n] if n < len(want) else "<none expected>"
        unordered = n < len(marks) and marks[n]
        if g == "<missing>" or w == "<none expected>" or canon(g, unordered) != canon(w, unordered):
            problems.append(
                f"query {n + 1}: expected {w}\n{' ' * len(str(n + 1))}       got      {g}"
            )
    return problems


def same_results(got: list[str], want: list[str], marks: list[bool]) -> bool:
    """True when every query's results agree."""
    return not differences(got, want, marks)


def run_golden(path: Path, settings: Settings) -> tuple[str, list[str]]:
    """Run the program ``path`` in process, as ``mettajit run`` does, and compare its result
    lines with ``NAME.expected`` beside it: (everything it printed, the differences). The
    golden corpus, the oracle probes and the other golden programs of the tests use it."""

    out = io.StringIO()
    MeTTa(settings=settings, out=out).run_file(str(path))
    printed = out.getvalue()
    want = result_lines(path.with_suffix(".expected").read_text())
    return printed, differences(result_lines(printed), want, unordered_queries(path.read_text()))
