"""The grammar's closed vocabularies, in every language: what the parser accepts, what Discord lists,
what help and errors show.

A vocabulary is a closed set of codes (the stages, the platforms, the report reasons...). The catalogs
declare, per language, aliases (`alias.<vocabulary>.<code>`: the ways people write it) and, for the
choices the bot names in its replies, a label (`<label table>.<code>`: how the bot writes it). The
parser accepts a code, every label and every alias of every language, whatever the user's language:
input is folded first, so that case, width, katakana or hiragana, spaces, hyphens and a trailing
済/済み never matter. A test holds every alias to one code within its vocabulary.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from functools import cache

from bot.domain.calendar import WEEKDAY_NAMES, Preset
from bot.domain.currency import currencies
from bot.domain.stages import Stage
from bot.domain.tracks import PLATFORMS, all_step_codes, request_names
from bot.i18n import catalog as i18n
from bot.protection.clients import REASONS
from bot.protection.text import fold_kana


class Vocab(StrEnum):
    # Choices the user picks (command arguments).
    STAGE = "stage"
    STEP = "step"
    PLATFORM = "platform"
    REASON = "reason"
    REQUEST = "request"
    YESNO = "yesno"
    FORMAT = "format"
    CURRENCY = "currency"
    CADENCE = "cadence"
    FEED = "feed"  # what to do with the calendar feed: reset or off
    SWITCH = "switch"  # on or off (the weekly plan)
    PRESET = "preset"  # the snooze presets: tomorrow, in three days, next week
    LANG = "lang"
    WORD = "word"  # the grammar's literal words: flags (all, confirm, answered), default, none
    WEEKDAY = "weekday"
    DAYSET = "dayset"  # working days by one name: weekdays, weekend, every day
    # Words inside times, durations and offsets.
    UNIT = "unit"
    RELDAY = "relday"
    MONTH = "month"  # English month names (`Dec 3`, `3 December`); Japanese writes 12月3日
    TIMEWORD = "timeword"


# Where the catalogs name a code as the bot writes it (`stage.funded`); vocabularies without an
# entry are words only (flags, units), shown as their code.
LABEL_TABLES: Mapping[Vocab, str] = {
    Vocab.STAGE: "stage",
    Vocab.STEP: "stepname",
    Vocab.PLATFORM: "platform",
    Vocab.REASON: "reason",
    Vocab.REQUEST: "request",
    Vocab.YESNO: "yesno",
    Vocab.FORMAT: "format",
    Vocab.CURRENCY: "currency",
    Vocab.CADENCE: "cadence",
    Vocab.SWITCH: "switch",
    Vocab.FEED: "feedaction",
    Vocab.LANG: "langname",
    Vocab.WEEKDAY: "weekday",
    Vocab.DAYSET: "dayset",
}

# Days from today for each relative day (RELDAY's codes).
RELATIVE_DAYS: Mapping[str, int] = {
    "day_before_yesterday": -2,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "day_after_tomorrow": 2,
}
DAYSETS: Mapping[str, frozenset[int]] = {
    "weekdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
    "everyday": frozenset(range(7)),
}


@cache
def codes(vocab: Vocab) -> tuple[str, ...]:
    """The codes of a vocabulary, in the order the bot lists them."""
    fixed: dict[Vocab, tuple[str, ...]] = {
        Vocab.STAGE: tuple(s.value for s in Stage),
        Vocab.STEP: all_step_codes(),
        Vocab.PLATFORM: PLATFORMS,
        Vocab.REASON: REASONS,
        Vocab.REQUEST: request_names(),
        Vocab.YESNO: ("yes", "no"),
        Vocab.FORMAT: ("md", "csv", "json", "pack"),
        Vocab.CURRENCY: currencies(),
        Vocab.CADENCE: ("weekly", "off"),
        Vocab.SWITCH: ("on", "off"),
        Vocab.FEED: ("reset", "off"),
        Vocab.PRESET: tuple(p.value for p in Preset),
        Vocab.LANG: i18n.LANGS[::-1],  # ja first: the bot's first audience
        Vocab.WORD: ("all", "confirm", "answered", "default", "none"),
        Vocab.WEEKDAY: WEEKDAY_NAMES,
        Vocab.DAYSET: tuple(DAYSETS),
        Vocab.UNIT: ("minute", "hour", "day", "week", "bday"),
        Vocab.RELDAY: tuple(RELATIVE_DAYS),
        Vocab.MONTH: MONTHS,
        Vocab.TIMEWORD: ("now", "ago", "later", "in", "next", "last", "this", "am", "pm", "until"),
    }
    return fixed[vocab]


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_SPACING = re.compile(r"[\s_\-・･'’.]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_DONE = re.compile(r"(?:済み|済|ずみ)$")


def fold(text: str) -> str:
    """The form words are compared in: width, case, kana script, spacing and hyphens folded away."""
    return _SPACING.sub("", fold_kana(unicodedata.normalize("NFKC", text).casefold()))


def key(text: str) -> str:
    """A choice as looked up: folded, and without a trailing 済/済み (契約済み, 契約済 and 契約 agree)."""
    folded = fold(text)
    bare = _DONE.sub("", folded)
    return bare or folded


def label_key(vocab: Vocab, code: str) -> str | None:
    """The catalog key of the code's label, if the vocabulary has labels."""
    table = LABEL_TABLES.get(vocab)
    return f"{table}.{code}" if table else None


