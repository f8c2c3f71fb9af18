"""The world version: the one stamp every cache of evaluation is valid for.

An interpreter's ``World`` holds a number, ``version``, that changes whenever evaluation
could give other results: an atom of the current space added or removed (a rule, a type
declaration, a fact a rule matches), a token bound (``bind!``, an ``import!`` that brings
tokens), an operation registered, another space made current. Every cache of evaluation
stores the version it was made in and is void when it differs: the type checker's
``TypeMemos``, tier 0's memo of ``transparent``, the normal-form marks ``Expression._nf``,
tier 1's ``inert`` memo, its constructor keys and its call and typed plans.

The number is pushed, not computed: the current space tells the worlds that watch it
(``Space.worlds``) of each change, so reading the version is one attribute load on the
hottest paths (tier 0's ``_quick``, the VM's ``LOAD_EVAL``). Versions come from one
counter shared by every world of the process, so no two worlds (of two interpreters, or
one interpreter before and after a change) ever have the same number and a mark made in
one can never be taken as valid in another.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mettajit.space.store import Space

_versions = itertools.count(1)  # -1 is the "never valid" stamp of a fresh cache


def next_version() -> int:
    """A version no world has had."""
    return next(_versions)


class World:
    """The world version of one interpreter, ``version``; ``space`` is its current space."""

    __slots__ = ("space", "version")

    def __init__(self, space: Space) -> None:
        self.space = space
        space.worlds.append(self)
        self.version = next(_versions)

    def changed(self) -> None:
        """Something evaluation reads changed outside the space (a token, an operation)."""
        self.version = next(_versions)

    def enter(self, space: Space) -> None:
        """``space`` is now the current one: its changes are this world's."""
        if space is self.space:
            return
        old = self.space
        if self in old.worlds:
            old.worlds.remove(self)
        space.worlds.append(self)
        self.space = space
        self.version = next(_versions)
