"""Disassembly snapshots: the text form of small chunks, offset by offset."""

from __future__ import annotations

from mettajit.bytecode.disasm import disassemble
from support import function_chunk, interpreter, query_chunk


def test_fib_function_chunk() -> None:
    interp = interpreter("(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))")
    text = disassemble(function_chunk(interp, "fib", 1))
    lines = text.splitlines()
    assert lines[0] == "== fib/1 (arity 1, locals 1, max stack 4) =="
    # (< $n 2) and the if's branch on it: one quickened instruction (its parts' words in
    # place: LT and BRANCH_BOOL, with BRANCH_BOOL's two targets)
    assert lines[1:4] == [
        "0000    0 LOAD_EVAL        0",
        "0002    | CMP_SMALL_BRANCH 2 35 90 11 30 ; LT, BRANCH_BOOL, -> 11, -> 30, plan check "
        "(static_arith), as written (< $n 2)",
        "0008    | LOAD_EVAL        0",
    ]
    # each call site with its call plan (the SUB's is that of the ARITH_SMALL's part)
    assert ("0013    | ARITH_SMALL      1 21     ; SUB, plan check (static_arith), as written "
            "(- $n 1)") in lines
    assert "0016    | CALL             0 1      ; fib/1, plan plain (not reruns)" in lines
    assert ("0028    | ADD                       ; plan check (typed_plain), as written "
            "(+ (fib (- $n 1)) (fib (- $n 2)))") in lines
    assert ("0039    | EVAL                      ; plan tier0 (condition not a Bool), as "
            "written (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2))))") in lines
    # the first call's Error check: the second call is not made after an Error
    assert "0019    | NOP                       ; on Error: drop 1, -> 29" in lines
    assert "0035    | PUSH_TEMPLATE    1        ; (+ (fib (- $n 1)) (fib (- $n 2))) [$n=0]" in lines
    assert text.count("RETURN") == 3


def test_query_chunk_with_constants_and_line() -> None:
    chunk = query_chunk(interpreter(), '(foo "s" 1000 (superpose (1 2)))', line=7)
    assert disassemble(chunk).splitlines() == [
        "== <query> (arity 0, locals 0, max stack 3) ==",
        '0000    7 PUSH_CONSTANT    0        ; "s"',
        "0002    | PUSH_LONG        1        ; 1000",
        "0004    | FORK             10       ; -> 10",
        "0006    | PUSH_LONG_SMALL  1",
        "0008    | JUMP             12       ; -> 12",
        "0010    | PUSH_LONG_SMALL  2",
        "0012    | TAIL_CALL        0 3      ; foo/3, plan plain (not reruns)",
        "0015    | RETURN",
    ]


def test_a_typed_units_header_says_native_code_enters_with_numbers() -> None:
    interp = interpreter("(: sq (-> Number Number))", "(= (sq $x) (* $x $x))")
    chunk = function_chunk(interp, "sq", 1)
    assert chunk.decisions.number_params
    assert disassemble(chunk).splitlines()[0] == (
        "== sq/1 (arity 1, locals 1, max stack 2, number params) ==")


def test_the_header_names_the_slots_each_call_fills_with_fresh_variables() -> None:
    chunk = function_chunk(interpreter("(= (f $c) (if $c (quote $j) ()))"), "f", 1)
    assert chunk.fresh and chunk.fresh[0][1].name == "j"
    assert disassemble(chunk).splitlines()[0] == (
        "== f/1 (arity 1, locals 2, max stack 4, fresh $j=1) ==")