def label(vocab: Vocab, code: str, lang: str) -> str:
    """How the bot writes a code in `lang`: its label, or the code itself."""
    found = label_key(vocab, code)
    return i18n.t(lang, found) if found else code


def aliases(vocab: Vocab, code: str, lang: str) -> tuple[str, ...]:
    return i18n.words(lang, f"alias.{vocab}.{code}")


def spellings(vocab: Vocab, code: str) -> tuple[str, ...]:
    """Every way to write a code that the parser accepts: the code, each language's label (with and
    without a parenthesised remark) and aliases."""
    out = [code]
    for lang in i18n.LANGS:
        if label_key(vocab, code):
            text = label(vocab, code, lang)
            out += [text, _PARENTHESES.sub("", unicodedata.normalize("NFKC", text))]
            if vocab in (Vocab.STAGE, Vocab.STEP):  # the words replies use for it in each situation
                for k, t in i18n.catalog(lang).items():  # (label.<code>...: a platform's name for a step)
                    if k.startswith(f"label.{code}."):
                        out += [t, _PARENTHESES.sub("", unicodedata.normalize("NFKC", t))]
        out += aliases(vocab, code, lang)
    return tuple(dict.fromkeys(s for s in out if fold(s)))


@cache
def table(vocab: Vocab) -> Mapping[str, str]:
    """Looked-up form -> code. Two codes sharing a form is a catalog mistake and fails loudly."""
    out: dict[str, str] = {}
    for code in codes(vocab):
        for spelling in spellings(vocab, code):
            k = key(spelling)
            if out.setdefault(k, code) != code:
                raise ValueError(f"alias {spelling!r} of {vocab} means both {out[k]} and {code}")
    return out


@cache
def _words(section: str) -> Mapping[str, str]:
    """Every word the catalogs give in a section (`command_word.report`: 通報, `option_word.stage`:
    ステージ), in every language, to the name it stands for."""
    out: dict[str, str] = {}
    prefix = f"{section}."
    for lang in i18n.LANGS:
        for name, words in i18n.word_lists(lang).items():
            if name.startswith(prefix):
                out.update((key(w), name.removeprefix(prefix)) for w in words)
    return out


def command_word(text: str) -> str | None:
    """The command a word stands for (`通報` -> report), for the unknown-command error to suggest."""
    return _words("command_word").get(key(text.lstrip("/")))


def option_word(text: str) -> str | None:
    """The option a word stands for (`ステージ` -> stage), for the unknown-option error to suggest."""
    return _words("option_word").get(key(text))


def lookup(vocab: Vocab, text: str) -> str | None:
    """The code a word means in a vocabulary, or None."""
    return table(vocab).get(key(text))


def preferred(vocab: Vocab, code: str, lang: str) -> str:
    """The word help and hints suggest typing: English shows the code, other languages their first alias."""
    if lang != "en":
        words = aliases(vocab, code, lang)
        if words:
            return words[0]
    return code


def listing(vocab: Vocab, lang: str, allowed: tuple[str, ...] | None = None) -> str:
    """The choices as a hint lists them, in `lang`, separated the way that language separates a list."""
    sep = i18n.t(lang, "sep.list")
    return sep.join(preferred(vocab, c, lang) for c in (allowed or codes(vocab)))


def labels(vocab: Vocab, lang: str, allowed: tuple[str, ...] | None = None) -> tuple[tuple[str, str], ...]:
    """(code, label in `lang`) for each choice, in order: what a platform's own menus list."""
    return tuple((code, label(vocab, code, lang)) for code in (allowed or codes(vocab)))


def matching(vocab: Vocab, typed: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The codes whose code, label or alias in any language contains what was typed so far."""
    part = fold(typed)
    return tuple(
        code for code in (allowed or codes(vocab)) if any(part in fold(s) for s in spellings(vocab, code))
    )


def nearest(vocab: Vocab, text: str, allowed: tuple[str, ...] | None = None, n: int = 2) -> list[str]:
    """The codes closest to a word nobody declared, best first: the most similar spellings of every
    language, then the words it begins."""
    typed = key(text)
    if not typed:
        return []
    known = {k: c for k, c in table(vocab).items() if allowed is None or c in allowed}
    found = [known[k] for k in difflib.get_close_matches(typed, list(known), n=6, cutoff=0.7)]
    if len(typed) >= 2:
        found += [c for k, c in known.items() if k.startswith(typed)]
    return list(dict.fromkeys(found))[:n]
