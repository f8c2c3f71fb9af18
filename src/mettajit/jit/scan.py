"""What tier 2 can compile, decided without LLVM (this module does not import llvmlite).

The tiering asks ``refusal(chunk, resolve)`` before it starts tier 2 for a function unit:
a unit whose reachable code uses an opcode without a native form (``FORK``, ``MATCH``,
``COLLECT``, spaces, state...) or that calls a unit with no such code is refused here, for
the price of a walk over its code, instead of after loading LLVM and building its IR
(~0.1-0.2 s the first time in a process). ``jit.lower`` checks the same and more (stack
depths, operands) when it lowers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from mettajit.atoms.core import Expression, Grounded, Symbol, Variable
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.opcodes import OPCODES, Opcode, OpInfo
from mettajit.jit.spacescan import callee_effect_refusal, space_refusal

MAX_GROUP: Final = 16  # functions in one native module (a unit and its callees)


class NotCompilable(Exception):
    """The chunk uses something tier 2 does not compile; it stays in tier 1."""


def function_closure(root: Chunk, resolve: Callable[[Any], Chunk | None]) -> dict[Any, Chunk]:
    """Every unit ``root`` may call, transitively, by key (from the chunks' ``funcs``);
    ``NotCompilable`` if one of them has no chunk ``resolve`` will give for native code."""
    found: dict[Any, Chunk] = {}
    seen = {id(root)}
    todo = [root]
    while todo:
        chunk = todo.pop()
        for key in chunk.funcs:
            if key in found:
                continue
            callee = resolve(key)
            if callee is None:
                raise NotCompilable(f"callee {key!r} has no native code")
            why = None if callee is root else callee_effect_refusal(key, callee)
            if why is not None:
                raise NotCompilable(why)
            found[key] = callee
            if id(callee) not in seen:
                seen.add(id(callee))
                todo.append(callee)
                if len(seen) > MAX_GROUP:
                    raise NotCompilable("too many functions in one group")
    return found


def check_reachable(chunk: Chunk) -> None:
    """``NotCompilable`` if code native code would run (from the start, following the
    ``native_targets`` of jumps and branches) has no native form."""
    instrs = chunk.instructions()
    index = {off: i for i, (off, _, _) in enumerate(instrs)}
    seen: set[int] = set()
    todo = [0]
    while todo:
        i = index.get(todo.pop())
        if i is None:
            raise NotCompilable("jump to no instruction")
        while True:
            off, op, operands = instrs[i]
            if off in seen:
                break
            seen.add(off)
            entry = OPCODES[op]
            if entry.jit is None:
                raise NotCompilable(f"{op.name} is not compiled")
            why = term_refusal(chunk, instrs, index, i)
            if why is not None:
                raise NotCompilable(why)
            todo.extend(native_targets(entry, operands))
            if entry.flow.ends_block:
                break
            i += 1
            if i >= len(instrs):
                raise NotCompilable("code runs off its end")


def native_targets(entry: OpInfo, operands: tuple[int, ...]) -> list[int]:
    """The jump targets native code may continue at: every jump operand but the way of a
    value the opcode's own case does not take (``OpInfo.fallback``: native code bails
    out there instead)."""
    return [operands[at - 1] for k, at in enumerate(entry.jumps) if k != entry.fallback]


def refusal(chunk: Chunk, resolve: Callable[[Any], Chunk | None]) -> str | None:
    """Why tier 2 will not compile the function unit ``chunk`` (None: it may)."""
    try:
        for c in [chunk, *function_closure(chunk, resolve).values()]:
            check_reachable(c)
    except NotCompilable as exc:
        return str(exc)
    return None


# ---------------------------------------------------------------------------------------
# Terms (``jit.terms``): which rule heads native code matches, which forks it drops

_SMALL_INT: Final = 1 << 47


def _small_int(atom: object) -> bool:
    return (type(atom) is Grounded and atom.kind is int
            and -_SMALL_INT <= atom.value < _SMALL_INT)


def _constant_ok(atom: object) -> bool:
    """A pattern constant native code compares by its word: a symbol, a small integer."""
    return type(atom) is Symbol or _small_int(atom)


def match_head_refusal(pat: Pattern) -> str | None:
    """Why native code does not match this rule head (None: it does, by ``Pattern.plan``)."""
    if pat.plan is None:
        return "MATCH_HEAD of a head that is not flat"
    for _, x, kids in pat.plan:
        if kids is None:
            if not _constant_ok(x):
                return f"MATCH_HEAD against the constant {x!r}"
        else:
            for is_var, d in kids:
                if not is_var and not _constant_ok(d):
                    return f"MATCH_HEAD against the constant {d!r}"
    return None


def unify_refusal(pat: Pattern) -> str | None:
    """Why native code does not make this ``UNIFY`` (None: it does, ``choice.lower_unify``):
    the pattern must be a fresh variable, a constant, or a flat expression of constants
    and distinct fresh variables (the value is ground: a match, as ``match_ground``)."""
    p = pat.atom
    if type(p) is Variable:
        return None if pat.slots[p] not in pat.bound else "UNIFY with a bound variable"
    if type(p) is Expression:
        seen = set()
        for c in p.children:
            if type(c) is Variable:
                if c in seen or pat.slots[c] in pat.bound:
                    return "UNIFY of a pattern with a bound or repeated variable"
                seen.add(c)
            elif not _constant_ok(c):
                return f"UNIFY against the constant {c!r}"
        return None
    return None if _constant_ok(p) else f"UNIFY against the constant {p!r}"


Shape = tuple[object, ...]


def _shapes(pat: Pattern) -> dict[int, Shape]:
    """What each checked argument slot's pattern says of a value that matches it."""
    out: dict[int, Shape] = {}
    for j, x, kids in pat.plan or ():
        if kids is None:
            if type(x) is Symbol:
                out[j] = ("sym", x)
            elif _small_int(x):
                out[j] = ("int", x.value)
            elif type(x) is Expression and x.children:
                h = x.children[0]
                out[j] = ("expr", len(x.children), h if type(h) is Symbol else None)
        else:
            is_var, d = kids[0]
            out[j] = ("expr", x, d if not is_var and type(d) is Symbol else None)
    return out


