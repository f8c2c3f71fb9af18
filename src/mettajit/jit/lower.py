"""Lowering: a bytecode ``Chunk`` to an LLVM IR module (text), one ``lower_<opname>`` per opcode.

This module owns the translation and nothing else: it imports ``llvmlite.ir`` only, never
``llvmlite.binding`` (the engine optimises, compiles and calls), so lowering is testable as
text.

What a compiled unit looks like::

    i32 @<unit>(i64 %arg0, ..., i64* %out)      ; status: 0 ok, else a BailReason
    i8* @<unit>.entry(i8* self, i8** args, i64 n) ; METH_FASTCALL entry: entry([atoms])
    i64 @<unit>.entries                           ; how many times the entry ran
    i32 @<unit>.status, [N x i64] @<unit>.deopts  ; the last bail-out reason; counts

The unit takes NaN-boxed words (``jit.values``) and, on success, stores the result word in
``*out`` (a HANDLE result carries a new reference). A nonzero status means "run this unit in
tier 1 from its start": units are pure, so nothing ran twice that could be seen.

How the stack becomes SSA: within a basic block the operand stack is a Python list of typed
``Val``s (a boxed word, an unboxed i64 with a known value interval, or an i1), so a chain of
integer operations never boxes in between. At block boundaries the stack is spilled, boxed,
into one alloca per stack slot, and mem2reg turns those into phis. Integer results are
exact i64s whose interval is tracked: when the interval cannot leave i64 the operation is a
plain ``add nsw`` (which LLVM reassociates and folds), otherwise it is checked for overflow;
a value is checked against 48 bits only when it is boxed. Every failed guard goes to one
bail-out block per reason.

Function units (stage 3, ``lower_function``): a unit and the units it calls form one
module (``FunctionGroup``), one internal function per chunk::

    i64 @<unit>.f<k>(i64 depth, i64 %arg0, ...)  ; result word, or WORD_BAIL
    i32 @<unit>.reason                           ; why the last WORD_BAIL was returned
    i32 @<unit>(i64 %arg0, ..., i64* %out)       ; the wrapper: a unit as above

CALL is a direct call (``depth + 1``; past the thread's stack floor, ``helpers.NativeStack``,
it bails out), a
TAIL_CALL to itself a branch back to the start, to a function of the same arity a
``musttail`` call; a callee's WORD_BAIL is returned at once, so a bail-out unwinds every
native frame. A typed unit whose parameters are Number (``Chunk.decisions.number_params``) checks
that each argument is an integer word on entry and on a TAIL_CALL to itself, and bails out
otherwise. BRANCH_BOOL's non-Bool way (tier 1's fallback code) is a bail-out and is
not lowered. Functions return borrowed words (a big ``pow`` result bails out; the terms
they build belong to the arena, ``jit.terms``); the wrapper gives the caller its own
reference and releases the arena to its mark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from llvmlite import ir

from mettajit.atoms.core import Grounded, Symbol
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import (
    OPCODES,
    Family,
    Flow,
    Opcode,
    first_part,
    split_parts,
    stack_effect,
)
from mettajit.jit import runtime
from mettajit.jit import values as V
from mettajit.jit.choice import ChoiceLowering, emit_multi_wrapper
from mettajit.jit.helpers import (
    COLLECTOR_TYPE,
    I8P,
    I32,
    BailReason,
    emit_stack_ok,
    emit_step,
    get_capi,
    get_helper,
    native_steps,
)
from mettajit.jit.helpers import MAX_NATIVE_DEPTH as MAX_NATIVE_DEPTH  # (re-exported)
from mettajit.jit.nondet import Choices, group_choices
from mettajit.jit.scan import NotCompilable as NotCompilable  # (re-exported)
from mettajit.jit.scan import native_targets, term_refusal
from mettajit.jit.spacematch import SpaceLowering
from mettajit.jit.terms import TermLowering, constant_refusal, symbol_global

# the opcodes of terms (``jit.terms``): in function groups only
_TERM_OPS: Final = frozenset({Opcode.MATCH_HEAD, Opcode.FORK, Opcode.NO_MATCH,
                              Opcode.MAKE_EXPR, Opcode.UNIFY,
                              # spaces (``jit.spacematch``)
                              Opcode.LOAD_TOKEN, Opcode.PUSH_TEMPLATE, Opcode.CALL_GROUNDED,
                              Opcode.MATCH})

I64: Final = V.I64
I1: Final = V.I1
I64_MIN: Final = -(1 << 63)
I64_MAX: Final = (1 << 63) - 1


@dataclass(slots=True)
class Val:
    """One operand-stack entry during lowering.

    ``kind`` is "word" (a boxed i64), "int" (an exact i64 in ``lo..hi``) or "bool" (an i1).
    ``known`` is the integer a word is known to hold (a pool constant), if any."""

    kind: str
    v: ir.Value
    lo: int = V.INT_MIN
    hi: int = V.INT_MAX
    known: int | None = None


@dataclass(frozen=True, slots=True)
class LoweredUnit:
    """The IR of one chunk and the names the engine looks up in it."""

    module: ir.Module
    unit_name: str  # also the prefix of the entry's globals: .entries .status .deopts
    entry_name: str
    arity: int

    def text(self) -> str:
        return str(self.module)


def _is_data(chunk: Chunk) -> bool:
    """Whether ``chunk`` is a constructor's data chunk (``compiler.data_chunk``: NO_MATCH,
    RETURN): calling it applies no rule, so it is no step (tier 0's ``as_data``)."""
    code = chunk.code
    return len(code) == 3 and code[0] == Opcode.NO_MATCH and code[2] == Opcode.RETURN


def symbol_name(name: str) -> str:
    """A chunk name made safe for an LLVM symbol."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name) or "unit"


def unit_type(arity: int) -> ir.FunctionType:
    """Signature of a unit: argument words, the out pointer; returns a status."""
    return ir.FunctionType(I32, [I64] * arity + [I64.as_pointer()])


class Lowering(TermLowering, ChoiceLowering, SpaceLowering):
    """Lowers one chunk. ``lower_<opname>`` methods take the instruction's operands (the
    term opcodes' are in ``jit.terms``, the nondeterminism opcodes' in ``jit.choice``)."""

    def __init__(self, chunk: Chunk, name: str, group: FunctionGroup | None = None,
                 module: ir.Module | None = None) -> None:
        self.chunk = chunk
        self.name = name
        self.group = group
        if group is None:  # an expression unit: status out, result through a pointer
            if module is None:
                module = ir.Module(name=name)
                module.triple = ""
            self.module = module
            self.fn = ir.Function(self.module, unit_type(chunk.arity), name)
            self.choices = Choices()
        else:  # a function of a group: (depth, args) -> result word, or WORD_BAIL
            self.module = group.module
            self.choices = group.choices[id(chunk)]
            self.fn = ir.Function(self.module, function_type(chunk.arity, self.choices.multi),
                                  name)
            self.fn.linkage = "internal"
        self.callees: dict[Any, Lowering] = {}
        self.call_keys: list[Any] = []
        self.propagate_block: ir.Block | None = None
        self.b = ir.IRBuilder()
        self.stack: list[Val] = []
        self.local_cache: dict[int, Val] = {}
        self.evaluated: set[int] = set()  # locals LOAD_EVAL has checked in this block
        self.bail_blocks: dict[BailReason, ir.Block] = {}
        self.terminated = False
        self.next_offset = 0
        self.at = 0

    # -- analysis -----------------------------------------------------------------------

    def analyse(self) -> None:
        """Check every opcode is compilable; find blocks and the stack depth at each."""
        self.instrs = self.chunk.instructions()
        if not self.instrs:
            raise NotCompilable("empty chunk")
        if self.group is None:
            for _, op, _ in self.instrs:
                if OPCODES[op].jit is None:
                    raise NotCompilable(f"{op.name} is not compiled")
        self.index = {off: i for i, (off, _, _) in enumerate(self.instrs)}
        leaders = {0}
        for i, (_, op, operands) in enumerate(self.instrs):
            entry = OPCODES[op]
            leaders.update(native_targets(entry, operands))
            ends = entry.flow is not Flow.NEXT
            if ends and i + 1 < len(self.instrs):
                leaders.add(self.instrs[i + 1][0])
        # where the next result of a call or superpose continues (jit.nondet)
        leaders.update(s.resume_at for s in self.choices.sites.values())
        self.depth_at: dict[int, int] = {}
        self.max_depth = 0
        self.n_locals = max(self.chunk.n_locals, self.chunk.arity)
        # functions have no arena: a big pow result bails out (nothing to release)
        self.n_arena = 0 if self.group is not None else sum(
            1 for _, op, _ in self.instrs if op is Opcode.POW)
        work = [0]
        self._reach(0, 0, work)
        while work:
            self._walk_block(work.pop(), leaders, work)
        self.leaders = sorted(self.depth_at)

    def _reach(self, off: int, depth: int, work: list[int]) -> None:
        if off not in self.index:
            raise NotCompilable(f"jump to {off}, not an instruction")
        known = self.depth_at.get(off)
        if known is None:
            self.depth_at[off] = depth
            work.append(off)
        elif known != depth:
            raise NotCompilable(f"stack depth {known} and {depth} meet at {off}")

    def _walk_block(self, off: int, leaders: set[int], work: list[int]) -> None:
        d = self.depth_at[off]
        i = self.index[off]
        while True:
            if i >= len(self.instrs):
                raise NotCompilable("code runs off its end")
            _, op, operands = self.instrs[i]
            info = OPCODES[op]
            if info.jit is None:  # only what can run natively is looked at
                raise NotCompilable(f"{op.name} is not compiled")
            if op in _TERM_OPS or info.family is Family.NONDETERMINISM:
                if self.group is None:
                    raise NotCompilable(f"{op.name} outside a function group")
                why = term_refusal(self.chunk, self.instrs, self.index, i)
                if why is not None:
                    raise NotCompilable(why)
            if "func" in info.operands:
                self._check_call(op, operands)
            if info.family is Family.LOCAL and "imm" in info.operands:  # a local slot
                if operands[0] < 0:
                    raise NotCompilable(f"negative operand of {op.name}")
                self.n_locals = max(self.n_locals, operands[0] + 1)
            pops = stack_effect(op, operands)[0]
            if d < pops:
                raise NotCompilable(f"stack underflow at {self.instrs[i][0]}")
            if first_part(op) is Opcode.PUSH_LONG_SMALL and not (
                    V.INT_MIN <= operands[0] <= V.INT_MAX):
                raise NotCompilable("PUSH_LONG_SMALL operand out of range")
            d = d - pops + info.pushes
            self.max_depth = max(self.max_depth, d)
            for target in native_targets(info, operands):
                self._reach(target, d, work)
            if info.flow.ends_block:
                return
            i += 1
            if i < len(self.instrs) and self.instrs[i][0] in leaders:
                self._reach(self.instrs[i][0], d, work)
                return

    def _check_call(self, op: Opcode, operands: tuple[int, ...]) -> None:
        if self.group is None:
            raise NotCompilable(f"{op.name} outside a function group")
        fi, n = operands
        if not 0 <= fi < len(self.chunk.funcs) or n < 0:
            raise NotCompilable(f"bad {op.name} operands")
        key = self.chunk.funcs[fi]
        if key not in self.call_keys:
            self.call_keys.append(key)

    # -- driver -------------------------------------------------------------------------

    def run_function(self) -> None:
        """The body of a group function (``analyse`` and the callees are done)."""
        b = self.b
        entry = self.fn.append_basic_block("entry")
        b.position_at_end(entry)
        self.depth = self.fn.args[0]
        self.slots = [b.alloca(I64, name=f"s{i}") for i in range(self.max_depth)]
        self.locals = [b.alloca(I64, name=f"l{i}") for i in range(self.n_locals)]
        for i, slot in enumerate(self.locals):
            arg = self.fn.args[1 + i] if i < self.chunk.arity else V.word_const(V.WORD_NIL)
            b.store(arg, slot)
        self.setup_choices(self.n_locals)
        self.guard(emit_stack_ok(b, self.depth), BailReason.DEPTH)
        self._number_guards(self.fn.args[1:1 + self.chunk.arity])
        self.blocks = {off: self.fn.append_basic_block(f"L{off}") for off in self.leaders}
        b.branch(self.blocks[0])
        for off in self.leaders:
            self._lower_block(off)
        self.finish_choices()

    def _number_guards(self, words: list[ir.Value]) -> None:
        """A typed unit of Number parameters (``Chunk.decisions.number_params``): every argument
        an integer word, else a bail-out (tier 1 then checks the call as tier 0 does;
        doubles too, which native arithmetic does not compute)."""
        if self.chunk.decisions.number_params:
            for w in words:
                self.guard(V.emit_has_tag(self.b, w, V.Tag.INT), BailReason.UNEXPECTED_VALUE)

    def run(self) -> LoweredUnit:
        self.analyse()
        b = self.b
        entry = self.fn.append_basic_block("entry")
        b.position_at_end(entry)
        self.slots = [b.alloca(I64, name=f"s{i}") for i in range(self.max_depth)]
        self.locals = [b.alloca(I64, name=f"l{i}") for i in range(self.n_locals)]
        for i, slot in enumerate(self.locals):
            b.store(self.fn.args[i] if i < self.chunk.arity else V.word_const(V.WORD_NIL), slot)
        if self.n_arena:
            self.arena = b.alloca(I8P, self.n_arena, name="arena")
            self.arena_n = b.alloca(I64, name="arena_n")
            b.store(ir.Constant(I64, 0), self.arena_n)
        self.blocks = {off: self.fn.append_basic_block(f"L{off}") for off in self.leaders}
        b.branch(self.blocks[0])
        for off in self.leaders:
            self._lower_block(off)
        entry_name, _ = emit_entry(self.module, self.fn, self.chunk.arity)
        return LoweredUnit(self.module, self.name, entry_name, self.chunk.arity)

    def _lower_block(self, off: int) -> None:
        b = self.b
        b.position_at_end(self.blocks[off])
        self.stack = [Val("word", b.load(self.slots[i])) for i in range(self.depth_at[off])]
        self.local_cache = {}
        self.evaluated = set()
        self.terminated = False
        i = self.index[off]
        while True:
            self.at, op, operands = self.instrs[i]
            self.next_offset = self.instrs[i + 1][0] if i + 1 < len(self.instrs) else -1
            for part, part_operands in split_parts(op, operands):  # quickened: its parts
                getattr(self, "lower_" + part.name.lower())(*part_operands)
            if self.terminated:
                return
            i += 1
            if self.next_offset in self.blocks:
                self.spill()
                b.branch(self.blocks[self.next_offset])
                return

    # -- values -------------------------------------------------------------------------

    def push(self, val: Val) -> None:
        self.stack.append(val)

    def word_val(self, w: ir.Value) -> Val:
        return Val("word", w)

    def pop(self) -> Val:
        return self.stack.pop()

    def spill(self) -> None:
        """Box the virtual stack into its slots (at the end of a block)."""
        for slot, val in zip(self.slots, self.stack, strict=False):
            self.b.store(self.as_word(val), slot)

    def bail_block(self, reason: BailReason) -> ir.Block:
        blk = self.bail_blocks.get(reason)
        if blk is None:
            blk = self.fn.append_basic_block(f"bail_{reason.name.lower()}")
            self.bail_blocks[reason] = blk
            with self.b.goto_block(blk):
                if self.group is not None:
                    self.b.store(ir.Constant(I32, int(reason)), self.group.reason)
                    self.free_collectors()
                    self.b.ret(V.word_const(V.WORD_BAIL))
                else:
                    self.release_arena()
                    self.b.ret(ir.Constant(I32, int(reason)))
        return blk

    def guard(self, ok: ir.Value, reason: BailReason) -> None:
        """Continue if ``ok``, else bail out with ``reason``."""
        cont = self.fn.append_basic_block(f"ok_{reason.name.lower()}")
        br = self.b.cbranch(ok, cont, self.bail_block(reason))
        br.set_weights([1000, 1])
        self.b.position_at_end(cont)

    def as_word(self, val: Val) -> ir.Value:
        b = self.b
        if val.kind == "word":
            return val.v
        if val.kind == "bool":
            return V.emit_box_bool(b, val.v)
        if not (val.lo >= V.INT_MIN and val.hi <= V.INT_MAX):
            self.guard(V.emit_fits_int(b, val.v), BailReason.OVERFLOW)
        return V.emit_box_int(b, val.v)

    def as_int(self, val: Val) -> Val:
        if val.kind == "int":
            return val
        if val.kind == "bool":
            self.guard(ir.Constant(I1, 0), BailReason.NOT_SMALL_INT)
            return Val("int", ir.Constant(I64, 0))
        self.guard(V.emit_has_tag(self.b, val.v, V.Tag.INT), BailReason.NOT_SMALL_INT)
        lo, hi = (val.known, val.known) if val.known is not None else (V.INT_MIN, V.INT_MAX)
        return Val("int", V.emit_unbox_int(self.b, val.v), lo, hi)

    def as_bool(self, val: Val) -> ir.Value:
        if val.kind == "bool":
            return val.v
        w = self.as_word(val)
        self.guard(V.emit_is_bool(self.b, w), BailReason.UNEXPECTED_VALUE)
        return V.emit_unbox_bool(self.b, w)

    def const_int(self, n: int) -> Val:
        return Val("int", ir.Constant(I64, n), n, n)

    def int_result(self, v: ir.Value, lo: int, hi: int) -> None:
        self.push(Val("int", v, lo, hi))

    def checked(self, op: str, x: Val, y: Val, lo: int, hi: int) -> None:
        """Push x <op> y: plain ``nsw`` when the interval stays in i64, checked otherwise."""
        b = self.b
        if lo >= I64_MIN and hi <= I64_MAX:
            v = getattr(b, op)(x.v, y.v, flags=("nsw",))
            self.int_result(v, lo, hi)
            return
        r = getattr(b, {"add": "sadd", "sub": "ssub", "mul": "smul"}[op] + "_with_overflow")(
            x.v, y.v)
        self.guard(b.not_(b.extract_value(r, 1)), BailReason.OVERFLOW)
        self.int_result(b.extract_value(r, 0), max(lo, I64_MIN), min(hi, I64_MAX))

    def release_arena(self) -> None:
        if self.n_arena:
            n = self.b.load(self.arena_n)
            self.b.call(get_helper(self.module, "rt_release_arena"), [self.arena, n])

    def pool_word(self, index: int) -> Val:
        """A constant through the native ``rt_load_constant`` helper (a pool global)."""
        consts = self.chunk.constants
        if not 0 <= index < len(consts):
            raise NotCompilable(f"constant {index} out of range")
        if self.group is not None:
            why = constant_refusal(consts[index])
            if why is not None:
                raise NotCompilable(why)
        atom = consts[index]
        if type(atom) is Symbol and atom is not V.NIL_SYMBOL:
            # from the symbol's cell, not the pool: no address in the IR (jit.terms)
            return Val("word", self.b.load(symbol_global(self.module, atom)))
        if not hasattr(self, "pool"):
            words = [V.word_const(0 if type(a) is Symbol and a is not V.NIL_SYMBOL
                                  else V.box(a)) for a in consts]
            ty = ir.ArrayType(I64, len(words))
            self.pool = ir.GlobalVariable(self.module, ty, f"{self.name}.pool")
            self.pool.global_constant = True
            self.pool.linkage = "private"
            self.pool.initializer = ir.Constant(ty, words)
        base = self.b.gep(self.pool, [ir.Constant(I32, 0), ir.Constant(I32, 0)], inbounds=True)
        w = self.b.call(get_helper(self.module, "rt_load_constant"),
                        [base, ir.Constant(I64, index)])
        known = None
        if type(atom) is Grounded and atom.kind is int and V.INT_MIN <= atom.value <= V.INT_MAX:
            known = atom.value
        return Val("word", w, known=known)

    # -- stack --------------------------------------------------------------------------

    def lower_nop(self) -> None:
        """An argument's Error check (``Chunk.err_exits``): in a function group the value
        may be a term; an Error expression bails out (tier 1 makes the call's Error)."""
        if self.group is None or not self.stack:
            return
        val = self.stack[-1]
        if val.kind == "word" and val.known is None:
            self.guard(self.callable_word(val.v), BailReason.TERM)

    def lower_pop(self) -> None:
        self.pop()

    def lower_dup(self) -> None:
        self.push(self.stack[-1])

    def lower_swap(self) -> None:
        s = self.stack
        s[-1], s[-2] = s[-2], s[-1]

    # -- constants ----------------------------------------------------------------------

    def lower_push_nil(self) -> None:
        self.push(Val("word", V.word_const(V.WORD_NIL)))

    def lower_push_true(self) -> None:
        self.push(Val("bool", ir.Constant(I1, 1)))

    def lower_push_false(self) -> None:
        self.push(Val("bool", ir.Constant(I1, 0)))

    def lower_push_unit(self) -> None:
        self.push(Val("word", V.word_const(V.WORD_UNIT)))

    def lower_push_long_small(self, n: int) -> None:
        self.push(self.const_int(n))

    def lower_push_long(self, index: int) -> None:
        self.push(self.pool_word(index))

    def lower_push_constant(self, index: int) -> None:
        self.push(self.pool_word(index))

    # -- arithmetic ---------------------------------------------------------------------

    def _int_pair(self) -> tuple[Val, Val]:
        y = self.as_int(self.pop())
        x = self.as_int(self.pop())
        return x, y

    def lower_add(self) -> None:
        x, y = self._int_pair()
        self.checked("add", x, y, x.lo + y.lo, x.hi + y.hi)

    def lower_sub(self) -> None:
        x, y = self._int_pair()
        self.checked("sub", x, y, x.lo - y.hi, x.hi - y.lo)

    def lower_mul(self) -> None:
        x, y = self._int_pair()
        corners = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]
        self.checked("mul", x, y, min(corners), max(corners))

    def _division_guards(self, x: Val, y: Val) -> None:
        """/0 bails out (tier 1 makes the Error value); MIN / -1 would overflow i64."""
        b = self.b
        if y.lo <= 0 <= y.hi:
            self.guard(b.icmp_signed("!=", y.v, ir.Constant(I64, 0)), BailReason.DIVISION_BY_ZERO)
        if x.lo == I64_MIN and y.lo <= -1 <= y.hi:
            bad = b.and_(b.icmp_signed("==", x.v, ir.Constant(I64, I64_MIN)),
                         b.icmp_signed("==", y.v, ir.Constant(I64, -1)))
            self.guard(b.not_(bad), BailReason.OVERFLOW)

    @staticmethod
    def _magnitude(v: Val) -> int:
        return max(abs(v.lo), abs(v.hi))

    def lower_div(self) -> None:
        # sdiv truncates toward zero, as MeTTa's integer / does
        x, y = self._int_pair()
        self._division_guards(x, y)
        m = self._magnitude(x)
        self.int_result(self.b.sdiv(x.v, y.v), -m, m)

    def lower_mod(self) -> None:
        # srem takes the sign of the dividend, as MeTTa's % does
        x, y = self._int_pair()
        self._division_guards(x, y)
        m = min(self._magnitude(x), max(self._magnitude(y) - 1, 0))
        self.int_result(self.b.srem(x.v, y.v), -m, m)

    def lower_pow(self) -> None:
        """Small results inline-fast through ``rt_pow_small``; others become a Python int
        (a HANDLE) from ``rt_pow_big``, recorded in the arena so every exit releases it."""
        b = self.b
        x, y = self._int_pair()
        if y.lo < 0:  # a negative exponent gives a float: tier 1's business
            self.guard(b.icmp_signed(">=", y.v, ir.Constant(I64, 0)),
                       BailReason.UNEXPECTED_VALUE)
        r = b.call(get_helper(self.module, "rt_pow_small"), [x.v, y.v])
        v = b.extract_value(r, 0)
        small = b.and_(b.extract_value(r, 1), V.emit_fits_int(b, v))
        small_word = V.emit_box_int(b, v)
        if self.group is not None:  # no arena in functions: tier 1 makes the big int
            self.guard(small, BailReason.OVERFLOW)
            self.push(Val("word", small_word))
            return
        here = b.block
        big = self.fn.append_basic_block("pow_big")
        done = self.fn.append_basic_block("pow_done")
        b.cbranch(small, done, big)
        b.position_at_end(big)
        n = b.load(self.arena_n)
        self.guard(b.icmp_signed("<", n, ir.Constant(I64, self.n_arena)), BailReason.ARENA_FULL)
        obj = b.call(get_helper(self.module, "rt_pow_big"), [x.v, y.v])
        self.guard(b.icmp_unsigned("!=", obj, ir.Constant(I8P, None)), BailReason.NO_MEMORY)
        b.store(obj, b.gep(self.arena, [n], inbounds=True))
        b.store(b.add(n, ir.Constant(I64, 1)), self.arena_n)
        handle = V.emit_box_address(b, b.ptrtoint(obj, I64), V.Tag.HANDLE)
        big_end = b.block
        b.branch(done)
        b.position_at_end(done)
        w = b.phi(I64)
        w.add_incoming(small_word, here)
        w.add_incoming(handle, big_end)
        self.push(Val("word", w))

    # -- boolean ------------------------------------------------------------------------

    def lower_and(self) -> None:
        # both operands must be Bools: whether a False first operand excuses a non-Bool
        # second one is tier 0's business (its argument type check), so that bails out
        y, x = self.as_bool(self.pop()), self.as_bool(self.pop())
        self.push(Val("bool", self.b.and_(x, y)))

    def lower_or(self) -> None:
        y, x = self.as_bool(self.pop()), self.as_bool(self.pop())
        self.push(Val("bool", self.b.or_(x, y)))

    def lower_xor(self) -> None:
        y, x = self.as_bool(self.pop()), self.as_bool(self.pop())
        self.push(Val("bool", self.b.xor(x, y)))

    def lower_not(self) -> None:
        self.push(Val("bool", self.b.not_(self.as_bool(self.pop()))))

    # -- comparison ---------------------------------------------------------------------

    def _compare(self, pred: str) -> None:
        x, y = self._int_pair()
        self.push(Val("bool", self.b.icmp_signed(pred, x.v, y.v)))

    def lower_lt(self) -> None:
        self._compare("<")

    def lower_le(self) -> None:
        self._compare("<=")

    def lower_gt(self) -> None:
        self._compare(">")

    def lower_ge(self) -> None:
        self._compare(">=")

    def _equal(self) -> ir.Value:
        """i1: the two top atoms are equal. Same word, same atom. Different words are
        answered here only when both are ints or both Bools; everything else goes back to
        tier 1: doubles (1 == 1.0, NaN), handles (structural equality), and atoms of two
        kinds or two symbols, whose declared types may differ, which makes ``==`` (typed
        ``(-> $t $t Bool)``) an error value, ``(== 0 True)`` a BadArgType, not False."""
        b = self.b
        y, x = self.pop(), self.pop()
        if x.kind == y.kind and x.kind in ("int", "bool"):
            return b.icmp_signed("==", x.v, y.v)
        if self.group is not None and (self.is_unit(x) or self.is_unit(y)):
            return self.equal_unit(self.as_word(y if self.is_unit(x) else x))
        wx, wy = self.as_word(x), self.as_word(y)
        same = b.icmp_unsigned("==", wx, wy)
        odd = b.or_(V.emit_is_double(b, wx), V.emit_is_double(b, wy))
        both_int = b.and_(V.emit_has_tag(b, wx, V.Tag.INT), V.emit_has_tag(b, wy, V.Tag.INT))
        both_bool = b.and_(V.emit_has_tag(b, wx, V.Tag.BOOL), V.emit_has_tag(b, wy, V.Tag.BOOL))
        known = b.or_(same, b.or_(both_int, both_bool))
        self.guard(b.and_(b.not_(odd), known), BailReason.UNEXPECTED_VALUE)
        return same

    def lower_eq(self) -> None:
        self.push(Val("bool", self._equal()))

    # -- control ------------------------------------------------------------------------

    def lower_jump(self, target: int) -> None:
        self.spill()
        self.b.branch(self.blocks[target])
        self.terminated = True

    def _jump_if(self, target: int, when: bool) -> None:
        cond = self.as_bool(self.pop())
        self.spill()
        taken, fall = self.blocks[target], self.blocks[self.next_offset]
        if when:
            self.b.cbranch(cond, taken, fall)
        else:
            self.b.cbranch(cond, fall, taken)
        self.terminated = True

    def lower_jump_if_false(self, target: int) -> None:
        self._jump_if(target, False)

    def lower_return(self) -> None:
        b = self.b
        val = self.pop()
        w = self.as_word(val)
        if self.choices.multi:  # appended to the caller's collector (jit.choice)
            self.return_multi(w)
            return
        if self.group is not None:  # borrowed: the group's wrapper takes the reference
            if self.effects:
                self.commit(None)  # the space effects queued happen (jit.spacescan)
            b.ret(w)
            self.terminated = True
            return
        if val.kind == "word":  # may be a handle: the caller gets its own reference
            b.call(get_helper(self.module, "rt_incref_handle"), [w])
        b.store(w, self.fn.args[-1])
        self.release_arena()
        b.ret(ir.Constant(I32, 0))
        self.terminated = True

    # -- locals -------------------------------------------------------------------------

    def lower_load_local(self, n: int) -> None:
        val = self.local_cache.get(n)
        if val is None:
            val = self.local_cache[n] = Val("word", self.b.load(self.locals[n]))
        self.push(val)

    def lower_store_local(self, n: int) -> None:
        val = self.pop()
        self.b.store(self.as_word(val), self.locals[n])
        self.local_cache[n] = val
        self.evaluated.discard(n)

    def lower_load_eval(self, n: int) -> None:
        """A variable tier 0 would evaluate again: a number or a Bool is itself (a plain
        load); in a function group so is a term tier 0 evaluates to itself
        (``TermLowering.word_inert``); anything else bails out."""
        b = self.b
        val = self.local_cache.get(n)
        if val is None:
            val = self.local_cache[n] = Val("word", b.load(self.locals[n]))
        if val.kind == "word" and val.known is None and n not in self.evaluated:
            w = val.v
            ok = b.or_(b.or_(V.emit_has_tag(b, w, V.Tag.INT), V.emit_is_bool(b, w)),
                       V.emit_is_double(b, w))
            if self.group is None:
                self.guard(ok, BailReason.UNEXPECTED_VALUE)
            else:
                with b.if_then(b.not_(ok), likely=False):
                    self.guard(self.word_inert(w), BailReason.TERM)
            self.evaluated.add(n)
        self.push(val)

    # -- calls (function groups only) ---------------------------------------------------

    def lower_branch_bool(self, if_false: int, other: int) -> None:
        """True falls through, False jumps; anything else (tier 1's fallback path at
        ``other``) bails out."""
        cond = self.as_bool(self.pop())
        self.spill()
        self.b.cbranch(cond, self.blocks[self.next_offset], self.blocks[if_false])
        self.terminated = True

    def _call_args(self, n: int) -> list[ir.Value]:
        """The top n values as words: 48-bit ints, and terms the VM would pass to the
        unit (``TermLowering.callable_word``: no Error, no Empty; else tier 1 calls)."""
        vals = self.stack[len(self.stack) - n:]
        del self.stack[len(self.stack) - n:]
        words = []
        for val in vals:
            w = self.as_word(val)
            if val.kind == "word" and val.known is None:
                self.guard(self.callable_word(w), BailReason.TERM)
            words.append(w)
        return words

    def _callee(self, fi: int, n: int) -> Lowering:
        callee = self.callees[self.chunk.funcs[fi]]
        if callee.chunk.arity != n:
            raise NotCompilable(f"{callee.chunk.name} called with {n} arguments")
        return callee

    def _propagate(self) -> ir.Block:
        """A callee bailed out: so does this function (the reason is already stored)."""
        if self.propagate_block is None:
            self.propagate_block = self.fn.append_basic_block("propagate")
            with self.b.goto_block(self.propagate_block):
                self.free_collectors()
                self.b.ret(V.word_const(V.WORD_BAIL))
        return self.propagate_block

    def _native_call(self, callee: Lowering, words: list[ir.Value]) -> ir.Value:
        b = self.b
        depth = b.add(self.depth, ir.Constant(I64, 1), flags=("nuw",))
        w = b.call(callee.fn, [depth, *words])
        cont = self.fn.append_basic_block("called")
        bailed = b.icmp_unsigned("==", w, V.word_const(V.WORD_BAIL))
        b.cbranch(bailed, self._propagate(), cont).set_weights([1, 1000])
        b.position_at_end(cont)
        return w

    def step(self) -> None:
        """One step (a call, a turn of a loop; ``interpreter.limits``): counted, and past
        the poll mark a poll, which may stop the query (a STOPPED bail-out)."""
        poll = self.fn.append_basic_block("poll")
        cont = self.fn.append_basic_block("stepped")
        emit_step(self.b, poll, cont)
        self.b.position_at_end(poll)
        stop = self.b.call(get_helper(self.module, "rt_poll"), [])
        self.b.cbranch(self.b.icmp_signed("==", stop, ir.Constant(I32, 0)), cont,
                       self.bail_block(BailReason.STOPPED))
        self.b.position_at_end(cont)

    def lower_call(self, fi: int, n: int) -> None:
        callee = self._callee(fi, n)
        if not _is_data(callee.chunk):
            self.step()
        if self.is_multi(callee):  # a choice site over its results (jit.choice)
            self.call_multi(callee, self._call_args(n))
            return
        self.push(Val("word", self._native_call(callee, self._call_args(n))))

    def lower_tail_call(self, fi: int, n: int) -> None:
        """To itself: new arguments and a branch back to the start (a loop); to another
        function of the same arity: a ``musttail`` call (constant stack); else a native
        call whose result is returned."""
        b = self.b
        callee = self._callee(fi, n)
        if not _is_data(callee.chunk):
            self.step()
        words = self._call_args(n)
        loop = callee is self and (not self.choices.any or self.at in self.choices.loops)
        if not loop and (self.choices.multi or self.is_multi(callee)):
            self.tail_call_choice(callee, words)
            return
        if callee is self:
            self.reset_matched()
            self._number_guards(words)  # the loop does not pass the entry's guards
            for i, w in enumerate(words):
                b.store(w, self.locals[i])
            for i in range(n, self.n_locals):  # the frame is fresh, as in tier 1
                b.store(V.word_const(V.WORD_NIL), self.locals[i])
            if self.effects:
                self.commit(words)  # an iteration ends: its space effects happen
            b.branch(self.blocks[0])
        elif callee.chunk.arity == self.chunk.arity:
            # same signature: a guaranteed tail call (mutual tail recursion runs in constant
            # stack, at the same depth); a WORD_BAIL result is returned as it is
            b.ret(b.call(callee.fn, [self.depth, *words], tail="musttail"))
        else:
            b.ret(self._native_call(callee, words))
        self.terminated = True


