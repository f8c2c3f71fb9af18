"""What native code does with spaces, decided without LLVM (``jit.scan`` asks it; the
lowering is ``jit.spacematch``).

Four opcodes have a native form in function groups:

* ``LOAD_TOKEN`` of a symbol: what the token stands for now (``&self``: the current
  space), asked of the interpreter at each run (a ``bind!`` may change it);
* ``PUSH_TEMPLATE`` of a pattern whose every variable holds a value (no rule variable
  renamed per call, ``Chunk.fresh``) and whose leaves are symbols and small integers (a
  lone variable: its value):
  the expression built natively, unmarked (``_nf`` -1, as tier 1's ``substitute`` makes
  it: data written in code is not known to be in normal form);
* ``CALL_GROUNDED`` of ``add-atom``/``remove-atom`` (``EFFECT_OPS``): a *space effect*
  (and of an operation with a native form, ``Op.native``: ``cons-atom``, ``car-atom``,
  ``cdr-atom``, lowered by ``jit.terms``; no space is involved);
* ``MATCH``: a choice site (``jit.nondet``, kind ``match``) whose alternatives are the rows
  one call of ``rt_space_match`` gives (``jit.spacerun``: the VM's own ``SlowPaths.match``,
  once per ``MATCH`` run); its pattern is named in the code by ``pattern_key`` (refused
  when it has none: a grounded atom the unit key cannot write). A space that is not one,
  or a value that is not ground, bails out; a unit with a match has no effect (a bail-out
  reruns it from its start: ``MATCH`` is one of the choices an effect refuses).

A space effect is a side effect: it must never run twice, and a bail-out reruns a unit
in tier 1. So the native effect is *queued* (``jit.spacematch``: the atom kept as a Python
object), and the queue is applied (*committed*) where the unit's current iteration ends: at
its ``TAIL_CALL`` to itself, whose new arguments are then remembered, and at ``RETURN``. A
bail-out drops what is queued and tier 1 runs the unit from the start of the iteration
that bailed (``NativeEntry``: the remembered arguments, or the call's own when no
iteration was committed). This is exact only when nothing between an effect and the end of
its iteration could see that the effect is not done yet: ``effect_refusal`` allows there
no call of a unit (but a constructor's data chunk), no tail call but the unit's own, and no
space operation but further effects; and a unit with an effect is the root of its group
(a callee's bail-out would rerun its caller: ``callee_effect_refusal``) and makes no
choice (no ``FORK``, ``SUPERPOSE``, ``COLLECT``...: one way through each iteration).
The effect itself declines (the unit bails out before queuing it) what would change more
than the space's atoms: a rule ``(= ...)`` or a type ``(: ...)`` (compiled code depends
on those), an atom that is not ground, an Error, ``Empty``, a space that is not one
``Space`` answers itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from mettajit.atoms.core import Expression, Grounded, Symbol, Variable
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.opcodes import OPCODES, Opcode, OpInfo, split_parts
from mettajit.jit import unitkey
from mettajit.jit.digest import sha256

EFFECT_OPS: Final = ("add-atom", "remove-atom")  # index = the op code native code passes
_SMALL: Final = 1 << 47
_SPACE_OPS: Final = frozenset({Opcode.LOAD_TOKEN, Opcode.PUSH_TEMPLATE, Opcode.CALL_GROUNDED,
                              Opcode.MATCH})

# what makes several results or choices natively (``jit.nondet``): a unit with an effect
# has none, so each of its iterations runs once, straight through
_CHOICES: Final = frozenset({Opcode.FORK, Opcode.FAIL, Opcode.YIELD, Opcode.COLLECT,
                             Opcode.END_COLLECT, Opcode.SUPERPOSE, Opcode.UNIFY,
                             Opcode.MAKE_EXPR, Opcode.MATCH})

Instrs = list[tuple[int, Opcode, tuple[int, ...]]]
Targets = Callable[[OpInfo, tuple[int, ...]], list[int]]


def effect_index(chunk: Chunk, op_index: int) -> int | None:
    """The ``EFFECT_OPS`` index of the chunk's operation ``op_index`` (None: no effect)."""
    name = getattr(chunk.ops[op_index], "name", None)
    return EFFECT_OPS.index(name) if name in EFFECT_OPS else None


_KEYS: Final[dict[Pattern, tuple[int, int] | None]] = {}  # (patterns hash by identity)


def pattern_key(pat: Pattern) -> tuple[int, int] | None:
    """Two signed words naming a ``MATCH`` pattern in native code (the first 16 bytes of
    the digest of its exact encoding, ``unitkey``: the same in every process), or None
    when it cannot be written."""
    got = _KEYS.get(pat, False)
    if got is not False:
        return got  # type: ignore[return-value]
    try:
        digest = sha256(unitkey.encode(pat).encode("utf-8", "surrogatepass")).digest()
    except unitkey.Uncacheable:
        key = None
    else:
        key = (int.from_bytes(digest[:8], "little", signed=True),
               int.from_bytes(digest[8:16], "little", signed=True))
    if len(_KEYS) >= 4096:
        _KEYS.clear()  # (a memo: patterns of chunks long dropped are not kept for ever)
    _KEYS[pat] = key
    return key


def match_slots(pat: Pattern) -> tuple[list[int], list[int]]:
    """The bound slots a ``MATCH`` pattern reads and the free ones a match writes (each
    in slot order: the words ``rt_space_match`` takes and gives)."""
    slots = set(pat.slots.values())
    return sorted(slots & pat.bound), sorted(slots - pat.bound)


