"""The runtime side of native space effects and tokens (``jit.spacematch`` lowers them):
the one entry in progress (``STATE``), ``begin``/``resume`` around a native entry, and the
callbacks native code calls (``rt_space_token``, ``rt_space_effect``, ``rt_space_commit``,
``rt_space_match``, registered in ``runtime.EXTRA_SYMBOLS`` when this module is imported).
It needs no llvmlite: units loaded from the disk cache use it without loading LLVM.

``rt_space_match(key0, key1, space word, words, n, collector) -> i32`` is ``MATCH``: the
pattern is found by its key (``spacescan.pattern_key``: a digest of its exact encoding, two
words in the code, no address of the process; ``register_patterns`` enters the patterns
of a unit's chunks when it is compiled or loaded from the cache), ``words`` are the values
of its bound slots (in slot order), and it calls the VM's own ``SlowPaths.match`` (the
VM of the native entry, ``STATE.vm``, set by ``NativeEntry``). Each match appends the words
of the pattern's free slots (in slot order; one word ``()`` when it has none) to the
collector: 0. It declines with 1 (the unit bails out, ``BailReason.SPACE``; tier 1 reruns
it from its start: a unit with a match has no effect, ``spacescan``): no space, a bound
value or a matched value that is not ground, a pattern not registered; 2: no memory. The
atoms of handle words it gives are kept alive by ``STATE.keep`` until the entry ends.
"""

from __future__ import annotations

import _thread
import ctypes
from typing import Any, Final

from mettajit.atoms.core import (
    COLON,
    EMPTY_SYM,
    EQUALS,
    ERROR,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
)
from mettajit.bytecode.opcodes import Opcode
from mettajit.interpreter import limits
from mettajit.jit import runtime
from mettajit.jit import words as _V
from mettajit.jit.spacescan import match_slots, pattern_key
from mettajit.space.flatquery import is_flat_space


class _State:
    """The one native entry with effects in progress (native code never enters another
    while it runs: its callbacks run no MeTTa code)."""

    __slots__ = ("interp", "keep", "pending", "resume", "steps", "tokens", "vm")

    def __init__(self) -> None:
        self.interp: Any = None
        self.pending: list[tuple[int, Any, Atom]] = []
        # LOAD_TOKEN's answers in the entry begun (no token changes while native code
        # runs: its callbacks run no MeTTa code, and an effect changes facts only); None
        # outside ``begin`` .. ``end``
        self.tokens: dict[int, int] | None = None
        self.resume: list[Atom] | None = None
        self.steps = 0
        self.vm: Any = None  # the VM of the native entry in progress (``rt_space_match``)
        self.keep: list[Atom] = []  # what the handle words of matches point to


STATE: Final = _State()


def begin(interp: Any) -> None:
    """Before a native entry of a unit with space effects (or tokens)."""
    STATE.interp = interp
    STATE.pending.clear()
    STATE.tokens = {}
    STATE.resume = None


def end() -> None:
    """After that entry (whatever its outcome): the token answers are forgotten."""
    STATE.tokens = None


def resume() -> list[Atom] | None:
    """After a bail-out: the arguments of the iteration to run again in tier 1 (the steps
    native code made before it stand), or None (from the call's start); drops the queue."""
    STATE.pending.clear()
    args, STATE.resume = STATE.resume, None
    if args is None:
        return None
    limits.NATIVE[limits.COUNT] = STATE.steps
    return [a if isinstance(a, Atom) else _V.unbox(a) for a in args]


def _word(atom: Atom) -> int:
    """The word of an atom some Python object keeps alive (no ``values.HEAP`` entry)."""
    if (type(atom) is Expression and atom is not UNIT) or (
            type(atom) is Grounded and atom.kind is not int and atom.kind is not float
            and atom.kind is not bool):
        return _V.tagged(_V.Tag.HANDLE, id(atom))
    return _V.box(atom)


_HANDLE_HIGH: Final = (_V.TAGGED_BASE | (_V.Tag.HANDLE << _V.TAG_SHIFT)) >> _V.TAG_SHIFT


_SYMBOLS: Final[dict[int, Any]] = {}  # a SYMBOL word -> its (interned, immortal) symbol


def _token(word: int) -> int:
    memo = STATE.tokens
    if memo is not None:
        got = memo.get(word)
        if got is not None:
            return got
    sym = _SYMBOLS.get(word)
    if sym is None:
        sym = _SYMBOLS[word] = _V.unbox(word)
    got = _word(STATE.interp.tokens.get(sym.name, sym)) if type(sym) is Symbol else word
    if memo is not None:
        memo[word] = got
    return got


def _effect(op: int, space: Any, atom: Any) -> int:
    """Queue the effect (the objects are given by native code: ``rt_own_word``)."""
    if type(space) is not Grounded or not is_flat_space(space.value) or not atom.is_ground() \
            or atom is EMPTY_SYM or type(atom) is Variable:
        return _V.WORD_BAIL
    if type(atom) is Expression and atom.children and atom.children[0] in (EQUALS, COLON,
                                                                            ERROR):
        return _V.WORD_BAIL  # a rule or a type changes compiled code; an Error is tier 1's
    STATE.pending.append((op, space.value, atom))
    return _V.WORD_UNIT


