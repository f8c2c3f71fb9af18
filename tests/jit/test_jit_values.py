"""The NaN-box layout: Python box/unbox round trips, and native code agrees with Python."""

from __future__ import annotations

import gc
import math
import struct
import sys

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import FALSE, NUMBER, TRUE, UNIT, E, Grounded, S, V, num, string
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.jit import values as VL
from mettajit.jit.runtime import forget_numbers
from mettajit.runner.tier2 import BAILOUT

EDGE_INTS = [0, 1, -1, VL.INT_MAX, VL.INT_MIN, VL.INT_MAX + 1, VL.INT_MIN - 1, 2**63, -(2**63),
             2**64, 10**30]


def _same(a: object, b: object) -> bool:
    """Atom equality that also holds for NaN and tells -0.0 from 0.0."""
    if type(a) is Grounded and type(b) is Grounded and a.kind is float and b.kind is float:
        x, y = a.value, b.value
        return (math.isnan(x) and math.isnan(y)) or struct.pack("<d", x) == struct.pack("<d", y)
    return a == b and (type(a) is not Grounded or type(b) is not Grounded or a.kind is b.kind)


@given(st.one_of(st.sampled_from(EDGE_INTS), st.integers(VL.INT_MIN - 5, VL.INT_MAX + 5),
                 st.integers()))
def test_int_round_trip(n: int) -> None:
    w = VL.box(num(n))
    assert 0 <= w < 2**64
    assert VL.unbox(w) == num(n) and VL.unbox(w).kind is int
    small = VL.INT_MIN <= n <= VL.INT_MAX
    assert (VL.word_tag(w) is VL.Tag.INT) == small
    assert not VL.is_double(w)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_float_round_trip(x: float) -> None:
    w = VL.box(num(x))
    assert VL.is_double(w)
    assert _same(VL.unbox(w), num(x))


def test_float_edges() -> None:
    for x in (float("nan"), -float("nan"), float("inf"), -float("inf"), -0.0, 0.0, 5e-324):
        w = VL.box(num(x))
        assert VL.is_double(w)
        assert _same(VL.unbox(w), num(x))
    # every NaN is the canonical one, so no double lands in the tagged space
    neg_nan = struct.unpack("<d", struct.pack("<Q", VL.TAGGED_BASE | 1))[0]
    assert VL.box(num(neg_nan)) == VL.CANONICAL_NAN


def test_other_atoms_round_trip() -> None:
    for atom in (TRUE, FALSE, UNIT, S("Nil"), S("foo"), E(S("f"), num(1)), string("hi"),
                 V("x"), Grounded([1, 2], S("List"))):
        w = VL.box(atom)
        back = VL.unbox(w)
        assert back == atom, atom
    assert VL.box(TRUE) != VL.box(num(1))
    assert VL.box(S("foo")) == VL.box(S("foo"))


@given(st.one_of(st.integers(VL.INT_MIN - 3, VL.INT_MAX + 3), st.sampled_from(EDGE_INTS),
                 st.floats(), st.booleans()))
def test_native_unbox_box_agree_with_python(tier2, make_chunk, x) -> None:  # type: ignore[no-untyped-def]
    """The identity unit: argument object -> word (native) -> object; and the ctypes path
    returns the very word Python's ``box`` computes."""
    chunk = _IDENTITY.get("c") or _IDENTITY.setdefault(
        "c", make_chunk(1, (O.LOAD_LOCAL, 0), (O.RETURN,)))
    unit = tier2.compile(chunk)
    atom = TRUE if x is True else FALSE if x is False else Grounded(x, NUMBER)
    got = unit.run([atom])
    assert got is not BAILOUT
    assert _same(got, atom)
    status, word = unit.code.call_words([VL.box(atom)])
    assert status == 0 and word == VL.box(atom)


_IDENTITY: dict[str, object] = {}


def test_native_identity_of_symbols_and_expressions(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.RETURN,)))
    expr = E(S("f"), num(1))
    for atom in (S("foo"), S("Nil"), UNIT, expr, string("s"), V("x")):
        assert unit.run([atom]) == atom
    assert unit.run([expr]) is expr


