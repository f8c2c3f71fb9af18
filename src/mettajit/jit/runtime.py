"""The runtime side of tier 2 that needs no llvmlite: what native code and the Python
side share while units run, and what loading cached native code needs.

This module owns ``BailReason`` and ``BAILOUT``; the CPython facts native code relies on
(object layout offsets, probed and checked at import, not assumed; whether this Python can
run native code at all); the process's data symbols (``data_symbols``: type objects, atoms,
the runtime state below, callbacks registered in ``EXTRA_SYMBOLS``); the runtime state
native terms use (``WORLD``, ``ARENA``, ``STACK``, ``set_world``); and the cells of the
symbols native code names (``symbol_cell``). ``jit.helpers`` re-exports all of it beside
the IR of the helper table; ``jit.engine``'s warm path (a unit loaded from the disk cache as
a shared object) imports this module, never ``helpers`` or llvmlite.
"""

from __future__ import annotations

import ctypes
import resource
import sys
import threading
from enum import IntEnum
from typing import Any, Final

from mettajit.atoms.core import (
    EMPTY_SYM,
    ERROR,
    FALSE,
    NUMBER,
    TRUE,
    UNIT,
    Expression,
    Grounded,
    Symbol,
)
from mettajit.interpreter import limits
from mettajit.jit import words as _V
from mettajit.jit.digest import sha256


class BailReason(IntEnum):
    """Why compiled code gave up; the caller then runs the unit in tier 1 from its start."""

    NOT_SMALL_INT = 1  # an arithmetic operand is not a 48-bit integer (a float, a big int...)
    OVERFLOW = 2  # a result does not fit: tier 1 computes the exact big integer
    DIVISION_BY_ZERO = 3  # tier 1 makes the (Error ... DivisionByZero) value
    UNEXPECTED_VALUE = 4  # not a Bool where one is needed, a negative exponent, ...
    ARITY = 5  # called with the wrong number of arguments
    ARENA_FULL = 6  # more heap results than the unit reserved room for (a loop)
    NO_MEMORY = 7  # the C API failed (MemoryError); the error is cleared
    DEPTH = 8  # native recursion deeper than ``MAX_NATIVE_DEPTH``: tier 1 has heap frames
    # the step poll (``interpreter.limits``) stopped the query: a Ctrl-C (the entry then
    # returns NULL, the KeyboardInterrupt set) or a limit (``limits.raise_pending``)
    STOPPED = 9
    # a term native code does not handle: an expression not known to be in normal form
    # where tier 0 would evaluate it again, an Error or Empty argument, a grounded atom
    # compared with a pattern constant... (tier 1 does tier 0's work on it)
    TERM = 10
    # a backtrack native code did not expect (past the last choice of a function that
    # gives one result: ``jit.nondet`` says it cannot happen)
    CHOICE = 11
    # a space effect native code does not make (a rule, a type, a space of Python's...:
    # ``jit.spacescan``), declined before anything was queued
    SPACE = 12


N_STATUS: Final = max(BailReason) + 1  # a unit's ``deopts`` counts, by status


