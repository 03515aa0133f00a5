"""Searching a long text for a rule's pattern without trying it at every position.

Python's regex engine tries every position of the text against every alternative of a pattern such as
`(?:(?<![a-z])line|telegram|...)`. Three shortcuts, all read from the parsed pattern: the characters
a match can start with let the search skip every other position in one step, and alternatives that
start with the same character are tried behind it once (`fast_search`); and the strings one of which
every match holds ("line", "telegram", ...) tell, by a few set and substring look-ups, which
sentences can match at all (`needs`), so the pattern itself only reads those.
"""

from __future__ import annotations

import _sre
import re
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from re import _compiler as compiler  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 300  # a class wider than this ([a-z] is fine, [^。] is not) gives up
_MAX_STRINGS = 64  # more exact strings than this for a piece of a pattern are not spelled out
_TELLING = 4  # needed strings longer than this tell no more (they are looked up by their n-grams of 4)
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


# The categories spelled out in a class of first characters (`_class_of`).
_SPELLED = {r"\d": r"\d+", r"\s": r"\s+", r"\w": r"\w+"}


@cache
def _spelled(category: str) -> str:
    """A class of every character that the category (`\\d`, `\\s`, `\\w`) matches in a str pattern, as
    ranges: those of the Basic Multilingual Plane found by the engine itself in a string of them all,
    and every character beyond it (which the engine would test range by range). Wider than the category
    (beyond the plane, or for a pattern whose categories mean ASCII only), which a class of first
    characters may be, never narrower."""
    plane = "".join(map(chr, range(0x10000)))
    runs = re.findall(_SPELLED[category], plane)
    return "".join(f"{re.escape(run[0])}-{re.escape(run[-1])}" for run in runs) + "\U00010000-\U0010ffff"


