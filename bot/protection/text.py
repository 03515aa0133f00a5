"""Folding pasted text so that one pattern matches every spelling a scammer tries.

Full-width and half-width forms, upper and lower case, katakana and hiragana, zero-width characters
and spacing tricks ("L I N E", "Ｌ　Ｉ　Ｎ　Ｅ", "ラ イ ン", "s.k.y.p.e") all fold to one form. Every
folded character remembers where it came from, so a match can be quoted as the sender wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import overload

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_VOICING = frozenset("\uff9e\uff9f\u3099\u309a")  # half-width and combining (semi-)voiced sound marks
_KATAKANA_FIRST, _KATAKANA_LAST = 0x30A1, 0x30F6
_KANA_SHIFT = 0x60  # katakana to hiragana
_CACHE_LIMIT = 20_000
_LINE_BREAKS = frozenset("\n\r\v\f\u2028\u2029\x1c\x1d\x1e\x85")
# Quotes and brackets that only frame words (「LINE」で, “Telegram”), and a chat's bold and code marks
# (Slack's *send*, Discord's **send**, `password`): dropped, so patterns and n-grams see the words.
_FRAMES = frozenset('「」『』【】〈〉《》〔〕〖〗“”„‟"«»*`')
_SAME = str.maketrans({"’": "\x27", "‘": "\x27", "〜": "~", "～": "~", "―": "-", "‐": "-", "−": "-"})
# Three or more single letters or digits in a row, each apart by one to three spaces or symbols; and
# three or more kana apart by dots or dashes (spaces next to kana are dropped anyway).
# Each starts with its character class (the boundary is checked after it): the engine then skips to
# the candidates instead of trying every position. Japanese text is mostly kana, so the kana pattern
# is tried only in a text holding what its every match holds, a kana between two of its separators:
# a scan for a rare separator is several times cheaper than a try at every kana. (English writes
# one-letter words between spaces, so the Latin pattern has no such telling piece.)
_SPACED = (
    (re.compile(r"[a-z0-9](?<![a-z0-9]{2})(?:(?:[^\w\n]|_){1,3}[a-z0-9](?![a-z0-9])){2,}"), None),
    (
        re.compile(r"[ぁ-ゖー](?<![ぁ-ゖー]{2})(?:[・*/.|_-]{1,3}[ぁ-ゖー]){2,}"),  # kana: no word boundary
        re.compile(r"[・*/.|_-][ぁ-ゖー][・*/.|_-]"),
    ),
)
_SEPARATOR = re.compile(r"[^\w\n]|_")
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff"  # kana, kanji and their punctuation
# The runs of blanks that go inside a text: whole next to kana or kanji, all but one elsewhere. Like the
# sentence ends below, it starts with one character class, its alternatives after it: the engine then
# skips to the candidates in one scan instead of trying every alternative at every position. (A blank
# is never kana or kanji here: folding has made U+3000 a space.)
_EXTRA_BLANKS = re.compile(
    rf"[^\S\n](?:(?<=[{_CJK}][^\S\n])[^\S\n]*|[^\S\n]*(?=[{_CJK}])|(?P<extra>[^\S\n]+))"
)
_JAPANESE_RUN = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_RUN = re.compile(r"[a-z]+")
LANGUAGES = ("en", "ja")  # what `language` tells
# A word takes about a third of the letters in Japanese that it takes in English: one kana or kanji
# weighs as much as this many Latin letters when a text is told which language it is written in (on the
# train and dev messages, 9 of 7,965 are told otherwise than labelled, against 20 at one letter).
_LETTERS_PER_KANA = 3
SENTENCE_MARKS = frozenset("。！？!?;\n.")  # what ends a sentence: no string without them runs past one
_SENTENCE_END = re.compile(r"[。！？!?;\n.](?:(?<=[。！？!?;\n])[。！？!?;\n]*|(?<=\.)(?=\s|$))")


def fold_kana(text: str) -> str:
    """Katakana to hiragana: ライン, らいん and ﾗｲﾝ (after NFKC) read the same."""
    return "".join(
        chr(ord(c) - _KANA_SHIFT) if _KATAKANA_FIRST <= ord(c) <= _KATAKANA_LAST else c for c in text
    )


def fold_pattern(pattern: str) -> str:
    """A rule's pattern gets the same width and kana folding as the text it is matched against."""
    return fold_kana(unicodedata.normalize("NFKC", pattern))


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text; folded character i came from the source characters `starts[i]` to `ends[i]` (to
    `starts[i] + 1` when `ends` is None: no character was read with the marks after it)."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int] | None = None

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind folded[start:end]."""
        return self.starts[start], self.starts[end - 1] + 1 if self.ends is None else self.ends[end - 1]

    def drop(self, dropped: list[int]) -> Folded:
        """The same text without the characters at the given (sorted) positions. Where each character
        came from is looked up only when a match is quoted (`_Kept`), not copied for every one."""
        if not dropped:
            return self
        texts: list[str] = []
        previous = 0
        for position in [*dropped, len(self.text)]:
            texts.append(self.text[previous:position])
            previous = position + 1
        shifts = [at - i for i, at in enumerate(dropped)]
        ends = None if self.ends is None else _Kept(self.ends, shifts)
        return Folded("".join(texts), _Kept(self.starts, shifts), ends)


class _Kept(Sequence[int]):
    """A sequence without the items at some positions, read through: item i of the kept ones is item i
    + k of the whole, k the number dropped before it (`shifts[m]`: the m-th dropped position less m)."""

    __slots__ = ("_items", "_len", "_shifts")

    def __init__(self, items: Sequence[int], shifts: list[int]) -> None:
        self._items, self._shifts = items, shifts
        self._len = len(items) - len(shifts)  # checked at every item read

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        return self._items[index + bisect_right(self._shifts, index)]


_UNITS: dict[str, str] = {}  # a character (with its marks) and what it folds to; texts repeat characters
_MARKS: dict[str, bool] = {}


def _unit(chunk: str) -> str:
    unit = _UNITS.get(chunk)
    if unit is None:
        unit = "".join(
            "\n" if c in _LINE_BREAKS else " " if c.isspace() else c
            for c in fold_kana(unicodedata.normalize("NFKC", chunk).casefold())
            if c not in _INVISIBLE and c not in _FRAMES
        )
        unit = unit.translate(_SAME)
        if len(_UNITS) < _CACHE_LIMIT:
            _UNITS[chunk] = unit
    return unit


def _is_mark(c: str) -> bool:
    mark = _MARKS.get(c)
    if mark is None:
        mark = bool(unicodedata.combining(c)) or c in _VOICING
        if len(_MARKS) < _CACHE_LIMIT:
            _MARKS[c] = mark
    return mark


class _Table(dict[int, str]):
    """What each character seen folds to on its own, as a str.translate table that learns a character
    the first time a text holds it (`__missing__`, called from C): the text is not read character by
    character to find its new ones. It knows which characters need more than one pass in C: marks and
    "\\r" (read character by character), and characters that fold to none or to several (their
    positions are counted), each kind found in a text by one regex scan."""

    __slots__ = ("_resized", "_slow", "resized", "slow")

    def __init__(self) -> None:
        super().__init__()
        self.slow: set[str] = set()
        self.resized: set[str] = set()
        self._slow: re.Pattern[str] | None = None  # made again when a character joins its set
        self._resized: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        c = chr(code)
        unit = self[code] = _unit(c)
        if c == "\r" or _is_mark(c):
            self.slow.add(c)
            self._slow = None
        if len(unit) != 1:
            self.resized.add(c)
            self._resized = None
        return unit

    def has_slow(self, text: str) -> bool:
        """Whether the text (translated once already, so every character is known) holds a slow one."""
        if not self.slow:
            return False
        if self._slow is None:
            self._slow = _any_of(self.slow)
        return self._slow.search(text) is not None

    def resized_at(self, text: str) -> list[int]:
        """Where the text (translated once already) holds characters that fold to none or to several."""
        if not self.resized:
            return []
        if self._resized is None:
            self._resized = _any_of(self.resized)
        return [m.start() for m in self._resized.finditer(text)]

    def bound(self) -> None:
        """Forget every character once more than _CACHE_LIMIT are known: a text of rare characters
        grows the table by its own at most, for one fold."""
        if len(self) > _CACHE_LIMIT:
            self.clear()
            self.slow, self.resized = set(), set()
            self._slow = self._resized = None


def _any_of(chars: set[str]) -> re.Pattern[str]:
    return re.compile(f"[{''.join(map(re.escape, sorted(chars)))}]")


_TABLE = _Table()


def fold(text: str) -> Folded:
    """NFKC, case-fold and kana-fold each character (with its voicing marks), drop quotes and brackets
    that only frame words, then undo spacing tricks."""
    folded = text.translate(_TABLE)  # every character folds on its own ("…" to "...", "ｶ" to "か")
    if _TABLE.has_slow(text):
        result = _fold_slowly(text)
    else:
        resized = _TABLE.resized_at(text)
        result = Folded(folded, _positions(text, resized, _TABLE) if resized else range(len(text)))
    _TABLE.bound()
    return _collapse_spacing(_join_cjk(result))


def _positions(text: str, found: list[int], units: dict[int, str]) -> list[int]:
    """Where each folded character came from, when the characters at the found positions fold to none
    or to several: the positions in between run on one to one (built in C, range by range: reading it
    through the few found ones instead, on every read of a match's ends, costs a check more)."""
    starts: list[int] = []
    previous = 0
    for at in found:
        starts.extend(range(previous, at))
        starts.extend(repeat(at, len(units[ord(text[at])])))
        previous = at + 1
    starts.extend(range(previous, len(text)))
    return starts


def _fold_slowly(text: str) -> Folded:
    """Character by character, keeping voicing and combining marks with their base character."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _is_mark(text[j]):
            j += 1
        unit = _unit(text[i:j])
        if text[i] == "\r" and text[j : j + 1] == "\n":
            unit = ""  # CRLF is one line break
        for c in unit:
            chars.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return Folded("".join(chars), tuple(starts), tuple(ends))


def _join_cjk(folded: Folded) -> Folded:
    """Japanese needs no spaces between words: a blank next to kana or kanji is dropped, and other
    runs of blanks become one space."""
    text = folded.text
    dropped: list[int] = []
    for m in _EXTRA_BLANKS.finditer(text):
        dropped.extend(range(m.start("extra") if m["extra"] else m.start(), m.end()))
    lead, trail = _blank_run(text, range(len(text))), _blank_run(text, range(len(text) - 1, -1, -1))
    if lead or trail:  # blanks at either end go whole
        dropped = sorted({*dropped, *lead, *trail})
    return folded.drop(dropped)


def _blank_run(text: str, positions: range) -> list[int]:
    """The blanks (not line breaks) at the first of the positions and on."""
    run = []
    for at in positions:
        if text[at] == "\n" or not text[at].isspace():
            break
        run.append(at)
    return run


def _collapse_spacing(folded: Folded) -> Folded:
    """ "l i n e", "l.i.n.e" and "s-k-y-p-e" become "line" and "skype"."""
    dropped: list[int] = []
    for spaced, telling in _SPACED:
        if telling is not None and not telling.search(folded.text):
            continue
        for m in spaced.finditer(folded.text):
            dropped.extend(s.start() for s in _SEPARATOR.finditer(folded.text, m.start(), m.end()))
    return folded.drop(sorted(set(dropped)))


def language(text: str) -> str:
    """The language a folded text is mostly written in, "ja" or "en": whose limits its scores meet. An
    English message quoting a Japanese name stays English, and a Japanese one full of URLs stays Japanese."""
    if text.isascii():
        return "en"
    kana = sum(map(len, _JAPANESE_RUN.findall(text)))
    return "ja" if kana and kana * _LETTERS_PER_KANA >= sum(map(len, _LATIN_RUN.findall(text))) else "en"


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences (or clauses ended by a semicolon) of folded text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
