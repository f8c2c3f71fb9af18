"""The built-in module ``json`` (hyperon 0.2.10's builtin_mods/json.rs and .metta).

``json-encode`` writes an atom (not evaluated) as JSON: numbers, strings and bools as
themselves, expressions as arrays, a space of ``(key value)`` pairs as an object, a symbol
as ``"sym!:name"`` (``null`` as ``null``), a variable as ``"var!:name"``. ``json-decode``
reads it back; as in the reference a decoded string keeps its JSON quotes (``"\\"s\\""``)
unless it names a symbol or a variable, and an object becomes a space. The module's MeTTa
part defines ``dict-space`` and ``get-value``; ``get-keys`` is an operation here (the
reference's MeTTa version relies on evaluating a ``function`` body that its declared
``Atom`` return type would otherwise leave alone).
"""

from __future__ import annotations

import json
from typing import Any

from mettajit.atoms.core import (
    BOOL,
    NUMBER,
    SPACE_TYPE,
    STRING,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    boolean,
)
from mettajit.atoms.printer import format_atom
from mettajit.grounded.builtin_mods import builtin_module, op_token
from mettajit.grounded.registry import OpError
from mettajit.space import Space

_NULL = Symbol("null")


def _encode(a: Atom, out: list[str]) -> None:
    t = type(a)
    if t is Expression:
        out.append("[")
        for i, c in enumerate(a.children):  # type: ignore[attr-defined]
            if i:
                out.append(", ")
            _encode(c, out)
        out.append("]")
    elif t is Symbol:
        name = a.name  # type: ignore[attr-defined]
        out.append("null" if name == "null" else json.dumps("sym!:" + name, ensure_ascii=False))
    elif t is Variable:
        out.append(json.dumps("var!:" + a.name, ensure_ascii=False))  # type: ignore[attr-defined]
    elif isinstance(a.value, Space):  # type: ignore[attr-defined]
        _encode_space(a.value, out)  # type: ignore[attr-defined]
    elif a.type is NUMBER or a.type is BOOL or a.type is STRING:  # type: ignore[attr-defined]
        out.append(json.dumps(a.value, ensure_ascii=False))  # type: ignore[attr-defined]
    else:
        raise OpError(f"Encode failed for atom (unsupported type): {format_atom(a)}")


def _encode_space(space: Space, out: list[str]) -> None:
    out.append("{")
    for i, pair in enumerate(space.atoms()):
        if type(pair) is not Expression or len(pair.children) != 2:
            raise OpError("Input space must be a dictionary space consists of key-value pairs "
                          "only or empty space. Use dict-space function")
        key, value = pair.children
        if type(key) is not Grounded or key.type is not STRING:
            raise OpError("Key/value pair is expected, key must be a string")
        if i:
            out.append(", ")
        out.append(json.dumps(key.value, ensure_ascii=False) + ":")
        _encode(value, out)
    out.append("}")


def json_encode(atom: Atom) -> Atom:
    out: list[str] = []
    _encode(atom, out)
    return Grounded("".join(out), STRING)


def _decode(v: Any) -> Atom:
    if v is None:
        return _NULL
    if isinstance(v, bool):
        return boolean(v)
    if isinstance(v, int | float):
        return Grounded(v, NUMBER)
    if isinstance(v, str):
        if v.startswith("sym!:"):
            return Symbol(json.dumps(v, ensure_ascii=False)[6:-1])
        if v.startswith("var!:"):
            return Variable(json.dumps(v, ensure_ascii=False)[6:-1])
        return Grounded(json.dumps(v, ensure_ascii=False), STRING)
    if isinstance(v, list):
        return Expression(tuple(_decode(x) for x in v))
    space = Space()
    for k, x in v.items():
        space.add(Expression((Grounded(k, STRING), _decode(x))))
    return Grounded(space, SPACE_TYPE)


def get_keys(space: Atom) -> list[Atom]:
    """``get-keys``, which the reference writes in MeTTa as ``(function (chain (unify
    $dictspace ($key $value) $key Empty) ...))``: the first element of each pair."""
    if type(space) is not Grounded or not isinstance(space.value, Space):
        raise OpError("get-keys expects a space")
    return [a.children[0] for a in space.value.atoms()
            if type(a) is Expression and len(a.children) == 2]


def json_decode(text: Atom) -> Atom:
    if type(text) is not Grounded or text.type is not STRING:
        raise OpError("json-decode expects string as input")
    try:
        return _decode(json.loads(text.value))
    except json.JSONDecodeError as e:
        raise OpError(f"Failed to decode string. Reason: {e}") from None


_SOURCE = """
(@doc get-value
  (@desc "Looks a key up in a space of (key value) pairs.")
  (@params ((@param "the space, from dict-space or json-decode") (@param "the key")))
  (@return "each value paired with the key; nothing if there is none"))
(: get-value (-> Grounded Atom %Undefined%))
(= (get-value $dictspace $key) (match $dictspace ($key $value) $value))

(@doc get-keys
  (@desc "Lists the keys of a space of (key value) pairs.")
  (@params ((@param "the space")))
  (@return "each key, as an alternative"))
(: get-keys (-> Grounded Atom))

(@doc dict-space
  (@desc "Makes a new space holding the given (key value) pairs, each evaluated.")
  (@params ((@param "an expression of (key value) pairs")))
  (@return "the new space"))
(: dict-space (-> Expression Grounded))
(= (dict-space $expr)
   (let* (($dictspace (new-space))
          ($res (add-reducts $dictspace $expr)))
        $dictspace))

(@doc json-encode
  (@desc "Writes an atom as JSON text: numbers, strings and Bools as themselves, expressions as arrays, a space of (key value) pairs as an object.")
  (@params ((@param "the atom, as written")))
  (@return "the JSON text, a string"))

(@doc json-decode
  (@desc "Reads JSON text back into atoms: arrays become expressions, objects spaces of (key value) pairs.")
  (@params ((@param "the JSON text, a string")))
  (@return "the atom read"))
"""  # noqa: E501 - two descriptions are longer than a line


@builtin_module("json", _SOURCE)
def tokens() -> dict[str, Atom]:
    return dict([
        op_token("json-encode", "(-> Atom String)", json_encode),
        op_token("json-decode", "(-> String Atom)", json_decode),
        op_token("get-keys", "(-> Grounded Atom)", get_keys, multi=True),
    ])
