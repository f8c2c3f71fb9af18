"""Modules as in hyperon 0.2.10: names, loading, and the operations on them.

A module has a name path from the program's module ``top`` (``top:sub:inner``), a space,
a resource folder, and tokens (the operations and values it registers). It is loaded
once; ``(import! &self name)`` then adds its atoms to ``&self`` (each atom once) and its
tokens to the program's; ``(import! &m name)`` binds ``&m`` to its space.

A name is looked up, one component at a time (``:`` separates them, ``self:`` starts at
the module being loaded, ``top:`` at the program), in the modules already loaded, the
built-in modules (``random``, ``fileio``, ``json``: ``grounded.builtin_mods``), the folder
of the module being loaded and the program's folder, and for Python modules the extensions
that ship with mettajit (``mettajit/exts``) and the ``site-packages`` folders. In a folder,
``name`` is ``name.metta``, then a Python module ``name.py`` or package
``name/__init__.py``, then a folder ``name/`` (a module whose code, if any, is
``name/module.metta``, and whose sub-modules are the folder's entries). A module's space
prints as hyperon's does, ``ModuleSpace(GroundingSpace-top:name)``.

A Python module is an extension: its functions marked by ``mettajit.ext``'s
``@register_atoms``/``@register_tokens``/``@grounded`` (an attribute ``metta_type``, as
hyperon's decorators set) give the module's tokens; a ``register_atoms`` key without
regular-expression syntax is a plain token, any other key is a pattern matched against each
later symbol of the program (``Interpreter.apply_token_rules``).

Also here: ``include`` (a module's code run in the current space), ``mod-space!``,
``print-mods!``, ``register-module!``, ``load-ascii`` and ``git-module!`` (an error: we
fetch nothing over the network).
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import site
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import SPACE_TYPE, UNIT, Atom, Grounded, Symbol, string
from mettajit.atoms.reader import ParseError, parse_items
from mettajit.grounded.builtin_mods import BUILTIN_MODULES
from mettajit.grounded.host import Host, require
from mettajit.grounded.registry import NotReducible, OpError, builtin
from mettajit.space import Space

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

TokenRule = tuple["re.Pattern[str]", Callable[[str], Atom]]

_ids = itertools.count()
# the extensions that ship with mettajit (mettajit/exts), found by name as hyperon's exts
_EXTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "exts")
_REGEX_CHARS = frozenset("\\.^$*+?{}[]|()")


class ModuleSpace(Space):
    """A module's space, printed as hyperon prints it: ``ModuleSpace(GroundingSpace-top:a)``."""

    def metta_repr(self) -> str:
        return f"ModuleSpace(GroundingSpace-{self.name})"


class Module:
    """One loaded module."""

    def __init__(self, name: str, space: Space, resource_dir: str | None) -> None:
        self.name = name  # full name path, "top:sub:inner"
        self.space = space
        self.resource_dir = resource_dir  # folder of its sub-modules (None: it has none)
        self.tokens: dict[str, Atom] = {}
        self.rules: list[TokenRule] = []
        self.children: dict[str, Module] = {}
        self.uid = next(_ids)


