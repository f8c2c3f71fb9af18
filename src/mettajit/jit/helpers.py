"""The runtime helper table of tier 2, declared once, and the runtime contract around it.

This module owns:

* ``BailReason``: the status codes compiled units return (0 is success), and ``BAILOUT``,
  the object the Python entry hands back for all of them;
* the CPython facts native code relies on: the C-API functions it calls, the data symbols
  (type objects, ``True``/``False`` atoms...) it compares against, and object layout
  offsets (probed and checked at import, not assumed);
* ``HELPERS``: every runtime helper, ``rt_<verb>_<noun>``, with its native signature and
  its implementation. Helpers native code calls often are NATIVE: their body is LLVM IR
  built here and put, internal, into each module that uses them, so LLVM inlines them (a
  call costs nothing or a few ns). Python callbacks (~1 us a call) would be for rare paths
  only; none is needed yet: even the big-integer path of ``pow`` calls the C API directly.

``lower`` declares helpers from this table; ``engine`` registers the external symbols
(``CAPI_FUNCTIONS``, ``data_symbols()``) from it. Neither keeps its own list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from llvmlite import ir

from mettajit.interpreter import limits
from mettajit.jit import values as V

# the runtime side (no llvmlite), re-exported: ``helpers.BAILOUT``, ``helpers.set_world``...
from mettajit.jit.runtime import *  # noqa: F403
from mettajit.jit.runtime import (
    ARENA_CAP,
    ARENA_ITEMS,
    ARENA_LIMIT,
    ARENA_N,
    COMPACT_LONGS,
    EXPRESSION_OFFSETS,
    EXPRESSION_SIZE,
    FLOAT_VALUE_OFFSET,
    GC_HEAD_SIZE,
    GROUNDED_OFFSETS,
    GROUNDED_SIZE,
    GROUNDED_VALUE_OFFSET,
    HAVE_LONG_LSHIFT,
    LIST_ITEMS_OFFSET,
    LONG_DIGIT_OFFSET,
    NUMBERS_MASK,
    OB_TYPE_OFFSET,
    PTR_SIZE,
    STACK_FLOOR,
    STACK_MAX_DEPTH,
    TUPLE_ITEMS_OFFSET,
    VAR_SIZE_OFFSET,
    WORLD_MARK,
    WORLD_N_TOKENS,
    WORLD_TOKENS,
    WORLD_VALUE,
    WORLD_VAR_RULES,
)

I8P: Final = ir.IntType(8).as_pointer()
I32: Final = ir.IntType(32)
I64: Final = V.I64
I1: Final = V.I1
DOUBLE: Final = ir.DoubleType()


# name -> (return type, argument types): the C-API functions native code calls.
CAPI_FUNCTIONS: Final[dict[str, tuple[ir.Type, tuple[ir.Type, ...]]]] = {
    "PyLong_FromLongLong": (I8P, (I64,)),
    "PyLong_AsLongLongAndOverflow": (I64, (I8P, I32.as_pointer())),
    "PyFloat_FromDouble": (I8P, (DOUBLE,)),
    "PyNumber_Power": (I8P, (I8P, I8P, I8P)),
    "PyNumber_Lshift": (I8P, (I8P, I8P)),
    "Py_IncRef": (ir.VoidType(), (I8P,)),
    "Py_DecRef": (ir.VoidType(), (I8P,)),
    "PyErr_Clear": (ir.VoidType(), ()),
    "_PyObject_GC_New": (I8P, (I8P,)),
    "PyErr_CheckSignals": (I32, ()),
    "PyErr_Occurred": (I8P, ()),
    "PyTuple_New": (I8P, (I64,)),
    "PyObject_GC_UnTrack": (ir.VoidType(), (I8P,)),
    "PyMem_Realloc": (I8P, (I8P, I64)),
    "PyLong_AsLongLong": (I64, (I8P,)),
    "PyMem_Free": (ir.VoidType(), (I8P,)),
    "PyList_New": (I8P, (I64,)),
    "PyList_SetItem": (I32, (I8P, I64, I8P)),
    "PyObject_Malloc": (I8P, (I64,)),
    "PyObject_Init": (I8P, (I8P, I8P)),
    "PyObject_InitVar": (I8P, (I8P, I8P, I64)),
}
if HAVE_LONG_LSHIFT:
    CAPI_FUNCTIONS["_PyLong_Lshift"] = (I8P, (I8P, I64))


_ARENA_TYPE: Final = ir.LiteralStructType([I8P.as_pointer(), I64, I64])
_NUMBER_SLOT: Final = ir.LiteralStructType([I64, I8P])  # ``runtime.NumberSlot``
_WORLD_TYPE: Final = ir.LiteralStructType([I64, I8P, I64, I8P.as_pointer(), I64])


_STACK_TYPE: Final = ir.LiteralStructType([I64, I64])
def emit_stack_ok(b: ir.IRBuilder, depth: ir.Value) -> ir.Value:
    """i1: a native function at ``depth`` may run on (``NativeStack``)."""
    ss = b.module.globals.get("llvm.stacksave")
    if ss is None:
        ss = ir.Function(b.module, ir.FunctionType(I8P, []), "llvm.stacksave")
    stack = b.inttoptr(get_data(b.module, "rt_stack"), _STACK_TYPE.as_pointer())
    floor = b.load(_field(b, stack, STACK_FLOOR))
    max_depth = b.load(_field(b, stack, STACK_MAX_DEPTH))
    sp = b.ptrtoint(b.call(ss, []), I64)
    return b.and_(b.icmp_unsigned(">", sp, floor), b.icmp_signed("<", depth, max_depth))


def emit_step(b: ir.IRBuilder, poll: ir.Block, cont: ir.Block) -> None:
    """Count one native step (``interpreter.limits``): to ``poll`` when the count passes
    the poll mark, else to ``cont``."""
    cells = b.inttoptr(get_data(b.module, "rt_native_steps"), I64.as_pointer())
    count_p = b.gep(cells, [ir.Constant(I64, limits.COUNT)], inbounds=True)
    mark_p = b.gep(cells, [ir.Constant(I64, limits.LIMIT)], inbounds=True)
    n = b.add(b.load(count_p), ir.Constant(I64, 1))
    b.store(n, count_p)
    b.cbranch(b.icmp_signed(">", n, b.load(mark_p)), poll, cont).set_weights([1, 100000])


def native_steps(b: ir.IRBuilder) -> ir.Value:
    """A pointer to the native step count."""
    cells = b.inttoptr(get_data(b.module, "rt_native_steps"), I64.as_pointer())
    return b.gep(cells, [ir.Constant(I64, limits.COUNT)], inbounds=True)


def get_capi(module: ir.Module, name: str) -> ir.Function:
    """The declaration of a C-API function in ``module`` (declared on first use)."""
    try:
        fn = module.get_global(name)
    except KeyError:
        ret, args = CAPI_FUNCTIONS[name]
        fn = ir.Function(module, ir.FunctionType(ret, args), name)
    assert isinstance(fn, ir.Function)
    return fn


def get_data(module: ir.Module, name: str) -> ir.Value:
    """An external data symbol as an i64 address."""
    try:
        gv = module.get_global(name)
    except KeyError:
        gv = ir.GlobalVariable(module, ir.IntType(8), name)
        gv.linkage = "extern_weak"  # the process's: filled when loaded (``jit.sharedobj``)
    return gv.ptrtoint(I64)


# ---------------------------------------------------------------------------------------
# The helper table


@dataclass(frozen=True, slots=True)
class Helper:
    """One runtime helper: name, native signature, implementation (an IR body builder)."""

    name: str
    ret: ir.Type
    args: tuple[ir.Type, ...]
    doc: str
    build: Callable[[ir.Function], None]
    shared: bool = False  # compiled once into the runtime module; units only declare it


def _ptr(b: ir.IRBuilder, addr: ir.Value, offset: int, ty: ir.Type) -> ir.Value:
    """A typed pointer to ``addr + offset``."""
    if offset:
        addr = b.add(addr, ir.Constant(I64, offset))
    return b.inttoptr(addr, ty.as_pointer())


def _build_load_constant(fn: ir.Function) -> None:
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    pool, index = fn.args
    b.ret(b.load(b.gep(pool, [index], inbounds=True)))


def _build_pow_small(fn: ir.Function) -> None:
    """Exponentiation by squaring on i64 (exp >= 0); ``ok`` is false on i64 overflow."""
    base, exp = fn.args
    rty = fn.function_type.return_type
    entry = fn.append_basic_block("entry")
    loop = fn.append_basic_block("loop")
    step = fn.append_basic_block("step")
    mult = fn.append_basic_block("mult")
    square = fn.append_basic_block("square")
    next_ = fn.append_basic_block("next")
    done = fn.append_basic_block("done")
    fail = fn.append_basic_block("fail")
    b = ir.IRBuilder(entry)
    b.branch(loop)
    b.position_at_end(loop)
    r = b.phi(I64, "r")
    x = b.phi(I64, "x")
    e = b.phi(I64, "e")
    r.add_incoming(ir.Constant(I64, 1), entry)
    x.add_incoming(base, entry)
    e.add_incoming(exp, entry)
    b.cbranch(b.icmp_signed("==", e, ir.Constant(I64, 0)), done, step)
    b.position_at_end(step)
    odd = b.trunc(e, I1)
    b.cbranch(odd, mult, square)
    b.position_at_end(mult)
    rm = b.smul_with_overflow(r, x)
    rm_value = b.extract_value(rm, 0)
    b.cbranch(b.extract_value(rm, 1), fail, square)
    b.position_at_end(square)
    r2 = b.phi(I64, "r2")
    r2.add_incoming(r, step)
    r2.add_incoming(rm_value, mult)
    e2 = b.lshr(e, ir.Constant(I64, 1))
    # no squaring after the last bit: it could overflow for nothing
    last = b.icmp_signed("==", e2, ir.Constant(I64, 0))
    b.cbranch(last, done, next_)
    b.position_at_end(next_)
    xs = b.smul_with_overflow(x, x)
    xs_value = b.extract_value(xs, 0)
    b.cbranch(b.extract_value(xs, 1), fail, loop)
    r.add_incoming(r2, next_)
    x.add_incoming(xs_value, next_)
    e.add_incoming(e2, next_)
    b.position_at_end(done)
    res = b.phi(I64, "res")
    res.add_incoming(r, loop)
    res.add_incoming(r2, square)
    ok = ir.Constant(rty, ir.Undefined)
    ok = b.insert_value(ok, res, 0)
    b.ret(b.insert_value(ok, ir.Constant(I1, 1), 1))
    b.position_at_end(fail)
    b.ret(ir.Constant(rty, [ir.Constant(I64, 0), ir.Constant(I1, 0)]))


def _build_pow_big(fn: ir.Function) -> None:
    """The exact power as a new Python int, through the C API; NULL (error cleared) on failure.

    A power of two to any power is a shift: 2**65536 costs ~0.1 us that way and ~130 us
    through the general algorithm (CPython's long_pow squares the growing number)."""
    m = fn.module
    base, exp = fn.args
    entry = fn.append_basic_block("entry")
    shift = fn.append_basic_block("shift")
    general = fn.append_basic_block("general")
    out = fn.append_basic_block("out")
    b = ir.IRBuilder(entry)
    from_ll = get_capi(m, "PyLong_FromLongLong")
    decref = get_capi(m, "Py_DecRef")
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    pow2 = b.and_(b.icmp_signed(">", base, zero),
                  b.icmp_signed("==", b.and_(base, b.sub(base, one)), zero))
    b.cbranch(pow2, shift, general)
    b.position_at_end(shift)
    tz = b.cttz(base, ir.Constant(I1, 0))
    lhs = b.call(from_ll, [one])  # the cached small int 1
    if HAVE_LONG_LSHIFT:
        r1 = b.call(get_capi(m, "_PyLong_Lshift"), [lhs, b.mul(tz, exp)])
    else:
        rhs = b.call(from_ll, [b.mul(tz, exp)])
        r1 = b.call(get_capi(m, "PyNumber_Lshift"), [lhs, rhs])
        b.call(decref, [rhs])
    b.call(decref, [lhs])
    b.branch(out)
    b.position_at_end(general)
    lhs2 = b.call(from_ll, [base])
    rhs2 = b.call(from_ll, [exp])
    none = b.inttoptr(get_data(m, "_Py_NoneStruct"), I8P)
    r2 = b.call(get_capi(m, "PyNumber_Power"), [lhs2, rhs2, none])
    b.call(decref, [lhs2])
    b.call(decref, [rhs2])
    b.branch(out)
    b.position_at_end(out)
    r = b.phi(I8P)
    r.add_incoming(r1, shift)
    r.add_incoming(r2, general)
    with b.if_then(b.icmp_unsigned("==", r, ir.Constant(I8P, None)), likely=False):
        b.call(get_capi(m, "PyErr_Clear"), [])
    b.ret(r)


def _build_release_arena(fn: ir.Function) -> None:
    """Drop the references a unit made (its heap results), newest first."""
    arena, n = fn.args
    entry = fn.append_basic_block("entry")
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    done = fn.append_basic_block("done")
    b = ir.IRBuilder(entry)
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(n, entry)
    b.cbranch(b.icmp_signed(">", i, ir.Constant(I64, 0)), body, done)
    b.position_at_end(body)
    j = b.sub(i, ir.Constant(I64, 1))
    b.call(get_capi(fn.module, "Py_DecRef"), [b.load(b.gep(arena, [j], inbounds=True))])
    i.add_incoming(j, body)
    b.branch(loop)
    b.position_at_end(done)
    b.ret_void()


def _build_unbox_object(fn: ir.Function) -> None:
    """The word of a Python object (an argument atom); handles are borrowed."""
    m = fn.module
    (obj,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    addr = b.ptrtoint(obj, I64)

    def type_of(a: ir.Value) -> ir.Value:
        return b.load(_ptr(b, a, OB_TYPE_OFFSET, I64))

    def is_(a: ir.Value, data: str) -> ir.Value:
        return b.icmp_unsigned("==", a, get_data(m, data))

    handle = V.emit_box_address(b, addr, V.Tag.HANDLE)
    ty = type_of(addr)
    with b.if_then(is_(ty, "rt_type_symbol")):
        nil = is_(addr, "rt_symbol_nil")
        b.ret(b.select(nil, V.word_const(V.WORD_NIL), V.emit_box_address(b, addr, V.Tag.SYMBOL)))
    with b.if_then(is_(addr, "rt_atom_unit")):
        b.ret(V.word_const(V.WORD_UNIT))
    with b.if_then(b.icmp_unsigned("!=", ty, get_data(m, "rt_type_grounded"))):
        b.ret(handle)  # expressions, variables
    val = b.load(_ptr(b, addr, GROUNDED_VALUE_OFFSET, I64))
    vty = type_of(val)
    with b.if_then(is_(val, "_Py_TrueStruct")):
        b.ret(V.word_const(V.WORD_TRUE))
    with b.if_then(is_(val, "_Py_FalseStruct")):
        b.ret(V.word_const(V.WORD_FALSE))
    with b.if_then(is_(vty, "PyFloat_Type")):
        d = b.load(_ptr(b, val, FLOAT_VALUE_OFFSET, DOUBLE))
        b.ret(V.emit_canonical_double(b, d))
    with b.if_then(b.icmp_unsigned("!=", vty, get_data(m, "PyLong_Type"))):
        b.ret(handle)  # strings, spaces, states, operations: the atom itself
    if COMPACT_LONGS:  # at most one digit (|v| < 2**30): sign times digit, no call
        size = b.load(_ptr(b, val, VAR_SIZE_OFFSET, I64))
        one_digit = b.icmp_unsigned("<=", b.add(size, ir.Constant(I64, 1)), ir.Constant(I64, 2))
        with b.if_then(one_digit, likely=True):
            digit = b.zext(b.load(_ptr(b, val, LONG_DIGIT_OFFSET, I32)), I64)
            small = b.mul(size, digit)
            number = b.load(_ptr(b, addr, GROUNDED_OFFSETS["type"], I64))
            with b.if_then(is_(number, "rt_symbol_number")):
                _remember_number(b, obj, small)
            b.ret(V.emit_box_int(b, small))
    ovf = b.alloca(I32)
    v = b.call(get_capi(m, "PyLong_AsLongLongAndOverflow"), [b.inttoptr(val, I8P), ovf])
    small = b.and_(b.icmp_signed("==", b.load(ovf), ir.Constant(I32, 0)), V.emit_fits_int(b, v))
    with b.if_then(small, likely=True):  # (any layout: the same ``NUMBERS`` entry as above)
        number = b.load(_ptr(b, addr, GROUNDED_OFFSETS["type"], I64))
        with b.if_then(is_(number, "rt_symbol_number")):
            _remember_number(b, obj, v)
        b.ret(V.emit_box_int(b, v))
    b.ret(handle)  # big: the atom, as ``box`` does


def _build_box_word(fn: ir.Function) -> None:
    """A new reference to the atom of a result word (a HANDLE's reference is passed on, not
    copied); NULL with an error set if memory runs out."""
    m = fn.module
    (w,) = fn.args
    entry = fn.append_basic_block("entry")
    b = ir.IRBuilder(entry)
    incref = get_capi(m, "Py_IncRef")

    def ret_new(addr: ir.Value) -> None:
        p = b.inttoptr(addr, I8P)
        b.call(incref, [p])
        b.ret(p)

    make = get_helper(m, "rt_make_number")
    with b.if_then(V.emit_is_double(b, w)):
        b.ret(b.call(make, [b.call(get_capi(m, "PyFloat_FromDouble"),
                                   [V.emit_double_of(b, w)])]))
    tag = V.emit_tag(b, w)
    payload = V.emit_payload(b, w)
    blocks = {t: fn.append_basic_block(t.name.lower()) for t in V.Tag}
    sw = b.switch(tag, blocks[V.Tag.HANDLE])
    for t, blk in blocks.items():
        sw.add_case(ir.Constant(I64, int(t)), blk)
    b.position_at_end(blocks[V.Tag.INT])
    v = V.emit_unbox_int(b, w)
    slot = _number_slot(b, v)
    known = b.load(b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)], inbounds=True))
    same = b.icmp_signed("==", b.load(b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)],
                                            inbounds=True)), v)
    with b.if_then(b.and_(same, b.icmp_unsigned("!=", known, ir.Constant(I8P, None))),
                   likely=True):
        b.call(incref, [known])
        b.ret(known)
    made = b.call(make, [b.call(get_capi(m, "PyLong_FromLongLong"), [v])])
    with b.if_then(b.icmp_unsigned("!=", made, ir.Constant(I8P, None)), likely=True):
        _remember_number(b, made, v)
    b.ret(made)
    b.position_at_end(blocks[V.Tag.BOOL])
    truth = V.emit_unbox_bool(b, w)
    ret_new(b.select(truth, get_data(m, "rt_atom_true"), get_data(m, "rt_atom_false")))
    b.position_at_end(blocks[V.Tag.UNIT])
    ret_new(get_data(m, "rt_atom_unit"))
    b.position_at_end(blocks[V.Tag.NIL])
    ret_new(get_data(m, "rt_symbol_nil"))
    b.position_at_end(blocks[V.Tag.SYMBOL])
    ret_new(payload)
    b.position_at_end(blocks[V.Tag.HANDLE])
    obj = b.inttoptr(payload, I8P)
    ty = b.load(_ptr(b, payload, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "PyLong_Type"))):
        b.ret(b.call(make, [obj]))  # a raw int made by native code (pow)
    b.ret(obj)


