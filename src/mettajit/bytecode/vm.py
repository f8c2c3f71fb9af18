"""Tier 1: the bytecode VM. Runs chunks made by ``compiler`` on its own frame stack.

Use::

    vm = VM(interp)                       # interp: the tier 0 Interpreter (space, registry)
    results = vm.run(chunk, args=[...])   # every result of the chunk, a list of atoms

The VM runs the code installed for a function key (head symbol, expression length):
``install``/``uninstall_all`` (and ``install_typed`` for typed units) put it there, and the
hooks of ``attach`` (the tiering's, ``runner.tiering``) are asked for a key with none
(``resolve``, which may compile one) and told when a chunk gets hot (``on_hot``). A call of
a key with no chunk runs in tier 0.

This module owns the execution model of tier 1:

* **Frames**: one ``Frame`` per function activation, with its own operand stack and
  locals, on a list (``frames``): calls and returns never recurse in Python, and a
  ``TAIL_CALL`` from a frame with no pending choice point reuses the frame, so a loop of
  two million tail calls runs in constant memory.
* **Nondeterminism**: a call gives *all* its results (as tier 0 does); choice points live
  in the frame that made them (``FORK``, several results of a call, ``MATCH``, ``COLLECT``)
  and snapshot only that frame's stack and locals. ``FAIL`` (or a ``RETURN`` after which
  other alternatives remain) backtracks to the newest choice point of the frame; when there
  is none the frame is done and its results go to the caller (none: the caller backtracks;
  several: the caller forks over them). ``collapse`` is a ``COLLECT`` choice point:
  ``YIELD`` adds a result to the innermost one.
* **Slow paths** are out of line (``slowpaths.SlowPaths``, the base class), so the loop
  stays small where it is hot: a grounded call goes through the one registry exactly as in
  tier 0 (types checked, ``NotReducible`` gives the call as data, ``OpError`` an Error
  value), and whatever tier 1 does not do itself (``EVAL``) is evaluated by tier 0.
* **Quickened runs**: ``PUSH_LONG_SMALL k; ADD|SUB|MUL`` on an int, and a comparison
  with a small constant with its ``BRANCH_BOOL``, are one instruction each (the table's
  ``QUICK`` family, written by ``bytecode/quicken.py``; the disassembler and the JIT see
  them); a run of ``ARITH_SMALL`` on one int makes one atom.
* **Lean path**: a straight-line chunk of exact integer and Bool steps (the seed chains,
  ``!(+ 1 2)``, ``(= (sq $x) (* $x $x))``), which quickening ends with ``RETURN_LEAN``, runs
  from ``run`` as the Python function ``lean.lean_code`` makes of its code (the operations'
  exact forms on unboxed values, no frame); a failed check runs it again in the general
  loop from its start, where ``RETURN_LEAN`` is ``RETURN``.
* ``--trace``: ``run`` chooses the traced or the plain loop once; the traced one is built
  when first asked (``_traced_loop``) from the same source with a trace call at the
  ``# @trace`` marker.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from mettajit.atoms.core import (
    EMPTY_SYM,
    ERROR,
    FALSE,
    NUMBER,
    TRUE,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
)
from mettajit.atoms.printer import format_atom
from mettajit.bytecode import leanjoin
from mettajit.bytecode.callplan import Decision, TypedPlan
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.disasm import format_instruction
from mettajit.bytecode.inert import Inertness
from mettajit.bytecode.lean import lean_code
from mettajit.bytecode.opcodes import OPCODES, Family, Opcode, runs_as
from mettajit.bytecode.slowpaths import SlowPaths, assert_verdict, set_op
from mettajit.grounded.arith import int_div, int_mod, int_pow
from mettajit.interpreter.vocabulary import DepthLimitExceeded

if TYPE_CHECKING:
    from mettajit.interpreter import Interpreter
    from mettajit.space.store import HeadKey

_NIL = Symbol("Nil")
_TYPE_ERROR = Symbol("TypeError")
_NUMK = (int, float)
_PLAIN: Final = Decision.PLAIN

# plain-int opcode numbers and families, from the table: comparing an int with an IntEnum
# member is several times slower than int == int (no specialisation), and enum attribute
# access is slower still
_NOP: Final = int(Opcode.NOP)
_POP: Final = int(Opcode.POP)
_DUP: Final = int(Opcode.DUP)
_SWAP: Final = int(Opcode.SWAP)
_PUSH_NIL: Final = int(Opcode.PUSH_NIL)
_PUSH_TRUE: Final = int(Opcode.PUSH_TRUE)
_PUSH_FALSE: Final = int(Opcode.PUSH_FALSE)
_PUSH_UNIT: Final = int(Opcode.PUSH_UNIT)
_PUSH_LONG_SMALL: Final = int(Opcode.PUSH_LONG_SMALL)
_PUSH_LONG: Final = int(Opcode.PUSH_LONG)
_PUSH_CONSTANT: Final = int(Opcode.PUSH_CONSTANT)
_ADD: Final = int(Opcode.ADD)
_SUB: Final = int(Opcode.SUB)
_MUL: Final = int(Opcode.MUL)
_DIV: Final = int(Opcode.DIV)
_MOD: Final = int(Opcode.MOD)
_POW: Final = int(Opcode.POW)
_AND: Final = int(Opcode.AND)
_OR: Final = int(Opcode.OR)
_NOT: Final = int(Opcode.NOT)
_XOR: Final = int(Opcode.XOR)
_LT: Final = int(Opcode.LT)
_LE: Final = int(Opcode.LE)
_GT: Final = int(Opcode.GT)
_GE: Final = int(Opcode.GE)
_EQ: Final = int(Opcode.EQ)
_JUMP: Final = int(Opcode.JUMP)
_JUMP_IF_FALSE: Final = int(Opcode.JUMP_IF_FALSE)
_RETURN: Final = int(Opcode.RETURN)
_CALL: Final = int(Opcode.CALL)
_TAIL_CALL: Final = int(Opcode.TAIL_CALL)
_CALL_GROUNDED: Final = int(Opcode.CALL_GROUNDED)
_EVAL: Final = int(Opcode.EVAL)
_FORK: Final = int(Opcode.FORK)
_FAIL: Final = int(Opcode.FAIL)
_YIELD: Final = int(Opcode.YIELD)
_COLLECT: Final = int(Opcode.COLLECT)
_END_COLLECT: Final = int(Opcode.END_COLLECT)
_MATCH: Final = int(Opcode.MATCH)
_MAKE_LIST: Final = int(Opcode.MAKE_LIST)
_MAKE_EXPR: Final = int(Opcode.MAKE_EXPR)
_LOAD_LOCAL: Final = int(Opcode.LOAD_LOCAL)
_STORE_LOCAL: Final = int(Opcode.STORE_LOCAL)
_MATCH_HEAD: Final = int(Opcode.MATCH_HEAD)
_UNIFY: Final = int(Opcode.UNIFY)
_BRANCH_BOOL: Final = int(Opcode.BRANCH_BOOL)
_PUSH_TEMPLATE: Final = int(Opcode.PUSH_TEMPLATE)
_SUPERPOSE: Final = int(Opcode.SUPERPOSE)
_LOAD_TOKEN: Final = int(Opcode.LOAD_TOKEN)
_LOAD_EVAL: Final = int(Opcode.LOAD_EVAL)
_SET_OP: Final = int(Opcode.SET_OP)
_TYPE_OF: Final = int(Opcode.TYPE_OF)
_ASSERT: Final = int(Opcode.ASSERT)
_NO_MATCH: Final = int(Opcode.NO_MATCH)
_ITER_START: Final = int(Opcode.ITER_START)
_ITER_NEXT: Final = int(Opcode.ITER_NEXT)
_ITER_ACC: Final = int(Opcode.ITER_ACC)
_ITER_RESULT: Final = int(Opcode.ITER_RESULT)
_ARITH_SMALL: Final = int(Opcode.ARITH_SMALL)
_CMP_SMALL: Final = int(Opcode.CMP_SMALL)
_CMP_SMALL_BRANCH: Final = int(Opcode.CMP_SMALL_BRANCH)
_RETURN_LEAN: Final = int(Opcode.RETURN_LEAN)
_F_STACK: Final = int(Family.STACK)
_F_CONSTANT: Final = int(Family.CONSTANT)
_F_ARITHMETIC: Final = int(Family.ARITHMETIC)
_F_BOOLEAN: Final = int(Family.BOOLEAN)
_F_COMPARISON: Final = int(Family.COMPARISON)
_F_CONTROL: Final = int(Family.CONTROL)
_F_CALL: Final = int(Family.CALL)
_F_NONDETERMINISM: Final = int(Family.NONDETERMINISM)
_F_SPACE: Final = int(Family.SPACE)
_F_DATA: Final = int(Family.DATA)
_F_LOCAL: Final = int(Family.LOCAL)
_F_BINDING: Final = int(Family.BINDING)
_F_FORM: Final = int(Family.FORM)
_F_LOOP: Final = int(Family.LOOP)
_F_QUICK: Final = int(Family.QUICK)
# the family of each opcode number: the first level of the loop's dispatch (a quickened
# opcode that stands for one plain opcode, RETURN_LEAN, is dispatched as that one)
_FAMILY_OF: Final = [-1] * (max(Opcode) + 1)
for _op in Opcode:
    _FAMILY_OF[_op] = int(OPCODES[runs_as(_op)].family)

# the atoms of PUSH_LONG_SMALL's operands -128..127, made once (index with the operand:
# negative indexes wrap to the end of the list, where the negative numbers are)
_SMALL_INTS: Final = [Grounded(i, NUMBER) for i in range(128)] + [
    Grounded(i, NUMBER) for i in range(-128, 0)
]

# choice point kinds: (kind, ip, stack, locals, extra)
_CP_FORK = 0  # resume at ip once
_CP_ALTS = 1  # resume at ip once per remaining value of the iterator extra (pushed)
_CP_COLLECT = 2  # end of a collapse: resume at ip; extra is the list of its results
_CP_LOCALS = 3  # resume at ip once per remaining locals list of the iterator extra
_END = object()



def _no_code(key: HeadKey) -> Chunk | None:
    return None


def _not_told(chunk: Chunk) -> None:
    return None


class VMError(Exception):
    """Malformed bytecode or an operand of the wrong kind for an internal opcode."""


class _Fail(Exception):
    """Raised by a handler to backtrack; caught by the dispatch loop."""


_BACKTRACK = _Fail()


def fresh_locals(loc: list[Any], fresh: tuple[tuple[int, Variable], ...]) -> None:
    """A call's fresh variables (``Chunk.fresh``): tier 0 renames a rule's variables at
    each application, so each call of the chunk writes its own as data."""
    for slot, var in fresh:
        loc[slot] = Variable.fresh(var.name)


class Frame:
    """One activation: a chunk, where it is, its operand stack, locals and choice points."""

    __slots__ = ("chunk", "code", "cps", "ip", "locals", "matched", "results", "stack")

    def __init__(self, chunk: Chunk, locals_: list[Any]) -> None:
        self.chunk = chunk
        self.code = chunk.code
        self.ip = 0
        self.locals = locals_
        self.stack: list[Any] = []
        self.cps: list[tuple[Any, ...]] | None = None
        self.results: list[Atom] | None = None
        self.matched = False  # a rule head with patterns matched the call (MATCH_HEAD)


class VM(SlowPaths):
    """Runs chunks; one instance per interpreter (it holds the compiled-unit table)."""

    def __init__(self, interp: Interpreter, trace: bool = False) -> None:
        self.interp = interp
        self.stats = interp.stats
        self.chunks: dict[HeadKey, Chunk] = {}
        self._resolver: Callable[[HeadKey], Chunk | None] = _no_code
        self._hot: Callable[[Chunk], None] = _not_told
        self.inert = Inertness(interp)
        self.trace = trace
        self.trace_out = sys.stderr
        self._fixed = (interp.tokens, interp.settings.max_depth, self._call_slow,
                       self._binary_slow)
        # keys of constructors (no rule, no type): key -> the world they were seen in
        self.data_keys: dict[HeadKey, int] = {}
        self.typed_plans: dict[HeadKey, TypedPlan] = {}
        self.typed_code: dict[HeadKey, Chunk] = {}
        self.typed_misses: dict[HeadKey, int] = {}
        self.capture: HeadKey | None = None
        self.nested = 0  # runs of the dispatch loop in progress, one inside another

    # -- entry ---------------------------------------------------------------------------
    def run(self, chunk: Chunk, args: list[Atom] | tuple[Atom, ...] = ()) -> list[Atom]:
        """Every result of running ``chunk`` with ``args`` in its first locals."""
        if self.capture is not None:  # SlowPaths._typed_hook learns the chunk of a unit
            self.learn(chunk)
        prof = chunk.profile
        lean = prof.lean
        if lean is not None:
            # a lean chunk: its unboxed code, else (a check failed) the general loop
            if not self.trace:
                try:
                    got = lean(args)
                except IndexError:  # fewer arguments than the chunk reads
                    got = None
                if got is not None:
                    prof.calls += 1
                    return got
        elif prof.calls and chunk.code[-1] == _RETURN_LEAN:
            # made once per lean chunk, on its second run (a query that runs once does not
            # pay for it)
            prof.lean = lean_code(chunk)
            return self.run(chunk, args)
        loc: list[Any] = list(args)
        loc.extend([None] * (chunk.n_locals - len(loc)))
        if chunk.fresh:
            fresh_locals(loc, chunk.fresh)
        frames = [Frame(chunk, loc)]
        prof.calls += 1
        # a run inside a run nests Python frames (tier 0 between them: the re-entries
        # stop at NEST_LIMIT, see there)
        self.nested += 1
        try:
            # the traced or the plain loop, chosen once here (never a flag per instruction)
            if self.trace:
                return _traced_loop()(self, frames)
            return self._loop(frames)
        finally:
            self.nested -= 1

    # -- installed code and hooks (the tiering's) -------------------------------------------
    def attach(
        self,
        resolve: Callable[[HeadKey], Chunk | None],
        on_hot: Callable[[Chunk], None] | None = None,
    ) -> None:
        """The tiering's hooks: ``resolve(key)`` is asked for the code of a unit that has
        none installed (None: tier 0 makes the call); ``on_hot(chunk)`` is told when a
        chunk's ``Profile.budget`` of VM calls runs out (None: never)."""
        self._resolver = resolve
        self._hot = _not_told if on_hot is None else on_hot

    def detach(self) -> None:
        """No hooks: no code is asked for, no chunk reported hot."""
        self._resolver = _no_code
        self._hot = _not_told

    def installed(self, key: HeadKey) -> Chunk | None:
        """The code the VM's calls of the untyped unit ``key`` run (None: it asks
        ``resolve``)."""
        return self.chunks.get(key)

    def install(self, key: HeadKey, chunk: Chunk | None) -> Chunk | None:
        """The VM's calls of the untyped unit ``key`` run ``chunk`` from now on (None:
        ``resolve`` is asked again); returns the code they ran before."""
        old = self.chunks.pop(key, None)
        if chunk is not None:
            self.chunks[key] = chunk
        return old

    def installed_typed(self, key: HeadKey) -> Chunk | None:
        """The code the VM's direct calls of the typed unit ``key`` run in the world of
        its ``TypedPlan`` (learnt from the call hook, ``learn``)."""
        return self.typed_code.get(key)

    def install_typed(self, key: HeadKey, chunk: Chunk | None) -> Chunk | None:
        """The VM's direct calls of the typed unit ``key`` run ``chunk`` (None: learnt
        again from the call hook); returns the code they ran before."""
        old = self.typed_code.pop(key, None)
        if chunk is not None:
            self.typed_code[key] = chunk
        return old

    def installed_keys(self) -> list[HeadKey]:
        return list(self.chunks)

    def uninstall_all(self) -> None:
        """No untyped unit's code installed (a rule with a variable head came)."""
        self.chunks.clear()

    def learn(self, chunk: Chunk) -> None:
        """The call hook runs ``chunk`` for the typed unit ``SlowPaths._typed_hook`` is
        learning (if any): the code of its direct calls in this world."""
        key = self.capture
        if key is not None:
            self.typed_code[key] = chunk
            self.capture = None

    # -- the dispatch loop ---------------------------------------------------------------
    def _loop(
        self,
        frames: list[Frame],
        G: type[Grounded] = Grounded,
        E: type[Expression] = Expression,
        NUM: Atom = NUMBER,
        T: Grounded = TRUE,
        F: Grounded = FALSE,
        small: list[Grounded] = _SMALL_INTS,
        LOAD_EVAL: int = _LOAD_EVAL,
        LOAD_LOCAL: int = _LOAD_LOCAL,
        PUSH_LONG_SMALL: int = _PUSH_LONG_SMALL,
        ADD: int = _ADD,
        SUB: int = _SUB,
        MUL: int = _MUL,
        LT: int = _LT,
        LE: int = _LE,
        GT: int = _GT,
        GE: int = _GE,
        EQ: int = _EQ,
        CALL: int = _CALL,
        TAIL_CALL: int = _TAIL_CALL,
        RETURN: int = _RETURN,
        RETURN_LEAN: int = _RETURN_LEAN,
        BRANCH_BOOL: int = _BRANCH_BOOL,
        ARITH_SMALL: int = _ARITH_SMALL,
        CMP_SMALL_BRANCH: int = _CMP_SMALL_BRANCH,
        family_of: list[int] = _FAMILY_OF,
        F_QUICK: int = _F_QUICK,
        F_BINDING: int = _F_BINDING,
        F_STACK: int = _F_STACK,
        F_COMPARISON: int = _F_COMPARISON,
        F_LOCAL: int = _F_LOCAL,
        F_CONTROL: int = _F_CONTROL,
        F_CONSTANT: int = _F_CONSTANT,
        F_ARITHMETIC: int = _F_ARITHMETIC,
        F_CALL: int = _F_CALL,
    ) -> list[Atom]:
        # One long function on purpose (clox's run(), Wren's interpreter loop): every
        # instruction is dispatched here, with the hot state (code, ip, stack, locals) in
        # Python locals and attribute lookups hoisted out of the loop. Rare and slow cases
        # are methods. Dispatch is a two-level if-chain: first by the opcode's family (the
        # table's column, one list index), then within the family; both levels ordered by
        # how often the corpus and the benchmarks execute them (a flat chain put the
        # boolean and control opcodes 20-40 comparisons deep). ``_Fail`` backtracks.
        # The defaults after ``frames`` are the loop's constants (the hottest opcode
        # numbers, the atom classes...), never passed: positional defaults become locals
        # at the call almost for free, where assigning them from globals here cost a
        # global lookup each on every entry (a tiny chunk: 1.20 -> 0.95 us per run).
        chunks = self.chunks
        interp = self.interp
        # the interpreter's token table and depth limit (frames; a runaway recursion is an
        # Error) and the bound slow paths, made once per VM
        tokens, max_depth, slow_call, binary = self._fixed
        deliver = self._deliver
        inert = self.inert.inert
        data_keys = self.data_keys
        typed_plans = self.typed_plans
        typed_code = self.typed_code
        ops = interp.registry.ops
        world = interp.world  # the world version's one object (space.world)
        counters = self.stats.counters
        limits = interp.limits
        fr = frames[-1]
        chunk = fr.chunk
        code, ip, stack, loc = fr.code, 0, fr.stack, fr.locals
        collected: Atom = UNIT
        # values in flight are atoms or chunks depending on the opcode: typed loosely here
        callee: Any
        got: Any
        cp: Any
        nl: Any
        while True:
            try:
                while True:
                    op = code[ip]
                    # @trace
                    # the hottest opcode first, then by family
                    if op == LOAD_EVAL:
                        v = loc[code[ip + 1]]
                        if type(v) is G:
                            stack.append(v)
                            ip += 2
                        elif type(v) is E and v._nf == world.version:
                            # data marked in normal form for this world: evaluates to
                            # itself (tier 0's _quick)
                            stack.append(v)
                            ip += 2
                        else:
                            ip += 2
                            if inert(v):  # evaluates to itself (eval_value's own test)
                                stack.append(v)
                            else:
                                deliver(fr, ip, stack, loc, self.eval_value(v))
                        continue
                    fam = family_of[op]
                    if fam == F_CALL:
                        if op == CALL or op == TAIL_CALL:  # noqa: SIM109 (a tuple of locals is built per test)
                            n = code[ip + 2]
                            key = chunk.funcs[code[ip + 1]]
                            if n:
                                args = stack[-n:]
                                del stack[-n:]
                            else:
                                args = []
                            ok = True
                            for a in args:
                                ta = type(a)
                                if ta is E:
                                    g = a._ground  # is_ground(), read inline when known
                                    if g is None:
                                        g = a.is_ground()
                                    if not g or (a.children and a.children[0] is ERROR):
                                        ok = False
                                elif ta is Variable or a is EMPTY_SYM:
                                    ok = False  # (Empty: _call_slow, as tier 0's _tuple)
                            callee = chunks.get(key) if ok else None
                            if callee is None:
                                if ok:
                                    w = world.version
                                    if data_keys.get(key) == w:
                                        # a constructor: no rule, no type in this world
                                        # (_call_slow saw it); built and marked in normal
                                        # form as Interpreter.as_data does
                                        e = E((key[0], *args))
                                        e._ground = True  # its arguments are (ok)
                                        for a in args:
                                            ta = type(a)
                                            if ta is E:
                                                if a._nf != w and a.children:
                                                    break
                                            elif ta is Symbol and a.name in tokens:
                                                break
                                        else:
                                            e._nf = w
                                        stack.append(e)
                                        ip += 3
                                        continue
                                    tp = typed_plans.get(key)
                                    if (tp is not None and tp.numbers is _PLAIN
                                            and tp.world == w and tp.space is interp.space
                                            and key[0].name not in ops):
                                        # a typed unit called with numbers of its
                                        # parameter types: _typed_direct's decision
                                        for a, p in zip(args, tp.params, strict=True):  # type: ignore[arg-type]
                                            if type(a) is not G or a.type is not p or (
                                                    a.kind is not int and a.kind is not float):
                                                break
                                        else:
                                            callee = typed_code.get(key)
                                if callee is not None:
                                    counters["tier1.calls.typed"] += 1
                                else:
                                    got = slow_call(key, args, ok, (chunk, ip, loc))
                                    if type(got) is list:
                                        ip += 3
                                        deliver(fr, ip, stack, loc, got)
                                        continue
                                    callee = got
                            prof = callee.profile
                            prof.calls += 1
                            limits.left -= 1  # a step (interpreter.limits)
                            if limits.left < 0:
                                limits.poll()
                            if prof.budget > 0:
                                prof.budget -= 1
                                if prof.budget == 0:
                                    self._hot(callee)
                            if callee.n_locals > n:
                                args.extend([None] * (callee.n_locals - n))
                                if callee.fresh:
                                    fresh_locals(args, callee.fresh)
                            if op == TAIL_CALL and not fr.cps:
                                # reuse the frame: the callee's results are this frame's
                                fr.chunk = chunk = callee
                                fr.code = code = callee.code
                                fr.matched = False
                                loc = args
                                stack = []
                                ip = 0
                            else:
                                fr.ip = ip + 3
                                fr.stack = stack
                                fr.locals = loc
                                fr = Frame(callee, args)
                                frames.append(fr)
                                if len(frames) > max_depth:
                                    raise DepthLimitExceeded(max_depth)
                                chunk = callee
                                code, ip, stack, loc = fr.code, 0, fr.stack, args
                        elif op == _CALL_GROUNDED:
                            n = code[ip + 2]
                            g = chunk.ops[code[ip + 1]]
                            if n:
                                args = stack[-n:]
                                del stack[-n:]
                            else:
                                args = []
                            ip += 3
                            got = self.call_grounded(g, args, (chunk, ip - 3, loc))
                            deliver(fr, ip, stack, loc, got)
                        elif op == _MAKE_EXPR:
                            n = code[ip + 1]
                            e = E(tuple(stack[-n:]))
                            del stack[-n:]
                            ip += 2
                            got = self.apply(e)
                            if type(got) is list:
                                deliver(fr, ip, stack, loc, got)
                            else:
                                callee, args = got
                                callee.profile.calls += 1
                                limits.step()
                                args.extend([None] * (callee.n_locals - len(args)))
                                if callee.fresh:
                                    fresh_locals(args, callee.fresh)
                                fr.ip = ip
                                fr.stack = stack
                                fr.locals = loc
                                fr = Frame(callee, args)
                                frames.append(fr)
                                if len(frames) > max_depth:
                                    raise DepthLimitExceeded(max_depth)
                                chunk = callee
                                code, ip, stack, loc = fr.code, 0, fr.stack, args
                        elif op == _EVAL:
                            ip += 1
                            got = self.eval_fallback(stack.pop(), (chunk, ip - 1, loc))
                            deliver(fr, ip, stack, loc, got)
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_CONTROL:
                        if op == RETURN or op == RETURN_LEAN:  # noqa: SIM109 (a tuple of locals is built per test)
                            v = stack.pop()
                            if not fr.cps and fr.results is None:
                                # deterministic frame: exactly one result, straight to the caller
                                frames.pop()
                                if not frames:
                                    return [v]
                                fr = frames[-1]
                                chunk = fr.chunk
                                code, ip, stack, loc = fr.code, fr.ip, fr.stack, fr.locals
                                stack.append(v)
                            else:
                                if fr.results is None:
                                    fr.results = [v]
                                else:
                                    fr.results.append(v)
                                raise _BACKTRACK
                        elif op == BRANCH_BOOL:
                            v = stack.pop()
                            if v is T:
                                ip += 3
                            elif v is F:
                                ip = code[ip + 1]
                            else:
                                stack.append(v)
                                ip = code[ip + 2]
                        elif op == _JUMP:
                            ip = code[ip + 1]
                        elif op == _JUMP_IF_FALSE:
                            v = stack.pop()
                            ip = code[ip + 1] if v is F else ip + 2
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_BINDING:
                        if op == _MATCH_HEAD:
                            pat = chunk.patterns[code[ip + 1]]
                            un = pat.unpack
                            if un is not None:
                                # one argument against Nil or (Cons $h $t): inline
                                v = loc[un[0]]
                                tv = type(v)
                                if tv is E:
                                    ch = v.children
                                    h = ch[0] if ch else None
                                    if type(h) is Symbol:
                                        n = un[1]
                                        if h is un[2] and len(ch) == n:
                                            d = un[3]
                                            loc[d:d + n - 1] = ch[1:]
                                            fr.matched = True
                                            ip += 3
                                        else:
                                            ip = code[ip + 2]
                                        continue
                                elif tv is Symbol:
                                    if v is un[2] and not un[1]:
                                        fr.matched = True
                                        ip += 3
                                    else:
                                        ip = code[ip + 2]
                                    continue
                            if pat.bind_args(loc):
                                fr.matched = True
                                ip += 3
                            else:
                                ip = code[ip + 2]
                        elif op == _NO_MATCH:
                            if fr.matched:
                                raise _BACKTRACK
                            # no rule applies: the call is data (as in tier 0)
                            stack.append(E((chunk.constants[code[ip + 1]], *loc[:chunk.arity])))
                            ip += 2
                        elif op == _UNIFY:
                            if chunk.patterns[code[ip + 1]].bind(stack.pop(), loc):
                                ip += 3
                            else:
                                ip = code[ip + 2]
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_QUICK:
                        # quickened runs (bytecode/quicken.py): the fast case in one step,
                        # else run as the first part, PUSH_LONG_SMALL (the parts after it
                        # are in the code, in place)
                        a = stack[-1]
                        if op == ARITH_SMALL:
                            if type(a) is G and a.kind is int:
                                # and the ARITH_SMALLs right after it: one atom for the run
                                # (exact ints cannot fail)
                                x = a.value
                                while True:
                                    nxt = code[ip + 2]
                                    if nxt == ADD:
                                        x += code[ip + 1]
                                    elif nxt == SUB:
                                        x -= code[ip + 1]
                                    else:
                                        x *= code[ip + 1]
                                    ip += 3
                                    if code[ip] != ARITH_SMALL:
                                        break
                                stack[-1] = G(x, NUM)
                            else:
                                stack.append(small[code[ip + 1]])
                                ip += 2
                        elif type(a) is G and a.kind in _NUMK:  # CMP_SMALL(_BRANCH)
                            x, k, nxt = a.value, code[ip + 1], code[ip + 2]
                            if nxt == LT:
                                r = x < k
                            elif nxt == LE:
                                r = x <= k
                            elif nxt == GT:
                                r = x > k
                            elif nxt == GE:
                                r = x >= k
                            else:
                                r = x == k
                            if op == CMP_SMALL_BRANCH:
                                stack.pop()
                                ip = ip + 6 if r else code[ip + 4]
                            else:
                                stack[-1] = T if r else F
                                ip += 3
                        else:
                            stack.append(small[code[ip + 1]])
                            ip += 2
                    elif fam == F_ARITHMETIC:
                        if op == ADD or op == SUB or op == MUL:  # noqa: SIM109 (a tuple of locals is built per test)
                            b = stack.pop()
                            a = stack[-1]
                            if type(a) is G and type(b) is G and a.kind is int and b.kind is int:
                                if op == ADD:
                                    stack[-1] = G(a.value + b.value, NUM)
                                elif op == SUB:
                                    stack[-1] = G(a.value - b.value, NUM)
                                else:
                                    stack[-1] = G(a.value * b.value, NUM)
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                deliver(fr, ip, stack, loc, binary(op, a, b, (chunk, ip - 1, loc)))
                        elif op == _DIV or op == _MOD or op == _POW:  # noqa: SIM109 (a tuple of locals is built per test)
                            b = stack.pop()
                            a = stack[-1]
                            if (type(a) is G and type(b) is G and a.kind is int and b.kind is int
                                    and (b.value != 0 if op != _POW else b.value >= 0)):
                                x, y = a.value, b.value
                                stack[-1] = G(int_div(x, y) if op == _DIV else int_mod(x, y)
                                              if op == _MOD else int_pow(x, y), NUM)
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                deliver(fr, ip, stack, loc, binary(op, a, b, (chunk, ip - 1, loc)))
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_STACK:
                        if op == _NOP:
                            # an argument's Error check (``chunk.err_exits``): the Error is
                            # the call's value, the later arguments are not evaluated
                            v = stack[-1] if stack else None
                            if type(v) is E and v.children and v.children[0] is ERROR:
                                ex = chunk.err_exits.get(ip)
                                if ex is not None:
                                    del stack[-ex[0]:]
                                    stack.append(v)
                                    ip = ex[1]
                                    continue
                            ip += 1
                        elif op == _POP:
                            stack.pop()
                            ip += 1
                        elif op == _DUP:
                            stack.append(stack[-1])
                            ip += 1
                        elif op == _SWAP:
                            stack[-1], stack[-2] = stack[-2], stack[-1]
                            ip += 1
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_COMPARISON:
                        if op == LT or op == LE or op == GT or op == GE or op == EQ:  # noqa: SIM109 (a tuple of locals is built per test)
                            b = stack.pop()
                            a = stack[-1]
                            if (type(a) is G and type(b) is G and a.kind in _NUMK
                                    and b.kind in _NUMK):
                                x, y = a.value, b.value
                                if op == LT:
                                    r = x < y
                                elif op == LE:
                                    r = x <= y
                                elif op == GT:
                                    r = x > y
                                elif op == GE:
                                    r = x >= y
                                else:
                                    r = x == y
                                stack[-1] = T if r else F
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                deliver(fr, ip, stack, loc, binary(op, a, b, (chunk, ip - 1, loc)))
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_CONSTANT:
                        if op == PUSH_LONG_SMALL:
                            stack.append(small[code[ip + 1]])
                            ip += 2
                        elif op == _PUSH_CONSTANT or op == _PUSH_LONG:  # noqa: SIM109 (a tuple of locals is built per test)
                            stack.append(chunk.constants[code[ip + 1]])
                            ip += 2
                        elif op == _PUSH_TRUE:
                            stack.append(T)
                            ip += 1
                        elif op == _PUSH_FALSE:
                            stack.append(F)
                            ip += 1
                        elif op == _PUSH_UNIT:
                            stack.append(UNIT)
                            ip += 1
                        elif op == _PUSH_NIL:
                            stack.append(_NIL)
                            ip += 1
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == F_LOCAL:
                        if op == LOAD_LOCAL:
                            stack.append(loc[code[ip + 1]])
                            ip += 2
                        elif op == _STORE_LOCAL:
                            loc[code[ip + 1]] = stack.pop()
                            ip += 2
                        elif op == _LOAD_TOKEN:
                            sym = chunk.constants[code[ip + 1]]
                            stack.append(tokens.get(sym.name, sym))  # type: ignore[attr-defined]
                            ip += 2
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_DATA:
                        if op == _PUSH_TEMPLATE:
                            stack.append(chunk.patterns[code[ip + 1]].instantiate(loc))
                            ip += 2
                        elif op == _MAKE_LIST:
                            n = code[ip + 1]
                            e = E(tuple(stack[-n:])) if n else UNIT
                            if n:
                                del stack[-n:]
                            stack.append(e)
                            ip += 2
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_NONDETERMINISM:
                        if op == _FORK:
                            if fr.cps is None:
                                fr.cps = []
                            fr.cps.append((_CP_FORK, code[ip + 1], stack[:], loc[:], None))
                            ip += 2
                        elif op == _FAIL:
                            raise _BACKTRACK
                        elif op == _COLLECT:
                            joins = chunk.profile.joins
                            if joins is None:
                                joins = chunk.profile.joins = {}
                            lean = joins.get(ip, _END)
                            if lean is _END:
                                lean = joins[ip] = leanjoin.plan(chunk, ip)
                            if lean is not None:
                                got = leanjoin.run(self, chunk, lean, loc, small)
                                if got is not None:  # the collected results: END_COLLECT
                                    collected = got
                                    ip = code[ip + 1]
                                    continue
                            if fr.cps is None:
                                fr.cps = []
                            fr.cps.append((_CP_COLLECT, code[ip + 1], stack[:], loc[:], []))
                            ip += 2
                        elif op == _YIELD:
                            v = stack.pop()
                            for cp in reversed(fr.cps or ()):
                                if cp[0] == _CP_COLLECT:
                                    if v is not EMPTY_SYM:  # no result, as tier 0's drop_empty
                                        cp[4].append(v)
                                    break
                            else:
                                raise VMError("YIELD outside a collection")
                            raise _BACKTRACK
                        elif op == _END_COLLECT:
                            stack.append(collected)
                            ip += 1
                        elif op == _SUPERPOSE:
                            v = stack.pop()
                            ip += 1
                            if type(v) is not E:
                                raise VMError("SUPERPOSE of a non-expression")
                            deliver(fr, ip, stack, loc, list(v.children))
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_SPACE:
                        if op == _MATCH:
                            space = stack.pop()
                            binds = self.match(chunk.patterns[code[ip + 1]], space, loc)
                            if binds is None:
                                call = chunk.patterns[code[ip + 2]].instantiate(loc)
                                stack.append(E((call.children[0], space, *call.children[2:])))  # type: ignore[attr-defined]
                                ip = code[ip + 3]
                            else:
                                ip += 4
                                if not binds:
                                    raise _BACKTRACK
                                it = iter(binds)
                                loc = next(it)
                                if len(binds) > 1:
                                    if fr.cps is None:
                                        fr.cps = []
                                    fr.cps.append((_CP_LOCALS, ip, stack[:], None, it))
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_BOOLEAN:
                        if op == _AND or op == _OR:  # noqa: SIM109 (a tuple of locals is built per test)
                            b = stack.pop()
                            a = stack[-1]
                            if (a is T or a is F) and (b is T or b is F):
                                r = (a is T and b is T) if op == _AND else (a is T or b is T)
                                stack[-1] = T if r else F
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                deliver(fr, ip, stack, loc, binary(op, a, b, (chunk, ip - 1, loc)))
                        elif op == _XOR:
                            b = stack.pop()
                            a = stack[-1]
                            if (a is T or a is F) and (b is T or b is F):
                                stack[-1] = F if a is b else T
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                deliver(fr, ip, stack, loc, binary(op, a, b, (chunk, ip - 1, loc)))
                        elif op == _NOT:
                            a = stack[-1]
                            if a is T or a is F:
                                stack[-1] = F if a is T else T
                                ip += 1
                            else:
                                stack.pop()
                                ip += 1
                                got = self._unary_slow(op, a, (chunk, ip - 1, loc))
                                deliver(fr, ip, stack, loc, got)
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_LOOP:
                        if op == _ITER_NEXT:
                            items, i, acc = loc[code[ip + 1]]
                            if i == len(items):
                                ip = code[ip + 3]
                            else:
                                loc[code[ip + 2]] = items[i]
                                loc[code[ip + 1]] = (items, i + 1, acc)
                                ip += 4
                        elif op == _ITER_ACC:
                            items, i, acc = loc[code[ip + 1]]
                            loc[code[ip + 1]] = (items, i, (*acc, stack.pop()))
                            ip += 2
                        elif op == _ITER_START:
                            v = stack.pop()
                            if type(v) is E:
                                loc[code[ip + 1]] = (v.children, 0, ())
                                ip += 4
                            else:  # as tier 0: not an expression is a TypeError value
                                call = chunk.patterns[code[ip + 2]].instantiate(loc)
                                stack.append(E((ERROR, call, _TYPE_ERROR)))
                                ip = code[ip + 3]
                        elif op == _ITER_RESULT:
                            stack.append(E(loc[code[ip + 1]][2]))
                            ip += 2
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    elif fam == _F_FORM:
                        if op == _SET_OP:
                            b = stack.pop()
                            stack[-1] = set_op(code[ip + 1], stack[-1], b)
                            ip += 2
                        elif op == _ASSERT:
                            want = stack.pop()
                            got = stack.pop()
                            stack[-1] = assert_verdict(code[ip + 1], stack[-1], got, want)
                            ip += 2
                        elif op == _TYPE_OF:
                            ip += 2
                            deliver(fr, ip, stack, loc, self.type_of(code[ip - 1], stack.pop()))
                        else:
                            raise VMError(f"no handler for opcode {op}")
                    else:
                        raise VMError(f"no handler for opcode {op}")
            except _Fail:
                # backtrack: the newest choice point of this frame, else the frame is done
                while True:
                    cps = fr.cps
                    if cps:
                        cp = cps[-1]
                        kind = cp[0]
                        if kind == _CP_FORK:
                            cps.pop()
                            ip, stack, loc = cp[1], cp[2], cp[3]
                            break
                        if kind == _CP_ALTS:
                            v = next(cp[4], _END)
                            if v is _END:
                                cps.pop()
                                continue
                            ip, stack, loc = cp[1], cp[2][:], cp[3][:]
                            stack.append(v)
                            break
                        if kind == _CP_LOCALS:
                            nl = next(cp[4], _END)
                            if nl is _END:
                                cps.pop()
                                continue
                            ip, stack, loc = cp[1], cp[2][:], nl
                            break
                        cps.pop()  # _CP_COLLECT: its code is exhausted
                        ip, stack, loc = cp[1], cp[2], cp[3]
                        collected = E(tuple(cp[4]))
                        break
                    results = fr.results or []
                    frames.pop()
                    if not frames:
                        return results
                    fr = frames[-1]
                    chunk = fr.chunk
                    code, ip, stack, loc = fr.code, fr.ip, fr.stack, fr.locals
                    if len(results) == 1:
                        stack.append(results[0])
                        break
                    if results:
                        self._fork_alts(fr, ip, stack, loc, iter(results))
                        break
                    # no result: the caller backtracks in turn

    # -- helpers of the loop (out of line) ----------------------------------------------
    @staticmethod
    def _fork_alts(
        fr: Frame, ip: int, stack: list[Any], loc: list[Any], rest: Iterator[Atom]
    ) -> None:
        """A choice point over the values left in ``rest``; pushes the first one."""
        first = next(rest)
        if fr.cps is None:
            fr.cps = []
        fr.cps.append((_CP_ALTS, ip, stack[:], loc[:], rest))
        stack.append(first)

    @staticmethod
    def _deliver(fr: Frame, ip: int, stack: list[Any], loc: list[Any], rs: list[Atom]) -> None:
        """Continue with the results of a slow path: none fails, one is pushed, several
        fork. The caller has already advanced ``ip`` past the instruction."""
        if len(rs) == 1:
            stack.append(rs[0])
            return
        if not rs:
            raise _BACKTRACK
        it = iter(rs)
        if fr.cps is None:
            fr.cps = []
        first = next(it)
        fr.cps.append((_CP_ALTS, ip, stack[:], loc[:], it))
        stack.append(first)

    # -- slow paths ----------------------------------------------------------------------
# ---------------------------------------------------------------------------------------
# The traced loop: the same source with a trace call at the ``# @trace`` marker, built once
# at import, so that tracing costs nothing when it is off.


def _trace_step(vm: VM, fr: Frame, ip: int, stack: list[Any]) -> None:
    line = format_instruction(fr.chunk, ip)
    shown = " ".join(format_atom(a) if isinstance(a, Atom) else repr(a) for a in stack[-4:])
    print(f"[{fr.chunk.name}] {line:<48} | {shown}", file=vm.trace_out)


@functools.cache
def _traced_loop() -> Callable[..., list[Atom]]:
    """``VM._loop`` with each ``# @trace`` line a call of ``_trace_step``: built from the
    source when first asked (``--trace``), not at every start-up."""
    import inspect  # loaded for --trace alone (start-up time)
    import textwrap

    src = textwrap.dedent(inspect.getsource(VM._loop))
    marker = "# @trace"
    lines = []
    for text in src.splitlines():
        if text.strip() == marker:
            indent = text[: len(text) - len(text.lstrip())]
            text = f"{indent}_trace_step(self, fr, ip, stack)"
        lines.append(text)
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), __file__, "exec"), globals(), namespace)
    return namespace["_loop"]  # type: ignore[no-any-return]

