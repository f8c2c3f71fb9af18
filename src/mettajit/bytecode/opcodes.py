"""The single table of opcodes. The compiler, the VM, the analyses, the disassembler and the
JIT all read it; none of them keeps a list of opcodes of its own or reads meaning into
opcode numbers (a number is only a name: the VM dispatches on the ``family`` column).

Each row says, for one opcode:

* its ``operands``, one kind per code word after the opcode. A chunk's code is a flat list
  of ints: the opcode, then one int per operand. The kinds say how to decode an operand:

  * ``imm``    a signed immediate (small integer, count, slot number)
  * ``const``  an index into the chunk's constant pool
  * ``jump``   an absolute code offset
  * ``op``     an index into the chunk's grounded-operation table
  * ``func``   an index into the chunk's function (callee) table
  * ``pat``    an index into the chunk's pattern table (a pattern atom and the local slot of
    each of its variables, see ``chunk.Pattern``)
  * ``code``   the opcode of a later part of a quickened instruction (below), kept in place

* its stack effect ``(pops, pushes)``; ``None`` pops means "given by the operand" (the last
  ``imm``: ``make_list n`` pops n);
* its ``family`` (what kind of thing it does; the VM's first dispatch level);
* its ``flow``: whether it falls through, jumps, branches, forks or ends (``Flow``), and for
  each jump operand how many values more than on the fall-through way are on the stack
  when it is taken (``taken``); ``fallback`` is the jump operand of the way for a value the
  opcode's own case does not take (``BRANCH_BOOL``'s non-Bool way: tier 2 bails out there);
* ``operation``: the grounded operation it computes, by its registry name (``ADD`` is
  ``+``), for the opcodes that are a fast path of one: the compiler emits the opcode for a
  call of that operation, and the VM's slow path calls the operation;
* ``parts``, for a quickened opcode (family ``QUICK``): the plain instructions it stands for,
  the opcodes each may be (``ARITH_SMALL`` is ``PUSH_LONG_SMALL k`` then ``ADD``, ``SUB`` or
  ``MUL``; ``RETURN_LEAN``, a specialisation of one instruction, is ``RETURN``: the VM's
  general loop runs it as that, ``runs_as``). Nothing but the quickening pass
  (``bytecode/quicken.py``) writes them: it rewrites the first code word of such a run,
  the later parts' words stay in place, so when the fast case does not apply the VM runs
  the instruction as its first part and continues into the second. The analyses and
  tier 2 read a quickened instruction as its parts;
* ``jit``: what tier 2 does with it: ``"inline"`` (native instructions with guards),
  ``"helper"`` (a call to a native runtime helper), or ``None``: not compiled (a chunk
  using it stays in tier 1).

The seed's opcodes that nothing emitted (``REMOVED``, and tier 1's ``eval_value``) are
gone: the compiler calls the grounded operations of spaces and lists
(``add-atom``, ``car-atom``...) through ``CALL_GROUNDED``, which keeps their types and
errors in one place, and an opcode no program runs is a handler, a lowering and tests of
code that cannot be reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Final

from mettajit.grounded import BUILTINS


class Opcode(IntEnum):
    # stack
    NOP = 0
    POP = 1
    DUP = 2
    SWAP = 3
    # constants
    PUSH_NIL = 10
    PUSH_TRUE = 11
    PUSH_FALSE = 12
    PUSH_UNIT = 13
    PUSH_LONG_SMALL = 14
    PUSH_LONG = 15
    PUSH_CONSTANT = 16
    # arithmetic
    ADD = 20
    SUB = 21
    MUL = 22
    DIV = 23
    MOD = 24
    POW = 28
    # boolean
    AND = 30
    OR = 31
    NOT = 32
    XOR = 33
    # comparison
    LT = 35
    LE = 36
    GT = 37
    GE = 38
    EQ = 39
    # control
    JUMP = 45
    JUMP_IF_FALSE = 46
    RETURN = 48
    # calls
    CALL = 50
    TAIL_CALL = 51
    CALL_GROUNDED = 52
    EVAL = 53
    # nondeterminism
    FORK = 55
    FAIL = 56
    YIELD = 57
    COLLECT = 58
    END_COLLECT = 59
    # spaces
    MATCH = 62
    # lists and expressions
    MAKE_LIST = 70
    MAKE_EXPR = 74
    # locals and bindings
    LOAD_LOCAL = 80
    STORE_LOCAL = 81
    MATCH_HEAD = 82
    UNIFY = 83
    # added by tier 1
    BRANCH_BOOL = 90
    PUSH_TEMPLATE = 91
    SUPERPOSE = 92
    LOAD_TOKEN = 94
    LOAD_EVAL = 95
    SET_OP = 96
    TYPE_OF = 97
    ASSERT = 98
    NO_MATCH = 99
    ITER_START = 100
    ITER_NEXT = 101
    ITER_ACC = 102
    ITER_RESULT = 103
    # quickened (written by bytecode/quicken.py over finished chunks)
    ARITH_SMALL = 110
    CMP_SMALL = 111
    CMP_SMALL_BRANCH = 112
    RETURN_LEAN = 113


# the seed's opcodes (docs: DESIGN section 4) that nothing emitted, removed (see above)
REMOVED: Final = (
    "rot3", "over", "dupn", "popn", "floor_div", "neg", "abs", "ne", "jump_if_true",
    "get_space", "set_space", "add_atom", "remove_atom", "cons", "car", "cdr",
)


class Family(IntEnum):
    """What kind of thing an opcode does (the VM's first dispatch level)."""

    STACK = 0
    CONSTANT = 1
    ARITHMETIC = 2
    BOOLEAN = 3
    COMPARISON = 4
    CONTROL = 5
    CALL = 6
    NONDETERMINISM = 7
    SPACE = 8
    DATA = 9  # lists, expressions, templates
    LOCAL = 10  # local slots and token values
    BINDING = 11  # pattern matching
    FORM = 12  # whole special forms of tier 1 (set operations, get-type, asserts)
    LOOP = 13  # loops over the elements of an expression
    QUICK = 14  # a run of plain instructions as one (``parts``; bytecode/quicken.py)


class Flow(Enum):
    """Where control goes after an instruction."""

    NEXT = "falls through"
    JUMP = "jumps"  # to its jump operand, always
    BRANCH = "branches"  # falls through or goes to one of its jump operands
    FORK = "forks"  # falls through, and resumes at its jump operand when later code fails
    END = "ends"  # no successor in the chunk (returns, backtracks)
    TAIL = "ends or falls through"  # TAIL_CALL: reuses the frame, else the RETURN after it

    @property
    def falls_through(self) -> bool:
        return self is not Flow.JUMP and self is not Flow.END

    @property
    def ends_block(self) -> bool:
        """Native code has no way from here to the next instruction."""
        return self is Flow.JUMP or self is Flow.END or self is Flow.TAIL


@dataclass(frozen=True, slots=True)
class OpInfo:
    """What the table says about one opcode."""

    opcode: Opcode
    family: Family
    operands: tuple[str, ...]
    pops: int | None
    pushes: int
    doc: str
    jit: str | None = None
    flow: Flow = Flow.NEXT
    taken: tuple[int, ...] = ()  # per jump operand: values beyond the fall-through's
    fallback: int | None = None  # the jump operand of the way of an unexpected value
    operation: str | None = None  # the grounded operation it is the fast path of
    parts: tuple[tuple[Opcode, ...], ...] = ()  # a quickened opcode: what it stands for

    @property
    def name(self) -> str:
        return self.opcode.name

    @property
    def size(self) -> int:
        """Code words the instruction takes: the opcode and its operands."""
        return 1 + len(self.operands)

    @property
    def jumps(self) -> tuple[int, ...]:
        """Positions (1 = the first operand) of the jump operands in the instruction."""
        return tuple(1 + k for k, kind in enumerate(self.operands) if kind == "jump")

    @property
    def count_operand(self) -> int:
        """Position of the operand giving the pops when they vary (0: they do not)."""
        imm = [k for k, kind in enumerate(self.operands) if kind == "imm"]
        return 1 + imm[-1] if imm and self.pops is None else 0


_O = Opcode
_F = Family
_BR = Flow.BRANCH
_COMPARE = (_O.LT, _O.LE, _O.GT, _O.GE, _O.EQ)


def _rows(family: Family, *rows: tuple[object, ...]) -> list[OpInfo]:
    """The rows of one family: (opcode, operands, pops, pushes, doc[, jit[, options]])."""
    out = []
    for row in rows:
        op, operands, pops, pushes, doc, *rest = row
        jit = rest[0] if rest else None
        options = rest[1] if len(rest) > 1 else {}
        out.append(OpInfo(op, family, operands, pops, pushes, doc, jit,  # type: ignore[arg-type]
                          **options))
    return out


def _op(name: str) -> dict[str, object]:
    return {"operation": name}


_TABLE: Final[list[OpInfo]] = [
    *_rows(
        _F.STACK,
        (_O.NOP, (), 0, 0,
         "do nothing; tier 1: when the chunk's err_exits lists it and the top is an Error, "
         "drop the call's values, push the Error, continue after the call (an argument's "
         "Error check; native values are never Errors)", "inline"),
        (_O.POP, (), 1, 0, "drop the top value", "inline"),
        (_O.DUP, (), 1, 2, "push a copy of the top value", "inline"),
        (_O.SWAP, (), 2, 2, "exchange the two top values", "inline"),
    ),
    *_rows(
        _F.CONSTANT,
        (_O.PUSH_NIL, (), 0, 1, "push the symbol Nil", "inline"),
        (_O.PUSH_TRUE, (), 0, 1, "push True", "inline"),
        (_O.PUSH_FALSE, (), 0, 1, "push False", "inline"),
        (_O.PUSH_UNIT, (), 0, 1, "push the unit value ()", "inline"),
        (_O.PUSH_LONG_SMALL, ("imm",), 0, 1, "push an integer in -128..127", "inline"),
        (_O.PUSH_LONG, ("const",), 0, 1, "push an integer from the pool (any size)", "helper"),
        (_O.PUSH_CONSTANT, ("const",), 0, 1, "push any atom from the pool", "helper"),
    ),
    # exact integers inline; anything else is the grounded operation (floats, errors)
    *_rows(
        _F.ARITHMETIC,
        (_O.ADD, (), 2, 1, "a b -> a+b", "inline", _op("+")),
        (_O.SUB, (), 2, 1, "a b -> a-b", "inline", _op("-")),
        (_O.MUL, (), 2, 1, "a b -> a*b", "inline", _op("*")),
        (_O.DIV, (), 2, 1, "a b -> a/b (ints truncate toward zero; /0 is an Error)", "inline",
         _op("/")),
        (_O.MOD, (), 2, 1, "a b -> a%b (sign of the dividend; %0 is an Error)", "inline",
         _op("%")),
        (_O.POW, (), 2, 1, "a b -> a**b, exact for integers", "helper", _op("pow")),
    ),
    *_rows(
        _F.BOOLEAN,
        (_O.AND, (), 2, 1, "a b -> a and b", "inline", _op("and")),
        (_O.OR, (), 2, 1, "a b -> a or b", "inline", _op("or")),
        (_O.NOT, (), 1, 1, "a -> not a", "inline", _op("not")),
        (_O.XOR, (), 2, 1, "a b -> a xor b", "inline", _op("xor")),
    ),
    *_rows(
        _F.COMPARISON,
        (_O.LT, (), 2, 1, "a b -> a<b", "inline", _op("<")),
        (_O.LE, (), 2, 1, "a b -> a<=b", "inline", _op("<=")),
        (_O.GT, (), 2, 1, "a b -> a>b", "inline", _op(">")),
        (_O.GE, (), 2, 1, "a b -> a>=b", "inline", _op(">=")),
        (_O.EQ, (), 2, 1, "a b -> a==b (structural equality of atoms)", "inline", _op("==")),
    ),
    *_rows(
        _F.CONTROL,
        (_O.JUMP, ("jump",), 0, 0, "continue at the offset", "inline", {"flow": Flow.JUMP}),
        (_O.JUMP_IF_FALSE, ("jump",), 1, 0, "pop; jump if it is False", "inline",
         {"flow": _BR}),
        (_O.RETURN, (), 1, 0, "pop the result and return it to the caller", "inline",
         {"flow": Flow.END}),
        (_O.BRANCH_BOOL, ("jump", "jump"), 1, 0,
         "pop: True falls through, False jumps to the 1st offset, else push back, 2nd",
         "inline", {"flow": _BR, "taken": (0, 1), "fallback": 1}),
    ),
    *_rows(
        _F.CALL,
        (_O.CALL, ("func", "imm"), None, 1,
         "call user function f with n arguments from the stack; push its result", "inline"),
        (_O.TAIL_CALL, ("func", "imm"), None, 1,
         "call f with n arguments reusing the frame; always followed by RETURN, which "
         "returns the result when the frame could not be reused", "inline",
         {"flow": Flow.TAIL}),
        (_O.CALL_GROUNDED, ("op", "imm"), None, 1,
         "call grounded operation g with n arguments; push its result; tier 2: add-atom and "
         "remove-atom, queued to the end of the iteration (jit.spacescan)", "helper"),
        (_O.EVAL, (), 1, 1,
         "evaluate the atom on top with tier 0 (a fallback); push each result (forks)"),
        (_O.MAKE_EXPR, ("imm",), None, 1,
         "pop n atoms, push the expression; then evaluate it as data or call; tier 2: "
         "when its head is a number or a Bool (data)", "helper"),
    ),
    *_rows(
        _F.NONDETERMINISM,
        (_O.FORK, ("jump",), 0, 0,
         "push a choice point that resumes at the offset when later code fails; tier 2: "
         "nothing between rules whose heads cannot both match (jit.scan.fork_refusal), else "
         "a choice site (jit.nondet)", "inline", {"flow": Flow.FORK}),
        (_O.FAIL, (), 0, 0, "backtrack to the newest choice point", "inline",
         {"flow": Flow.END}),
        (_O.YIELD, (), 1, 0, "pop a result into the innermost collection, then fail",
         "helper", {"flow": Flow.END}),
        (_O.COLLECT, ("jump",), 0, 0,
         "open a collection; when its code is exhausted continue at the offset", "inline",
         {"flow": Flow.FORK}),
        (_O.END_COLLECT, (), 0, 1, "close the innermost collection; push its results",
         "inline"),
        (_O.SUPERPOSE, (), 1, 1, "pop an expression; push each of its elements (forks)",
         "inline"),
    ),
    *_rows(
        _F.SPACE,
        (_O.MATCH, ("pat", "pat", "jump"), 1, 0,
         "space -> bind the 1st pattern's free locals once per match (forks); when it is "
         "no space, push the 2nd (the call as written, substituted) with the space value "
         "as its 2nd element, and jump; tier 2: a choice site over the rows of one call of "
         "the VM's match (jit.spacerun.rt_space_match), no space bails out", "helper",
         {"flow": _BR, "taken": (1,), "fallback": 0}),
    ),
    *_rows(
        _F.DATA,
        (_O.MAKE_LIST, ("imm",), None, 1, "pop n atoms, push the expression of them"),
        (_O.PUSH_TEMPLATE, ("pat",), 0, 1,
         "push the pattern with its bound locals substituted (unevaluated data)", "helper"),
    ),
    *_rows(
        _F.LOCAL,
        (_O.LOAD_LOCAL, ("imm",), 0, 1, "push local slot n", "inline"),
        (_O.STORE_LOCAL, ("imm",), 1, 0, "pop into local slot n", "inline"),
        (_O.LOAD_EVAL, ("imm",), 0, 1,
         "push local slot n, evaluated as tier 0 evaluates a variable again: as is when "
         "inert, else with tier 0 (forks)", "inline"),
        (_O.LOAD_TOKEN, ("const",), 0, 1,
         "push what a token symbol (&self, a bind! name) stands for, else the symbol",
         "helper"),
    ),
    *_rows(
        _F.BINDING,
        (_O.MATCH_HEAD, ("pat", "jump"), 0, 0,
         "match the argument locals against a rule head pattern; bind locals or jump",
         "inline", {"flow": _BR}),
        (_O.UNIFY, ("pat", "jump"), 1, 0,
         "pop a value, unify it with a pattern binding its free locals, or jump; tier 2: "
         "a flat pattern of constants and fresh variables (jit.scan.unify_refusal)",
         "inline", {"flow": _BR}),
        (_O.NO_MATCH, ("const",), 0, 1,
         "end of a function's rules: fail if a rule head matched this call, else push the "
         "call (head f, the argument locals) as data", "helper"),
    ),
    *_rows(
        _F.FORM,
        (_O.SET_OP, ("imm",), 2, 1,
         "a b -> the collected results of a (0 unique: b ignored) with b "
         "(1 union, 2 intersection, 3 subtraction), as tier 0's forms compute them"),
        (_O.TYPE_OF, ("imm",), 1, 1,
         "atom -> 0: each of its types (get-type, forks); 1: its metatype"),
        (_O.ASSERT, ("imm",), 3, 1,
         "call got want -> () or the Error: 0 assertEqual (want collected), "
         "1 assertEqualToResult (want as written)"),
    ),
    # loops over the elements of an expression (map-atom, foldl-atom); local k holds the
    # loop state (elements, next index, accumulated results)
    *_rows(
        _F.LOOP,
        (_O.ITER_START, ("imm", "pat", "jump"), 1, 0,
         "pop an expression: start a loop in local k; else push (Error call TypeError), "
         "the call being the pattern, and jump", None,
         {"flow": _BR, "taken": (1,), "fallback": 0}),
        (_O.ITER_NEXT, ("imm", "imm", "jump"), 0, 0,
         "loop k: put the next element in local x, or jump when there is none", None,
         {"flow": _BR}),
        (_O.ITER_ACC, ("imm",), 1, 0, "loop k: pop a value and add it to the results"),
        (_O.ITER_RESULT, ("imm",), 0, 1, "loop k: push its results as an expression"),
    ),
    # quickened runs (the first part of each is one opcode: what the VM runs when the fast
    # case does not apply); tier 2 lowers them part by part
    *_rows(
        _F.QUICK,
        (_O.ARITH_SMALL, ("imm", "code"), 1, 1,
         "int x -> x+k, x-k or x*k (PUSH_LONG_SMALL k; ADD|SUB|MUL), with the ARITH_SMALLs "
         "right after it one step each on the unboxed int", "inline",
         {"parts": ((_O.PUSH_LONG_SMALL,), (_O.ADD, _O.SUB, _O.MUL))}),
        (_O.CMP_SMALL, ("imm", "code"), 1, 1,
         "number x -> x<k ... x==k (PUSH_LONG_SMALL k; LT|LE|GT|GE|EQ)", "inline",
         {"parts": ((_O.PUSH_LONG_SMALL,), _COMPARE)}),
        (_O.CMP_SMALL_BRANCH, ("imm", "code", "code", "jump", "jump"), 1, 0,
         "number x: x<k ... x==k, and the BRANCH_BOOL of an ``if`` on it (PUSH_LONG_SMALL "
         "k; LT|LE|GT|GE|EQ; BRANCH_BOOL)", "inline",
         {"parts": ((_O.PUSH_LONG_SMALL,), _COMPARE, (_O.BRANCH_BOOL,)), "flow": _BR,
          "taken": (0, 1), "fallback": 1}),
        (_O.RETURN_LEAN, (), 1, 0,
         "RETURN, the end of a lean chunk: straight-line code of exact integer and Bool "
         "steps (quickening writes it, ``lean.is_lean``); VM.run runs such a chunk on "
         "unboxed values (the lean path, bytecode/lean.py), else it is RETURN", "inline",
         {"parts": ((_O.RETURN,),), "flow": Flow.END}),
    ),
]

OPCODES: Final[dict[Opcode, OpInfo]] = {info.opcode: info for info in _TABLE}

assert len(OPCODES) == len(_TABLE) == len(Opcode), "every Opcode needs exactly one table entry"

# the opcode that is the fast path of a grounded operation, by the operation's name
BY_OPERATION: Final[dict[str, Opcode]] = {
    info.operation: info.opcode for info in _TABLE if info.operation is not None
}


# the quickened runs (superinstructions: two parts or more), the longest first (the order
# the pass tries them in); a specialisation of one instruction (``RETURN_LEAN``) is written
# by its own rule of the pass
QUICKENED: Final[list[OpInfo]] = sorted(
    (entry for entry in _TABLE if len(entry.parts) > 1), key=lambda entry: -len(entry.parts)
)


def runs_as(op: Opcode) -> Opcode:
    """The opcode the VM's general loop runs ``op`` as: a quickened opcode that stands for
    one plain opcode only (a specialisation, ``RETURN_LEAN``) is that opcode there; any
    other is itself (a run of parts has its own handler)."""
    parts = OPCODES[op].parts
    return parts[0][0] if len(parts) == 1 and len(parts[0]) == 1 else op


def first_part(op: Opcode) -> Opcode:
    """The opcode a quickened one runs as when its fast case does not apply (its first
    part); a plain opcode is itself."""
    parts = OPCODES[op].parts
    return parts[0][0] if parts else op


def split_parts(op: Opcode, operands: tuple[int, ...]) -> list[tuple[Opcode, tuple[int, ...]]]:
    """A quickened instruction as its plain instructions (opcode, operands); a plain one is
    itself."""
    parts = OPCODES[op].parts
    if not parts:
        return [(op, operands)]
    first = parts[0][0]
    n = len(OPCODES[first].operands)
    out = [(first, operands[:n])]
    while n < len(operands):
        part = Opcode(operands[n])
        m = len(OPCODES[part].operands)
        out.append((part, operands[n + 1:n + 1 + m]))
        n += 1 + m
    return out


def opcode_for(op: object) -> Opcode | None:
    """The opcode that is the fast path of a grounded operation, None when it has none:
    the built-in operation the table's ``operation`` column names, itself (a program's own
    operation of that name, ``py-atom``'s for instance, has none)."""
    name = getattr(op, "name", None)
    code = BY_OPERATION.get(name) if type(name) is str else None
    return code if code is not None and BUILTINS.get(name) is op else None  # type: ignore[arg-type]


def info(op: int) -> OpInfo:
    """The table entry of an opcode number."""
    return OPCODES[Opcode(op)]


def by_number(column: str, default: object = None) -> list[object]:
    """One column of the table as a list indexed by opcode number (for the VM's loop,
    where a list index is cheaper than an enum or dict lookup)."""
    out = [default] * (max(Opcode) + 1)
    for op, entry in OPCODES.items():
        out[op] = getattr(entry, column)
    return out


def stack_effect(op: Opcode, operands: tuple[int, ...]) -> tuple[int, int]:
    """(pops, pushes) of one instruction; a ``None`` pops is its last ``imm`` operand."""
    entry = OPCODES[op]
    pops = entry.pops
    if pops is None:
        pops = operands[entry.count_operand - 1]
    return pops, entry.pushes
