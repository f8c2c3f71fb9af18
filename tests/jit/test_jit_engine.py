"""The engine: dumps, the code cache, statistics, and the native loop used for timing."""

from __future__ import annotations

import re

from mettajit.atoms.core import num
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.config import Settings
from mettajit.jit import values as VL
from mettajit.jit.engine import JitEngine
from mettajit.runner.tier2 import Tier2


def _add5(make_chunk):  # type: ignore[no-untyped-def]
    return make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 5), (O.ADD,), (O.RETURN,),
                      name="add5")


def test_dumps_go_to_stderr(make_chunk, capfd) -> None:  # type: ignore[no-untyped-def]
    engine = JitEngine(Settings(dump_ir=True, dump_opt_ir=True, dump_asm=True))
    assert engine.compile(_add5(make_chunk)) is not None
    out, err = capfd.readouterr()
    assert out == ""
    assert ";; ---- IR " in err and ";; ---- optimised IR " in err and ";; ---- assembly " in err
    # mem2reg removed the stack slots and locals of the unit
    opt = err.split(";; ---- optimised IR")[1].split(";; ---- assembly")[0]
    unit = re.search(r"define [^\n]*@u\d+_add5\(.*?\n}", opt, re.S)
    assert unit is not None and "alloca" not in unit.group(0)


def test_no_dumps_by_default(make_chunk, capfd) -> None:  # type: ignore[no-untyped-def]
    JitEngine(Settings()).compile(_add5(make_chunk))
    assert capfd.readouterr() == ("", "")


def test_cache_by_chunk_identity_and_stats(make_chunk) -> None:  # type: ignore[no-untyped-def]
    tier2 = Tier2()
    chunk = _add5(make_chunk)
    unit = tier2.compile(chunk)
    assert unit is not None and tier2.compile(chunk) is unit
    assert tier2.engine.compile(chunk) is unit.code
    same_code = _add5(make_chunk)  # equal code, another unit: compiled again
    assert tier2.compile(same_code) is not unit
    assert tier2.stats.counters["jit.compiles"] == 2
    assert tier2.stats.seconds["jit.compile"] > 0
    not_compiled = Chunk(name="fork", arity=0)
    not_compiled.emit(O.FAIL)
    assert tier2.compile(not_compiled) is None
    assert tier2.stats.counters["jit.not_compilable"] == 1
    for _ in range(5):
        unit.run([num(1)])
    unit.run([num(1.5)])
    tier2.flush_stats()
    assert tier2.stats.counters["jit.native_entries"] == 6
    assert tier2.stats.counters["jit.deopts.not_small_int"] == 1
    tier2.flush_stats()  # flushing twice counts nothing twice
    assert tier2.stats.counters["jit.native_entries"] == 6
    assert "jit.native_entries" in tier2.stats.report()


def test_native_loop_calls_the_unit(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = tier2.compile(_add5(make_chunk))
    loop = tier2.engine.native_loop(unit.code)
    w = VL.box(num(1))
    result = VL.box(num(6))
    assert loop(1, [w]) == VL.to_signed(result)  # 0 ^ word + status 0
    assert loop(2, [w]) == 0  # word ^ word
    assert loop(0, [w]) == 0


def test_compile_batch_makes_the_units_compile_would(make_chunk) -> None:  # type: ignore[no-untyped-def]
    """Several units in one module: each its own unit (entry, globals, pool), refused
    chunks None wherever they are in the batch, duplicates and cached chunks shared."""
    tier2 = Tier2()
    add5 = _add5(make_chunk)
    cached = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 0), (O.SWAP,),
                                      (O.SUB,), (O.RETURN,)))
    assert cached is not None
    mul = make_chunk(2, (O.LOAD_LOCAL, 0), (O.LOAD_LOCAL, 1), (O.MUL,), (O.RETURN,))
    big = Chunk(name="big", arity=0)
    big.emit(O.PUSH_LONG, big.add_constant(num(10**30)))
    big.emit(O.RETURN)
    refused = make_chunk(0, (O.CALL, 0, 0), (O.RETURN,))  # no calls in expression units
    units = tier2.compile_batch([add5, refused, mul, cached.chunk, big, add5])
    assert units[1] is None and units[0] is units[5] and units[3] is cached
    u_add5, u_mul, u_big = units[0], units[2], units[4]
    assert u_add5 is not None and u_mul is not None and u_big is not None
    assert tier2.compile(add5) is u_add5  # the cache is compile's
    assert u_add5.run([num(1)]) == num(6) and u_mul.run([num(6), num(7)]) == num(42)
    assert u_big.run([]) == num(10**30) and cached.run([num(3)]) == num(-3)
    assert u_add5.code.entries == 1 and u_mul.code.entries == 1  # globals of their own
    assert tier2.stats.counters["jit.not_compilable"] == 1
