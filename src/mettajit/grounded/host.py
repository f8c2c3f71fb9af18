"""Host access: what an operation that touches the machine declares, and the sandbox's check.

An operation that reaches outside the program (reads or writes files, runs Python, reads the
environment) says so once, where it is defined: ``make_op(..., host=Host.PYTHON)`` (or
``@builtin(..., host=...)``). Under ``--sandbox`` (``Settings(sandbox=True)``) every call of
such an operation, on every tier, goes through :func:`require` before it runs
(``interpreter.machine.invoke`` asks for the declared kind), and a refusal is the call's
Error value, in the reference's shape ``(Error <call> <reason>)``::

    (Error (import! ModuleSpace(GroundingSpace-top) "/etc/passwd")
           (SandboxRefused import! "read /etc/passwd"))

Reading files is the one kind a sandbox allows in part: files inside the program's folder
(``Sandbox.root``, symbolic links resolved) may be read, so ``import!`` of a sibling module
works. Such an operation is declared ``Host.READ`` (which ``invoke`` lets through) and asks
for each path it opens with ``require(sandbox, name, Host.READ, path)``. Every other kind is
refused outright. Without a sandbox nothing is checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum

from mettajit.atoms.core import E, Symbol, string
from mettajit.grounded.registry import OpError

SANDBOX_REFUSED = Symbol("SandboxRefused")


class Host(Enum):
    """The kinds of host access an operation may declare (the value names it in errors)."""

    READ = "read"  # read a file: allowed inside the program's folder, per path
    WRITE = "write"  # create or change a file
    PYTHON = "python"  # import or run Python code (py-atom, Python extensions)
    ENV = "environment"  # read or change environment variables
    PROCESS = "process"  # run programs, open network connections


@dataclass(frozen=True, slots=True)
class Sandbox:
    """What a sandboxed program may touch: files under ``root`` (read only), nothing else."""

    root: str  # absolute, symbolic links resolved

    @staticmethod
    def at(folder: str) -> Sandbox:
        return Sandbox(os.path.realpath(folder))

    def may_read(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def require(sandbox: Sandbox | None, operation: str, kind: Host, path: str | None = None) -> None:
    """Raise the sandbox's refusal (an ``OpError``) unless ``operation`` may do ``kind``
    (on ``path``); no sandbox allows everything. The one place the policy is decided."""
    if sandbox is None:
        return
    if kind is Host.READ and path is not None and sandbox.may_read(path):
        return
    what = kind.value if path is None else f"{kind.value} {os.path.abspath(path)}"
    raise OpError(E(SANDBOX_REFUSED, Symbol(operation), string(what)))

