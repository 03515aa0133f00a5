"""The red-flag check: the warning signs of domain.md, found in a pasted client message or job post.

Two halves read the same folded text (bot.protection.text: width, case, kana, framing quotes and
spacing undone). The rules are data (redflags.toml): per flag and language, each rule lists patterns
that must all match within one sentence (or the whole text) and patterns that clear it (an innocent
look-alike such as "after escrow is funded we can use Chatwork"); a match inside a prohibition ("never
send your ID") or a sentence about scams does not count, and escrow already funded anywhere in the
message clears the flags that only hold before funding. The model (bot.protection.model) raises what
the rules missed, except what a rule saw and cleared.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from bot.protection.model import model, ngrams
from bot.protection.prefilter import fast_search, needs
from bot.protection.text import Folded, fold, fold_pattern, sentences

_TERM = re.compile(r"\{([a-z_]+)\}")
_UPPER = re.compile(r"(?<!\\)[A-Z]")
_CLAUSE_MARKS = ",、，"
# Which sentences a language's rules read: Japanese ones need kana or kanji, English ones Latin letters.
_SCRIPTS = {"ja": re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]"), "en": re.compile(r"[a-z]")}
_TABLES = frozenset({"terms", "context"})
QUOTE_CHARS = 60
_SHORT_WORD = 5
MAX_QUOTES = 3
_KANA_TAIL = 8
# The text's character n-grams up to this size tell at once whether a needed string can be in it.
KEY_SIZES = (1, 2, 3, 4)
_KEY = len(KEY_SIZES)


@dataclass(frozen=True, slots=True)
class Rule:
    flag: str
    lang: str
    all: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    whole_text: bool = False  # match across sentences (e.g. "for beginners" ... "¥500,000 a month")
    # Sets of strings such that every match of the rule holds one of each (read from its patterns): a
    # sentence missing every string of one set cannot match, so most rules read few sentences or none.
    needs: tuple[Need, ...] = ()


@dataclass(frozen=True, slots=True)
class Need:
    """Strings one of which every match holds, by their first _KEY characters: the keys are looked up
    among the text's n-grams all at once."""

    by_key: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, strings: frozenset[str]) -> Need:
        by_key: dict[str, list[str]] = {}
        for s in sorted(strings):
            by_key.setdefault(s[:_KEY], []).append(s)
        return cls({key: tuple(found) for key, found in by_key.items()})


class Where:
    """Which sentences of one folded text hold a string, looked up once per string for every rule: the
    text's n-grams (up to _KEY characters) rule most strings out without a search."""

    __slots__ = ("_found", "_starts", "_texts", "grams", "parts", "text")

    def __init__(self, text: str, parts: list[tuple[int, int]], grams: set[str]) -> None:
        self.text, self.parts, self.grams = text, parts, grams
        self._starts = [start for start, _ in parts]
        self._found: dict[str, set[int]] = {}
        self._texts: list[str] = []

    def may_hold(self, need: Need) -> bool:
        """Whether the text has the first characters of one of the strings (when not, it holds none)."""
        return not self.grams.isdisjoint(need.by_key)

    def holding_all(self, needs: tuple[Need, ...]) -> list[int]:
        """The sentences (by index, in order) that hold one string of each need: those of the most telling
        need (long strings, few of them in the text), then of these, the ones that hold one of each other."""
        if not needs:
            return list(range(len(self.parts)))
        present = sorted(
            ([s for key in self.grams.intersection(need.by_key) for s in need.by_key[key]] for need in needs),
            key=lambda strings: (-min(_KEY, min(map(len, strings), default=0)), len(strings)),
        )
        held: set[int] = set()
        for s in present[0]:
            held |= self._sentences(s)
        if len(present) > 1 and held:
            if not self._texts:
                self._texts = [self.text[start:end] for start, end in self.parts]
            texts = self._texts
            held = {i for i in held if all(any(s in texts[i] for s in strings) for strings in present[1:])}
        return sorted(held)

    def _sentences(self, string: str) -> set[int]:
        found = self._found.get(string)
        if found is None:
            found = self._found[string] = set()
            text, parts, at = self.text, self.parts, self.text.find(string)
            while at >= 0:
                i = bisect_right(self._starts, at) - 1
                if i >= 0 and at + len(string) <= parts[i][1]:
                    found.add(i)
                at = text.find(string, at + 1)
        return found


