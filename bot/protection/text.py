"""Folding pasted text so that one pattern matches every spelling a scammer tries.

Full-width and half-width forms, upper and lower case, katakana and hiragana, zero-width characters
and spacing tricks ("L I N E", "Ｌ　Ｉ　Ｎ　Ｅ", "ラ イ ン", "s.k.y.p.e") all fold to one form. Every
folded character remembers where it came from, so a match can be quoted as the sender wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_VOICING = frozenset("\uff9e\uff9f\u3099\u309a")  # half-width and combining (semi-)voiced sound marks
_KATAKANA_FIRST, _KATAKANA_LAST = 0x30A1, 0x30F6
_KANA_SHIFT = 0x60  # katakana to hiragana
# Three or more single letters or digits in a row, each apart by one to three spaces or symbols; and
# three or more kana apart by dots or dashes (spaces next to kana are dropped anyway).
_SPACED = (
    re.compile(r"(?<![a-z0-9])[a-z0-9](?:(?:[^\w\n]|_){1,3}[a-z0-9](?![a-z0-9])){2,}"),
    re.compile(r"(?<![ぁ-ゖー])[ぁ-ゖー](?:[・*/.|_-]{1,3}[ぁ-ゖー]){2,}"),  # kana need no word boundary
)
_SEPARATOR = re.compile(r"[^\w\n]|_")
_BLANKS = re.compile(r"[^\S\n]+")
_SENTENCE_END = re.compile(r"[。！？!?;\n]+|\.(?=\s|$)")


def fold_kana(text: str) -> str:
    """Katakana to hiragana: ライン, らいん and ﾗｲﾝ (after NFKC) read the same."""
    return "".join(
        chr(ord(c) - _KANA_SHIFT) if _KATAKANA_FIRST <= ord(c) <= _KATAKANA_LAST else c for c in text
    )


def fold_pattern(pattern: str) -> str:
    """A rule's pattern gets the same width and kana folding as the text it is matched against."""
    return fold_kana(unicodedata.normalize("NFKC", pattern))


def _is_cjk(c: str) -> bool:
    code = ord(c)
    return 0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text; `origin[i]` is the (start, end) of the source characters folded character i came from."""

    text: str
    origin: tuple[tuple[int, int], ...]

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind folded[start:end]."""
        return self.origin[start][0], self.origin[end - 1][1]

    def keep(self, keep: list[bool]) -> Folded:
        return Folded(
            "".join(c for c, k in zip(self.text, keep, strict=True) if k),
            tuple(o for o, k in zip(self.origin, keep, strict=True) if k),
        )


def fold(text: str) -> Folded:
    """NFKC, case-fold and kana-fold each character (with its voicing marks), then undo spacing tricks."""
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or text[j] in _VOICING):
            j += 1
        unit = fold_kana(unicodedata.normalize("NFKC", text[i:j]).casefold())
        if unit == "\r" and text[j : j + 1] == "\n":
            unit = ""  # CRLF is one line break
        for c in unit:
            if c in _INVISIBLE:
                continue
            if c.isspace():
                c = "\n" if c in "\n\r\v\f\u2028\u2029\x1c\x1d\x1e\x85" else " "
            chars.append(c)
            origin.append((i, j))
        i = j
    folded = Folded("".join(chars), tuple(origin))
    return _collapse_spacing(_join_cjk(folded))


def _join_cjk(folded: Folded) -> Folded:
    """Japanese needs no spaces between words: a blank next to kana or kanji is dropped, and other
    runs of blanks become one space."""
    text = folded.text
    keep = [True] * len(text)
    for m in _BLANKS.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        drop_all = (before and _is_cjk(before)) or (after and _is_cjk(after)) or not before or not after
        for k in range(m.start() + (0 if drop_all else 1), m.end()):
            keep[k] = False
    return folded.keep(keep)


def _collapse_spacing(folded: Folded) -> Folded:
    """ "l i n e", "l.i.n.e" and "s-k-y-p-e" become "line" and "skype"."""
    keep = [True] * len(folded.text)
    for spaced in _SPACED:
        for m in spaced.finditer(folded.text):
            for s in _SEPARATOR.finditer(folded.text, m.start(), m.end()):
                keep[s.start()] = False
    return folded.keep(keep)


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
