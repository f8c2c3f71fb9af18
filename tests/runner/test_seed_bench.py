"""The seed tables' records (``mettajit bench seed``): every column measured, answers
checked, and the floor row beside the unfoldable variant."""

from __future__ import annotations

import pytest

from mettajit.runner import seed_bench as sb


@pytest.fixture(scope="module")
def bench() -> sb._Bench:
    return sb._Bench(quick=True)


@pytest.mark.parametrize(("name", "depth"), [("arithmetic", 10), ("boolean", 10),
                                             ("mixed", 10), ("pow", 3), ("pow", 5)])
def test_unfoldable_record_has_every_column_and_a_floor(bench: sb._Bench, name: str,
                                                        depth: int) -> None:
    rec = bench.measure(sb.build_workload(name, depth), "unfoldable")
    assert (rec["workload"], rec["depth"], rec["variant"]) == (name, depth, "unfoldable")
    for key in (*sb.COLUMNS, "jit_floor_ns"):
        assert isinstance(rec[key], float) and rec[key] > 0, key
    # the no-work floor is a floor: far below the bytecode's time for the same answer
    assert rec["jit_floor_ns"] < rec["bytecode_exec_ns"]


def test_constant_record_has_no_floor_and_tables_show_it_only_when_measured(
        bench: sb._Bench) -> None:
    w = sb.build_workload("arithmetic", 10)
    recs = [bench.measure(w, "constant"), bench.measure(w, "unfoldable")]
    assert "jit_floor_ns" not in recs[0]
    text = sb.format_tables(recs)
    constant, unfoldable = text.split("### arithmetic, unfoldable")
    assert "JIT floor" not in constant
    floor_row = next(line for line in unfoldable.splitlines() if "JIT floor" in line)
    cells = [c.strip() for c in floor_row.strip("|").split("|")]
    assert cells[3:5] == ["-", "-"] and cells[5].endswith("x")  # no throughput, a ceiling


def test_floor_of_a_big_int_is_cpython_making_it(bench: sb._Bench) -> None:
    from mettajit.atoms.core import num

    small, big = bench.floor(num(4951)), bench.floor(num(1 << 65536))
    assert small is not None and big is not None and big > 0
