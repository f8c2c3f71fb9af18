"""Fixtures of the tier-2 tests: one shared engine (compiling is milliseconds, engines are
not free) and a builder of small chunks from (opcode, operands...) tuples; the counts of
the differential fuzz, printed at the end of the session (how many expressions and inputs
every tier agreed on: a disagreement fails its test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import support
from mettajit.bytecode.chunk import Chunk
from mettajit.runner.tier2 import Tier2

ChunkMaker = Callable[..., Chunk]

# what the differential fuzz tests ran (they add to it); see ``pytest_terminal_summary``
FUZZ: dict[str, int] = {"expressions": 0, "inputs": 0, "native": 0, "bailouts": 0,
                        "function_units": 0, "function_queries": 0}


@pytest.fixture(scope="session")
def fuzz_counts() -> dict[str, int]:
    return FUZZ


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ["expressions"] or FUZZ["function_units"]:
        terminalreporter.write_line(
            "differential fuzz (tiers 0/1/2): {expressions} expressions on {inputs} inputs "
            "(tier 2 answered {native}, bailed out to tier 1 {bailouts} times); "
            "{function_units} function units on {function_queries} queries".format(**FUZZ))


@pytest.fixture(scope="session")
def tier2() -> Tier2:
    return Tier2()


@pytest.fixture(scope="session")
def make_chunk() -> ChunkMaker:
    def make(arity: int, *instrs: tuple[int, ...], name: str = "t") -> Chunk:
        return support.asm(*instrs, arity=arity, name=name)

    return make
