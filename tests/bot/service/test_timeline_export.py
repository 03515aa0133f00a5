"""The timeline export lays out each line itself, for speed: byte for byte, it must be what the plain
encoders make of the same events (json.dumps, csv.writer, each event's words through event_text), in
both languages, for a history holding every kind of event and text that needs quoting or escaping."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from bot.clock import VirtualClock
from bot.i18n import catalog as i18n
from bot.ports import EventKind, EventRecord, GigRecord, UserRecord
from bot.service import Service
from bot.service.timeline import render
from bot.service.views import event_text
from storage import SqlStore, open_store
from tests.bot.harness import jst, ok
from tests.conftest import actor

ALICE = actor("alice")
# Notes that a CSV cell must quote, Markdown must escape, JSON must escape, a spreadsheet must not run,
# or that carry the marks composed texts wrap around what people typed.
NOTES = [
    "plain words",
    'a "quoted" word, and a comma',
    "line one\nline two\r\nline three",
    "=SUM(A1:A3)",
    "+81 3 0000",
    "-minus",
    "@mention",
    "a | pipe | or two",
    "tab\there, backslash \\ and slash /",
    "請求書を送付しました。ご確認ください",
    "emoji 🙂 and \u2028 separator",
    f"{i18n.OPEN}marked{i18n.CLOSE}",
    f"{i18n.OPEN}{i18n.CLOSE}",
    "",
]


@pytest_asyncio.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[SqlStore]:
    s = await open_store(sqlite_url)
    try:
        yield s
    finally:
        await s.engine.dispose()


async def rich_history(store: SqlStore) -> tuple[UserRecord, GigRecord, list[EventRecord]]:
    """A gig whose history went through the commands, then every kind of event with each note, and
    data of other shapes (a step, extra keys, an empty or missing note)."""
    clock = VirtualClock(jst(2026, 11, 20, 18))
    service = Service(store, clock)
    await ok(service, ALICE, '/gig add 「LP, "v2" | 改修」 client:"ACME, Inc." stage:contracted amount:80000')
    clock.set(jst(2026, 11, 25, 9, 30))
    await ok(service, ALICE, '/gig sent 1 "asked again, see https://example.com/m/1"')
    await ok(service, ALICE, '/gig change 1 =HYPERLINK("http://evil") | new | colours')
    await ok(service, ALICE, "/gig heard 1")
    await ok(service, ALICE, "/gig move 1 delivered")
    await ok(service, ALICE, "/gig paid 1 amount:30000")
    async with store.transaction() as tx:
        user = await tx.user(ALICE.workspace, ALICE.external_id)
        assert user is not None
        gig = await tx.gig(user.id, 1)
        assert gig is not None
        events = await tx.events(gig.id)
    assert len({e.kind for e in events}) >= 5
    at = events[-1].at
    more = []
    for n, kind in enumerate(EventKind):
        for m, note in enumerate(NOTES):
            at += timedelta(seconds=17 * (n + m))  # some lines share a minute, some do not
            more.append(EventRecord(gig.id, user.id, at, kind, None, {"note": note}))
        more += [
            EventRecord(gig.id, user.id, at, kind, None, {}),
            EventRecord(gig.id, user.id, at, kind, None, {"note": None}),
            EventRecord(gig.id, user.id, at, kind, "nudge", {"note": "with a step"}),
            EventRecord(gig.id, user.id, at, kind, "nudge", {}),
            EventRecord(
                gig.id, user.id, at, kind, None, {"note": "and more", "hours": 2, "extra": [1, "二"]}
            ),
            EventRecord(gig.id, user.id, at, kind, None, {"stage": "delivered", "from": "contracted"}),
        ]
    return user, gig, events + more


def local(data: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """An event's data as the JSON export gives it: instants in the user's zone, to the minute."""
    instants = ("since", "until", "due", "deadline", "received")
    return {
        k: datetime.fromisoformat(v).astimezone(zone).isoformat(timespec="minutes") if k in instants else v
        for k, v in data.items()
    }


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plainly(fmt: str, user: UserRecord, gig: GigRecord, events: list[EventRecord]) -> str:
    """The export as the plain encoders make it, line by line."""
    zone, lang = ZoneInfo(user.tz), user.language
    ats = [e.at.astimezone(zone).isoformat(timespec="minutes") for e in events]
    texts = [i18n.plain(event_text(lang, e, gig, user.tz, stored_times=True)) for e in events]
    if fmt == "json":
        head = json.loads(render("json", user, gig, []))
        del head["events"]
        lines = [
            json.dumps(
                {"at": at, "kind": e.kind.value, "step": e.step, "data": local(e.data, zone), "text": text},
                ensure_ascii=False,
            )
            for at, e, text in zip(ats, events, texts, strict=True)
        ]
        outer = json.dumps(head, ensure_ascii=False, indent=2)
        return outer[: -len("\n}")] + ',\n  "events": [\n    ' + ",\n    ".join(lines) + "\n  ]\n}"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["at", "kind", "step", "text"])
        for at, e, text in zip(ats, events, texts, strict=True):
            safe = "'" + text if text[:1] in ("=", "+", "-", "@") else text
            writer.writerow([at, e.kind.value, e.step or "", safe])
        return buf.getvalue()
    # The header's facts come from the gig and its history (a moment known only as "on or before"): taken
    # from the export itself, as long as the export of no events is.
    top = render("md", user, gig, events).split("\n")[: len(render("md", user, gig, []).split("\n"))]
    rows = [f"| {at.replace('T', ' ')} | {md_cell(text)} |" for at, text in zip(ats, texts, strict=True)]
    return "\n".join(top + rows)


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_each_export_is_byte_for_byte_what_the_plain_encoders_make(
    sqlite_store: SqlStore, lang: str
) -> None:
    user, gig, events = await rich_history(sqlite_store)
    user = replace(user, lang=lang)
    for fmt in ("md", "csv", "json"):
        assert render(fmt, user, gig, events) == plainly(fmt, user, gig, events), fmt
    # The JSON reads back as the events it was made from, and the CSV as the same lines.
    data = json.loads(render("json", user, gig, events))
    zone = ZoneInfo(user.tz)
    assert [e["data"] for e in data["events"]] == [local(e.data, zone) for e in events]
    rows = list(csv.reader(io.StringIO(render("csv", user, gig, events))))[1:]
    assert [r[3].removeprefix("'") for r in rows] == [e["text"] for e in data["events"]]
    table = render("md", user, gig, events).split("\n")[len(render("md", user, gig, []).split("\n")) :]
    assert len(table) == len(events)
    assert all(line.count(" | ") == 1 for line in table)
