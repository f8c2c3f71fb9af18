"""Spaces and matching: the atom store, unification and bindings."""

from mettajit.space.store import Rule, Space, head_key
from mettajit.space.unify import (
    Bindings,
    match_ground,
    rename_variables,
    resolve,
    substitute,
    unify,
)

__all__ = [
    "Bindings",
    "Rule",
    "Space",
    "head_key",
    "match_ground",
    "rename_variables",
    "resolve",
    "substitute",
    "unify",
]
