"""Several results in native code (issue 10 item 3): which functions of a group are
*multi* and where their choice sites are, decided without LLVM (no llvmlite here;
``jit.choice`` lowers what this finds).

The convention (docs/ARCHITECTURE.md, tier 2): a group function that may give other
than exactly one result is multi: it appends each result word to a collector its caller
owns, in tier 1's order, and returns when its alternatives are exhausted. Inside a
function each *choice site* is what makes a VM choice point:

* ``fork``: a ``FORK`` that first-argument indexing does not drop (``scan.fork_refusal``);
  the alternative resumes at its jump target;
* ``call``: a ``CALL`` of a multi function; each result in turn continues after the call;
* ``superpose``: ``SUPERPOSE``; each element in turn continues after it;
* ``match``: ``MATCH``; each match (a row of the words of the pattern's free locals, from
  one call of ``rt_space_match``) in turn continues after it (its jump, the way of a value
  that is no space, is no native successor: it bails out);
* ``collect``: ``COLLECT``; ``YIELD`` adds to it, and when its code is exhausted the
  collected tuple continues at its jump target (``END_COLLECT``).

``FAIL``, ``YIELD``, the ``RETURN`` of a multi function (after appending its result) and a
``NO_MATCH`` after a head matched backtrack to the newest live site. The code must be
acyclic (each site is then live at most once per activation: the function's stack of
live sites never holds more than its number of sites); a self tail call is a loop only
where no site can be live, elsewhere it is a call whose results are the function's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, Flow, Opcode, stack_effect
from mettajit.jit import scan
from mettajit.jit.scan import NotCompilable, fork_refusal, native_targets
from mettajit.jit.spacescan import has_effects

MAX_STATES: Final = 4096  # (offset, live sites) pairs one function's analysis may visit
SITE_OPS: Final = {Opcode.FORK: "fork", Opcode.CALL: "call", Opcode.SUPERPOSE: "superpose",
                   Opcode.COLLECT: "collect", Opcode.MATCH: "match"}


@dataclass(frozen=True, slots=True)
class Site:
    """One choice site: its id in the function (0..), offset, kind, the operand slots
    live under it (saved with the locals) and where an alternative continues."""

    id: int
    offset: int
    kind: str
    depth: int
    resume_at: int


@dataclass
class Choices:
    """What the lowering of one function needs to know about its nondeterminism."""

    multi: bool = False
    sites: dict[int, Site] = field(default_factory=dict)  # by offset
    collect_of: dict[int, Site] = field(default_factory=dict)  # YIELD offset -> its COLLECT
    loops: set[int] = field(default_factory=set)  # self TAIL_CALLs that may be loops
    matched_flag: bool = False  # a real FORK between rules: NO_MATCH may fail

    @property
    def any(self) -> bool:
        return self.multi or bool(self.sites)


def _dropped_fork(chunk: Chunk, instrs: list[tuple[int, Opcode, tuple[int, ...]]],
                  index: dict[int, int], i: int) -> bool:
    return fork_refusal(chunk, instrs, index, i) is None


def _successors(instrs: list[tuple[int, Opcode, tuple[int, ...]]], i: int) -> list[int]:
    """Offsets native code may go to from ``instrs[i]`` (fall-through and jumps)."""
    _, op, operands = instrs[i]
    entry = OPCODES[op]
    out = list(native_targets(entry, operands))
    if entry.flow.falls_through and i + 1 < len(instrs):
        out.append(instrs[i + 1][0])
    return out


def _check_acyclic(instrs: list[tuple[int, Opcode, tuple[int, ...]]],
                   index: dict[int, int]) -> None:
    colour: dict[int, int] = {}
    for start in (0,):
        stack = [(start, iter(_successors(instrs, index[start])))]
        colour[start] = 1
        while stack:
            off, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[off] = 2
                stack.pop()
                continue
            if nxt not in index:
                raise NotCompilable(f"jump to {nxt}, not an instruction")
            c = colour.get(nxt)
            if c == 1:
                raise NotCompilable("nondeterministic code with a loop")
            if c is None:
                colour[nxt] = 1
                stack.append((nxt, iter(_successors(instrs, index[nxt]))))


def choices(chunk: Chunk, callee_multi: Mapping[Any, bool]) -> Choices:
    """The choice sites of ``chunk`` and whether it is multi, given which of its callees
    (by key) are; ``NotCompilable`` for nondeterminism native code does not make."""
    instrs = chunk.instructions()
    if not instrs:
        raise NotCompilable("empty chunk")
    index = {off: i for i, (off, _, _) in enumerate(instrs)}
    out = Choices()
    kinds: dict[int, str] = {}
    for i, (off, op, operands) in enumerate(instrs):
        kind = SITE_OPS.get(op)
        if op is Opcode.FORK and _dropped_fork(chunk, instrs, index, i):
            kind = None
        elif op is Opcode.FORK and i > 0 and instrs[i - 1][1] is Opcode.MATCH_HEAD:
            out.matched_flag = True
        if op is Opcode.CALL and not callee_multi.get(chunk.funcs[operands[0]], False):
            kind = None
        if kind is not None:
            kinds[off] = kind
    tails_multi = any(op is Opcode.TAIL_CALL and callee_multi.get(chunk.funcs[o[0]], False)
                      for _, op, o in instrs)
    if not kinds and not tails_multi and not any(op in (Opcode.FAIL, Opcode.YIELD)
                                                 for _, op, _ in instrs):
        return out  # deterministic, no choice: today's code
    if kinds:
        _check_acyclic(instrs, index)
    _walk(chunk, instrs, index, kinds, callee_multi, out)
    return out


def _walk(chunk: Chunk, instrs: list[tuple[int, Opcode, tuple[int, ...]]],
          index: dict[int, int], kinds: dict[int, str], callee_multi: Mapping[Any, bool],
          out: Choices) -> None:
    """Every (offset, live sites, depth) the code may reach: the sites with their depths,
    and whether the function may give other than one result."""
    seen: set[tuple[int, tuple[int, ...]]] = set()
    depth_at: dict[int, int] = {}
    yields: dict[int, set[int]] = {}
    tails_live: set[int] = set()
    todo: list[tuple[int, tuple[int, ...], int]] = [(0, (), 0)]
    while todo:
        off, live, d = todo.pop()
        if (off, live) in seen:
            continue
        seen.add((off, live))
        if len(seen) > MAX_STATES:
            raise NotCompilable("too many choice states")
        if depth_at.setdefault(off, d) != d:
            raise NotCompilable(f"stack depths meet at {off}")
        i = index.get(off)
        if i is None:
            raise NotCompilable(f"jump to {off}, not an instruction")
        _, op, operands = instrs[i]
        entry = OPCODES[op]
        pops, pushes = stack_effect(op, operands)
        after = d - pops + pushes
        nxt = instrs[i + 1][0] if i + 1 < len(instrs) else None
        kind = kinds.get(off)
        if kind is not None:
            site = out.sites.get(off)
            if site is None:
                resume = operands[0] if kind in ("fork", "collect") else nxt
                if resume is None:
                    raise NotCompilable("code runs off its end")
                site = out.sites[off] = Site(len(out.sites), off, kind, d - pops, resume)
            if kind in ("fork", "collect"):
                todo.append((nxt, (*live, off), after))  # type: ignore[arg-type]
                todo.append((operands[0], live, after))
            else:
                todo.append((nxt, (*live, off), after))  # type: ignore[arg-type]
            continue
        if op is Opcode.FAIL or (op is Opcode.NO_MATCH and out.matched_flag):
            if not live:
                out.multi = True  # it may give no result
            if op is Opcode.FAIL:
                continue
        if op is Opcode.YIELD:
            inner = [s for s in live if kinds[s] == "collect"]
            if not inner:
                raise NotCompilable("YIELD outside a collection")
            yields.setdefault(off, set()).add(inner[-1])
            continue
        if op is Opcode.RETURN:
            if any(kinds[s] == "collect" for s in live):
                raise NotCompilable("RETURN inside a collection")
            if live:
                out.multi = True
            continue
        if op is Opcode.TAIL_CALL:
            key = chunk.funcs[operands[0]]
            if callee_multi.get(key, False):
                out.multi = True
            if any(kinds[s] == "collect" for s in live):
                raise NotCompilable("TAIL_CALL inside a collection")
            if live:
                out.multi = True
                tails_live.add(off)
            else:
                out.loops.add(off)
            continue  # ends (the RETURN after it is its own business)
        for target in native_targets(entry, operands):
            todo.append((target, live, after))
        if entry.flow.falls_through and entry.flow is not Flow.TAIL:
            if nxt is None:
                raise NotCompilable("code runs off its end")
            todo.append((nxt, live, after))
    for off, sites in yields.items():
        if len(sites) != 1:
            raise NotCompilable("YIELD into different collections")
        out.collect_of[off] = out.sites[next(iter(sites))]
    out.loops -= tails_live  # a loop only where no path reaches it with a live site


def group_choices(root: Chunk, callees: Mapping[Any, Chunk]) -> dict[int, Choices]:
    """``choices`` of every chunk of a group (``root`` and its closure ``callees``, by key),
    by ``id(chunk)``: which are multi is a fixpoint (a call of a multi function is a site,
    which may make its caller multi)."""
    chunks = {id(root): root, **{id(c): c for c in callees.values()}}
    multi: set[int] = set()
    while True:
        by_key = {k: id(c) in multi for k, c in callees.items()}
        found = {cid: choices(c, by_key) for cid, c in chunks.items()}
        now = {cid for cid, ch in found.items() if ch.multi}
        if now <= multi:
            for cid, ch in found.items():
                if ch.any and has_effects(chunks[cid]):
                    # (a call of a multi function, or a tail call of one: each result
                    # would go on with the effect queued: spacescan refuses the rest)
                    raise NotCompilable("a space effect in a unit with a choice")
            return found
        multi |= now


def refusal(chunk: Chunk, resolve: Callable[[Any], Chunk | None]) -> str | None:
    """Why tier 2 will not compile the function unit ``chunk`` (None: it may):
    ``scan.refusal``, then the nondeterminism of its group."""
    why = scan.refusal(chunk, resolve)
    if why is not None:
        return why
    try:
        group_choices(chunk, scan.function_closure(chunk, resolve))
    except NotCompilable as exc:
        return str(exc)
    return None
