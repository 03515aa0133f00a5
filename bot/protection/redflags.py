"""The red-flag check: the warning signs of domain.md, found in a pasted client message or job post.

Two halves read the same folded text (bot.protection.text: width, case, kana, framing quotes and
spacing undone). The rules are data (redflags.toml): per flag and language, each rule lists patterns
that must all match within one sentence (or the whole text) and patterns that clear it (an innocent
look-alike such as "after escrow is funded we can use Chatwork"); a match inside a prohibition ("never
send your ID"), a sentence about scams or a quotation in a message about them does not count, escrow
already funded anywhere in the message clears the flags that only hold before funding, and a direct
client paying on an invoice leaves and pays off no platform. The model (bot.protection.model) raises
what the rules missed, except what a rule saw and cleared.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from itertools import count, repeat, takewhile
from typing import Any, cast

from bot.protection.model import model, ngrams
from bot.protection.prefilter import fast_search, leads, needs
from bot.protection.text import SENTENCE_MARKS, Folded, fold, fold_pattern, language, sentences

_TERM = re.compile(r"\{([a-z_]+)\}")
_UPPER = re.compile(r"(?<!\\)[A-Z]")
_CLAUSE_MARKS = ",、，"
# Which sentences a language's rules read: Japanese ones need kana or kanji, English ones Latin letters.
_SCRIPTS = {"ja": re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]"), "en": re.compile(r"[a-z]")}
_TABLES = frozenset({"terms", "context", "reply", "quote", "model"})
QUOTE_CHARS = 60
_SHORT_WORD = 5
MAX_QUOTES = 3
_KANA_TAIL = 8
# The text's character n-grams up to this size tell at once whether a needed string can be in it (the
# model's own n-grams serve when they include these sizes).
KEY_SIZES = (1, 2, 3, 4)
_KEY = len(KEY_SIZES)


@dataclass(frozen=True, slots=True)
class Rule:
    flag: str
    lang: str
    all: tuple[re.Pattern[str], ...]
    # With their needs and leads: a whole-text rule's look-alikes are tried only where a match can start.
    unless: tuple[Gated, ...] = ()
    whole_text: bool = False  # match across sentences (e.g. "for beginners" ... "¥500,000 a month")
    # Sets of strings such that every match of the rule holds one of each (read from its patterns), the
    # most telling first: a text missing every string of one set cannot match, and only the sentences
    # holding a string of the first can, so most rules read few sentences or none.
    needs: tuple[Need, ...] = ()
    # Per pattern of a whole-text rule: strings one of which its every match starts with (None: unknown),
    # the only places where it is tried.
    leads: tuple[Need | None, ...] = ()
    keys: tuple[frozenset[str], ...] = ()  # per need, its strings' keys (Need.keys)
    # A match the model cannot overrule: a request no innocent message makes ("email us your password").
    firm: bool = False
    # Work asked for free: escrow funded does not clear the match, since it pays only the contracted work
    # ("the escrow is funded; for the next article, do a free sample first").
    unpaid: bool = False


@dataclass(frozen=True, slots=True)
class Need:
    """Strings one of which every match holds, each filed under a key, one of its n-grams of _KEY
    characters (the keys are looked up among the text's n-grams all at once), with its other n-grams: a
    string whose n-grams are not all in the text is not in it either, known without a search."""

    by_key: Mapping[str, tuple[tuple[str, frozenset[str]], ...]]
    keys: frozenset[str] = frozenset()  # those of by_key, as a set: a test against the text's is one in C

    @classmethod
    def of(cls, strings: frozenset[str], spelled: Mapping[str, int]) -> Need:
        """The key of a string is the n-gram of it that the rules spell least often (`spelled`, the first
        of equals): strings built from the same words ("send me", "send us", "send your") share their
        first n-gram, and a text that has it seldom has the rest, so a key that the text lacks rules
        out a string at once instead of after a test of its other n-grams."""
        by_key: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for s in sorted(strings):
            pieces = [s[i : i + _KEY] for i in range(max(1, len(s) - _KEY + 1))]
            key = min(pieces, key=lambda piece: spelled.get(piece, 0))
            by_key.setdefault(key, []).append((s, frozenset(pieces) - {key}))
        return cls({key: tuple(found) for key, found in by_key.items()}, frozenset(by_key))


def _spelled(raw: Mapping[str, Any]) -> Counter[str]:
    """How often each n-gram of _KEY characters is written in the rules (every string of redflags.toml,
    folded as a pattern is): the words the patterns join are spelled often, their joins seldom."""
    folded = [fold_pattern(s) for s in _strings(raw)]
    return Counter(s[i : i + _KEY] for s in folded for i in range(len(s) - _KEY + 1))


def _strings(value: Any) -> Iterator[str]:
    """Every string in a table read from TOML, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping | list):
        for item in value.values() if isinstance(value, Mapping) else value:
            yield from _strings(item)


