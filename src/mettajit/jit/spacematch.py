"""Spaces from native code (issue 10, item 4): tokens, templates and space effects in
function groups (``lower.Lowering`` mixes ``SpaceLowering`` in); what may be compiled and
why effects are queued is ``jit.spacescan``'s docstring.

Native code reaches Python through four callbacks (ctypes, registered as external
symbols, ``helpers.EXTRA_SYMBOLS``), each one call per operation, never one per atom of a
space:

* ``rt_space_token(symbol word) -> word``: ``LOAD_TOKEN``, the interpreter's token table
  (the value is borrowed: the table holds it);
* ``rt_space_effect(op, space word, atom word) -> word``: queues ``add-atom`` or
  ``remove-atom`` (``spacescan.EFFECT_OPS[op]``), the atom kept as a Python object, and
  gives ``()``; ``WORD_BAIL`` when it declines (the unit bails out, ``BailReason.SPACE``);
* ``rt_space_commit(words, n)``: applies what is queued, in order (``Space.add`` /
  ``Space.remove``, as the operations do; the world's version moves on, and native code
  goes on trusting the normal-form marks of the world it entered in: only facts changed,
  never a rule or a token, so they say the same), and remembers the ``n`` arguments of
  the iteration that starts (``n`` -1: the unit returns) and the step count then;
* ``rt_space_match(key0, key1, space word, words, n, collector) -> i32``: ``MATCH``, the
  VM's match of the pattern (named by ``spacescan.pattern_key``) over the space with the
  ``n`` values of its bound slots; each match's words of its free slots appended to the
  collector of the site (``jit.nondet`` kind ``match``, resumed by ``jit.choice``); 1: the
  unit bails out (``BailReason.SPACE``: no space, a value that is not ground), 2: no
  memory (``jit.spacerun``).

``NativeEntry`` (``runner.tier2``) calls ``begin`` before a unit with effects runs and,
after a bail-out, ``resume``: the arguments tier 1 must run the unit with (those of the
last iteration committed, the steps made until then kept), or None (nothing committed:
the call's own, from its start). What was queued and not committed is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from llvmlite import ir

from mettajit.atoms.core import (
    Atom,
    Expression,
    Symbol,
    Variable,
)
from mettajit.jit import values as V
from mettajit.jit.helpers import (
    EXPRESSION_OFFSETS,
    I8P,
    I32,
    BailReason,
    get_capi,
    get_data,
    get_helper,
)
from mettajit.jit.scan import NotCompilable

# the runtime side (no llvmlite), re-exported: ``spacematch.begin``, ``spacematch.STATE``...
from mettajit.jit.spacerun import *  # noqa: F403
from mettajit.jit.spacescan import (
    effect_index,
    has_effects,
    match_refusal,
    match_slots,
    pattern_key,
    template_refusal,
)

if TYPE_CHECKING:
    from mettajit.bytecode.chunk import Chunk

I64: Final = V.I64


def _callback(module: ir.Module, name: str, ret: ir.Type, args: tuple[ir.Type, ...]
              ) -> ir.Function:
    try:
        fn = module.get_global(name)
    except KeyError:
        fn = ir.Function(module, ir.FunctionType(ret, args), name)
        fn.linkage = "extern_weak"  # a callback: filled when loaded (``jit.sharedobj``)
    assert isinstance(fn, ir.Function)
    return fn


class SpaceLowering:
    """The space opcodes of ``lower.Lowering`` (a mixin, as ``terms.TermLowering``)."""

    b: ir.IRBuilder
    fn: ir.Function
    module: ir.Module
    chunk: Chunk
    group: Any
    locals: list[ir.Value]
    local_cache: dict[int, Any]
    stack: list[Any]

    # (provided by Lowering and TermLowering)
    def guard(self, ok: ir.Value, reason: BailReason) -> None: ...  # pragma: no cover
    def push(self, val: Any) -> None: ...  # pragma: no cover
    def pop(self) -> Any: ...  # pragma: no cover
    def spill(self) -> None: ...  # pragma: no cover
    def as_word(self, val: Any) -> ir.Value: ...  # pragma: no cover
    def word_val(self, w: ir.Value) -> Any: ...  # pragma: no cover
    def const_word(self, atom: Any) -> ir.Value: ...  # pragma: no cover
    def build_expression(self, words: list[ir.Value]) -> ir.Value: ...  # pragma: no cover
    def call_native_op(self, op: Any, n: int) -> None: ...  # pragma: no cover

    @property
    def effects(self) -> bool:
        """Whether this function's code has space effects (then it is its group's root)."""
        got = getattr(self, "_effects", None)
        if got is None:
            got = self._effects = has_effects(self.chunk)
        return got

    def _in_group(self, what: str) -> None:
        if self.group is None:
            raise NotCompilable(f"{what} outside a function group")

    def lower_load_token(self, ci: int) -> None:
        self._in_group("LOAD_TOKEN")
        sym = self.chunk.constants[ci]
        if type(sym) is not Symbol:
            raise NotCompilable("LOAD_TOKEN of no symbol")
        cb = _callback(self.module, "rt_space_token", I64, (I64,))
        self.push(self.word_val(self.b.call(cb, [self.const_word(sym)])))

    def _local_word(self, slot: int) -> ir.Value:
        val = self.local_cache.get(slot)
        return self.as_word(val) if val is not None else self.b.load(self.locals[slot])

    def _template(self, atom: Atom, slots: dict[Variable, int]) -> ir.Value:
        if type(atom) is Variable:
            return self._local_word(slots[atom])
        if type(atom) is not Expression:
            return self.const_word(atom)
        words = [self._template(c, slots) for c in atom.children]
        w = self.build_expression(words)
        self._unmark(w)
        return w

    def _unmark(self, w: ir.Value) -> None:
        """``_nf`` of a built expression back to -1: data written in code (tier 1's
        ``PUSH_TEMPLATE`` substitutes, which marks nothing)."""
        b = self.b
        m = self.module
        slot = b.inttoptr(b.add(V.emit_payload(b, w), ir.Constant(I64, EXPRESSION_OFFSETS["_nf"])),
                          I8P.as_pointer())
        old = b.load(slot)
        minus_one = b.inttoptr(get_data(m, "rt_int_minus_one"), I8P)
        b.call(get_capi(m, "Py_IncRef"), [minus_one])
        b.store(minus_one, slot)
        b.call(get_capi(m, "Py_DecRef"), [old])

    def lower_push_template(self, pi: int) -> None:
        self._in_group("PUSH_TEMPLATE")
        pat = self.chunk.patterns[pi]
        why = template_refusal(self.chunk, pat)
        if why is not None:
            raise NotCompilable(why)
        self.push(self.word_val(self._template(pat.atom, pat.slots)))

    def lower_call_grounded(self, oi: int, n: int) -> None:
        self._in_group("CALL_GROUNDED")
        idx = effect_index(self.chunk, oi)
        if idx is None and getattr(self.chunk.ops[oi], "native", False):
            self.call_native_op(self.chunk.ops[oi], n)  # (jit.terms)
            return
        if idx is None or n != 2:
            raise NotCompilable(f"CALL_GROUNDED of {getattr(self.chunk.ops[oi], 'name', '?')}")
        b = self.b
        atom = self.as_word(self.pop())
        space = self.as_word(self.pop())
        own = get_helper(self.module, "rt_own_word")
        objs = [b.call(own, [space]), b.call(own, [atom])]  # new references (NULL: no memory)
        null = ir.Constant(I8P, None)
        missing = b.or_(b.icmp_unsigned("==", objs[0], null), b.icmp_unsigned("==", objs[1], null))
        with b.if_then(missing, likely=False):
            b.call(get_capi(self.module, "PyErr_Clear"), [])
            for o in objs:
                b.call(get_capi(self.module, "Py_DecRef"), [o])  # (NULL-safe)
        self.guard(b.not_(missing), BailReason.NO_MEMORY)
        cb = _callback(self.module, "rt_space_effect", I64, (I64, I8P, I8P))
        w = b.call(cb, [ir.Constant(I64, idx), *objs])
        for o in objs:
            b.call(get_capi(self.module, "Py_DecRef"), [o])
        self.guard(b.icmp_unsigned("!=", w, V.word_const(V.WORD_BAIL)), BailReason.SPACE)
        self.push(self.word_val(V.word_const(V.WORD_UNIT)))

    def lower_match(self, pi: int, pc: int, target: int) -> None:
        """A choice site over the rows of one ``rt_space_match`` call (``jit.choice``
        resumes it: each row's words into the free slots, then the code after it); the
        jump (no space: the call as written) is no way of native code: it bails out."""
        self._in_group("MATCH")
        why = match_refusal(self.chunk, pi)
        if why is not None:
            raise NotCompilable(why)
        pat = self.chunk.patterns[pi]
        key = pattern_key(pat)
        assert key is not None
        register_patterns([self.chunk])  # noqa: F405 - (jit.spacerun)
        b = self.b
        site = self.choices.sites[self.at]  # type: ignore[attr-defined]
        space = self.as_word(self.pop())
        self.spill()
        bound = match_slots(pat)[0]
        # (a global, not an alloca: it is read by the callback before anything runs again)
        ty = ir.ArrayType(I64, max(len(bound), 1))
        arr = ir.GlobalVariable(self.module, ty, f"{self.fn.name}.m{site.id}")
        arr.linkage = "internal"
        arr.initializer = ir.Constant(ty, None)
        for i, slot in enumerate(bound):
            b.store(self._local_word(slot),
                    b.gep(arr, [ir.Constant(I32, 0), ir.Constant(I32, i)], inbounds=True))
        coll = self._colls[site.id]  # type: ignore[attr-defined]
        cb = _callback(self.module, "rt_space_match", I32,
                       (I64, I64, I64, I8P, I64, coll.type))
        r = b.call(cb, [ir.Constant(I64, key[0]), ir.Constant(I64, key[1]), space,
                        b.bitcast(arr, I8P), ir.Constant(I64, len(bound)), coll])
        self.guard(b.icmp_signed("!=", r, ir.Constant(I32, 2)), BailReason.NO_MEMORY)
        self.guard(b.icmp_signed("==", r, ir.Constant(I32, 0)), BailReason.SPACE)
        self._enter_site(site)  # type: ignore[attr-defined]

    def commit(self, words: list[ir.Value] | None) -> None:
        """The end of an iteration of a unit with effects: what is queued is applied, and
        the next iteration's arguments (``words``; None: the unit returns) remembered."""
        b = self.b
        cb = _callback(self.module, "rt_space_commit", I32, (I8P, I64))
        if words is None:
            b.call(cb, [ir.Constant(I8P, None), ir.Constant(I64, -1)])
            return
        # (a global, not an alloca: this runs once per turn of a loop)
        ty = ir.ArrayType(I64, max(len(words), 1))
        arr = ir.GlobalVariable(self.module, ty, f"{self.fn.name}.next")
        arr.linkage = "internal"
        arr.initializer = ir.Constant(ty, None)
        for i, w in enumerate(words):
            b.store(w, b.gep(arr, [ir.Constant(I32, 0), ir.Constant(I32, i)], inbounds=True))
        b.call(cb, [b.bitcast(arr, I8P), ir.Constant(I64, len(words))])
