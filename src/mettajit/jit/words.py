"""The NaN-box layout of tier 2 on the Python side (``box``/``unbox``, the tags, ``HEAP``):
the part of ``jit.values`` that needs no llvmlite, so loading cached native code
(``jit.engine``'s warm path) imports no LLVM. ``jit.values`` re-exports every name here
and adds the IR emitters of the same layout; see its docstring for the layout.
"""

from __future__ import annotations

import ctypes
import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Any, Final

from mettajit.atoms.core import (
    FALSE,
    NUMBER,
    TRUE,
    UNIT,
    Atom,
    Grounded,
    Symbol,
)


class Tag(IntEnum):
    """The tags of the words that are not doubles."""

    INT = 0
    BOOL = 1
    UNIT = 2
    NIL = 3
    SYMBOL = 4
    HANDLE = 5


WORD_BITS: Final = 64
TAG_SHIFT: Final = 48  # tag bits start here; the payload is below
TAG_MASK: Final = 0x7  # three tag bits
PAYLOAD_MASK: Final = (1 << TAG_SHIFT) - 1
# Sign, all exponent bits and the quiet bit: the negative quiet NaNs, which canonicalisation
# removes from the doubles. ``word >> TAGGED_SHIFT == TAGGED_HIGH`` tests "tagged".
TAGGED_BASE: Final = 0xFFF8 << TAG_SHIFT
TAGGED_SHIFT: Final = 51
TAGGED_HIGH: Final = TAGGED_BASE >> TAGGED_SHIFT
CANONICAL_NAN: Final = 0x7FF8 << TAG_SHIFT
INT_MIN: Final = -(1 << (TAG_SHIFT - 1))
INT_MAX: Final = (1 << (TAG_SHIFT - 1)) - 1
WORD_MASK: Final = (1 << WORD_BITS) - 1


def tag_high(tag: Tag) -> int:
    """``word >> TAG_SHIFT`` of every word with this tag."""
    return (TAGGED_BASE >> TAG_SHIFT) | int(tag)


def tagged(tag: Tag, payload: int = 0) -> int:
    """The word of a tag and a payload (already reduced to 48 bits)."""
    return TAGGED_BASE | (int(tag) << TAG_SHIFT) | payload


WORD_FALSE: Final = tagged(Tag.BOOL, 0)
WORD_TRUE: Final = tagged(Tag.BOOL, 1)
WORD_UNIT: Final = tagged(Tag.UNIT)
WORD_NIL: Final = tagged(Tag.NIL)
# Tag 7 is never a value: the word a native function of a unit returns to say "bail out"
# (the reason is in a module global). No atom boxes to it.
WORD_BAIL: Final = TAGGED_BASE | (TAG_MASK << TAG_SHIFT)

NIL_SYMBOL: Final = Symbol("Nil")

# Objects that handle words made by ``box`` point to, by address (see the module doc).
HEAP: Final[dict[int, object]] = {}
_HEAP_USES: Final[dict[int, int]] = {}  # address -> boxings not given back
_recorders: Final[list[list[int]]] = []


@contextmanager
def recording_handles() -> Iterator[list[int]]:
    """The addresses of the handles ``box`` makes inside the block (one per boxing)."""
    rec: list[int] = []
    _recorders.append(rec)
    try:
        yield rec
    finally:
        _recorders.pop()


def release_handles(addresses: list[int]) -> None:
    """Give back boxings recorded by ``recording_handles`` (a freed module's constants)."""
    for addr in addresses:
        n = _HEAP_USES[addr] - 1
        if n:
            _HEAP_USES[addr] = n
        else:
            del _HEAP_USES[addr]
            del HEAP[addr]


# ---------------------------------------------------------------------------------------
# Python side


def box_int(value: int) -> int:
    """The INT word of an integer in ``INT_MIN..INT_MAX``."""
    assert INT_MIN <= value <= INT_MAX, value
    return TAGGED_BASE | (value & PAYLOAD_MASK)


