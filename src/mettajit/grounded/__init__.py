"""Grounded operations: one registry of built-ins for all tiers."""

from mettajit.grounded import arith as _arith  # noqa: F401  (registers the built-ins)
from mettajit.grounded import atomops as _atomops  # noqa: F401
from mettajit.grounded import mathops as _mathops  # noqa: F401
from mettajit.grounded import mod_fileio as _mod_fileio  # noqa: F401  (built-in modules)
from mettajit.grounded import mod_json as _mod_json  # noqa: F401
from mettajit.grounded import mod_random as _mod_random  # noqa: F401
from mettajit.grounded import pyinterop as _pyinterop  # noqa: F401
from mettajit.grounded import pyops as _pyops  # noqa: F401  (Python objects as operations)
from mettajit.grounded import text as _text  # noqa: F401
from mettajit.grounded.registry import BUILTINS, NotReducible, Op, OpError, Registry, make_op

__all__ = ["BUILTINS", "NotReducible", "Op", "OpError", "Registry", "make_op"]