class ModuleTable:
    """The modules of one interpreter, from ``top`` (the program) down."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self.top = Module("top", interp.space, None)
        self.loading: list[tuple[Module, str]] = []  # (module, its folder) being loaded
        self.by_path: dict[str, Module] = {}
        self.imported: dict[int, set[int]] = {}  # space uid -> ids of its imported atoms
        self.op = "import!"  # the operation loading, named in a sandbox's refusals

    # -- where we are --------------------------------------------------------------------
    @property
    def current(self) -> Module:
        return self.loading[-1][0] if self.loading else self.top

    def program_dir(self) -> str:
        return self.loading[0][1] if self.loading else self.interp.base_dir

    # -- resolving names -----------------------------------------------------------------
    def load(self, name_path: str) -> Module:
        """The module ``name_path`` names, loaded if it was not."""
        parts = name_path.split(":")
        mod: Module | None
        if parts[0] == "top":
            mod, parts, shown = self.top, parts[1:], name_path
        elif parts[0] == "self":
            mod, parts = self.current, parts[1:]
            shown = self.current.name + ":" + ":".join(parts)
        else:
            mod, shown = None, self.current.name + ":" + name_path
        for p in parts:
            if not p:
                raise OpError(f"Illegal module name: {name_path}")
            mod = self._first(p) if mod is None else self._child(mod, p)
            if mod is None:
                raise OpError(f"Failed to resolve module {shown}")
        if mod is None:
            raise OpError(f"Failed to resolve module {shown}")
        return mod

    def _first(self, name: str) -> Module | None:
        cur = self.current
        if name in cur.children:
            return cur.children[name]
        here = self.interp.base_dir
        found = _locate(here, name, self.check)
        if found is not None:
            return self._load_found(cur, name, *found)
        if name in self.top.children:
            return self.top.children[name]
        if name in BUILTIN_MODULES:
            return self._load_builtin(name)
        sites = [] if self.interp.sandbox is not None else [_EXTS, *_site_dirs()]  # Python
        for d in [self.program_dir(), *sites]:
            found = _locate(d, name, self.check)
            if found is not None:
                return self._load_found(self.top, name, *found)
        return None

    def _child(self, parent: Module, name: str) -> Module | None:
        if name in parent.children:
            return parent.children[name]
        if parent.resource_dir is None:
            return None
        found = _locate(parent.resource_dir, name, self.check)
        return None if found is None else self._load_found(parent, name, *found)

    def check(self, path: str) -> None:
        """The sandbox's permission to read ``path`` (an OpError if refused)."""
        require(self.interp.sandbox, self.op, Host.READ, path)

    # -- loading -------------------------------------------------------------------------
    def load_path(self, path: str) -> Module:
        """``register-module!``: the module at a file system path, a child of ``top``."""
        path = os.path.abspath(os.path.join(self.interp.base_dir, path))
        base = os.path.basename(path.rstrip(os.sep))
        name = os.path.splitext(base)[0]
        found = _locate(os.path.dirname(path), base, self.check)
        if found is None:
            raise OpError(f"Failed to load module at path {path}")
        return self._load_found(self.top, name, *found)

    def _load_found(self, parent: Module, name: str, kind: str, path: str) -> Module:
        mod = self.by_path.get(path)
        if mod is not None:
            parent.children.setdefault(name, mod)
            return mod
        self.check(path)
        if kind == "py":
            require(self.interp.sandbox, self.op, Host.PYTHON)
        full = f"{parent.name}:{name}"
        if kind == "dir":
            mod = Module(full, ModuleSpace(full), path)
            code: str | None = os.path.join(path, "module.metta")
            if not os.path.isfile(code):  # type: ignore[arg-type]
                code = None
        elif kind == "py":
            folder = os.path.dirname(path)
            mod = Module(full, ModuleSpace(full), folder if path.endswith("__init__.py") else None)
            code = None
        else:
            mod = Module(full, ModuleSpace(full), os.path.dirname(path))
            code = path
        self.by_path[path] = parent.children[name] = mod
        if kind == "py":
            self._run_in(mod, os.path.dirname(path),
                         lambda: _load_python(self.interp, mod, name, path))
        elif code is not None:
            src = code
            self._run_in(mod, os.path.dirname(code), lambda: run_file(self.interp, src, mod.space))
        return mod

    def _load_builtin(self, name: str) -> Module:
        b = BUILTIN_MODULES[name]
        mod = Module(f"top:{name}", ModuleSpace(f"top:{name}"), None)
        self.top.children[name] = mod
        mod.tokens.update(b.tokens())
        self._run_in(mod, self.program_dir(),
                     lambda: run_source(self.interp, b.source, f"<{name}>", mod.space))
        return mod

    def _run_in(self, mod: Module, folder: str, body: Callable[[], object]) -> None:
        """Run ``body`` as module ``mod``'s loading: ``&self`` is its space and its tokens
        are in force; the tokens bound meanwhile (``bind!``, its imports) are the module's,
        which an import gives to the importer (as hyperon's module tokenizers)."""
        interp = self.interp
        saved_tokens, saved_space, saved_dir = interp.tokens, interp.space, interp.base_dir
        saved_rules = interp.token_rules
        interp.tokens = {**saved_tokens, **mod.tokens, "&self": Grounded(mod.space, SPACE_TYPE)}
        interp.token_rules = [*saved_rules, *mod.rules]
        interp.set_space(mod.space)
        self.loading.append((mod, folder))
        interp.base_dir = folder
        try:
            body()
        finally:
            self.loading.pop()
            interp.base_dir = saved_dir
            for k, v in interp.tokens.items():  # bound while loading: the module's own
                if k != "&self" and saved_tokens.get(k) is not v:
                    mod.tokens[k] = v
            mod.rules.extend(r for r in interp.token_rules[len(saved_rules):]
                             if r not in mod.rules)
            interp.tokens, interp.token_rules = saved_tokens, saved_rules
            interp.set_space(saved_space)

    # -- importing -----------------------------------------------------------------------
    def import_into(self, space: Space, mod: Module) -> None:
        """Add the module's atoms to ``space`` (each atom once, however many modules bring
        it) and its tokens to the program's."""
        have = self.imported.setdefault(space.uid, set())
        if not have:
            have.update(id(a) for a in space.atoms())
        for a in mod.space.atoms():
            if id(a) not in have:
                have.add(id(a))
                space.add(a, imported=True)
        interp = self.interp
        if mod.tokens or mod.rules:
            interp.tokens.update(mod.tokens)
            interp.token_rules.extend(r for r in mod.rules if r not in interp.token_rules)
            interp.world.changed()

    def tree(self) -> list[str]:
        """``print-mods!``'s lines: each module with its number, children indented."""
        lines = [f"top = {self.top.uid}"]

        def walk(m: Module, prefix: str) -> None:
            kids = list(m.children.items())
            for i, (name, child) in enumerate(kids):
                last = i == len(kids) - 1
                lines.append(f"{prefix} {'└' if last else '├'}─{name} = {child.uid}")
                walk(child, prefix + ("   " if last else " │ "))

        walk(self.top, "")
        return lines


