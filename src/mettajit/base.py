"""hyperon's ``hyperon.base`` names: spaces, the parser and the low-level interpreter
calls, for programs that import them from there (``from hyperon.base import SpaceRef``)."""

from mettajit.atoms.api import atom_is_error
from mettajit.atoms.sexpr import SExprParser, SyntaxNode, SyntaxNodeType, Tokenizer
from mettajit.runner.api import check_type, get_atom_types, interpret, validate_atom
from mettajit.space.refs import AbstractSpace, GroundingSpace, GroundingSpaceRef, SpaceRef

__all__ = [
    "AbstractSpace",
    "GroundingSpace",
    "GroundingSpaceRef",
    "SExprParser",
    "SpaceRef",
    "SyntaxNode",
    "SyntaxNodeType",
    "Tokenizer",
    "atom_is_error",
    "check_type",
    "get_atom_types",
    "interpret",
    "validate_atom",
]
