"""The ``call`` fixture: apply one built-in to literal arguments and print the outcome the
way the reference prints a query's single result.

``call("(pow-math 2 10)")`` reads the text, looks the head up in the shared registry and
applies the operation to the children as read (no evaluation: write the arguments as the
interpreter would pass them). An ``OpError`` prints as ``(Error <call> <reason>)`` and a
``NotReducible`` as the call itself, so expectations are copied from the oracle's output.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mettajit.atoms.core import Atom, Expression, Symbol, error
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.grounded import BUILTINS, NotReducible, OpError


def apply_op(call: Expression) -> Atom:
    """The result atom of applying a built-in to the children of ``call``."""
    head = call.children[0]
    assert type(head) is Symbol, head
    op = BUILTINS.get(head.name)
    assert op is not None, f"no built-in {head.name}"
    try:
        result: Atom = op.fn(*call.children[1:])
    except OpError as e:
        return error(call, e.reason)
    except NotReducible:
        return call
    return result


def run_text(text: str) -> str:
    call = parse_atom(text)
    assert type(call) is Expression
    return format_atom(apply_op(call))


@pytest.fixture
def call() -> Callable[[str], str]:
    return run_text