def _number_slot(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """The ``NUMBERS`` entry of the integer ``v`` (a pointer to ``{i64 value, i8* atom}``)."""
    base = b.inttoptr(get_data(b.module, "rt_numbers"), _NUMBER_SLOT.as_pointer())
    return b.gep(base, [b.and_(v, ir.Constant(I64, NUMBERS_MASK))], inbounds=True)


def _remember_number(b: ir.IRBuilder, atom: ir.Value, v: ir.Value) -> None:
    """Enter the Number atom ``atom`` (borrowed) of the small int ``v`` in ``NUMBERS``:
    the entry takes a reference to it and drops the one it held (a deallocation of a
    ``Grounded``, which runs no Python code)."""
    slot = _number_slot(b, v)
    atom_p = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)], inbounds=True)
    old = b.load(atom_p)
    with b.if_then(b.icmp_unsigned("!=", old, atom)):
        b.call(get_capi(b.module, "Py_IncRef"), [atom])
        b.store(v, b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)], inbounds=True))
        b.store(atom, atom_p)
        b.call(get_capi(b.module, "Py_DecRef"), [old])  # (NULL-safe)


def _untracked_object(b: ir.IRBuilder, ty: ir.Value, size: int | ir.Value,
                      items: ir.Value | None = None) -> ir.Value:
    """A new object of the GC type ``ty`` (``size`` bytes; ``items``: a var-sized one's
    length), untracked and not counted by the collector (``runtime.GC_HEAD_SIZE``); NULL
    (no error set) if memory runs out. Its fields are not set."""
    m = b.module
    total = (ir.Constant(I64, GC_HEAD_SIZE + size) if isinstance(size, int)
             else b.add(size, ir.Constant(I64, GC_HEAD_SIZE)))
    mem = b.call(get_capi(m, "PyObject_Malloc"), [total])
    null = ir.Constant(I8P, None)
    ok = b.icmp_unsigned("!=", mem, null)
    start = b.block
    with b.if_then(ok, likely=True):
        head = b.bitcast(mem, ir.ArrayType(I64, 2).as_pointer())
        b.store(ir.Constant(ir.ArrayType(I64, 2), None), head)
        obj = b.gep(mem, [ir.Constant(I64, GC_HEAD_SIZE)], inbounds=True)
        if items is None:
            b.call(get_capi(m, "PyObject_Init"), [obj, ty])
        else:
            b.call(get_capi(m, "PyObject_InitVar"), [obj, ty, items])
        made = b.block
    r = b.phi(I8P)
    r.add_incoming(obj, made)
    r.add_incoming(null, start)
    return r


