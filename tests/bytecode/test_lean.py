"""The VM's lean path (``bytecode.lean``): which chunks get one (quickening writes their
``RETURN`` as ``RETURN_LEAN``), that its code is the operations' exact forms, and that it
always gives exactly what the general loop (and tier 0) gives, falling back when a check
fails."""

from __future__ import annotations

import random

import pytest

from mettajit.atoms.core import FALSE, TRUE, Atom, Expression, Grounded, S, V, num
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode import lean
from mettajit.bytecode.disasm import disassemble
from mettajit.bytecode.opcodes import Opcode
from mettajit.bytecode.vm import VM
from mettajit.grounded import BUILTINS
from mettajit.interpreter import Interpreter
from support import interpreter, query_chunk, vm_run


@pytest.fixture
def interp() -> Interpreter:
    return interpreter()


def _both(interp: Interpreter, atom: Atom, leaf: Atom, arg: Atom) -> tuple[list[str], ...]:
    """(lean path, general loop, tier 0) results of ``atom`` with ``leaf`` := ``arg``."""
    vm = VM(interp)
    chunk = query_chunk(interp, atom, arity=1, leaf=leaf)
    chunk.profile.lean = lean.lean_code(chunk)  # (the VM makes it on the second run)
    fast = vm_run(chunk, arg, vm=vm)
    general = query_chunk(interp, atom, arity=1, leaf=leaf)
    general.profile.lean = lambda loc: None  # never the lean path
    slow = vm_run(general, arg, vm=vm)
    ref = [format_atom(a) for a in interp.evaluate(_subst(atom, leaf, arg))]
    if any("Error" in r for r in ref):
        # an Error shows the call as written: the leaf of a query chunk is not a variable
        # of the chunk's scope, so the general loop shows it unsubstituted (not a lean
        # path matter; the differential tests compare units, where it is substituted)
        ref = slow
    return fast, slow, ref


def _subst(atom: Atom, leaf: Atom, by: Atom) -> Atom:
    if atom is leaf:
        return by
    if type(atom) is Expression:
        return Expression(tuple(_subst(c, leaf, by) for c in atom.children))
    return atom


def _ends_lean(chunk: object) -> bool:
    return chunk.code[-1] == Opcode.RETURN_LEAN  # type: ignore[attr-defined]


def test_the_pow_tower_is_lean_code_of_the_exact_form(interp: Interpreter) -> None:
    leaf = num(2)
    atom: Atom = leaf
    for _ in range(4):
        atom = Expression((S("pow"), num(2), atom))
    chunk = query_chunk(interp, atom, arity=1, leaf=leaf)
    assert _ends_lean(chunk) and "RETURN_LEAN" in disassemble(chunk)
    pow_ = BUILTINS.get("pow").exact  # type: ignore[union-attr]
    assert pow_ is not None
    text = lean.source(chunk)
    assert text is not None and text.count(pow_.text("2", "")[:-1]) == 4
    vm = VM(interp)
    assert vm_run(chunk, num(2), vm=vm).atoms == [num(2**65536)]
    assert chunk.profile.lean is None  # a first run: the general loop, no code made
    assert vm_run(chunk, num(2), vm=vm).atoms == [num(2**65536)]
    assert chunk.profile.lean is not None
    assert chunk.profile.calls == 2
    assert vm_run(chunk, num(1), vm=vm).atoms == [num(2**16)]
    assert vm_run(chunk, num(-1), vm=vm).atoms == vm_run(chunk, num(-1), vm=vm).atoms  # general


def test_each_operation_is_its_exact_form(interp: Interpreter) -> None:
    for name in ("+", "-", "*", "/", "%", "pow", "<", "<=", ">", ">=", "==", "and", "or",
                 "not"):
        exact = BUILTINS.get(name).exact  # type: ignore[union-attr]
        assert exact is not None, name
        leaf = V("x")
        arg = "True" if exact.takes is bool else "7"
        src = f"({name} $x)" if name == "not" else f"({name} $x {arg})"
        chunk = query_chunk(interp, _share(parse_atom(src), leaf), arity=1, leaf=leaf)
        assert _ends_lean(chunk), src
        text = lean.source(chunk)
        assert text is not None
        assert exact.text(*(["x2"] if name == "not" else ["x2", arg])) in text, (src, text)


