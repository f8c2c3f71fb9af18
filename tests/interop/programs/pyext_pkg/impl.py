"""The atoms of the ``pyext_pkg`` extension."""

try:
    from mettajit.atoms import OperationAtom
    from mettajit.ext import register_atoms
except ImportError:  # run by hyperon (the oracle)
    from hyperon.atoms import OperationAtom
    from hyperon.ext import register_atoms


@register_atoms
def pkg_atoms():
    return {"pkg-join": OperationAtom("pkg-join", lambda a, b: f"{a}+{b}")}