class Where:
    """Which sentences of one folded text hold a string, looked up once per string for every rule: the
    text's n-grams (up to _KEY characters) rule most strings out without a search."""

    __slots__ = (
        "_finds",
        "_found",
        "_places",
        "_present_of",
        "_sentence_at",
        "_texts",
        "grams",
        "parts",
        "text",
    )

    def __init__(self, text: str, parts: list[tuple[int, int]], grams: set[str]) -> None:
        self.text, self.parts, self.grams = text, parts, grams
        self._sentence_at: list[int] = []  # per character: its sentence (-1 between sentences)
        self._found: dict[str, set[int]] = {}
        self._places: dict[str, list[int]] = {}
        self._texts: list[str] = []  # the sentences' own strings, cut once for every rule
        self._present_of: dict[int, list[str]] = {}  # per need (by id): its strings that may be here
        self._finds: dict[tuple[str, int], bool] = {}  # per pattern (by source and flags): whether it matches

    def may_hold(self, need: Need) -> bool:
        """Whether the text has the key of one of the strings (when not, it holds none)."""
        return not self.grams.isdisjoint(need.keys)

    def sentence(self, i: int) -> str:
        if not self._texts:
            self._texts = [self.text[start:end] for start, end in self.parts]
        return self._texts[i]

    def holding(self, needs: tuple[Need, ...]) -> list[int]:
        """The sentences (by index, in order) that hold one string of each need. The strings of the
        first (the most telling) are found through the text; those of the others only in the few
        sentences left, not through the whole text each."""
        if not needs:
            return list(range(len(self.parts)))
        held: set[int] = set().union(*map(self._sentences, self._present(needs[0])))
        for need in needs[1:]:
            if not held:
                return []
            strings = self._present(need)
            held = {i for i in held if any(map(self.sentence(i).__contains__, strings))}
        return sorted(held)

    def search(self, pattern: re.Pattern[str], lead: Need | None) -> re.Match[str] | None:
        """The first match of the pattern in the whole text, tried only where one of the strings that
        lead its every match is (the first to match there is the one a search from the start finds)."""
        if lead is None:
            return pattern.search(self.text)
        places = sorted({at for s in self._present(lead) for at in self._at(s)})
        return next(filter(None, map(pattern.match, repeat(self.text), places)), None)

    def finds(self, gated: Gated) -> bool:
        """Whether the pattern matches anywhere in the text: not when it misses a need, else tried where
        a match can start. Known once per text for every rule that names the same pattern (three
        Japanese mass_recruiting rules share one long list of look-alikes)."""
        pattern, pattern_needs, lead = gated
        key = (pattern.pattern, pattern.flags)
        found = self._finds.get(key)
        if found is None:
            found = self._finds[key] = (
                all(map(self.may_hold, pattern_needs)) and self.search(pattern, lead) is not None
            )
        return found

    def may_match(self, gated: Gated, part: str) -> bool:
        """Whether a piece of the text holds one string of each of the pattern's needs (else the pattern
        cannot match there)."""
        return all(any(map(part.__contains__, self._present(need))) for need in gated[1])

    def _present(self, need: Need) -> list[str]:
        """The strings of the need that may be in the text: all their n-grams are."""
        found = self._present_of.get(id(need))
        if found is None:
            grams, by_key = self.grams, need.by_key
            found = self._present_of[id(need)] = [
                s
                for key in grams.intersection(need.keys)
                for s, pieces in by_key[key]
                if grams.issuperset(pieces)
            ]
        return found

    def _at(self, string: str) -> list[int]:
        found = self._places.get(string)
        if found is None:
            found = self._places[string] = []
            text, at = self.text, self.text.find(string)
            while at >= 0:
                found.append(at)
                at = text.find(string, at + 1)
        return found

    def _sentences(self, string: str) -> set[int]:
        found = self._found.get(string)
        if found is None:
            if not self._sentence_at:
                self._sentence_at = [-1] * len(self.text)
                for i, (start, end) in enumerate(self.parts):
                    self._sentence_at[start:end] = repeat(i, end - start)
            if SENTENCE_MARKS.isdisjoint(string):  # then it cannot run past the end of its sentence
                found = set(map(self._sentence_at.__getitem__, self._at(string)))
            else:
                found = {
                    self._sentence_at[at] for at in self._at(string) if self._within(at, at + len(string))
                }
            self._found[string] = found
        return found

    def _within(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside one sentence."""
        i = self._sentence_at[start]
        return i >= 0 and end <= self.parts[i][1]


# A pattern read in a whole message, with its needs and its lead (Where.finds).
Gated = tuple[re.Pattern[str], tuple[Need, ...], Need | None]


def _gated(pattern: re.Pattern[str], spelled: Mapping[str, int]) -> Gated:
    return fast_search(pattern), tuple(Need.of(n, spelled) for n in needs(pattern)), _lead(pattern, spelled)


@dataclass(frozen=True, slots=True)
class Context:
    """What a whole message or a clause says about a match: escrow already funded anywhere in the
    message clears the flags that only hold before funding, a direct client paying on an invoice clears
    payment off the platform, and a prohibition around a match clears it."""

    funded: tuple[Gated, ...] = ()
    # A promise that escrow comes first ("don't start until the milestone is funded"): it clears what a claim
    # of funding clears, but is no claim that anything is paid in.
    funds_first: tuple[Gated, ...] = ()
    # The funding said is for the work done, while the message asks about the next job ("milestone released;
    # for the next job, LINE me"): it funds nothing the request is about.
    next_job: tuple[Gated, ...] = ()
    after_funding: tuple[str, ...] = ()
    # Of those, the flags about talking outside the platform: kept where its rules forbid that all along.
    outside_contact: tuple[str, ...] = ()
    cue_before: Mapping[str, Gated] = field(default_factory=dict)  # ends where the match starts
    cue_after: Mapping[str, Gated] = field(default_factory=dict)  # starts where the match ends
    mention: tuple[Gated, ...] = ()  # the sentence talks about scams rather than running one
    # A direct client (no platform at all) paying on an invoice: "直接お振込" then dodges no platform.
    direct: tuple[Gated, ...] = ()
    not_direct: tuple[Gated, ...] = ()  # a platform, its fee or a proposal to leave it named
    direct_clears: tuple[str, ...] = ()
    # Payments other than for learning: without one, a course fee is an info product alone.
    other_payment: re.Pattern[str] | None = None
    # What a flag is about (pay, a contract, a trial): the model alone raises it only in a text that
    # touches its subject, since in a short plain request its score is little more than its bias.
    topics: Mapping[str, Gated] = field(default_factory=dict)

    def is_funded(self, where: Where) -> bool:
        """Whether the message puts the escrow before the work it asks about: funded, or promised first."""
        return (any(map(where.finds, self.funded)) or any(map(where.finds, self.funds_first))) and not any(
            map(where.finds, self.next_job)
        )

    def claims_funding(self, where: Where) -> bool:
        """Whether the message says the escrow is already paid in, for the work it asks about."""
        return any(map(where.finds, self.funded)) and not any(map(where.finds, self.next_job))

    def is_direct(self, where: Where) -> bool:
        """Whether the message comes from a direct client: it says so, or pays on an invoice, and names
        neither a platform nor a fee to dodge nor a switch ("from next time")."""
        return any(map(where.finds, self.direct)) and not any(map(where.finds, self.not_direct))

    def course_fee_only(self, text: str, raised: Collection[str]) -> bool:
        """Whether a purchase the model alone raised is the course fee the info product already names:
        a course, kit or coaching fee alone is an info product (docs/labelling.md), so it counts as a
        purchase only beside another payment (a registration fee, equipment, software)."""
        return (
            "info_product" in raised
            and self.other_payment is not None
            and not self.other_payment.search(text)
        )

    def off_topic(self, where: Where, raised: Collection[str] = ()) -> set[str]:
        """The flags whose subject the text never touches: no rule can match them, and the model may
        not raise them on its own. Those a rule raised are not searched for: a match touches it; the
        others only where a match can start (a subject in another script is not read at all)."""
        return {flag for flag, topic in self.topics.items() if flag not in raised and not where.finds(topic)}

    def forbids(self, part: str, evidence: list[str]) -> bool:
        """Whether the heaviest of the model's evidence found in the sentence sits in a prohibition
        ("パスワードは送らないでください", "never send your password") or the sentence only mentions
        scams: read as a rule's match would be, in either language."""
        for gram in evidence:
            at = part.find(gram)
            if at >= 0:
                return any(self.negated(lang, part, at, at + len(gram)) for lang in _SCRIPTS)
        return False

    def negated(self, lang: str, part: str, start: int, end: int) -> bool:
        """Whether the sentence only mentions scams, or the clause around part[start:end] forbids what was
        matched ("never send your ID")."""
        return self.mentions(part) or self.forbidden(lang, part, start, end)

    def mentions(self, part: str, where: Where | None = None) -> bool:
        """Whether the sentence talks about scams rather than running one (of the text `where` reads: a
        pattern is searched only in a sentence holding what it needs)."""
        return any(_reads(gated, part, where) for gated in self.mention)

    def mentioned(self, where: Where) -> bool:
        """Whether the whole text talks about scams (as `mentions`), tried only where a match can start."""
        return any(map(where.finds, self.mention))

    def forbidden(self, lang: str, part: str, start: int, end: int, where: Where | None = None) -> bool:
        """Whether the clause around part[start:end] forbids what was matched ("never send your ID")."""
        clause_start = max(part.rfind(c, 0, start) for c in _CLAUSE_MARKS) + 1
        before, after = self.cue_before.get(lang), self.cue_after.get(lang)
        return bool(before and _reads(before, part[clause_start:start], where)) or bool(
            # Japanese says "no" last, often after a list: "教材の購入、登録料は一切ございません".
            after and _reads(after, part[end:], where)
        )


def _reads(gated: Gated, part: str, where: Where | None) -> bool:
    """Whether the pattern matches in part (a piece of the text `where` reads, if given: then searched
    only when the piece holds what the pattern needs)."""
    return (where is None or where.may_match(gated, part)) and gated[0].search(part) is not None


@dataclass(frozen=True, slots=True)
class Finding:
    """One raised flag and the words (as the sender wrote them) that raised it."""

    code: str
    quotes: tuple[str, ...]
    # A rule on work asked for free matched (a free sample, extra work in the same fee): on a gig under
    # way it is work the agreed fee does not pay for, not the agreed work started early.
    unpaid: bool = False


def _lead(pattern: re.Pattern[str], spelled: Mapping[str, int]) -> Need | None:
    found = leads(pattern)
    return None if found is None else Need.of(found, spelled)


def _compile(pattern: str, terms: Mapping[str, str]) -> re.Pattern[str]:
    def term(m: re.Match[str]) -> str:
        if m[1] not in terms:
            raise ValueError(f"redflags.toml: unknown term {{{m[1]}}}")
        return f"(?:{terms[m[1]]})"

    folded = fold_pattern(_TERM.sub(term, pattern))
    if _UPPER.search(folded):
        raise ValueError(f"redflags.toml: write patterns in lower case (text is case-folded): {pattern}")
    return re.compile(folded)  # no IGNORECASE: several times slower, and the text is folded already


def _terms(raw: Mapping[str, Any]) -> dict[str, str]:
    """The [terms] entries, each with the `{name}`s it holds written out (a term names earlier ones)."""
    terms: dict[str, str] = {}
    for name, value in raw.get("terms", {}).items():
        terms[name] = _TERM.sub(lambda m: f"(?:{terms[m[1]]})", value)
    return terms


def load_rules(raw: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Rule, ...], Context]:
    """Flag codes in file order, every rule, and the message context; `{name}` in a pattern stands for
    a [terms] entry."""
    terms = _terms(raw)
    spelled = _spelled(raw)

    def gated(pattern: str) -> Gated:
        return _gated(_compile(pattern, terms), spelled)

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
                rule_needs = tuple(Need.of(n, spelled) for n in needs(*patterns))
                rules.append(
                    Rule(
                        code,
                        lang,
                        tuple(map(fast_search, patterns)),
                        tuple(map(gated, entry.get("unless", ()))),
                        whole_text,
                        rule_needs,
                        tuple(_lead(p, spelled) for p in patterns) if whole_text else (),
                        tuple(need.keys for need in rule_needs),
                        bool(entry.get("firm", False)),
                        bool(entry.get("unpaid", False)),
                    )
                )
    ctx = raw.get("context", {})
    named = set(ctx.get("after_funding", ())) | set(ctx.get("direct_clears", ())) | set(ctx.get("topic", {}))
    named |= set(ctx.get("outside_contact", ()))
    if unknown := named - set(codes):
        raise ValueError(f"redflags.toml: unknown flags in [context]: {sorted(unknown)}")
    context = Context(
        tuple(map(gated, ctx.get("funded", ()))),
        tuple(map(gated, ctx.get("funds_first", ()))),
        tuple(map(gated, ctx.get("next_job", ()))),
        tuple(ctx.get("after_funding", ())),
        tuple(ctx.get("outside_contact", ())),
        {lang: gated(p) for lang, p in ctx.get("negation_before", {}).items()},
        {lang: gated(p) for lang, p in ctx.get("negation_after", {}).items()},
        tuple(map(gated, ctx.get("mention", ()))),
        tuple(map(gated, ctx.get("direct", ()))),
        tuple(map(gated, ctx.get("not_direct", ()))),
        tuple(ctx.get("direct_clears", ())),
        fast_search(_compile(ctx["other_payment"], terms)) if "other_payment" in ctx else None,
        {flag: gated(p) for flag, p in ctx.get("topic", {}).items()},
    )
    return tuple(codes), tuple(rules), context


