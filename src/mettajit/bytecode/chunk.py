"""A chunk: one compiled unit (a ``!`` expression or all rules of one head and arity).

``code`` is a flat list of ints: an opcode followed by its operands, as laid out in
``opcodes.OPCODES``. ``lines`` holds, for each code offset that starts an instruction,
the source line it came from. Pools: ``constants`` (atoms, including integers too large
for ``PUSH_LONG_SMALL``), ``ops`` (grounded operations), ``funcs`` (callee function keys),
``patterns`` (``Pattern``: a pattern atom whose variables live in local slots; the
matching instructions ``MATCH_HEAD``, ``UNIFY``, ``MATCH`` and ``PUSH_TEMPLATE`` use them).

A chunk is built (``emit``, ``add_constant``...), then finished (``finish``: the compiler's
last step, after its passes): from then on it is immutable. Its code is a tuple, its pools
are tuples, its maps are read-only, and setting an attribute raises. What the passes
decided about it apart from its code is its ``Decisions`` (the call plan of each call site,
whether native code may enter it with integers only); what the VM counts as it runs it is
its ``Profile``, the one mutable part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import Atom, Expression, Grounded, Symbol, Variable
from mettajit.bytecode.opcodes import OPCODES, Opcode
from mettajit.space.unify import Bindings, match_ground, substitute, unify

if TYPE_CHECKING:
    from mettajit.bytecode.callplan import CallPlan


@dataclass(eq=False, slots=True)
class Pattern:
    """A pattern atom and where its variables live.

    ``slots`` maps each variable to its local slot. ``bound`` are the slots that already
    hold a value when the pattern is used (they are substituted, or checked when matching);
    the others are free and get bound by a successful match. ``args`` (for ``MATCH_HEAD``)
    are the argument slots the elements of ``atom`` are matched against, in order.
    """

    atom: Atom
    slots: dict[Variable, int]
    bound: frozenset[int]
    args: tuple[int, ...] = ()
    # MATCH_HEAD's fast plan, when every argument pattern is a constant or a flat
    # constructor of constants and first occurrences of variables (e.g. ``Nil``,
    # ``(Cons $h $t)``): per argument (slot, constant, None) or (slot, length, children)
    # with children (is_variable, slot or constant)
    plan: list[tuple[int, Any, Any]] | None = field(default=None, init=False)
    # the VM's inline form of MATCH_HEAD for one checked argument that is a symbol
    # (``Nil``: (slot, 0, symbol, 0)) or a flat constructor with a symbol head and fresh
    # variables in consecutive slots (``(Cons $h $t)``: (slot, 3, Cons, first slot))
    unpack: tuple[int, int, Any, int] | None = field(default=None, init=False)
    # MATCH's plan for the index (``slowpaths.flat_plan``), made at its first run: False
    # when the pattern is not flat, else (head, per argument (kind, constant or slot))
    query: Any = field(default=None, init=False)
    # ``instantiate``'s plan, made at its first run: False, else (the slots the atom's
    # variables live in, a function building the atom from the locals when each of them
    # holds a ground value: ``_template_builder``)
    build: Any = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.args:
            self.plan = self._flat_plan()
            if len(self.args) == 1:
                self.unpack = self._unpack()

    def _unpack(self) -> tuple[int, int, Any, int] | None:
        (p,) = self.atom.children  # type: ignore[attr-defined]
        slot = self.args[0]
        if type(p) is Symbol:
            return (slot, 0, p, 0)
        if type(p) is not Expression or len(p.children) < 2 or type(p.children[0]) is not Symbol:
            return None
        kids = p.children[1:]
        if len(set(kids)) != len(kids) or not all(
            type(c) is Variable and self.slots[c] not in self.bound for c in kids
        ):
            return None
        first = self.slots[kids[0]]  # type: ignore[index]
        if [self.slots[c] for c in kids] != list(range(first, first + len(kids))):  # type: ignore[index]
            return None
        return (slot, len(p.children), p.children[0], first)

    def _flat_plan(self) -> list[tuple[int, Any, Any]] | None:
        plan: list[tuple[int, Any, Any]] = []
        seen: set[Variable] = set()
        for j, p in zip(self.args, self.atom.children, strict=True):  # type: ignore[attr-defined]
            if p.is_ground():
                plan.append((j, p, None))
                continue
            if type(p) is not Expression:
                return None
            kids: list[tuple[bool, Any]] = []
            for c in p.children:
                if type(c) is Variable:
                    slot = self.slots[c]
                    if c in seen or slot in self.bound:
                        return None
                    seen.add(c)
                    kids.append((True, slot))
                elif c.is_ground():
                    kids.append((False, c))
                else:
                    return None
            plan.append((j, len(p.children), kids))
        return plan

    def instantiate(self, locals_: list[Atom | None]) -> Atom:
        """The atom with every bound (or already assigned) variable replaced by its value."""
        plan = self.build
        if plan is None:
            plan = self.build = _template_builder(self)
        if plan is not False:
            slots, make = plan
            for s in slots:
                v = locals_[s]
                t = type(v)
                if not (t is Grounded or t is Symbol or (t is Expression and v.is_ground())):
                    break
            else:
                return make(locals_)  # type: ignore[no-any-return]
        b: Bindings = {}
        for var, slot in self.slots.items():
            val = locals_[slot]
            if val is not None:
                b[var] = val
        return substitute(self.atom, b) if b else self.atom

    def bind(self, value: Atom, locals_: list[Atom | None]) -> bool:
        """Match ``value`` against the pattern; on success write the free slots."""
        b: Bindings = {}
        for var, slot in self.slots.items():
            if slot in self.bound:
                val = locals_[slot]
                if val is not None:
                    b[var] = val
        if value.is_ground() and all(v.is_ground() for v in b.values()):
            if not match_ground(self.atom, value, b):
                return False
        else:
            got = unify(self.atom, value, b)
            if got is None:
                return False
            b = {k: substitute(v, got) for k, v in got.items()}
        for var, slot in self.slots.items():
            if slot not in self.bound:
                val = b.get(var)
                locals_[slot] = var if val is None else val
        return True

    def bind_args(self, locals_: list[Any]) -> bool:
        """``MATCH_HEAD``: match the argument slots against the head's argument patterns."""
        plan = self.plan
        if plan is not None:
            # the fast plan, on ground values (what match_ground would do, step for step)
            writes: list[tuple[int, Atom]] = []
            for j, x, kids in plan:
                v = locals_[j]
                if kids is None:
                    if v is not x:
                        if not v.is_ground():
                            break
                        if v != x:
                            return False
                    continue
                if type(v) is not Expression or len(v.children) != x:
                    if type(v) is Variable:
                        break
                    return False
                if not v.is_ground():
                    break
                for (is_var, d), c in zip(kids, v.children, strict=True):
                    if is_var:
                        writes.append((d, c))
                    elif c is not d and c != d:
                        return False
            else:
                for slot, c in writes:
                    locals_[slot] = c
                return True
        value = Expression(tuple(locals_[i] for i in self.args))
        return self.bind(value, locals_)