N_STATUS: Final = runtime.N_STATUS


def emit_entry(module: ir.Module, unit: ir.Function, arity: int) -> tuple[str, str]:
    """The METH_FASTCALL entry of a unit, called with one list (or tuple) of argument atoms:
    returns a new reference to the result atom, or to ``BAILOUT`` after storing the reason
    in ``<unit>.status`` and counting it in ``<unit>.deopts``. Counts its calls in
    ``<unit>.entries``. Returns the names (entry, name prefix of the globals)."""
    name = unit.name
    fnty = ir.FunctionType(I8P, [I8P, I8P.as_pointer(), I64])
    fn = ir.Function(module, fnty, f"{name}.entry")
    globals_ = {}
    for suffix, ty in (("entries", I64), ("status", I32), ("deopts", ir.ArrayType(I64, N_STATUS))):
        gv = ir.GlobalVariable(module, ty, f"{name}.{suffix}")
        gv.initializer = ir.Constant(ty, None)
        globals_[suffix] = gv
    _, args, nargs = fn.args
    entry = fn.append_basic_block("entry")
    bail = fn.append_basic_block("bail")
    b = ir.IRBuilder(bail)
    code = b.phi(I32)
    b.store(code, globals_["status"])
    stopped = b.icmp_signed("==", code, ir.Constant(I32, int(BailReason.STOPPED)))
    with b.if_then(stopped, likely=False):  # by a Ctrl-C: its KeyboardInterrupt is set
        err = b.call(get_capi(module, "PyErr_Occurred"), [])
        with b.if_then(b.icmp_unsigned("!=", err, ir.Constant(I8P, None))):
            b.ret(ir.Constant(I8P, None))
    slot = b.gep(globals_["deopts"], [ir.Constant(I32, 0), b.zext(code, I64)], inbounds=True)
    b.store(b.add(b.load(slot), ir.Constant(I64, 1)), slot)
    b.ret(b.call(get_helper(module, "rt_bailout_object"), []))

    def bail_if(cond: ir.Value, status: ir.Value) -> None:
        code.add_incoming(status, b.block)
        cont = fn.append_basic_block()
        b.cbranch(cond, bail, cont).set_weights([1, 1000])
        b.position_at_end(cont)

    b.position_at_end(entry)
    counter = globals_["entries"]
    b.store(b.add(b.load(counter), ir.Constant(I64, 1)), counter)
    arity_code = ir.Constant(I32, int(BailReason.ARITY))
    bail_if(b.icmp_signed("!=", nargs, ir.Constant(I64, 1)), arity_code)
    items = b.call(get_helper(module, "rt_argument_items"),
                   [b.load(args), ir.Constant(I64, arity)])
    bail_if(b.icmp_unsigned("==", items, ir.Constant(items.type, None)), arity_code)
    unbox = get_helper(module, "rt_unbox_object")
    words = [b.call(unbox, [b.load(b.gep(items, [ir.Constant(I64, i)], inbounds=True))])
             for i in range(arity)]
    out = b.alloca(I64)
    status = b.call(unit, [*words, out])
    bail_if(b.icmp_signed("!=", status, ir.Constant(I32, 0)), status)
    b.ret(b.call(get_helper(module, "rt_box_word"), [b.load(out)]))
    return fn.name, name


