"""A finished chunk is immutable, its call plans are its decisions, and the VM's hooks are
installed through ``VM.attach``."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from mettajit.atoms.core import num
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.callplan import Decision
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode
from mettajit.bytecode.vm import VM
from support import function_chunk, interpreter, query_chunk, vm_run


def _fib() -> Chunk:
    interp = interpreter("(: fib (-> Number Number))",
                         "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))")
    return function_chunk(interp, "fib", 1)


def test_a_finished_chunk_cannot_change() -> None:
    chunk = _fib()
    assert chunk.finished and type(chunk.code) is tuple and type(chunk.constants) is tuple
    with pytest.raises(FrozenInstanceError):
        chunk.n_locals = 9
    with pytest.raises(FrozenInstanceError):
        chunk.code = (0,)  # type: ignore[assignment]
    with pytest.raises(TypeError):
        chunk.lines[0] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        chunk.decisions.sites[0] = chunk.decisions.sites[next(iter(chunk.decisions.sites))]  # type: ignore[index]
    chunk.profile.calls += 1  # what the VM counts is apart from the code
    assert chunk.profile.calls == 1


def test_the_call_plans_are_the_chunks_decisions() -> None:
    chunk = _fib()
    sites = chunk.decisions.sites
    calls = [at for at, op, _ in chunk.instructions() if op is Opcode.CALL]
    assert len(calls) == 2
    for at in calls:  # typed calls: checked, with the call as written for the Error
        assert sites[at].decision is Decision.CHECK
        assert sites[at].written is not None
        assert str(sites[at].written.atom).startswith("(fib (- $n")
    assert chunk.decisions.number_params
    query = query_chunk(interpreter(), "(foo 1)")
    (site,) = query.decisions.sites.values()
    assert site.decision is Decision.PLAIN and site.written is None
    assert not query.decisions.number_params


def test_the_vm_hooks_are_attached_and_detached() -> None:
    interp = interpreter("(= (twice $x) (* 2 $x))")
    vm = VM(interp)
    asked: list[object] = []
    hot: list[Chunk] = []
    key = (parse_atom("twice"), 2)
    code = function_chunk(interp, "twice", 1)

    def resolve(k: object) -> Chunk | None:
        asked.append(k)
        return code

    vm.attach(resolve, hot.append)
    code.profile.budget = 2
    query = query_chunk(interp, "(twice 21)")
    assert vm_run(query, vm=vm).atoms == [num(42)] and asked == [key]
    vm.install(key, code)
    vm_run(query, vm=vm)
    assert hot == [code]
    vm.detach()
    vm.uninstall_all()
    assert vm_run(query, vm=vm).atoms == [num(42)]  # tier 0 makes the call: nothing asked
    assert asked == [key]