@dataclass(frozen=True, slots=True)
class Context:
    """What a whole message or a clause says about a match: escrow already funded anywhere in the
    message clears the flags that only hold before funding; a prohibition around a match clears it."""

    funded: tuple[tuple[re.Pattern[str], tuple[Need, ...]], ...] = ()  # and its needs
    after_funding: tuple[str, ...] = ()
    cue_before: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # ends where the match starts
    cue_after: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # starts where the match ends
    mention: tuple[re.Pattern[str], ...] = ()  # the sentence talks about scams rather than running one

    def is_funded(self, where: Where) -> bool:
        return any(all(map(where.may_hold, need)) and p.search(where.text) for p, need in self.funded)

    def negated(self, lang: str, part: str, start: int, end: int) -> bool:
        """Whether the sentence only mentions scams, or the clause around part[start:end] forbids what was
        matched ("never send your ID")."""
        clause_start = max(part.rfind(c, 0, start) for c in _CLAUSE_MARKS) + 1
        before, after = self.cue_before.get(lang), self.cue_after.get(lang)
        return (
            any(p.search(part) for p in self.mention)
            or bool(before and before.search(part[clause_start:start]))
            # Japanese says "no" last, often after a list: "教材の購入、登録料は一切ございません".
            or bool(after and after.search(part[end:]))
        )


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


def load_rules(raw: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Rule, ...], Context]:
    """Flag codes in file order, every rule, and the message context; `{name}` in a pattern stands for
    a [terms] entry."""
    terms: dict[str, str] = {}
    for name, value in raw.get("terms", {}).items():
        terms[name] = _TERM.sub(lambda m: f"(?:{terms[m[1]]})", value)
    codes: list[str] = []
    rules: list[Rule] = []
    for code, langs in raw.items():
        if code in _TABLES:
            continue
        codes.append(code)
        for lang, entries in langs.items():
            for entry in entries:
                patterns = tuple(_compile(p, terms) for p in entry["all"])
                whole_text = entry.get("scope", "sentence") == "text"
                rules.append(
                    Rule(
                        code,
                        lang,
                        tuple(map(fast_search, patterns)) if whole_text else patterns,
                        tuple(_compile(p, terms) for p in entry.get("unless", ())),
                        whole_text,
                        tuple(map(Need.of, dict.fromkeys(n for p in patterns for n in needs(p)))),
                    )
                )
    ctx = raw.get("context", {})
    unknown = set(ctx.get("after_funding", ())) - set(codes)
    if unknown:
        raise ValueError(f"redflags.toml: unknown flags in after_funding: {sorted(unknown)}")
    context = Context(
        tuple(
            (fast_search(p), tuple(map(Need.of, needs(p))))
            for p in (_compile(p, terms) for p in ctx.get("funded", ()))
        ),
        tuple(ctx.get("after_funding", ())),
        {lang: _compile(p, terms) for lang, p in ctx.get("negation_before", {}).items()},
        {lang: _compile(p, terms) for lang, p in ctx.get("negation_after", {}).items()},
        tuple(_compile(p, terms) for p in ctx.get("mention", ())),
    )
    return tuple(codes), tuple(rules), context


@cache
def _rules() -> tuple[tuple[str, ...], tuple[Rule, ...], Context]:
    text = resources.files("bot.protection").joinpath("redflags.toml").read_text("utf-8")
    return load_rules(tomllib.loads(text))


def flag_codes() -> tuple[str, ...]:
    return _rules()[0]


