"""The built-in module ``random`` (hyperon 0.2.10's builtin_mods/random.rs and .metta).

``random-int`` and ``random-float`` draw from ``[start, end)`` of a generator (``&rng``,
or one from ``new-random-generator seed``); an empty range is ``RangeIsEmpty``.
``set-random-seed`` reseeds, ``reset-random-generator`` reseeds from the OS, ``flip`` is a
random Bool. The reference's generator is Rust's ``StdRng``; ours is Python's Mersenne
Twister, so a seeded generator is reproducible, but gives other numbers than hyperon's.
"""

from __future__ import annotations

import random

from mettajit.atoms.core import (
    NUMBER,
    UNIT,
    Atom,
    Grounded,
    Symbol,
    boolean,
)
from mettajit.grounded.builtin_mods import builtin_module, op_token
from mettajit.grounded.registry import OpError

GENERATOR_TYPE = Symbol("RandomGenerator")


class RandomGenerator:
    """A random generator atom's value; prints as ``RandomGenerator-0x...``."""

    def __init__(self, seed: int | None = None) -> None:
        self.rng = random.Random(seed)

    def metta_repr(self) -> str:
        return f"RandomGenerator-0x{id(self):012x}"


def _gen(a: Atom, op: str) -> RandomGenerator:
    if type(a) is Grounded and isinstance(a.value, RandomGenerator):
        return a.value
    raise OpError(f"{op} expects a random generator as its argument")


def _num(a: Atom, message: str) -> int | float:
    if type(a) is Grounded and a.type is NUMBER:
        return a.value  # type: ignore[no-any-return]
    raise OpError(message)


def random_int(g: Atom, start: Atom, end: Atom) -> Atom:
    msg = "random-int expects three arguments: random generator, number (start) and number (end)"
    lo, hi = int(_num(start, msg)), int(_num(end, msg))
    gen = _gen(g, "random-int")
    if lo >= hi:
        raise OpError("RangeIsEmpty")
    return Grounded(gen.rng.randrange(lo, hi), NUMBER)


def random_float(g: Atom, start: Atom, end: Atom) -> Atom:
    msg = ("random-float expects three arguments: random generator, number (start) and "
           "number (end)")
    lo, hi = float(_num(start, msg)), float(_num(end, msg))
    gen = _gen(g, "random-float")
    if lo >= hi:
        raise OpError("RangeIsEmpty")
    x = gen.rng.uniform(lo, hi)
    return Grounded(x if x < hi else lo, NUMBER)


def set_random_seed(g: Atom, seed: Atom) -> Atom:
    s = _num(seed, "set-random-seed expects two arguments: random generator and number (seed)")
    _gen(g, "set-random-seed").rng.seed(int(s))
    return UNIT


def new_random_generator(seed: Atom) -> Atom:
    s = _num(seed, "new-random-generator expects one argument: number (seed)")
    return Grounded(RandomGenerator(int(s)), GENERATOR_TYPE)


def reset_random_generator(g: Atom) -> Atom:
    _gen(g, "set-random-seed").rng.seed()
    return UNIT


def flip() -> Atom:
    return boolean(random.random() < 0.5)


_DOCS = """
(@doc random-int
  (@desc "Draws a whole number from a range, with a generator.")
  (@params ((@param "the generator: &rng, or one from new-random-generator")
            (@param "the least number it may draw")
            (@param "the bound: every number drawn is below it")))
  (@return "the number drawn; an Error with RangeIsEmpty when the range holds none"))
(@doc random-float
  (@desc "Draws a floating-point number from a range, with a generator.")
  (@params ((@param "the generator: &rng, or one from new-random-generator")
            (@param "the least number it may draw")
            (@param "the bound: every number drawn is below it")))
  (@return "the number drawn; an Error with RangeIsEmpty for an empty range"))
(@doc set-random-seed
  (@desc "Restarts a generator from a seed, so that what it draws next can be repeated.")
  (@params ((@param "the generator") (@param "the seed, a number")))
  (@return "()"))
(@doc new-random-generator
  (@desc "Makes a generator of its own, started from a seed.")
  (@params ((@param "the seed, a number")))
  (@return "the new generator"))
(@doc reset-random-generator
  (@desc "Restarts a generator from a seed the system picks.")
  (@params ((@param "the generator")))
  (@return "()"))
(@doc flip
  (@desc "Tosses a fair coin.")
  (@params ())
  (@return "True or False, each half the time"))
"""


@builtin_module("random", _DOCS)
def tokens() -> dict[str, Atom]:
    g = "RandomGenerator"
    return dict([
        op_token("random-int", f"(-> {g} Number Number Number)", random_int),
        op_token("random-float", f"(-> {g} Number Number Number)", random_float),
        op_token("set-random-seed", f"(-> {g} Number (->))", set_random_seed),
        op_token("new-random-generator", f"(-> Number {g})", new_random_generator),
        op_token("reset-random-generator", f"(-> {g} ())", reset_random_generator),
        op_token("flip", "(-> Bool)", flip),
        ("&rng", Grounded(RandomGenerator(), GENERATOR_TYPE)),
    ])
