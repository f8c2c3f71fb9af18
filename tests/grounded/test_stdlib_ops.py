"""Pure operations the reference's standard library writes in MeTTa (``is-function``,
``noreduce-eq``)."""

from __future__ import annotations

from collections.abc import Callable

Call = Callable[[str], str]


def test_is_function(call: Call) -> None:
    assert call("(is-function (-> A B))") == "True"
    assert call("(is-function (-> A))") == "True"
    assert call("(is-function A)") == "False"
    assert call("(is-function ())") == "False"
    assert call("(is-function (A ->))") == "False"


def test_noreduce_eq(call: Call) -> None:
    assert call("(noreduce-eq (+ 1 2) (+ 1 2))") == "True"
    assert call("(noreduce-eq (+ 1 2) 3)") == "False"
    assert call("(noreduce-eq $x $x)") == "True"

