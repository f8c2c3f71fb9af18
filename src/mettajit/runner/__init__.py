"""The runner: tier policy and the public MeTTa API (hyperon's ``hyperon.runner`` names:
``MeTTa``, ``Environment``, ``RunnerState``)."""

from mettajit.runner.api import RunnerState
from mettajit.runner.environment import Environment
from mettajit.runner.metta import MeTTa

__all__ = ["Environment", "MeTTa", "RunnerState"]
