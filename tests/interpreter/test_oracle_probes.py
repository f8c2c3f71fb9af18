"""Argument and return type checks against the reference, on every tier.

Each ``oracle_probes/*.metta`` is a small program whose ``.expected`` holds what hyperon
0.2.10 printed for it (``MeTTa().run``, one line per query). The reference stops a program
after a query whose result is a type error, so such a query is always a probe's last.
Results are compared as the golden corpus is (``mettajit.cli.compare``).

``KNOWN_FAILURES`` lists what a tier does not do yet; each entry is a strict xfail, so a
case that starts passing fails the run until its entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mettajit.cli.compare import run_golden
from mettajit.config import Settings

PROBES = Path(__file__).parent / "oracle_probes"
FILES = sorted(PROBES.glob("*.metta"))
TIERS = ("0", "1", "2", "auto")

_TYPES_DIFFER = (
    "pow, bind! and trace! are declared (-> Number Number Number), (-> Atom %Undefined% (->))"
    " and (-> %Undefined% $a $a): these types decide which arguments are evaluated here"
)
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    (tier, "get_type_differs"): _TYPES_DIFFER for tier in ("0", "1", "2", "auto")
}


def test_probes_exist() -> None:
    assert len(FILES) >= 30
    for f in FILES:
        assert f.with_suffix(".expected").exists(), f
        assert "hyperon 0.2.10" in f.read_text().splitlines()[0], f


def test_known_failures_name_real_cases() -> None:
    stems = {f.stem for f in FILES}
    for tier, stem in KNOWN_FAILURES:
        assert tier in TIERS and stem in stems, (tier, stem)


def cases() -> list[object]:
    out: list[object] = []
    for path in FILES:
        for tier in TIERS:
            reason = KNOWN_FAILURES.get((tier, path.stem))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(path, tier, marks=marks, id=f"tier{tier}-{path.stem}"))
    return out


@pytest.mark.parametrize(("path", "tier"), cases())
def test_probe(path: Path, tier: str, settings: Settings) -> None:
    _, problems = run_golden(path, settings.with_(tier=tier))
    assert not problems, f"{path.name} on tier {tier}:\n" + "\n".join(problems)