def lower_chunk(chunk: Chunk, name: str | None = None,
                module: ir.Module | None = None) -> LoweredUnit:
    """The IR of a chunk; ``NotCompilable`` if it uses an opcode tier 2 does not compile.

    With ``module`` the unit is added to that module (several units compiled at once share
    LLVM's per-module costs and the helpers' code: ``JitEngine.compile_batch``); the
    unit's symbols are prefixed by ``name``, which must be unique in the module."""
    return Lowering(chunk, symbol_name(name or chunk.name), module=module).run()


def lower_native_loop(unit_address: int, arity: int, name: str) -> ir.Module:
    """A module with ``i64 @<name>(i64 n, i64* argv)`` calling the unit at ``unit_address``
    n times (through the address: never inlined, so nothing is hoisted out of the loop).
    Returns a mix of the results so the calls cannot be dropped. For timing only."""
    module = ir.Module(name=name)
    fn = ir.Function(module, ir.FunctionType(I64, [I64, I64.as_pointer()]), name)
    n, argv = fn.args
    entry, loop, done = (fn.append_basic_block(x) for x in ("entry", "loop", "done"))
    b = ir.IRBuilder(entry)
    target = b.inttoptr(ir.Constant(I64, unit_address), unit_type(arity).as_pointer())
    out = b.alloca(I64)
    b.store(ir.Constant(I64, 0), out)
    b.cbranch(b.icmp_signed(">", n, ir.Constant(I64, 0)), loop, done)
    b.position_at_end(loop)
    i = b.phi(I64)
    acc = b.phi(I64)
    i.add_incoming(ir.Constant(I64, 0), entry)
    acc.add_incoming(ir.Constant(I64, 0), entry)
    words = [b.load(b.gep(argv, [ir.Constant(I64, k)]), name=f"a{k}") for k in range(arity)]
    status = b.call(target, [*words, out])
    w = b.load(out)
    ok = b.icmp_signed("==", status, ir.Constant(I32, 0))
    with b.if_then(ok):
        b.call(get_helper(module, "rt_decref_handle"), [w])
    acc2 = b.add(b.xor(acc, w), b.zext(status, I64))
    i2 = b.add(i, ir.Constant(I64, 1))
    loop_end = b.block
    i.add_incoming(i2, loop_end)
    acc.add_incoming(acc2, loop_end)
    b.cbranch(b.icmp_signed("<", i2, n), loop, done)
    b.position_at_end(done)
    res = b.phi(I64)
    res.add_incoming(ir.Constant(I64, 0), entry)
    res.add_incoming(acc2, loop_end)
    b.ret(res)
    return module


