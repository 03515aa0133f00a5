"""Hostile input for every adapter's entry, generated from the grammar: what the fuzz benchmark
(bench.fuzz) sends 100,000 of, and what the suite's property test draws from.

Each value is sometimes plausible (so that commands succeed and there is state to protect), and
often hostile: lone surrogates, control and format characters, unbalanced quotes of every script,
option lookalikes, mentions and markup, numbers and dates at and past their limits, and text far
longer than any limit.
"""

from __future__ import annotations

import random
from typing import Any

from bot.commands.grammar import GRAMMAR, ArgType, CommandSpec

# Fragments a hostile user (or a broken client) might send.
PIECES: tuple[str, ...] = (
    "\ud800",
    "\udfff",
    "a\udc80b",
    "\x00",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x7f",
    "\x85",
    "\x9b",
    "\r\n",
    "\r",
    "\t",
    "\n",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\ufffd",
    '"',
    "「",
    "』",
    "“",
    "'",
    "\\",
    ":",
    "：",
    "key:",
    "client:",
    "since:",
    "amount:",
    "://",
    "#",
    "#0",
    "#-1",
    "#999999999999",
    "<!channel>",
    "<@U123>",
    "@everyone",
    "```",
    "*_~",
    "'; DROP TABLE users; --",
    "%s%n",
    "{gig}",
    "{0}",
    "${x}",
    "NaN",
    "1e309",
    "-0",
    "１２３",
    "ＡＣＭＥ",
    "ｶﾞ",
    "e\u0301",
    "👩‍💻",
    "𠮷",
    "日本語",
    "/gig",
    "gig add",
)
PLAUSIBLE: dict[ArgType, tuple[str, ...]] = {
    ArgType.TEXT: ("LP design", "ACME", "they answered", "https://example.com/j/1"),
    ArgType.GIG: ("1", "2", "#1", "3"),
    ArgType.NUMBER: ("5", "2.5", "80000", "¥1,000", "-1", "1e12", "nan", "inf"),
    ArgType.WORKED: ("2.5", "90m", "2h", "2時間", "0", "-1h", "800h"),
    ArgType.TIME: ("3d", "90m", "2026-11-20", "2026-11-20T15:00", "2026-02-30", "9999w", "1970-01-01"),
    ArgType.DURATION: ("90m", "12h", "3d", "2w", "0d", "401d", "10000w"),
    ArgType.HOURS: ("09-20", "00-24", "20-09", "25-26", "9:30-17:30"),
    ArgType.DAYS: ("mon-fri", "sat-sun", "mon,wed,fri", "fri-mon", "nope"),
    ArgType.TZ: ("Asia/Tokyo", "UTC", "../../etc/passwd", "Mars/Olympus", ""),
    ArgType.HOLIDAYS: ("JP", "US", "none", "XX", "jp"),
    ArgType.OFFSET: ("2bd", "5d", "default", "-1d", "99999d", "bd"),
    ArgType.FLAG: ("yes",),
}


def hostile(rng: random.Random, *, limit: int = 400) -> str:
    """A string of hostile fragments and random characters; now and then far longer than `limit`."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(PIECES))
        elif roll < 0.85:
            parts.append("".join(chr(rng.randint(0x20, 0x7E)) for _ in range(rng.randint(1, 12))))
        else:
            parts.append("".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 4))))
    text = "".join(parts)
    if rng.random() < 0.03:
        text = text * (limit // max(1, len(text)) + 2)  # past the limit
    return text


def value(rng: random.Random, arg_type: ArgType, choices: tuple[str, ...] = ()) -> str:
    """One argument's text: plausible for its type (a valid choice, a real time zone), or hostile."""
    if rng.random() < 0.45:
        return hostile(rng)
    if choices and rng.random() < 0.8:
        return rng.choice(choices)
    return rng.choice(PLAUSIBLE.get(arg_type, PLAUSIBLE[ArgType.TEXT]))


def spec(rng: random.Random) -> CommandSpec:
    return rng.choice(GRAMMAR)


def command_text(rng: random.Random) -> str:
    """A command line as Slack, the console or a button would send it."""
    if rng.random() < 0.05:
        return hostile(rng, limit=12_000)
    chosen = spec(rng)
    name = chosen.name if rng.random() < 0.9 else hostile(rng)
    words = [rng.choice(("/gig ", "gig ", "", "／gig ")), name]
    for arg in chosen.args:
        if not arg.required and rng.random() < 0.6:
            continue
        text = value(rng, arg.type, arg.choices)
        quoted = rng.random() < 0.5
        text = f'"{text}"' if quoted else text
        words.append(
            f"{arg.name}:{text}" if arg.keyword else (arg.name if arg.type is ArgType.FLAG else text)
        )
    if rng.random() < 0.1:
        words.append(hostile(rng))
    return " ".join(words)


def option_values(rng: random.Random, chosen: CommandSpec) -> dict[str, Any]:
    """A command's typed options as Discord hands them over: text, or a flag's on/off."""
    values: dict[str, Any] = {}
    for arg in chosen.args:
        if not arg.required and rng.random() < 0.5:
            continue
        if arg.type is ArgType.FLAG:
            values[arg.name] = rng.random() < 0.5
        elif arg.type in (ArgType.GIG, ArgType.NUMBER) and rng.random() < 0.7:
            values[arg.name] = str(rng.choice((1, 2, 3, 0, 10**9 - 1, 2.5)))  # Discord checks the type
        else:
            values[arg.name] = value(rng, arg.type, arg.choices)
    return values


FORM_FIELDS = ("title", "client", "platform", "stage", "amount", "url")


def form_values(rng: random.Random) -> dict[str, str]:
    """The fields of Slack's add form, as submitted (empty optional fields are left out)."""
    add = next(s for s in GRAMMAR if s.name == "add")
    out: dict[str, str] = {}
    for name in FORM_FIELDS:
        arg = add.arg(name)
        assert arg is not None
        if arg.required or rng.random() < 0.5:
            out[name] = value(rng, arg.type, arg.choices)
    return out
