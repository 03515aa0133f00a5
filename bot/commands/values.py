"""Typed values of the command grammar: active hours and working days, read and written in the
user's language. Pure and clock-free (times and durations are in bot/commands/times.py)."""

from __future__ import annotations

import re
import unicodedata

from bot.commands.times import BadValue, prepare
from bot.commands.vocab import DAYSETS, Vocab, label, lookup
from bot.domain.calendar import WEEKDAY_NAMES
from bot.i18n import catalog as i18n

_RANGE = re.compile(r"\s*(?:〜|~|–|—|から|-)\s*")
_LIST = re.compile(r"\s*[,、・/]\s*")
_END = r"(\d{1,2})(?::(\d{2})|\s*時(?:\s*(\d{1,2})\s*分|(半))?)?"
_HOURS = re.compile(rf"^{_END}-{_END}(?:まで)?$")


class Amount(float):
    """An amount of money written with a currency (`$500`, `50000円`): the figure, and the currency the
    mark named (ISO 4217), which the handler checks against the gig's."""

    currency: str

    def __new__(cls, figure: float, currency: str) -> Amount:
        amount = super().__new__(cls, figure)
        amount.currency = currency
        return amount


def normalize(text: str) -> str:
    """NFKC turns full-width digits, letters and colons into the ASCII a parser expects."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_hours(text: str) -> tuple[int, int]:
    """`09-20`, `9:30-18:00`, `9時〜20時` or `9時半から18時` to minutes after midnight; `00-24` is all day."""
    m = _HOURS.match(_RANGE.sub("-", prepare(text), count=1))
    if not m:
        raise ValueError("hours")
    start = int(m[1]) * 60 + int(m[2] or m[3] or 0) + (30 if m[4] else 0)
    end = int(m[5]) * 60 + int(m[6] or m[7] or 0) + (30 if m[8] else 0)
    if 0 <= end < start < 1440:  # a night shift: one range must lie within a day
        raise BadValue("hint.hours_overnight")
    if not (0 <= start < 1440 and 0 < end <= 1440 and start < end):
        raise ValueError("hours")
    return start, end


def format_hours(start: int, end: int, lang: str = "en") -> str:
    """`09:00-20:00` in English; `9:00〜20:00` in Japanese."""
    if lang == "en":
        return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    return f"{start // 60}:{start % 60:02d}{i18n.t(lang, 'sep.range')}{end // 60}:{end % 60:02d}"


def parse_days(text: str) -> frozenset[int]:
    """`mon-fri`, `mon,wed,fri`, `月-金`, `月〜金`, `月・水・金`, `平日`, `毎日`, or a mix of ranges
    and names."""
    days: set[int] = set()
    for part in _LIST.split(prepare(text)):
        named = lookup(Vocab.DAYSET, part)
        if named is not None:
            days.update(DAYSETS[named])
            continue
        ends = [lookup(Vocab.WEEKDAY, e) for e in _RANGE.split(part)]
        if not 1 <= len(ends) <= 2 or None in ends:
            raise ValueError("days")
        first, last = (WEEKDAY_NAMES.index(str(e)) for e in (ends[0], ends[-1]))
        if last < first:
            raise ValueError("days")
        days.update(range(first, last + 1))
    if not days:
        raise ValueError("days")
    return frozenset(days)


def format_days(days: frozenset[int], lang: str = "en") -> str:
    """The shortest spelling: contiguous runs as ranges (`mon-fri`; in Japanese `月〜金`)."""
    english = lang == "en"
    runs: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        a, b = (
            WEEKDAY_NAMES[d] if english else label(Vocab.WEEKDAY, WEEKDAY_NAMES[d], lang)
            for d in (ordered[i], ordered[j])
        )
        runs.append(a if i == j else f"{a}{'-' if english else i18n.t(lang, 'sep.range')}{b}")
        i = j + 1
    return ("," if english else i18n.t(lang, "sep.list")).join(runs)


def days_to_mask(days: frozenset[int]) -> int:
    return sum(1 << d for d in days)


def mask_to_days(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask & (1 << d))
