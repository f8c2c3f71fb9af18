"""The table of built-in modules, which a program imports by name (``!(import! &self random)``).

As in hyperon 0.2.10 (lib/src/metta/runner/builtin_mods), a built-in module is a set of
tokens (its operations and values, made afresh for each runner: ``&rng`` is a generator of
its own) and MeTTa source run in the module's space (documentation, rules). Until it is
imported, its operation names are plain symbols. Each module is declared in a file of its
own (``mod_random``, ``mod_fileio``, ``mod_json``) with ``builtin_module``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mettajit.atoms.core import Atom, Grounded
from mettajit.grounded.host import Host
from mettajit.grounded.registry import Op, make_op


@dataclass(frozen=True)
class BuiltinModule:
    name: str
    tokens: Callable[[], dict[str, Atom]]  # token name -> atom, made at each load
    source: str  # MeTTa text run in the module's space when it loads


BUILTIN_MODULES: dict[str, BuiltinModule] = {}


def builtin_module(name: str, source: str) -> Callable[[Callable[[], dict[str, Atom]]],
                                                       Callable[[], dict[str, Atom]]]:
    """Decorator: ``fn`` makes the tokens of the built-in module ``name``."""

    def deco(fn: Callable[[], dict[str, Atom]]) -> Callable[[], dict[str, Atom]]:
        BUILTIN_MODULES[name] = BuiltinModule(name, fn, source)
        return fn

    return deco


def op_token(name: str, type_text: str, fn: Callable[..., Any], *, multi: bool = False,
             host: Host | None = None, needs_runtime: bool = False) -> tuple[str, Atom]:
    """A module operation as a token: an impure grounded operation of the given type."""
    op: Op = make_op(name, type_text, fn, pure=False, multi=multi, host=host,
                     needs_runtime=needs_runtime)
    return name, Grounded(op, op.type)
