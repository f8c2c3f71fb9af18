"""Tier 0: the tree-walking evaluator (the semantic oracle of every tier)."""

from mettajit.interpreter.machine import DepthLimitExceeded, Interpreter

__all__ = ["DepthLimitExceeded", "Interpreter"]