# ---------------------------------------------------------------------------------------
# Function groups (stage 3): a unit and every unit it calls, in one module


def function_type(arity: int, multi: bool = False) -> ir.FunctionType:
    """A group function: (native depth, argument words) -> result word, or ``WORD_BAIL``;
    a multi one (``jit.nondet``) takes its caller's collector too and returns 0 (done) or
    ``WORD_BAIL``."""
    out = [COLLECTOR_TYPE.as_pointer()] if multi else []
    return ir.FunctionType(I64, [I64] * (1 + arity) + out)


@dataclass
class FunctionGroup:
    """The module of a function unit: one internal function per chunk of its closure (the
    unit and the units it calls, transitively), a wrapper with the unit signature, and the
    METH_FASTCALL entry. Calls between them are direct native calls; a bail-out anywhere
    stores its reason in ``<name>.reason`` and returns ``WORD_BAIL`` through every frame."""

    module: ir.Module
    name: str
    reason: ir.GlobalVariable
    members: dict[int, Lowering] = field(default_factory=dict)  # id(chunk) -> its lowering
    choices: dict[int, Choices] = field(default_factory=dict)  # id(chunk) -> jit.nondet's

    def add(self, chunk: Chunk) -> Lowering:
        low = Lowering(chunk, f"{self.name}.f{len(self.members)}", self)
        self.members[id(chunk)] = low
        return low