def _ground_expression(children: tuple[Atom, ...]) -> Expression:
    e = Expression(children)
    e._ground = True
    return e


_BUILD_DEPTH = 40  # deeper templates take the general way (Python's parser nests calls)


def _template_builder(pat: Pattern) -> Any:
    """``Pattern.build``: for a template that has variables, each in a slot, a function of
    the locals that makes exactly what ``substitute`` makes when every one of those slots
    holds a ground value (the template's ground parts kept as they are, the new nodes
    marked ground); False for any other template."""
    atom = pat.atom
    if type(atom) is not Expression or atom.is_ground():
        return False
    consts: list[Atom] = []
    slots: list[int] = []

    def gen(a: Atom, depth: int) -> str | None:
        if type(a) is Variable:
            slot = pat.slots.get(a)
            if slot is None:
                return None
            if slot not in slots:
                slots.append(slot)
            return f"L[{slot}]"
        if type(a) is Expression and not a.is_ground():
            if depth > _BUILD_DEPTH:
                return None
            parts = [gen(c, depth + 1) for c in a.children]
            if any(p is None for p in parts):
                return None
            return f"_g(({', '.join(parts)},))"  # type: ignore[arg-type]
        consts.append(a)
        return f"k{len(consts) - 1}"

    text = gen(atom, 0)
    if text is None:
        return False
    namespace: dict[str, Any] = {"_g": _ground_expression}
    namespace.update((f"k{i}", c) for i, c in enumerate(consts))
    return tuple(slots), eval(f"lambda L: {text}", namespace)


@dataclass(eq=False, slots=True)
class Profile:
    """The mutable side of a chunk: what the VM counts and learns while running it."""

    calls: int = 0  # entries into the chunk from the VM (tier 1 executions)
    budget: int = -1  # entries left before the VM reports the chunk hot (-1: never)
    # the function of the VM's lean path for a chunk ending in RETURN_LEAN
    # (``lean.lean_code``), made on its second run; None until then
    lean: Callable[[list[Atom] | tuple[Atom, ...]], list[Atom] | None] | None = None
    # the lean form of each COLLECT the VM has run (``leanjoin.plan``), None where it has
    # none, by the COLLECT's offset
    joins: dict[int, Any] | None = None


_NO_SITES: Mapping[int, CallPlan] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Decisions:
    """What the passes decided about a chunk, apart from its code.

    ``sites``: the call plan (``callplan.CallPlan``) of each call site, by the offset of
    its instruction: how the compiler made the call and the expression as written that
    the slow paths show in an Error. ``number_params``: a typed unit whose parameters and
    return type are all Number, that native code may run with numbers
    (``callplan.number_typed``, decided when it is compiled): its native code enters only
    with an integer in each parameter and bails out otherwise (tier 1 then does tier 0's
    checks)."""

    sites: Mapping[int, CallPlan] = field(default_factory=lambda: _NO_SITES)
    number_params: bool = False