def box_float(value: float) -> int:
    """The word of a double: its bits, with every NaN made ``CANONICAL_NAN``."""
    if math.isnan(value):
        return CANONICAL_NAN
    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


def box_handle(obj: object, keep: list[Any] | None = None) -> int:
    """A HANDLE word for ``obj``, which ``HEAP`` keeps alive (or the list ``keep``, which
    its owner empties: ``spacerun``'s rows of a match, alive for one native entry)."""
    addr = id(obj)
    assert addr <= PAYLOAD_MASK, "object address does not fit a 48-bit payload"
    if keep is not None:
        keep.append(obj)
        return tagged(Tag.HANDLE, addr)
    HEAP[addr] = obj
    _HEAP_USES[addr] = _HEAP_USES.get(addr, 0) + 1
    if _recorders:
        _recorders[-1].append(addr)
    return tagged(Tag.HANDLE, addr)


def box(atom: Atom, keep: list[Any] | None = None) -> int:
    """The word of an atom (see the module doc for which atoms get which tag); a handle's
    object kept alive as ``box_handle`` says."""
    kind = type(atom)
    if kind is Grounded:
        assert isinstance(atom, Grounded)
        k = atom.kind
        if k is int and INT_MIN <= atom.value <= INT_MAX:
            return box_int(atom.value)
        if k is float:
            return box_float(atom.value)
        if k is bool:
            return WORD_TRUE if atom.value else WORD_FALSE
        return box_handle(atom, keep)  # big integers, strings, spaces...: the atom itself
    if kind is Symbol:
        if atom is NIL_SYMBOL:
            return WORD_NIL
        return tagged(Tag.SYMBOL, id(atom))
    if atom is UNIT:
        return WORD_UNIT
    return box_handle(atom, keep)  # expressions, variables


def is_double(word: int) -> bool:
    """True if the word is a double (anything outside the tagged space)."""
    return word >> TAGGED_SHIFT != TAGGED_HIGH


def word_tag(word: int) -> Tag:
    """The tag of a tagged word."""
    return Tag((word >> TAG_SHIFT) & TAG_MASK)


def unbox_int(word: int) -> int:
    """The integer of an INT word (sign-extended from 48 bits)."""
    p = word & PAYLOAD_MASK
    return p - (1 << TAG_SHIFT) if p > INT_MAX else p


def object_at(addr: int) -> object:
    """The Python object at ``addr``: one ``HEAP`` holds, or one native code keeps alive."""
    obj = HEAP.get(addr)
    if obj is None:
        obj = ctypes.cast(addr, ctypes.py_object).value
    return obj


def atom_of_object(obj: object) -> Atom:
    """The atom a handle's object stands for (raw Python values become grounded atoms)."""
    if isinstance(obj, Atom):
        return obj
    if type(obj) is int or type(obj) is float:
        return Grounded(obj, NUMBER)
    raise TypeError(f"no atom for handle object {obj!r}")


def unbox(word: int) -> Atom:
    """The atom of a word; the inverse of ``box`` (up to canonical NaNs)."""
    word &= WORD_MASK
    if is_double(word):
        return Grounded(struct.unpack("<d", struct.pack("<Q", word))[0], NUMBER)
    tag = word_tag(word)
    payload = word & PAYLOAD_MASK
    if tag is Tag.INT:
        return Grounded(unbox_int(word), NUMBER)
    if tag is Tag.BOOL:
        return TRUE if payload else FALSE
    if tag is Tag.UNIT:
        return UNIT
    if tag is Tag.NIL:
        return NIL_SYMBOL
    if tag is Tag.SYMBOL:
        sym = ctypes.cast(payload, ctypes.py_object).value
        assert type(sym) is Symbol
        return sym
    return atom_of_object(object_at(payload))


def to_signed(word: int) -> int:
    """A word as a signed 64-bit integer (how LLVM constants are written)."""
    word &= WORD_MASK
    return word - (1 << WORD_BITS) if word >> (WORD_BITS - 1) else word