def lower_function(root: Chunk, callees: Mapping[Any, Chunk], name: str | None = None
                   ) -> LoweredUnit:
    """The IR of a function unit and its callees (``function_closure``): the wrapper
    ``i32 @<name>(args..., i64* out)`` (a unit, as ``lower_chunk`` makes) and its entry."""
    uname = symbol_name(name or root.name)
    module = ir.Module(name=uname)
    module.triple = ""
    reason = ir.GlobalVariable(module, I32, f"{uname}.reason")
    reason.initializer = ir.Constant(I32, 0)
    reason.linkage = "internal"
    group = FunctionGroup(module, uname, reason, choices=group_choices(root, callees))
    todo = [group.add(root)]
    while todo:
        low = todo.pop()
        low.analyse()
        for key in low.call_keys:
            callee = callees.get(key)
            if callee is None:
                raise NotCompilable(f"callee {key!r} has no native code")
            member = group.members.get(id(callee))
            if member is None:
                member = group.add(callee)
                todo.append(member)
            low.callees[key] = member
    for low in list(group.members.values()):
        low.run_function()
    low = group.members[id(root)]
    if low.choices.multi:
        wrapper = emit_multi_wrapper(group, low.fn, root.arity, unit_type(root.arity))
    else:
        wrapper = _emit_wrapper(group, low.fn, root.arity)
    entry_name, _ = emit_entry(module, wrapper, root.arity)
    return LoweredUnit(module, uname, entry_name, root.arity)