def check(text: str) -> list[Finding]:
    """Every flag the text raises, in the catalog's order, each with up to three quotes: the rules'
    matches, or for a flag only the model raised, the sentence that scores highest for it. The model
    cannot raise a flag a rule saw and cleared (a known look-alike, a prohibition), and escrow already
    funded clears the flags that only hold before funding."""
    codes, rules, context = _rules()
    folded = fold(text)
    parts = sentences(folded.text)
    grams = ngrams(folded.text, KEY_SIZES)
    where = Where(folded.text, parts, grams)
    spans, cleared = _rule_spans(folded, where, rules, context)
    judge = model()
    known, scale = judge.features(folded.text, grams if judge.sizes == KEY_SIZES else None)
    missed = [f for f in judge.raised(judge.score(known, scale)) if f not in spans and f not in cleared]
    for flag in missed:
        spans[flag] = [folded.source(*_best_sentence(folded.text, parts, judge.evidence(flag, known)))]
    if context.is_funded(where):
        for flag in context.after_funding:
            spans.pop(flag, None)
    return [Finding(code, _quotes(text, spans[code])) for code in codes if code in spans]


def _best_sentence(text: str, parts: list[tuple[int, int]], evidence: list[str]) -> tuple[int, int]:
    """The sentence holding the most of the model's evidence (its heaviest n-grams, heaviest first)."""
    hits = [0.0] * len(parts)
    starts = [start for start, _ in parts]
    for rank, gram in enumerate(evidence):
        at = text.find(gram)
        i = bisect_right(starts, at) - 1
        if at >= 0 and i >= 0 and at < parts[i][1]:
            hits[i] += len(evidence) - rank
    return parts[max(range(len(parts)), key=hits.__getitem__)] if parts else (0, len(text))


def rule_verdicts(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The flags the rules alone raise, and those they saw and cleared: what the model is combined with
    (bench/redflags_train.py chooses its thresholds on these)."""
    _, rules, context = _rules()
    folded = fold(text)
    where = Where(folded.text, sentences(folded.text), ngrams(folded.text, KEY_SIZES))
    spans, cleared = _rule_spans(folded, where, rules, context)
    raised = set(spans)
    if context.is_funded(where):
        raised -= set(context.after_funding)
        cleared |= set(context.after_funding)
    return frozenset(raised), frozenset(cleared)


def _rule_spans(
    folded: Folded, where: Where, rules: tuple[Rule, ...], context: Context
) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """Source spans of every rule match, per flag, and the flags a rule saw and cleared (an innocent
    look-alike it knows, or a prohibition). A rule reads only sentences in its language, and a match
    inside a prohibition ("do not send your ID", "身分証は送らないでください") does not count."""
    text, parts = folded.text, where.parts
    present = {lang for lang, script in _SCRIPTS.items() if script.search(text)}
    in_lang: dict[tuple[str, int], bool] = {}  # (language, sentence): whether it is written in it

    def written_in(lang: str, i: int) -> bool:
        known = in_lang.get((lang, i))
        if known is None:
            known = in_lang[(lang, i)] = bool(_SCRIPTS[lang].search(text, *parts[i]))
        return known

    spans: dict[str, list[tuple[int, int]]] = {}
    cleared: set[str] = set()
    for rule in rules:
        if rule.lang not in present:
            continue
        if not all(map(where.may_hold, rule.needs)):
            continue
        if rule.whole_text:
            candidates = [(0, len(text))]
        else:
            candidates = [parts[i] for i in where.holding_all(rule.needs) if written_in(rule.lang, i)]
        for start, end in candidates:
            part = text[start:end]
            matches = _all_match(rule.all, part)
            if matches is None:
                continue
            found = [m for m in matches if m.end() > m.start()]
            if any(u.search(part) for u in rule.unless) or (
                found
                and context.negated(
                    rule.lang, part, max(m.start() for m in found), max(m.end() for m in found)
                )
            ):
                cleared.add(rule.flag)
                continue
            spans.setdefault(rule.flag, []).extend(
                folded.source(start + m.start(), start + m.end()) for m in found
            )
    return spans, cleared


def _all_match(patterns: tuple[re.Pattern[str], ...], part: str) -> list[re.Match[str]] | None:
    """The match of every pattern in the part, or None as soon as one does not match."""
    matches = []
    for pattern in patterns:
        m = pattern.search(part)
        if m is None:
            return None
        matches.append(m)
    return matches


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
    # A bare short English word ("do", "send") says nothing beside a longer quote of the same flag.
    telling = [q for q in out if not (q.isascii() and len(q) < _SHORT_WORD)]
    return tuple((telling or out)[:MAX_QUOTES])