def fast_search(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern (same matches at the same places), searched for only where one of its first
    characters is (unless the engine finds its starts by itself), its alternatives grouped by their
    first character (`_group`)."""
    parsed = parser.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:  # then "a" and "A" are not apart: left as it is
        return pattern
    found = None if _skips_by_itself(parsed) else _first(parsed)
    if found is None or found[1] or not found[0]:
        return _compiled(pattern.pattern, parsed, None)
    return _compiled(pattern.pattern, parsed, _class_of(found[0]))


def _class_of(members: set[str]) -> Any:
    """One parsed class of the members (as `_first` gives them). A class of one character parses as that
    literal: as a prefix the engine would take it for the whole pattern, so it stays a class. A category
    (`\\d`) is spelled out as the characters it matches (`_spelled`): the engine tests a category
    through the Unicode database, a class of ranges by one table look-up, and a search tests its prefix
    at every position of the text (each letter of an English text against the category of digits, when
    the class holds both)."""
    spelled = [_spelled(member) if member in _SPELLED else member for member in sorted(members)]
    op, av = parser.parse(f"[{''.join(spelled)}]")[0]
    return (op, av) if op is sre.IN else (sre.IN, [(op, av)])


def _compiled(pattern: str, parsed: Any, first: Any | None) -> re.Pattern[str]:
    """The parsed pattern compiled as the engine would (its text kept), with its alternatives grouped,
    and with `first` (a class of the characters every match starts with) as the one its search skips to.
    A search otherwise starts a match at every position that the pattern's own start does not rule
    out at once (a literal, a class, alternatives each led by a literal): a full call of the matcher per
    character, where the class is one table look-up."""
    state = parsed.state
    grouped = _group(parsed)
    lead = grouped
    if first is not None:
        lead = parser.SubPattern(state, [first])
        lead.width = grouped.getwidth()  # the widths of the info block are the pattern's own
    code: list[Any] = []
    compiler._compile_info(code, lead, state.flags)
    compiler._compile(code, grouped.data, state.flags)
    code.append(sre.SUCCESS)
    index = [None] * state.groups
    for name, i in state.groupdict.items():
        index[i] = name
    return _sre.compile(  # type: ignore[no-any-return]
        pattern, state.flags, code, state.groups - 1, state.groupdict, tuple(index)
    )


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


def _group(seq: Any) -> Any:
    """The parsed sequence, every alternation in it (at any depth) grouped by first character. At one
    position of the text, alternatives that start with different literals cannot both match, so such
    alternatives next to each other may be reordered; those that start with the same literal keep
    their order behind it: the engine finds the same match as before, by fewer steps. What follows a
    run of any characters is guarded by its first ones (`_guard`)."""
    out: list[Any] = []
    for i, (op, av) in enumerate(seq):
        if out and _is_run(*out[-1]) and (guard := _guard(seq.state, seq[i:])) is not None:
            out.append(guard)
        if op is sre.BRANCH:
            av = (av[0], _grouped_branches(seq.state, [_group(branch) for branch in av[1]]))
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group with flags of its own is left
            av = (av[0], av[1], av[2], _group(av[3]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            av = (av[0], av[1], _group(av[2]))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            av = (av[0], _group(av[1]))
        elif op is sre.ATOMIC_GROUP:
            av = _group(av)
        out.append((op, av))
    return parser.SubPattern(seq.state, out)


def _is_run(op: Any, av: Any) -> bool:
    """Whether the item repeats one character class (`[\\s\\S]*`, `[^.;]{0,40}`): the engine then backs
    off one character at a time, trying what follows at each."""
    if op not in (sre.MAX_REPEAT, sre.MIN_REPEAT) or av[1] < 2:
        return False
    body = av[2]
    return len(body) == 1 and body[0][0] in (sre.IN, sre.ANY)


def _guard(state: Any, rest: Any) -> Any | None:
    """A lookahead for the characters that what follows a run must start with: one class tested at each
    position the run backs off to, instead of every alternative of what follows ("[\\s\\S]*(?:easy|
    anyone|...)"). None when it would not help: what follows starts with a literal (the engine skips
    to it by itself), can match empty, or starts with anything, or sets flags of its own."""
    if rest[0][0] is sre.LITERAL or _sets_flags(rest):
        return None
    found = _first(rest)
    if found is None or found[1] or not found[0]:
        return None
    return (sre.ASSERT, (1, parser.SubPattern(state, [_class_of(found[0])])))


def _sets_flags(seq: Any) -> bool:
    """Whether a group in the sequence (at any depth) sets flags of its own."""
    for op, av in seq:
        if op is sre.SUBPATTERN and (av[1] or av[2] or _sets_flags(av[3])):
            return True
        if op is sre.BRANCH and any(map(_sets_flags, av[1])):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and _sets_flags(av[2]):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _sets_flags(av[1]):
            return True
        if op is sre.ATOMIC_GROUP and _sets_flags(av):
            return True
    return False


def _grouped_branches(state: Any, branches: list[Any]) -> list[Any]:
    """Runs of alternatives that start with a literal, each grouped by that literal (in the order the
    literals first appear); other alternatives stay where they are, between the runs."""
    out: list[Any] = []
    spread = _spread(state, branches)
    for starts_literal, run in groupby(spread, lambda b: len(b) > 0 and b[0][0] is sre.LITERAL):
        if not starts_literal:
            out += run
            continue
        by_first: dict[int, list[Any]] = {}
        for branch in run:
            by_first.setdefault(branch[0][1], []).append(branch)
        for first, same in by_first.items():
            if len(same) == 1:
                out.append(same[0])
                continue
            rests = _grouped_branches(state, [parser.SubPattern(state, b.data[1:]) for b in same])
            out.append(parser.SubPattern(state, [(sre.LITERAL, first), (sre.BRANCH, (None, rests))]))
    return out


def _spread(state: Any, branches: list[Any]) -> list[Any]:
    """The alternatives, rewritten to start with a literal where they can, so that their first letters
    can be grouped. Those that start with alternatives of their own are spread out: `(?:is|not) legit`
    becomes `is legit|not legit`, which the engine tries in the same order (each inner alternative with
    the rest after it). A look at the text before (`\\b`, a lookbehind) goes inside such alternatives, and
    after a literal that follows it (`_behind`). Not in a pattern with capturing groups, whose numbers
    would change, nor in one whose `\\w` means ASCII only."""
    if state.groups > 1 or state.flags & re.ASCII:
        return branches
    out: list[Any] = []
    for branch in branches:
        items = branch.data
        lead = 1 if items and _looks_back(items[0]) else 0
        if len(items) > lead and items[lead][0] is sre.BRANCH:
            head, rest = items[:lead], items[lead + 1 :]
            inners = items[lead][1][1]
            out += _spread(state, [parser.SubPattern(state, [*head, *inner, *rest]) for inner in inners])
        elif lead and len(items) > 1 and items[1][0] is sre.LITERAL:
            out.append(parser.SubPattern(state, [items[1], _behind(state, items[0], items[1]), *items[2:]]))
        else:
            out.append(branch)
    return out


def _looks_back(item: Any) -> bool:
    """Whether the item only reads the text before its position: a word boundary or a lookbehind."""
    op, av = item
    return (op is sre.AT and av is sre.AT_BOUNDARY) or (op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == -1)


def _behind(state: Any, looks_back: Any, literal: Any) -> Any:
    """What `looks_back` asks of the text before a literal, asked after it instead (the literal then
    leads): a lookbehind one character longer, ending in that literal. Before a word character, a word
    boundary means no word character before it; before any other, a word character."""
    op, av = looks_back
    if op is sre.AT:
        word = chr(literal[1]).isalnum() or chr(literal[1]) == "_"
        body = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)]), literal]
        return (sre.ASSERT_NOT if word else sre.ASSERT, (-1, parser.SubPattern(state, body)))
    return (op, (-1, parser.SubPattern(state, [*av[1].data, literal])))


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
