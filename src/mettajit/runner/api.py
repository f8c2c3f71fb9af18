"""hyperon's runner-level Python API: interpret an atom in a space, type queries in a space,
and ``RunnerState`` (a program run one step at a time).

``interpret(space, atom)`` evaluates an atom with ``space`` as ``&self`` on tier 0
(hyperon's low-level ``hyperon.base.interpret``; the atom is usually ``(metta atom type
space)``); ``check_type``, ``validate_atom`` and ``get_atom_types`` answer type questions
with the types declared in a space. ``MeTTa`` is ``mettajit.runner.metta``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import UNDEFINED, Atom, is_error
from mettajit.atoms.reader import Item, parse_prefix
from mettajit.atoms.sexpr import ProgramParseError
from mettajit.interpreter import Interpreter
from mettajit.interpreter.typecheck import types_of
from mettajit.space.refs import SpaceRef
from mettajit.space.unify import unify

if TYPE_CHECKING:
    from mettajit.runner.metta import MeTTa


def _interpreter(space: SpaceRef) -> Interpreter:
    return Interpreter(space=space.cspace)


def interpret(gnd_space: SpaceRef, expr: Atom) -> list[Atom]:
    """Every result of evaluating ``expr`` with ``gnd_space`` as ``&self``."""
    return list(_interpreter(gnd_space).evaluate(expr))


def get_atom_types(gnd_space: SpaceRef, atom: Atom) -> list[Atom]:
    """The types of an atom given the declarations in the space (none if ill-typed)."""
    return list(types_of(_interpreter(gnd_space), atom))


def check_type(gnd_space: SpaceRef, atom: Atom, type: Atom) -> bool:
    """Whether ``atom`` has a type matching ``type`` (``%Undefined%`` matches any)."""
    for t in get_atom_types(gnd_space, atom):
        if t is UNDEFINED or type is UNDEFINED or unify(t, type) is not None:
            return True
    return False


def validate_atom(gnd_space: SpaceRef, atom: Atom) -> bool:
    """Whether an atom is well typed in the space."""
    return bool(get_atom_types(gnd_space, atom))


class RunnerState:
    """A program in flight: ``run_step`` adds one atom or evaluates one query."""

    def __init__(self, metta: MeTTa, program: str) -> None:
        self.metta = metta
        self._items: list[Item] = []
        self._error: ProgramParseError | None = None
        self._items, err = parse_prefix(program)
        if err is not None:
            self._error = ProgramParseError(err)
        self._next = 0
        self._results: list[list[Atom]] = []

    def run_step(self) -> None:
        """Run the next item of the program (RuntimeError on a syntax error)."""
        if self._next >= len(self._items):
            if self._error is not None:
                err, self._error = self._error, None
                raise err
            return
        item = self._items[self._next]
        self._next += 1
        results = self.metta.run_items([item])
        self._results.extend(results)
        if self.metta.stop_on_error and results and any(is_error(r) for r in results[-1]):
            self._next = len(self._items)  # as MeTTa.run: an Error result ends the program
            self._error = None

    def is_complete(self) -> bool:
        return self._next >= len(self._items) and self._error is None

    def current_results(self, flat: bool = False) -> Any:
        """The results so far: one list per query (``flat``: one list of every result)."""
        if flat:
            return [a for r in self._results for a in r]
        return [list(r) for r in self._results]