class _Bailout:
    """The type of ``BAILOUT``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "BAILOUT"


BAILOUT: Final = _Bailout()
"""What the Python entry of a unit returns instead of a result when it bails out (the
reason is in the unit's ``status`` global)."""

# ---------------------------------------------------------------------------------------
# CPython facts


def native_entry_unavailable() -> str | None:
    """Why this Python cannot run native code, or None when it can.

    Native code reads the standard CPython object layout (``ob_type`` right after
    ``ob_refcnt``...) and calls the C API while holding the GIL, as a ``PYFUNCTYPE`` call
    does. A free-threaded build (PEP 703, built with ``Py_GIL_DISABLED``) lays objects out
    otherwise even with its GIL re-enabled, so the build flag decides; the run-time test,
    ``sys._is_gil_enabled()`` where it exists (3.13 on), is there for any build that runs
    without its GIL. (Every 3.13 has the function: its existence says nothing.)
    """
    if sys.implementation.name != "cpython":
        return f"tier 2 needs CPython, not {sys.implementation.name}"
    flags = getattr(sys, "abiflags", None)  # 't' on a free-threaded build (PEP 703)
    if ("t" in flags) if flags is not None else _config_gil_disabled():
        return "tier 2 needs a CPython built with the GIL, not a free-threaded build"
    gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if gil_enabled is not None and not gil_enabled():
        return "tier 2 needs the GIL, which this Python runs without"
    return None


def _config_gil_disabled() -> bool:
    """The build flag where ``sys.abiflags`` is not to be had (Windows)."""
    import sysconfig  # only there: reading the build's configuration costs ~3 ms

    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


if (_why := native_entry_unavailable()) is not None:
    raise ImportError(_why)  # tiering catches it: tier 1 runs instead (one line on stderr)

_API: Final = ctypes.pythonapi
PTR_SIZE: Final = ctypes.sizeof(ctypes.c_void_p)
OB_TYPE_OFFSET: Final = PTR_SIZE  # PyObject: ob_refcnt, then ob_type
FLOAT_VALUE_OFFSET: Final = float.__basicsize__ - ctypes.sizeof(ctypes.c_double)


def _slot_offset(cls: type, attr: str) -> int:
    """Byte offset of a ``__slots__`` member, found by writing a marker and looking for it."""
    marker = object()
    obj: object = object.__new__(cls)
    object.__setattr__(obj, attr, marker)
    base = id(obj)
    for off in range(2 * PTR_SIZE, cls.__basicsize__, PTR_SIZE):
        if ctypes.c_void_p.from_address(base + off).value == id(marker):
            return off
    raise ImportError(f"cannot find the slot {cls.__name__}.{attr}")


VAR_SIZE_OFFSET: Final = object.__basicsize__  # PyVarObject.ob_size
TUPLE_ITEMS_OFFSET: Final = tuple.__basicsize__  # the items are inline
LIST_ITEMS_OFFSET: Final = tuple.__basicsize__  # PyListObject.ob_item, a pointer to them
_l, _t = [_API], (_API,)
assert ctypes.c_ssize_t.from_address(id(_l) + VAR_SIZE_OFFSET).value == 1
assert ctypes.c_void_p.from_address(id(_t) + TUPLE_ITEMS_OFFSET).value == id(_API)
_items = ctypes.c_void_p.from_address(id(_l) + LIST_ITEMS_OFFSET).value
assert _items is not None and ctypes.c_void_p.from_address(_items).value == id(_API)

GROUNDED_VALUE_OFFSET: Final = _slot_offset(Grounded, "value")
_probe = Grounded(12345, _V.NIL_SYMBOL)
assert ctypes.c_void_p.from_address(id(_probe) + GROUNDED_VALUE_OFFSET).value == id(_probe.value)

# Native code builds Number atoms itself (``rt_make_number``, against ~200 ns for
# ``Grounded.__init__`` called from Python): it fills the four slots as ``__init__`` does
# (``_hash`` None: computed when first asked). A change of ``Grounded``'s layout (slots, a
# ``__dict__``, weak references) must show up here, loudly.
GROUNDED_SLOTS: Final = ("_hash", "kind", "type", "value")
if (tuple(sorted(Grounded.__slots__)) != GROUNDED_SLOTS
        or Grounded.__basicsize__ != object.__basicsize__ + len(GROUNDED_SLOTS) * PTR_SIZE
        or Grounded.__dictoffset__ or Grounded.__weakrefoffset__
        or Grounded(0, _V.NIL_SYMBOL)._hash is not None):
    raise ImportError(f"tier 2 builds Grounded atoms with the slots {GROUNDED_SLOTS}, "
                      "_hash None until hashed")
GROUNDED_OFFSETS: Final = {name: _slot_offset(Grounded, name) for name in GROUNDED_SLOTS}

# Native code reads expressions in place (``children``, a tuple) and builds them itself
# (``rt_new_expression``) as ``Expression.__init__`` does, with ``_ground`` True (native
# terms are ground) and ``_nf`` the world's mark when every child is in normal form.
EXPRESSION_SLOTS: Final = ("_ground", "_hash", "_nf", "children")
if (tuple(sorted(Expression.__slots__)) != EXPRESSION_SLOTS
        or Expression.__basicsize__ != object.__basicsize__ + len(EXPRESSION_SLOTS) * PTR_SIZE
        or Expression.__dictoffset__ or Expression.__weakrefoffset__):
    raise ImportError(f"tier 2 builds Expression atoms with the slots {EXPRESSION_SLOTS}")
EXPRESSION_OFFSETS: Final = {name: _slot_offset(Expression, name) for name in EXPRESSION_SLOTS}

# Native code allocates the atoms and tuples it makes untracked and *uncounted* by the
# cyclic GC (``helpers._untracked_object``): memory for CPython's ``PyGC_Head`` (zeroed: not
# tracked) and the object, ``PyObject_Init``, as ``_PyObject_GC_New`` does but for its
# ``_PyObject_GC_Link``, which counts every allocation towards a young collection (list_ops
# makes three per cell: ~135 collections of 300 000 cells, all of them finding nothing:
# native terms are acyclic and untracked). ``PyObject_GC_Del`` frees them as any other
# (untracked: nothing to unlink). The pre-header must be the GC head alone: no managed
# ``__dict__`` (``Py_TPFLAGS_MANAGED_DICT``), checked here with its size.
GC_HEAD_SIZE: Final = sys.getsizeof(()) - ().__sizeof__()
GROUNDED_SIZE: Final = Grounded.__basicsize__
EXPRESSION_SIZE: Final = Expression.__basicsize__
_MANAGED_DICT: Final = 1 << 4
_HAVE_GC: Final = 1 << 14
if GC_HEAD_SIZE != 2 * PTR_SIZE or any(
        t.__flags__ & _MANAGED_DICT or not t.__flags__ & _HAVE_GC
        for t in (Expression, Grounded, tuple)):
    raise ImportError("tier 2 allocates atoms with a GC head of two words and no managed dict")



def _probe_compact_longs() -> bool:
    """True if an int of at most one digit reads as ``ob_size`` (-1, 0, 1: its sign) times
    ``ob_digit[0]`` (CPython 3.11's layout), checked on sample values; native code then
    unboxes such ints by two loads instead of calling ``PyLong_AsLongLongAndOverflow``."""
    info = sys.int_info
    if info.sizeof_digit != 4 or int.__itemsize__ != 4 or int.__basicsize__ != 3 * PTR_SIZE:
        return False
    for v in (0, 1, -1, 7, -7, 12345, -(2**29), 2**30 - 1, -(2**30 - 1), 2**30, 10**20):
        size = ctypes.c_ssize_t.from_address(id(v) + VAR_SIZE_OFFSET).value
        digit = ctypes.c_uint32.from_address(id(v) + int.__basicsize__).value
        if abs(v) < 1 << info.bits_per_digit:
            if size not in (-1, 0, 1) or size * digit != v:
                return False
        elif size in (-1, 0, 1):
            return False
    return True


COMPACT_LONGS: Final = _probe_compact_longs()
LONG_DIGIT_OFFSET: Final = int.__basicsize__

# ``_PyLong_Lshift(int, size_t)`` (CPython 3.11+, private): a shift without making an int
# of the shift count and without the number protocol's dispatch; ``PyNumber_Lshift`` where
# it is missing.
HAVE_LONG_LSHIFT: Final = hasattr(_API, "_PyLong_Lshift")

def _c_data(name: str) -> int:
    return ctypes.addressof(ctypes.c_char.in_dll(_API, name))


# more external symbols, registered by the modules that own them (``jit.spacerun``'s
# callbacks into Python), when they are imported
EXTRA_SYMBOLS: Final[dict[str, int]] = {}


def data_symbols() -> dict[str, int]:
    """External data symbols of compiled modules -> addresses (all objects live forever)."""
    return EXTRA_SYMBOLS | {
        "PyLong_Type": _c_data("PyLong_Type"),
        "PyFloat_Type": _c_data("PyFloat_Type"),
        "_Py_TrueStruct": _c_data("_Py_TrueStruct"),
        "_Py_FalseStruct": _c_data("_Py_FalseStruct"),
        "_Py_NoneStruct": _c_data("_Py_NoneStruct"),
        "rt_type_grounded": id(Grounded),
        "rt_type_symbol": id(Symbol),
        "rt_type_expression": id(Expression),
        "rt_atom_true": id(TRUE),
        "rt_atom_false": id(FALSE),
        "rt_atom_unit": id(UNIT),
        "rt_symbol_nil": id(_V.NIL_SYMBOL),
        "rt_symbol_number": id(NUMBER),
        "rt_bailout": id(BAILOUT),
        "PyList_Type": _c_data("PyList_Type"),
        "PyTuple_Type": _c_data("PyTuple_Type"),
        # the step count and poll mark (two i64), and the poll's Python half
        "rt_native_steps": ctypes.addressof(limits.NATIVE),
        "rt_limits_poll": _callback_address(limits.NATIVE_POLL_CALLBACK),
        "rt_symbol_error": id(ERROR),
        "rt_symbol_empty": id(EMPTY_SYM),
        "rt_int_minus_one": id(_MINUS_ONE),
        "rt_world": ctypes.addressof(WORLD),
        "rt_arena": ctypes.addressof(ARENA),
        "rt_numbers": ctypes.addressof(NUMBERS),
        "rt_stack": ctypes.addressof(STACK),
    }


# ---------------------------------------------------------------------------------------
# The runtime state native terms use


class World(ctypes.Structure):
    """What native code knows of the world it runs in (``set_world``, at every native
    entry; native code is pure, so it cannot change during one): the world's number and
    the int object that stands for it in normal-form marks (``Expression._nf``), and the
    symbols that are tokens (a token symbol evaluates to its value: not in normal form)."""

    _fields_ = [("value", ctypes.c_int64), ("mark", ctypes.c_void_p),
                ("n_tokens", ctypes.c_int64), ("tokens", ctypes.c_void_p),
                ("var_rules", ctypes.c_int64)]


# field numbers in IR (``var_rules``: 1 if the space has a rule whose head is a variable,
# under which no expression is known to evaluate to itself: ``bytecode.inert``)
WORLD_VALUE, WORLD_MARK, WORLD_N_TOKENS, WORLD_TOKENS, WORLD_VAR_RULES = 0, 1, 2, 3, 4
_MINUS_ONE: Final = -1  # ``Expression._nf`` when unmarked (a cached small int)
WORLD: Final = World(-2, id(_MINUS_ONE), 0, None, 1)  # -2: no world set yet
# the mark object and the token array, kept alive; the tokens they are of, and how many
_world_keep: list[Any] = [None, None, None, 0]


def set_world(interp: Any) -> None:
    """Tell native code the interpreter's current world and the thread's stack (before
    entering native code). World versions are unique in the process (``space.world``),
    so the version alone says whether anything changed; tokens are only ever added."""
    set_stack(interp.settings.max_depth)
    w = interp.world.version
    if w == WORLD.value:
        return
    _world_keep[0] = w
    WORLD.mark = id(w)
    WORLD.value = w
    WORLD.var_rules = 1 if interp.space.var_rules else 0
    tokens = interp.tokens
    if _world_keep[2] is not tokens or _world_keep[3] != len(tokens):
        table = Symbol._table
        syms = [id(table[n]) for n in tokens if n in table]
        arr = (ctypes.c_void_p * max(len(syms), 1))(*syms)
        _world_keep[1:] = [arr, tokens, len(tokens)]
        WORLD.tokens = ctypes.addressof(arr)
        WORLD.n_tokens = len(syms)


class Arena(ctypes.Structure):
    """The references native code holds to the objects it made (expressions, numbers put
    into them): one growable array for the process; each native entry releases what it
    added (``rt_release_arena_to``) after taking a reference to its result."""

    _fields_ = [("items", ctypes.c_void_p), ("n", ctypes.c_int64), ("cap", ctypes.c_int64)]


ARENA_ITEMS, ARENA_N, ARENA_CAP = 0, 1, 2
ARENA_LIMIT: Final = 1 << 25  # objects one native entry may make: past that, ARENA_FULL
ARENA: Final = Arena(None, 0, 0)


class NumberSlot(ctypes.Structure):
    """One entry of ``NUMBERS``: an integer and a Number atom of it (a reference)."""

    _fields_ = [("value", ctypes.c_int64), ("atom", ctypes.c_void_p)]


# Number atoms native code has met or made, by value (direct-mapped, ``value & NUMBERS_MASK``):
# boxing an INT word looks here before making a new ``Grounded``, so an element moved from
# one list into another (``rev-acc``'s ``(Cons $h $acc)``) keeps its atom instead of a new
# ``Grounded`` and ``int`` (96 bytes, two allocations, two deallocations). Filled where a
# Number atom of a small int is unboxed (``rt_unbox_object``) and where one is made
# (``rt_box_word``). Each entry holds a reference (at most ``NUMBERS_SIZE`` atoms are kept
# alive by it); only atoms ``Grounded(v, Number)`` of an int are entered, so what a lookup
# gives is what ``rt_make_number`` would make, up to identity (atoms are immutable values).
NUMBERS_SIZE: Final = 4096
NUMBERS_MASK: Final = NUMBERS_SIZE - 1
NUMBERS: Final = (NumberSlot * NUMBERS_SIZE)()
_decref = ctypes.pythonapi.Py_DecRef
_decref.argtypes = [ctypes.c_void_p]
_decref.restype = None


def forget_numbers() -> None:
    """Empty ``NUMBERS``, dropping its references (its atoms are freed unless used)."""
    for slot in NUMBERS:
        atom = slot.atom
        if atom:
            slot.atom = None
            slot.value = 0
            _decref(atom)


class NativeStack(ctypes.Structure):
    """How deep native code may recurse on the running thread's stack (``set_world``):
    each native function checks, on entry, that the stack pointer is above ``floor`` and
    its native depth below ``max_depth``, and bails out (DEPTH) otherwise. Where the
    thread's stack is known (``pthread_getattr_np``) the floor is its end, less
    ``STACK_MARGIN`` for the C code native code calls, and the depth is the interpreter's
    frame limit (``Settings.max_depth``); elsewhere ``MAX_NATIVE_DEPTH`` frames. The main
    thread's stack grows up to its soft limit, which importing tier 2 raises to
    ``MAIN_STACK_LIMIT`` (within the hard limit):
    a recursion 300,000 calls deep needs about 20 MB of it."""

    _fields_ = [("floor", ctypes.c_uint64), ("max_depth", ctypes.c_int64)]


STACK_FLOOR, STACK_MAX_DEPTH = 0, 1
MAX_NATIVE_DEPTH: Final = 10_000  # native frames of one entry where the stack is not known
STACK_MARGIN: Final = 2 << 20
MAIN_STACK_LIMIT: Final = 1 << 30
STACK: Final = NativeStack(0, MAX_NATIVE_DEPTH)
native_stack_bytes = 1 << 40  # at most this much of a stack for native code (tests lower it)
_stacks: dict[int, tuple[int, int] | None] = {}  # thread ident -> (low, high)


def _raise_main_stack_limit() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        if soft != resource.RLIM_INFINITY and soft < MAIN_STACK_LIMIT:
            want = MAIN_STACK_LIMIT
            if hard != resource.RLIM_INFINITY:
                want = min(hard, want)
            if want > soft:
                resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
    except (ValueError, OSError):
        pass


def _thread_stack() -> tuple[int, int] | None:
    """(lowest, highest) address of the running thread's stack, by glibc's
    ``pthread_getattr_np`` (which, for the main thread, reads its limit and the mappings
    below it each time); None where that is not to be had."""
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols: libc's among them
        getattr_np = libc.pthread_getattr_np
    except (OSError, AttributeError):
        return None
    attr = ctypes.create_string_buffer(256)  # pthread_attr_t: 56 bytes on x86-64 glibc
    libc.pthread_self.restype = ctypes.c_void_p
    if getattr_np(ctypes.c_void_p(libc.pthread_self()), attr) != 0:
        return None
    addr, size = ctypes.c_void_p(), ctypes.c_size_t()
    ok = libc.pthread_attr_getstack(attr, ctypes.byref(addr), ctypes.byref(size)) == 0
    libc.pthread_attr_destroy(attr)
    if not ok or not addr.value or size.value < 4 * STACK_MARGIN:
        return None
    return addr.value, addr.value + size.value


def set_stack(max_depth: int = 1 << 62) -> None:
    """Set ``STACK`` for the running thread (at each native entry: a native entry never
    runs on two threads at once, the GIL being held). ``max_depth``: the interpreter's
    frame limit (``Settings.max_depth``): deeper, tier 1 makes the StackOverflow Error."""
    ident = threading.get_ident()
    if ident not in _stacks:
        _stacks[ident] = _thread_stack()
    known = _stacks[ident]
    if known is None:
        STACK.floor, STACK.max_depth = 0, min(MAX_NATIVE_DEPTH, max_depth)
    else:
        low, high = known
        STACK.floor = max(low + STACK_MARGIN, high - native_stack_bytes)
        STACK.max_depth = max_depth


_raise_main_stack_limit()


# The words of symbols native code names (rule heads, constructors, pool constants): each in
# a cell of its own, an external data symbol named after the symbol, so a module's IR holds
# no address and is the same from run to run (the disk cache's key); the engine registers
# the cells made since it last looked (``take_new_symbols``) before it loads a module.
_symbol_cells: dict[str, Any] = {}
_new_symbols: list[tuple[str, int]] = []
symbol_texts: dict[str, str] = {}  # cell name -> the symbol's name (a cache entry lists them)


def symbol_cell(sym: Symbol) -> str:
    """The name of the data symbol holding the word of ``sym`` (made on first use)."""
    text = sym.name
    if not all(c.isalnum() or c in "_-.$" for c in text) or not text.isascii():
        text = "h" + sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    name = "rt_sym." + text
    cell = _symbol_cells.get(name)
    if cell is None:
        cell = _symbol_cells[name] = ctypes.c_uint64(_V.box(sym))
        _new_symbols.append((name, ctypes.addressof(cell)))
        symbol_texts[name] = sym.name
    return name


def take_new_symbols() -> list[tuple[str, int]]:
    """The symbol cells made since the last call: (name, address) to register."""
    out = list(_new_symbols)
    _new_symbols.clear()
    return out


def _callback_address(cb: Any) -> int:
    addr = ctypes.cast(cb, ctypes.c_void_p).value
    assert addr is not None
    return addr


def capi_address(name: str) -> int:
    """Address of a C-API function of the running interpreter."""
    addr = ctypes.cast(getattr(_API, name), ctypes.c_void_p).value
    assert addr is not None
    return addr




def symbol_cell_address(name: str) -> int | None:
    """The address of the cell ``name`` (``symbol_cell``'s), or None if none was made."""
    cell = _symbol_cells.get(name)
    return None if cell is None else ctypes.addressof(cell)
