"""hyperon's ``hyperon.stdlib`` names a Python program uses: ``Char``, the value of a
character literal ``'c'`` (``ValueAtom(Char("c"))`` is the atom ``'c'``)."""

from mettajit.atoms.reader import Char

__all__ = ["Char"]