_WORDS: Final[dict[int, Any]] = {}  # n -> the ctypes type of n words (made once)


def _words_type(n: int) -> Any:
    t = _WORDS.get(n)
    if t is None:
        t = _WORDS[n] = ctypes.c_uint64 * max(n, 1)
    return t


def _commit(words: int, n: int) -> int:
    pending = STATE.pending
    if pending:
        for op, space, atom in pending:
            if op == 0:  # EFFECT_OPS: add-atom, remove-atom
                space.add(atom)
            else:
                space.remove(atom)
        pending.clear()
        # (the world's version moved on; native code keeps trusting the marks of the one
        # it entered in: they say the same, as only facts changed, never rules or tokens)
    if n >= 0:
        # the words as they are; a handle's object (the arena may free it) as the atom
        arr = _words_type(n).from_address(words)
        STATE.resume = [_V.unbox(w) if w >> _V.TAG_SHIFT == _HANDLE_HIGH else w
                        for w in arr[:n]]
        STATE.steps = limits.NATIVE[limits.COUNT]
    return 0


PATTERNS: Final[dict[tuple[int, int], Any]] = {}  # pattern_key -> a pattern of that key


def register_patterns(chunks: Any) -> None:
    """Enter the ``MATCH`` patterns of these chunks in ``PATTERNS`` (before their native
    code runs: when it is lowered, or loaded from the disk cache)."""
    for chunk in chunks:
        for _, op, operands in chunk.instructions():
            if op is Opcode.MATCH:
                pat = chunk.patterns[operands[0]]
                key = pattern_key(pat)
                if key is not None:
                    PATTERNS[key] = pat


class _Collector(ctypes.Structure):
    _fields_ = [("items", ctypes.c_void_p), ("n", ctypes.c_int64), ("cap", ctypes.c_int64)]


_REALLOC: Final = ctypes.pythonapi.PyMem_Realloc
_REALLOC.restype = ctypes.c_void_p
_REALLOC.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
COLLECTOR_LIMIT: Final = 1 << 26  # (helpers.COLLECTOR_LIMIT)


def _match(k0: int, k1: int, space_word: int, words: int, n: int, coll: int) -> int:
    try:
        return _match_rows(k0, k1, space_word, words, n, coll)
    except KeyboardInterrupt:
        _thread.interrupt_main()  # (raised again where Python runs next)
        return 1
    except Exception:
        return 1  # tier 1 does it again, and says what is wrong


def _match_rows(k0: int, k1: int, space_word: int, words: int, n: int, coll: int) -> int:
    pat = PATTERNS.get((k0, k1))
    vm = STATE.vm
    if pat is None or vm is None:
        return 1
    bound, free = match_slots(pat)
    loc: list[Any] = [None] * (max(pat.slots.values(), default=-1) + 1)
    arr = _words_type(n).from_address(words) if n else ()
    for s, w in zip(bound, arr[:n], strict=True):
        a = loc[s] = _V.unbox(w)
        if not a.is_ground():
            return 1  # (the match may bind its variables: tier 1's business)
    rows = vm.match(pat, _V.unbox(space_word), loc)
    if rows is None:
        return 1  # no space: the call as written, tier 1's
    if not rows:
        return 0
    keep = STATE.keep
    out: list[int] = []
    for nl in rows:
        if not free:
            out.append(_V.WORD_UNIT)
        for s in free:
            a = nl[s]
            if not a.is_ground():
                return 1
            out.append(_V.box(a, keep))  # (a handle's atom alive to the entry's end)
    c = _Collector.from_address(coll)
    need = c.n + len(out)
    if need > c.cap:
        if need > COLLECTOR_LIMIT:
            return 2
        items = _REALLOC(c.items, need * 8)
        if not items:
            return 2
        c.items = items
        c.cap = need
    (ctypes.c_uint64 * len(out)).from_address(c.items + c.n * 8)[:] = out  # type: ignore[assignment]
    c.n = need
    return 0


_TOKEN_CB: Final = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_uint64)(_token)
_EFFECT_CB: Final = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_int64, ctypes.py_object,
                                     ctypes.py_object)(_effect)
_COMMIT_CB: Final = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64)(_commit)
_MATCH_CB: Final = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_int64, ctypes.c_int64,
                                    ctypes.c_uint64, ctypes.c_void_p, ctypes.c_int64,
                                    ctypes.c_void_p)(_match)
for _name, _cb in (("rt_space_token", _TOKEN_CB), ("rt_space_effect", _EFFECT_CB),
                   ("rt_space_commit", _COMMIT_CB), ("rt_space_match", _MATCH_CB)):
    runtime.EXTRA_SYMBOLS[_name] = ctypes.cast(_cb, ctypes.c_void_p).value or 0