@given(st.one_of(st.integers(VL.INT_MIN, VL.INT_MAX), st.sampled_from([-1, -2, 0, VL.INT_MIN])))
def test_native_number_atoms_are_real_number_atoms(tier2, make_chunk, n) -> None:  # type: ignore[no-untyped-def]
    """Number atoms built by native code (``rt_make_number``) behave as
    ``Grounded(n, NUMBER)``: equality, hash, kind, type, and they are collected. The
    contract: ``_hash`` is None until the first ``hash`` (lazy, as ``Grounded.__init__``
    leaves it), and the atom is not tracked by the cyclic GC (it cannot be in a cycle)."""
    chunk = _IDENTITY.get("neg") or _IDENTITY.setdefault(
        "neg", make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 0), (O.SWAP,), (O.SUB,),
                          (O.RETURN,)))
    native = -n <= VL.INT_MAX
    forget_numbers()  # (an atom of n another case made would come back: NUMBERS)
    arg = num(-n)
    got = tier2.compile(chunk).run([arg]) if native else num(n)
    if got is arg:  # -0: the argument's own atom, from NUMBERS (made by Python)
        return
    del arg
    want = Grounded(n, NUMBER)
    assert type(got) is Grounded
    assert got._hash is None and want._hash is None  # nobody hashed them yet
    if native:
        assert not gc.is_tracked(got)
    assert got == want and hash(got) == hash(want) and {got: 1}[want] == 1
    assert got._hash == want._hash == hash(n)  # cached by ``__hash__``, as Python's
    assert got.kind is int and got.type is NUMBER and got.value == n
    # only ``got`` and the call's argument refer to it, and ``NUMBERS`` to a small one
    assert sys.getrefcount(got) == (3 if native else 2)
    forget_numbers()
    assert sys.getrefcount(got) == 2


def test_native_number_atoms_keep_the_reference_counts(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    """Building and dropping native Number atoms leaves the counts of the shared objects
    they point to (None in ``_hash``, ``Number``, ``int``, ``float``) as they were."""
    add = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 1), (O.ADD,),
                                   (O.RETURN,)))
    half = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.RETURN,)))
    shared = (None, NUMBER, int, float)
    add.run([num(1000)])
    half.run([num(0.5)])
    before = [sys.getrefcount(o) for o in shared]
    for _ in range(10_000):
        add.run([num(1000)])
        half.run([num(0.5)])
    after = [sys.getrefcount(o) for o in shared]
    # None is referred to from everywhere: a few references may come and go meanwhile,
    # a leak (or an over-release) would be 10 000 or 20 000
    assert abs(after[0] - before[0]) < 20 and after[1:] == before[1:]
    kept = [add.run([num(1000 + i)]) for i in range(100)]  # 100 atoms
    forget_numbers()  # (NUMBERS kept them and the arguments)
    with_kept = [sys.getrefcount(o) for o in shared]
    del kept
    freed = [sys.getrefcount(o) for o in shared]
    # from Python 3.12 None and the built-in types are immortal (PEP 683): their count
    # never moves, so only the mortal ones (Number, always; all of them on 3.11) can show
    # one reference per atom
    mortal = [not _immortal(o) for o in shared]
    assert mortal[1] and (sys.version_info >= (3, 12) or all(mortal))
    if mortal[0]:
        assert abs(with_kept[0] - freed[0] - 100) < 5  # one per atom
    assert with_kept[1] - freed[1] == 100
    if mortal[2]:
        assert with_kept[2] - freed[2] == 100
    assert all(w == f for w, f, m in zip(with_kept, freed, mortal, strict=True) if not m)


def test_native_code_gives_back_the_number_atoms_it_met(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    """``helpers.NUMBERS``: an integer native code unboxed from a Number atom, or boxed
    once, is boxed again as that atom (an element moved from list to list keeps its atom:
    no new ``Grounded`` and ``int``); forgetting them drops the cache's references."""
    ident = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.RETURN,)))
    add = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 1), (O.ADD,),
                                   (O.RETURN,)))
    forget_numbers()
    a = num(123456)
    assert ident.run([a]) is a
    made = add.run([num(41)])
    assert made == num(42) and add.run([num(41)]) is made
    assert ident.run([num(10**20)]) == num(10**20)  # big: a handle, never in NUMBERS
    assert ident.run([num(2.5)]) == num(2.5)
    held = sys.getrefcount(a)
    forget_numbers()
    assert sys.getrefcount(a) == held - 1  # the cache's reference
    assert add.run([num(41)]) is not made and add.run([num(41)]) == made


def _immortal(o: object) -> bool:
    """An object whose reference count does not move (PEP 683, Python 3.12 on)."""
    before = sys.getrefcount(o)
    refs = [o, o, o]
    return sys.getrefcount(o) == before and len(refs) == 3


def test_native_numbers_do_not_leak(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = tier2.compile(make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 1), (O.ADD,),
                                    (O.RETURN,)))
    arg = [num(1000)]
    for _ in range(1000):
        unit.run(arg)
    gc.collect()
    blocks = sys.getallocatedblocks()
    for _ in range(20000):
        unit.run(arg)
    gc.collect()
    assert sys.getallocatedblocks() - blocks < 100
