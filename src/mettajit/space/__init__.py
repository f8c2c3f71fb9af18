"""Spaces and matching: the atom store, unification and bindings; hyperon's space and
bindings API (``refs``, ``bindingsets``)."""

from mettajit.space.bindingsets import BindingsSet
from mettajit.space.refs import (
    AbstractSpace,
    GroundingSpace,
    GroundingSpaceRef,
    PythonSpace,
    SpaceRef,
)
from mettajit.space.store import Rule, Space, head_key
from mettajit.space.unify import (
    Bindings,
    match_ground,
    rename_variables,
    resolve,
    substitute,
    unify,
)
from mettajit.space.world import World

__all__ = [
    "AbstractSpace",
    "Bindings",
    "BindingsSet",
    "GroundingSpace",
    "GroundingSpaceRef",
    "PythonSpace",
    "Rule",
    "Space",
    "SpaceRef",
    "World",
    "head_key",
    "match_ground",
    "rename_variables",
    "resolve",
    "substitute",
    "unify",
]