def _emit_wrapper(group: FunctionGroup, root: ir.Function, arity: int) -> ir.Function:
    """``i32 @<name>(args..., i64* out)``: calls the root at depth 0; a result word that is
    a HANDLE gets a reference for the caller (functions return borrowed words)."""
    module = group.module
    fn = ir.Function(module, unit_type(arity), group.name)
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    steps = native_steps(b)
    before = b.load(steps)
    mark = b.call(get_helper(module, "rt_arena_mark"), [])
    w = b.call(root, [ir.Constant(I64, 0), *fn.args[:-1]])
    release = get_helper(module, "rt_release_arena_to")
    with b.if_then(b.icmp_unsigned("==", w, V.word_const(V.WORD_BAIL)), likely=False):
        # tier 1 runs the unit again from its start: its native steps did not happen
        # (unless the poll stopped the query: then they are what it made)
        reason = b.load(group.reason)
        stopped = b.icmp_signed("==", reason, ir.Constant(I32, int(BailReason.STOPPED)))
        b.store(b.select(stopped, b.load(steps), before), steps)
        b.call(release, [mark])  # what it made goes
        b.ret(reason)
    b.call(get_helper(module, "rt_incref_handle"), [w])  # the result stays, the rest goes
    b.call(release, [mark])
    b.store(w, fn.args[-1])
    b.ret(ir.Constant(I32, 0))
    return fn
