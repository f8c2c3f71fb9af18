"""The list of the suite's Python-dependent part (``support.PYTHON_DEPENDENT``, which
scripts/check runs on each other Python) names real paths: a renamed file or folder would
silently drop its tests from the other Pythons' runs."""

from __future__ import annotations

from support import PYTHON_DEPENDENT, TESTS, python_dependent


def test_every_entry_is_a_test_folder_file_or_function() -> None:
    for entry in PYTHON_DEPENDENT:
        file, _, name = entry.partition("::")
        path = TESTS / file
        if file.endswith("/"):
            assert path.is_dir() and any(path.glob("test_*.py")), entry
        else:
            assert path.is_file() and path.name.startswith("test_"), entry
            # a test of that file (or some of its parameters: ``test_x[a-0]``), if named
            assert not name or f"\ndef {name.partition('[')[0]}" in path.read_text(), entry


def test_an_entry_selects_the_tests_it_names() -> None:
    query_limits = TESTS / "runner" / "test_query_limits.py"
    assert python_dependent(TESTS / "jit" / "test_jit_fuzz.py", "test_x")
    ctrl_c = "test_ctrl_c_stops_every_tier_and_the_runtime_goes_on"
    assert python_dependent(query_limits, f"{ctrl_c}[(loop 0)-0]")
    assert python_dependent(query_limits, f"{ctrl_c}[(fib 100)-2]")
    assert not python_dependent(query_limits, f"{ctrl_c}[(loop 0)-1]")  # once, on the main one
    assert not python_dependent(query_limits, "test_timeout_ends_the_query[0-(loop 0)]")
    assert not python_dependent(TESTS / "conformance" / "test_cli.py", "test_x")
