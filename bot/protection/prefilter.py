"""Searching a long text for a rule's pattern without trying it at every position.

Python's regex engine tries every position of the text against every alternative of a pattern such as
`(?:(?<![a-z])line|telegram|...)`. Two shortcuts, both read from the parsed pattern: a leading
`(?=[lt...])` on the characters a match can start with rejects most positions in one step
(`fast_search`); and the strings one of which every match holds ("line", "telegram", ...) tell, by a
few set and substring look-ups, which sentences can match at all (`needs`), so the pattern itself
only reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 300  # a class wider than this ([a-z] is fine, [^。] is not) gives up
_MAX_STRINGS = 64  # more exact strings than this for a piece of a pattern are not spelled out
_TELLING = 3  # needed strings longer than this tell no more (they are looked up by their n-grams of 3)
# Categories a leading class may hold, as written in one (the pattern's flags give them their meaning there
# as in the pattern): "\d{2,} people" starts with a digit.
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


def _first(seq: Any) -> tuple[set[str], bool] | None:
    """What a parsed sequence can start with, as members of a class (a character escaped, or a category),
    and whether it can match empty; None: anything."""
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
        return {re.escape(chr(av))}, False
    if op is sre.IN:
        members = _class(av)
        return None if members is None else (members, False)
    if op is sre.BRANCH:
        chars: set[str] = set()
        empty = False
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


def _class(items: Any) -> set[str] | None:
    """The members of a class of literals, narrow ranges and categories, as written in one; None for a
    negated or wider one."""
    members: set[str] = set()
    for kind, value in items:
        if kind is sre.CATEGORY and value in _CATEGORIES:
            members.add(_CATEGORIES[value])
            continue
        chars = _chars([(kind, value)], _MAX_RANGE)
        if chars is None:
            return None
        members.update(map(re.escape, chars))
    return members


def fast_search(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern (same matches at the same places), led by a lookahead on its first characters;
    left as it is when the engine finds its starts by itself."""
    parsed = parser.parse(pattern.pattern, pattern.flags)
    if _skips_by_itself(parsed):
        return pattern
    found = _first(parsed)
    if found is None or found[1] or not found[0]:
        return pattern
    return re.compile(f"(?=[{''.join(sorted(found[0]))}])(?:{pattern.pattern})", pattern.flags)


def _skips_by_itself(parsed: Any) -> bool:
    """Whether the engine scans for the pattern's first character on its own (it does when the pattern
    starts with a literal, a class, or alternatives that each start with a literal, and cannot match
    empty): faster than a lookahead tried at every position."""
    seq = parsed
    while seq and seq[0][0] is sre.SUBPATTERN and not seq[0][1][1] and not seq[0][1][2]:
        seq = seq[0][1][3]  # a group without flags of its own
    if not seq or parsed.getwidth()[0] == 0:
        return False
    op, av = seq[0]
    if op is sre.BRANCH:
        return all(branch and branch[0][0] is sre.LITERAL for branch in av[1])
    return op is sre.LITERAL or op is sre.IN


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a parsed piece of a pattern can match: every string, when few (`exact`, else None), sets of
    strings such that every match holds one string of each set (`needs`), and strings one of which
    every match starts with (`lead`, else None)."""

    exact: frozenset[str] | None
    needs: tuple[frozenset[str], ...] = ()
    lead: frozenset[str] | None = None


_UNKNOWN = _Reading(None)
_EMPTY = _Reading(frozenset({""}))  # assertions and anchors consume nothing


def needs(*patterns: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of each pattern holds one string of each set ("send",
    "share" ... and "password", "passport" ...), the most telling first; none when the patterns do not
    say. A text (or sentence) missing every string of one set cannot match: a few substring checks
    spare a regex search of the whole text."""
    found = [
        need
        for pattern in patterns
        if not pattern.flags & re.IGNORECASE
        for need in _sequence(parser.parse(pattern.pattern, pattern.flags)).needs
    ]
    # A string holding another of its set adds nothing: "chatwork" already covers "chatwork id".
    reduced = {frozenset(s for s in need if not any(t != s and t in s for t in need)) for need in found}
    return tuple(sorted(reduced, key=lambda need: (_rank(need), sorted(need)), reverse=True))


def leads(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of the pattern starts with, or None when it does not say: a
    match can only start where one of them is, so a long text is searched at those places alone."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _sequence(parser.parse(pattern.pattern, pattern.flags)).lead


def _rank(need: frozenset[str]) -> tuple[int, int]:
    """How telling a set is: longer strings (up to _TELLING characters), then fewer of them."""
    return min(_TELLING, min(map(len, need))), -len(need)


def _best(reading: _Reading) -> frozenset[str] | None:
    return max(reading.needs, key=_rank, default=None)


def _as_needs(strings: frozenset[str]) -> tuple[frozenset[str], ...]:
    return (strings,) if strings and "" not in strings else ()


def _sequence(seq: Any) -> _Reading:
    """Pieces in a row: runs of pieces with few exact strings are joined ("fee" after "sign-?up "), and
    every match holds one string of each run's and each other piece's sets."""
    run: frozenset[str] = frozenset({""})
    whole = True  # whether `run` is still every string the whole sequence can match
    found: list[frozenset[str]] = []
    lead: frozenset[str] | None = None
    for op, av in seq:
        piece = _piece(op, av)
        if piece.exact is not None and len(run) * len(piece.exact) <= _MAX_STRINGS:
            run = frozenset(a + b for a in run for b in piece.exact)
            continue
        if whole:  # the first run ends here: it leads, or when it is empty, the piece after it does
            lead = (_as_needs(run) or (None,))[0] if run != {""} else piece.lead
        whole = False
        found += _as_needs(run)
        run = piece.exact if piece.exact is not None else frozenset({""})
        found += piece.needs
    found += _as_needs(run)
    if whole:
        lead = (_as_needs(run) or (None,))[0]
    return _Reading(run if whole else None, tuple(found), lead)


def _piece(op: Any, av: Any) -> _Reading:
    if op is sre.LITERAL:
        return _Reading(frozenset(chr(av)))
    if op is sre.IN:
        chars = _chars(av)
        return _UNKNOWN if chars is None else _Reading(chars)
    if op is sre.BRANCH:
        branches = [_sequence(branch) for branch in av[1]]
        exacts = [b.exact for b in branches]
        exact = frozenset().union(*exacts) if all(e is not None for e in exacts) else None  # type: ignore[arg-type]
        bests = [_best(b) for b in branches]
        union = frozenset().union(*bests) if all(b is not None for b in bests) else None  # type: ignore[arg-type]
        small = exact if exact is not None and len(exact) <= _MAX_STRINGS else None
        leads = [b.lead for b in branches]
        lead = frozenset().union(*leads) if all(x is not None for x in leads) else None  # type: ignore[arg-type]
        return _Reading(small, () if union is None else (union,), lead)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return _UNKNOWN if add_flags or del_flags else _sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        inner = _sequence(body)
        if low == high == 1:
            return inner
        if low == 0 and high == 1 and inner.exact is not None:
            return _Reading(inner.exact | {""})
        return _Reading(None, inner.needs, inner.lead) if low >= 1 else _Reading(None)
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return _EMPTY
    return _UNKNOWN


def _chars(items: Any, widest: int = _MAX_STRINGS) -> frozenset[str] | None:
    """The characters of a class of literals and ranges narrower than `widest`; None for a negated or
    wider one."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < widest:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return frozenset(chars)
