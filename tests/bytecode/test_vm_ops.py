"""VM unit tests per opcode family, on hand-assembled and compiled chunks."""

from __future__ import annotations

import pytest

from mettajit.atoms.core import FALSE, TRUE, E, S, V, num
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.interpreter import Interpreter
from support import asm, interpreter, query_chunk, tiering, vm_run


@pytest.fixture
def interp() -> Interpreter:
    return interpreter()


def test_stack_ops(interp: Interpreter) -> None:
    c = asm((O.PUSH_LONG_SMALL, 1), (O.PUSH_LONG_SMALL, 2), (O.SWAP,), (O.DUP,),
            (O.DUP,), (O.POP,), (O.MAKE_LIST, 3), (O.RETURN,))
    # 1 2 -> 2 1 -> 2 1 1 -> 2 1 1 1 -> pop -> (2 1 1)
    assert vm_run(c, interp=interp) == ["(2 1 1)"]
    assert c.max_stack == 4


def test_constants(interp: Interpreter) -> None:
    c = asm((O.PUSH_NIL,), (O.PUSH_TRUE,), (O.PUSH_FALSE,), (O.PUSH_UNIT,),
            (O.PUSH_LONG_SMALL, -5), (O.MAKE_LIST, 5), (O.RETURN,))
    assert vm_run(c, interp=interp) == ["(Nil True False () -5)"]


@pytest.mark.parametrize(
    ("op", "a", "b", "want"),
    [
        (O.ADD, 2, 3, "5"), (O.SUB, 2, 3, "-1"), (O.MUL, 4, 5, "20"), (O.DIV, -7, 2, "-3"),
        (O.MOD, -7, 2, "-1"), (O.POW, 2, 10, "1024"), (O.LT, 1, 2, "True"),
        (O.GE, 1, 2, "False"), (O.EQ, 3, 3, "True"),
    ],
)
def test_arithmetic_and_comparison_fast_paths(
    interp: Interpreter, op: O, a: int, b: int, want: str
) -> None:
    c = asm((O.PUSH_LONG_SMALL, a), (O.PUSH_LONG_SMALL, b), (op,), (O.RETURN,))
    assert vm_run(c, interp=interp) == [want]


def test_generic_fallback_matches_the_grounded_op(interp: Interpreter) -> None:
    # a symbol: NotReducible -> the call as data; a string: BadArgType; /0: Error value
    for text, want in [
        ("(* foo 2)", "(* foo 2)"),
        ('(+ 1 "a")', '(Error (+ 1 "a") (BadArgType 2 Number String))'),
        ("(/ 1 0)", "(Error (/ 1 0) DivisionByZero)"),
        ("(+ 1.5 2)", "3.5"),
        ("(and True (> 2 1))", "True"),
    ]:
        atom = parse_atom(text)
        assert vm_run(query_chunk(interp, atom), interp=interp) == [want], text
        assert [format_atom(a) for a in interp.evaluate(atom)] == [want]


def test_unfoldable_leaf_reads_the_argument(interp: Interpreter) -> None:
    leaf = num(1)
    e = E(S("+"), E(S("*"), leaf, num(3)), num(4))
    c = query_chunk(interp, e, arity=1, leaf=leaf)
    assert list(c.code[:2]) == [int(O.LOAD_LOCAL), 0]
    assert vm_run(c, num(5), interp=interp) == ["19"]


def test_constant_folding_keeps_errors(interp: Interpreter) -> None:
    c = query_chunk(interp, "(+ (* 2 3) 4)")
    assert c.code[0] == int(O.PUSH_LONG_SMALL)
    c = query_chunk(interp, "(/ 1 0)")
    assert int(O.DIV) in c.code


def test_jumps_and_branch(interp: Interpreter) -> None:
    c = asm((O.PUSH_FALSE,), (O.JUMP_IF_FALSE, 6), (O.PUSH_LONG_SMALL, 1), (O.RETURN,),
            (O.PUSH_LONG_SMALL, 2), (O.RETURN,))
    assert vm_run(c, interp=interp) == ["2"]
    atom = parse_atom("(if foo 1 2)")
    assert vm_run(query_chunk(interp, atom), interp=interp) == ["(if foo 1 2)"]


