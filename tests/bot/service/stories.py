"""Simulator stories for the trust audits: one user's settings and commands at given instants, and the
records addressed to them."""

from __future__ import annotations

from typing import Any

from tests.conftest import simulate_records

T0 = "2026-12-01T09:00:00+09:00"  # a Tuesday
LANGS = ("en", "ja")


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def setting(user: str, when: str = T0, **values: str) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": values}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def to(records: list[dict[str, Any]], user: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and (kind is None or r["kind"] == kind)]


async def replies_at(
    code: str, lines: list[dict[str, Any]], until: str, start: str = T0, **settings: str
) -> dict[str, str]:
    """The replies and warnings user "u" is sent at each instant, joined (one command at a time), after
    settings in language `code` made at `start`."""
    records = await simulate_records([setting("u", start, lang=code, **settings), *lines, end(until)])
    texts: dict[str, str] = {}
    for r in to(records, "u"):
        if r["kind"] in ("reply", "warning"):
            texts[r["at"]] = "\n".join(filter(None, (texts.get(r["at"]), r["text"])))
    return texts


async def records(
    code: str, lines: list[dict[str, Any]], until: str, start: str = T0, **settings: str
) -> list[dict[str, Any]]:
    """The replies, warnings and errors user "u" is sent, one a command (the last at each instant),
    after settings in language `code` made at `start`."""
    out = await simulate_records([setting("u", start, lang=code, **settings), *lines, end(until)])
    last: dict[str, dict[str, Any]] = {}
    for r in to(out, "u"):
        if r["kind"] in ("reply", "warning", "error"):
            last[r["at"]] = r
    return list(last.values())


async def simulate(
    code: str, lines: list[dict[str, Any]], until: str, start: str = T0
) -> list[dict[str, Any]]:
    """Every record addressed to user "u", after settings in language `code` made at `start`."""
    return to(await simulate_records([setting("u", start, lang=code), *lines, end(until)]), "u")


# A direct ¥100,000 job, ¥30,000 paid up front, delivered, then ended by agreement: money still owed on an
# ended contract.
DIRECT_ENDED = [
    say("u", '/gig add "LP" client:Kato amount:100000 stage:contracted', at(12, 1, 10)),
    say("u", "/gig paid 1 amount:30000", at(12, 2, 10)),
    say("u", "/gig delivered 1", at(12, 5, 10)),
    say("u", "/gig terminate 1 confirm", at(12, 6, 10)),
]
# An Upwork-style hourly contract at $40 with 15 hours logged and $200 paid: $400 still owed.
HOURLY_LOGGED = [
    say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1, 10)),
    say("u", "/gig log 1 10", at(12, 2, 10)),
    say("u", "/gig log 1 5", at(12, 3, 10)),
    say("u", "/gig paid 1 amount:200", at(12, 3, 11)),
]


async def gig_check(code: str, platform: str, moves: list[str], text: str, stage: str = "funded") -> str:
    """The reply to `/gig check gig:1 TEXT` after adding gig #1 at `stage` and making these moves."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:{stage} amount:50000'
    lines = [say("u", add, at(12, 1, 10))]
    lines += [say("u", move, at(12, 1, 10, 10 + n)) for n, move in enumerate(moves)]
    lines.append(say("u", f"/gig check gig:1 {text}", at(12, 1, 11)))
    return (await replies_at(code, lines, at(12, 1, 12), platform=platform))[at(12, 1, 11)]
