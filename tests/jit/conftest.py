"""Fixtures of the tier-2 tests: one shared engine (compiling is milliseconds, engines are
not free) and a builder of small chunks from (opcode, operands...) tuples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode
from mettajit.runner.tier2 import Tier2

ChunkMaker = Callable[..., Chunk]


@pytest.fixture(scope="session")
def tier2() -> Tier2:
    return Tier2()


@pytest.fixture(scope="session")
def make_chunk() -> ChunkMaker:
    def make(arity: int, *instrs: tuple[int, ...], name: str = "t") -> Chunk:
        chunk = Chunk(name=name, arity=arity, n_locals=arity)
        for op, *operands in instrs:
            chunk.emit(Opcode(op), *operands)
        return chunk

    return make