def _build_new_tuple(fn: ir.Function) -> None:
    """A new tuple of ``n`` NULL items (to be filled), untracked and uncounted by the
    collector (``_untracked_object``: native terms are acyclic; ``PyTuple_New`` would
    count it and track it, ``rt_new_expression`` untrack it again); NULL if memory runs
    out (no error set)."""
    (n,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    size = b.add(b.mul(n, ir.Constant(I64, PTR_SIZE)), ir.Constant(I64, TUPLE_ITEMS_OFFSET))
    tup = _untracked_object(b, b.inttoptr(get_data(m, "PyTuple_Type"), I8P), size, n)
    with b.if_then(b.icmp_unsigned("!=", tup, ir.Constant(I8P, None)), likely=True):
        items = _ptr(b, b.ptrtoint(tup, I64), TUPLE_ITEMS_OFFSET, I8P)
        loop = fn.append_basic_block("zero")
        body = fn.append_basic_block("zero_body")
        done = fn.append_basic_block("zeroed")
        start = b.block
        b.branch(loop)
        b.position_at_end(loop)
        i = b.phi(I64)
        i.add_incoming(ir.Constant(I64, 0), start)
        b.cbranch(b.icmp_signed("<", i, n), body, done)
        b.position_at_end(body)
        b.store(ir.Constant(I8P, None), b.gep(items, [i], inbounds=True))
        i.add_incoming(b.add(i, ir.Constant(I64, 1)), body)
        b.branch(loop)
        b.position_at_end(done)
    b.ret(tup)


def _build_make_number(fn: ir.Function) -> None:
    """A new Number atom (a ``Grounded``) of a Python int or float, whose reference it takes
    over; NULL (error set) if memory runs out.

    Built as ``Grounded.__init__`` would, except for two things no one can observe through
    the atom's behaviour: ``_hash`` is None (hashing is lazy: ``Grounded.__hash__`` fills it
    when first asked; hashing 2**65536 eagerly cost ~3.6 us), and the atom is not tracked by
    the cyclic GC (``PyObject_GC_New`` without ``PyObject_GC_Track``), as CPython leaves
    tuples of atomic values untracked: its four slots hold an int or a float, None, the
    ``Number`` symbol and the ``int``/``float`` type, none of which can refer back to it,
    so it is never part of a cycle (its deallocation untracks only what is tracked). The
    allocation is the last call that could run a collection: the slots are filled before
    anything else runs."""
    m = fn.module
    (value,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    incref, decref = get_capi(m, "Py_IncRef"), get_capi(m, "Py_DecRef")
    null = ir.Constant(I8P, None)
    with b.if_then(b.icmp_unsigned("==", value, null), likely=False):
        b.ret(null)
    grounded = b.inttoptr(get_data(m, "rt_type_grounded"), I8P)
    obj = _untracked_object(b, grounded, GROUNDED_SIZE)
    with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
        b.call(decref, [value])
        b.ret(null)
    addr = b.ptrtoint(obj, I64)
    number = b.inttoptr(get_data(m, "rt_symbol_number"), I8P)
    none = b.inttoptr(get_data(m, "_Py_NoneStruct"), I8P)
    kind = b.inttoptr(b.load(_ptr(b, b.ptrtoint(value, I64), OB_TYPE_OFFSET, I64)), I8P)
    for item in (number, kind, none):
        b.call(incref, [item])
    for slot, item in (("value", value), ("_hash", none), ("type", number), ("kind", kind)):
        b.store(item, _ptr(b, addr, GROUNDED_OFFSETS[slot], I8P))
    b.ret(obj)


def _build_poll(fn: ir.Function) -> None:
    """The step poll: 0 to go on, 1 to stop. Signals first, natively (a Python
    callback would meet the pending KeyboardInterrupt at its first line, where ctypes
    would swallow it), then ``limits.native_poll`` for the limits and the next mark."""
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    with b.if_then(b.icmp_signed("!=", b.call(get_capi(m, "PyErr_CheckSignals"), []),
                                 ir.Constant(I32, 0))):
        b.ret(ir.Constant(I32, 1))
    try:
        cb = m.get_global("rt_limits_poll")
    except KeyError:
        cb = ir.Function(m, ir.FunctionType(I32, []), "rt_limits_poll")
        cb.linkage = "extern_weak"  # a callback: filled when loaded (``jit.sharedobj``)
    b.ret(b.call(cb, []))


def _build_bailout_object(fn: ir.Function) -> None:
    """A new reference to ``BAILOUT``."""
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    obj = b.inttoptr(get_data(fn.module, "rt_bailout"), I8P)
    b.call(get_capi(fn.module, "Py_IncRef"), [obj])
    b.ret(obj)


def _build_dead_entry(fn: ir.Function) -> None:
    """A METH_FASTCALL entry answering BAILOUT to every call: what the entry of a unit
    whose module was freed points to (``JitEngine``: anything still holding the builtin
    runs the unit in tier 1 instead of jumping into freed code)."""
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    obj = b.inttoptr(get_data(fn.module, "rt_bailout"), I8P)
    b.call(get_capi(fn.module, "Py_IncRef"), [obj])
    b.ret(obj)


def _build_argument_items(fn: ir.Function) -> None:
    """The items of an argument list or tuple of length ``n``, or NULL for anything else."""
    m = fn.module
    seq, n = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    addr = b.ptrtoint(seq, I64)
    null = ir.Constant(I8P.as_pointer(), None)
    size = b.load(_ptr(b, addr, VAR_SIZE_OFFSET, I64))
    with b.if_then(b.icmp_signed("!=", size, n), likely=False):
        b.ret(null)
    ty = b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "PyList_Type")), likely=True):
        items = b.load(_ptr(b, addr, LIST_ITEMS_OFFSET, I8P.as_pointer()))
        # an empty list may have no item array: any non-NULL pointer will do, none is read
        empty = b.icmp_signed("==", n, ir.Constant(I64, 0))
        b.ret(b.select(empty, _ptr(b, addr, 0, I8P), items))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "PyTuple_Type"))):
        b.ret(_ptr(b, addr, TUPLE_ITEMS_OFFSET, I8P))
    b.ret(null)


