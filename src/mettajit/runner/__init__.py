"""The runner: tier policy and the public MeTTa API."""

from mettajit.runner.metta import MeTTa

__all__ = ["MeTTa"]
