"""Message catalogs: every user-facing text, in Japanese and English, keyed and formatted here."""

from __future__ import annotations

import datetime as dt
import functools
import string
import tomllib
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

LANGS: tuple[str, ...] = ("en", "ja")
# What people typed (a title, a client's name, a note, a pasted message) is marked inside the texts
# of messages, so that each platform's renderer shows it literally, its markup neutralised, while
# the catalog's own markup (`code` spans) still renders. The marks are Unicode noncharacters, which
# exist for such internal use; `plain()` removes them wherever text leaves as plain text. `t()` marks
# only while messages are being composed (`marking()`: the service, the engine); elsewhere, such as
# in a test's expected value, it gives plain text.
OPEN, CLOSE = "\ufdd0", "\ufdd1"
# Placeholders that carry what people typed.
LITERAL_PARAMS = frozenset(
    {"title", "client", "note", "description", "url", "value", "extra", "option", "command", "quote"}
)
_marking: ContextVar[bool] = ContextVar("gigwatch_marking", default=False)
P = ParamSpec("P")
T = TypeVar("T")
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
}


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str | tuple[str, ...]]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(full, value, out)
        elif isinstance(value, list):
            out[full] = tuple(str(v) for v in value)
        else:
            out[full] = str(value)


@cache
def _entries(lang: str) -> Mapping[str, str | tuple[str, ...]]:
    """Every entry of one language, merged from every `bot/i18n/<lang>/*.toml` (one file per feature
    area); a key defined twice is an error. Texts are strings; word lists (aliases, examples) are arrays."""
    out: dict[str, str | tuple[str, ...]] = {}
    folder = resources.files("bot.i18n").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        part: dict[str, str | tuple[str, ...]] = {}
        _flatten("", tomllib.loads(entry.read_text("utf-8")), part)
        clash = part.keys() & out.keys()
        if clash:
            raise ValueError(f"{lang}/{entry.name} redefines {sorted(clash)[:3]}")
        out.update(part)
    return out


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The flattened texts of one language (`step.nudge.draft` -> text)."""
    return {k: v for k, v in _entries(lang).items() if isinstance(v, str)}


@cache
def word_lists(lang: str) -> Mapping[str, tuple[str, ...]]:
    """The flattened word lists of one language (`alias.stage.funded` -> ("仮払い済み", ...))."""
    return {k: v for k, v in _entries(lang).items() if isinstance(v, tuple)}


def words(lang: str, key: str) -> tuple[str, ...]:
    """One word list of `lang` (unknown languages read English)."""
    return word_lists(lang if lang in LANGS else "en")[key]


@cache
def placeholders(text: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def has(lang: str, key: str) -> bool:
    return key in catalog(lang)


def literal(text: str) -> str:
    """`text` marked as typed by a person: renderers show it literally."""
    text = plain(text)
    return f"{OPEN}{text}{CLOSE}" if text else text


def plain(text: str) -> str:
    """A composed text without its marks: what the console, the simulator and exports show."""
    return text.replace(OPEN, "").replace(CLOSE, "")  # str.translate is 20x slower per character


def segments(text: str) -> list[tuple[str, bool]]:
    """A composed text as runs of catalog text (False) and of what people typed (True), in order."""
    out: list[tuple[str, bool]] = []
    rest = text
    while rest:
        start = rest.find(OPEN)
        if start < 0:
            out.append((rest.replace(CLOSE, ""), False))
            break
        end = rest.find(CLOSE, start)
        end = len(rest) if end < 0 else end
        if start:
            out.append((rest[:start].replace(CLOSE, ""), False))
        if end > start + 1:
            out.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(piece, typed) for piece, typed in out if piece]


@contextmanager
def marking() -> Iterator[None]:
    """Within, `t()` and `first()` mark the values of LITERAL_PARAMS: the texts are for messages."""
    token = _marking.set(True)
    try:
        yield
    finally:
        _marking.reset(token)


def composes(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """A coroutine that composes messages (runs a command, delivers due steps): `t()` marks within it."""

    @functools.wraps(fn)
    async def composing(*args: P.args, **kwargs: P.kwargs) -> T:
        with marking():
            return await fn(*args, **kwargs)

    return composing


def _marked(params: Mapping[str, Any]) -> Mapping[str, Any]:
    if not _marking.get():
        return params
    return {k: literal(v) if k in LITERAL_PARAMS and isinstance(v, str) else v for k, v in params.items()}


class _Counting(string.Formatter):
    """`{n:|day|days}` writes the number with its noun, singular for one: English needs it ("1 hour",
    "3 hours"); Japanese counts without plurals and writes a plain `{n}`."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("|"):
            one, _, many = format_spec[1:].partition("|")
            return f"{value} {one if plain(str(value)).strip() in ('1', '1.0') else many}"
        return str(super().format_field(value, format_spec))


_COUNTING = _Counting()


def _format(text: str, params: Mapping[str, Any]) -> str:
    """A catalog text with its placeholders filled; the counting form only where a text uses it."""
    return _COUNTING.vformat(text, (), params) if ":|" in text else text.format_map(params)


