"""Native code cached as shared objects keyed by the lowering's inputs (jit.unitkey,
jit.sharedobj, the engine's warm path): a second run lowers nothing and imports no
llvmlite; a changed rule is a new key; a damaged entry is a miss; without a linker the
modules are MCJIT's as before; the corpus runs from a warm cache with every hit checked
against a fresh lowering."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mettajit.atoms.core import Expression, Grounded, Symbol, Variable, num
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.jit import engine, sharedobj, unitkey
from support import check_golden, golden_files

CORPUS = Path(__file__).parent.parent / "conformance" / "corpus"
FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n!(fib 18)\n"

pytestmark = pytest.mark.skipif(
    sharedobj.linker() is None or sharedobj.MACHINE is None or engine.shared_cache(
        engine.Settings(jit_cache=True, jit_cache_dir="/tmp")) is None,
    reason="no C compiler to link shared objects, or not an x86-64 Linux")


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mettajit", "run", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def _counter(stats: str, name: str) -> int:
    found = re.search(rf"^{re.escape(name)}\s+(\d+)$", stats, re.M)
    return int(found[1]) if found else 0


_PROBE = """
import sys
from mettajit.config import Settings
from mettajit.runner import MeTTa
m = MeTTa(settings=Settings(tier="2", jit_cache=True, jit_cache_dir=sys.argv[1]))
print(m.run(open(sys.argv[2]).read()))
stats = m.stats.counters
print(stats["jit.cache.hits"], stats["jit.cache.misses"])
print(sorted(k for k in sys.modules if k.startswith("llvmlite") and k != "llvmlite._version"))
print("mettajit.jit.lower" in sys.modules, "mettajit.jit.helpers" in sys.modules)
"""


def test_second_run_lowers_nothing_and_imports_no_llvmlite(tmp_path: Path) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text(FIB)
    probe = [sys.executable, "-c", _PROBE, str(tmp_path / "cache"), str(prog)]
    first = subprocess.run(probe, capture_output=True, text=True, timeout=300)
    second = subprocess.run(probe, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    one, two = first.stdout.splitlines(), second.stdout.splitlines()
    assert one[0] == two[0] == "[[2584]]"
    assert one[1] == "0 2"  # the runtime module and fib's unit: compiled, linked, stored
    assert "'llvmlite.binding'" in one[2]
    assert two[1] == "2 0"  # both loaded
    assert two[2] == "['llvmlite']", two[2]  # the package (its version), nothing of LLVM
    assert two[3] == "False False"  # no lowering, no IR of the helper table


def test_a_changed_rule_is_a_new_key(tmp_path: Path) -> None:
    prog = tmp_path / "f.metta"
    args = ["--tier", "2", "--stats", "--jit-cache-dir", str(tmp_path / "c"), str(prog)]
    prog.write_text("(= (f $x) (+ $x 1))\n(= (g $n) (if (< $n 1) 0 (+ (f $n) (g (- $n 1)))))\n"
                    "!(g 100)\n")
    first, again = _run(args), _run(args)
    assert first.stdout == again.stdout == "[5150]\n", first.stderr
    assert _counter(again.stderr, "jit.cache.hits") == 2
    prog.write_text("(= (f $x) (* $x 3))\n(= (g $n) (if (< $n 1) 0 (+ (f $n) (g (- $n 1)))))\n"
                    "!(g 100)\n")
    changed = _run(args)
    assert changed.stdout == "[15150]\n", changed.stderr  # not the old code
    assert _counter(changed.stderr, "jit.cache.hits") == 1  # the runtime module only
    assert _counter(changed.stderr, "jit.cache.misses") == 1


def _unit_entries(cache: Path) -> list[Path]:
    out = []
    for meta in cache.rglob("*.json"):
        if json.loads(meta.read_text())["kind"] == "unit":
            out.append(meta.with_suffix(".so"))
    return out


@pytest.mark.parametrize("damage", ["truncate", "garbage", "meta"])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: str) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text(FIB)
    cache = tmp_path / "c"
    args = ["--tier", "2", "--stats", "--jit-cache-dir", str(cache), str(prog)]
    assert _run(args).stdout == "[2584]\n"
    (so,) = _unit_entries(cache)
    data = so.read_bytes()
    if damage == "truncate":
        so.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        so.write_bytes(data[:64] + bytes(len(data) - 64))
    else:
        so.with_suffix(".json").write_text("{not json")
    hurt = _run(args)
    assert hurt.returncode == 0 and hurt.stdout == "[2584]\n", hurt.stderr
    assert _counter(hurt.stderr, "jit.cache.misses") == 1  # compiled again (and stored)
    healed = _run(args)
    assert healed.stdout == "[2584]\n" and _counter(healed.stderr, "jit.cache.hits") == 2


def test_without_a_linker_modules_are_mcjits(tmp_path: Path) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text(FIB)
    cache = tmp_path / "c"
    args = ["--tier", "2", "--stats", "--jit-cache-dir", str(cache), str(prog)]
    first, second = _run(args, METTAJIT_CC=""), _run(args, METTAJIT_CC="/no/such/cc")
    assert first.stdout == second.stdout == "[2584]\n", first.stderr + second.stderr
    assert not list(cache.rglob("*.so"))
    assert len(list(cache.rglob("*.o"))) == 2  # the IR-keyed object code, as before
    assert _counter(second.stderr, "jit.cache.hits") == 2
    assert re.search(r"^jit\.fixed\.import\s", second.stderr, re.M)  # llvmlite, as before


def _chunk(const: int, name: str = "k") -> Chunk:
    c = Chunk(name=name, arity=1, n_locals=1, max_stack=2)
    c.emit(O.LOAD_LOCAL, 0)
    c.emit(O.PUSH_CONSTANT, c.add_constant(num(const)))
    c.emit(O.ADD)
    c.emit(O.RETURN)
    return c


def test_unit_keys_are_exact() -> None:
    key = unitkey.unit_key(_chunk(7), {}, False, "salt")
    assert unitkey.unit_key(_chunk(7), {}, False, "salt") == key  # another object, same inputs
    assert unitkey.unit_key(_chunk(8), {}, False, "salt") != key
    assert unitkey.unit_key(_chunk(7, "j"), {}, False, "salt") != key
    assert unitkey.unit_key(_chunk(7), {}, True, "salt") != key
    assert unitkey.unit_key(_chunk(7), {}, False, "other") != key
    # two variables of one name are two variables; one used twice is one
    x1, x2 = Variable("x"), Variable("x")
    enc = unitkey._token
    assert enc(Expression((Symbol("f"), x1, x2))) != enc(Expression((Symbol("f"), x1, x1)))
    assert enc(num(1)) != enc(num(1.0)) != enc(Grounded(True, Symbol("Bool")))
    with pytest.raises(unitkey.Uncacheable):
        enc(Grounded(object(), Symbol("X")))


@pytest.mark.parametrize("tier", ["2", "auto"])
def test_corpus_from_a_warm_cache(tmp_path: Path, tier: str) -> None:
    """Every corpus file twice with one cache: the second run's hits are lowered again and
    their IR compared with the stored one (``jit_cache_verify``): none is stale."""
    before = dict(engine.VERIFIED)
    opts = {"jit_cache": True, "jit_cache_dir": str(tmp_path)}
    for path in golden_files(CORPUS):
        check_golden(path, tier, **opts)
    for path in golden_files(CORPUS):
        check_golden(path, tier, jit_cache_verify=True, **opts)
    assert engine.VERIFIED["stale"] == before["stale"]
    if tier == "2":  # (under auto the corpus's small programs stay in tiers 0 and 1)
        assert engine.VERIFIED["verified"] > before["verified"]


def test_one_entry_loaded_twice_has_globals_of_its_own(tmp_path: Path) -> None:
    """Two engines of one process load one cached unit: ``dlopen`` of one path would give
    one object (shared counters, one ``dlclose`` freeing both), so the second loads a copy;
    freeing one leaves the other's code alive."""
    from mettajit.config import Settings
    from mettajit.runner.tier2 import Tier2

    settings = Settings(jit_cache=True, jit_cache_dir=str(tmp_path))
    first, second = Tier2(settings), Tier2(settings)
    a = first.compile(_chunk(7, "twice"))
    b = second.compile(_chunk(7, "twice"))
    assert a is not None and b is not None
    assert second.stats.counters["jit.cache.hits"] >= 1  # the unit, from the first's entry
    assert a.run([num(1)]) == num(8) and b.run([num(2)]) == num(9) and b.run([num(3)]) == num(10)
    assert (a.code.entries, b.code.entries) == (1, 2)  # counters of their own
    so_a, so_b = a.code.module.so, b.code.module.so  # type: ignore[union-attr]
    assert so_a is not None and so_b is not None and so_a.path != so_b.path  # a copy
    first.release_chunks([a.chunk])
    assert a.code.freed and a.run([num(1)]) is engine.runtime.BAILOUT  # rt_dead_entry
    assert b.run([num(4)]) == num(11)  # still loaded