def _build_incref_handle(fn: ir.Function) -> None:
    """Take a reference to the object of a HANDLE word (other words own nothing)."""
    (w,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    with b.if_then(V.emit_has_tag(b, w, V.Tag.HANDLE)):
        b.call(get_capi(fn.module, "Py_IncRef"), [b.inttoptr(V.emit_payload(b, w), I8P)])
    b.ret_void()


def _build_decref_handle(fn: ir.Function) -> None:
    """Drop the reference a HANDLE result word carries."""
    (w,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    with b.if_then(V.emit_has_tag(b, w, V.Tag.HANDLE)):
        b.call(get_capi(fn.module, "Py_DecRef"), [b.inttoptr(V.emit_payload(b, w), I8P)])
    b.ret_void()


# -- terms: the arena, the world, expressions ----------------------------------------------


def _arena(b: ir.IRBuilder) -> ir.Value:
    return b.inttoptr(get_data(b.module, "rt_arena"), _ARENA_TYPE.as_pointer())


def _field(b: ir.IRBuilder, struct: ir.Value, k: int) -> ir.Value:
    return b.gep(struct, [ir.Constant(I32, 0), ir.Constant(I32, k)], inbounds=True)


def _build_arena_push(fn: ir.Function) -> None:
    """Hand a new reference to the arena: 1, or 0 when it cannot grow (the reference is
    then dropped, which frees the object)."""
    (obj,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    arena = _arena(b)
    n_p = _field(b, arena, ARENA_N)
    n = b.load(n_p)
    with b.if_then(b.icmp_signed("<", n, b.load(_field(b, arena, ARENA_CAP))), likely=True):
        b.store(obj, b.gep(b.load(_field(b, arena, ARENA_ITEMS)), [n], inbounds=True))
        b.store(b.add(n, ir.Constant(I64, 1)), n_p)
        b.ret(ir.Constant(I32, 1))
    b.ret(b.call(get_helper(fn.module, "rt_arena_grow"), [obj]))


def _build_arena_grow(fn: ir.Function) -> None:
    (obj,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    arena = _arena(b)
    n = b.load(_field(b, arena, ARENA_N))
    cap = b.load(_field(b, arena, ARENA_CAP))
    fail = fn.append_basic_block("fail")
    with b.if_then(b.icmp_signed(">=", n, ir.Constant(I64, ARENA_LIMIT)), likely=False):
        b.branch(fail)
    new_cap = b.select(b.icmp_signed("<", cap, ir.Constant(I64, 4096)), ir.Constant(I64, 4096),
                       b.mul(cap, ir.Constant(I64, 2)))
    old = b.bitcast(b.load(_field(b, arena, ARENA_ITEMS)), I8P)
    items = b.call(get_capi(m, "PyMem_Realloc"), [old, b.mul(new_cap, ir.Constant(I64, PTR_SIZE))])
    with b.if_then(b.icmp_unsigned("==", items, ir.Constant(I8P, None)), likely=False):
        b.branch(fail)
    typed = b.bitcast(items, I8P.as_pointer())
    b.store(typed, _field(b, arena, ARENA_ITEMS))
    b.store(new_cap, _field(b, arena, ARENA_CAP))
    b.store(obj, b.gep(typed, [n], inbounds=True))
    b.store(b.add(n, ir.Constant(I64, 1)), _field(b, arena, ARENA_N))
    b.ret(ir.Constant(I32, 1))
    b.position_at_end(fail)
    b.call(get_capi(m, "Py_DecRef"), [obj])
    b.ret(ir.Constant(I32, 0))


def _build_arena_mark(fn: ir.Function) -> None:
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    b.ret(b.load(_field(b, _arena(b), ARENA_N)))


def _build_release_arena_to(fn: ir.Function) -> None:
    """Drop the arena's references above ``mark`` (newest first)."""
    (mark,) = fn.args
    entry = fn.append_basic_block("entry")
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    done = fn.append_basic_block("done")
    b = ir.IRBuilder(entry)
    arena = _arena(b)
    n_p = _field(b, arena, ARENA_N)
    start = b.load(n_p)
    items = b.load(_field(b, arena, ARENA_ITEMS))
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(start, entry)
    b.cbranch(b.icmp_signed(">", i, mark), body, done)
    b.position_at_end(body)
    j = b.sub(i, ir.Constant(I64, 1))
    b.store(j, n_p)  # (a deallocation may run code that makes native objects: never here)
    b.call(get_capi(fn.module, "Py_DecRef"), [b.load(b.gep(items, [j], inbounds=True))])
    i.add_incoming(j, body)
    b.branch(loop)
    b.position_at_end(done)
    b.ret_void()


def _world(b: ir.IRBuilder) -> ir.Value:
    return b.inttoptr(get_data(b.module, "rt_world"), _WORLD_TYPE.as_pointer())


def _build_symbol_inert(fn: ir.Function) -> None:
    """i1: a symbol (its address) evaluates to itself: it is not a token."""
    (sym,) = fn.args
    entry = fn.append_basic_block("entry")
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    b = ir.IRBuilder(entry)
    world = _world(b)
    n = b.load(_field(b, world, WORLD_N_TOKENS))
    toks = b.load(_field(b, world, WORLD_TOKENS))
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(ir.Constant(I64, 0), entry)
    with b.if_then(b.icmp_signed(">=", i, n)):
        b.ret(ir.Constant(I1, 1))
    b.branch(body)
    b.position_at_end(body)
    tok = b.ptrtoint(b.load(b.gep(toks, [i], inbounds=True)), I64)
    with b.if_then(b.icmp_unsigned("==", tok, sym)):
        b.ret(ir.Constant(I1, 0))
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), b.block)
    b.branch(loop)


def _build_mark_equal(fn: ir.Function) -> None:
    """i32: an ``_nf`` object (an int) is the current world's number (``set_world``)."""
    (nf,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    addr = b.ptrtoint(nf, I64)
    ty = b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("!=", ty, get_data(m, "PyLong_Type"))):
        b.ret(ir.Constant(I32, 0))
    v = b.call(get_capi(m, "PyLong_AsLongLong"), [nf])
    with b.if_then(b.icmp_signed("==", v, ir.Constant(I64, -1))):
        b.call(get_capi(m, "PyErr_Clear"), [])  # (an overflow; -1 itself is never a world)
        b.ret(ir.Constant(I32, 0))
    same = b.icmp_signed("==", v, b.load(_field(b, _world(b), WORLD_VALUE)))
    b.ret(b.zext(same, I32))


def _build_expression_inert(fn: ir.Function) -> None:
    """i1: an Expression (its address) is marked in normal form for the current world, or
    is empty (tier 0's ``_quick``)."""
    (addr,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    kids = b.load(_ptr(b, addr, EXPRESSION_OFFSETS["children"], I64))
    with b.if_then(b.icmp_signed("==", b.load(_ptr(b, kids, VAR_SIZE_OFFSET, I64)),
                                 ir.Constant(I64, 0))):
        b.ret(ir.Constant(I1, 1))
    nf = b.load(_ptr(b, addr, EXPRESSION_OFFSETS["_nf"], I8P))
    mark = b.load(_field(b, _world(b), WORLD_MARK))
    with b.if_then(b.icmp_unsigned("==", nf, mark), likely=True):
        b.ret(ir.Constant(I1, 1))
    r = b.call(get_helper(m, "rt_mark_equal"), [nf])
    b.ret(b.icmp_signed("!=", r, ir.Constant(I32, 0)))


def _build_object_inert(fn: ir.Function) -> None:
    """i1: tier 0 evaluates the atom (an object) to itself: a grounded atom, a symbol that
    is no token, a marked or empty expression (a variable, never met here, is not)."""
    (obj,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    addr = b.ptrtoint(obj, I64)
    ty = b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "rt_type_grounded"))):
        b.ret(ir.Constant(I1, 1))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "rt_type_symbol"))):
        b.ret(b.call(get_helper(m, "rt_symbol_inert"), [addr]))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "rt_type_expression"))):
        b.ret(b.call(get_helper(m, "rt_expression_inert"), [addr]))
    b.ret(ir.Constant(I1, 0))


