"""hyperon's ``Bindings`` and ``BindingsSet``: variable bindings as Python objects.

A ``Bindings`` is one consistent assignment of atoms to variables (with variables made
equal to each other); a ``BindingsSet`` is a set of them, the answer of a query: empty
when nothing matched, one empty frame (``is_single``) when a match needs no binding.
They wrap the plain ``Variable -> Atom`` dicts that unification works on (``unify``), so
adding a binding that contradicts another fails as unification does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from mettajit.atoms.core import Atom, Variable
from mettajit.atoms.printer import format_atom
from mettajit.space.unify import Bindings as Frame
from mettajit.space.unify import substitute, unify


class Bindings:
    """One frame of variable bindings."""

    def __init__(self, bindings: Frame | None = None) -> None:
        self.frame: Frame = dict(bindings) if bindings else {}

    # -- reading -------------------------------------------------------------------------
    def _groups(self) -> frozenset[tuple[frozenset[Variable], Atom | None]]:
        """The frame's meaning: sets of variables made equal, each with its value."""
        b = self.frame
        groups: dict[Variable, set[Variable]] = {}
        for v in b:
            rep = v
            while type(b.get(rep)) is Variable:
                rep = b[rep]  # type: ignore[assignment]
            groups.setdefault(rep, {rep}).add(v)
        out = set()
        for rep, vs in groups.items():
            value = b.get(rep)
            out.add((frozenset(vs), None if value is None else substitute(value, b)))
        return frozenset(out)

    def resolve(self, var: Variable) -> Atom | None:
        """The atom a variable stands for, or None."""
        r = substitute(var, self.frame)
        return None if type(r) is Variable else r

    def is_empty(self) -> bool:
        return not self.frame

    def iterator(self) -> Iterator[tuple[Variable, Atom]]:
        """(variable, value) for each bound variable."""
        pairs = []
        for v in self.frame:
            r = self.resolve(v)
            if r is not None:
                pairs.append((v, r))
        return iter(pairs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bindings) and self._groups() == other._groups()

    def __hash__(self) -> int:
        return hash(self._groups())

    def __repr__(self) -> str:
        parts = []
        for vs, value in sorted(self._groups(), key=lambda g: sorted(v.get_name() for v in g[0])):
            names = " = ".join(f"${v.get_name()}" for v in sorted(vs, key=Variable.get_name))
            parts.append(names if value is None else f"{names} <- {format_atom(value)}")
        return "{ " + ", ".join(parts) + " }"

    # -- changing ------------------------------------------------------------------------
    def add_var_binding(self, var: Variable, atom: Atom) -> bool:
        """Bind ``var`` to ``atom``; False (and no change) if that contradicts the frame."""
        nb = unify(var, atom, self.frame)
        if nb is None:
            return False
        self.frame = nb
        return True

    def add_var_equality(self, a: Atom, b: Atom) -> bool:
        return self.add_var_binding(a, b)  # type: ignore[arg-type]

    def narrow_vars(self, vars: Iterable[Variable]) -> None:
        """Keep only the bindings of ``vars`` (with their values resolved)."""
        keep = {}
        for v in vars:
            r = substitute(v, self.frame)
            if r != v:
                keep[v] = r
        self.frame = keep

    def merge(self, other: Bindings) -> BindingsSet:
        """Both frames at once: a set of one frame, or none if they contradict."""
        merged = _merge(self.frame, other.frame)
        return BindingsSet.empty() if merged is None else BindingsSet(Bindings(merged))

    def clone(self) -> Bindings:
        return Bindings(self.frame)

    def __deepcopy__(self, memo: Any = None) -> Bindings:
        return self.clone()

    def __enter__(self) -> Bindings:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _merge(a: Frame, b: Frame) -> Frame | None:
    out: Frame | None = dict(a)
    for v, value in b.items():
        out = unify(v, value, out)
        if out is None:
            return None
    return out


class BindingsSet:
    """A set of binding frames: the answer of a query."""

    def __init__(self, input: Bindings | BindingsSet | None = None) -> None:
        if input is None:
            self.frames: list[Bindings] = [Bindings()]
        elif isinstance(input, BindingsSet):
            self.frames = [b.clone() for b in input.frames]
        else:
            self.frames = [input.clone()]

    @staticmethod
    def empty() -> BindingsSet:
        """No frame: nothing matched."""
        s = BindingsSet()
        s.frames = []
        return s

    @staticmethod
    def of(frames: Iterable[Frame]) -> BindingsSet:
        """The set of the given plain frames."""
        s = BindingsSet.empty()
        s.frames = [Bindings(f) for f in frames]
        return s

    def is_empty(self) -> bool:
        return not self.frames

    def is_single(self) -> bool:
        """One frame that binds nothing: a match that needs no binding."""
        return len(self.frames) == 1 and self.frames[0].is_empty()

    def __getitem__(self, key: int) -> dict[str, Atom]:
        """Frame ``key`` as a dict from variable name (no ``$``) to value."""
        return {v.get_name(): a for v, a in self.frames[key].iterator()}

    def __len__(self) -> int:
        return len(self.frames)

    def iterator(self) -> Iterator[Bindings]:
        return iter(list(self.frames))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BindingsSet):
            return False
        return Counter(b._groups() for b in self.frames) == Counter(
            b._groups() for b in other.frames
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "[ " + ", ".join(repr(b) for b in self.frames) + (" ]" if self.frames else "]")

    def clone(self) -> BindingsSet:
        return BindingsSet(self)

    def __deepcopy__(self, memo: Any = None) -> BindingsSet:
        return self.clone()

    def __enter__(self) -> BindingsSet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    # -- changing ------------------------------------------------------------------------
    def push(self, bindings: Bindings) -> None:
        """Add a frame (an alternative answer)."""
        self.frames.append(bindings)

    def add_var_binding(self, var: Variable, value: Atom) -> bool:
        """Bind ``var`` in every frame; frames it contradicts are dropped."""
        self.frames = [b for b in self.frames if b.add_var_binding(var, value)]
        return bool(self.frames)

    def add_var_equality(self, a: Atom, b: Atom) -> bool:
        return self.add_var_binding(a, b)  # type: ignore[arg-type]

    def merge_into(self, input: Bindings | BindingsSet) -> None:
        """Every frame merged with every frame of ``input`` (those that agree)."""
        others = input.frames if isinstance(input, BindingsSet) else [input]
        out = []
        for a in self.frames:
            for b in others:
                m = _merge(a.frame, b.frame)
                if m is not None:
                    out.append(Bindings(m))
        self.frames = out


def match_atoms(a: Atom, b: Atom) -> BindingsSet:
    """``Atom.match_atom``: the ways two atoms unify (none or one frame)."""
    u = unify(a, b)
    return BindingsSet.empty() if u is None else BindingsSet(Bindings(u))


# hyperon's Atom.match_atom (atoms cannot unify: the space layer sets it)
Atom.match_atom = match_atoms  # type: ignore[attr-defined]
