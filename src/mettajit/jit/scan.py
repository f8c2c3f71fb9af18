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

from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, OpInfo

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