def match_refusal(chunk: Chunk, pi: int) -> str | None:
    """Why native code does not make this ``MATCH`` (None: it does)."""
    if not 0 <= pi < len(chunk.patterns):
        return "MATCH of no pattern"
    if pattern_key(chunk.patterns[pi]) is None:
        return "MATCH of a pattern with a grounded atom of Python's"
    return None


def template_refusal(chunk: Chunk, pat: Pattern) -> str | None:
    """Why native code does not build this ``PUSH_TEMPLATE`` (None: it does)."""
    fresh = {slot for slot, _ in chunk.fresh}
    todo: list[Any] = [pat.atom]
    while todo:
        a = todo.pop()
        t = type(a)
        if t is Variable:
            slot = pat.slots.get(a)
            if slot is None or slot not in pat.bound or slot in fresh:
                return "PUSH_TEMPLATE of a variable with no value"
        elif t is Expression:
            if not a.children:
                return "PUSH_TEMPLATE with ()"
            todo.extend(a.children)
        elif t is Symbol:
            continue
        elif not (t is Grounded and a.kind is int and -_SMALL <= a.value < _SMALL):
            return f"PUSH_TEMPLATE of the constant {a!r}"
    return None


def space_refusal(chunk: Chunk, instrs: Instrs, index: dict[int, int], i: int,
                  targets: Targets) -> str | None:
    """Why the space instruction ``instrs[i]`` has no native form (None: it has, or it is
    no space instruction); ``targets``: ``scan.native_targets``."""
    _, op, operands = instrs[i]
    if op not in _SPACE_OPS:
        return None
    if op is Opcode.LOAD_TOKEN:
        return None if type(chunk.constants[operands[0]]) is Symbol else "LOAD_TOKEN of no symbol"
    if op is Opcode.PUSH_TEMPLATE:
        return template_refusal(chunk, chunk.patterns[operands[0]])
    if op is Opcode.MATCH:
        return match_refusal(chunk, operands[0])
    if effect_index(chunk, operands[0]) is None or operands[1] != 2:
        op = chunk.ops[operands[0]]
        if getattr(op, "native", False) and getattr(op, "arity", None) == operands[1]:
            return None  # a term operation (``jit.terms.NATIVE_OPS``): no space involved
        return f"CALL_GROUNDED of {getattr(op, 'name', '?')}"
    for _, other, _ in instrs:
        if other in _CHOICES:
            # several results (jit.nondet): a queued effect and a later alternative
            return f"a space effect in a unit with {other.name}"
    return effect_refusal(chunk, instrs, index, i, targets)


def has_effects(chunk: Chunk) -> bool:
    """Whether the chunk's code holds a space effect (``EFFECT_OPS``)."""
    return any(op is Opcode.CALL_GROUNDED and effect_index(chunk, operands[0]) is not None
               for _, op, operands in chunk.instructions())


def uses_spaces(chunk: Chunk) -> bool:
    """Whether native code of the unit ``chunk`` (the root of its group: effects and
    tokens only appear natively there or in callees) reads tokens or has effects."""
    return any(op is Opcode.LOAD_TOKEN for _, op, _ in chunk.instructions()) \
        or has_effects(chunk)


def effect_refusal(chunk: Chunk, instrs: Instrs, index: dict[int, int], i: int,
                   targets: Targets) -> str | None:
    """Why the effect at ``instrs[i]`` could be seen undone before its iteration ends (see
    the module's docstring); None when every way from it to the end of the iteration
    (a RETURN, the unit's TAIL_CALL to itself) is free of what could see it."""
    seen: set[int] = set()
    todo = [instrs[i][0] + OPCODES[instrs[i][1]].size]
    while todo:
        off = todo.pop()
        if off in seen:
            continue
        seen.add(off)
        k = index.get(off)
        if k is None:
            return "code after a space effect runs off its end"
        _, op, operands = instrs[k]
        entry = OPCODES[op]
        for part, part_operands in split_parts(op, operands):
            if part is Opcode.CALL_GROUNDED and effect_index(chunk, part_operands[0]) is None:
                return "an operation after a space effect in one iteration"
            if part is Opcode.CALL:
                return "a call after a space effect in one iteration"
            if part is Opcode.TAIL_CALL and chunk.funcs[part_operands[0]] != _own_key(chunk):
                return "a tail call to another unit after a space effect"
        if op is Opcode.TAIL_CALL or op is Opcode.RETURN or op is Opcode.RETURN_LEAN:
            continue  # the iteration ends (TAIL_CALL's RETURN is its own way out)
        todo.extend(targets(entry, operands))
        if not entry.flow.ends_block:
            todo.append(off + entry.size)
    return None


def _own_key(chunk: Chunk) -> Any:
    """The (head, arity) of a function chunk, as its ``funcs`` name it (``name/arity``)."""
    name, _, _ = chunk.name.rpartition("/")
    for key in chunk.funcs:
        if getattr(key[0], "name", None) == name and key[1] == chunk.arity + 1:
            return key
    return None


def callee_effect_refusal(key: Any, callee: Chunk) -> str | None:
    """A unit with a space effect is the root of its group, never a native callee."""
    if has_effects(callee):
        return f"callee {key!r} has a space effect"
    return None
