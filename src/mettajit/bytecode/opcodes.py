"""The single table of opcodes. The compiler, the VM, the disassembler and the JIT all read it.

Each opcode has a number (its ``Opcode`` value), an operand layout, a stack effect and one
line of doc. A chunk's code is a flat list of ints: the opcode, then one int per operand.
Operand kinds say how the disassembler decodes an operand:

* ``imm``    a signed immediate (small integer, count, slot number)
* ``const``  an index into the chunk's constant pool
* ``jump``   an absolute code offset
* ``op``     an index into the chunk's grounded-operation table
* ``func``   an index into the chunk's function (callee) table
* ``pat``    an index into the chunk's pattern table (a pattern atom and the local slot of
  each of its variables, see ``chunk.Pattern``)

Stack effects are ``(pops, pushes)``; ``None`` pops means "given by the operand" (the
compiler computes those, e.g. ``make_expr n`` pops n).

``jit`` says what tier 2 does with the opcode: ``"inline"`` (stage 1: native instructions
with guards), ``"helper"`` (stage 2: a call to a native runtime helper), or ``None`` (not
compiled: a chunk using it stays in tier 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final


class Opcode(IntEnum):
    # stack
    NOP = 0
    POP = 1
    DUP = 2
    SWAP = 3
    ROT3 = 4
    OVER = 5
    DUPN = 6
    POPN = 7
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
    FLOOR_DIV = 25
    NEG = 26
    ABS = 27
    POW = 28
    # boolean
    AND = 30
    OR = 31
    NOT = 32
    # comparison
    LT = 35
    LE = 36
    GT = 37
    GE = 38
    EQ = 39
    NE = 40
    # control
    JUMP = 45
    JUMP_IF_FALSE = 46
    JUMP_IF_TRUE = 47
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
    GET_SPACE = 60
    SET_SPACE = 61
    MATCH = 62
    ADD_ATOM = 63
    REMOVE_ATOM = 64
    # lists and expressions
    MAKE_LIST = 70
    CONS = 71
    CAR = 72
    CDR = 73
    MAKE_EXPR = 74
    # locals and bindings
    LOAD_LOCAL = 80
    STORE_LOCAL = 81
    MATCH_HEAD = 82
    UNIFY = 83
    # added by tier 1 (numbers 90.. so the seed families keep theirs)
    BRANCH_BOOL = 90
    PUSH_TEMPLATE = 91
    SUPERPOSE = 92
    EVAL_VALUE = 93
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


@dataclass(frozen=True, slots=True)
class OpInfo:
    """What the table says about one opcode."""

    opcode: Opcode
    operands: tuple[str, ...]
    pops: int | None
    pushes: int
    doc: str
    jit: str | None = None

    @property
    def name(self) -> str:
        return self.opcode.name

    @property
    def size(self) -> int:
        """Code words the instruction takes: the opcode and its operands."""
        return 1 + len(self.operands)


_O = Opcode
_TABLE: Final[list[OpInfo]] = [
    # stack ------------------------------------------------------------------------------
    OpInfo(_O.NOP, (), 0, 0,
           "do nothing; tier 1: when the chunk's err_exits lists it and the top is an "
           "Error, drop the call's values, push the Error, continue after the call (an "
           "argument's Error check; native values are never Errors)", "inline"),
    OpInfo(_O.POP, (), 1, 0, "drop the top value", "inline"),
    OpInfo(_O.DUP, (), 1, 2, "push a copy of the top value", "inline"),
    OpInfo(_O.SWAP, (), 2, 2, "exchange the two top values", "inline"),
    OpInfo(_O.ROT3, (), 3, 3, "a b c -> b c a: rotate the third value to the top", "inline"),
    OpInfo(_O.OVER, (), 2, 3, "a b -> a b a: copy the second value to the top", "inline"),
    OpInfo(_O.DUPN, ("imm",), 0, 1, "push a copy of the value n below the top (0 = top)",
           "inline"),
    OpInfo(_O.POPN, ("imm",), None, 0, "drop the top n values", "inline"),
    # constants --------------------------------------------------------------------------
    OpInfo(_O.PUSH_NIL, (), 0, 1, "push the symbol Nil", "inline"),
    OpInfo(_O.PUSH_TRUE, (), 0, 1, "push True", "inline"),
    OpInfo(_O.PUSH_FALSE, (), 0, 1, "push False", "inline"),
    OpInfo(_O.PUSH_UNIT, (), 0, 1, "push the unit value ()", "inline"),
    OpInfo(_O.PUSH_LONG_SMALL, ("imm",), 0, 1, "push an integer in -128..127", "inline"),
    OpInfo(_O.PUSH_LONG, ("const",), 0, 1, "push an integer from the pool (any size)",
           "helper"),
    OpInfo(_O.PUSH_CONSTANT, ("const",), 0, 1, "push any atom from the pool", "helper"),
    # arithmetic (exact integers; float if either operand is a float) --------------------
    OpInfo(_O.ADD, (), 2, 1, "a b -> a+b", "inline"),
    OpInfo(_O.SUB, (), 2, 1, "a b -> a-b", "inline"),
    OpInfo(_O.MUL, (), 2, 1, "a b -> a*b", "inline"),
    OpInfo(_O.DIV, (), 2, 1, "a b -> a/b (ints truncate toward zero; /0 is an Error)",
           "inline"),
    OpInfo(_O.MOD, (), 2, 1, "a b -> a%b (sign of the dividend; %0 is an Error)", "inline"),
    OpInfo(_O.FLOOR_DIV, (), 2, 1, "a b -> floor(a/b)", "inline"),
    OpInfo(_O.NEG, (), 1, 1, "a -> -a", "inline"),
    OpInfo(_O.ABS, (), 1, 1, "a -> |a|", "inline"),
    OpInfo(_O.POW, (), 2, 1, "a b -> a**b, exact for integers", "helper"),
    # boolean ----------------------------------------------------------------------------
    OpInfo(_O.AND, (), 2, 1, "a b -> a and b", "inline"),
    OpInfo(_O.OR, (), 2, 1, "a b -> a or b", "inline"),
    OpInfo(_O.NOT, (), 1, 1, "a -> not a", "inline"),
    # comparison -------------------------------------------------------------------------
    OpInfo(_O.LT, (), 2, 1, "a b -> a<b", "inline"),
    OpInfo(_O.LE, (), 2, 1, "a b -> a<=b", "inline"),
    OpInfo(_O.GT, (), 2, 1, "a b -> a>b", "inline"),
    OpInfo(_O.GE, (), 2, 1, "a b -> a>=b", "inline"),
    OpInfo(_O.EQ, (), 2, 1, "a b -> a==b (structural equality of atoms)", "inline"),
    OpInfo(_O.NE, (), 2, 1, "a b -> a!=b", "inline"),
    # control ----------------------------------------------------------------------------
    OpInfo(_O.JUMP, ("jump",), 0, 0, "continue at the offset", "inline"),
    OpInfo(_O.JUMP_IF_FALSE, ("jump",), 1, 0, "pop; jump if it is False", "inline"),
    OpInfo(_O.JUMP_IF_TRUE, ("jump",), 1, 0, "pop; jump if it is True", "inline"),
    OpInfo(_O.RETURN, (), 1, 0, "pop the result and return it to the caller", "inline"),
    # calls ------------------------------------------------------------------------------
    OpInfo(_O.CALL, ("func", "imm"), None, 1,
           "call user function f with n arguments from the stack; push its result", "inline"),
    OpInfo(_O.TAIL_CALL, ("func", "imm"), None, 1,
           "call f with n arguments reusing the frame; always followed by RETURN, which "
           "returns the result when the frame could not be reused", "inline"),
    OpInfo(_O.CALL_GROUNDED, ("op", "imm"), None, 1,
           "call grounded operation g with n arguments; push its result"),
    OpInfo(_O.EVAL, (), 1, 1,
           "evaluate the atom on top with tier 0 (a fallback); push each result (forks)"),
    # nondeterminism ---------------------------------------------------------------------
    OpInfo(_O.FORK, ("jump",), 0, 0,
           "push a choice point that resumes at the offset when later code fails"),
    OpInfo(_O.FAIL, (), 0, 0, "backtrack to the newest choice point"),
    OpInfo(_O.YIELD, (), 1, 0, "pop a result into the innermost collection, then fail"),
    OpInfo(_O.COLLECT, ("jump",), 0, 0,
           "open a collection; when its code is exhausted continue at the offset"),
    OpInfo(_O.END_COLLECT, (), 0, 1, "close the innermost collection; push its results"),
    # spaces -----------------------------------------------------------------------------
    OpInfo(_O.GET_SPACE, (), 0, 1, "push the current space (&self)"),
    OpInfo(_O.SET_SPACE, (), 1, 0, "pop a space and make it the current one"),
    OpInfo(_O.MATCH, ("pat", "jump"), 2, 0,
           "space call -> bind the pattern's free locals once per match (forks); when it is "
           "no space, push (match space ...) from the call and jump"),
    OpInfo(_O.ADD_ATOM, (), 2, 1, "space atom -> (); add the atom"),
    OpInfo(_O.REMOVE_ATOM, (), 2, 1, "space atom -> (); remove one equal atom"),
    # lists and expressions --------------------------------------------------------------
    OpInfo(_O.MAKE_LIST, ("imm",), None, 1, "pop n atoms, push the expression of them"),
    OpInfo(_O.CONS, (), 2, 1, "head tail -> (head . tail) as an expression"),
    OpInfo(_O.CAR, (), 1, 1, "expression -> its first element"),
    OpInfo(_O.CDR, (), 1, 1, "expression -> it without its first element"),
    OpInfo(_O.MAKE_EXPR, ("imm",), None, 1,
           "pop n atoms, push the expression; then evaluate it as data or call"),
    # locals and bindings ----------------------------------------------------------------
    OpInfo(_O.LOAD_LOCAL, ("imm",), 0, 1, "push local slot n", "inline"),
    OpInfo(_O.STORE_LOCAL, ("imm",), 1, 0, "pop into local slot n", "inline"),
    OpInfo(_O.MATCH_HEAD, ("pat", "jump"), 0, 0,
           "match the argument locals against a rule head pattern; bind locals or jump"),
    OpInfo(_O.UNIFY, ("pat", "jump"), 1, 0,
           "pop a value, unify it with a pattern binding its free locals, or jump"),
    # added by tier 1 --------------------------------------------------------------------
    OpInfo(_O.BRANCH_BOOL, ("jump", "jump"), 1, 0,
           "pop: True falls through, False jumps to the 1st offset, else push back, 2nd",
           "inline"),
    OpInfo(_O.PUSH_TEMPLATE, ("pat",), 0, 1,
           "push the pattern with its bound locals substituted (unevaluated data)"),
    OpInfo(_O.SUPERPOSE, (), 1, 1, "pop an expression; push each of its elements (forks)"),
    OpInfo(_O.EVAL_VALUE, (), 1, 1,
           "re-evaluate a bound value: as is when inert, else with tier 0 (forks)"),
    OpInfo(_O.LOAD_TOKEN, ("const",), 0, 1,
           "push what a token symbol (&self, a bind! name) stands for, else the symbol"),
    OpInfo(_O.LOAD_EVAL, ("imm",), 0, 1,
           "LOAD_LOCAL n then EVAL_VALUE: a variable read where tier 0 evaluates it again",
           "inline"),
    OpInfo(_O.SET_OP, ("imm",), 2, 1,
           "a b -> the collected results of a (0 unique: b ignored) with b "
           "(1 union, 2 intersection, 3 subtraction), as tier 0's forms compute them"),
    OpInfo(_O.TYPE_OF, ("imm",), 1, 1,
           "atom -> 0: each of its types (get-type, forks); 1: its metatype"),
    OpInfo(_O.ASSERT, ("imm",), 3, 1,
           "call got want -> () or the Error: 0 assertEqual (want collected), "
           "1 assertEqualToResult (want as written)"),
    OpInfo(_O.NO_MATCH, ("const",), 0, 1,
           "end of a function's rules: fail if a rule head matched this call, else push "
           "the call (head f, the argument locals) as data"),
    # loops over the elements of an expression (map-atom, foldl-atom); local k holds the
    # loop state (elements, next index, accumulated results)
    OpInfo(_O.ITER_START, ("imm", "pat", "jump"), 1, 0,
           "pop an expression: start a loop in local k; else push (Error call TypeError), "
           "the call being the pattern, and jump"),
    OpInfo(_O.ITER_NEXT, ("imm", "imm", "jump"), 0, 0,
           "loop k: put the next element in local x, or jump when there is none"),
    OpInfo(_O.ITER_ACC, ("imm",), 1, 0, "loop k: pop a value and add it to the results"),
    OpInfo(_O.ITER_RESULT, ("imm",), 0, 1, "loop k: push its results as an expression"),
]

OPCODES: Final[dict[Opcode, OpInfo]] = {info.opcode: info for info in _TABLE}

assert len(OPCODES) == len(Opcode), "every Opcode needs exactly one table entry"


def info(op: int) -> OpInfo:
    """The table entry of an opcode number."""
    return OPCODES[Opcode(op)]


def stack_effect(op: Opcode, operands: tuple[int, ...]) -> tuple[int, int]:
    """(pops, pushes) of one instruction; a ``None`` pops is its last ``imm`` operand."""
    entry = OPCODES[op]
    pops = entry.pops
    if pops is None:
        pops = operands[len(entry.operands) - 1 - entry.operands[::-1].index("imm")]
    return pops, entry.pushes
