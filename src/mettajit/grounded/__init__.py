"""Grounded operations: one registry of built-ins for all tiers."""

from mettajit.grounded import arith as _arith  # noqa: F401  (registers the built-ins)
from mettajit.grounded import atomops as _atomops  # noqa: F401
from mettajit.grounded import mathops as _mathops  # noqa: F401
from mettajit.grounded import text as _text  # noqa: F401
from mettajit.grounded.registry import BUILTINS, NotReducible, Op, OpError, Registry, make_op

__all__ = ["BUILTINS", "NotReducible", "Op", "OpError", "Registry", "make_op"]
