"""The built-ins' documentation (``interpreter/builtin_docs.py``): none of what hyperon 0.2.10
documents is lost, each entry is checked against the descriptors, and ``help!`` prints it in
the reference's form. (The prose is ours; the oracle probe ``builtin_doc_shapes`` compares
every answer's form and types with hyperon's.)"""

from __future__ import annotations

import pytest

from mettajit.atoms.core import UNDEFINED, Symbol
from mettajit.atoms.printer import format_atom
from mettajit.atoms.reader import parse_atom
from mettajit.interpreter.builtin_docs import BUILTIN_DOCS
from mettajit.interpreter.typecheck import get_type
from support import interpreter, run

# Every atom hyperon 0.2.10's stdlib.metta has an @doc of (the names only, a fact).
_SYMBOLS = """
= ErrorType SpaceType BadType BadArgType Error return function eval evalc chain unify cons-atom
decons-atom context-space min-atom max-atom size-atom index-atom pow-math sqrt-math abs-math
log-math trunc-math ceil-math floor-math round-math sin-math asin-math cos-math acos-math
tan-math atan-math isnan-math isinf-math collapse-bind superpose-bind metta id noeval atom-subst
if-decons-expr if-error return-on-error switch switch-internal is-function type-cast
match-types first-from-pair match-type-or filter-atom map-atom foldl-atom if or and not let
let* add-reduct car-atom cdr-atom quote unquote nop empty unique union intersection
subtraction add-reducts add-atoms assertIncludes @doc @desc @param @return @doc-formal @item
@type @params get-doc get-doc-single-atom get-doc-function
undefined-doc-function-type get-doc-params get-doc-atom help! help-space! help-param!
for-each-in-atom noreduce-eq add-atom get-type get-type-space get-metatype if-equal new-space
remove-atom get-atoms new-state change-state! get-state match register-module! mod-space!
module-space-no-deps print-mods! =alpha assertEqual assertEqualMsg assertAlphaEqual
assertAlphaEqualMsg assertEqualToResult assertEqualToResultMsg assertAlphaEqualToResult
assertAlphaEqualToResultMsg superpose collapse _collapse-add-next-atom-from-collapse-bind-result
case capture pragma! import! include bind! trace! println! format-args sort-strings sealed + - *
/ % < > <= >= == xor unique-atom union-atom intersection-atom subtraction-atom git-module!
"""
DOCUMENTED = ("(@kind function)", "(@kind atom)", *_SYMBOLS.split())

# hyperon's helpers of its own rules, which mettajit has no built-in of (so no documentation)
NOT_BUILTINS_HERE = frozenset({
    "switch-internal", "get-doc-single-atom", "get-doc-function", "undefined-doc-function-type",
    "get-doc-params", "get-doc-atom", "help-param!", "module-space-no-deps",
    "_collapse-add-next-atom-from-collapse-bind-result",
})


def test_the_list_of_hyperons_documented_names_is_whole() -> None:
    assert len(DOCUMENTED) == len(set(DOCUMENTED)) == 150
    assert "(@kind function)" in DOCUMENTED and "(@kind atom)" in DOCUMENTED


def test_every_built_in_hyperon_documents_is_documented_here() -> None:
    missing = [n for n in DOCUMENTED if n not in NOT_BUILTINS_HERE and n not in BUILTIN_DOCS]
    assert missing == []


def test_the_names_left_out_are_no_built_ins_of_ours() -> None:
    # if one becomes a built-in, it needs an entry
    interp = interpreter("")
    for name in NOT_BUILTINS_HERE:
        assert name not in interp.registry.ops and Symbol(name) not in interp.forms, name
    assert run("0", "".join(f"!(get-doc &self {n})\n" for n in sorted(NOT_BUILTINS_HERE))) == [
        []] * len(NOT_BUILTINS_HERE)


def test_types_are_written_only_where_no_descriptor_has_them() -> None:
    # semantics once: an entry's own types are for the symbols get-type knows nothing of;
    # every other entry is typed by its operation's or form's descriptor
    interp = interpreter("")
    for name, doc in BUILTIN_DOCS.items():
        known = get_type(interp, parse_atom(name))
        if doc.types:
            assert known == [UNDEFINED], name
        elif name != "=":  # typed by types_of itself, as in the reference
            assert name in interp.registry.ops or Symbol(name) in interp.forms, name


@pytest.mark.parametrize("name", sorted(BUILTIN_DOCS))
def test_each_entry_is_prose_that_get_doc_gives(name: str) -> None:
    doc = BUILTIN_DOCS[name]
    assert doc.desc[:1].isupper() and doc.desc.endswith("."), name
    assert all(p.strip() for p in doc.params or ()), name
    assert (doc.params is None) == (doc.returns is None), name
    [answer] = run("0", f"!(get-doc &self {name})").atoms
    assert answer, f"no @doc-formal for {name}: its parameters do not fit its type"
    for formal in answer:
        text = format_atom(formal)
        assert text.startswith(f"(@doc-formal (@item {name}) "), text
        assert format_atom(parse_atom(f'"{doc.desc}"')) in text


def test_help_prints_a_built_ins_entry_in_the_reference_form() -> None:
    plus, error_type = BUILTIN_DOCS["+"], BUILTIN_DOCS["ErrorType"]
    got = run("0", "!(help! +)\n!(help! ErrorType)\n!(help! no-such-thing)")
    assert got == [["()"], ["()"], ["()"]]
    assert plus.params is not None
    assert got.out.splitlines() == [
        f"Function +: (-> Number Number Number) {plus.desc}",
        "Parameters:",
        *(f"  (type Number) {p}" for p in plus.params),
        f"Return: (type Number) {plus.returns}",
        f"Atom ErrorType: Type {error_type.desc}",
        "No documentation found for no-such-thing",
    ]


def test_the_programs_own_documentation_comes_first() -> None:
    # as in hyperon 0.2.10 (its output): the program's @doc, and not the built-in's besides
    doc = '(@doc + (@desc "mine") (@params ((@param "x") (@param "y"))) (@return "z"))'
    assert run("0", f"{doc}\n!(get-doc &self +)") == [[
        '(@doc-formal (@item +) (@kind function) (@type (-> Number Number Number)) '
        '(@desc "mine") (@params ((@param (@type Number) (@desc "x")) '
        '(@param (@type Number) (@desc "y")))) (@return (@type Number) (@desc "z")))']]
