"""The statistical half of the red-flag check: one logistic regression per flag over character n-grams.

Rules catch the phrasings someone wrote down; the model catches the ones nobody did ("we can skip the
site and settle by bank" has no fixed keyword). It reads the same folded text as the rules (width, case,
kana and spacing undone), takes the set of its character n-grams (1 to 4 characters) and Latin word
n-grams (1 and 2 words), and scores each
flag with a plain dot product: no numpy at run time, only a dict from n-gram to its weights, one per
flag, packed in one integer.

The weights are trained offline on the train and dev splits (`python -m bench.redflags_train`) and
shipped as redflags_model.json beside this file, packed as the check reads them, with the decision
threshold of each flag, per language, chosen by cross-validation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress
from operator import add
from typing import Any

MODEL_FILE = "redflags_model.json"
SCALE_POWER = 0.5  # features are scaled by count ** -SCALE_POWER
# Scoring sums one integer per n-gram: its weights to three decimals (as stored), signed, side by side
# in bit fields just wide enough for any sum (a text holds each known n-gram once, so a flag's sum never
# exceeds the sum of its weights' sizes): a field's borrow or carry is undone when the total is read.
# One dict look-up per n-gram of the text serves every flag; the narrower the fields, the fewer digits
# each addition reads and the less memory the look-ups touch (checks are bound by it, not by the adds).
_FIXED = 1000


_WORD_SPLIT = re.compile(r"([a-z0-9']+)")


def ngrams(text: str, sizes: Sequence[int]) -> set[str]:
    """Every distinct character n-gram of the text, of the given sizes. The n-grams of one size are
    those of the size below with the next character added, pairwise in C (`map(add, ...)`): faster
    than slicing the text at every position."""
    grams: set[str] = set()
    top = max(sizes, default=0)
    # The characters as strings, made once: a str makes a new one for each character read (beyond
    # Latin-1) every time it is iterated.
    chars = list(text)
    run: Iterable[str] = chars
    for n in range(1, top + 1):
        if n > 1:
            longer = map(add, run, chars[n - 1 :])
            run = longer if n == top else list(longer)  # the longest are not extended again
        if n in sizes:
            grams.update(run)
    return grams


def word_grams(text: str, sizes: Sequence[int]) -> set[str]:
    """Every distinct run of n Latin words apart by one space, for each n in sizes, as written in the
    text ("bank transfer", "before escrow"): whole words and phrases that character n-grams only see in
    pieces. Each is a substring of the text, so it can point at the sentence it came from. One split
    gives the words and the gaps between them, and the runs are joined from those, in C: a fifth
    fewer instructions on an English paste than one lookahead search per n over the text."""
    grams: set[str] = set()
    tokens = _WORD_SPLIT.split(text)  # gap, word, gap, ..., word, gap
    words = tokens[1::2]
    spaced = list(map(" ".__eq__, tokens[2:-1:2]))  # the gap after each word but the last: one space?
    for n in sizes:
        if n == 1:
            grams.update(words)
        else:
            runs = map(" ".join, zip(*(words[i:] for i in range(n)), strict=False))
            apart = map(all, zip(*(spaced[i:] for i in range(n - 1)), strict=False))
            grams.update(compress(runs, apart))
    return grams


@cache
def blanker(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """What blanks the names in a folded text (None: no names), longest first."""
    if not names:
        return None
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def blank(text: str, names: tuple[str, ...]) -> str:
    """The folded text as the model reads it: each of the names replaced by a space."""
    pattern = blanker(names)
    return text if pattern is None else pattern.sub(" ", text)


def _fixed(weight: float) -> int:
    return round(weight * _FIXED)


@dataclass(frozen=True, slots=True)
class Limits:
    """Where one language's scores raise a flag and where they overrule a rule's match. Each language
    has its own rules, which miss and over-reach differently, so each gets its own limits, chosen by
    cross-validation on its own messages: a limit tuned to English rules no longer moves Japanese recall."""

    thresholds: tuple[float, ...]  # on the logit, one per flag
    # Per flag, the score at or below which the model overrules a rule's match (None: never); never above
    # the flag's threshold.
    vetoes: tuple[float | None, ...] = ()
    # Per flag, the shortest text (folded characters) in which the veto applies: a short text has few
    # n-grams, each scaled up (count ** -SCALE_POWER), so its score swings far on a word or two and reads
    # a rule's clear match as innocent ("Add me on Telegram, and do a free sample first."). Empty: any.
    veto_from: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "thresholds": [round(t, 4) for t in self.thresholds],
            "vetoes": [None if v is None else round(v, 4) for v in self.vetoes] or None,
            "veto_from": list(self.veto_from) or None,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Limits:
        return cls(
            tuple(raw["thresholds"]), tuple(raw.get("vetoes") or ()), tuple(raw.get("veto_from") or ())
        )


@dataclass(frozen=True, slots=True)
class Model:
    flags: tuple[str, ...]
    sizes: tuple[int, ...]
    bias: tuple[float, ...]
    limits: Mapping[str, Limits]  # per language (text.language)
    words: tuple[int, ...] = ()  # sizes of the word n-grams, besides the character ones
    unnamed: tuple[str, ...] = ()  # names blanked before the n-grams are taken (`blank`)
    # n-gram -> its weights, one per flag, packed in one int of `width`-bit fields (flag 0 lowest): the
    # only copy kept, as stored
    packed: Mapping[str, int] = field(default_factory=dict, repr=False)
    width: int = field(default=0, repr=False)  # bits of one packed field
    # Half of every field's range, added to a total to read each (signed) field as a positive one.
    half: int = field(default=0, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        flags: Sequence[str],
        sizes: Sequence[int],
        bias: Sequence[float],
        limits: Mapping[str, Limits],
        weights: Mapping[str, Sequence[float]],
        words: Sequence[int] = (),
        unnamed: Sequence[str] = (),
    ) -> Model:
        """From one row of weights per n-gram (as trained)."""
        if any(len(ws) != len(flags) for ws in weights.values()):
            raise ValueError(f"{MODEL_FILE}: every n-gram needs one weight per flag")
        fixed = {g: [_fixed(w) for w in ws] for g, ws in weights.items()}
        # One bit more than the largest sum a flag can reach, for the sign.
        width = (
            1
            + max(
                (sum(abs(ws[k]) for ws in fixed.values()) for k in range(len(flags))), default=0
            ).bit_length()
        )
        packed = {g: sum(w << (width * k) for k, w in enumerate(ws)) for g, ws in fixed.items()}
        return cls.assemble(flags, sizes, bias, limits, packed, width, words, unnamed)

    @classmethod
    def assemble(
        cls,
        flags: Sequence[str],
        sizes: Sequence[int],
        bias: Sequence[float],
        limits: Mapping[str, Limits],
        packed: dict[str, int],
        width: int,
        words: Sequence[int] = (),
        unnamed: Sequence[str] = (),
    ) -> Model:
        """From weights already packed (as stored): the file's dict is kept as it is, so that loading makes
        no row of floats per n-gram (rows left the process 60 MiB larger for 80,000 n-grams)."""
        for lang, limit in limits.items():
            if len(limit.thresholds) != len(flags):
                raise ValueError(f"{MODEL_FILE}: {lang} needs one threshold per flag")
            if limit.vetoes and len(limit.vetoes) != len(flags):
                raise ValueError(f"{MODEL_FILE}: {lang} vetoes need one value (or null) per flag")
            if limit.veto_from and len(limit.veto_from) != len(flags):
                raise ValueError(f"{MODEL_FILE}: {lang} veto_from needs one length per flag")
        if packed and width < 1:
            raise ValueError(f"{MODEL_FILE}: packed weights need a field width")
        half = sum(1 << (width * (k + 1) - 1) for k in range(len(flags))) if width else 0
        names = tuple(unnamed)
        return cls(
            tuple(flags), tuple(sizes), tuple(bias), dict(limits), tuple(words), names, packed, width, half
        )

    def read(self, text: str) -> str:
        """The text as the model reads it: the `unnamed` names blanked."""
        return blank(text, self.unnamed)

    def char_grams(self, text: str) -> tuple[set[str], str, set[str]]:
        """From one pass over the text: a superset of its character n-grams of the model's sizes (what
        the rules' gates need, which only rule strings out: every n-gram of the text as the model reads
        it, and those around each name); the text as the model reads it (`read`); and that text's
        n-grams."""
        blanks = blanker(self.unnamed)
        spans = [] if blanks is None else [m.span() for m in blanks.finditer(text)]
        if not spans:
            grams = ngrams(text, self.sizes)
            return grams, text, grams
        reach = max(self.sizes, default=1) - 1
        cuts = [0, *(x for span in spans for x in span), len(text)]
        read = " ".join(text[a:b] for a, b in zip(cuts[::2], cuts[1::2], strict=True))
        grams = ngrams(read, self.sizes)
        around = (ngrams(text[max(0, a - reach) : b + reach], self.sizes) for a, b in spans)
        return grams.union(*around), read, grams

    def grams(
        self, text: str, chars: set[str] | None = None, *, read: bool = False
    ) -> tuple[set[str], set[str], float]:
        """The character n-grams and the word n-grams that are not also character ones of the text as
        the model reads it, and the scale of each feature: features are binary and scaled by
        count ** -SCALE_POWER (over all the text's n-grams), so length matters little. `read`: the text
        is already as the model reads it; `chars`: its character n-grams, when at hand (`char_grams`)."""
        if not read:
            text = self.read(text)
        if chars is None:
            chars = ngrams(text, self.sizes)
        words = word_grams(text, self.words) - chars
        count = len(chars) + len(words)
        return chars, words, count**-SCALE_POWER if count else 0.0

    def features(
        self, text: str, chars: set[str] | None = None, *, read: bool = False
    ) -> tuple[set[str], float]:
        """The text's n-grams the model knows, and the scale of each (`read`, `chars`: as `grams`)."""
        chars, words, scale = self.grams(text, chars, read=read)
        keys = self.packed.keys()
        return (keys & chars) | (keys & words), scale

    def logits(self, text: str, chars: set[str] | None = None, *, read: bool = False) -> tuple[float, ...]:
        """One score (logit) per flag: the packed weights of the text's known n-grams summed at once, in
        C, then unpacked (with half of each field's range added, each field reads as its sum plus that
        half, whatever the signs). `read`, `chars`: as `grams`."""
        chars, words, scale = self.grams(text, chars, read=read)
        weights = self.packed.get
        total = sum(filter(None, map(weights, chars)), self.half) + sum(filter(None, map(weights, words)))
        width = self.width
        mask = (1 << width) - 1
        middle = 1 << (width - 1)
        return tuple(
            b + scale * (((total >> (width * k)) & mask) - middle) / _FIXED for k, b in enumerate(self.bias)
        )

    def raised(self, scores: Sequence[float], lang: str) -> list[str]:
        """The flags whose score passes its threshold in a text of this language."""
        limits = self.limits[lang].thresholds
        return [f for f, s, limit in zip(self.flags, scores, limits, strict=True) if s > limit]

    def overruled(self, scores: Sequence[float], lang: str, length: int) -> set[str]:
        """The flags whose rule matches the model overrules in a text of this language and length
        (folded characters): its score says the text reads innocent, and the text is long enough for
        the score to be read."""
        limits = self.limits[lang]
        # Limits without vetoes overrule none; without lengths, at any length.
        froms = limits.veto_from or (0,) * len(self.flags)
        vetoes = zip(self.flags, scores, limits.vetoes, froms, strict=False)
        return {f for f, s, v, shortest in vetoes if v is not None and s <= v and length >= shortest}

    def evidence(self, flag: str, known: set[str], top: int = 20) -> list[str]:
        """The known n-grams that weigh most for the flag: where a reply's quote is looked for."""
        k = self.flags.index(flag)
        weight = {g: w for g in known if (w := self._field(self.packed[g], k)) > 0}
        return sorted(weight, key=lambda g: (-weight[g], g))[:top]  # ties: by name, not hash order

    def _field(self, packed: int, k: int) -> int:
        """Flag k's weight (fixed point) in one n-gram's packed int, read as `logits` reads a total."""
        mask = (1 << self.width) - 1
        return (((packed + self.half) >> (self.width * k)) & mask) - (1 << (self.width - 1))

    def to_json(self) -> dict[str, Any]:
        return {
            "flags": list(self.flags),
            "sizes": list(self.sizes),
            "words": list(self.words),
            "bias": [round(b, 4) for b in self.bias],
            "limits": {lang: limit.to_json() for lang, limit in sorted(self.limits.items())},
            "unnamed": list(self.unnamed),
            "width": self.width,
            "packed": {g: self.packed[g] for g in sorted(self.packed)},
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Model:
        limits = {lang: Limits.from_json(limit) for lang, limit in raw["limits"].items()}
        return cls.assemble(
            raw["flags"],
            raw["sizes"],
            raw["bias"],
            limits,
            raw["packed"],
            raw["width"],
            raw.get("words", ()),
            raw.get("unnamed", ()),
        )


@cache
def model() -> Model:
    """The shipped model (loaded once)."""
    text = resources.files("bot.protection").joinpath(MODEL_FILE).read_text("utf-8")
    return Model.from_json(json.loads(text))
