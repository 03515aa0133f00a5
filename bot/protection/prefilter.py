"""A faster whole-text search for a rule's pattern: a lookahead on the characters it can start with.

Python's regex engine tries every position of the text against every alternative of a pattern such as
`(?:(?<![a-z])line|telegram|...)`; a leading `(?=[lt...])` rejects most positions in one step. The set
is read from the parsed pattern; when any character could start a match, the pattern is used as is.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 300  # a class wider than this ([a-z] is fine, [^。] is not) gives up


def _first(seq: Any) -> tuple[set[str], bool] | None:
    """The characters a parsed sequence can start with and whether it can match empty; None: any."""
    chars: set[str] = set()
    for op, av in seq:
        found = _item(op, av)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _item(op: Any, av: Any) -> tuple[set[str], bool] | None:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] < _MAX_RANGE:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None
        return chars, False
    if op is sre.BRANCH:
        chars, empty = set(), False
        for branch in av[1]:
            found = _first(branch)
            if found is None:
                return None
            chars |= found[0]
            empty |= found[1]
        return chars, empty
    if op is sre.SUBPATTERN:
        return _first(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        found = _first(av[2])
        return None if found is None else (found[0], found[1] or av[0] == 0)
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True
    return None


def fast_search(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern (same matches at the same places), led by a lookahead on its first characters."""
    found = _first(parser.parse(pattern.pattern, pattern.flags))
    if found is None or found[1] or not found[0]:
        return pattern
    chars = "".join(re.escape(c) for c in sorted(found[0]))
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)
