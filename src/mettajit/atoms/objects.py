"""hyperon's grounded objects and the constructors of grounded atoms.

``GroundedObject`` (content and an optional id), ``ValueObject`` (compared by content),
``OperationObject`` (a Python callable, run by ``execute`` on argument atoms),
``MatchableObject`` (a value with its own matching, ``match_``); ``G``, ``ValueAtom``,
``OperationAtom``, ``PrimitiveAtom``, ``MatchableAtom`` and ``get_object`` (set as
``Grounded.get_object``); the exceptions an operation raises to say it does not apply
(``NoReduceError``, ``IncorrectArgumentError``) or fails with a MeTTa error
(``MettaError``). Shaped as hyperon 0.2.10's ``hyperon.atoms`` so that its programs run
unchanged; they need only atoms, so they live in the lowest layer.

``G`` makes a grounded atom of a grounded object as hyperon does: a ``ValueObject`` of a
bool, number, string or Char is the MeTTa value itself (``ValueAtom(1)`` is the atom
``1``), an object with a ``cspace`` (a space reference) that space, an executable object an
operation (the ``operation`` hook, which the grounded layer installs: ``grounded.pyops``),
anything else must have ``copy``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from mettajit.atoms.core import (
    ARROW,
    BOOL,
    CHAR,
    NUMBER,
    SPACE_TYPE,
    STRING,
    UNDEFINED,
    UNIT,
    Atom,
    Char,
    Expression,
    Grounded,
    Symbol,
    Variable,
    boolean,
)
from mettajit.atoms.core import AtomKind as AtomKind  # hyperon's hyperon.atoms has it


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
        return [ValueAtom(result, res_typ if res_typ is not None else UNDEFINED)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OperationObject) and self.name == other.name

    def __hash__(self) -> int:
        return hash(self.name)


def unwrap_args(atoms: tuple[Atom, ...] | list[Atom]) -> tuple[list[Any], dict[str, Any]]:
    """The Python values of argument atoms, and the keyword arguments written
    ``(Kwargs (name value) ...)``; NoReduceError if one is not grounded."""
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
                    kwargs[get_string_value(key)] = get_object(val).content
                continue
        if type(a) is not Grounded:
            raise NoReduceError
        args.append(get_object(a).content)
    return args, kwargs


def get_string_value(value: Any) -> str:
    """The text of a value or atom, without the quotes of a string literal."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return text


# Installed by the layers above (see the module docstring).
_hooks: dict[str, Callable[..., Any]] = {}


def install(name: str, fn: Callable[..., Any]) -> None:
    """Install ``operation`` (``(object, type) -> Grounded``) or ``match``
    (``(atom, atom) -> BindingsSet``)."""
    _hooks[name] = fn


def hook(name: str) -> Callable[..., Any]:
    fn = _hooks.get(name)
    if fn is None:
        raise RuntimeError(f"mettajit: the {name!r} hook is not installed (import mettajit)")
    return fn


def _is_executable(obj: Any) -> bool:
    return isinstance(obj, OperationObject) or callable(getattr(obj, "execute", None))


def G(obj: Any, type: Atom = UNDEFINED) -> Grounded:
    """A grounded atom holding a grounded object, of type ``type``."""
    if hasattr(obj, "cspace"):
        assert type is UNDEFINED, f"Grounded Space Atoms {obj} can't have a custom type {type}"
        return Grounded(obj.cspace, SPACE_TYPE)
    if isinstance(obj, ValueObject) and not isinstance(obj, MatchableObject):
        native = _native(obj, type)
        if native is not None:
            return native
    assert hasattr(obj, "copy"), f"Method copy should be implemented by grounded object {obj}"
    if _is_executable(obj):
        return hook("operation")(obj, type)  # type: ignore[no-any-return]
    return Grounded(obj, type)


def _native(obj: ValueObject, type: Atom) -> Grounded | None:
    """The MeTTa value a ValueObject of a primitive stands for (None if not a primitive)."""
    v = obj.value
    for kind, name, t in ((bool, "bool", BOOL), (int, "int", NUMBER), (float, "float", NUMBER),
                          (str, "str", STRING)):
        if isinstance(v, kind):
            assert type is t or type is UNDEFINED, (
                f"Grounded {name} {obj} can't have a custom type {type}"
            )
            if kind is bool:
                return boolean(bool(v))
            return Grounded(v, t)
    if isinstance(v, Char):
        return Grounded(v, CHAR)
    return None


def _type_sugar(type_names: Any) -> Atom:
    """A type given as None (Undefined), a list (an arrow), ``"$t"`` (a variable), a name
    or an atom."""
    if type_names is None:
        return UNDEFINED
    if isinstance(type_names, list):
        return Expression((ARROW, *[_type_sugar(n) for n in type_names]))
    if isinstance(type_names, str):
        return Variable(type_names[1:]) if type_names[:1] == "$" else Symbol(type_names)
    return type_names  # type: ignore[no-any-return]


def ValueAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom for a Python value; a bool, number, string or Char is the MeTTa
    value itself, of its MeTTa type."""
    return G(ValueObject(value, atom_id), _type_sugar(type_name))


def _operation_atom(name: str, op: Any, type_names: Any, unwrap: bool) -> Grounded:
    return G(OperationObject(name, op, unwrap), _type_sugar(type_names))


def OperationAtom(name: str, op: Any, type_names: Any = None, unwrap: bool = True) -> Grounded:
    """A Python callable as a grounded operation named ``name``.

    ``type_names`` lists the argument types then the result type (``["Number", "Number",
    "Number"]``); without it the operation is of type ``%Undefined%`` and takes any number
    of arguments. With ``unwrap`` the callable takes and returns plain Python values;
    otherwise it takes atoms and returns a list of atoms (several results).
    """
    return _operation_atom(name, op, type_names, unwrap)


def PrimitiveAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom holding a Python number or bool as a Python object (a ValueObject),
    not converted to the MeTTa value."""
    assert isinstance(value, int | float | bool), (
        f"Primitive value {(int, float, bool)} is expected"
    )
    return Grounded(ValueObject(value, atom_id), _type_sugar(type_name))


def MatchableAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom holding a MatchableObject."""
    return G(MatchableObject(value, atom_id), _type_sugar(type_name))


def get_object(atom: Grounded) -> Any:
    """hyperon's ``GroundedAtom.get_object``: the grounded object an atom holds (a
    ValueObject for a MeTTa value, a SpaceRef for a space, an OperationObject for an
    operation made from Python). TypeError for a built-in object with no Python face."""
    v = atom.value
    if atom.kind in (bool, int, float, str) or isinstance(v, Char):
        return ValueObject(v)
    if isinstance(v, GroundedObject):
        return v
    face = getattr(v, "api_object", None)
    if face is not None:
        obj = face()
        if obj is not None:
            return obj
    raise TypeError(f"Cannot get Python object of unsupported non-C atom {atom}")


Grounded.get_object = get_object  # type: ignore[attr-defined]
