"""hyperon's ``hyperon.stdlib`` names a Python program uses: ``Char``, the value of a
character literal ``'c'`` (``ValueAtom(Char("c"))`` is the atom ``'c'``), and
``RegexMatchableObject``, the value of a ``regex:"..."`` token."""

from mettajit.atoms.reader import Char
from mettajit.atoms.stdtokens import RegexMatchableObject

__all__ = ["Char", "RegexMatchableObject"]
