"""Tier 0's fast paths for typed calls give exactly what the general checks give.

Each program runs on tier 0 twice: as it is, and with the fast paths switched off (the
general code of ``typecheck`` and ``machine`` only); the printed results must be equal.
The programs are the oracle probes and cases aimed at the conditions of the fast paths
(a head with several declared types, type variables, declared types of expressions,
tokens, meta-type and ``Atom`` parameters, values that got past ``%Undefined%``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mettajit.atoms.reader import parse_items
from mettajit.cli.compare import normalize
from mettajit.interpreter import typecheck
from support import golden_files, interpreter, run

PROBES = golden_files(Path(__file__).parent / "oracle_probes")

CASES = {
    "fib": """
        (: fib (-> Number Number))
        (= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
        !(fib 12)
        !(+ (fib 3) (fib (- 5 1)))
        !(fib "a")
        !(+ 1 (fib (+ 1 "a")))
    """,
    "two_declared_types": """
        (: f (-> Number Number))
        (: f (-> String String))
        (= (f $x) $x)
        !(+ 1 (f 2))
        !(+ 1 (f "a"))
        !(f (f 3))
    """,
    "declared_type_of_a_call": """
        (: h (-> Number Number))
        (: (h 1) String)
        (= (h $x) $x)
        !(+ 1 (h 2))
        !(+ 1 (h 1))
    """,
    "type_variable_return": """
        (: idn (-> Number $t))
        (= (idn $x) $x)
        (: x $t)
        !(+ 1 (idn 2))
        !(idn (idn 2))
    """,
    "wrong_return_type": """
        (: s (-> Number String))
        (= (s $x) "s")
        !(+ 1 (s 2))
        !(s (s 2))
        !(s (+ 1 2))
    """,
    "bool_and_if": """
        (: small (-> Number Bool))
        (= (small $x) (< $x 3))
        !(if (small 1) 1 2)
        !(and (small 1) (small 5))
        !(small (small 1))
    """,
    "meta_type_params": """
        (: q (-> Grounded Number))
        (= (q $x) 1)
        (: e (-> Expression Number))
        (= (e $x) 2)
        (: a (-> Atom Number))
        (= (a $x) 3)
        (: u (-> %Undefined% Number))
        (= (u $x) 4)
        !(q 5)
        !(q (+ 1 2))
        !(e (+ 1 2))
        !(a (+ 1 2))
        !(u (+ 1 2))
        !(+ (q 1) (e (+ 1 2)))
    """,
    "function_valued_param": """
        (: app (-> (-> Number Number) Number Number))
        (= (app $f $x) ($f $x))
        (: inc (-> Number Number))
        (= (inc $x) (+ $x 1))
        !(app inc 2)
        !(+ 1 (app inc 2))
    """,
    "chain": """
        (: g (-> Number Number))
        (= (g $x) (+ $x 1))
        !(g (g (g (g (g 1)))))
        !(+ 1 (+ 1 (+ 1 (g (g 1)))))
        !(g (g (g "a")))
    """,
    "undefined_values": """
        (: k (-> Number Number))
        (= (k $x) $x)
        (= (str) "a")
        !(k (let $y "a" $y))
        !(+ 1 (k (let $y "a" $y)))
        !(k (str))
        !(+ (k 1) (str))
        !(k (superpose (1 "b" 2)))
    """,
    "variables": """
        (: w (-> Number Number))
        (= (w $x) (* $x 2))
        !(let $x 3 (+ (w $x) 1))
        !(w $y)
        !(+ 1 (w $y))
    """,
    "tokens": """
        (: t (-> Number Number))
        (= (t $x) $x)
        !(bind! nine 9)
        !(+ 1 (t nine))
        !(t (t nine))
    """,
    "symbols_and_data": """
        (: Red Color)
        (: paint (-> Color Number))
        (= (paint $c) 1)
        !(paint Red)
        !(+ 1 (paint Red))
        !(paint 3)
        !(+ 1 (paint Blue))
    """,
    "atom_return": """
        (: quote2 (-> Atom Atom))
        (= (quote2 $x) $x)
        (: num (-> Number Number))
        (= (num $x) $x)
        !(quote2 (+ 1 2))
        !(num (quote2 (+ 1 2)))
    """,
    "declarations_change": """
        (: m (-> Number Number))
        (= (m $x) $x)
        !(+ 1 (m 2))
        !(add-atom &self (: (m 2) String))
        !(+ 1 (m 2))
        !(add-atom &self (: m (-> String String)))
        !(+ 1 (m 2))
    """,
}


def _run(text: str) -> list[str]:
    try:
        results = run("0", text)
    except Exception as e:  # the same failure either way is fine too
        return [f"raised {type(e).__name__}: {e}"]
    # variables renamed by first appearance: fresh ones are numbered by a global counter
    return [normalize(line) for line in results.lines()]


def _general_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typecheck, "_simple_type", lambda interp, atom, deep=True: None)


def _programs() -> list[object]:
    out: list[object] = [pytest.param(text, id=name) for name, text in CASES.items()]
    out += [pytest.param(p.read_text(), id=p.stem) for p in PROBES]
    return out


@pytest.mark.parametrize("text", _programs())
def test_fast_paths_change_nothing(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _run(text)
    _general_only(monkeypatch)
    assert _run(text) == fast


def test_simple_type_agrees_with_types_of() -> None:
    interp = interpreter("""
        (: fib (-> Number Number))
        (: two (-> Number Number))
        (: two (-> String String))
        (: s (-> Number String))
        (: idn (-> Number $t))
        (: (fib 7) String)
    """)
    exprs = [
        "(fib 1)",
        "(fib (- 3 1))",
        "(fib (fib 1))",
        "(two 1)",
        "(s 1)",
        "(s (+ 1 2))",
        "(idn 1)",
        "(fib 7)",
        '(fib "a")',
        "(+ 1 2.5)",
        '(+ 1 "a")',
        "(fib $x)",
        "(nofn 1)",
    ]
    for text in exprs:
        (item,) = parse_items(text)
        t = typecheck._simple_type(interp, item.atom)
        if t is not None:
            assert typecheck.types_of(interp, item.atom) == [t], text
    (item,) = parse_items("(fib 7)")
    assert typecheck._simple_type(interp, item.atom) is None  # (: (fib 7) String)
