"""The descriptor of a special form, read by every tier, and the tables that hold them.

A ``FormDef`` says everything about one form: its name, its tier-0 evaluation (the
interpreter and the whole unevaluated expression in; results, a tail request or a frame
out, see ``vocabulary``), the numbers of arguments it takes (another number is an
``IncorrectNumberOfArguments`` Error), the reference's types of it (what ``get-type``
gives, as hyperon 0.2.10 declares them), and whether it is *quiet*: it evaluates its parts
and does nothing else, so a call of it has no effect of its own (tier 1's call decisions).
Tier 1's compiler of a form registers itself by the form's name in ``bytecode.forms``
(``@compiles``), which checks that the name is a form here.

A module declares its forms in a ``FormTable`` with ``@table.form(name, *arities, ...)``;
``machine.FORMS`` is the union of the tables, which every ``Interpreter`` starts with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import Atom, Expression, Symbol, error
from mettajit.atoms.reader import parse_items
from mettajit.grounded.registry import parse_type

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

Evaluate = Callable[["Interpreter", Expression], Any]

_WRONG_ARGS = Symbol("IncorrectNumberOfArguments")

# The built-ins that hyperon 0.2.10 defines by ``=`` rules in its stdlib.metta (the rest are
# grounded operations or instructions of its interpreter). A user's rule for one of these
# heads adds its results to the built-in's, as another rule would there:
# ``(= (id $x) (mine $x))`` makes ``!(id A)`` give ``[(mine A), A]``. Forms and grounded
# operations of ours with these names read this (``FormDef.by_rules``, ``is_rule_defined``).
RULE_DEFINED: frozenset[str] = frozenset({
    "add-atoms", "add-reduct", "add-reducts", "assert", "assertAlphaEqual", "assertAlphaEqualMsg",
    "assertAlphaEqualToResult", "assertAlphaEqualToResultMsg", "assertEqual", "assertEqualMsg",
    "assertEqualToResult", "assertEqualToResultMsg", "assertIncludes", "atom-subst", "car-atom",
    "case", "cdr-atom", "collapse", "empty", "filter-atom", "first-from-pair", "foldl-atom",
    "for-each-in-atom", "get-doc", "help!", "help-param!", "help-space!", "id", "if",
    "if-decons-expr", "if-error", "intersection", "is-function", "let", "let*", "map-atom",
    "match-type-or", "match-types", "new-state", "noeval", "nop", "noreduce-eq", "quote",
    "return-on-error", "subtraction", "switch", "switch-minimal", "type-cast", "union",
    "unique", "unquote",
})


# ``eval`` of a call of these rule-defined built-ins is one rewrite by the reference's rule,
# its result not evaluated further: ``(eval (let $x 2 (+ $x 1)))`` is ``(unify 2 $x (+ $x 1)
# Empty)``, ``(eval (if True (+ 1 2) b))`` is ``(+ 1 2)``, and a call no rule matches, or whose
# rule gives ``NotReducible``, stays ``(eval ...)``. (The other rule-defined built-ins' rules
# have a ``(function ...)`` body, which the reference's ``eval`` goes on running: there the
# step is the whole evaluation.) The rules are written as hyperon 0.2.10's stdlib.metta has them.
_ONE_STEP_RULES = """
(= (if True $then $else) $then)
(= (if False $then $else) $else)
(= (let $pattern $atom $template) (unify $atom $pattern $template Empty))
(= (let* $pairs $template)
   (chain (decons-atom $pairs) $ht
     (unify ($head $tail) $ht
       (unify ($pattern $atom) $head
         (let $pattern $atom (let* $tail $template))
         (Error (let* $pairs $template)
                "List of (<pattern> <atom>) pairs is expected as a second argument"))
       $template)))
(= (id $x) $x)
(= (noeval $x) $x)
(= (quote $atom) NotReducible)
(= (unquote (quote $atom)) $atom)
(= (nop) ())
(= (nop $x) ())
(= (empty) Empty)
(= (switch $atom $cases) (id (switch-minimal $atom $cases)))
(= (noreduce-eq $a $b) (== (quote $a) (quote $b)))
"""
_one_step: dict[Symbol, tuple[Expression, ...]] = {}


def one_step_rules(head: Atom) -> tuple[Expression, ...] | None:
    """The reference's rules that one ``eval`` step of a call of ``head`` rewrites by, or
    None when that step is its whole evaluation (``_ONE_STEP_RULES``)."""
    if not _one_step:
        for item in parse_items(_ONE_STEP_RULES, "<one-step rules>"):
            rule = item.atom
            h = rule.children[1].children[0]  # type: ignore[attr-defined]
            _one_step[h] = (*_one_step.get(h, ()), rule)  # type: ignore[arg-type]
    return _one_step.get(head) if type(head) is Symbol else None


def is_rule_defined(head: Atom) -> bool:
    """Whether user rules of ``head`` add results to a built-in's (``RULE_DEFINED``)."""
    return type(head) is Symbol and head.name in RULE_DEFINED


@dataclass(frozen=True, slots=True)
class FormDef:
    """One special form (see the module's doc)."""

    name: Symbol
    evaluate: Evaluate  # tier 0; checks the number of arguments first
    arities: tuple[int, ...] = ()  # () : any number
    types: tuple[Atom, ...] = ()  # the reference's declared types (get-type); () : none
    quiet: bool = False  # evaluates its parts and does nothing else
    by_rules: bool = False  # the reference defines it by rules: user rules add results


class FormTable:
    """Symbol -> FormDef, filled by the ``form`` decorator of the module that owns it."""

    def __init__(self) -> None:
        self.defs: dict[Symbol, FormDef] = {}

    def form(
        self, name: str, *arities: int, type: str | tuple[str, ...] = (), quiet: bool = False
    ) -> Callable[[Evaluate], Evaluate]:
        """Declare the decorated function as tier 0's evaluation of the form ``name``, taking
        ``arities`` arguments (any number if none), of the reference's type(s) ``type``."""

        def deco(fn: Evaluate) -> Evaluate:
            self.define(name, fn, *arities, type=type, quiet=quiet)
            return fn

        return deco

    def define(
        self,
        name: str,
        fn: Evaluate,
        *arities: int,
        type: str | tuple[str, ...] = (),
        quiet: bool = False,
    ) -> FormDef:
        """Declare ``fn`` as the form ``name`` (see ``form``)."""
        sym = Symbol(name)
        if sym in self.defs:
            raise ValueError(f"form {name} declared twice")
        texts = (type,) if isinstance(type, str) else type
        evaluate = fn if not arities else _checked(fn, arities)
        d = FormDef(
            sym, evaluate, arities, tuple(parse_type(t) for t in texts), quiet,
            name in RULE_DEFINED,
        )
        self.defs[sym] = d
        return d

    def __iter__(self) -> Iterator[FormDef]:
        return iter(self.defs.values())


def _checked(fn: Evaluate, arities: tuple[int, ...]) -> Evaluate:
    """``fn`` behind a check of the number of arguments."""

    def checked(interp: Interpreter, expr: Expression) -> Any:
        if len(expr.children) - 1 not in arities:
            return [error(expr, _WRONG_ARGS)]
        return fn(interp, expr)

    checked.__name__ = fn.__name__
    checked.__doc__ = fn.__doc__
    return checked
