"""A Python extension as a package (``!(import! &self pyext_pkg)``); its atoms come from a
module of the package."""

from .impl import *  # noqa: F403