_UNDECIDED = Decisions()


@dataclass(eq=False, slots=True)
class Chunk:
    """A unit of bytecode. Identity (not content) is its key in code caches."""

    name: str
    arity: int = 0  # number of argument locals, in slots 0..arity-1
    code: list[int] = field(default_factory=list)  # (a tuple once finished)
    constants: list[Atom] = field(default_factory=list)
    ops: list[Any] = field(default_factory=list)  # grounded Op entries
    funcs: list[Any] = field(default_factory=list)  # callee keys (head symbol, arity)
    patterns: list[Pattern] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)
    # offset of a NOP that checks an argument for an Error -> (values of the call on the
    # stack, this one included; the offset after the call instruction): on an Error the
    # VM drops those values, pushes the Error and continues there (``compiler.args``)
    err_exits: dict[int, tuple[int, int]] = field(default_factory=dict)
    n_locals: int = 0
    # (slot, variable) of each rule variable no form binds that the code writes as data:
    # every call stores a fresh variable in the slot (``fresh_locals``), as tier 0 renames
    # a rule's variables at each application
    fresh: tuple[tuple[int, Variable], ...] = ()
    max_stack: int = 0
    source: Atom | None = None  # what it was compiled from, for dumps
    decisions: Decisions = _UNDECIDED
    const_index: dict[int, int] = field(default_factory=dict, repr=False)  # add_constant's
    # what the VM learns of the chunk as it runs it (the chunk itself does not change)
    profile: Profile = field(default_factory=lambda: Profile(), repr=False)
    finished: bool = field(default=False, repr=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "finished", False):
            raise FrozenInstanceError(f"chunk {self.name} is finished: cannot set {name}")
        object.__setattr__(self, name, value)

    def finish(
        self, sites: Mapping[int, CallPlan] | None = None, number_params: bool = False
    ) -> Chunk:
        """Make the chunk immutable, with the passes' ``Decisions``; returns it."""
        self.code = tuple(self.code)  # type: ignore[assignment]
        self.constants = tuple(self.constants)  # type: ignore[assignment]
        self.ops = tuple(self.ops)  # type: ignore[assignment]
        self.funcs = tuple(self.funcs)  # type: ignore[assignment]
        self.patterns = tuple(self.patterns)  # type: ignore[assignment]
        self.lines = MappingProxyType(self.lines)  # type: ignore[assignment]
        self.err_exits = MappingProxyType(self.err_exits)  # type: ignore[assignment]
        if sites or number_params:
            self.decisions = Decisions(MappingProxyType(dict(sites or {})), number_params)
        self.const_index = {}
        self.finished = True
        return self
    def emit(self, op: Opcode, *operands: int, line: int = 0) -> int:
        """Append one instruction; returns its offset."""
        info = OPCODES[op]
        assert len(operands) == len(info.operands), f"{op.name} takes {info.operands}"
        at = len(self.code)
        self.code.append(int(op))
        self.code.extend(operands)
        if line:
            self.lines[at] = line
        return at

    def add_constant(self, atom: Atom) -> int:
        """Pool index of ``atom``, adding it once (by identity; an index by ``id``, since
        a deep chain adds thousands: the pool holds the atoms, so their ids stay valid)."""
        got = self.const_index.get(id(atom))
        if got is not None and got < len(self.constants) and self.constants[got] is atom:
            return got
        self.constants.append(atom)
        self.const_index[id(atom)] = len(self.constants) - 1
        return len(self.constants) - 1

    def add_pattern(self, pattern: Pattern) -> int:
        self.patterns.append(pattern)
        return len(self.patterns) - 1

    def add_func(self, key: Any) -> int:
        """Index of a callee key in ``funcs``, adding it once."""
        for i, k in enumerate(self.funcs):
            if k == key:
                return i
        self.funcs.append(key)
        return len(self.funcs) - 1

    def add_op(self, op: Any) -> int:
        """Index of a grounded operation in ``ops``, adding it once."""
        for i, o in enumerate(self.ops):
            if o is op:
                return i
        self.ops.append(op)
        return len(self.ops) - 1

    def patch_jump(self, at: int, target: int | None = None, which: int = 0) -> None:
        """Point jump operand number ``which`` of the instruction at ``at`` to ``target``
        (default: the current end of the code)."""
        info = OPCODES[Opcode(self.code[at])]
        idx = [i for i, k in enumerate(info.operands) if k == "jump"][which]
        self.code[at + 1 + idx] = len(self.code) if target is None else target

    def instructions(self) -> list[tuple[int, Opcode, tuple[int, ...]]]:
        """(offset, opcode, operands) for every instruction, in order."""
        out = []
        i, code = 0, self.code
        while i < len(code):
            op = Opcode(code[i])
            n = len(OPCODES[op].operands)
            out.append((i, op, tuple(code[i + 1 : i + 1 + n])))
            i += 1 + n
        return out
