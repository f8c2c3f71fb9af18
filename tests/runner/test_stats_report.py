"""``--stats``: the JIT's fixed cost apart, and the last line, the native share of the
unit calls (steps natively made and native entries that did not bail out, over all steps)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mettajit.stats import Stats

SHARE = re.compile(r"^native share: (\d+\.\d)% of (\d+) unit calls$")


def test_native_share_counts_native_steps_and_entries() -> None:
    s = Stats()
    s.count("run.steps", 1000)
    s.count("run.steps.native", 850)
    s.count("jit.native_entries", 60)
    s.count("jit.deopts.not_small_int", 10)  # 10 of the 60 entries bailed out: tier 1 ran
    assert s.native_units() == (900, 1000)
    assert s.native_share_line() == "native share: 90.0% of 1000 unit calls"
    assert s.report().splitlines()[-1] == s.native_share_line()


def test_native_share_without_steps_or_native_code() -> None:
    assert Stats().native_share_line() == "native share: 0.0% of 0 unit calls"
    s = Stats()
    s.count("run.steps", 7)
    assert s.report().splitlines()[-1] == "native share: 0.0% of 7 unit calls"
    assert s.jit_fixed_line() == ""  # no tier 2: no line about it


def test_fixed_cost_line_sums_its_parts() -> None:
    s = Stats()
    for name, sec in (("jit.fixed.import", 0.040), ("jit.fixed.init", 0.001),
                      ("jit.fixed.runtime", 0.003), ("jit.fixed.load", 0.002),
                      ("jit.fixed.key", 0.0005), ("jit.lower", 0.004), ("jit.link", 0.0085)):
        s.add_time(name, sec)
    s.count("jit.cache.hits", 2)
    assert s.jit_fixed_line() == (
        "jit fixed cost: 59.0 ms CPU (import 40.0, init 1.0, runtime 3.0, key 0.5, load 2.0, "
        "lower 4.0, link 8.5, compile 0.0); disk cache: 2 hits, 0 misses")
    lines = s.report().splitlines()
    assert lines[-2] == s.jit_fixed_line() and SHARE.match(lines[-1])


def _stats(tier: str, path: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "mettajit", "run", "--stats", "--tier", tier,
                          str(path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stderr


def test_cli_stats_ends_with_the_native_share(tmp_path: Path) -> None:
    prog = tmp_path / "fib.metta"
    prog.write_text("(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n"
                    "!(fib 16)\n")
    calls = 2 * 1597 - 1  # fib 16 makes 2*fib(17)-1 calls
    for tier, low, high in (("0", 0.0, 0.0), ("1", 0.0, 0.0), ("2", 99.0, 100.0)):
        last = _stats(tier, prog).splitlines()[-1]
        found = SHARE.match(last)
        assert found, last
        assert int(found[2]) == calls
        assert low <= float(found[1]) <= high, (tier, last)