@cache
def _raw() -> Mapping[str, Any]:
    return tomllib.loads(resources.files("bot.protection").joinpath("redflags.toml").read_text("utf-8"))


@cache
def _rules() -> tuple[tuple[str, ...], tuple[Rule, ...], Context]:
    return load_rules(_raw())


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """How a reply weighs its flags together ([reply] in redflags.toml): a flag that settles the message
    (the job is bait for the reader's money or data) makes moot the advice of those that say what to
    find out before replying."""

    settles: frozenset[str] = frozenset()
    asks: frozenset[str] = frozenset()
    # Raised, but not a warning sign where the plan applies (a direct client's move to e-mail or chat).
    cautions: frozenset[str] = frozenset()

    def moot(self, codes: Collection[str]) -> frozenset[str]:
        """The flags among `codes` whose advice another of them makes moot."""
        return self.asks & frozenset(codes) if self.settles & frozenset(codes) else frozenset()


def load_reply_plan(raw: Mapping[str, Any], codes: Collection[str], platform: str = "") -> ReplyPlan:
    """The [reply] table, with a platform's own entries ([reply.direct]) in place of the general ones."""
    table = raw.get("reply", {})
    own = table.get(platform, {}) if platform else {}
    settles = own.get("settles", table.get("settles", ()))
    plan = ReplyPlan(
        frozenset(settles),
        frozenset(own.get("asks", table.get("asks", ()))),
        frozenset(own.get("cautions", table.get("cautions", ()))),
    )
    if unknown := (plan.settles | plan.asks | plan.cautions) - set(codes):
        raise ValueError(f"redflags.toml: unknown flags in [reply]: {sorted(unknown)}")
    if both := plan.settles & plan.asks:
        raise ValueError(f"redflags.toml: flags both settle and ask in [reply]: {sorted(both)}")
    if both := plan.cautions & (plan.settles | plan.asks):
        raise ValueError(f"redflags.toml: cautions that settle or ask in [reply]: {sorted(both)}")
    return plan


@cache
def reply_plan(platform: str = "") -> ReplyPlan:
    return load_reply_plan(_raw(), flag_codes(), platform)


def flag_codes() -> tuple[str, ...]:
    return _rules()[0]


def unnamed() -> tuple[str, ...]:
    """The names the model is trained not to read ([model] unnamed): what the trainer stores with it."""
    return tuple(_raw()["model"]["unnamed"])