def _site_dirs() -> list[str]:
    dirs = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
    user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    return [*dirs, user] if isinstance(user, str) else dirs


def _locate(folder: str, name: str, check: Callable[[str], None] | None = None
            ) -> tuple[str, str] | None:
    """How module ``name`` is stored in ``folder``: ("metta"|"py"|"dir", absolute path).
    ``check``: the sandbox's, asked before anything is looked at."""
    base = os.path.abspath(os.path.join(folder, name))
    if check is not None:
        check(base)
    if name.endswith(".metta") and os.path.isfile(base):
        return "metta", base
    if name.endswith(".py") and os.path.isfile(base):
        return "py", base
    if os.path.isfile(base + ".metta"):
        return "metta", base + ".metta"
    if os.path.isfile(base + ".py"):
        return "py", base + ".py"
    if os.path.isfile(os.path.join(base, "__init__.py")):
        return "py", os.path.join(base, "__init__.py")
    if os.path.isdir(base):
        return "dir", base
    return None


# -- running MeTTa code and Python extensions ----------------------------------------------
def run_source(interp: Interpreter, text: str, filename: str, space: Space) -> list[list[Atom]]:
    """Add a program's atoms to ``space`` and run its queries; their results, in order."""
    try:
        items = parse_items(text, filename)
    except ParseError as e:
        raise OpError(string(str(e))) from None
    results: list[list[Atom]] = []
    for item in items:
        atom = interp.apply_token_rules(item.atom)
        if item.query:  # the tokens bound so far are replaced as it is read
            results.append(interp.evaluate(interp.resolve_tokens(atom, query=True)))
        else:
            space.add(interp.resolve_tokens(atom))
    return results


