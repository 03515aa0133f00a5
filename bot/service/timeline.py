"""The evidence timeline of a gig, as Markdown, CSV or JSON (every event with its time), or the evidence
pack (bot/service/pack.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import cache
from json.encoder import encode_basestring
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.stages import Stage
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.ports import EventKind, EventRecord, GigRecord, UserRecord, logged_hours
from bot.service import pack
from bot.service.context import Ctx, handles
from bot.service.milestones import milestones
from bot.service.views import event_form, event_text, facts_lines

PACK_FILE = "evidence"  # the pack's files: gig-3-evidence.md, gig-3-evidence.html
INLINE_EVENTS = 100  # a longer timeline arrives as a file
_LINE = json.JSONEncoder(ensure_ascii=False)  # json.dumps with options builds an encoder per call
_NOTE = (str, type(None))  # a note, or none
# Event data that holds an instant: stored in UTC (or, for a request, in the zone of the day it came);
# an export gives each in the user's zone, as it gives `at` and the facts.
_INSTANTS = frozenset({"since", "until", "due", "deadline", "received"})


def render(fmt: str, user: UserRecord, gig: GigRecord, events: list[EventRecord]) -> str:
    """An export is a file, shown as it is: no marks of what people typed (bot.i18n.catalog.plain)."""
    lang, zone = user.language, ZoneInfo(user.tz)
    if gig.hourly and gig.logged_hours is None:
        # what an hourly contract is owed comes from its hours: an export stating it (the timeline a
        # rating inquiry attaches too) reads them from the history it lists
        gig.logged_hours = logged_hours(events)
    # Each column made in one pass over the events (a loop in one function: no call per event), as
    # strings: lists of strings are nothing the collector walks, unlike a tuple a line.
    texts = _plain_texts(lang, gig, user.tz, events)
    if fmt == "json":
        # Indented, one event a line: the indenting encoder is pure Python, 4x slower per event than
        # the compact one (_LINE), and a line is laid out here from its encoded values (an instant,
        # a kind and a step encode as themselves) exactly as _LINE lays out the whole object.
        head = json.dumps(
            {
                "gig": gig.number,
                "title": gig.title,
                "client": gig.client,
                "platform": gig.platform,
                "stage": gig.stage.value,
                "facts": _facts(user, gig),
            },
            ensure_ascii=False,
            indent=2,
        )
        encoded = _Encoded()
        lines = ",\n    ".join(
            [
                f'{{"at": "{at}", {encoded(e.kind, e.step)}"data": {_data_json(e.data, zone)}, '
                f'"text": {encode_basestring(text)}}}'
                for at, e, text in zip(_local_minutes(zone, events, "T"), events, texts, strict=True)
            ]
        )
        listed = f"[\n    {lines}\n  ]" if events else "[]"
        return head.removesuffix("\n}") + f',\n  "events": {listed}\n}}'

    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(("at", "kind", "step", "text"))
        writer.writerows(
            zip(
                _local_minutes(zone, events, "T"),
                [e.kind for e in events],
                [e.step or "" for e in events],
                [_csv_safe(text) for text in texts],
                strict=True,
            )
        )
        return buf.getvalue()
    head = i18n.plain(
        i18n.t(lang, "timeline.title", gig=gig.number, title=_md(gig.title), client=_md(gig.client))
    )
    facts = facts_lines(user, gig, hints=False, bounds=milestones(gig, events).bounds)
    table = [head, "", *(f"- {_md(i18n.plain(line))}" for line in facts), ""]
    table += [i18n.t(lang, "timeline.columns"), "|---|---|"]
    table += [
        f"| {at} | {_md(text)} |" for at, text in zip(_local_minutes(zone, events, " "), texts, strict=True)
    ]
    return "\n".join(table)


def _plain_texts(lang: str, gig: GigRecord, tz: str, events: list[EventRecord]) -> list[str]:
    """`plain(event_text(lang, e, gig, tz, stored_times=True))` of each event (an export keeps a
    deadline as the instant stored). Most of a long history are notes of what was
    sent and heard: such an event's text is its kind's (looked up once) and the note, so it is made
    here from them; any other goes through event_text."""
    plain, forms = i18n.plain, _note_forms(lang, gig.platform)
    out = []
    for e in events:
        data = e.data
        note = data.get("note")
        head = forms.get(e.kind)
        if head is None or e.step or len(data) > (note is not None) or type(note) not in _NOTE:
            out.append(plain(event_text(lang, e, gig, tz, stored_times=True)))
        elif note:
            # event_text's "text — literal(note)", unmarked: the marks around a note are all it adds
            out.append(f"{head} — {plain(note)}")
        else:
            out.append(head)
    return out


@cache
def _note_forms(lang: str, platform: str) -> dict[str, str]:
    """The unmarked text of each event kind whose words take no value (event_text's form of it on the
    platform), for events that hold a note at most."""
    out = {}
    for kind in EventKind:
        text, names = event_form(lang, kind, platform)
        if not names:
            out[kind.value] = i18n.plain(text)
    return out


def _local_minutes(zone: ZoneInfo, events: list[EventRecord], sep: str) -> list[str]:
    """Each event's instant as local ISO time to the minute (date and time joined by `sep`), each
    minute formatted once: formatting costs more than the rest of a line, and a gig's events crowd
    into few minutes."""
    seen: dict[float, str] = {}
    out = []
    for e in events:
        at = e.at
        minute = at.timestamp() // 60
        text = seen.get(minute)
        if text is None:
            local = at.astimezone(zone)
            text = local.isoformat(timespec="minutes")
            if sep != "T":
                text = text.replace("T", sep)
            offset = local.utcoffset()
            if offset is None or not offset.seconds % 60:  # a minute of UTC is one local minute
                seen[minute] = text
        out.append(text)
    return out


class _Encoded:
    """The JSON members of each distinct kind and step among a timeline's events, encoded once."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str | None], str] = {}

    def __call__(self, kind: str, step: str | None) -> str:
        text = self.seen.get((kind, step))
        if text is None:
            text = self.seen[kind, step] = f'"kind": {_LINE.encode(kind)}, "step": {_LINE.encode(step)}, '
        return text