def t(lang: str, key: str, /, **params: Any) -> str:
    """The text of `key` in `lang` with its placeholders filled (what people typed marked while
    `marking()`). Unknown languages read English."""
    texts = catalog(lang if lang in LANGS else "en")
    return _format(texts[key], _marked(params))


def template(lang: str, key: str) -> str:
    """The text of `key` in `lang` as the catalog holds it, its placeholders unfilled (for `fill`)."""
    return catalog(lang if lang in LANGS else "en")[key]


def fill(text: str, params: Mapping[str, Any]) -> str:
    """A catalog text (`template`) with its placeholders filled as `t` fills them: a text filled many
    times over is looked up once."""
    return _format(text, _marked(params))


def first(lang: str, keys: tuple[str, ...], /, **params: Any) -> str | None:
    """The first key that exists: lets a platform variant override a step's generic wording."""
    texts = catalog(lang if lang in LANGS else "en")
    for key in keys:
        text = texts.get(key)
        if text is not None:
            return _format(text, _marked(params))
    return None


def worded(
    lang: str, prefix: str, name: str, platform: str, /, fallback: str | None = None, **params: Any
) -> str | None:
    """`prefix.<platform>.name` where the platform words it its own way (Coconala's buyer approves, a
    direct client has no escrow), else the generic `fallback` (by default `prefix.name`)."""
    return first(lang, (f"{prefix}.{platform}.{name}", fallback or f"{prefix}.{name}"), **params)


def own_key(lang: str, key: str, platform: str) -> str:
    """The key `worded` reads for `key` (`prefix.name`) on `platform`: `prefix.<platform>.name` where
    the platform has its own words for it, else `key` itself; for a text filled later or many times, or
    a word list (a command's examples)."""
    prefix, _, name = key.rpartition(".")
    mine = f"{prefix}.{platform}.{name}"
    lang = lang if lang in LANGS else "en"
    return mine if mine in catalog(lang) or mine in word_lists(lang) else key


def when(lang: str, instant: datetime, tz: str) -> str:
    """A date and time as a person of that language writes it, in the user's zone: in Japanese the
    weekday in full-width brackets and the hour without a leading zero, 2026年11月20日（金）9:00."""
    local = instant.astimezone(ZoneInfo(tz))
    wd = _WEEKDAYS.get(lang, _WEEKDAYS["en"])[local.weekday()]
    if lang == "ja":
        return f"{local.year}年{local.month}月{local.day}日（{wd}）{local.hour}:{local.minute:02d}"
    return f"{wd} {local.day} {local:%b %Y %H:%M}"


def clock(lang: str, instant: datetime, tz: str) -> str:
    """The time of day of `instant` in the zone, as `when` writes it (15:00; in Japanese 9:00)."""
    local = instant.astimezone(ZoneInfo(tz))
    return f"{local.hour}:{local.minute:02d}" if lang == "ja" else f"{local:%H:%M}"


def zoned(lang: str, instant: datetime, tz: str) -> str:
    """A date and time with its zone named, for a text the client reads: they may be elsewhere. Japan's
    zone is named as people there say it; another by its abbreviation, else its offset from UTC. A text
    in Japanese always gives the offset: 「（CEST）」 is a code few readers in Japan can place."""
    local = instant.astimezone(ZoneInfo(tz))
    if tz in ("Asia/Tokyo", "Japan"):
        zone = "日本時間" if lang == "ja" else "JST"
    elif lang != "ja" and (abbr := local.tzname() or "").isalpha():
        zone = abbr
    else:
        offset = local.utcoffset() or dt.timedelta()
        minutes = int(offset.total_seconds()) // 60
        zone = f"UTC{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{when(lang, instant, tz)}（{zone}）" if lang == "ja" else f"{when(lang, instant, tz)} {zone}"


def date(lang: str, day: dt.date) -> str:
    """A calendar day with its weekday and year (a legal last payment day)."""
    wd = _WEEKDAYS.get(lang, _WEEKDAYS["en"])[day.weekday()]
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日（{wd}）"
    return f"{wd} {day.day} {day:%b %Y}"


def day(lang: str, instant: datetime, tz: str, *, now: datetime | None) -> str:
    """The local day of `instant` as `short_date` writes it, read at `now` (None: in a document kept)."""
    zone = ZoneInfo(tz)
    return short_date(
        lang, instant.astimezone(zone).date(), today=None if now is None else now.astimezone(zone).date()
    )


def short_date(lang: str, local: dt.date, *, today: dt.date | None) -> str:
    """A calendar day with its weekday, without the year when it falls in the year of `today`, the day
    the text is read (a delivery last week): a date of another year carries it, so that "28 Dec" read
    in January is not taken for a day ahead. Without `today` (a document read later) always with it."""
    if today is None or local.year != today.year:
        return date(lang, local)
    wd = _WEEKDAYS.get(lang, _WEEKDAYS["en"])[local.weekday()]
    if lang == "ja":
        return f"{local.month}月{local.day}日（{wd}）"
    return f"{wd} {local.day} {local:%b}"
