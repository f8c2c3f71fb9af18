"""Lowering of several results (issue 10 item 3): the choice sites ``jit.nondet`` finds,
in the functions of a group (``lower.FunctionGroup``); a mixin of ``lower.Lowering``.

A function with choice sites keeps, in its frame: a stack of the ids of its live sites
(``cp_sp``, ``cp_stack``: at most one entry per site, the code being acyclic), and per
site a save area (every local, the operand slots under the site), an index and a
collector (``helpers.COLLECTOR_TYPE``) for a call's results or a collection, and a
resume block. Making a site saves the frame and pushes its id; ``backtrack`` dispatches
on the newest id to its resume block, which restores the frame and continues with the
next alternative (a ``FORK``'s jump target, the next result of a call, the next element
of a ``SUPERPOSE``) or, when there is none, pops the site and backtracks again; a
``COLLECT``'s resume block makes the collected tuple (``END_COLLECT`` pushes it) and
continues at its target. An empty stack ends a multi function (``ret 0``; its results
are in its caller's collector, ``out``, its last parameter). A bail-out frees every
collector the frame owns before it returns ``WORD_BAIL``.

Multi functions are called with a collector of the caller's site (``CALL``) or the
caller's own ``out`` (a ``TAIL_CALL``: the callee's results are the caller's). The root
of a multi group is called by ``emit_multi_wrapper``: its entry gives a Python list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llvmlite import ir

from mettajit.atoms.core import Expression, Variable
from mettajit.jit import values as V
from mettajit.jit.helpers import (
    COLL_ITEMS,
    COLL_N,
    COLLECTOR_TYPE,
    I8P,
    I32,
    TUPLE_ITEMS_OFFSET,
    BailReason,
    get_helper,
    native_steps,
)
from mettajit.jit.nondet import Choices, Site
from mettajit.jit.scan import NotCompilable, unify_refusal
from mettajit.jit.spacescan import match_slots

if TYPE_CHECKING:
    from mettajit.bytecode.chunk import Chunk

I64 = V.I64
I1 = V.I1
COLL_P = COLLECTOR_TYPE.as_pointer()


def _field(b: ir.IRBuilder, struct: ir.Value, k: int) -> ir.Value:
    return b.gep(struct, [ir.Constant(I32, 0), ir.Constant(I32, k)], inbounds=True)


class ChoiceLowering:
    """The nondeterminism opcodes of ``lower.Lowering`` and its hooks for sites."""

    b: ir.IRBuilder
    fn: ir.Function
    module: ir.Module
    chunk: Chunk
    group: Any
    instrs: list[tuple[int, Any, tuple[int, ...]]]
    index: dict[int, int]
    blocks: dict[int, ir.Block]
    locals: list[ir.Value]
    local_cache: dict[int, Any]
    evaluated: set[int]
    slots: list[ir.Value]
    stack: list[Any]
    depth: ir.Value
    at: int
    next_offset: int
    terminated: bool
    choices: Choices

    # (provided by Lowering)
    def guard(self, ok: ir.Value, reason: BailReason) -> None: ...  # pragma: no cover
    def bail_block(self, reason: BailReason) -> ir.Block: ...  # pragma: no cover
    def spill(self) -> None: ...  # pragma: no cover
    def push(self, val: Any) -> None: ...  # pragma: no cover
    def pop(self) -> Any: ...  # pragma: no cover
    def as_word(self, val: Any) -> ir.Value: ...  # pragma: no cover
    def word_val(self, w: ir.Value) -> Any: ...  # pragma: no cover
    def _propagate(self) -> ir.Block: ...  # pragma: no cover
    if TYPE_CHECKING:  # (provided by jit.terms' mixin, before this one in the MRO)
        def callable_word(self, w: ir.Value) -> ir.Value: ...
        def build_expression(self, words: list[ir.Value]) -> ir.Value: ...
        def _children(self, addr: ir.Value) -> tuple[ir.Value, ir.Value]: ...
        def _type_is(self, addr: ir.Value, data: str) -> ir.Value: ...
        def _expect_expression(self, w: ir.Value, length: int, fail: ir.Block) -> ir.Value: ...
        def _item(self, kids: ir.Value, k: int) -> ir.Value: ...
        def _match_const(self, w: ir.Value, const: Any, fail: ir.Block) -> None: ...

    # -- the frame ----------------------------------------------------------------------

    def setup_choices(self, n_locals: int) -> None:
        """In the entry block (allocas there become registers): the choice stack, each
        site's save area, index and collector, zeroed."""
        ch = self.choices
        b = self.b
        self._bt: ir.Block | None = None
        self._saves: dict[int, tuple[list[ir.Value], list[ir.Value]]] = {}
        self._colls: dict[int, ir.Value] = {}
        self._idx: dict[int, ir.Value] = {}
        self._src: dict[int, tuple[ir.Value, ir.Value]] = {}
        self._resume: dict[int, ir.Block] = {}
        self._collected: ir.Value | None = None
        self._matched: ir.Value | None = None
        if not ch.any:
            return
        self._cp_sp = b.alloca(I64, name="cp_sp")
        b.store(ir.Constant(I64, 0), self._cp_sp)
        self._cp_stack = b.alloca(ir.ArrayType(I32, max(len(ch.sites), 1)), name="cp_stack")
        for site in ch.sites.values():
            k = site.id
            self._saves[k] = ([b.alloca(I64, name=f"c{k}l{i}") for i in range(n_locals)],
                              [b.alloca(I64, name=f"c{k}s{i}") for i in range(site.depth)])
            if site.kind in ("call", "collect", "match"):
                coll = self._colls[k] = b.alloca(COLLECTOR_TYPE, name=f"c{k}coll")
                b.store(ir.Constant(COLLECTOR_TYPE, None), coll)
            if site.kind in ("call", "superpose", "match"):
                self._idx[k] = b.alloca(I64, name=f"c{k}i")
            if site.kind == "superpose":
                self._src[k] = (b.alloca(I64, name=f"c{k}items"), b.alloca(I64, name=f"c{k}n"))
            if site.kind == "collect" and self._collected is None:
                self._collected = b.alloca(I64, name="collected")
            self._resume[k] = self.fn.append_basic_block(f"resume{k}")
        if ch.matched_flag:
            self._matched = b.alloca(I1, name="matched")
            b.store(ir.Constant(I1, 0), self._matched)

    def free_collectors(self) -> None:
        """Before a bail-out's return: the storage of every collector the frame owns."""
        for coll in self._colls.values():
            self.b.call(get_helper(self.module, "rt_collect_free"), [coll])

    def _site(self) -> Site:
        return self.choices.sites[self.at]

    def _save(self, site: Site) -> None:
        b = self.b
        save_l, save_s = self._saves[site.id]
        for src, dst in zip(self.locals, save_l, strict=True):
            b.store(b.load(src), dst)
        for src, dst in zip(self.slots, save_s, strict=False):
            b.store(b.load(src), dst)

    def _restore(self, site: Site) -> None:
        b = self.b
        save_l, save_s = self._saves[site.id]
        for dst, src in zip(self.locals, save_l, strict=True):
            b.store(b.load(src), dst)
        for dst, src in zip(self.slots, save_s, strict=False):
            b.store(b.load(src), dst)

    def _push_site(self, site: Site) -> None:
        b = self.b
        sp = b.load(self._cp_sp)
        b.store(ir.Constant(I32, site.id),
                b.gep(self._cp_stack, [ir.Constant(I32, 0), sp], inbounds=True))
        b.store(b.add(sp, ir.Constant(I64, 1)), self._cp_sp)

    def _pop_site(self) -> None:
        b = self.b
        b.store(b.sub(b.load(self._cp_sp), ir.Constant(I64, 1)), self._cp_sp)

    def backtrack(self) -> ir.Block:
        """The block that resumes the newest live site; with none, a multi function is
        done (``ret 0``) and any other bails out (``BailReason.CHOICE``)."""
        if self._bt is not None:
            return self._bt
        bt = self._bt = self.fn.append_basic_block("backtrack")
        b = self.b
        with b.goto_block(bt):
            done = self.fn.append_basic_block("exhausted")
            if self.choices.sites:
                sp = b.load(self._cp_sp)
                dispatch = self.fn.append_basic_block("dispatch")
                b.cbranch(b.icmp_signed("==", sp, ir.Constant(I64, 0)), done, dispatch)
                b.position_at_end(dispatch)
                top = b.sub(sp, ir.Constant(I64, 1))
                k = b.load(b.gep(self._cp_stack, [ir.Constant(I32, 0), top], inbounds=True))
                sw = b.switch(k, done)
                for sid, blk in self._resume.items():
                    sw.add_case(ir.Constant(I32, sid), blk)
            else:
                b.branch(done)
            b.position_at_end(done)
            if self.choices.multi:
                b.ret(ir.Constant(I64, 0))
            else:
                b.branch(self.bail_block(BailReason.CHOICE))
        return bt

    def finish_choices(self) -> None:
        """The resume block of every site (after the code: its targets are blocks)."""
        b = self.b
        for site in self.choices.sites.values():
            b.position_at_end(self._resume[site.id])
            if site.kind == "fork":
                self._pop_site()
                self._restore(site)
                b.branch(self.blocks[site.resume_at])
            elif site.kind == "collect":
                self._pop_site()
                self._restore(site)
                coll = self._colls[site.id]
                w = b.call(get_helper(self.module, "rt_collect_expression"), [coll])
                b.call(get_helper(self.module, "rt_collect_free"), [coll])
                self.guard(b.icmp_unsigned("!=", w, V.word_const(V.WORD_BAIL)),
                           BailReason.NO_MEMORY)
                assert self._collected is not None
                b.store(w, self._collected)
                b.branch(self.blocks[site.resume_at])
            else:
                self._resume_next(site)

    def _resume_next(self, site: Site) -> None:
        """The next result of a call, element of a superpose or row of a match (its words
        into the locals the match writes); none: pop, backtrack."""
        b = self.b
        idx_p = self._idx[site.id]
        idx = b.load(idx_p)
        if site.kind in ("call", "match"):
            coll = self._colls[site.id]
            n = b.load(_field(b, coll, COLL_N))
        else:
            items_p, n_p = self._src[site.id]
            n = b.load(n_p)
        more = self.fn.append_basic_block(f"next{site.id}")
        gone = self.fn.append_basic_block(f"gone{site.id}")
        b.cbranch(b.icmp_signed("<", idx, n), more, gone)
        b.position_at_end(gone)
        if site.kind in ("call", "match"):
            b.call(get_helper(self.module, "rt_collect_free"), [self._colls[site.id]])
        self._pop_site()
        b.branch(self.backtrack())
        b.position_at_end(more)
        self._restore(site)
        if site.kind == "match":
            self._next_row(site, coll, idx)
            return
        if site.kind == "call":
            w = b.load(b.gep(b.load(_field(b, coll, COLL_ITEMS)), [idx], inbounds=True))
        else:
            addr = b.add(b.load(items_p), b.mul(idx, ir.Constant(I64, 8)))
            w = b.call(get_helper(self.module, "rt_unbox_child"),
                       [b.load(b.inttoptr(addr, I8P.as_pointer()))])
        b.store(b.add(idx, ir.Constant(I64, 1)), idx_p)
        b.store(w, self.slots[site.depth])
        b.branch(self.blocks[site.resume_at])

    def _next_row(self, site: Site, coll: ir.Value, idx: ir.Value) -> None:
        """A match's row: its words (one per free slot, or one ``()`` for none) into the
        locals (the resume block is a leader: nothing of them is cached)."""
        b = self.b
        _, _, operands = self.instrs[self.index[site.offset]]
        free = match_slots(self.chunk.patterns[operands[0]])[1]
        items = b.load(_field(b, coll, COLL_ITEMS))
        for k, slot in enumerate(free):
            at = b.add(idx, ir.Constant(I64, k)) if k else idx
            b.store(b.load(b.gep(items, [at], inbounds=True)), self.locals[slot])
        b.store(b.add(idx, ir.Constant(I64, max(len(free), 1))), self._idx[site.id])
        b.branch(self.blocks[site.resume_at])

    def _enter_site(self, site: Site) -> None:
        """The site is made (its source filled): save the frame, push it, take its first
        alternative."""
        self._save(site)
        self._push_site(site)
        if site.id in self._idx:
            self.b.store(ir.Constant(I64, 0), self._idx[site.id])
            self.b.branch(self._resume[site.id])
            self.terminated = True

    # -- hooks of Lowering --------------------------------------------------------------

    def is_multi(self, callee: Any) -> bool:
        return bool(callee.choices.multi)

    def call_multi(self, callee: Any, words: list[ir.Value]) -> None:
        """A ``CALL`` of a multi function: a site over its results (in a collector)."""
        b = self.b
        site = self._site()
        self.spill()
        coll = self._colls[site.id]
        depth = b.add(self.depth, ir.Constant(I64, 1), flags=("nuw",))
        r = b.call(callee.fn, [depth, *words, coll])
        cont = self.fn.append_basic_block("called")
        bailed = b.icmp_unsigned("==", r, V.word_const(V.WORD_BAIL))
        b.cbranch(bailed, self._propagate(), cont).set_weights([1, 1000])
        b.position_at_end(cont)
        self._enter_site(site)

    def tail_call_choice(self, callee: Any, words: list[ir.Value]) -> None:
        """A ``TAIL_CALL`` that is no loop, in or of a multi function: the callee's
        results are this function's (a multi callee appends to ``out`` itself)."""
        b = self.b
        depth = b.add(self.depth, ir.Constant(I64, 1), flags=("nuw",))
        if callee.choices.multi:
            r = b.call(callee.fn, [depth, *words, self.fn.args[-1]])
            cont = self.fn.append_basic_block("called")
            bailed = b.icmp_unsigned("==", r, V.word_const(V.WORD_BAIL))
            b.cbranch(bailed, self._propagate(), cont).set_weights([1, 1000])
            b.position_at_end(cont)
            b.branch(self.backtrack())
        else:
            w = b.call(callee.fn, [depth, *words])
            cont = self.fn.append_basic_block("called")
            bailed = b.icmp_unsigned("==", w, V.word_const(V.WORD_BAIL))
            b.cbranch(bailed, self._propagate(), cont).set_weights([1, 1000])
            b.position_at_end(cont)
            self.return_multi(w)
        self.terminated = True

    def return_multi(self, w: ir.Value) -> None:
        """``RETURN`` of a multi function: append to ``out``, backtrack."""
        b = self.b
        ok = b.call(get_helper(self.module, "rt_collect_push"), [self.fn.args[-1], w])
        self.guard(b.icmp_signed("!=", ok, ir.Constant(I32, 0)), BailReason.NO_MEMORY)
        b.branch(self.backtrack())
        self.terminated = True

    def note_matched(self) -> None:
        """A rule head matched (``NO_MATCH`` then fails, as the VM's ``matched``)."""
        if self._matched is not None:
            self.b.store(ir.Constant(I1, 1), self._matched)

    def reset_matched(self) -> None:
        """A fresh frame (a self tail call's loop)."""
        if self._matched is not None:
            self.b.store(ir.Constant(I1, 0), self._matched)

    def fail_if_matched(self) -> None:
        """``NO_MATCH``: a head matched this call (a real FORK backtracked here): fail."""
        if self._matched is not None:
            cont = self.fn.append_basic_block("unmatched")
            self.b.cbranch(self.b.load(self._matched), self.backtrack(), cont)
            self.b.position_at_end(cont)

    # -- the opcodes --------------------------------------------------------------------

    def fork_site(self) -> None:
        """A ``FORK`` that is a real choice: save, push; the fall-through is the first
        alternative, the jump target the next."""
        site = self.choices.sites.get(self.at)
        if site is None:
            return  # dropped by indexing (jit.scan.fork_refusal)
        self.spill()
        self._enter_site(site)

    def lower_fail(self) -> None:
        self.b.branch(self.backtrack())
        self.terminated = True

    def lower_superpose(self) -> None:
        """Each element of an expression in turn (a non-expression bails out: the VM's
        error is tier 1's business)."""
        b = self.b
        site = self._site()
        w = self.as_word(self.pop())
        self.guard(V.emit_has_tag(b, w, V.Tag.HANDLE), BailReason.TERM)
        addr = V.emit_payload(b, w)
        self.guard(self._type_is(addr, "rt_type_expression"), BailReason.TERM)
        kids, n = self._children(addr)
        self.spill()
        items_p, n_p = self._src[site.id]
        b.store(b.add(kids, ir.Constant(I64, TUPLE_ITEMS_OFFSET)), items_p)
        b.store(n, n_p)
        self._enter_site(site)

    def lower_collect(self, target: int) -> None:
        self.spill()
        self._enter_site(self._site())

    def lower_yield(self) -> None:
        b = self.b
        w = self.as_word(self.pop())
        coll = self._colls[self.choices.collect_of[self.at].id]
        ok = b.call(get_helper(self.module, "rt_collect_push"), [coll, w])
        self.guard(b.icmp_signed("!=", ok, ir.Constant(I32, 0)), BailReason.NO_MEMORY)
        b.branch(self.backtrack())
        self.terminated = True

    def lower_end_collect(self) -> None:
        assert self._collected is not None
        self.push(self.word_val(self.b.load(self._collected)))

    def lower_make_expr(self, n: int) -> None:
        """An expression of evaluated elements whose head is a number or a Bool: data (the
        VM's ``apply``: no rule can apply, no variable-headed rule exists, or native code
        would not run); any other head, or an Error or Empty element, bails out."""
        b = self.b
        vals = self.stack[len(self.stack) - n:]
        del self.stack[len(self.stack) - n:]
        words = [self.as_word(v) for v in vals]
        head = words[0]
        data = b.or_(b.or_(V.emit_has_tag(b, head, V.Tag.INT), V.emit_is_bool(b, head)),
                     V.emit_is_double(b, head))
        self.guard(data, BailReason.TERM)
        for v, w in zip(vals[1:], words[1:], strict=True):
            if v.kind == "word" and v.known is None:
                self.guard(self.callable_word(w), BailReason.TERM)
        self.push(self.word_val(self.build_expression(words)))


    # -- helpers of the forms of several results -----------------------------------------

    @staticmethod
    def is_unit(val: Any) -> bool:
        """A value known to be ``()`` (``PUSH_UNIT``: ``case``'s test for no results)."""
        v = val.v
        return (val.kind == "word" and isinstance(v, ir.Constant)
                and v.constant == V.word_const(V.WORD_UNIT).constant)

    def equal_unit(self, w: ir.Value) -> ir.Value:
        """i1: the atom of ``w`` is ``()``: its word is, or (False) it is an expression
        with elements; anything else bails out (``_equal``'s rule)."""
        b = self.b
        unit = b.icmp_unsigned("==", w, V.word_const(V.WORD_UNIT))
        other = self.fn.append_basic_block("not_unit")
        done = self.fn.append_basic_block("unit_done")
        here = b.block
        b.cbranch(unit, done, other)
        b.position_at_end(other)
        self.guard(V.emit_has_tag(b, w, V.Tag.HANDLE), BailReason.UNEXPECTED_VALUE)
        addr = V.emit_payload(b, w)
        self.guard(self._type_is(addr, "rt_type_expression"), BailReason.UNEXPECTED_VALUE)
        _, n = self._children(addr)
        self.guard(b.icmp_signed(">", n, ir.Constant(I64, 0)), BailReason.UNEXPECTED_VALUE)
        last = b.block
        b.branch(done)
        b.position_at_end(done)
        r = b.phi(I1)
        r.add_incoming(ir.Constant(I1, 1), here)
        r.add_incoming(ir.Constant(I1, 0), last)
        return r

    def lower_unify(self, pi: int, target: int) -> None:
        """Match the (ground) value against a flat pattern (``scan.unify_refusal``): a
        fresh variable takes it, a constant is compared (``_match_const``), a flat
        expression is taken apart; no match jumps to ``target``."""
        b = self.b
        pat = self.chunk.patterns[pi]
        why = unify_refusal(pat)
        if why is not None:
            raise NotCompilable(why)
        w = self.as_word(self.pop())
        self.spill()
        fail = self.blocks[target]
        p = pat.atom
        writes: list[tuple[int, ir.Value]] = []
        if type(p) is Variable:
            writes.append((pat.slots[p], w))
        elif type(p) is Expression:
            tup = self._expect_expression(w, len(p.children), fail)
            for k, c in enumerate(p.children):
                child = b.call(get_helper(self.module, "rt_unbox_child"), [self._item(tup, k)])
                if type(c) is Variable:
                    writes.append((pat.slots[c], child))
                else:
                    self._match_const(child, c, fail)
        else:
            self._match_const(w, p, fail)
        for d, x in writes:
            b.store(x, self.locals[d])
            self.local_cache.pop(d, None)
            self.evaluated.discard(d)
        b.branch(self.blocks[self.next_offset])
        self.terminated = True


