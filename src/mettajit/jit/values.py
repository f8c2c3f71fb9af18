"""The NaN-box layout of tier 2, defined once: Python ``box``/``unbox`` and the IR emitters.

Every value native code handles is one 64-bit word:

* a double is stored as itself; NaNs are canonicalised to ``CANONICAL_NAN`` (a positive
  quiet NaN), so no double ever has the sign, exponent and quiet bits all set;
* that free space (``TAGGED_BASE``: the top 13 bits set) holds the tagged words: a 3-bit tag
  in bits 48..50 and a 48-bit payload:

  ========  =====================================================================
  tag       payload
  ========  =====================================================================
  INT       a signed integer in ``INT_MIN..INT_MAX`` (two's complement, 48 bits)
  BOOL      0 (False) or 1 (True)
  UNIT      0: the unit atom ``()`` (the ``core.UNIT`` object)
  NIL       0: the symbol ``Nil``
  SYMBOL    the id of an interned ``Symbol``: its address, stable because the symbol
            table keeps every symbol alive; native code can hand it back to Python as is
  HANDLE    the address of a Python object the runtime owns: an atom (an expression, a
            string, an integer too large for INT, any other grounded atom), or a raw
            Python int made by native code (``pow``), which ``unbox`` wraps as a Number
  ========  =====================================================================

Handles made here by ``box`` are kept alive by ``HEAP``: they come from constant pools and
arguments. Each ``box`` counts a use of the object; the engine records the uses made while
lowering a module (``recording_handles``) and gives them back when it frees the module
(``release_handles``): an object leaves ``HEAP`` when no live module uses it (uses not
recorded, e.g. by tests and benchmarks, last for the life of the process). Handles made by
native code carry their own reference (see ``jit.lower``, the arena).

This module is the only place the layout's numbers appear; ``lower`` and ``helpers`` use
the emitters below. It imports ``llvmlite.ir`` only (never ``llvmlite.binding``).
"""

from __future__ import annotations

from typing import Final

from llvmlite import ir

# every name of the Python side, re-exported: ``V.box``, ``V.WORD_NIL``... stay where they were
from mettajit.jit.words import *  # noqa: F403
from mettajit.jit.words import (
    CANONICAL_NAN,
    PAYLOAD_MASK,
    TAG_MASK,
    TAG_SHIFT,
    TAGGED_BASE,
    TAGGED_HIGH,
    TAGGED_SHIFT,
    WORD_BITS,
    WORD_FALSE,
    Tag,
    tag_high,
    tagged,
    to_signed,
)

# ---------------------------------------------------------------------------------------
# IR emitters: the same layout, as LLVM instructions

I1: Final = ir.IntType(1)
I64: Final = ir.IntType(WORD_BITS)


def word_const(word: int) -> ir.Constant:
    """An i64 constant for a word."""
    return ir.Constant(I64, to_signed(word))


def emit_has_tag(b: ir.IRBuilder, w: ir.Value, tag: Tag) -> ir.Value:
    """i1: the word carries ``tag``."""
    high = b.lshr(w, ir.Constant(I64, TAG_SHIFT))
    return b.icmp_unsigned("==", high, ir.Constant(I64, tag_high(tag)))


def emit_tag(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i64: the tag of a tagged word."""
    return b.and_(b.lshr(w, ir.Constant(I64, TAG_SHIFT)), ir.Constant(I64, TAG_MASK))


def emit_is_double(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i1: the word is a double."""
    high = b.lshr(w, ir.Constant(I64, TAGGED_SHIFT))
    return b.icmp_unsigned("!=", high, ir.Constant(I64, TAGGED_HIGH))


def emit_unbox_int(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i64: the sign-extended 48-bit payload of an INT word."""
    k = ir.Constant(I64, WORD_BITS - TAG_SHIFT)
    return b.ashr(b.shl(w, k), k)


def emit_fits_int(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """i1: the i64 ``v`` fits an INT payload."""
    return b.icmp_signed("==", emit_unbox_int(b, v), v)


def emit_box_int(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """The INT word of an i64 already known to fit 48 bits."""
    return b.or_(b.and_(v, ir.Constant(I64, PAYLOAD_MASK)), word_const(TAGGED_BASE))


def emit_is_bool(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i1: the word is True or False (they differ only in bit 0)."""
    return b.icmp_unsigned("==", b.lshr(w, ir.Constant(I64, 1)),
                           ir.Constant(I64, WORD_FALSE >> 1))


def emit_unbox_bool(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i1 of a BOOL word."""
    return b.trunc(w, I1)


def emit_box_bool(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """The BOOL word of an i1."""
    return b.or_(b.zext(v, I64), word_const(WORD_FALSE))


def emit_payload(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """i64: the payload bits (an address for SYMBOL and HANDLE words)."""
    return b.and_(w, ir.Constant(I64, PAYLOAD_MASK))


def emit_box_address(b: ir.IRBuilder, addr: ir.Value, tag: Tag) -> ir.Value:
    """The SYMBOL or HANDLE word of an object address (an i64)."""
    return b.or_(addr, word_const(tagged(tag)))


def emit_canonical_double(b: ir.IRBuilder, d: ir.Value) -> ir.Value:
    """The word of a double, NaNs canonicalised."""
    bits = b.bitcast(d, I64)
    is_nan = b.fcmp_unordered("uno", d, d)
    return b.select(is_nan, word_const(CANONICAL_NAN), bits)


def emit_double_of(b: ir.IRBuilder, w: ir.Value) -> ir.Value:
    """The double of a word known to be one."""
    return b.bitcast(w, ir.DoubleType())
