"""Tier 2's object code cache on disk (jit.diskcache, the engine's use of it) and the lazy
loading of LLVM: a second run of the same program loads its units instead of compiling
them, in a folder of the test's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mettajit.atoms.core import num
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.config import Settings
from mettajit.jit import engine
from mettajit.jit.diskcache import ObjectCache, cache_root
from mettajit.runner.tier2 import Tier2

FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n!(fib 18)\n"


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mettajit", "run", *args],
                          capture_output=True, text=True, timeout=300, env=env)


def _counter(stats: str, name: str) -> int:
    found = re.search(rf"^{re.escape(name)}\s+(\d+)$", stats, re.M)
    return int(found[1]) if found else 0


def test_object_cache_round_trip_and_keys(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path, "salt A")
    key = cache.key("define i64 @f() { ret i64 1 }")
    assert cache.get(key) is None
    assert cache.put(key, b"\x7fELF object")
    assert cache.get(key) == b"\x7fELF object"
    assert ObjectCache(tmp_path, "salt A").get(key) == b"\x7fELF object"  # another process
    # another IR, another machine or build (the salt): another key
    assert cache.key("define i64 @f() { ret i64 2 }") != key
    assert ObjectCache(tmp_path, "salt B").key("define i64 @f() { ret i64 1 }") != key
    assert [p.name for p in (tmp_path / "jit").rglob("*")if p.is_file()] == [key[2:] + ".o"]


def test_object_cache_trims_least_recently_used(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path, "s")
    keys = [cache.key(str(i)) for i in range(5)]
    for i, k in enumerate(keys):
        assert cache.put(k, b"x")
        os.utime(cache._path(k), (1000 + i, 1000 + i))
    os.utime(cache._path(keys[0]), (2000, 2000))  # used last
    assert cache.trim(keep=2) == 3
    assert sorted(p.name for p in cache.entries()) == sorted(
        k[2:] + ".o" for k in (keys[0], keys[4]))


def test_unusable_folder_is_a_miss_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ObjectCache(blocker, "s")
    key = cache.key("ir")
    assert cache.put(key, b"x") is False and cache.get(key) is None
    assert cache.errors >= 1


def test_cache_folder_from_settings_and_environment(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_root(Settings(jit_cache=False, jit_cache_dir=str(tmp_path))) is None
    assert cache_root(Settings(jit_cache=True, jit_cache_dir=str(tmp_path))) == tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root(Settings(jit_cache=True, jit_cache_dir="")) == tmp_path / "xdg/mettajit"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_root(Settings(jit_cache=True, jit_cache_dir="")) == (
        Path.home() / ".cache/mettajit")


def test_a_second_engine_loads_the_unit_from_disk(make_chunk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(jit_cache=True, jit_cache_dir=str(tmp_path))

    def add7() -> object:
        return make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 7), (O.ADD,),
                          (O.RETURN,), name="add7")

    first = Tier2(settings)
    unit = first.compile(add7())  # type: ignore[arg-type]
    assert unit is not None and unit.run([num(5)]) == num(12)
    c = first.stats.counters
    assert c["jit.cache.misses"] >= 1 and c["jit.cache.writes"] >= 1
    assert c["jit.cache.hits"] == 0
    second = Tier2(settings)  # a new engine: its serials, so its IR, are the first's
    again = second.compile(add7())  # type: ignore[arg-type]
    assert again is not None and again.run([num(5)]) == num(12)
    assert again.run([num(1.5)]) is not None  # guards work in loaded code (a bail-out)
    assert second.stats.counters["jit.cache.hits"] == 1
    assert second.stats.counters["jit.cache.misses"] == 0
    assert "jit.compile" not in second.stats.seconds  # no LLVM compilation
    assert second.stats.seconds["jit.fixed.load"] > 0


def test_second_run_compiles_nothing(tmp_path: Path) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text(FIB)
    args = ["--tier", "2", "--stats", "--jit-cache-dir", str(tmp_path / "cache"), str(prog)]
    first, second = _run(args), _run(args)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout == "[2584]\n"
    # the runtime module and the unit: compiled and stored, then both loaded
    assert _counter(first.stderr, "jit.cache.misses") == 2
    assert _counter(first.stderr, "jit.cache.hits") == 0
    assert _counter(second.stderr, "jit.cache.hits") == 2
    assert _counter(second.stderr, "jit.cache.misses") == 0
    assert not re.search(r"^jit\.compile\s", second.stderr, re.M)
    assert re.search(r"^jit fixed cost: .*load [\d.]+.*compile 0\.0\).*2 hits, 0 misses$",
                     second.stderr, re.M)
    off = _run(["--no-jit-cache", *args])
    assert off.stdout == "[2584]\n"
    assert _counter(off.stderr, "jit.cache.hits") == 0
    assert _counter(off.stderr, "jit.cache.misses") == 0
    assert re.search(r"^jit\.compile\s", off.stderr, re.M)


def test_cache_folder_from_the_environment(tmp_path: Path) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text(FIB)
    env = {**os.environ, "METTAJIT_JIT_CACHE": "1", "METTAJIT_CACHE_DIR": str(tmp_path / "c")}
    assert _run(["--tier", "2", str(prog)], env).stdout == "[2584]\n"
    # the runtime module and the unit: shared objects where a C compiler links them
    linked = engine.shared_cache(Settings(jit_cache=True, jit_cache_dir=str(tmp_path)))
    suffix = "*.so" if linked is not None else "*.o"
    assert len(list((tmp_path / "c" / "jit").rglob(suffix))) == 2
    env["METTAJIT_JIT_CACHE"] = "0"
    env["METTAJIT_CACHE_DIR"] = str(tmp_path / "d")
    assert _run(["--tier", "2", str(prog)], env).stdout == "[2584]\n"
    assert not (tmp_path / "d").exists()


def test_llvm_is_not_loaded_until_a_unit_compiles(tmp_path: Path) -> None:
    """A program whose units never go native never imports llvmlite.binding, on auto."""
    code = (
        "import sys, io\n"
        "from mettajit.runner import MeTTa\n"
        "from mettajit.config import Settings\n"
        "m = MeTTa(settings=Settings(tier='auto'), out=io.StringIO())\n"
        "m.run('(= (f $x) (+ $x 1))\\n!(f 1)\\n!(f 2)')\n"
        "print('llvmlite.binding' in sys.modules, 'mettajit.jit.engine' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_engine_loads_llvm_on_its_first_module() -> None:
    code = (
        "import sys\n"
        "from mettajit.runner.tier2 import Tier2\n"
        "t = Tier2()\n"
        "print('llvmlite.binding' in sys.modules)\n"
        "from mettajit.bytecode.chunk import Chunk\n"
        "from mettajit.bytecode.opcodes import Opcode as O\n"
        "c = Chunk(name='one', arity=0, n_locals=0, max_stack=1)\n"
        "c.emit(O.PUSH_LONG_SMALL, 1)\n"
        "c.emit(O.RETURN)\n"
        "print(t.compile(c) is not None, 'llvmlite.binding' in sys.modules)\n"
        "print(sorted(k for k in t.stats.seconds if k.startswith('jit.fixed.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "METTAJIT_JIT_CACHE": "0"})
    assert out.stdout.splitlines() == [
        "False", "True True", "['jit.fixed.import', 'jit.fixed.init', 'jit.fixed.runtime']"
    ], out.stderr