def prepare() -> None:
    """Read the rules and the model now (at start-up) rather than in the first user's check, which would
    otherwise wait most of a second for them while the event loop stands still."""
    _rules()
    model()


def check(
    text: str, *, funded: bool = False, outside_contact: bool = True, claims: bool = True
) -> list[Finding]:
    """Every flag the text raises (`check_funded` without what the funding cleared)."""
    return check_funded(text, funded=funded, outside_contact=outside_contact, claims=claims)[0]


def check_funded(
    text: str, *, funded: bool = False, outside_contact: bool = True, claims: bool = True
) -> tuple[list[Finding], frozenset[str]]:
    """Every flag the text raises, in the catalog's order, each with up to three quotes: the rules'
    matches, or for a flag only the model raised, the sentence that scores highest for it. The model
    overrules a rule's match where its score is at or below the flag's veto (cross-validated), unless
    that would leave no flag where the model raises one the rules cleared; it
    cannot raise a flag a rule saw and cleared (a known look-alike, a prohibition), nor one whose
    heaviest evidence in that sentence sits in a prohibition; escrow already funded, as the message says
    or as the gig it is about records (`funded`), clears the flags that only hold before funding (moving
    to Chatwork breaks no rule then, while payment off the platform still does), except talk outside the
    platform where its rules forbid that all along (`outside_contact` false: Coconala's talk room). With
    `claims` false the message's own word that the escrow is funded clears nothing: a recorded gig's
    facts decide, and a fake claim is how free work is got. Also the codes of the flags the funding
    alone cleared, which the text raises before funding: said from this one reading, not a second."""
    codes, rules, context = _rules()
    folded = fold(text)
    parts = sentences(folded.text)
    judge = model()
    shared = set(KEY_SIZES) <= set(judge.sizes)
    if shared:  # the rules' gates and the model take their n-grams from one pass
        grams, read, chars = judge.char_grams(folded.text)
    else:
        grams, read, chars = ngrams(folded.text, KEY_SIZES), judge.read(folded.text), None
    where = Where(folded.text, parts, grams)
    spans, gaps, cleared, firm, unpaid = _rule_spans(text, folded, where, rules, context)
    scores = judge.logits(read, chars, read=True)
    lang = language(folded.text)
    # A rule's match in a text the model reads as innocent for that flag is overruled (unless a firm
    # rule matched)...
    overruled = {
        f: spans.pop(f)
        for f in judge.overruled(scores, lang, len(folded.text))
        if f in spans and f not in firm
    }
    raised = judge.raised(scores, lang)
    missed = [f for f in raised if f not in spans and f not in cleared]
    if overruled and raised and not spans and not missed:
        # ...but not into an all-clear where the model itself reads a scam the rules filed under another
        # flag ("教材を購入してください": the rules call it an info product and clear a purchase, the model
        # calls it a purchase): both halves saw one, so the rules' reading stands.
        spans.update(overruled)
    if missed:
        known = judge.features(read, chars, read=True)[0]
        for flag in missed:
            evidence = judge.evidence(flag, known)
            start, end = _best_sentence(folded.text, parts, evidence)
            if not context.forbids(folded.text[start:end], evidence):
                spans[flag] = [folded.source(*_around_evidence(folded.text, start, end, evidence))]
        if "purchase_request" in missed and context.course_fee_only(folded.text, spans.keys()):
            spans.pop("purchase_request", None)
    before = set(spans)
    if funded or (claims and context.is_funded(where)):
        for flag in set(context.after_funding) - unpaid:
            if outside_contact or flag not in context.outside_contact:
                spans.pop(flag, None)
    if set(context.direct_clears) & before and context.is_direct(where):
        for flag in context.direct_clears:
            spans.pop(flag, None)
            before.discard(flag)

    def gap_spans(code: str) -> list[tuple[int, int]]:
        """Source spans of the filler in the flag's matches, read only for a quote too long to keep whole."""
        return [folded.source(at + a, at + b) for m, at in gaps.get(code, ()) for a, b in _gaps(m)]

    found = [
        Finding(code, _quotes(text, spans[code], partial(gap_spans, code)), code in unpaid)
        for code in codes
        if code in spans
    ]
    return found, frozenset(before - spans.keys())


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


def _around_evidence(text: str, start: int, end: int, evidence: list[str]) -> tuple[int, int]:
    """The part of a sentence too long to quote whole that holds the model's evidence, its heaviest
    n-gram found there ("…will be explained after you accept the offer", not "The job details and…")."""
    if end - start <= QUOTE_CHARS:
        return start, end
    for gram in evidence:
        if (at := text.find(gram, start, end)) >= 0:
            return _window(text, start, end, at, at + len(gram))
    return start, end


# Where a quote may start or end inside a sentence: a clause mark, not the comma of "19,800" nor a dot.
_CLAUSE_CUT = re.compile(r"[、，;；:：]|,(?!\d)")


