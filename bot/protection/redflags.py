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

from bot.protection.model import model
from bot.protection.prefilter import fast_search
from bot.protection.text import Folded, fold, fold_pattern, sentences

_TERM = re.compile(r"\{([a-z_]+)\}")
_UPPER = re.compile(r"(?<!\\)[A-Z]")
_ANCHORED = re.compile(r"(?<![\\[])\^|(?<!\\)\$|\\[AZ]")
_CLAUSE_MARKS = ",、，"
# Which sentences a language's rules read: Japanese ones need kana or kanji, English ones Latin letters.
_SCRIPTS = {"ja": re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]"), "en": re.compile(r"[a-z]")}
_TABLES = frozenset({"terms", "context"})
QUOTE_CHARS = 60
_SHORT_WORD = 5
MAX_QUOTES = 3
_KANA_TAIL = 8


@dataclass(frozen=True, slots=True)
class Rule:
    flag: str
    lang: str
    all: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    whole_text: bool = False  # match across sentences (e.g. "for beginners" ... "¥500,000 a month")
    # The first unanchored pattern, made fast to search the whole text with: it cannot match in a
    # sentence unless it matches somewhere in the whole text, so it finds the few sentences to read.
    gate: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a whole message or a clause says about a match: escrow already funded anywhere in the
    message clears the flags that only hold before funding; a prohibition around a match clears it."""

    funded: tuple[re.Pattern[str], ...] = ()
    after_funding: tuple[str, ...] = ()
    cue_before: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # ends where the match starts
    cue_after: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # starts where the match ends
    mention: tuple[re.Pattern[str], ...] = ()  # the sentence talks about scams rather than running one

    def is_funded(self, text: str) -> bool:
        return any(p.search(text) for p in self.funded)

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
                gates = [fast_search(p) for p in patterns if not _ANCHORED.search(p.pattern)]
                rules.append(
                    Rule(
                        code,
                        lang,
                        patterns,
                        tuple(_compile(p, terms) for p in entry.get("unless", ())),
                        entry.get("scope", "sentence") == "text",
                        gates[0] if gates else None,
                    )
                )
    ctx = raw.get("context", {})
    unknown = set(ctx.get("after_funding", ())) - set(codes)
    if unknown:
        raise ValueError(f"redflags.toml: unknown flags in after_funding: {sorted(unknown)}")
    context = Context(
        tuple(fast_search(_compile(p, terms)) for p in ctx.get("funded", ())),
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
    spans, cleared = _rule_spans(folded, parts, rules, context)
    judge = model()
    known, scale = judge.features(folded.text)
    missed = [f for f in judge.raised(judge.score(known, scale)) if f not in spans and f not in cleared]
    for flag in missed:
        spans[flag] = [folded.source(*_best_sentence(folded.text, parts, judge.evidence(flag, known)))]
    if context.is_funded(folded.text):
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
    spans, cleared = _rule_spans(folded, sentences(folded.text), rules, context)
    raised = set(spans)
    if context.is_funded(folded.text):
        raised -= set(context.after_funding)
        cleared |= set(context.after_funding)
    return frozenset(raised), frozenset(cleared)


def _rule_spans(
    folded: Folded, parts: list[tuple[int, int]], rules: tuple[Rule, ...], context: Context
) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """Source spans of every rule match, per flag, and the flags a rule saw and cleared (an innocent
    look-alike it knows, or a prohibition). A rule reads only sentences in its language, and a match
    inside a prohibition ("do not send your ID", "身分証は送らないでください") does not count."""
    text = folded.text
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
        if rule.whole_text:
            candidates = [(0, len(text))]
        else:
            candidates = [parts[i] for i in _gated(text, parts, rule) if written_in(rule.lang, i)]
        for start, end in candidates:
            part = text[start:end]
            matches = [p.search(part) for p in rule.all]
            if not all(matches):
                continue
            found = [m for m in matches if m and m.end() > m.start()]
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


def _gated(text: str, parts: list[tuple[int, int]], rule: Rule) -> list[int]:
    """The sentences where the rule's first unanchored pattern can match, found by searching the whole
    text from one candidate to the next (a match inside a sentence is a match in the whole text), so a
    long message costs a few searches, not one per sentence."""
    gate, found, i = rule.gate, [], 0
    if gate is None:
        return list(range(len(parts)))
    while i < len(parts):
        m = gate.search(text, parts[i][0])
        if m is None:
            break
        while i < len(parts) and parts[i][1] <= m.start():
            i += 1
        if i < len(parts) and parts[i][0] <= m.start():
            found.append(i)
            i += 1
    return found


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
