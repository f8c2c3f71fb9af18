"""hyperon's runner API: MeTTa's methods, tokens, Environment, RunnerState, interpret and
the type queries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mettajit import (
    Atoms,
    AtomType,
    E,
    Environment,
    G,
    GroundingSpaceRef,
    IncorrectArgumentError,
    MeTTa,
    NoReduceError,
    OperationAtom,
    OperationObject,
    RunnerState,
    S,
    SExprParser,
    SyntaxNodeType,
    Tokenizer,
    V,
    ValueAtom,
    check_type,
    get_atom_types,
    interpret,
    validate_atom,
)
from support import DEFAULT_TIER, EAGER, run, runner


def test_run_flat_and_space_method() -> None:
    m = MeTTa(env_builder=Environment.test_env())
    assert m.run("!(+ 1 2) !(superpose (a b))", flat=True) == [ValueAtom(3), S("a"), S("b")]
    assert m.run("!(+ 1 2)", True) == [ValueAtom(3)]
    m.space().add_atom(E(S("fact"), S("x")))
    assert m.run("!(match &self (fact $v) $v)") == [[S("x")]]
    assert repr(m.run("!(+ 1 1)")) == "[[2]]"


def test_a_syntax_error_is_a_runtime_error_with_hyperons_message() -> None:
    with pytest.raises(RuntimeError) as e:
        run(DEFAULT_TIER, "!(+ 2 3")
    assert e.value.args[0] == "Unexpected end of expression"
    with pytest.raises(SyntaxError, match="Unclosed String Literal"):
        SExprParser('(a "b').parse(Tokenizer())


def test_a_query_with_an_error_ends_the_run_when_asked() -> None:
    m = runner(DEFAULT_TIER)
    err = E(S("Error"), S("x"), S("y"))
    assert run(m, "!(+ 1 1) !(Error x y) !(+ 2 2)").atoms == [
        [ValueAtom(2)], [err], [ValueAtom(4)]]
    m.stop_on_error = True  # hyperon's run
    assert run(m, "!(+ 1 1) !(Error x y) !(+ 2 2)").atoms == [[ValueAtom(2)], [err]]
    assert run(m, "!(superpose ((Error a b) 3)) !(+ 3 3)").atoms == [
        [ValueAtom(3)], [ValueAtom(6)]]


def test_tokens_are_read_by_regex() -> None:
    m = runner(DEFAULT_TIER)
    made = []

    def fresh(token: str) -> object:
        made.append(token)
        return ValueAtom(len(made))

    m.register_token(r"n\d+", fresh)
    assert run(m, "!(+ n1 n22)").atoms == [[ValueAtom(3)]]
    assert sorted(made) == ["n1", "n22"]  # once per distinct word of a text
    m.register_atom(r"\+", OperationAtom("+", lambda a, b: a * b))  # the later token wins
    assert type(m.parse_single("+").get_object()) is OperationObject
    assert run(m, "!(+ 3 4)").atoms == [[ValueAtom(12)]]


def test_parse_single_reads_builtins_as_grounded_atoms() -> None:
    m = MeTTa()
    assert m.parse_single("+").get_grounded_type() == m.parse_single("*").get_grounded_type()
    assert m.parse_single("(A B)") == E(S("A"), S("B"))


def test_runner_state_steps() -> None:
    m = MeTTa()
    state = RunnerState(m, "(= (f) 1) !(+ 1 (f)) !(f)")
    steps = 0
    while not state.is_complete():
        state.run_step()
        steps += 1
    assert steps == 3 and repr(state.current_results()) == "[[2], [1]]"
    assert state.current_results(flat=True) == [ValueAtom(2), ValueAtom(1)]


def test_load_module_at_path(tmp_path: Path) -> None:
    mod = tmp_path / "mod.metta"
    mod.write_text("(= (g) 7)\n!(assertEqual (g) 7)\n")
    m = MeTTa(env_builder=Environment.custom_env(working_dir=str(tmp_path)))
    m.load_module_at_path(str(mod))
    assert m.working_dir() == str(tmp_path)
    with pytest.raises(RuntimeError):
        m.load_module_at_path(str(tmp_path / "missing.metta"))


def test_common_environment(tmp_path: Path) -> None:
    saved = Environment._common
    try:
        Environment._common = None
        cfg = str(tmp_path / "cfg")
        assert Environment.init_common_env(config_dir=cfg, create_config=True)
        assert Environment.config_dir() == cfg and os.path.isdir(cfg)
        assert not Environment.init_common_env()
    finally:
        Environment._common = saved


def test_interpret_and_type_queries() -> None:
    space = GroundingSpaceRef()
    double = OperationAtom("*2", lambda x: x * 2, ["Number", "Number"])
    expr = E(Atoms.METTA, E(double, ValueAtom(1)), AtomType.UNDEFINED, G(space))
    assert interpret(space, expr) == [ValueAtom(2)]
    for a in (E(S(":"), S("a"), S("A")), E(S(":"), S("f"), E(S("->"), S("A"), S("B")))):
        space.add_atom(a)
    assert check_type(space, S("a"), S("A")) and not check_type(space, S("a"), S("B"))
    assert check_type(space, S("a"), AtomType.UNDEFINED)
    assert get_atom_types(space, E(S("f"), S("a"))) == [S("B")]
    assert get_atom_types(space, E(S("f"), S("f"))) == []
    assert validate_atom(space, E(S("f"), S("a")))


def test_syntax_tree() -> None:
    node = SExprParser('(+ $x "s")').parse_to_syntax_tree()
    assert node is not None and node.get_type() is SyntaxNodeType.EXPRESSION_GROUP
    assert [n.get_type().name for n in node.unroll()] == [
        "OPEN_PAREN", "WORD_TOKEN", "WHITESPACE", "VARIABLE_TOKEN", "WHITESPACE",
        "STRING_TOKEN", "CLOSE_PAREN",
    ]


def test_operation_outcomes() -> None:
    m = runner(DEFAULT_TIER)

    def no(_: object) -> object:
        raise NoReduceError

    def bad(_: object) -> object:
        raise IncorrectArgumentError

    m.register_atom("no", OperationAtom("no", no, unwrap=False))
    m.register_atom("bad", OperationAtom("bad", bad, unwrap=False))
    m.register_atom("raw", OperationAtom("raw", lambda a: [1], unwrap=False))
    m.register_atom("none", OperationAtom("none", lambda: None))
    assert run(m, "!(no 1)") == [["(no 1)"]]
    assert run(m, "!(bad 1)") == [["(bad 1)"]]
    assert run(m, "!(none)") == [["()"]]
    (r,) = run(m, "!(raw 1)").atoms[0]
    assert r.get_children()[2] == S(
        "Grounded operation which is defined using unwrap=False should return atom instead"
        " of Python type"
    )
    assert V("x").get_name() == "x"


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_an_operation_taking_atoms_gets_them_as_written(tier: str) -> None:
    m = runner(tier, **EAGER)
    quoted = OperationAtom("quoted", lambda a: [E(S("q"), a)], ["Atom", "Atom"], unwrap=False)
    m.register_atom("quoted", quoted)
    run(m, "!(bind! &quoted (py-atom str))")
    m.interp.tokens["&q"] = quoted  # a token bound as bind! binds one
    prog = "(= (f $x) (quoted (+ $x 1))) !(f 1) !(f 2) !(quoted (+ 1 2)) !(&q (+ 1 2))"
    assert run(m, prog) == [["(q (+ 1 1))"], ["(q (+ 2 1))"], ["(q (+ 1 2))"], ["(q (+ 1 2))"]]


def test_the_py_ops_extension() -> None:
    m = runner(DEFAULT_TIER)
    assert run(m, "!(import! &self py_ops)").atoms == [[E()]]
    assert run(m, '!(* "a" 3) !(+ "x" "y")').atoms == [[ValueAtom("aaa")], [ValueAtom("xy")]]
