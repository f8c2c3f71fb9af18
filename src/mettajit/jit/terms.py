"""Lowering of terms (issue 10, items 1, 2 and 6): the opcodes that build, match and take
apart symbol-headed constructors, in function groups (``lower.FunctionGroup``).

Terms are the interpreter's own atoms: an expression is a HANDLE word of an
``Expression`` object, read in place (its ``children`` tuple) whoever made it, and built by
native code through the C API (``rt_new_expression``: the object ``Expression.__init__``
would make, ``_ground`` True, ``_nf`` the world's normal-form mark when tier 0 would mark
it, untracked by the cyclic GC). Symbols are SYMBOL words whose payload is the interned
``Symbol``'s address, the same id the Python side has. So a result needs no conversion
when it leaves native code, and data entering from Python is read where it is.

Ownership: words are borrowed. What native code makes belongs to the arena
(``helpers.ARENA``): the group's wrapper notes the arena's mark on entry, takes a
reference to its result, and releases everything made above the mark, on success and on
every bail-out alike (what is not part of the result is freed then).

Native terms are ground: the arguments of a unit are (tier 0's hook and the VM call a
unit only with ground arguments that are not Errors, and native calls check the Error
and Empty part: ``_callable``), their elements are, and so is what is built from them; a
constant that is not ground is refused. The opcodes:

* ``MATCH_HEAD`` with its pattern's flat plan (``Pattern.plan``: constants, and flat
  constructors of constants and first occurrences of variables): in place, the elements
  bound to the variables' slots; a constant is compared by its word (symbols are
  interned), and a value whose comparison tier 0 would make with ``==`` on a grounded atom
  (a float against an int...) bails out (``BailReason.TERM``);
* ``FORK`` between the rules of a head when the later rules cannot match a call the
  earlier one matched (``scan.fork_refusal``: first-argument indexing, the heads differ in
  a constructor at some argument): nothing to do, the rule that matched gives the one
  result, as tier 1's backtracking into the others would;
* ``NO_MATCH``: the call as data, ``(f args...)``; a call of a constructor (a head with
  no rules and no type) is a call of its data chunk (``compiler.data_chunk``: NO_MATCH,
  RETURN), which LLVM inlines;
* ``LOAD_EVAL`` of a term: a symbol that is no token, a grounded atom, an expression
  marked in normal form for the current world (``helpers.set_world``) is itself; anything
  else bails out (tier 0 would evaluate it);
* ``NOP`` of an argument's Error check: an Error expression bails out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from llvmlite import ir

from mettajit.atoms.core import Expression, Grounded, Symbol
from mettajit.jit import values as V
from mettajit.jit.helpers import (
    EXPRESSION_OFFSETS,
    I8P,
    OB_TYPE_OFFSET,
    TUPLE_ITEMS_OFFSET,
    VAR_SIZE_OFFSET,
    BailReason,
    get_capi,
    get_data,
    get_helper,
    symbol_cell,
)
from mettajit.jit.scan import NotCompilable, match_head_refusal

if TYPE_CHECKING:
    from mettajit.bytecode.chunk import Chunk

I64 = V.I64
I1 = V.I1


class TermLowering:
    """The term opcodes of ``lower.Lowering`` (a mixin: it uses the lowering's builder,
    blocks, locals and guards)."""

    b: ir.IRBuilder
    fn: ir.Function
    module: ir.Module
    chunk: Chunk
    group: Any
    blocks: dict[int, ir.Block]
    locals: list[ir.Value]
    local_cache: dict[int, Any]
    evaluated: set[int]
    stack: list[Any]
    next_offset: int
    terminated: bool

    # (provided by Lowering)
    def guard(self, ok: ir.Value, reason: BailReason) -> None: ...  # pragma: no cover
    def bail_block(self, reason: BailReason) -> ir.Block: ...  # pragma: no cover
    def spill(self) -> None: ...  # pragma: no cover
    def push(self, val: Any) -> None: ...  # pragma: no cover
    def pop(self) -> Any: ...  # pragma: no cover
    def as_word(self, val: Any) -> ir.Value: ...  # pragma: no cover
    def word_val(self, w: ir.Value) -> Any: ...  # pragma: no cover
    if TYPE_CHECKING:  # (provided by jit.choice's mixin, after this one in the MRO)
        def fork_site(self) -> None: ...
        def note_matched(self) -> None: ...
        def fail_if_matched(self) -> None: ...

    # -- object access ------------------------------------------------------------------

    def _load_at(self, addr: ir.Value, offset: int, ty: ir.Type = I64) -> ir.Value:
        b = self.b
        if offset:
            addr = b.add(addr, ir.Constant(I64, offset))
        return b.load(b.inttoptr(addr, ty.as_pointer()))

    def _type_is(self, addr: ir.Value, data: str) -> ir.Value:
        ty = self._load_at(addr, OB_TYPE_OFFSET)
        return self.b.icmp_unsigned("==", ty, get_data(self.module, data))

    def _children(self, addr: ir.Value) -> tuple[ir.Value, ir.Value]:
        """(the children tuple's address, its length) of an Expression."""
        kids = self._load_at(addr, EXPRESSION_OFFSETS["children"])
        return kids, self._load_at(kids, VAR_SIZE_OFFSET)

    def _item(self, kids: ir.Value, k: int) -> ir.Value:
        return self._load_at(kids, TUPLE_ITEMS_OFFSET + k * 8, I8P)

    def _split(self, name: str) -> tuple[ir.Block, ir.Block]:
        return self.fn.append_basic_block(name), self.fn.append_basic_block(name + "_not")

    def const_word(self, atom: Any) -> ir.Value:
        """The word of a constant symbol or small integer. A symbol's word holds its address,
        which differs from run to run: it is read from the symbol's cell
        (``helpers.symbol_cell``, an external data symbol), so the IR does not depend on it
        (the same text in every run: the disk cache finds it)."""
        word = V.box(atom)
        if type(atom) is not Symbol or word == V.WORD_NIL:
            return V.word_const(word)
        return self.b.load(symbol_global(self.module, atom))

    # -- matching -----------------------------------------------------------------------

    def _match_const(self, w: ir.Value, const: Atom_, fail: ir.Block) -> None:
        """Continue if the word ``w`` is the constant (a symbol or a small integer), go to
        ``fail`` if it is certainly not, bail out when only ``==`` on a grounded atom
        could tell (tier 0's ``v != x``)."""
        b = self.b
        cw = self.const_word(const)  # interned symbol, or INT: never a handle
        yes, other = self._split("const")
        b.cbranch(b.icmp_unsigned("==", w, cw), yes, other)
        b.position_at_end(other)
        # certainly different: a symbol, (), an integer (by word: both exact), an expression
        differ = b.or_(V.emit_has_tag(b, w, V.Tag.SYMBOL), V.emit_has_tag(b, w, V.Tag.NIL))
        differ = b.or_(differ, V.emit_has_tag(b, w, V.Tag.UNIT))
        if type(const) is Grounded:
            differ = b.or_(differ, V.emit_has_tag(b, w, V.Tag.INT))
        else:
            # a symbol is no grounded atom: every grounded value differs from it too,
            # but a grounded atom's own ``__eq__`` decides: bail out for those handles
            differ = b.or_(differ, b.or_(V.emit_has_tag(b, w, V.Tag.INT),
                                         b.or_(V.emit_has_tag(b, w, V.Tag.BOOL),
                                               V.emit_is_double(b, w))))
        is_handle = V.emit_has_tag(b, w, V.Tag.HANDLE)
        handle_blk, odd = self._split("const_handle")
        b.cbranch(differ, fail, handle_blk)
        b.position_at_end(handle_blk)
        b.cbranch(is_handle, odd, self.bail_block(BailReason.TERM))
        b.position_at_end(odd)
        expr = self._type_is(V.emit_payload(b, w), "rt_type_expression")
        b.cbranch(expr, fail, self.bail_block(BailReason.TERM))
        b.position_at_end(yes)

    def _expect_expression(self, w: ir.Value, length: int, fail: ir.Block) -> ir.Value:
        """The children tuple of ``w`` if it is an expression of ``length`` elements, else
        to ``fail`` (tier 0: ``type(v) is not Expression or len(v.children) != x``)."""
        b = self.b
        is_handle = self.fn.append_basic_block("expr_handle")
        b.cbranch(V.emit_has_tag(b, w, V.Tag.HANDLE), is_handle, fail)
        b.position_at_end(is_handle)
        addr = V.emit_payload(b, w)
        is_expr = self.fn.append_basic_block("expr_type")
        b.cbranch(self._type_is(addr, "rt_type_expression"), is_expr, fail)
        b.position_at_end(is_expr)
        kids, n = self._children(addr)
        sized = self.fn.append_basic_block("expr_len")
        b.cbranch(b.icmp_signed("==", n, ir.Constant(I64, length)), sized, fail)
        b.position_at_end(sized)
        return kids

    def lower_match_head(self, pi: int, target: int) -> None:
        """The argument slots against the head's argument patterns (``Pattern.bind_args``'s
        fast plan, step for step); the variables' slots are written when all matched."""
        b = self.b
        pat = self.chunk.patterns[pi]
        why = match_head_refusal(pat)
        if why is not None:
            raise NotCompilable(why)
        assert pat.plan is not None
        self.spill()
        fail = self.blocks[target]
        writes: list[tuple[int, ir.Value]] = []
        for j, x, kids in pat.plan:
            w = b.load(self.locals[j])
            if kids is None:
                self._match_const(w, x, fail)
                continue
            tup = self._expect_expression(w, x, fail)
            for k, (is_var, d) in enumerate(kids):
                child = b.call(get_helper(self.module, "rt_unbox_child"), [self._item(tup, k)])
                if is_var:
                    writes.append((d, child))
                else:
                    self._match_const(child, d, fail)
        for d, w in writes:
            b.store(w, self.locals[d])
            self.local_cache.pop(d, None)
            self.evaluated.discard(d)
        self.note_matched()
        b.branch(self.blocks[self.next_offset])
        self.terminated = True

    def lower_fork(self, target: int) -> None:
        """Between rules that cannot both match (``scan.fork_refusal``): nothing to do;
        else a choice site (``jit.choice``)."""
        self.fork_site()

    # -- building -----------------------------------------------------------------------

    def build_expression(self, words: list[ir.Value]) -> ir.Value:
        """The HANDLE word of a new expression of these words (owned by the arena)."""
        b = self.b
        m = self.module
        null = ir.Constant(I8P, None)
        tup = b.call(get_helper(m, "rt_new_tuple"), [ir.Constant(I64, len(words))])
        self._guard_object(tup)
        items = b.add(b.ptrtoint(tup, I64), ir.Constant(I64, TUPLE_ITEMS_OFFSET))
        for k, w in enumerate(words):
            obj = b.call(get_helper(m, "rt_own_word"), [w])
            failed = b.icmp_unsigned("==", obj, null)
            with b.if_then(failed, likely=False):
                b.call(get_capi(m, "Py_DecRef"), [tup])
                b.call(get_capi(m, "PyErr_Clear"), [])
                b.branch(self.bail_block(BailReason.NO_MEMORY))
                # (if_then wants its block to fall through: a dead block after the branch)
                b.position_at_end(self.fn.append_basic_block("dead"))
            slot = b.inttoptr(b.add(items, ir.Constant(I64, 8 * k)), I8P.as_pointer())
            b.store(obj, slot)
        e = b.call(get_helper(m, "rt_new_expression"), [tup])
        self._guard_object(e)
        return V.emit_box_address(b, b.ptrtoint(e, I64), V.Tag.HANDLE)

    def _guard_object(self, obj: ir.Value) -> None:
        """NULL from the C API (no memory): clear the error and bail out."""
        b = self.b
        failed = b.icmp_unsigned("==", obj, ir.Constant(I8P, None))
        with b.if_then(failed, likely=False):
            b.call(get_capi(self.module, "PyErr_Clear"), [])
        self.guard(b.not_(failed), BailReason.NO_MEMORY)

    def lower_no_match(self, ci: int) -> None:
        """No rule head matched: the call is data, ``(f arg...)``."""
        head = self.chunk.constants[ci]
        if type(head) is not Symbol:
            raise NotCompilable("NO_MATCH of a head that is not a symbol")
        self.fail_if_matched()
        args = [self.b.load(self.locals[i]) for i in range(self.chunk.arity)]
        self.push(self.word_val(self.build_expression([self.const_word(head), *args])))

    # -- grounded operations on terms (``Op.native``) ------------------------------------

    def call_native_op(self, op: Any, n: int) -> None:
        """``CALL_GROUNDED`` of an operation with a native form (``NATIVE_OPS``): its
        helper gives the result word, or WORD_BAIL for anything but the case it makes
        exactly as tier 1 would (then tier 1 runs the unit: an Error, a value tier 0
        would evaluate again...)."""
        helper = NATIVE_OPS.get(op.name)
        if helper is None or op.arity != n:
            raise NotCompilable(f"CALL_GROUNDED of {op.name}")
        args = [self.as_word(self.pop()) for _ in range(n)][::-1]
        w = self.b.call(get_helper(self.module, helper), args)
        self.guard(self.b.icmp_unsigned("!=", w, V.word_const(V.WORD_BAIL)), BailReason.TERM)
        self.push(self.word_val(w))

    # -- evaluation and checks ------------------------------------------------------------

    def word_inert(self, w: ir.Value) -> ir.Value:
        """i1: tier 0 evaluates the (ground) atom of ``w`` to itself."""
        return self.b.call(get_helper(self.module, "rt_word_inert"), [w])

    def callable_word(self, w: ir.Value) -> ir.Value:
        """i1: the word may be an argument of a call as the VM makes it (no Error
        expression, not Empty; native terms are ground)."""
        return self.b.call(get_helper(self.module, "rt_word_callable"), [w])


Atom_ = Any  # a pattern constant: a Symbol or a Grounded small integer


# The operations with a native form (``Op.native``) -> their helper (``jit.helpers``):
# ``(car-atom e)`` the first element of a non-empty expression (one tier 0 would evaluate
# again, an expression not marked in normal form, bails out); ``(cdr-atom e)`` the rest,
# ``()`` for one element, else a new expression kept only when tier 0 would give it as
# is (its head a number or a Bool, each element inert, no rule with a variable head);
# ``(cons-atom h t)`` of an expression ``t``: a new expression, unmarked (``cons-atom``
# returns ``Atom``: nothing evaluates it). Anything else (a non-expression, ``()``
# to car/cdr: the operation's Error) bails out.
NATIVE_OPS: Final = {"car-atom": "rt_car_atom", "cdr-atom": "rt_cdr_atom",
                     "cons-atom": "rt_cons_atom"}


def symbol_global(module: ir.Module, sym: Symbol) -> ir.GlobalVariable:
    """The external i64 global of a symbol's cell in ``module`` (declared on first use)."""
    name = symbol_cell(sym)
    try:
        gv = module.get_global(name)
    except KeyError:
        gv = ir.GlobalVariable(module, I64, name)
        gv.linkage = "extern_weak"  # the process's: filled when loaded (``jit.sharedobj``)
    assert isinstance(gv, ir.GlobalVariable)
    return gv


def constant_refusal(atom: Any) -> str | None:
    """Why a pool constant cannot be a native term (a function group's): it is not ground."""
    if type(atom) is Expression and not atom.is_ground():
        return "a constant that is not ground"
    if type(atom) not in (Expression, Symbol, Grounded):
        return "a variable constant"
    return None
