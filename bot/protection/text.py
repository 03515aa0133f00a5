"""Folding pasted text so that one pattern matches every spelling a scammer tries.

Full-width and half-width forms, upper and lower case, katakana and hiragana, zero-width characters
and spacing tricks ("L I N E", "Ｌ　Ｉ　Ｎ　Ｅ", "ラ イ ン", "s.k.y.p.e") all fold to one form. Every
folded character remembers where it came from, so a match can be quoted as the sender wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, repeat

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_VOICING = frozenset("\uff9e\uff9f\u3099\u309a")  # half-width and combining (semi-)voiced sound marks
_KATAKANA_FIRST, _KATAKANA_LAST = 0x30A1, 0x30F6
_KANA_SHIFT = 0x60  # katakana to hiragana
_CACHE_LIMIT = 20_000
_LINE_BREAKS = frozenset("\n\r\v\f\u2028\u2029\x1c\x1d\x1e\x85")
# Quotes and brackets that only frame words (「LINE」で, “Telegram”): dropped, so patterns see the words.
_QUOTES = frozenset('「」『』【】〈〉《》〔〕〖〗“”„‟"«»')
_SAME = str.maketrans({"’": "\x27", "‘": "\x27", "〜": "~", "～": "~", "―": "-", "‐": "-", "−": "-"})
# Three or more single letters or digits in a row, each apart by one to three spaces or symbols; and
# three or more kana apart by dots or dashes (spaces next to kana are dropped anyway).
_SPACED = (
    re.compile(r"(?<![a-z0-9])[a-z0-9](?:(?:[^\w\n]|_){1,3}[a-z0-9](?![a-z0-9])){2,}"),
    re.compile(r"(?<![ぁ-ゖー])[ぁ-ゖー](?:[・*/.|_-]{1,3}[ぁ-ゖー]){2,}"),  # kana need no word boundary
)
_SEPARATOR = re.compile(r"[^\w\n]|_")
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff"  # kana, kanji and their punctuation
# The runs of blanks that go: whole at either end or next to kana or kanji, all but one elsewhere.
_EXTRA_BLANKS = re.compile(
    rf"^[^\S\n]+|[^\S\n]+\Z|(?<=[{_CJK}])[^\S\n]+|[^\S\n]+(?=[{_CJK}])|[^\S\n](?P<extra>[^\S\n]+)"
)
_SENTENCE_END = re.compile(r"[。！？!?;\n]+|\.(?=\s|$)")


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
    """Folded text; folded character i came from the source characters `starts[i]` to `ends[i]`."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind folded[start:end]."""
        return self.starts[start], self.ends[end - 1]

    def drop(self, dropped: list[int]) -> Folded:
        """The same text without the characters at the given (sorted) positions."""
        if not dropped:
            return self
        texts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        previous = 0
        for position in [*dropped, len(self.text)]:
            texts.append(self.text[previous:position])
            starts.extend(self.starts[previous:position])
            ends.extend(self.ends[previous:position])
            previous = position + 1
        return Folded("".join(texts), tuple(starts), tuple(ends))


_UNITS: dict[str, str] = {}  # a character (with its marks) and what it folds to; texts repeat characters
_MARKS: dict[str, bool] = {}


def _unit(chunk: str) -> str:
    unit = _UNITS.get(chunk)
    if unit is None:
        unit = "".join(
            "\n" if c in _LINE_BREAKS else " " if c.isspace() else c
            for c in fold_kana(unicodedata.normalize("NFKC", chunk).casefold())
            if c not in _INVISIBLE and c not in _QUOTES
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


def fold(text: str) -> Folded:
    """NFKC, case-fold and kana-fold each character (with its voicing marks), drop quotes and brackets
    that only frame words, then undo spacing tricks."""
    units = {c: _unit(c) for c in set(text)}
    if "\r" not in units and not any(map(_is_mark, units)):
        # Every character folds on its own ("…" to "...", "ｶ" to "か"): one pass in C.
        folded = text.translate({ord(c): u or None for c, u in units.items()})
        sizes = {c: len(u) for c, u in units.items()}
        if all(size == 1 for size in sizes.values()):
            result = Folded(folded, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
        else:  # each source position repeated once per character it folds to (none when dropped)
            starts = tuple(chain.from_iterable(map(repeat, range(len(text)), map(sizes.__getitem__, text))))
            result = Folded(folded, starts, tuple(map((1).__add__, starts)))
    else:
        result = _fold_slowly(text)
    return _collapse_spacing(_join_cjk(result))


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
    dropped: list[int] = []
    for m in _EXTRA_BLANKS.finditer(folded.text):
        dropped.extend(range(m.start("extra") if m["extra"] else m.start(), m.end()))
    return folded.drop(dropped)


def _collapse_spacing(folded: Folded) -> Folded:
    """ "l i n e", "l.i.n.e" and "s-k-y-p-e" become "line" and "skype"."""
    dropped: list[int] = []
    for spaced in _SPACED:
        for m in spaced.finditer(folded.text):
            dropped.extend(s.start() for s in _SEPARATOR.finditer(folded.text, m.start(), m.end()))
    return folded.drop(sorted(set(dropped)))


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
