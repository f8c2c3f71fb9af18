"""The words tier 0's modules share: results, frames and the requests they yield, results
with bindings, and ``invoke``, the one way every tier calls a grounded operation.

Every evaluation returns the list of its results (``Results``). A pending evaluation is a
generator *frame* (``Frame``) that asks for work by yielding an atom (evaluate it) or a
``(Request, x)`` pair, and is resumed with the list of results; ``machine.Interpreter.run``
drives the frames. Special forms, the type checker and the runtime operations speak this
vocabulary and import it from here, not from the machine that runs them.
"""

from __future__ import annotations

from collections.abc import Generator
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import EMPTY_SYM, Atom, Expression, Variable, error, string
from mettajit.atoms.objects import IncorrectArgumentError, NoReduceError
from mettajit.grounded import NotReducible, Op, OpError
from mettajit.grounded.host import Host, require
from mettajit.space import substitute

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

Results = list[Atom]
Frame = Generator[Any, Results, Results]


class Request(IntEnum):
    """What a frame asks of the driver with ``yield (kind, x)`` (a bare atom: evaluate it)."""

    EVAL_TAIL = 0  # "my results are those of x": the frame is dropped first
    APPLY = 1  # apply the already evaluated expression x
    APPLY_TAIL = 2  # the same as a tail request
    EVAL_B = 3  # evaluate x, and the requesting frame accepts ``Bound`` results
    APPLY_B = 4  # apply, the same
    EVAL_TYPED = 5  # evaluate with an expected type: x is (atom, type, applied)
    EVAL_TYPED_B = 6  # the same, accepting ``Bound`` results
    EVAL_TYPED_TAIL = 7  # the same as a tail request


# the kinds as plain names: the driver's loop compares them on every request
EVAL_TAIL = Request.EVAL_TAIL
APPLY = Request.APPLY
APPLY_TAIL = Request.APPLY_TAIL
EVAL_B = Request.EVAL_B
APPLY_B = Request.APPLY_B
EVAL_TYPED = Request.EVAL_TYPED
EVAL_TYPED_B = Request.EVAL_TYPED_B
EVAL_TYPED_TAIL = Request.EVAL_TYPED_TAIL


class Bound(Atom):
    """A result together with the bindings its evaluation gave to variables of the
    evaluated atom: ``(green $x)`` is ``T`` with ``$x = Fritz``. As in the reference, the
    bindings are applied to the rest of the enclosing expression (``(ift (green $x) $x)``
    becomes ``(ift T Fritz)``). Only frames that ask with ``EVAL_B``/``APPLY_B`` see them;
    the driver hands every other frame the bare atoms."""

    __slots__ = ("atom", "b")

    def __init__(self, atom: Atom, b: dict[Variable, Atom]) -> None:
        self.atom = atom
        self.b = b


def strip(results: Results) -> Results:
    """The bare atoms of results that may hold ``Bound`` ones."""
    for r in results:
        if type(r) is Bound:
            return [r.atom if type(r) is Bound else r for r in results]
    return results


def drop_empty(results: Results) -> Results:
    """Results without ``Empty``: as in the reference, ``Empty`` as the result of an
    expression means "no result" (its ``metta_call_return`` and ``collapse-bind``)."""
    for r in results:
        if r is EMPTY_SYM or (type(r) is Bound and r.atom is EMPTY_SYM):
            return [
                x
                for x in results
                if x is not EMPTY_SYM and not (type(x) is Bound and x.atom is EMPTY_SYM)
            ]
    return results


def compose(b: dict[Variable, Atom], nb: dict[Variable, Atom]) -> dict[Variable, Atom]:
    """Bindings ``b`` followed by ``nb``."""
    out = {v: substitute(val, nb) for v, val in b.items()}
    for k, v in nb.items():
        if k not in out:
            out[k] = v
    return out


class DepthLimitExceeded(Exception):
    """More nested evaluations pending than ``Settings.max_depth``: the query gives an Error
    value instead of exhausting the machine's memory (each pending frame costs ~1 KB)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def invoke(
    interp: Interpreter, op: Op, args: tuple[Atom, ...], expr: Expression
) -> tuple[bool, Any]:
    """Call a grounded operation, mapping its outcomes; shared by tier 0 and tier 1.

    ``(True, r)``: ``r`` is what the operation returned (an atom, or a list of them for a
    ``multi`` operation), which the caller may have to evaluate again. ``(False, results)``:
    the final results, the call as data (``NotReducible``) or an Error value.
    """
    if op.effect:
        interp.effects += 1  # before it runs: even a failed call may have done something
    try:
        if op.host is not None and op.host is not Host.READ:  # READ: the op asks per path
            require(interp.sandbox, op.name, op.host)
        return True, (op.fn(interp, *args) if op.needs_runtime else op.fn(*args))
    except (NotReducible, NoReduceError, IncorrectArgumentError):
        return False, [expr]  # the latter two: hyperon's, raised by Python code
    except OpError as e:
        return False, [error(expr, e.reason)]
    except (RecursionError, MemoryError, DepthLimitExceeded):
        raise  # limits of the whole evaluation, not failures of this operation
    except Exception as e:  # a user-registered operation failed: an Error value
        return False, [error(expr, string(f"{type(e).__name__}: {e}"))]


_UNTAIL = {EVAL_TAIL: None, APPLY_TAIL: APPLY, EVAL_TYPED_TAIL: EVAL_TYPED}


def not_tail(x: Any) -> Frame:
    """The results of what a frame function gave (results, a tail request or a frame),
    asked for inside the calling frame: its tail requests become ordinary ones."""
    if type(x) is list:
        return x
    if type(x) is tuple:
        kind = _UNTAIL[x[0]]
        return (yield x[1] if kind is None else (kind, x[1]))
    val: Any = None
    while True:
        try:
            req = x.send(val)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if type(req) is tuple and req[0] in _UNTAIL:
            kind = _UNTAIL[req[0]]
            return (yield req[1] if kind is None else (kind, req[1]))
        val = yield req