def _data_json(data: Mapping[str, Any], zone: ZoneInfo) -> str:
    """An event's data as _LINE encodes it, its instants in the user's zone (_local_data). Most hold only
    text (a note), which is laid out here from its strings encoded as _LINE encodes them
    (encode_basestring), at a third of the encoder's cost; anything else goes through the encoder."""
    if len(data) == 1:  # a note alone, the most common, without the loop
        note = data.get("note")
        if type(note) is str:
            return f'{{"note": {encode_basestring(note)}}}'
    if not _INSTANTS.isdisjoint(data):
        data = _local_data(data, zone)
    parts = []
    for key, value in data.items():
        if type(key) is not str or type(value) is not str:
            return _LINE.encode(dict(data))
        parts.append(f"{encode_basestring(key)}: {encode_basestring(value)}")
    return "{" + ", ".join(parts) + "}"


def _local_data(data: Mapping[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """An event's data with each instant as `at` is given: the user's wall clock to the minute, with its
    offset (a value that is no instant is kept as stored)."""
    out = dict(data)
    for key in _INSTANTS.intersection(data):
        value = data[key]
        try:
            instant = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            instant = None
        if instant is not None and instant.tzinfo is not None:
            out[key] = instant.astimezone(zone).isoformat(timespec="minutes")
    return out


def _facts(user: UserRecord, gig: GigRecord) -> dict[str, object]:
    """The facts advice depends on, machine-readable, with instants in the user's zone. The delivery's
    day is also given as fixed when it was recorded: the last payment day counts from it, and after a
    change of zone the instant's local date can differ from it. A gig closed at acceptance (spec section
    1) had its funded escrow released to the platform balance: the client owes nothing more, and the fee
    is given as released rather than owed. A funded escrow the client asked back, with no outcome recorded
    (`refund_unsettled`), is in question: `owed` is null, as it is unknown."""
    zone = ZoneInfo(user.tz)
    released = gig.stage is Stage.ACCEPTED and gig.closed

    def local(at: datetime | None) -> str | None:
        return at.astimezone(zone).isoformat(timespec="minutes") if at else None

    payday = gig.act_payment_day(user.tz)
    return {
        "funded_at": local(gig.funded_at),
        "delivered_at": local(gig.delivered_at),
        "delivered_on": None if (day := gig.delivery_day(user.tz)) is None else day.isoformat(),
        "pay_by": None if gig.pay_by is None else str(gig.pay_by),
        "last_payment_day": payday.isoformat() if payday else None,
        "amount": gig.amount,
        "paid": gig.received,  # the whole fee once paid in full, as "owed" counts it
        "owed": None if gig.refund_unsettled else 0.0 if released and gig.amount is not None else gig.owed,
        # what the acceptance released: the rest of the fee after the parts paid before it (`paid`)
        "released": (gig.amount if gig.released_rest is None else gig.released_rest) if released else None,
        "currency": gig.fee_currency,
    }


def _md(text: str) -> str:
    """Keep user text from breaking the Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ runs as code in Excel)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@handles("timeline")
async def timeline(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """The export is the message; past INLINE_EVENTS it is attached as a file under a short note, so
    no platform is asked to show a message as long as the gig's history."""
    gig = await ctx.gig(a["id"])
    fmt = a.get("format", "md")
    history = await ctx.tx.events(gig.id)
    gig.logged_hours = logged_hours(history)  # what an hourly contract is owed, as the export states it
    if fmt == "pack":
        # One document, as Markdown and as a printable page: each a file where the platform has files.
        pending = (await ctx.tx.pending([gig.id])).get(gig.id, [])
        doc = pack.build(ctx.user, gig, history, pending, ctx.now)
        for ext, body in (("md", doc.markdown()), ("html", doc.html())):
            extra = {"format": ext, "file": PACK_FILE}
            ctx.replies.append(
                Message(kind=Kind.REPLY, lang=ctx.lang, body=body, gig=gig.number, extra=extra)
            )
        return
    export = render(fmt, ctx.user, gig, history)
    message = Message(kind=Kind.REPLY, lang=ctx.lang, body=export, gig=gig.number, extra={"format": fmt})
    if len(history) > INLINE_EVENTS:  # a note that introduces the file
        file = message.filename()
        note = i18n.t(ctx.lang, "timeline.file", gig=gig.number, count=len(history), file=file)
        message = replace(message, body=note, attachment=export)
    ctx.replies.append(message)
