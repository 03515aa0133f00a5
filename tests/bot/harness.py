"""Helpers for driving the core like a user and reading back what it stored.

Commands go through the real `Service`, time through the `VirtualClock` and `Engine.tick`; the
results are read straight from the tables, so a test sees exactly what the bot recorded and queued.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import utc_from_epoch
from bot.compose import outbox_message
from bot.messages import Kind, Message
from bot.service import Actor, Outcome, Service
from storage import SqlStore
from storage.schema import events, gigs, metadata, pending_steps, users

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def jst(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TOKYO)


def nyc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=NEW_YORK)


async def ok(service: Service, actor: Actor, text: str) -> Outcome:
    """Run a command that must succeed (no error among its replies)."""
    outcome = await service.execute(actor, text)
    errors = [r.message.text() for r in outcome.replies if r.message.kind is Kind.ERROR]
    assert not errors, f"{text!r} was refused: {errors}"
    return outcome


async def refused(service: Service, actor: Actor, text: str) -> Message:
    """Run a command that must be refused with exactly one error; returns that error."""
    outcome = await service.execute(actor, text)
    assert [r.message.kind for r in outcome.replies] == [Kind.ERROR], outcome
    assert outcome.replies[0].outbox_id is None
    return outcome.replies[0].message


def body(outcome: Outcome) -> str:
    return "\n\n".join(r.message.text() for r in outcome.replies)


async def dump(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in the schema, in primary-key order: compare before and after."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with store.engine.begin() as conn:
        for table in metadata.sorted_tables:
            q = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(r) for r in (await conn.execute(q)).all()]
    return out


@dataclass(frozen=True, slots=True)
class Sent:
    """One outbox row as a test reads it."""

    id: int
    workspace: str
    address: str
    kind: str
    created_at: datetime
    message: Message

    @property
    def step(self) -> str | None:
        return self.message.step

    @property
    def gig(self) -> int | None:
        return self.message.gig


async def queued(store: SqlStore, kind: Kind | None = None, *, after: int = 0) -> list[Sent]:
    """Outbox rows (optionally of one kind) with an id above `after`, oldest first, each as the
    dispatcher would send it now (a reminder rendered from its gig)."""
    return [
        Sent(r.id, r.workspace, r.address, r.kind.value, r.created_at, outbox_message(r))
        for r in await store.peek_outbox(after=after)
        if kind is None or r.kind is kind
    ]


async def reminders(store: SqlStore, *, after: int = 0) -> list[Sent]:
    return await queued(store, Kind.REMINDER, after=after)


async def last_outbox_id(store: SqlStore) -> int:
    rows = await queued(store)
    return rows[-1].id if rows else 0


@dataclass(frozen=True, slots=True)
class Pending:
    step: str
    nominal: datetime
    due: datetime


async def pending(store: SqlStore, actor: Actor, number: int) -> list[Pending]:
    """The pending steps of one of the actor's gigs, track by track, each in its order."""
    gig_id = await _gig_id(store, actor, number)
    q = (
        select(pending_steps)
        .where(pending_steps.c.gig_id == gig_id)
        .order_by(pending_steps.c.track, pending_steps.c.ord)
    )
    async with store.engine.begin() as conn:
        rows = (await conn.execute(q)).mappings().all()
    return [Pending(r["step"], utc_from_epoch(r["nominal_at"]), utc_from_epoch(r["due_at"])) for r in rows]


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str
    step: str | None
    data: dict[str, Any]


async def history(store: SqlStore, actor: Actor, number: int) -> list[Event]:
    """The evidence events of one of the actor's gigs, oldest first."""
    gig_id = await _gig_id(store, actor, number)
    q = select(events).where(events.c.gig_id == gig_id).order_by(events.c.id)
    async with store.engine.begin() as conn:
        rows = (await conn.execute(q)).mappings().all()
    return [Event(utc_from_epoch(r["at"]), r["kind"], r["step"], json.loads(r["data"])) for r in rows]


async def gig_row(store: SqlStore, actor: Actor, number: int) -> dict[str, Any]:
    q = (
        select(gigs)
        .join(users, users.c.id == gigs.c.user_id)
        .where(
            users.c.workspace == actor.workspace,
            users.c.external_id == actor.external_id,
            gigs.c.number == number,
        )
    )
    async with store.engine.begin() as conn:
        row = (await conn.execute(q)).mappings().first()
    assert row is not None, f"{actor.external_id} has no gig #{number}"
    return dict(row)


async def _gig_id(store: SqlStore, actor: Actor, number: int) -> int:
    return int((await gig_row(store, actor, number))["id"])


def local(t: datetime, zone: ZoneInfo = TOKYO) -> str:
    """`2026-11-24 18:00` in the zone: expected times read best as local wall clock."""
    return t.astimezone(zone).strftime("%Y-%m-%d %H:%M")