def emit_multi_wrapper(group: Any, root: ir.Function, arity: int,
                       unit_type: ir.FunctionType) -> ir.Function:
    """``i32 @<name>(args..., i64* out)`` of a multi root: calls it at depth 0 with a
    collector, and stores the HANDLE word of a new list of its results in ``*out``."""
    module = group.module
    fn = ir.Function(module, unit_type, group.name)
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    steps = native_steps(b)
    before = b.load(steps)
    mark = b.call(get_helper(module, "rt_arena_mark"), [])
    coll = b.alloca(COLLECTOR_TYPE)
    b.store(ir.Constant(COLLECTOR_TYPE, None), coll)
    r = b.call(root, [ir.Constant(I64, 0), *fn.args[:-1], coll])
    release = get_helper(module, "rt_release_arena_to")
    free = get_helper(module, "rt_collect_free")
    with b.if_then(b.icmp_unsigned("==", r, V.word_const(V.WORD_BAIL)), likely=False):
        reason = b.load(group.reason)
        stopped = b.icmp_signed("==", reason, ir.Constant(I32, int(BailReason.STOPPED)))
        b.store(b.select(stopped, b.load(steps), before), steps)
        b.call(free, [coll])
        b.call(release, [mark])
        b.ret(reason)
    lst = b.call(get_helper(module, "rt_collect_list"), [coll])
    b.call(free, [coll])
    b.call(release, [mark])  # the list holds what it needs
    with b.if_then(b.icmp_unsigned("==", lst, ir.Constant(I8P, None)), likely=False):
        b.store(before, steps)
        b.ret(ir.Constant(I32, int(BailReason.NO_MEMORY)))
    b.store(V.emit_box_address(b, b.ptrtoint(lst, I64), V.Tag.HANDLE), fn.args[-1])
    b.ret(ir.Constant(I32, 0))
    return fn
