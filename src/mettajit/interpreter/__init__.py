"""Tier 0: the tree-walking evaluator (the semantic oracle of every tier)."""

from mettajit.interpreter.machine import Interpreter
from mettajit.interpreter.vocabulary import DepthLimitExceeded

__all__ = ["DepthLimitExceeded", "Interpreter"]
