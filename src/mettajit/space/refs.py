"""hyperon's space API: ``SpaceRef``/``GroundingSpaceRef`` (references to a space, as a
Python program holds one) and ``AbstractSpace`` (a space implemented in Python).

A reference's ``cspace`` is the mettajit ``Space`` itself (the name hyperon uses, which
``G`` looks for: ``G(ref)`` is the space's atom). A Python space (an ``AbstractSpace``, or
any object with ``query``/``add``/``remove``...) is wrapped in a ``PythonSpace``: a
``Space`` whose queries its ``query`` answers (given the whole pattern, conjunctions too, and
returning a ``BindingsSet``), so ``match`` and every tier query it like any space. Atoms
added through mettajit are also kept in the wrapper's own index, which is where rules
``(= ...)`` are looked up when it is a runner's ``&self``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mettajit.atoms.core import Atom, Variable, variables
from mettajit.space.bindingsets import BindingsSet
from mettajit.space.store import Space
from mettajit.space.unify import Bindings, substitute, unify


class AbstractSpace:
    """Base of a space implemented in Python: override ``query`` (a ``BindingsSet``),
    ``add``, ``remove``, ``replace`` and optionally ``atom_count``, ``atoms_iter``."""

    def __init__(self) -> None:
        return None

    def query(self, query_atom: Atom) -> BindingsSet:
        raise RuntimeError("Space::query() is not implemented")

    def add(self, atom: Atom) -> None:
        raise RuntimeError("Space::add() is not implemented")

    def remove(self, atom: Atom) -> bool:
        raise RuntimeError("Space::remove() is not implemented")

    def replace(self, atom: Atom, replacement: Atom) -> bool:
        raise RuntimeError("Space::replace() is not implemented")

    def atom_count(self) -> int | None:
        return None

    def atoms_iter(self) -> Iterator[Atom] | None:
        return None


class PythonSpace(Space):
    """A Space whose content and queries are a Python space object's (``payload``)."""

    def __init__(self, payload: Any) -> None:
        super().__init__()
        self.payload = payload

    def add(self, atom: Atom, line: int = 0, imported: bool = False) -> None:
        self.payload.add(atom)
        super().add(atom, line, imported)  # the rule index (see the module docstring)

    def remove(self, atom: Atom) -> bool:
        ok = bool(self.payload.remove(atom))
        super().remove(atom)
        return ok

    def replace(self, atom: Atom, replacement: Atom) -> bool:
        ok = bool(self.payload.replace(atom, replacement))
        if ok and super().remove(atom):
            super().add(replacement)
        return ok

    def atoms(self) -> list[Atom]:
        it = self.payload.atoms_iter() if hasattr(self.payload, "atoms_iter") else None
        return super().atoms() if it is None else list(it)

    def own_atoms(self) -> list[Atom]:
        return self.atoms()  # the Python object's content

    def __len__(self) -> int:
        n = self.payload.atom_count() if hasattr(self.payload, "atom_count") else None
        return len(self.atoms()) if n is None or n < 0 else int(n)

    def query(self, pattern: Atom, bindings: Bindings | None = None) -> Iterator[Bindings]:
        answer = self.payload.query(substitute(pattern, bindings) if bindings else pattern)
        for frame in _frames(answer):
            b: Bindings | None = dict(bindings) if bindings else {}
            for var, value in frame:
                b = unify(var, value, b)
                if b is None:
                    break
            if b is not None:
                yield b

    def query_all(self, pattern: Atom) -> list[Bindings]:
        return list(self.query(pattern))  # the Python space answers conjunctions itself

    def api_object(self) -> object:
        return SpaceRef(self)


def _frames(answer: Any) -> Iterator[list[tuple[Variable, Atom]]]:
    """A Python space's answer (a BindingsSet, or dicts of name -> atom) as frames."""
    if isinstance(answer, BindingsSet):
        for b in answer.iterator():
            yield list(b.iterator())
        return
    for d in answer or []:
        yield [(k if type(k) is Variable else Variable.parse_name(str(k)), v) for k, v in d.items()]


class SpaceRef:
    """A reference to a space: a mettajit ``Space``, or a Python space object to wrap."""

    def __init__(self, space_obj: Any) -> None:
        self.cspace: Space = space_obj if isinstance(space_obj, Space) else PythonSpace(space_obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpaceRef) and self.cspace is other.cspace

    def __hash__(self) -> int:
        return id(self.cspace)

    def __repr__(self) -> str:
        return self.cspace.metta_repr()

    def copy(self) -> SpaceRef:
        return self

    def add_atom(self, atom: Atom) -> None:
        self.cspace.add(atom)

    def remove_atom(self, atom: Atom) -> bool:
        return self.cspace.remove(atom)

    def replace_atom(self, atom: Atom, replacement: Atom) -> bool:
        sp = self.cspace
        if isinstance(sp, PythonSpace):
            return sp.replace(atom, replacement)
        if not sp.remove(atom):
            return False
        sp.add(replacement)
        return True

    def atom_count(self) -> int:
        return len(self.cspace)

    def get_atoms(self) -> list[Atom]:
        return self.cspace.atoms()

    def get_payload(self) -> Any:
        """The Python space object behind the reference (None for a native space)."""
        return self.cspace.payload if isinstance(self.cspace, PythonSpace) else None

    def query(self, pattern: Atom) -> BindingsSet:
        """The bindings of the pattern's variables for each match (``(, p q)``: both); a
        Python space's own answer as it gives it."""
        sp = self.cspace
        if isinstance(sp, PythonSpace):
            answer = sp.payload.query(pattern)
            if isinstance(answer, BindingsSet):
                return answer
            return BindingsSet.of([dict(f) for f in _frames(answer)])
        keep = variables(pattern)
        frames = []
        for b in self.cspace.query_all(pattern):
            frames.append({v: r for v in keep if (r := substitute(v, b)) != v})
        return BindingsSet.of(frames)

    def subst(self, pattern: Atom, templ: Atom) -> list[Atom]:
        """``templ`` with each match's bindings."""
        return [substitute(templ, b) for b in self.cspace.query_all(pattern)]


class GroundingSpaceRef(SpaceRef):
    """A reference to a native (mettajit) space; a new empty one without an argument."""

    def __init__(self, cspace: Space | None = None) -> None:
        super().__init__(cspace if cspace is not None else Space())


class GroundingSpace(AbstractSpace):
    """A native space as a Python space object, to subclass (override ``query``...)."""

    def __init__(self) -> None:
        super().__init__()
        self.gspace = GroundingSpaceRef()

    def query(self, query_atom: Atom) -> BindingsSet:
        return self.gspace.query(query_atom)

    def add(self, atom: Atom) -> None:
        self.gspace.add_atom(atom)

    def remove(self, atom: Atom) -> bool:
        return self.gspace.remove_atom(atom)

    def replace(self, from_atom: Atom, to_atom: Atom) -> bool:
        return self.gspace.replace_atom(from_atom, to_atom)

    def atom_count(self) -> int:
        return self.gspace.atom_count()

    def atoms_iter(self) -> Iterator[Atom]:
        return iter(self.gspace.get_atoms())


def space_ref(space: Space) -> SpaceRef:
    """The reference ``get_object`` gives for a space atom."""
    return SpaceRef(space) if isinstance(space, PythonSpace) else GroundingSpaceRef(space)


# what hyperon's get_object gives for a space atom (atoms.objects.get_object asks for it)
Space.api_object = space_ref  # type: ignore[attr-defined]