def _window(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """Words of text[start:end] to quote for the telling words text[a:b]: their clause, and the clauses
    next to it while it is short, within a quote's length; one clause longer than that gives the words
    around them, cut between words where there are spaces."""
    cuts = [start, *(m.end() for m in _CLAUSE_CUT.finditer(text, start, end)), end]
    lo = max(k for k, c in enumerate(cuts[:-1]) if c <= a)
    hi = next(k for k, c in enumerate(cuts) if c >= b and k > lo)
    while cuts[hi] - cuts[lo] < QUOTE_CHARS // 2:
        if hi < len(cuts) - 1 and cuts[hi + 1] - cuts[lo] <= QUOTE_CHARS:
            hi += 1
        elif lo > 0 and cuts[hi] - cuts[lo - 1] <= QUOTE_CHARS:
            lo -= 1
        else:
            break
    lo_at, hi_at = cuts[lo], cuts[hi]
    while hi_at > lo_at and (text[hi_at - 1].isspace() or _CLAUSE_CUT.match(text, hi_at - 1)):
        hi_at -= 1  # "for $49," -> "for $49"
    while lo_at < hi_at and text[lo_at].isspace():
        lo_at += 1
    if hi_at - lo_at <= QUOTE_CHARS:
        return lo_at, hi_at
    focus = (a + b) // 2
    lo_at = max(lo_at, min(focus - QUOTE_CHARS // 2, hi_at - QUOTE_CHARS))
    hi_at = min(hi_at, lo_at + QUOTE_CHARS)
    if " " in text[lo_at:hi_at]:
        if lo_at > start and text[lo_at - 1] != " " and lo_at < a:
            lo_at = text.index(" ", lo_at) + 1
        if hi_at < end and text[hi_at] != " " and hi_at > b:
            hi_at = text.rindex(" ", lo_at, hi_at)
    return lo_at, hi_at


def funding_claim(text: str) -> str | None:
    """What the message claims has been paid in, when it says the escrow is funded, not only that
    something waits for it ("after the escrow is funded we can use Chatwork") or that escrow comes first
    ("don't start until the milestone is funded"): a claim the reader should see on the platform itself
    before starting. The claim is named as the message makes it ([reply.claims]: a purchase, a funded
    milestone, 仮払い...), so that the reply echoes it; a claim none of them names is the escrow's."""
    _, _, context = _rules()
    folded = fold(text)
    if any(p.search(folded.text) for p in _not_a_claim()):
        return None
    if not context.claims_funding(where_of(folded.text)):
        return None
    return next(
        (kind for kind, pattern in _claims() if pattern.search(folded.text)), _raw()["reply"]["claim"]
    )


@cache
def _not_a_claim() -> tuple[re.Pattern[str], ...]:
    """[reply] funded_unless: what makes a mention of funding a condition rather than a claim."""
    raw = _raw()
    terms = _terms(raw)
    return tuple(_compile(p, terms) for p in raw.get("reply", {}).get("funded_unless", ()))


@cache
def _claims() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """[reply.claims]: each kind of funding claim with the words that make it, the first that matches
    naming the claim."""
    raw = _raw()
    terms = _terms(raw)
    return tuple((kind, _compile(p, terms)) for kind, p in raw.get("reply", {}).get("claims", {}).items())


def where_of(text: str) -> Where:
    """What the rules read of a folded text, for a reading without the model's n-grams at hand."""
    return Where(text, sentences(text), ngrams(text, KEY_SIZES))


def rule_verdicts(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The flags the rules alone raise, and those they saw and cleared: what the model is combined with
    (bench/redflags_train.py chooses its thresholds on these)."""
    _, rules, context = _rules()
    folded = fold(text)
    where = where_of(folded.text)
    spans, _, cleared, _, unpaid = _rule_spans(text, folded, where, rules, context)
    raised = set(spans)
    if context.is_funded(where):
        raised -= set(context.after_funding) - unpaid
        cleared |= set(context.after_funding) - unpaid
    if context.is_direct(where):
        raised -= set(context.direct_clears)
        cleared |= set(context.direct_clears)
    return frozenset(raised), frozenset(cleared)


def _rule_spans(
    source: str, folded: Folded, where: Where, rules: tuple[Rule, ...], context: Context
) -> tuple[
    dict[str, list[tuple[int, int]]], dict[str, list[tuple[re.Match[str], int]]], set[str], set[str], set[str]
]:
    """Source spans of every rule match, per flag; each match with where its sentence starts in the folded
    text, per flag (`_gaps` reads the filler in it, for a quote too long to keep whole); the flags a rule
    saw and cleared (an innocent look-alike it knows, a prohibition, or a text off the flag's subject);
    the flags a firm rule matched; and those a rule on unpaid work matched. A rule reads only sentences
    in its language, and a match inside a prohibition ("do not send your ID", 「身分証は送らないでください」)
    does not count, nor one inside a quotation in a message that talks about scams (「詳細はLINEで」
    quoted in a warning: the scam is cited, not run)."""
    text, parts = folded.text, where.parts
    # A Japanese script is never ASCII: an ASCII text (most English pastes) is not scanned for one.
    present = {
        lang
        for lang, script in _SCRIPTS.items()
        if not (lang == "ja" and text.isascii()) and script.search(text)
    }
    in_lang: dict[tuple[str, int], bool] = {}  # (language, sentence): whether it is written in it

    def written_in(lang: str, i: int) -> bool:
        known = in_lang.get((lang, i))
        if known is None:
            known = in_lang[(lang, i)] = bool(_SCRIPTS[lang].search(text, *parts[i]))
        return known

    mentioned: dict[int, bool] = {}  # per sentence (-1: the whole text): whether it talks about scams

    def mentions(i: int, part: str) -> bool:
        known = mentioned.get(i)
        if known is None:
            known = mentioned[i] = context.mentioned(where) if i < 0 else context.mentions(part, where)
        return known

    def cited(start: int, found: list[re.Match[str]]) -> bool:
        """Whether the message talks about scams somewhere and every match sits inside a quotation: the
        first is read once per message, so most messages (no talk of scams) look up no quotation."""
        return mentions(-1, text) and all(
            _inside_quote(source, *folded.source(start + m.start(), start + m.end())) for m in found
        )

    spans: dict[str, list[tuple[int, int]]] = {}
    gaps: dict[str, list[tuple[re.Match[str], int]]] = {}
    cleared: set[str] = set()
    firm: set[str] = set()
    unpaid: set[str] = set()
    for rule in rules:
        if rule.lang not in present:
            continue
        if any(map(where.grams.isdisjoint, rule.keys)):  # a need none of whose strings can be there
            continue
        if rule.whole_text:
            candidates = [-1]
        else:
            candidates = [i for i in where.holding(rule.needs) if written_in(rule.lang, i)]
        for i in candidates:
            if i < 0:
                start, part = 0, text
                matches = _every(len(rule.all), map(where.search, rule.all, rule.leads))
            else:
                start, part = parts[i][0], where.sentence(i)
                # Most candidates miss the first pattern: then no list of matches is made.
                if (first := rule.all[0].search(part)) is None:
                    continue
                rest = _every(len(rule.all) - 1, map(_search, rule.all[1:], repeat(part)))
                matches = None if rest is None else [first, *rest]
            if matches is None:
                continue
            found = [m for m in matches if m.end() > m.start()]
            if _cleared(rule, i, part, where) or (
                found
                and (
                    mentions(i, part)
                    or (i >= 0 and cited(start, found))
                    or context.forbidden(
                        rule.lang, part, max(m.start() for m in found), max(m.end() for m in found), where
                    )
                )
            ):
                cleared.add(rule.flag)
                continue
            spans.setdefault(rule.flag, []).extend(
                folded.source(start + a, start + b) for a, b in _phrases(part, found)
            )
            gaps.setdefault(rule.flag, []).extend((m, start) for m in found)
            if rule.firm:
                firm.add(rule.flag)
            if rule.unpaid:
                unpaid.add(rule.flag)
    cleared |= context.off_topic(where, spans.keys())
    return spans, gaps, cleared, firm, unpaid


_search = re.Pattern.search
# A pattern's gap: any run of characters up to a limit between its telling words (`[^.;]{0,40}`, `.{0,20}`).
_GAP = re.compile(r"(?:\[\^(?:\\.|[^\]\\])*\]|\[\\s\\S\]|\.)\{\d*,\d+\}\??")
_GAPPED: dict[tuple[str, int], re.Pattern[str] | None] = {}


def _gaps(m: re.Match[str]) -> list[tuple[int, int]]:
    """Where in a match its pattern's gaps matched: the filler between the words that raised the flag
    ("to you by your supervisor" in "salary will be communicated to you by your supervisor after"). Read by
    matching again with each gap captured; none where that reads the match otherwise."""
    key = (m.re.pattern, m.re.flags)
    if key not in _GAPPED:
        numbers = count()
        source = _GAP.sub(lambda g: f"(?P<gap{next(numbers)}>{g[0]})", m.re.pattern)
        try:
            _GAPPED[key] = re.compile(source, m.re.flags) if source != m.re.pattern else None
        except re.error:  # a gap inside a lookbehind cannot be captured: read the match whole
            _GAPPED[key] = None
    gapped = _GAPPED[key]
    again = gapped.match(m.string, m.start()) if gapped is not None else None
    if again is None or again.end() != m.end():
        return []
    return [again.span(name) for name, value in again.groupdict().items() if name.startswith("gap") and value]


def _cleared(rule: Rule, i: int, part: str, where: Where) -> bool:
    """Whether a look-alike the rule knows matches where it did: in its sentence, or (i < 0) anywhere in
    the text, there searched only where one of its leads is rather than from every position. (A
    sentence is short: the search costs less than finding where its leads are.)"""
    if i < 0:
        return any(map(where.finds, rule.unless))
    return any(gated[0].search(part) for gated in rule.unless)


# What parts a rule's matches into separate quotes: a clause or a sentence ends between them.
_QUOTE_BREAKS = re.compile(f"[{re.escape(''.join(SENTENCE_MARKS))}{_CLAUSE_MARKS}:]")


def _phrases(part: str, found: list[re.Match[str]]) -> list[tuple[int, int]]:
    """A rule's matches as the phrases to quote: those in one clause joined with the words between them
    ("details" and "on Telegram" make "details on Telegram", which a reader understands), up to a reply's
    quote length; matches in other clauses stay apart ("Before I hire", then "do")."""
    joined: list[list[int]] = []
    for m in sorted(found, key=re.Match.start):
        start, end = m.span()
        if (
            joined
            and end - joined[-1][0] <= QUOTE_CHARS
            and not _QUOTE_BREAKS.search(part, joined[-1][1], start)
        ):
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]


# Quotation marks a sender cites words with: 「詳細はLINEで」, 『登録料が必要』, “send your ID”.
_QUOTATIONS = {"「": "」", "『": "』", "“": "”"}
_QUOTE_REACH = 80


def _inside_quote(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one short quotation on one line, opened (within reach) before
    it and closed after it: 「詳細はLINEで説明します」 cited in a warning, not words framed inside the match
    (「LINE」で連絡ください), nor a client's message pasted in quotes under "is this safe?" (lines long)."""
    for opener, closer in _QUOTATIONS.items():
        at = text.rfind(opener, max(0, start - _QUOTE_REACH), start)
        if at >= 0 and text.find(closer, at, start) < 0:
            close = text.find(closer, start, at + _QUOTE_REACH * 2)
            if close >= end and text.find("\n", at, close) < 0:
                return True
    return False


def _every(count: int, matches: Iterator[re.Match[str] | None]) -> list[re.Match[str]] | None:
    """The matches of all `count` patterns, or None when one does not match (the rest are then not
    searched). A match is always true, so they are taken up to the first None in C."""
    found = cast("list[re.Match[str]]", list(takewhile(bool, matches)))  # no None before the first one
    return found if len(found) == count else None


def _word_end(text: str, end: int) -> int:
    """A match that stops inside a word is quoted to the word's end: "送" -> "送りください", "regist" ->
    "registration". Kana endings (okurigana) run at most a few characters."""
    if end < len(text) and text[end - 1 : end].isascii() and text[end - 1].isalnum():
        while end < len(text) and text[end].isascii() and text[end].isalnum():
            end += 1
    while 0 < end < len(text) and _is_katakana(text[end - 1]) and _is_katakana(text[end]):
        end += 1  # "コーチ|ング"
    if 0 < end < len(text) and text[end - 1].isdigit() and _is_kanji(text[end]):
        end += 1  # "300|名": a number with its counter
    elif end > 0 and text[end - 1].isdigit() and (unit := _UNIT_EN.match(text, end)):
        end = unit.end()  # "300| people": a number with what it counts
    reach = end + _KANJI_REACH
    while 0 < end < min(len(text), reach) and _is_kanji(text[end - 1]) and _is_kanji(text[end]):
        end += 1  # "初心者|歓迎": a compound written in kanji is one word
    if (
        0 < end < len(text)
        and text[end] in _CURRENCY
        and (text[end - 1] in _NUMERALS or text[end - 1].isdigit())
    ):
        end += 1  # "月20万|円"
    tail = end
    limit = min(len(text), end + _KANA_TAIL)
    while end < limit and _is_hiragana(text[end]):
        end += 1
    if end < limit and _is_hiragana(text[end - 1]) and _is_kanji(text[end]):
        kana_end = end
        while end < limit and (_is_hiragana(text[end]) or _is_kanji(text[end])):  # "にお|伝えします"
            end += 1
        if end < len(text) and _is_kanji(text[end]):  # the limit fell inside a word: "…この案件は一|度"
            end = kana_end
        elif end < len(text) and text[end - 1] == "な" and (_is_katakana(text[end]) or _latin(text[end])):
            end = kana_end  # "…と必要な|ツール": the な leans on the word left out
    # A tail the limit stopped inside its kana ("必要があ") ends where that kana does, if near.
    run = end
    while run < min(len(text), end + _KANA_TAIL) and _is_hiragana(text[run]):
        run += 1
    if end == limit and run > end and (run == len(text) or not _is_hiragana(text[run])):
        end = run
    return _undangled(text, tail, end)


# The word an English number counts, right after it: "300 people", "$800 weekly" (not "a", "to", "or").
_UNIT_EN = re.compile(r" (?!(?:and|the|for|per|you|are|was|who|but|not|with|from|that|this)\b)[A-Za-z]{3,}\b")


# Kana that lean on the word after them: a clause begun after a reason (「ので」「から」), a
# demonstrative, an honorific prefix, a noun's を, が, は, の, と or も (its に, で or へ end a phrase:
# 「面談時に」, but its での, への or との lean on the next noun: 「お振込みでの」), the と of
# 「したいと」. A tail that stops before that word ends before them: 「もったいないので」, not
# 「もったいないのでこの」; 「口座の情報」, not 「口座の情報を」.
_CLAUSE_ENDS = re.compile(r"(?<=[\u3041-\u309f])(?:ので|から|けど|けれど)(?=[\u3041-\u309f])")
_DANGLING = re.compile(
    r"(?:(?:こちら|そちら|あちら|どちら)の?|この|その|あの|どの|こんな|そんな|あんな|どんな)?[おご]?$"
    r"|(?<=[^\u3041-\u309f])[をがはのとも]$|(?:で|へ|と|から|まで)の$|(?<=たい)と$"
)


def _undangled(text: str, tail: int, end: int) -> int:
    """text[:end] without the kana of its tail (from `tail`, where the match ended) that lean on a word
    the quote leaves out (one that follows at once): 「…ので」 of 「…のでこのチャットに」."""
    if end <= tail or end >= len(text) or not _is_hiragana(text[end - 1]) or _is_hiragana(text[end]):
        return end
    if not (text[end].isalnum() or text[end] in "「『（(【"):
        return end
    if clauses := list(_CLAUSE_ENDS.finditer(text, tail, end)):
        return clauses[-1].end()
    while end > tail and (dangling := _DANGLING.search(text, tail, end)) and dangling.start() < end:
        end = dangling.start()  # 「写真をこちらの」 -> 「写真を」 -> 「写真」
    return end


# Brackets a sender writes in pairs: a quote holds both or neither ("「ＬＩＮＥ」でお願いします", not
# "ＬＩＮＥ」でお願いします"), reaching at most _BRACKET_REACH characters for the missing one.
_PAIRS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "“": "”",
    "[": "]",
    "〈": "〉",
    "《": "》",
}
_OPENERS = {close: open_ for open_, close in _PAIRS.items()}
_BRACKET_REACH = 40


def _bracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the partner of every bracket it holds alone; a partner out of reach leaves
    the span as it is (the quote then says less, never something else)."""
    stack: list[str] = []
    for c in text[start:end]:
        if c in _PAIRS:
            stack.append(c)
        elif c in _OPENERS:
            if stack and stack[-1] == _OPENERS[c]:
                stack.pop()
            else:  # closed here, opened before the span: reach back for the opener
                at = text.rfind(_OPENERS[c], max(0, start - _BRACKET_REACH), start)
                if at >= 0:
                    start = at
    for c in reversed(stack):  # opened in the span, closed after it: reach on for the closer
        at = text.find(_PAIRS[c], end, end + _BRACKET_REACH)
        if at >= 0:
            end = at + 1
    return start, end


# Markup a pasted chat message keeps (Slack's *bold*, Discord's **bold**, `code`, ~strike~, _italics_): a
# quote holds both marks of a pair or neither ("*send* your `password`", not "send* your `password").
_MARKS = "*_~`"


def _is_mark(text: str, i: int) -> bool:
    """Whether text[i] (with the run of it) is a markup mark: not inside a Latin word (the _ of
    "markus_hr")."""
    j = i
    while j < len(text) and text[j] == text[i]:
        j += 1
    k = i
    while k > 0 and text[k - 1] == text[i]:
        k -= 1
    before = text[k - 1] if k > 0 else " "
    after = text[j] if j < len(text) else " "
    return not (_latin(before) and _latin(after))  # Japanese writes *本名* with no spaces around it


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _marked(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the partner of every markup mark it holds alone, found next to it or within
    reach; a partner out of reach leaves the span as it is."""
    for mark in _MARKS:
        if mark not in text[start:end]:
            continue
        # a run counts once: the ** of Discord's bold is one mark
        alone = (
            sum(
                1
                for i in range(start, end)
                if text[i] == mark and _is_mark(text, i) and (i == start or text[i - 1] != mark)
            )
            % 2
        )
        if not alone:
            continue
        if start > 0 and text[start - 1] == mark:
            while start > 0 and text[start - 1] == mark:
                start -= 1
        elif end < len(text) and text[end] == mark:
            while end < len(text) and text[end] == mark:
                end += 1
        elif (at := text.find(mark, end, end + _BRACKET_REACH)) >= 0 and _is_mark(text, at):
            end = at + 1
        elif (at := text.rfind(mark, max(0, start - _BRACKET_REACH), start)) >= 0 and _is_mark(text, at):
            start = at
    return start, end


_NUMERALS = "万千百億"
_CURRENCY = "円"


# How far a quote reaches on into a compound written in kanji that its match stops inside, at either end.
_KANJI_REACH = 6


def _word_start(text: str, start: int) -> int:
    """A match that starts inside a katakana word, a compound written in kanji (or in kanji and katakana)
    or a number is quoted from the word's start: "スタート|マニュアル", "完全|初心者", "作業|マニュアル",
    "1|点"."""
    while 0 < start < len(text) and _is_katakana(text[start]) and _is_katakana(text[start - 1]):
        start -= 1
    reach = start - _KANJI_REACH
    if 0 < start < len(text) and _is_katakana(text[start]) and _is_kanji(text[start - 1]):
        start -= 1  # "作業|マニュアル": a katakana word with the kanji it is compounded with
    while max(0, reach) < start < len(text) and _is_kanji(text[start]) and _is_kanji(text[start - 1]):
        start -= 1
    # A counter or a sum holds its number: 「1点無料で」, not 「点無料で」; 「5,000円」, not 「000円」.
    if 0 < start < len(text) and (_is_kanji(text[start]) or text[start].isdigit()):
        while start > 0 and (text[start - 1].isdigit() or _inside_number(text, start - 1)):
            start -= 1
    return start


def _inside_number(text: str, i: int) -> bool:
    """Whether text[i] is a separator between digits: the comma of 5,000, the point of 1.5."""
    return text[i] in ",，.．" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _is_katakana(c: str) -> bool:
    return "\u30a1" <= c <= "\u30fa" or c == "ー"


def _is_hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u309f"


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _cut(words: str) -> str:
    """Words too long for a quote, shortened in the middle: a rule's match is telling at both ends
    ("cancel the contract here … pay you directly through PayPal"), cut between words where there are
    spaces, not inside one."""
    room = QUOTE_CHARS - 3
    head, tail = words[: room // 2], words[len(words) - (room - room // 2) :]
    if " " in words:
        if words[len(head)] != " " and " " in head:
            head = head[: head.rindex(" ")]
        if words[len(words) - len(tail) - 1] != " " and " " in tail:
            tail = tail[tail.index(" ") + 1 :]
        return f"{head.rstrip(' ,')} … {tail.lstrip(' ,')}"
    return f"{head.rstrip('、')}…{tail.lstrip('、')}"


def _shortened(
    text: str, start: int, end: int, gaps: Callable[[], Collection[tuple[int, int]]], limit: int = QUOTE_CHARS
) -> str:
    """text[start:end] as a quote: whole, if it fits; else without the filler a pattern's gap matched
    ("Your duties and salary will be communicated … after", never "… will … by your supervisor after"),
    the longest first, each dropped whole or, when longer than needed, in its middle, between words; else
    cut in the middle as `_cut` does."""
    words = " ".join(text[start:end].split())
    if len(words) <= limit:
        return words
    pieces = [(start, end)]
    inside = sorted(
        {(max(a, start), min(b, end)) for a, b in gaps() if a < end and b > start}, key=lambda g: g[0] - g[1]
    )
    for a, b in inside:
        a, b = _inner_words(text, a, b)
        around = next(((x, y) for x, y in pieces if x < a and b < y), None)
        if around is None or len(text[a:b].split()) < 2:  # one word dropped leaves two fragments
            continue
        need = len(" … ".join(_joined_words(text, pieces))) - limit
        lo, hi = _middle(text, a, b, need + 3)
        at = pieces.index(around)
        pieces[at : at + 1] = [(around[0], lo), (hi, around[1])]
        shortened = " … ".join(_joined_words(text, pieces))
        if len(shortened) <= limit:
            return shortened
    return _cut(words)


def _joined_words(text: str, pieces: list[tuple[int, int]]) -> list[str]:
    return [" ".join(text[x:y].split()) for x, y in pieces]


def _inner_words(text: str, a: int, b: int) -> tuple[int, int]:
    """The whole words of text[a:b]: a gap that starts or ends inside a word leaves that word whole."""
    while a < b and not text[a].isspace() and a > 0 and not text[a - 1].isspace():
        a += 1
    while b > a and b < len(text) and not text[b].isspace() and not text[b - 1].isspace():
        b -= 1
    return a, b


# A gap's words kept beside the words it joins are worth keeping only when they say something: shorter
# than this on one side, the gap is dropped whole.
_GAP_SIDE = 12


def _middle(text: str, a: int, b: int, need: int) -> tuple[int, int]:
    """The part of the gap text[a:b] to drop to save `need` characters: its middle, between words, or
    all of it when what would be left beside it is too short to say anything."""
    if b - a - need < 2 * _GAP_SIDE:
        return a, b
    keep = (b - a - need) // 2
    lo = text.rfind(" ", a, a + keep + 1)
    hi = text.find(" ", b - keep - 1, b)
    return (a, b) if lo <= a or hi < 0 or hi <= lo else (lo, hi)


# A condition clause the quote stops inside ("pay you after I see"): it is quoted to its end ("after I see
# the finished design") when that is near and the quote still fits.
_CONDITION = re.compile(r"\b(?:after|once|until|when|before|if|unless)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?\n()]")
_CONDITION_WORDS = 3


# How much longer than QUOTE_CHARS a quote may run to complete a phrase its last word leaves open.
_COMPLETE_REACH = 45
_DANGLING_EN = frozenset(
    {"the", "a", "an", "your", "my", "our", "their", "his", "her", "its", "this", "that"}
)


def _dangles(words: str) -> bool:
    """Whether an English quote ends on a word that opens a phrase ("… after", "… to your"): it says
    nothing until the words that follow it."""
    last = words.split()[-1].lower() if words.split() else ""
    return words.isascii() and (last in _leads() or last in _DANGLING_EN)


def _completed(text: str, start: int, end: int) -> int:
    """The end of an English quote, moved to the end of its clause where the quote ends on a word that
    opens a phrase ("… after" -> "… after the training", within _COMPLETE_REACH) or inside a condition
    clause (within _CONDITION_WORDS words of its "after", "once"...) that ends soon enough for the quote
    to fit: the words that make the condition are what the reader must see."""
    if not text[start:end].isascii() or end >= len(text) or not text[end].isspace():
        return end
    if _dangles(text[start:end]):
        clause_end = _clause_end(text, end)
        if clause_end - end <= _COMPLETE_REACH and text[end:clause_end].isascii():
            return clause_end
        return end
    # a condition quoted alone ("Before I hire") is a phrase of its own, beside the request it qualifies
    conditions = [c for c in _CONDITION.finditer(text, start, end) if text[start : c.start()].strip()]
    if not conditions or len(text[conditions[-1].end() : end].split()) >= _CONDITION_WORDS:
        return end
    clause_end = _clause_end(text, end)
    if len(" ".join(text[start:clause_end].split())) > QUOTE_CHARS or not text[end:clause_end].isascii():
        return end
    return clause_end


def _clause_end(text: str, end: int) -> int:
    """Where the clause that text[end] is in ends, trailing spaces left out."""
    stop = _CLAUSE_END.search(text, end)
    clause_end = stop.start() if stop else len(text)
    while clause_end > end and text[clause_end - 1].isspace():
        clause_end -= 1
    return clause_end


# What keeps two matches of one phrase apart: a space, a comma or a short word ("complete a free trial",
# 「契約前に、お試しで」). Matches so close are quoted as one, not as fragments that say nothing alone.
_JOINED = re.compile(r"[ \t、，,]{0,2}|[ \t]+[A-Za-z]{1,3}[ \t]+")


def _joined(text: str, before: list[int], start: int, end: int) -> bool:
    """Whether the match at text[start:end] continues the phrase of the one before it; a bare short word
    ("do") joins nothing: beside a telling quote it is dropped instead."""
    a, b = before
    return bool(_JOINED.fullmatch(text, b, start)) and not (
        _bare(" ".join(text[a:b].split())) or _bare(" ".join(text[start:end].split()))
    )


def _quotes(
    text: str, spans: list[tuple[int, int]], gaps: Callable[[], Collection[tuple[int, int]]] = tuple
) -> tuple[str, ...]:
    """The sender's own words in reading order: matches widened to whole words, overlapping ones merged,
    repeats dropped, each ending where its phrase does and shortened for a reply by the filler between
    the words that raised the flag (`gaps`, read only when a quote is too long), at most MAX_QUOTES."""
    # Widened first, then merged: two matches of one phrase ("教材", "購入して") whose word ends overlap
    # are one quote, not two fragments cut mid-word.
    merged: list[list[int]] = []
    for start, end in sorted(
        _marked(text, *_bracketed(text, _word_start(text, a), _word_end(text, b))) for a, b in spans
    ):
        if merged and (start < merged[-1][1] or _joined(text, merged[-1], start, end)):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    # A bare short word ("do", "send", 「受講料」) says nothing by itself, nor words that lean on those before
    # them ("for details"): beside a longer quote of the same flag a short English one is dropped, and
    # alone they are quoted with the clause around them.
    leads = _leads()
    if all(
        _bare(words) or _leans(words, leads) for words in (" ".join(text[a:b].split()) for a, b in merged)
    ):
        merged = [list(_window(text, *_sentence_of(text, a, b), a, b)) for a, b in merged]
    out: list[str] = []
    for start, end in merged:
        completed = _completed(text, start, end)
        # a phrase completed past a dangling last word ("… after" -> "… after the training") may run
        # that much longer than a quote otherwise does
        room = QUOTE_CHARS + (completed - end if _dangles(text[start:end]) else 0)
        words = _shortened(text, start, completed, gaps, min(room, QUOTE_CHARS + _COMPLETE_REACH))
        if words and words not in out:
            out.append(words)
    telling = [q for q in out if not (q.isascii() and len(q) < _SHORT_WORD)]
    return tuple((telling or out)[:MAX_QUOTES])


_SHORT_KANJI = 3  # a Japanese quote of this many characters or fewer is one bare word (受講料, 副業)
_SENTENCE_CUT = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


@cache
def _leads() -> frozenset[str]:
    """The words an English quote cannot start with alone ([quote] in redflags.toml)."""
    return frozenset(_raw().get("quote", {}).get("leans_en", ()))


def _leans(words: str, leads: frozenset[str]) -> bool:
    """Whether a quote leans on the words before it: "for details", "on Telegram"."""
    return words.isascii() and words.split(" ", 1)[0].lower() in leads


def _bare(words: str) -> bool:
    return len(words) < _SHORT_WORD if words.isascii() else len(words) <= _SHORT_KANJI


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of the source text that holds text[start:end]."""
    before = [m.end() for m in _SENTENCE_CUT.finditer(text, max(0, start - 400), start)]
    after = _SENTENCE_CUT.search(text, end)
    return (before[-1] if before else max(0, start - 400)), (after.start() if after else len(text))
