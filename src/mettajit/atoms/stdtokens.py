"""The token hyperon's Python standard library adds to every runner: ``regex:"..."``, a
grounded atom that matches a string by regular expression (``RegexMatchableObject``).

``(= (intent regex:"^Hello[[\\.|!]]?$") (Intent Hello))`` makes ``(intent "hello")`` match:
in the pattern ``[[`` and ``]]`` stand for parentheses and ``~`` for a space (a word cannot
hold them); matching ignores case and surrounding spaces.
"""

from __future__ import annotations

import re
from typing import Any

from mettajit.atoms.core import UNDEFINED, Atom, Grounded, Symbol
from mettajit.atoms.objects import MatchableObject, get_string_value

REGEX_TOKEN = r'regex:"[^"]*"'


class RegexMatchableObject(MatchableObject):
    """A ``regex:"..."`` token: matches atoms whose text the expression finds."""

    def __init__(self, content: str, id: str | None = None) -> None:
        super().__init__(content, id)
        self.content = self.content.replace("[[", "(").replace("]]", ")").replace("~", " ")

    def match_(self, atom: Atom) -> list[dict[str, Any]]:
        pattern = self.content
        text = " ".join(x.strip() for x in get_string_value(atom).split())
        if pattern.startswith("regex:"):
            pattern = get_string_value(pattern[6:])
            if re.search(pattern, text.strip(), flags=re.IGNORECASE) is not None:
                return [{"matched_pattern": Symbol(pattern)}]
        return []


def regex_atom(token: str) -> Atom:
    return Grounded(RegexMatchableObject(token), UNDEFINED)