def test_fork_fail_collect(interp: Interpreter) -> None:
    assert vm_run(query_chunk(interp, "(superpose (1 2 3))"), interp=interp) == [
        "1", "2", "3"]
    assert vm_run(query_chunk(interp, "(collapse (superpose (1 (empty) 3)))"),
                  interp=interp) == ["(1 3)"]
    c = asm((O.FORK, 5), (O.PUSH_TRUE,), (O.RETURN,), (O.FAIL,), (O.PUSH_FALSE,), (O.RETURN,))
    assert vm_run(c, interp=interp) == ["True", "False"]


def test_locals_and_patterns(interp: Interpreter) -> None:
    c = Chunk("t", arity=1)
    pat = c.add_pattern(Pattern(E(S("pair"), V("a"), V("b")), {V("a"): 1, V("b"): 2},
                                frozenset()))
    c.emit(O.LOAD_LOCAL, 0)
    at = c.emit(O.UNIFY, pat, 0)
    c.emit(O.LOAD_LOCAL, 2)
    c.emit(O.LOAD_LOCAL, 1)
    c.emit(O.MAKE_LIST, 2)
    c.emit(O.RETURN)
    c.patch_jump(at)
    c.emit(O.FAIL)
    c.n_locals = 3
    assert vm_run(c, parse_atom("(pair 1 2)"), interp=interp) == ["(2 1)"]
    assert vm_run(c, parse_atom("(triple 1 2 3)"), interp=interp) == []


def test_calls_tail_calls_and_data() -> None:
    _, t = tiering("1", "(= (sum-to $n $acc) (if (== $n 0) $acc (sum-to (- $n 1) (+ $acc $n))))",
                   "(= (color) red)", "(= (color) green)")
    assert [format_atom(a) for a in t.evaluate(parse_atom("(sum-to 10000 0)"))] == ["50005000"]
    assert sorted(format_atom(a) for a in t.evaluate(parse_atom("(color)"))) == ["green", "red"]
    assert [format_atom(a) for a in t.evaluate(parse_atom("(S (color2))"))] == ["(S (color2))"]


def test_spaces_and_match(interp: Interpreter) -> None:
    for text in ["(parent Tom Bob)", "(parent Bob Ann)"]:
        interp.add_atom(parse_atom(text))
    q = parse_atom("(match &self (parent $x $y) (match &self (parent $y $z) ($x $z)))")
    assert vm_run(query_chunk(interp, q), interp=interp) == ["(Tom Ann)"]


def _chain(kind: str, depth: int, leaf: object) -> object:
    from mettajit.atoms.core import FALSE as F_
    from mettajit.atoms.core import TRUE as T_

    e = leaf
    for i in range(depth):
        if kind == "arith":
            e = [E(S("+"), e, num(i % 100)), E(S("-"), e, num(i % 7)),
                 E(S("*"), e, num(2))][i % 3]
        else:
            e = [E(S("not"), e), E(S("or"), e, F_), E(S("and"), e, T_)][i % 3]
    return e


@pytest.mark.parametrize(
    ("kind", "leaf"),
    [("arith", num(1)), ("arith", num(2.5)), ("arith", num(1 << 70)), ("arith", S("x")),
     ("bool", TRUE), ("bool", FALSE), ("bool", S("maybe"))],
)
def test_runs_of_constant_operand_steps_match_tier0(
    interp: Interpreter, kind: str, leaf: object
) -> None:
    # the VM does PUSH_LONG_SMALL+ADD/SUB/MUL and NOT/AND/OR runs in one step: same answers
    atom = _chain(kind, 40, leaf)
    chunk = query_chunk(interp, atom, arity=1, leaf=leaf)  # type: ignore[arg-type]
    want = [format_atom(a) for a in interp.evaluate(atom)]  # type: ignore[arg-type]
    assert vm_run(chunk, leaf, interp=interp) == want
