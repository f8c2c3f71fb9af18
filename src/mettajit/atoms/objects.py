"""hyperon's grounded objects: what a grounded atom made from Python holds.

``GroundedObject`` (content and an optional id), ``ValueObject`` (compared by content),
``OperationObject`` (a Python callable, run by ``execute`` on argument atoms),
``MatchableObject`` (a value with its own matching, ``match_``), the exceptions an
operation raises to say it does not apply (``NoReduceError``, ``IncorrectArgumentError``) or
fails with a MeTTa error (``MettaError``), and ``AtomKind``. Shaped as hyperon 0.2.10's
``hyperon.atoms`` so that its programs run unchanged; they need only atoms, so they live in
the lowest layer (the grounded layer turns an ``OperationObject`` into an operation every
tier calls: ``mettajit.grounded.pyops``).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from mettajit.atoms.core import Atom


class AtomKind(Enum):
    """The four kinds of atom (hyperon's metatypes)."""

    SYMBOL = 0
    VARIABLE = 1
    EXPR = 2
    GROUNDED = 3


class NoReduceError(Exception):
    """Raised by an operation that does not apply: the call stays as it is."""


class IncorrectArgumentError(Exception):
    """Raised by an operation given an argument it does not take: the call stays as it is,
    as when no rule matches."""


class MettaError(Exception):
    """Raised by an operation to return ``(Error <args>)`` without a Python traceback."""


class GroundedObject:
    """Some content and, optionally, an id (which is then how it prints)."""

    def __init__(self, content: Any, id: str | None = None) -> None:
        self.content = content
        self.id = id

    def __repr__(self) -> str:
        if isinstance(self.content, str):
            inner = repr(self.content)[1:-1].replace('"', r"\"")
            return f'"{inner}"'
        return repr(self.content) if self.id is None else self.id

    def copy(self) -> GroundedObject:
        """The object a copy of its atom holds: the same one (hyperon's rule)."""
        return self


class ValueObject(GroundedObject):
    """A value: equal to another ValueObject with equal content."""

    @property
    def value(self) -> Any:
        return self.content

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValueObject) and bool(self.content == other.content)

    def __hash__(self) -> int:
        try:
            return hash(self.content)
        except TypeError:
            return id(self.content)


class MatchableObject(ValueObject):
    """A value with its own matching: ``match_(atom)`` gives a list of bindings, each a
    dict from variable name to atom (or hyperon's ``BindingsSet``)."""

    made: ClassVar[bool] = False  # set once any is made: matching then looks for them

    def __init__(self, content: Any, id: str | None = None) -> None:
        super().__init__(content, id)
        MatchableObject.made = True

    def match_(self, atom: Atom) -> Any:
        raise RuntimeError("MatchableObject::match_() is not implemented")


class OperationObject(GroundedObject):
    """A Python callable as a grounded operation; ``name`` is how it prints.

    With ``unwrap`` (the default) the callable takes and returns plain Python values: the
    arguments' contents, and a result that is boxed as a value atom (None is ``()``). Without
    it, the callable takes the argument atoms and returns a list of result atoms.
    """

    def __init__(self, name: str, op: Any, unwrap: bool = True) -> None:
        super().__init__(op, name)
        self.unwrap = unwrap

    @property
    def op(self) -> Any:
        return self.content

    @property
    def name(self) -> str:
        return str(self.id)

    def execute(self, *atoms: Atom, res_typ: Atom | None = None) -> list[Atom]:
        """The results of applying the operation to argument atoms (hyperon's ``execute``)."""
        from mettajit.atoms.api import UNDEFINED_TYPE, ValueAtom, _operation_atom
        from mettajit.atoms.core import UNIT, Expression, Symbol

        if not self.unwrap:
            result = self.op(*atoms)
            try:
                iter(result)
            except TypeError:
                raise RuntimeError(f"Grounded operation `{self.name}` should return list") from None
            return result  # type: ignore[no-any-return]
        args, kwargs = unwrap_args(atoms)
        try:
            result = self.op(*args, **kwargs)
        except MettaError as e:
            return [Expression((Symbol("Error"), *e.args))]
        if result is None:
            return [UNIT]
        if callable(result):
            return [_operation_atom(repr(result), result, None, True)]
        return [ValueAtom(result, res_typ if res_typ is not None else UNDEFINED_TYPE)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OperationObject) and self.name == other.name

    def __hash__(self) -> int:
        return hash(self.name)


def unwrap_args(atoms: tuple[Atom, ...] | list[Atom]) -> tuple[list[Any], dict[str, Any]]:
    """The Python values of argument atoms, and the keyword arguments written
    ``(Kwargs (name value) ...)``; NoReduceError if one is not grounded."""
    from mettajit.atoms.core import Expression, Grounded, Symbol

    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for a in atoms:
        if type(a) is Expression:
            ch = a.children
            if ch and ch[0] is Symbol("Kwargs"):
                for c in ch[1:]:
                    if type(c) is not Expression or len(c.children) != 2:
                        raise RuntimeError(f"Incorrect kwarg format {c}")
                    key, val = c.children
                    if type(val) is not Grounded:
                        raise NoReduceError
                    kwargs[get_string_value(key)] = val.get_object().content
                continue
        if type(a) is not Grounded:
            raise NoReduceError
        args.append(a.get_object().content)
    return args, kwargs


def get_string_value(value: Any) -> str:
    """The text of a value or atom, without the quotes of a string literal."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return text