def _build_own_word(fn: ir.Function) -> None:
    """A new reference to the atom of a word (a HANDLE's object is borrowed: increfed);
    NULL with an error set if memory runs out."""
    (w,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    with b.if_then(V.emit_has_tag(b, w, V.Tag.HANDLE)):
        p = b.inttoptr(V.emit_payload(b, w), I8P)
        b.call(get_capi(fn.module, "Py_IncRef"), [p])
        b.ret(p)
    b.ret(b.call(get_helper(fn.module, "rt_box_word"), [w]))


def _build_new_expression(fn: ir.Function) -> None:
    """An Expression of a filled tuple (its reference taken over), as ``Expression``'s
    ``__init__`` makes it, ``_ground`` True (native terms are ground) and ``_nf`` the
    world's mark when every child is inert (as ``Interpreter.as_data`` marks data); not
    tracked by the cyclic GC, nor is the tuple (atoms are immutable: their children were
    made before them). Handed to the arena: a borrowed pointer, or NULL (no memory)."""
    (tup,) = fn.args
    m = fn.module
    entry = fn.append_basic_block("entry")
    b = ir.IRBuilder(entry)
    incref, decref = get_capi(m, "Py_IncRef"), get_capi(m, "Py_DecRef")
    null = ir.Constant(I8P, None)
    taddr = b.ptrtoint(tup, I64)
    b.call(get_capi(m, "PyObject_GC_UnTrack"), [tup])
    n = b.load(_ptr(b, taddr, VAR_SIZE_OFFSET, I64))
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    done = fn.append_basic_block("done")
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(ir.Constant(I64, 0), entry)
    inert = b.phi(I1)
    inert.add_incoming(ir.Constant(I1, 1), entry)
    b.cbranch(b.and_(inert, b.icmp_signed("<", i, n)), body, done)
    b.position_at_end(body)
    item = b.load(b.gep(_ptr(b, taddr, TUPLE_ITEMS_OFFSET, I8P), [i], inbounds=True))
    ok = b.call(get_helper(m, "rt_object_inert"), [item])
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), b.block)
    inert.add_incoming(ok, b.block)
    b.branch(loop)
    b.position_at_end(done)
    expr_type = b.inttoptr(get_data(m, "rt_type_expression"), I8P)
    obj = _untracked_object(b, expr_type, EXPRESSION_SIZE)
    with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
        b.call(decref, [tup])
        b.ret(null)
    addr = b.ptrtoint(obj, I64)
    mark = b.select(inert, b.load(_field(b, _world(b), WORLD_MARK)),
                    b.inttoptr(get_data(m, "rt_int_minus_one"), I8P))
    none = b.inttoptr(get_data(m, "_Py_NoneStruct"), I8P)
    true = b.inttoptr(get_data(m, "_Py_TrueStruct"), I8P)
    for item in (mark, none, true):
        b.call(incref, [item])
    for slot, item in (("children", tup), ("_hash", none), ("_ground", true), ("_nf", mark)):
        b.store(item, _ptr(b, addr, EXPRESSION_OFFSETS[slot], I8P))
    pushed = b.call(get_helper(m, "rt_arena_push"), [obj])
    b.ret(b.select(b.icmp_signed("!=", pushed, ir.Constant(I32, 0)), obj, null))


def _build_unbox_child(fn: ir.Function) -> None:
    """The word of an element of an expression: expressions and symbols inline, others
    through ``rt_unbox_object`` (borrowed, as the expression holds it)."""
    (obj,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    addr = b.ptrtoint(obj, I64)
    ty = b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "rt_type_expression")), likely=True):
        unit = b.icmp_unsigned("==", addr, get_data(m, "rt_atom_unit"))
        b.ret(b.select(unit, V.word_const(V.WORD_UNIT), V.emit_box_address(b, addr, V.Tag.HANDLE)))
    b.ret(b.call(get_helper(m, "rt_unbox_object"), [obj]))