def run_file(interp: Interpreter, path: str, space: Space) -> list[list[Atom]]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    saved = interp.base_dir
    interp.base_dir = os.path.dirname(os.path.abspath(path))
    try:
        return run_source(interp, text, path, space)
    finally:
        interp.base_dir = saved


def _literal(key: str) -> bool:
    return not any(c in _REGEX_CHARS for c in key)


def _load_python(interp: Interpreter, mod: Module, name: str, path: str) -> None:
    """Execute a Python extension and register the tokens its marked functions give."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise OpError(f"Failed to load Python module {path}")
    pymod = importlib.util.module_from_spec(spec)
    sys.modules[name] = pymod
    _alias_hyperon()
    try:
        spec.loader.exec_module(pymod)
    except Exception as e:
        raise OpError(f"Python error loading MeTTa module '{name}'. {e!r}") from None
    register_python_tokens(interp, mod, pymod)


# hyperon's modules that an extension written for it imports, and ours of the same API
_HYPERON_MODULES = ("", ".atoms", ".base", ".ext", ".stdlib")


def _alias_hyperon() -> None:
    """An extension written for hyperon imports ``hyperon`` (``from hyperon.ext import *``).
    Where hyperon itself is not installed, its names are ours: ``hyperon`` and its API
    modules are entered in ``sys.modules`` as ``mettajit``'s, so such an extension loads
    unchanged. An installed hyperon is left alone."""
    if "hyperon" in sys.modules or importlib.util.find_spec("hyperon") is not None:
        return
    for suffix in _HYPERON_MODULES:
        sys.modules["hyperon" + suffix] = importlib.import_module("mettajit" + suffix)


def register_python_tokens(interp: Interpreter, mod: Module, pymod: Any) -> None:
    """The tokens of a Python module's ``@register_atoms``/``@register_tokens`` functions,
    added to ``mod`` (hyperon's ``_priv_register_module_tokens``)."""
    for attr in dir(pymod):
        fn = getattr(pymod, attr)
        kind = getattr(fn, "metta_type", None)
        if kind is None or not callable(fn):
            continue
        kind = getattr(kind, "name", kind)
        items = fn(interp.runner) if getattr(fn, "metta_pass_metta", False) else fn()
        for key, value in dict(items).items():
            # a plain name is a token, but one naming a built-in must replace it as the
            # program is read, since built-ins are found before tokens
            shadows = key in interp.registry or Symbol(key) in interp.forms
            if kind == "ATOM" and _literal(key) and not shadows:
                mod.tokens[key] = value
            elif kind == "ATOM":
                mod.rules.append((re.compile(key), _constant(value)))
            else:
                mod.rules.append((re.compile(key), value))


def _constant(atom: Atom) -> Callable[[str], Atom]:
    return lambda _token: atom


# -- the operations ------------------------------------------------------------------------
def _name_of(a: Atom, what: str) -> str:
    if type(a) is Symbol:
        return a.name
    if type(a) is Grounded and a.kind is str:
        return a.value  # type: ignore[no-any-return]
    raise OpError(what)


def _is_path(name: str) -> bool:
    return os.sep in name or "/" in name or name.endswith(".metta")


def _module(interp: Interpreter, name: str, op: str) -> Module:
    table = interp.modules
    table.op = op
    if _is_path(name):
        return table.load_path(name)
    return table.load(name)


@builtin("import!", "(-> Atom Atom (->))", host=Host.READ, pure=False, needs_runtime=True)
def op_import(interp: Interpreter, target: Atom, name: Atom) -> Atom:
    mod = _module(interp, _name_of(
        name, "import! expects a destination &space and a module name argument"), "import!")
    if type(target) is Symbol and target.name in interp.tokens:
        target = interp.tokens[target.name]  # the target is not evaluated
    if type(target) is Grounded and isinstance(target.value, Space):
        interp.modules.import_into(target.value, mod)
    elif type(target) is Symbol:
        interp.tokens[target.name] = Grounded(mod.space, SPACE_TYPE)
        interp.world.changed()
    else:
        raise NotReducible
    return UNIT


@builtin("include", "(-> Atom %Undefined%)", multi=True, host=Host.READ, pure=False,
         needs_runtime=True)
def op_include(interp: Interpreter, name: Atom) -> list[Atom]:
    """A module's code run in the current space; the results of its last query."""
    text = _name_of(name, "include expects a module name argument")
    path = _source_of(interp, text)
    results = run_file(interp, path, interp.space)
    return results[-1] if results else []


def _source_of(interp: Interpreter, name: str) -> str:
    table = interp.modules
    parts = name.split(":")
    folder = interp.base_dir
    table.op = "include"
    check = table.check
    for i, p in enumerate(parts):
        found = _locate(folder, p, check) or (
            _locate(table.program_dir(), p, check) if i == 0 else None)
        if found is None:
            break
        kind, path = found
        if i == len(parts) - 1:
            if kind == "metta":
                return path
            if kind == "dir" and os.path.isfile(os.path.join(path, "module.metta")):
                return os.path.join(path, "module.metta")
            break
        if kind != "dir":
            break
        folder = path
    raise OpError(f"Failed to resolve module {table.current.name}:{name}")


@builtin("mod-space!", "(-> Atom SpaceType)", host=Host.READ, pure=False, needs_runtime=True)
def op_mod_space(interp: Interpreter, name: Atom) -> Atom:
    mod = _module(interp, _name_of(name, "mod-space! expects a module name argument"),
                  "mod-space!")
    return Grounded(mod.space, SPACE_TYPE)


@builtin("print-mods!", "(-> (->))", pure=False, needs_runtime=True)
def op_print_mods(interp: Interpreter) -> Atom:
    for line in interp.modules.tree():
        interp.out.write(line + "\n")
    interp.out.flush()
    return UNIT


@builtin("register-module!", "(-> Atom (->))", host=Host.READ, pure=False, needs_runtime=True)
def op_register_module(interp: Interpreter, path: Atom) -> Atom:
    interp.modules.op = "register-module!"
    interp.modules.load_path(
        _name_of(path, "register-module! expects a file system path; use quotes if needed"))
    return UNIT


@builtin("git-module!", "(-> Atom (->))", host=Host.PROCESS, pure=False, needs_runtime=True)
def op_git_module(interp: Interpreter, url: Atom) -> Atom:
    raise OpError(string(
        "git-module! is not supported: mettajit fetches nothing over the network; clone the "
        "repository and use register-module! or import! on its folder"))


@builtin("load-ascii", "(-> SpaceType Atom (->))", host=Host.READ, pure=False, needs_runtime=True)
def op_load_ascii(interp: Interpreter, space: Atom, name: Atom) -> Atom:
    """Add the atoms of a file to a space without running anything (a ``!`` is a symbol)."""
    if type(space) is not Grounded or not isinstance(space.value, Space):
        raise NotReducible
    text = _name_of(name, "load-ascii expects a file name")
    path = text if os.path.isfile(text) else os.path.join(interp.base_dir, text)
    require(interp.sandbox, "load-ascii", Host.READ, path)
    try:
        with open(path, encoding="utf-8") as f:
            items = parse_items(f.read(), path)
    except OSError:
        raise OpError(string("RuntimeError: load_ascii: file not found")) from None
    except ParseError as e:
        raise OpError(string(str(e))) from None
    for item in items:
        if item.query:
            space.value.add(Symbol("!"))
        space.value.add(item.atom)
    return UNIT
