"""The red-flag check: the warning signs of domain.md, found in a pasted client message or job post.

The rules are data (redflags.toml): per flag and language, each rule lists patterns that must all match
within one sentence (or the whole text) and patterns that clear it (an innocent look-alike such as
"after escrow is funded we can use Chatwork"). Text and patterns are folded alike (bot.protection.text),
so one pattern covers full-width, kana and spacing variants.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.protection.text import fold, fold_pattern, sentences

_TERM = re.compile(r"\{([a-z_]+)\}")
_UPPER = re.compile(r"(?<!\\)[A-Z]")
_ANCHORED = re.compile(r"(?<![\\[])\^|(?<!\\)\$|\\[AZ]")
QUOTE_CHARS = 60
MAX_QUOTES = 3
_KANA_TAIL = 8


@dataclass(frozen=True, slots=True)
class Rule:
    flag: str
    lang: str
    all: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    whole_text: bool = False  # match across sentences (e.g. "for beginners" ... "¥500,000 a month")

    @property
    def gates(self) -> tuple[re.Pattern[str], ...]:
        """Patterns that cannot match in a sentence unless they match somewhere in the whole text (no
        anchors): one search of the whole text each rules the rule out for most messages."""
        return tuple(p for p in self.all if not _ANCHORED.search(p.pattern))


@dataclass(frozen=True, slots=True)
class Finding:
    """One raised flag and the words (as the sender wrote them) that raised it."""

    code: str
    quotes: tuple[str, ...]


def _compile(pattern: str, terms: Mapping[str, str]) -> re.Pattern[str]:
    def term(m: re.Match[str]) -> str:
        if m[1] not in terms:
            raise ValueError(f"redflags.toml: unknown term {{{m[1]}}}")
        return f"(?:{terms[m[1]]})"

    folded = fold_pattern(_TERM.sub(term, pattern))
    if _UPPER.search(folded):
        raise ValueError(f"redflags.toml: write patterns in lower case (text is case-folded): {pattern}")
    return re.compile(folded)  # no IGNORECASE: several times slower, and the text is folded already


def load_rules(raw: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Rule, ...]]:
    """Flag codes in file order, and every rule; `{name}` in a pattern stands for a [terms] entry."""
    terms: dict[str, str] = {}
    for name, value in raw.get("terms", {}).items():
        terms[name] = _TERM.sub(lambda m: f"(?:{terms[m[1]]})", value)
    codes: list[str] = []
    rules: list[Rule] = []
    for code, langs in raw.items():
        if code == "terms":
            continue
        codes.append(code)
        for lang, entries in langs.items():
            for entry in entries:
                rules.append(
                    Rule(
                        code,
                        lang,
                        tuple(_compile(p, terms) for p in entry["all"]),
                        tuple(_compile(p, terms) for p in entry.get("unless", ())),
                        entry.get("scope", "sentence") == "text",
                    )
                )
    return tuple(codes), tuple(rules)


@cache
def _rules() -> tuple[tuple[str, ...], tuple[Rule, ...]]:
    text = resources.files("bot.protection").joinpath("redflags.toml").read_text("utf-8")
    return load_rules(tomllib.loads(text))


def flag_codes() -> tuple[str, ...]:
    return _rules()[0]


def check(text: str) -> list[Finding]:
    """Every flag the text raises, in the catalog's order, each with up to three quotes."""
    codes, rules = _rules()
    folded = fold(text)
    whole = [(0, len(folded.text))]
    parts = sentences(folded.text)
    spans: dict[str, list[tuple[int, int]]] = {}
    for rule in rules:
        if not rule.whole_text and not all(g.search(folded.text) for g in rule.gates):
            continue
        for start, end in whole if rule.whole_text else parts:
            part = folded.text[start:end]
            matches = [p.search(part) for p in rule.all]
            if not all(matches) or any(u.search(part) for u in rule.unless):
                continue
            spans.setdefault(rule.flag, []).extend(
                folded.source(start + m.start(), start + m.end())
                for m in matches
                if m and m.end() > m.start()
            )
    return [Finding(code, _quotes(text, spans[code])) for code in codes if code in spans]


def _word_end(text: str, end: int) -> int:
    """A match that stops inside a word is quoted to the word's end: "送" -> "送りください", "regist" ->
    "registration". Kana endings (okurigana) run at most a few characters."""
    if end < len(text) and text[end - 1 : end].isascii() and text[end - 1].isalnum():
        while end < len(text) and text[end].isascii() and text[end].isalnum():
            end += 1
    limit = min(len(text), end + _KANA_TAIL)
    while end < limit and _is_hiragana(text[end]):
        end += 1
    if end < limit and _is_hiragana(text[end - 1]) and _is_kanji(text[end]):
        while end < limit and (_is_hiragana(text[end]) or _is_kanji(text[end])):  # "にお|伝えします"
            end += 1
    return end


def _is_hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u309f"


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _quotes(text: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The sender's own words in reading order: overlapping matches merged, repeats dropped, each
    shortened for a reply, at most MAX_QUOTES."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    for start, end in merged:
        end = _word_end(text, end)
        words = " ".join(text[start:end].split())
        if len(words) > QUOTE_CHARS:
            words = words[: QUOTE_CHARS - 1] + "…"
        if words and words not in out:
            out.append(words)
    return tuple(out[:MAX_QUOTES])