def _build_word_inert(fn: ir.Function) -> None:
    """i1: tier 0 evaluates the (ground) atom of a word to itself (``inert``'s cases that
    need no walk: numbers, Bools, (), symbols that are no token, grounded atoms, marked
    expressions)."""
    (w,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    with b.if_then(V.emit_is_double(b, w)):
        b.ret(ir.Constant(I1, 1))
    tag = V.emit_tag(b, w)
    payload = V.emit_payload(b, w)
    with b.if_then(b.icmp_unsigned("<=", tag, ir.Constant(I64, int(V.Tag.UNIT)))):
        b.ret(ir.Constant(I1, 1))  # INT, BOOL, UNIT
    with b.if_then(b.icmp_unsigned("==", tag, ir.Constant(I64, int(V.Tag.NIL)))):
        b.ret(b.call(get_helper(m, "rt_symbol_inert"), [get_data(m, "rt_symbol_nil")]))
    with b.if_then(b.icmp_unsigned("==", tag, ir.Constant(I64, int(V.Tag.SYMBOL)))):
        b.ret(b.call(get_helper(m, "rt_symbol_inert"), [payload]))
    ty = b.load(_ptr(b, payload, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("==", ty, get_data(m, "rt_type_expression")), likely=True):
        b.ret(b.call(get_helper(m, "rt_expression_inert"), [payload]))
    b.ret(b.icmp_unsigned("==", ty, get_data(m, "rt_type_grounded")))


def _build_word_callable(fn: ir.Function) -> None:
    """i1: a (ground) word may be a call's argument as the VM makes calls: not Empty, not
    an Error expression (the VM's ``ok``)."""
    (w,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    empty = V.emit_box_address(b, get_data(m, "rt_symbol_empty"), V.Tag.SYMBOL)
    with b.if_then(b.icmp_unsigned("==", w, empty)):
        b.ret(ir.Constant(I1, 0))
    with b.if_then(b.not_(V.emit_has_tag(b, w, V.Tag.HANDLE)), likely=True):
        b.ret(ir.Constant(I1, 1))
    payload = V.emit_payload(b, w)
    ty = b.load(_ptr(b, payload, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("!=", ty, get_data(m, "rt_type_expression"))):
        b.ret(ir.Constant(I1, 1))
    kids = b.load(_ptr(b, payload, EXPRESSION_OFFSETS["children"], I64))
    with b.if_then(b.icmp_signed("==", b.load(_ptr(b, kids, VAR_SIZE_OFFSET, I64)),
                                 ir.Constant(I64, 0))):
        b.ret(ir.Constant(I1, 1))
    head = b.load(_ptr(b, kids, TUPLE_ITEMS_OFFSET, I64))
    b.ret(b.icmp_unsigned("!=", head, get_data(m, "rt_symbol_error")))



# -- the native forms of term operations (``jit.terms.NATIVE_OPS``) ---------------------


def _for_range(b: ir.IRBuilder, start: ir.Value, stop: ir.Value,
               body: Callable[[ir.Value], None]) -> None:
    """``for i in range(start, stop): body(i)`` (``body`` emits straight-line code)."""
    fn = b.function
    loop, step, done = (fn.append_basic_block(n) for n in ("for", "for_body", "for_done"))
    before = b.block
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(start, before)
    b.cbranch(b.icmp_signed("<", i, stop), step, done)
    b.position_at_end(step)
    body(i)
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), b.block)
    b.branch(loop)
    b.position_at_end(done)


def _expression_or_bail(b: ir.IRBuilder, w: ir.Value) -> tuple[ir.Value, ir.Value]:
    """(the children tuple's address, its length) of the expression word ``w``; any other
    word returns WORD_BAIL."""
    bail = V.word_const(V.WORD_BAIL)
    with b.if_then(b.not_(V.emit_has_tag(b, w, V.Tag.HANDLE)), likely=False):
        b.ret(bail)
    addr = V.emit_payload(b, w)
    ty = b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64))
    with b.if_then(b.icmp_unsigned("!=", ty, get_data(b.module, "rt_type_expression")),
                   likely=False):
        b.ret(bail)
    kids = b.load(_ptr(b, addr, EXPRESSION_OFFSETS["children"], I64))
    return kids, b.load(_ptr(b, kids, VAR_SIZE_OFFSET, I64))


def _kid(b: ir.IRBuilder, kids: ir.Value, i: ir.Value) -> ir.Value:
    return b.load(b.gep(_ptr(b, kids, TUPLE_ITEMS_OFFSET, I8P), [i], inbounds=True))


def _copy_kids(b: ir.IRBuilder, kids: ir.Value, start: ir.Value, stop: ir.Value,
               tup: ir.Value, shift: ir.Value) -> None:
    """Items ``start..stop`` of ``kids`` into the new tuple ``tup`` at ``i + shift``, each
    with a new reference."""
    items = _ptr(b, b.ptrtoint(tup, I64), TUPLE_ITEMS_OFFSET, I8P)

    def one(i: ir.Value) -> None:
        obj = _kid(b, kids, i)
        b.call(get_capi(b.module, "Py_IncRef"), [obj])
        b.store(obj, b.gep(items, [b.add(i, shift)], inbounds=True))

    _for_range(b, start, stop, one)


def _expression_word(b: ir.IRBuilder, tup: ir.Value) -> ir.Value:
    """The HANDLE word of ``rt_new_expression`` of a filled tuple; WORD_BAIL is returned
    if memory runs out."""
    e = b.call(get_helper(b.module, "rt_new_expression"), [tup])
    with b.if_then(b.icmp_unsigned("==", e, ir.Constant(I8P, None)), likely=False):
        b.call(get_capi(b.module, "PyErr_Clear"), [])
        b.ret(V.word_const(V.WORD_BAIL))
    return V.emit_box_address(b, b.ptrtoint(e, I64), V.Tag.HANDLE)


def _new_tuple_or_bail(b: ir.IRBuilder, n: ir.Value) -> ir.Value:
    tup = b.call(get_helper(b.module, "rt_new_tuple"), [n])
    with b.if_then(b.icmp_unsigned("==", tup, ir.Constant(I8P, None)), likely=False):
        b.ret(V.word_const(V.WORD_BAIL))
    return tup


def _inert_data(b: ir.IRBuilder, head: ir.Value, kids: ir.Value, start: ir.Value,
                stop: ir.Value) -> ir.Value:
    """i1: an expression of the word ``head`` and the items ``start..stop`` of ``kids``
    evaluates to itself by ``bytecode.inert``'s walk, a case of it that needs no walk: no
    rule with a variable head, ``head`` a number or a Bool (no operation, no rules), every
    element inert (``rt_word_inert``: marked expressions, symbols that are no token...)
    and no ``Empty`` or Error expression (``rt_word_callable``)."""
    m = b.module
    at_entry = ir.IRBuilder()
    at_entry.position_at_start(b.function.entry_basic_block)
    ok = at_entry.alloca(I1)  # (in the entry block: mem2reg makes it a register)
    no_var_rules = b.icmp_signed("==", b.load(_field(b, _world(b), WORLD_VAR_RULES)),
                                 ir.Constant(I64, 0))
    plain = b.or_(V.emit_is_double(b, head),
                  b.or_(V.emit_has_tag(b, head, V.Tag.INT), V.emit_has_tag(b, head, V.Tag.BOOL)))
    b.store(b.and_(no_var_rules, plain), ok)

    def check(i: ir.Value) -> None:
        cw = b.call(get_helper(m, "rt_unbox_child"), [_kid(b, kids, i)])
        good = b.and_(b.call(get_helper(m, "rt_word_inert"), [cw]),
                      b.call(get_helper(m, "rt_word_callable"), [cw]))
        b.store(b.and_(b.load(ok), good), ok)

    _for_range(b, start, stop, check)
    return b.load(ok)