def _disjoint(a: Shape, b: Shape) -> bool:
    """No ground atom matches both shapes."""
    if a[0] != b[0]:
        return True  # a symbol, an integer, an expression: never equal to each other
    if a[0] == "expr":
        return a[1] != b[1] or (a[2] is not None and b[2] is not None and a[2] is not b[2])
    return a[1] is not b[1] if a[0] == "sym" else a[1] != b[1]


def heads_disjoint(p: Pattern, q: Pattern) -> bool:
    """No call with ground arguments matches both rule heads (some argument is matched
    against two different constructors or constants)."""
    sp, sq = _shapes(p), _shapes(q)
    return any(j in sq and _disjoint(s, sq[j]) for j, s in sp.items())


def fork_refusal(chunk: Chunk, instrs: list[tuple[int, Opcode, tuple[int, ...]]],
                 index: dict[int, int], i: int) -> str | None:
    """Why the FORK at ``instrs[i]`` is a real choice for native code (None: the rules
    after it cannot match a call the rule before it matched, so dropping it gives tier
    1's one result). The layout ``compiler._compile_function`` makes: a rule is
    ``MATCH_HEAD p -> next; FORK next; body``; the last ends in ``NO_MATCH``."""
    if i == 0 or instrs[i - 1][1] is not Opcode.MATCH_HEAD:
        return "FORK after a rule that matches every call"
    p = chunk.patterns[instrs[i - 1][2][0]]
    at = instrs[i][2][0]
    if instrs[i - 1][2][1] != at:
        return "FORK that is not between rules"
    seen = set()
    while True:
        k = index.get(at)
        if k is None or at in seen:
            return "FORK to no rule"
        seen.add(at)
        _, op, operands = instrs[k]
        if op is Opcode.NO_MATCH:
            return None
        if op is not Opcode.MATCH_HEAD:
            return "FORK to a rule that matches every call"
        if not heads_disjoint(p, chunk.patterns[operands[0]]):
            return "FORK between rules whose heads overlap"
        at = operands[1]


def term_refusal(chunk: Chunk, instrs: list[tuple[int, Opcode, tuple[int, ...]]],
                 index: dict[int, int], i: int) -> str | None:
    """Why the term instruction ``instrs[i]`` has no native form in ``chunk`` (None: it
    has, or it is no term instruction)."""
    _, op, operands = instrs[i]
    why = space_refusal(chunk, instrs, index, i, native_targets)  # spaces (jit.spacescan)
    if why is not None:
        return why
    if op is Opcode.MATCH_HEAD:
        return match_head_refusal(chunk.patterns[operands[0]])
    if op is Opcode.UNIFY:
        return unify_refusal(chunk.patterns[operands[0]])
    if op is Opcode.NO_MATCH and type(chunk.constants[operands[0]]) is not Symbol:
        return "NO_MATCH of a head that is not a symbol"
    return None
