"""No input reaches an internal error: random texts and random programs run to the end.

An internal error is an exception out of ``MeTTa.run_file`` other than ``ParseError`` (the
command line's exit status 70). Two fuzzers: texts of MeTTa's tokens in any order (the reader,
and whatever parses), and programs made of rules, types, facts and queries over the standard
library's operations and forms, with every kind of value (big integers, NaN and infinities,
strings with escapes, characters, variables, spaces, states). Each program runs on tiers 0
and 1, sandboxed, with half a second per program: one out of its time is counted, not failed.
The sizes follow the hypothesis profile (``--fuzz=full``: 5,000 examples each). A program
is run as a file of an empty folder of its own (``fuzz_file``), the sandbox's.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.reader import ParseError
from support import run, time_limit

SECONDS = 0.5  # per program


class _OutOfTime(BaseException):  # not an Exception: no handler of the runtime takes it
    pass


def check(text: str, tier: str, counts: dict[str, int], path: Path) -> None:
    """Run ``text`` as the file ``path``; fail the test on an internal error, with the
    program and traceback."""
    try:
        with time_limit(SECONDS, _OutOfTime):
            out = run(tier, text, file=path, sandbox=True).out
    except ParseError as e:
        counts["syntax_errors"] += 1
        assert str(e).startswith(f"{path}:")
        return
    except _OutOfTime:
        counts["timeouts"] += 1
        return
    except BaseException:
        counts["internal_errors"] += 1
        pytest.fail(f"internal error on tier {tier} running:\n{text}\n{traceback.format_exc()}")
    counts["queries"] += out.count("\n")


# -- texts: tokens in any order -------------------------------------------------------------

_TOKENS = [
    "(", ")", "(", ")", "!", "! ", " ", "\n", "\t", "; comment\n", '"', '"a\\n"', '"\\x41"',
    '"\\q"', "\\", "$x", "$y", "$", "a", "f", "=", ":", "->", "Number", "Atom", "0", "-1", "42",
    "9" * 5000, "1.5", "-0.0", "1e308", "1e999", "True", "False", "'c'", "''", "&self", "Empty",
    "+", "-", "*", "/", "%", "pow", "pow-math", "==", "<", "if", "let", "let*", "case", "match",
    "superpose", "collapse", "quote", "unify", "car-atom", "cdr-atom", "cons-atom",
    "index-atom", "get-type", "repr", "parse", "new-state", "add-atom", "bind!", "é", "\u00a0",
]


@given(text=st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join))
def test_texts(text: str, fuzz_counts: dict[str, int], fuzz_file: Path) -> None:
    fuzz_counts["texts"] += 1
    check(text, "0", fuzz_counts, fuzz_file)


# -- programs ---------------------------------------------------------------------------------

_LEAVES = st.sampled_from([
    "0", "1", "2", "-3", "7", "1.5", "-0.0", "0.1", "1e308", "-1e308", "(/ 0 0.0)",
    "(/ 1 0.0)", "(/ -1 0.0)", "123456789012345678901234567890", "-" + "8" * 4500, '"s"', '""',
    '"a\\"b\\\\"', '"\\x41\\n"', "'c'", "True", "False", "a", "b", "Nil", "Empty", "()", "$x",
    "$y", "$z", "&self", "Number", "Atom", "Symbol", "Expression", "%Undefined%", "(Cons a Nil)",
    "(f)", "(g $x)", "(h 1 2)",
])
_OPS = [  # (head, arity)
    ("+", 2), ("-", 2), ("*", 2), ("/", 2), ("%", 2), ("<", 2), ("<=", 2), ("==", 2),
    ("pow-math", 2), ("sqrt-math", 1), ("log-math", 2), ("abs-math", 1), ("round-math", 1),
    ("isnan-math", 1), ("and", 2), ("or", 2), ("not", 1), ("if", 3), ("if", 2), ("let", 3),
    ("let*", 2), ("case", 2), ("unify", 4), ("superpose", 1), ("collapse", 1), ("quote", 1),
    ("unquote", 1), ("chain", 3), ("eval", 1), ("evalc", 2), ("id", 1), ("unique", 1),
    ("union", 2), ("intersection", 2), ("subtraction", 2), ("car-atom", 1), ("cdr-atom", 1),
    ("cons-atom", 2), ("decons-atom", 1), ("index-atom", 2), ("size-atom", 1),
    ("max-atom", 1), ("min-atom", 1), ("get-type", 1), ("get-metatype", 1), ("type-cast", 3),
    ("repr", 1), ("parse", 1), ("format-args", 2), ("charsToString", 1), ("stringToChars", 1),
    ("new-state", 1), ("get-state", 1), ("change-state!", 2), ("new-space", 0),
    ("add-atom", 2), ("remove-atom", 2), ("get-atoms", 1), ("match", 3), ("if-error", 3),
    ("return-on-error", 2), ("sealed", 2), ("assertEqual", 2), ("assertEqualToResult", 2),
    ("map-atom", 3), ("filter-atom", 3), ("foldl-atom", 5), ("empty", 0), ("Error", 2),
    ("capture", 1), ("noeval", 1), ("function", 1), ("return", 1), ("switch", 2),
    ("is-function", 1), ("println!", 1), ("nop", 0), ("py-atom", 1), ("import!", 2),
    ("include", 1), ("f", 0), ("g", 1), ("h", 2), ("A", 1), ("", 2),
]


def _call(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(op: tuple[str, int]) -> st.SearchStrategy[str]:
        head, n = op
        args = st.lists(children, min_size=n, max_size=n)
        if not head:
            return args.map(lambda a: "(" + " ".join(a) + ")")
        return args.map(lambda a: "(" + " ".join([head, *a]) + ")")

    small_pow = st.tuples(st.integers(-20, 20), st.integers(-3, 64)).map(
        lambda p: f"(pow {p[0]} {p[1]})")  # pow of literals only: no astronomic integers
    return st.one_of(st.sampled_from(_OPS).flatmap(build), small_pow)


_EXPR = st.recursive(_LEAVES, _call, max_leaves=12)
_ITEM = st.one_of(
    _EXPR.map(lambda e: "!" + e),
    _EXPR.map(lambda e: "!" + e),
    st.tuples(st.sampled_from(["(f)", "(g $x)", "(h $x $y)", "(g (Cons $x $y))", "(h 0 $y)",
                               "(A $x)", "($x 1)"]), _EXPR).map(lambda r: f"(= {r[0]} {r[1]})"),
    st.sampled_from(["(: f (-> Number))", "(: g (-> Number Number))", "(: g (-> Atom Atom))",
                     "(: h (-> $t $t Bool))", "(: A (-> Expression Number))", "(: a Number)",
                     "(: b (List $t))"]),
    _EXPR,
)


@pytest.mark.parametrize("tier", ["0", "1"])
@given(program=st.lists(_ITEM, min_size=1, max_size=8).map("\n".join))
def test_programs(tier: str, program: str, fuzz_counts: dict[str, int], fuzz_file: Path) -> None:
    fuzz_counts["programs"] += 1
    check(program, tier, fuzz_counts, fuzz_file)
