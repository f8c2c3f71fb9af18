"""The coinductive memo shared by tier 0's transparency and tier 1's purity analyses."""

from __future__ import annotations

from collections.abc import Callable

from mettajit.interpreter.coinduction import Coinductive


def _analysis(
    graph: dict[str, list[str]], bad: set[str]
) -> tuple[Coinductive[str], Callable[[str], bool], list[str]]:
    """'pure' if not bad and every callee is pure; ``decided`` lists the decisions made."""
    decided: list[str] = []
    c: Coinductive[str] = Coinductive()

    def pure(k: str) -> bool:
        def decide() -> bool:
            decided.append(k)
            return k not in bad and all(pure(x) for x in graph[k])

        return c.ask(k, decide)

    return c, pure, decided


def test_recursion_is_assumed_fine_and_answers_are_memoised() -> None:
    _, pure, decided = _analysis({"f": ["f", "g"], "g": ["f"]}, set())
    assert pure("f") is True
    assert pure("g") is True and pure("f") is True
    assert decided == ["f", "g"]


def test_a_false_below_an_assumption_drops_the_trues_recorded_under_it() -> None:
    # g is decided True while f is assumed True; f then turns out False (h is bad): g, which
    # calls f, must not stay True
    cleared: list[bool] = []
    c, pure, _ = _analysis({"f": ["g", "h"], "g": ["f"], "h": []}, {"h"})
    c.on_false = lambda: cleared.append(True)
    assert pure("f") is False
    assert "g" not in c.memo and c.memo["f"] is False and cleared == [True]
    assert pure("g") is False
