"""The public ``MeTTa`` class: a program's space, its tokens and the tier policy.

``run_file`` reads the whole file before running anything (a syntax error stops it with
``FILE:LINE:COL: message``), then adds each plain atom to ``&self`` and evaluates each
``!`` query in order, printing its results as soon as they are computed.

Its methods are hyperon's ``MeTTa``'s (``run(program, flat=False)``, ``space()``,
``tokenizer()``, ``register_token``, ``register_atom``, ``parse_all``, ``parse_single``,
``evaluate_atom``, ``load_module_at_path``, ``working_dir``) plus mettajit's own
(``run_file``, ``settings``, ``stats``). Tokens registered through the tokenizer are
applied to atoms as they are read, as in hyperon (a constructor runs at each occurrence);
``bind!`` binds tokens as it runs. hyperon's ``run`` stops after a query with an Error
result; ``run`` does so when ``stop_on_error`` is set (``run_file``, the command line, never).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from itertools import groupby
from operator import attrgetter
from typing import Any, TextIO

from mettajit.atoms.core import (
    NUMBER,
    Atom,
    E,
    Grounded,
    Symbol,
    error,
    from_python,
    is_error,
    map_atom,
    string,
)
from mettajit.atoms.printer import format_atom, format_results
from mettajit.atoms.reader import Item, parse_items, parse_prefix
from mettajit.atoms.sexpr import ProgramParseError, Tokenizer
from mettajit.config import DEFAULTS, Settings
from mettajit.grounded.host import Host, Sandbox
from mettajit.grounded.registry import OpError, make_op
from mettajit.interpreter import DepthLimitExceeded, Interpreter
from mettajit.interpreter.limits import MEMORY_LIMIT, LimitExceeded, give_back_memory
from mettajit.interpreter.typecheck import check_alternatives
from mettajit.interpreter.vocabulary import drop_empty
from mettajit.runner.environment import EnvBuilder
from mettajit.space.refs import SpaceRef, space_ref
from mettajit.stats import Stats

_QUERY, _ATOM, _LINE = attrgetter("query"), attrgetter("atom"), attrgetter("line")


def tune_gc(gen0: int) -> None:
    """Raise CPython's young-generation GC threshold to ``gen0`` for the rest of the process
    (never lower it; 0, or a disabled collector, leaves it alone). The collector runs on
    allocation counts: every 700 new containers a young collection, and every 100 of those
    a full one once enough has survived, which walks every live object. Evaluation makes
    many short-lived containers (frames, argument lists, atoms) while programs keep big
    acyclic data (a 100 000-cell list is 200 000 objects): at 700, full collections were a
    third of list_ops_100k's time at tier 1. Atoms make no cycles, so collecting less often
    costs little memory (docs/perf-journal.md, Tier 1)."""
    g0, g1, g2 = gc.get_threshold()
    if 0 < g0 < gen0:
        gc.set_threshold(gen0, g1, g2)


class MeTTa:
    """A MeTTa runtime: ``MeTTa().run("(= (f) 1) !(f)")`` gives ``[[1]]``.

    ``space`` (a ``SpaceRef``) is the program's ``&self`` (a new space by default);
    ``env_builder`` (``Environment.custom_env(...)``) its environment; ``settings`` and
    ``out`` choose the tier and where program output goes.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        out: TextIO | None = None,
        *,
        space: SpaceRef | None = None,
        env_builder: EnvBuilder | None = None,
    ) -> None:
        self.settings = settings or DEFAULTS
        self.stats = Stats()
        self.out = out if out is not None else sys.stdout
        self.env = env_builder if env_builder is not None else EnvBuilder()
        self.interp = Interpreter(
            space=space.cspace if space is not None else None,
            settings=self.settings,
            stats=self.stats,
            out=self.out,
        )
        # hyperon's tokenizer: the interpreter's token rules, where modules add theirs too
        self._tokenizer = Tokenizer(self.interp.token_rules)
        # hyperon's run() ends after a query with an Error result; mettajit's goes on
        # (as its command line does) unless this is set
        self.stop_on_error = False
        if self.env.working_dir is not None:
            self.interp.base_dir = self.env.working_dir
        if self.settings.sandbox:  # the program's folder: here until run_file says
            self.interp.sandbox = Sandbox.at(os.getcwd())
        self.interp.runner = self  # what an extension's @register_atoms(pass_metta=True) gets
        self.tiering: Any = None
        self._gc_tuned = False  # tune_gc done (at the first evaluation)
        tier = self.settings.tier
        if tier != "0":
            from mettajit.runner.tiering import Tiering  # tier 0 never loads the VM (~90 ms)

            self.tiering = Tiering(self.interp, self.settings, self.stats)

    # -- the program's space and tokens --------------------------------------------------
    def space(self) -> SpaceRef:
        """A reference to the program's space, ``&self``."""
        return space_ref(self.interp.space)

    def tokenizer(self) -> Tokenizer:
        """The tokens read as atoms in this runner's programs."""
        return self._tokenizer

    def working_dir(self) -> str:
        return self.interp.base_dir

    def register_token(self, regexp: str, constr: Callable[[str], Atom]) -> None:
        """Words matching ``regexp`` are read as ``constr(word)``."""
        self._tokenizer.register_token(regexp, constr)

    def register_atom(self, name: str, atom: Atom) -> None:
        """Words matching the regular expression ``name`` are read as ``atom``."""
        self._tokenizer.register_token(name, lambda _: atom)

    def parse_items(self, text: str, filename: str = "<string>") -> list[Item]:
        """A program's items (ParseError if malformed); ``run_items`` applies the tokens."""
        return parse_items(text, filename)

    def parse_all(self, program: str) -> list[Atom]:
        """The atoms of a text (``!`` marks dropped), read with this runner's tokens; the
        name of a built-in operation is read as its grounded atom, as hyperon's tokenizer
        gives it (``parse_single("+").get_grounded_type()``). A program run by ``run``
        keeps them as symbols, which every tier resolves itself."""
        ops = self.interp.registry.ops

        def builtin(atom: Atom) -> Atom | None:
            if type(atom) is Symbol:
                op = ops.get(atom.name)
                if op is not None:
                    return Grounded(op, op.type)
            return None

        tok = self._tokenizer
        return [map_atom(tok.apply(item.atom), builtin) for item in self.parse_items(program)]

    def parse_single(self, program: str) -> Atom:
        """The first atom of a text."""
        return next(iter(self.parse_all(program)))

    def register_operation(
        self,
        name: str,
        fn: Callable[..., Any],
        type_text: str = "(-> %Undefined%)",
        *,
        unwrap: bool = True,
        variadic: bool = True,
        host: Host | None = None,
    ) -> None:
        """A Python callable as the grounded operation ``name``.

        With ``unwrap`` the callable receives and returns plain Python values (numbers,
        strings, bools); otherwise atoms. ``host`` declares the host access it makes
        (``grounded.host``): a sandbox then refuses its calls.
        """
        if unwrap:

            def call(*args: Atom) -> Atom:
                vals = [a.value if type(a) is Grounded else a for a in args]
                r = fn(*vals)
                return r if isinstance(r, Atom) else from_python(r)

        else:
            call = fn
        self.interp.registry.add(
            make_op(name, type_text, call, pure=False, variadic=variadic, host=host)
        )
        self.interp.world.changed()  # a symbol may now name an operation

    # -- running -------------------------------------------------------------------------
    def evaluate_atom(self, atom: Atom, line: int = 0) -> list[Atom]:
        """Every result of one atom, on the configured tier. A runaway recursion is an
        ``(Error atom (StackOverflow N))`` value, never a crash. As in the reference (its
        ``metta`` ends with ``check_alternatives``), error results are dropped when the
        query has any other result: ``(m)`` with rules giving 1 and an Error prints [1]; before
        that, ``Empty`` results are dropped (``!Empty`` prints [])."""
        if not self._gc_tuned:
            self._gc_tuned = True
            tune_gc(self.settings.gc_gen0)
        limits = self.interp.limits
        limits.start()
        memory = False
        try:
            if self.tiering is not None:
                results = self.tiering.evaluate(atom, line)
            else:
                results = self.interp.evaluate(atom)
            return check_alternatives(drop_empty(results))
        except LimitExceeded as e:
            self.stats.count("run.limits")
            memory = e.reason.children[0] is MEMORY_LIMIT  # type: ignore[attr-defined]
            return [error(atom, e.reason)]
        except DepthLimitExceeded as e:
            self.stats.count("run.stack_overflows")
            return [error(atom, E(Symbol("StackOverflow"), Grounded(e.limit, NUMBER)))]
        except (RecursionError, MemoryError) as e:
            self.stats.count("run.stack_overflows")
            return [error(atom, E(Symbol("StackOverflow"), string(type(e).__name__)))]
        finally:
            self.stats.count("run.steps", limits.steps)
            self.stats.count("run.steps.native", limits.native_steps)
            limits.finish()
            if memory:  # (here, the exception and the frames it holds gone)
                give_back_memory()

    def run_items(
        self,
        items: list[Item],
        on_result: Callable[[Item, list[Atom]], None] | None = None,
        *,
        stop_on_error: bool = False,
    ) -> list[list[Atom]]:
        """Add each atom to ``&self`` and evaluate each query, in order. With
        ``stop_on_error`` (hyperon's ``run``) a query with an Error among its results is the
        program's last."""
        out: list[list[Atom]] = []
        interp = self.interp
        for query, run in groupby(items, _QUERY):
            if not query:  # a run of plain atoms: added in one call (a file of facts)
                facts = list(run)
                atoms = list(map(_ATOM, facts))
                if interp.token_rules:
                    atoms = list(map(interp.apply_token_rules, atoms))
                interp.add_atoms(atoms, list(map(_LINE, facts)))
                continue
            for item in run:
                atom = interp.apply_token_rules(item.atom) if interp.token_rules else item.atom
                # the tokens bound so far are replaced as the query is read, as the
                # reference's parser does: (quote tok) is (quote <its atom>)
                atom = interp.resolve_tokens(atom, query=True)
                with self.stats.timer("run.queries"):
                    results = self.evaluate_atom(atom, item.line)
                self.stats.count("run.queries")
                out.append(results)
                if on_result is not None:
                    on_result(item, results)
                if stop_on_error and any(is_error(r) for r in results):
                    return out
        return out

    def run(self, program: str, flat: bool = False, *, filename: str = "<string>") -> Any:
        """Results of every ``!`` query of a program, one list per query (``flat``: one
        list of them all). With ``stop_on_error`` a query with an Error result is the last
        one run. As in hyperon, what precedes a syntax error runs, then the error is raised:
        a ``ProgramParseError``, a RuntimeError with hyperon's message."""
        items, err = parse_prefix(program, filename)
        results = self.run_items(items, stop_on_error=self.stop_on_error)
        if err is not None:
            raise ProgramParseError(err)
        if flat:
            return [a for r in results for a in r]
        return results

    def load_module_at_path(self, path: str, mod_name: str | None = None) -> int:
        """Load the module at a file system path (a ``.metta`` file, a Python extension, or
        a folder), as ``register-module!`` does: its atoms go to a space of its own and its
        queries run there. RuntimeError if it cannot be loaded; returns the module's id."""
        try:
            return self.interp.modules.load_path(path).uid
        except OpError as e:
            raise RuntimeError(format_atom(e.reason)) from None

    def run_file(self, path: str, *, text: str | None = None) -> None:
        """Run a file, printing one line per ``!`` query as soon as it is computed.

        ``text``, when given, is the program already read (stdin for ``mettajit run -``);
        ``path`` then only names it in errors and places it (imports are relative to it).
        """
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        # The program's atoms live as long as the run and make no cycles: freezing them
        # keeps the collections of the run from walking them again (adding the 30,000
        # facts of scripts/bench-load: 0.45 s with the collector walking them, 0.06 s
        # frozen); unfrozen at the end, so a process running many programs keeps none. The
        # collector stays off from reading to freezing: the first collection after reading
        # walked every atom read (2.7 MB of facts: a 50 ms collection of generation 0).
        paused = gc.isenabled()
        gc.disable()
        try:
            items = self.parse_items(text, path)  # the whole file first: syntax errors stop here
            gc.freeze()
        finally:
            if paused:
                gc.enable()
        t0 = time.perf_counter()
        try:
            self.interp.base_dir = os.path.dirname(os.path.abspath(path))
            if self.settings.sandbox:
                self.interp.sandbox = Sandbox.at(self.interp.base_dir)

            def show(item: Item, results: list[Atom]) -> None:
                self.out.write(format_results(results) + "\n")
                self.out.flush()

            self.run_items(items, show)
        finally:
            self.stats.add_time("run.total", time.perf_counter() - t0)
            gc.unfreeze()


def S_(name: str) -> Symbol:
    return Symbol(name)