def _build_car_atom(fn: ir.Function) -> None:
    """``(car-atom e)``: the first element's word; WORD_BAIL for no expression, ``()``,
    or an element tier 1 would evaluate again (a non-empty expression not marked in
    normal form: ``car-atom`` returns ``%Undefined%``)."""
    (w,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    kids, n = _expression_or_bail(b, w)
    with b.if_then(b.icmp_signed("==", n, ir.Constant(I64, 0)), likely=False):
        b.ret(V.word_const(V.WORD_BAIL))
    first = b.call(get_helper(m, "rt_unbox_child"), [_kid(b, kids, ir.Constant(I64, 0))])
    with b.if_then(V.emit_has_tag(b, first, V.Tag.HANDLE)):
        addr = V.emit_payload(b, first)
        is_expr = b.icmp_unsigned("==", b.load(_ptr(b, addr, OB_TYPE_OFFSET, I64)),
                                  get_data(m, "rt_type_expression"))
        with b.if_then(is_expr):
            inert = b.call(get_helper(m, "rt_expression_inert"), [addr])  # (only then)
            with b.if_then(b.not_(inert)):
                b.ret(V.word_const(V.WORD_BAIL))
    b.ret(first)


def _build_cdr_atom(fn: ir.Function) -> None:
    """``(cdr-atom e)``: ``()`` for one element, else a new expression of the others,
    given only when tier 1's evaluation of it (``cdr-atom`` returns ``Expression``) would
    give it as is by ``bytecode.inert``'s walk: no rule with a variable head, its head a
    number or a Bool (no operation), every element inert and no Error or ``Empty``;
    WORD_BAIL otherwise, and for no expression or ``()``."""
    (w,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    bail = V.word_const(V.WORD_BAIL)
    kids, n = _expression_or_bail(b, w)
    one = ir.Constant(I64, 1)
    with b.if_then(b.icmp_signed("<", n, one), likely=False):
        b.ret(bail)
    with b.if_then(b.icmp_signed("==", n, one)):
        b.ret(V.word_const(V.WORD_UNIT))
    head = b.call(get_helper(m, "rt_unbox_child"), [_kid(b, kids, one)])
    with b.if_then(b.not_(_inert_data(b, head, kids, ir.Constant(I64, 2), n))):
        b.ret(bail)
    tup = _new_tuple_or_bail(b, b.sub(n, one))
    _copy_kids(b, kids, one, n, tup, ir.Constant(I64, -1))
    b.ret(_expression_word(b, tup))


def _build_cons_atom(fn: ir.Function) -> None:
    """``(cons-atom h t)`` of an expression ``t`` (or ``()``): a new expression of ``h``
    and ``t``'s elements (``cons-atom`` returns ``Atom``: it is not evaluated), marked in
    normal form only when it certainly is (``_inert_data``: a mark is what tier 0 trusts,
    so a later native ``LOAD_EVAL`` of the list needs no walk), else unmarked as tier 1's;
    WORD_BAIL for any other ``t`` (the operation's Error) or when memory runs out."""
    h, t = fn.args
    m = fn.module
    entry = fn.append_basic_block("entry")
    b = ir.IRBuilder(entry)
    unit = fn.append_basic_block("unit")
    expr = fn.append_basic_block("expr")
    build = fn.append_basic_block("build")
    b.cbranch(b.icmp_unsigned("==", t, V.word_const(V.WORD_UNIT)), unit, expr)
    b.position_at_end(unit)
    b.branch(build)
    b.position_at_end(expr)
    kids_e, n_e = _expression_or_bail(b, t)
    expr_end = b.block
    b.branch(build)
    b.position_at_end(build)
    kids = b.phi(I64)
    kids.add_incoming(ir.Constant(I64, 0), unit)
    kids.add_incoming(kids_e, expr_end)
    n = b.phi(I64)
    n.add_incoming(ir.Constant(I64, 0), unit)
    n.add_incoming(n_e, expr_end)
    tup = _new_tuple_or_bail(b, b.add(n, ir.Constant(I64, 1)))
    first = b.call(get_helper(m, "rt_own_word"), [h])
    with b.if_then(b.icmp_unsigned("==", first, ir.Constant(I8P, None)), likely=False):
        b.call(get_capi(m, "Py_DecRef"), [tup])  # (its items are NULL)
        b.call(get_capi(m, "PyErr_Clear"), [])
        b.ret(V.word_const(V.WORD_BAIL))
    b.store(first, _ptr(b, b.ptrtoint(tup, I64), TUPLE_ITEMS_OFFSET, I8P))
    _copy_kids(b, kids, ir.Constant(I64, 0), n, tup, ir.Constant(I64, 1))
    word = _expression_word(b, tup)
    with b.if_then(b.not_(_inert_data(b, h, kids, ir.Constant(I64, 0), n))):
        nf = _ptr(b, V.emit_payload(b, word), EXPRESSION_OFFSETS["_nf"], I8P)
        old = b.load(nf)
        minus_one = b.inttoptr(get_data(m, "rt_int_minus_one"), I8P)
        b.call(get_capi(m, "Py_IncRef"), [minus_one])
        b.store(minus_one, nf)
        b.call(get_capi(m, "Py_DecRef"), [old])
    b.ret(word)


# ---------------------------------------------------------------------------------------
# Collectors (``jit.nondet``): the results of a multi function, words appended in order.
# ``{i64* items, i64 n, i64 cap}``, zeroed by its owner (an alloca), storage from PyMem,
# freed by its owner (``rt_collect_free``) once read and on every bail-out path.

COLLECTOR_TYPE: Final = ir.LiteralStructType([I64.as_pointer(), I64, I64])
COLL_ITEMS, COLL_N, COLL_CAP = 0, 1, 2
COLLECTOR_LIMIT: Final = 1 << 26  # results one collector holds: past that, NO_MEMORY


def _build_collect_push(fn: ir.Function) -> None:
    """Append a word: 1, or 0 when the collector cannot grow."""
    coll, w = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    n_p = _field(b, coll, COLL_N)
    n = b.load(n_p)
    with b.if_then(b.icmp_signed("<", n, b.load(_field(b, coll, COLL_CAP))), likely=True):
        b.store(w, b.gep(b.load(_field(b, coll, COLL_ITEMS)), [n], inbounds=True))
        b.store(b.add(n, ir.Constant(I64, 1)), n_p)
        b.ret(ir.Constant(I32, 1))
    b.ret(b.call(get_helper(fn.module, "rt_collect_grow"), [coll, w]))


def _build_collect_grow(fn: ir.Function) -> None:
    coll, w = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    n = b.load(_field(b, coll, COLL_N))
    cap = b.load(_field(b, coll, COLL_CAP))
    with b.if_then(b.icmp_signed(">=", n, ir.Constant(I64, COLLECTOR_LIMIT)), likely=False):
        b.ret(ir.Constant(I32, 0))
    new_cap = b.select(b.icmp_signed("<", cap, ir.Constant(I64, 8)), ir.Constant(I64, 8),
                       b.mul(cap, ir.Constant(I64, 2)))
    old = b.bitcast(b.load(_field(b, coll, COLL_ITEMS)), I8P)
    items = b.call(get_capi(m, "PyMem_Realloc"), [old, b.mul(new_cap, ir.Constant(I64, 8))])
    with b.if_then(b.icmp_unsigned("==", items, ir.Constant(I8P, None)), likely=False):
        b.ret(ir.Constant(I32, 0))
    typed = b.bitcast(items, I64.as_pointer())
    b.store(typed, _field(b, coll, COLL_ITEMS))
    b.store(new_cap, _field(b, coll, COLL_CAP))
    b.store(w, b.gep(typed, [n], inbounds=True))
    b.store(b.add(n, ir.Constant(I64, 1)), _field(b, coll, COLL_N))
    b.ret(ir.Constant(I32, 1))


def _build_collect_free(fn: ir.Function) -> None:
    """Free a collector's storage and zero it (a zeroed one: nothing to free)."""
    (coll,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    items_p = _field(b, coll, COLL_ITEMS)
    items = b.load(items_p)
    with b.if_then(b.icmp_unsigned("!=", items, ir.Constant(items.type, None))):
        b.call(get_capi(fn.module, "PyMem_Free"), [b.bitcast(items, I8P)])
    b.store(ir.Constant(items.type, None), items_p)
    b.store(ir.Constant(I64, 0), _field(b, coll, COLL_N))
    b.store(ir.Constant(I64, 0), _field(b, coll, COLL_CAP))
    b.ret_void()


def _collect_loop(fn: ir.Function, b: ir.IRBuilder, coll: ir.Value,
                  each: Callable[[ir.IRBuilder, ir.Value, ir.Value], None]) -> None:
    """``each(b, i, word)`` for every word of the collector, in order."""
    n = b.load(_field(b, coll, COLL_N))
    items = b.load(_field(b, coll, COLL_ITEMS))
    head = b.block
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    done = fn.append_basic_block("done")
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(ir.Constant(I64, 0), head)
    b.cbranch(b.icmp_signed("<", i, n), body, done)
    b.position_at_end(body)
    each(b, i, b.load(b.gep(items, [i], inbounds=True)))
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), b.block)
    b.branch(loop)
    b.position_at_end(done)


def _build_collect_list(fn: ir.Function) -> None:
    """A new Python list of the atoms of a collector's words (NULL, no error set: no
    memory)."""
    (coll,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    null = ir.Constant(I8P, None)
    lst = b.call(get_capi(m, "PyList_New"), [b.load(_field(b, coll, COLL_N))])
    with b.if_then(b.icmp_unsigned("==", lst, null), likely=False):
        b.call(get_capi(m, "PyErr_Clear"), [])
        b.ret(null)

    def each(b: ir.IRBuilder, i: ir.Value, w: ir.Value) -> None:
        obj = b.call(get_helper(m, "rt_own_word"), [w])
        with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
            b.call(get_capi(m, "Py_DecRef"), [lst])
            b.call(get_capi(m, "PyErr_Clear"), [])
            b.ret(null)
        b.call(get_capi(m, "PyList_SetItem"), [lst, i, obj])  # (steals the reference)

    _collect_loop(fn, b, coll, each)
    b.ret(lst)


def _build_collect_expression(fn: ir.Function) -> None:
    """The word of the expression of a collector's words (``collapse``'s tuple, in the
    arena; ``()`` when it is empty), or WORD_BAIL: no memory (no error set)."""
    (coll,) = fn.args
    m = fn.module
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    null = ir.Constant(I8P, None)
    bail = V.word_const(V.WORD_BAIL)
    n = b.load(_field(b, coll, COLL_N))
    with b.if_then(b.icmp_signed("==", n, ir.Constant(I64, 0))):
        b.ret(V.word_const(V.WORD_UNIT))
    tup = b.call(get_capi(m, "PyTuple_New"), [n])
    with b.if_then(b.icmp_unsigned("==", tup, null), likely=False):
        b.call(get_capi(m, "PyErr_Clear"), [])
        b.ret(bail)
    items = b.add(b.ptrtoint(tup, I64), ir.Constant(I64, TUPLE_ITEMS_OFFSET))

    def each(b: ir.IRBuilder, i: ir.Value, w: ir.Value) -> None:
        obj = b.call(get_helper(m, "rt_own_word"), [w])
        with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
            b.call(get_capi(m, "Py_DecRef"), [tup])
            b.call(get_capi(m, "PyErr_Clear"), [])
            b.ret(bail)
        slot = b.add(items, b.mul(i, ir.Constant(I64, 8)))
        b.store(obj, b.inttoptr(slot, I8P.as_pointer()))

    _collect_loop(fn, b, coll, each)
    e = b.call(get_helper(m, "rt_new_expression"), [tup])
    with b.if_then(b.icmp_unsigned("==", e, null), likely=False):
        b.call(get_capi(m, "PyErr_Clear"), [])
        b.ret(bail)
    b.ret(V.emit_box_address(b, b.ptrtoint(e, I64), V.Tag.HANDLE))


_POW_RESULT: Final = ir.LiteralStructType([I64, I1])

HELPERS: Final[dict[str, Helper]] = {
    h.name: h
    for h in [
        Helper("rt_load_constant", I64, (I64.as_pointer(), I64),
               "the word at an index of a unit's constant pool", _build_load_constant),
        Helper("rt_pow_small", _POW_RESULT, (I64, I64),
               "base**exp on i64 for exp >= 0; {result, ok}", _build_pow_small),
        Helper("rt_pow_big", I8P, (I64, I64),
               "base**exp as a new Python int (NULL on failure)", _build_pow_big, shared=True),
        Helper("rt_release_arena", ir.VoidType(), (I8P.as_pointer(), I64),
               "drop the references of a unit's heap results", _build_release_arena, shared=True),
        Helper("rt_unbox_object", I64, (I8P,),
               "the word of an argument object", _build_unbox_object, shared=True),
        Helper("rt_box_word", I8P, (I64,),
               "the Python object of a result word (new reference)", _build_box_word, shared=True),
        Helper("rt_make_number", I8P, (I8P,),
               "a new Number atom of an int or float object (taking its reference)",
               _build_make_number, shared=True),
        Helper("rt_bailout_object", I8P, (),
               "BAILOUT (new reference)", _build_bailout_object, shared=True),
        Helper("rt_dead_entry", I8P, (I8P, I8P.as_pointer(), I64),
               "the entry of a freed unit: BAILOUT (new reference)", _build_dead_entry,
               shared=True),
        Helper("rt_argument_items", I8P.as_pointer(), (I8P, I64),
               "the items of an argument list or tuple of a given length, or NULL",
               _build_argument_items, shared=True),
        Helper("rt_poll", I32, (),
               "the step poll: signals, then the limits (1: stop the query)", _build_poll,
               shared=True),
        Helper("rt_incref_handle", ir.VoidType(), (I64,),
               "take a reference to a HANDLE word's object", _build_incref_handle),
        Helper("rt_decref_handle", ir.VoidType(), (I64,),
               "drop a HANDLE word's reference", _build_decref_handle),
        Helper("rt_arena_push", I32, (I8P,),
               "hand a new reference to the arena (0: it cannot grow, the object is freed)",
               _build_arena_push),
        Helper("rt_arena_grow", I32, (I8P,), "rt_arena_push when the arena is full",
               _build_arena_grow, shared=True),
        Helper("rt_arena_mark", I64, (), "how many references the arena holds",
               _build_arena_mark),
        Helper("rt_release_arena_to", ir.VoidType(), (I64,),
               "drop the arena's references above a mark", _build_release_arena_to,
               shared=True),
        Helper("rt_symbol_inert", I1, (I64,), "a symbol that is no token",
               _build_symbol_inert),
        Helper("rt_mark_equal", I32, (I8P,), "an _nf int equal to the world's number",
               _build_mark_equal, shared=True),
        Helper("rt_expression_inert", I1, (I64,),
               "an expression marked in normal form for this world, or empty",
               _build_expression_inert),
        Helper("rt_object_inert", I1, (I8P,), "an atom tier 0 evaluates to itself",
               _build_object_inert, shared=True),
        Helper("rt_own_word", I8P, (I64,), "a new reference to a word's atom (NULL: no memory)",
               _build_own_word, shared=True),
        Helper("rt_new_expression", I8P, (I8P,),
               "an Expression of a filled tuple, in the arena (NULL: no memory)",
               _build_new_expression, shared=True),
        Helper("rt_new_tuple", I8P, (I64,),
               "a new tuple of NULL items, untracked and uncounted by the GC (NULL: no memory)",
               _build_new_tuple),
        Helper("rt_unbox_child", I64, (I8P,), "the word of an expression's element",
               _build_unbox_child),
        Helper("rt_word_inert", I1, (I64,), "a word tier 0 evaluates to itself",
               _build_word_inert, shared=True),
        Helper("rt_word_callable", I1, (I64,), "a word that may be a call's argument",
               _build_word_callable, shared=True),
        Helper("rt_car_atom", I64, (I64,), "car-atom of a word (WORD_BAIL: tier 1's case)",
               _build_car_atom, shared=True),
        Helper("rt_cdr_atom", I64, (I64,), "cdr-atom of a word (WORD_BAIL: tier 1's case)",
               _build_cdr_atom, shared=True),
        Helper("rt_cons_atom", I64, (I64, I64),
               "cons-atom of two words (WORD_BAIL: tier 1's case)", _build_cons_atom,
               shared=True),
        Helper("rt_collect_push", I32, (COLLECTOR_TYPE.as_pointer(), I64),
               "append a word to a collector (0: it cannot grow)", _build_collect_push),
        Helper("rt_collect_grow", I32, (COLLECTOR_TYPE.as_pointer(), I64),
               "rt_collect_push when the collector is full", _build_collect_grow, shared=True),
        Helper("rt_collect_free", ir.VoidType(), (COLLECTOR_TYPE.as_pointer(),),
               "free a collector's storage, zero it", _build_collect_free),
        Helper("rt_collect_list", I8P, (COLLECTOR_TYPE.as_pointer(),),
               "a new list of a collector's atoms (NULL: no memory)", _build_collect_list,
               shared=True),
        Helper("rt_collect_expression", I64, (COLLECTOR_TYPE.as_pointer(),),
               "the expression word of a collector's words (WORD_BAIL: no memory)",
               _build_collect_expression, shared=True),
    ]
}


RUNTIME_MODULE: Final = "mettajit_runtime"


def get_helper(module: ir.Module, name: str) -> ir.Function:
    """The helper ``name`` in ``module``, on first use: a hot helper is defined there
    (internal, so LLVM inlines it); a ``shared`` one (the entry's boxing and unboxing, rare
    paths) is only declared, its code being compiled once in the runtime module
    (``runtime_module``, which the engine loads and links to every unit): that takes
    most of the fixed cost off each unit's optimisation and code generation."""
    try:
        fn = module.get_global(name)
    except KeyError:
        h = HELPERS[name]
        fn = ir.Function(module, ir.FunctionType(h.ret, h.args), name)
        if h.shared and module.name != RUNTIME_MODULE:
            return fn
        fn.linkage = "external" if h.shared else "internal"
        h.build(fn)
    assert isinstance(fn, ir.Function)
    return fn


def runtime_module() -> ir.Module:
    """The module defining every ``shared`` helper (external symbols of the units)."""
    module = ir.Module(name=RUNTIME_MODULE)
    module.triple = ""
    for h in HELPERS.values():
        if h.shared:
            get_helper(module, h.name)
    return module
