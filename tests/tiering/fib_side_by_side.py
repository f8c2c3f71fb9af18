"""``(fib N)`` on tier 0 and tier 1 side by side in one process (not a pytest module).

    .venv/bin/python tests/tiering/fib_side_by_side.py [N] [REPEATS]

Prints the median wall time of each tier over REPEATS runs and the ratio.
"""

from __future__ import annotations

import statistics
import sys
import time

from mettajit.config import Settings
from mettajit.runner.metta import MeTTa

FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n!(fib {n})"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    medians = {}
    for tier in ("0", "1"):
        times = []
        for _ in range(repeats):
            m = MeTTa(Settings().with_(tier=tier))
            t0 = time.perf_counter()
            results = m.run(FIB.format(n=n))
            times.append(time.perf_counter() - t0)
        medians[tier] = statistics.median(times)
        print(f"tier {tier}: (fib {n}) = {results[0][0].value}  median {medians[tier]:.3f} s "  # type: ignore[attr-defined]
              f"over {repeats}")
    print(f"tier 1 is {medians['0'] / medians['1']:.1f}x faster than tier 0")


if __name__ == "__main__":
    main()