@pytest.mark.parametrize(
    "src",
    [
        "(+ (* (- $x 3) 7) 100)",
        "(- 5 $x)",
        "(pow 3 $x)",
        "(pow $x 3)",
        "(pow 2 (pow 2 $x))",
        "(/ $x 4)",
        "(% $x 4)",
        "(/ 7 $x)",
        "(< (+ $x 1) 10)",
        "(== 4 (* $x 2))",
        "(>= 3 $x)",
        "(and (< $x 3) True)",
        "(or False (not (> $x 0)))",
        "(+ $x $x)",
        "(pow $x $x)",
        "(and $x (not $x))",
        "(or (not $x) $x)",
        "(and (or (not $x) False) $x)",
        "(or $x $x)",
        "(== $x True)",
        "(+ $x True)",
        "(not $x)",
        "(/ $x 0)",
        "(pow 2 (- $x 5))",
        "$x",
    ],
)
def test_lean_agrees_with_the_general_loop_and_tier0(interp: Interpreter, src: str) -> None:
    leaf = V("x")
    atom = _share(parse_atom(src), leaf)  # every $x is the leaf (by identity)
    for arg in (num(3), num(0), num(-2), num(2.5), TRUE, FALSE, S("foo"),
                Expression((S("Cons"), num(1))), Grounded(3, S("MyNum")), V("y")):
        fast, slow, ref = _both(interp, atom, leaf, arg)
        assert fast == slow == ref, (src, format_atom(arg))


def test_random_chains(interp: Interpreter) -> None:
    rng = random.Random(7)
    ops = ["+", "-", "*", "/", "%", "pow", "<", "==", ">="]
    for _ in range(200):
        leaf = V("x")
        atom: Atom = leaf
        for _ in range(rng.randint(1, 6)):
            k = num(rng.randint(-3, 5))
            op = rng.choice(ops)
            pair = (atom, k) if rng.random() < 0.5 else (k, atom)
            atom = Expression((S(op), *pair))
        for arg in (num(rng.randint(-4, 6)), num(1.5), TRUE):
            fast, slow, ref = _both(interp, atom, leaf, arg)
            assert fast == slow == ref, (format_atom(atom), format_atom(arg))


def test_a_bool_argument_is_checked_where_it_is_used(interp: Interpreter) -> None:
    leaf = V("x")
    atom = _share(parse_atom("(and (or (not $x) False) $x)"), leaf)
    chunk = query_chunk(interp, atom, arity=1, leaf=leaf)
    assert lean.source(chunk) == "\n".join([
        "a1 = loc[0]", "if a1 is T: x2 = True", "elif a1 is F: x2 = False", "else: return None",
        "v3 = (not x2)", "v4 = (v3 or False)", "a5 = loc[0]", "if a5 is T: x6 = True",
        "elif a5 is F: x6 = False", "else: return None", "v7 = (v4 and x6)",
        "return [T if v7 else F]"])


def test_not_straight_line_is_not_lean(interp: Interpreter) -> None:
    for src in ("(if (< 1 2) 3 4)", "(superpose (1 2))", "(foo 1)", "(+ 1 \"a\")",
                "(xor True False)"):
        chunk = query_chunk(interp, src)
        if chunk.code[0] == 16 and "a" not in src:  # folded to a constant: fine
            continue
        assert not lean.is_lean(chunk) and not _ends_lean(chunk), src
        assert lean.lean_code(chunk)([]) is None


def _share(atom: Atom, leaf: Atom) -> Atom:
    if atom == leaf:
        return leaf
    if type(atom) is Expression:
        return Expression(tuple(_share(c, leaf) for c in atom.children))
    return atom
