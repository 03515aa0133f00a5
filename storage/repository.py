"""The one repository: SQLAlchemy async Core over SQLite (default) or PostgreSQL (by URL)."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, false, func, insert, or_, select, true, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.clock import epoch, utc_from_epoch
from bot.commands.values import days_to_mask, mask_to_days
from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.domain.tracks import PlannedStep
from bot.faults import Fault, StoreError
from bot.messages import Message
from bot.ports import DueGig, EventRecord, GigRecord, OutboxRecord, StepRecord, UserRecord
from storage.community import CommunityQueries
from storage.faults import classify
from storage.limits import SendLimits
from storage.rows import EVENT_COLUMNS, event_record
from storage.schema import digests, events, gigs, outbox, pending_steps, reports, users

log = logging.getLogger(__name__)

# A reply is first delivered in the interaction itself; the dispatcher steps in only if that fails.
INLINE_GRACE = timedelta(seconds=60)


def _ts(t: datetime | None) -> int | None:
    return None if t is None else epoch(t)


def _dt(v: int | None) -> datetime | None:
    return None if v is None else utc_from_epoch(v)


def _user(r: RowMapping) -> UserRecord:
    return UserRecord(
        id=r["id"],
        workspace=r["workspace"],
        external_id=r["external_id"],
        name=r["name"],
        tz=r["tz"],
        lang=r["lang"],
        locale=r["locale"],
        active_start=r["active_start"],
        active_end=r["active_end"],
        working_days=mask_to_days(r["working_days"]),
        holiday_country=r["holiday_country"],
        platform=r["platform"],
        offsets=json.loads(r["offsets"]),
    )


def _user_values(u: UserRecord) -> dict[str, Any]:
    return {
        "name": u.name[:200],
        "tz": u.tz,
        "lang": u.lang,
        "locale": (u.locale or None) and u.locale[:16],
        "active_start": u.active_start,
        "active_end": u.active_end,
        "working_days": days_to_mask(u.working_days),
        "holiday_country": u.holiday_country,
        "platform": u.platform,
        "offsets": json.dumps(u.offsets, sort_keys=True),
    }


def _gig(r: RowMapping) -> GigRecord:
    return GigRecord(
        id=r["id"],
        user_id=r["user_id"],
        number=r["number"],
        title=r["title"],
        client=r["client"],
        platform=r["platform"],
        stage=Stage(r["stage"]),
        created_at=utc_from_epoch(r["created_at"]),
        stage_since=utc_from_epoch(r["stage_since"]),
        waiting_since=_dt(r["waiting_since"]),
        shift_seconds=r["shift_seconds"],
        ladder_from=_dt(r["ladder_from"]),
        amount=r["amount"],
        rate=r["rate"],
        url=r["url"],
        closed_at=_dt(r["closed_at"]),
        funded_at=_dt(r["funded_at"]),
        delivered_at=_dt(r["delivered_at"]),
        pay_by=None if r["pay_by"] is None else PayBy.parse(r["pay_by"]),
        paid_amount=r["paid_amount"],
        requests={name: utc_from_epoch(at) for name, at in json.loads(r["requests"]).items()},
        progress=json.loads(r["progress"]),
    )


def _gig_values(g: GigRecord) -> dict[str, Any]:
    return {
        "title": g.title,
        "client": g.client,
        "platform": g.platform,
        "stage": g.stage.value,
        "stage_since": epoch(g.stage_since),
        "waiting_since": _ts(g.waiting_since),
        "shift_seconds": g.shift_seconds,
        "ladder_from": _ts(g.ladder_from),
        "amount": g.amount,
        "rate": g.rate,
        "url": g.url,
        "closed_at": _ts(g.closed_at),
        "funded_at": _ts(g.funded_at),
        "delivered_at": _ts(g.delivered_at),
        "pay_by": None if g.pay_by is None else str(g.pay_by),
        "paid_amount": g.paid_amount,
        "requests": json.dumps({k: epoch(v) for k, v in g.requests.items()}, sort_keys=True),
        "progress": json.dumps(g.progress, sort_keys=True),
    }


_STEP_COLUMNS = (
    pending_steps.c.id,
    pending_steps.c.gig_id,
    pending_steps.c.user_id,
    pending_steps.c.track,
    pending_steps.c.step,
    pending_steps.c.ord,
    pending_steps.c.nominal_at,
    pending_steps.c.due_at,
    pending_steps.c.deadline_at,
)


def _step(r: Sequence[Any]) -> StepRecord:
    """A row of _STEP_COLUMNS, by position: the engine converts every pending step of each due gig."""
    sid, gig_id, user_id, track, step, order, nominal_at, due_at, deadline_at = r
    return StepRecord(
        sid,
        gig_id,
        user_id,
        track,
        step,
        order,
        utc_from_epoch(nominal_at),
        utc_from_epoch(due_at),
        _dt(deadline_at),
    )


def _outbox(r: RowMapping) -> OutboxRecord:
    return OutboxRecord(
        id=r["id"],
        user_id=r["user_id"],
        workspace=r["workspace"],
        address=r["address"],
        message=Message.from_json(json.loads(r["payload"])),
        status=r["status"],
        attempts=r["attempts"],
        next_attempt_at=utc_from_epoch(r["next_attempt_at"]),
        created_at=utc_from_epoch(r["created_at"]),
        reply_to=r["reply_to"],
        error=r["error"],
    )


# The SET clause comes from the parameters' keys (the columns of _gig_values); the row by "gig".
_SAVE_GIG = update(gigs).where(gigs.c.id == bindparam("gig"))


def _outbox_row(
    workspace: str,
    address: str,
    message: Message,
    now: datetime,
    user_id: int | None,
    reply_to: str | None,
    grace: timedelta = INLINE_GRACE,
) -> dict[str, Any]:
    """A new outbox row; a reply waits `grace`, since it is first delivered in the interaction."""
    return {
        "user_id": user_id,
        "workspace": workspace,
        "address": address,
        "kind": message.kind.value,
        "payload": json.dumps(message.to_json(), ensure_ascii=False),
        "reply_to": reply_to,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": epoch(now + grace if reply_to else now),
        "failure_seen": False,
        "created_at": epoch(now),
    }


class SqlTransaction(CommunityQueries):
    """The Transaction port on one database connection inside one transaction."""

    def __init__(self, conn: AsyncConnection, inline_grace: timedelta = INLINE_GRACE) -> None:
        self.conn = conn
        self.inline_grace = inline_grace
        self.locking = conn.dialect.name == "postgresql"

    # users -----------------------------------------------------------------
    async def user(self, workspace: str, external_id: str) -> UserRecord | None:
        q = select(users).where(users.c.workspace == workspace, users.c.external_id == external_id)
        row = (await self.conn.execute(q)).mappings().first()
        return _user(row) if row else None

    async def create_user(self, user: UserRecord, now: datetime) -> UserRecord:
        """Insert the user, or return the row a concurrent transaction inserted first.

        Two first commands of one person can run at once (two instances, or overlapping requests):
        the loser's insert waits for the winner's commit and then does nothing, and the row it
        reads is the winner's, so neither command fails."""
        values = _user_values(user) | {
            "workspace": user.workspace,
            "external_id": user.external_id,
            "next_number": 1,
            "created_at": epoch(now),
        }
        q = (
            self._insert(users)
            .values(values)
            .on_conflict_do_nothing(index_elements=["workspace", "external_id"])
            .returning(users.c.id)
        )
        created = (await self.conn.execute(q)).scalar_one_or_none()
        if created is None:
            existing = await self.user(user.workspace, user.external_id)
            assert existing is not None, "a conflicting user row is visible once its insert committed"
            return existing
        user.id = int(created)
        return user

    async def save_user(self, user: UserRecord) -> None:
        await self.conn.execute(update(users).where(users.c.id == user.id).values(_user_values(user)))

    async def delete_user(self, user_id: int) -> None:
        """Everything about the user goes; children first so no dialect relies on cascades."""
        for table in (reports, outbox, pending_steps, events, gigs):
            await self.conn.execute(delete(table).where(table.c.user_id == user_id))
        await self.conn.execute(delete(users).where(users.c.id == user_id))

    # gigs ------------------------------------------------------------------
    async def gig(self, user_id: int, number: int) -> GigRecord | None:
        q = select(gigs).where(gigs.c.user_id == user_id, gigs.c.number == number)
        if self.locking:
            q = q.with_for_update()
        row = (await self.conn.execute(q)).mappings().first()
        return _gig(row) if row else None

    async def gigs(
        self,
        user_id: int,
        *,
        include_closed: bool = False,
        lock: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[GigRecord]:
        """The user's gigs by number (`limit` of them from `offset`: a page); `lock` when the command
        will change them (as tx.gig() always does), so an instance's engine cannot deliver a step from
        under a re-plan on PostgreSQL."""
        q = select(gigs).where(gigs.c.user_id == user_id).order_by(gigs.c.number)
        if not include_closed:
            q = q.where(gigs.c.closed_at.is_(None))
        if limit is not None:
            q = q.limit(limit).offset(offset)
        if lock and self.locking:
            q = q.with_for_update()
        return [_gig(r) for r in (await self.conn.execute(q)).mappings()]

    async def count_gigs(self, user_id: int, *, include_closed: bool = False) -> int:
        q = select(func.count()).select_from(gigs).where(gigs.c.user_id == user_id)
        if not include_closed:
            q = q.where(gigs.c.closed_at.is_(None))
        return int((await self.conn.execute(q)).scalar_one())

    async def create_gig(self, gig: GigRecord) -> GigRecord:
        """Number the gig from the owner's counter in one UPDATE ... RETURNING: the row lock it takes
        makes a concurrent command of the same user wait and read the next number, never the same."""
        number = (
            await self.conn.execute(
                update(users)
                .where(users.c.id == gig.user_id)
                .values(next_number=users.c.next_number + 1)
                .returning(users.c.next_number)
            )
        ).scalar_one() - 1
        values = _gig_values(gig) | {
            "user_id": gig.user_id,
            "number": number,
            "created_at": epoch(gig.created_at),
        }
        gig.id = (await self.conn.execute(insert(gigs).values(values).returning(gigs.c.id))).scalar_one()
        gig.number = number
        return gig

    async def save_gig(self, gig: GigRecord) -> None:
        await self.save_gigs([gig])

    async def save_gigs(self, records: Sequence[GigRecord]) -> None:
        """One executemany for a batch: the engine saves every gig it delivered for in one round trip."""
        if records:
            await self.conn.execute(_SAVE_GIG, [_gig_values(g) | {"gig": g.id} for g in records])

    # events ----------------------------------------------------------------
    async def add_event(self, event: EventRecord) -> None:
        await self.add_events([event])

    async def add_events(self, records: Sequence[EventRecord]) -> None:
        if records:
            await self.conn.execute(
                insert(events),
                [
                    {
                        "gig_id": e.gig_id,
                        "user_id": e.user_id,
                        "at": epoch(e.at),
                        "kind": e.kind,
                        "step": e.step,
                        "data": json.dumps(dict(e.data), ensure_ascii=False, sort_keys=True),
                    }
                    for e in records
                ],
            )

    async def events(self, gig_id: int, *, last: int | None = None) -> list[EventRecord]:
        """The gig's events in order; only the `last` ones when given (read newest first through the
        (gig_id, id) index, so the cost follows what is shown, not the history)."""
        q = select(*EVENT_COLUMNS).where(events.c.gig_id == gig_id)
        if last is None:
            return [event_record(r) for r in await self.conn.execute(q.order_by(events.c.id))]
        q = q.order_by(events.c.id.desc()).limit(last)
        return [event_record(r) for r in await self.conn.execute(q)][::-1]

    async def count_events(self, gig_id: int) -> int:
        q = select(func.count()).select_from(events).where(events.c.gig_id == gig_id)
        return int((await self.conn.execute(q)).scalar_one())

    # pending steps ---------------------------------------------------------
    async def pending(self, gig_ids: Sequence[int]) -> dict[int, list[StepRecord]]:
        out: dict[int, list[StepRecord]] = {}
        if not gig_ids:
            return out
        q = (
            select(*_STEP_COLUMNS)
            .where(pending_steps.c.gig_id.in_(list(gig_ids)))
            .order_by(pending_steps.c.track, pending_steps.c.ord)
        )
        for r in await self.conn.execute(q):
            out.setdefault(r[1], []).append(_step(r))
        return out

    async def replace_pending(self, gig: GigRecord, steps: Sequence[PlannedStep]) -> None:
        """Re-plan every track of the gig: all its pending steps follow from its facts."""
        await self.replace_pending_many([(gig, steps)])

    async def replace_pending_many(self, plans: Sequence[tuple[GigRecord, Sequence[PlannedStep]]]) -> None:
        """`replace_pending` for many gigs in two statements (the engine re-plans caught-up gigs)."""
        if not plans:
            return
        await self.conn.execute(
            delete(pending_steps).where(pending_steps.c.gig_id.in_([g.id for g, _ in plans]))
        )
        rows = [
            {
                "gig_id": gig.id,
                "user_id": gig.user_id,
                "track": s.track,
                "step": s.step,
                "ord": s.order,
                "nominal_at": epoch(s.nominal),
                "due_at": epoch(s.deliver),
                "deadline_at": _ts(s.deadline),
            }
            for gig, steps in plans
            for s in steps
        ]
        if rows:
            await self.conn.execute(insert(pending_steps), rows)

    async def remove_steps(self, step_ids: Sequence[int]) -> None:
        if step_ids:
            await self.conn.execute(delete(pending_steps).where(pending_steps.c.id.in_(list(step_ids))))

    async def defer_steps(self, step_ids: Sequence[int], due_at: datetime) -> None:
        if step_ids:
            await self.conn.execute(
                update(pending_steps)
                .where(pending_steps.c.id.in_(list(step_ids)))
                .values(due_at=epoch(due_at))
            )

    async def claim_due(self, now: datetime, limit: int) -> list[DueGig]:
        """Gigs with a step due by `now`, earliest due first, each with its owner and all pending steps.

        `limit` counts due steps, so a batch has at most that many gigs (fewer when a gig has several
        steps due); the engine claims until nothing is left. The query walks the due_at index in
        order and stops at the limit: its cost follows what is due, never what is stored.

        On PostgreSQL the gig rows are locked with SKIP LOCKED, and the limit applies after the
        skipping, so several instances share the work: a second instance walks past the gigs the first
        holds and takes the next ones, and no gig's steps are delivered twice. The steps are read
        after the lock, so they reflect any delivery that committed in between.
        """
        q = (
            select(gigs)
            .join(pending_steps, pending_steps.c.gig_id == gigs.c.id)
            .where(pending_steps.c.due_at <= epoch(now))
            .order_by(pending_steps.c.due_at)
            .limit(limit)
        )
        if self.locking:
            q = q.with_for_update(of=gigs, skip_locked=True)
        by_id = {r["id"]: r for r in (await self.conn.execute(q)).mappings()}  # a gig once per due step
        gig_rows = [_gig(r) for r in by_id.values()]
        if not gig_rows:
            return []
        user_ids = {g.user_id for g in gig_rows}
        owners = {
            r["id"]: _user(r)
            for r in (await self.conn.execute(select(users).where(users.c.id.in_(user_ids)))).mappings()
        }
        steps = await self.pending([g.id for g in gig_rows])
        return [DueGig(g, owners[g.user_id], steps.get(g.id, [])) for g in gig_rows]

    # outbox ----------------------------------------------------------------
    async def enqueue(
        self, user: UserRecord, message: Message, now: datetime, *, reply_to: str | None = None
    ) -> int:
        return await self.enqueue_to(
            user.workspace, user.external_id, message, now, user_id=user.id, reply_to=reply_to
        )

    async def enqueue_to(
        self,
        workspace: str,
        address: str,
        message: Message,
        now: datetime,
        *,
        user_id: int | None = None,
        reply_to: str | None = None,
    ) -> int:
        """Queue a message for any address of a workspace (a user's DM, or a channel)."""
        row = _outbox_row(workspace, address, message, now, user_id, reply_to, self.inline_grace)
        return int((await self.conn.execute(insert(outbox).values(row).returning(outbox.c.id))).scalar_one())

    async def enqueue_many(self, messages: Sequence[tuple[UserRecord, Message]], now: datetime) -> None:
        """Queue messages to their users' DMs in one round trip (the engine's reminders of a batch)."""
        if messages:
            await self.conn.execute(
                insert(outbox),
                [_outbox_row(u.workspace, u.external_id, m, now, u.id, None) for u, m in messages],
            )

    async def unseen_failures(self, user_id: int) -> list[OutboxRecord]:
        q = (
            select(outbox)
            .where(outbox.c.user_id == user_id, outbox.c.status == "failed", outbox.c.failure_seen.is_(False))
            .order_by(outbox.c.id)
        )
        return [_outbox(r) for r in (await self.conn.execute(q)).mappings()]

    async def mark_failures_seen(self, outbox_ids: Sequence[int]) -> None:
        if outbox_ids:
            await self.conn.execute(
                update(outbox).where(outbox.c.id.in_(list(outbox_ids))).values(failure_seen=True)
            )


class SqlStore(SendLimits):
    """The Store, OutboxStore and RateLimits ports over one engine."""

    def __init__(self, engine: AsyncEngine, *, inline_grace: timedelta = INLINE_GRACE) -> None:
        """`inline_grace`: how long a reply waits in the outbox for the interaction to deliver it."""
        self.engine = engine
        self.locking = engine.dialect.name == "postgresql"
        self.inline_grace = inline_grace

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlTransaction]:
        async with self.connection() as conn:
            yield SqlTransaction(conn, self.inline_grace)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """One transaction on a pooled connection, committed at the end; the database's own errors
        come out as StoreErrors (bot.faults), anything else unchanged after the rollback.

        An error before COMMIT means the transaction was rolled back. One during COMMIT is
        `uncertain` unless the database guarantees the rollback: SQLite rolls back a commit that
        found the database busy or full, and PostgreSQL one that failed a constraint or a
        serialization check; a connection lost during COMMIT may have committed."""
        try:
            conn = await self.engine.connect()
        except Exception as exc:
            raise _store_error(exc) from exc
        try:
            try:
                await conn.begin()
                yield conn
            except BaseException as exc:
                await _quietly(conn.rollback())
                if isinstance(exc, Exception) and classify(exc) is not None:
                    raise _store_error(exc) from exc
                raise
            try:
                await conn.commit()
            except Exception as exc:
                await _quietly(conn.rollback())
                fault = classify(exc)
                if fault is None:
                    raise
                uncertain = fault in (Fault.CONNECTION, Fault.FAILED)
                raise StoreError(fault, _detail(exc), uncertain=uncertain) from exc
        finally:
            await _quietly(conn.close())

    async def next_due(self) -> datetime | None:
        """The earliest pending step or community digest: both are what the engine wakes for."""
        earliest = (
            select(func.min(pending_steps.c.due_at)).scalar_subquery(),
            select(func.min(digests.c.next_at)).scalar_subquery(),
        )
        async with self.connection() as conn:
            values = [v for v in (await conn.execute(select(*earliest))).one() if v is not None]
        return _dt(min(values)) if values else None

    async def claim_outbox(
        self, now: datetime, limit: int, lease_seconds: int, *, workspaces: Sequence[str] | None = None
    ) -> list[OutboxRecord]:
        """Lease rows ready to send: pending and due, or `sending` whose lease expired (crash mid-send)."""
        ts = epoch(now)
        ready = or_(
            and_(outbox.c.status == "pending", outbox.c.next_attempt_at <= ts),
            and_(outbox.c.status == "sending", outbox.c.lease_until <= ts),
        )
        q = select(outbox).where(ready).order_by(outbox.c.id).limit(limit)
        if workspaces is not None:
            q = q.where(_owned_by(workspaces))
        if self.locking:
            q = q.with_for_update(skip_locked=True)
        async with self.connection() as conn:
            rows = [_outbox(r) for r in (await conn.execute(q)).mappings()]
            if rows:
                await conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([r.id for r in rows]))
                    .values(status="sending", lease_until=ts + lease_seconds, attempts=outbox.c.attempts + 1)
                )
        for r in rows:
            r.attempts += 1
            r.status = "sending"
        return rows

    async def mark_sent(self, outbox_id: int, platform_id: str | None, now: datetime) -> None:
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(
                    status="sent", platform_id=platform_id, sent_at=epoch(now), lease_until=None, error=None
                )
            )

    async def mark_retry(self, outbox_id: int, at: datetime, error: str) -> None:
        """Back to pending after a failed attempt; never due before `at` (rounded up to the second)."""
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(status="pending", next_attempt_at=_ceil_ts(at), lease_until=None, error=error[:500])
            )

    async def release(self, outbox_id: int, at: datetime, error: str | None = None) -> None:
        """Hand a claimed row back unsent (paced, rate-limited, shutting down): not counted as an attempt."""
        values: dict[str, Any] = {
            "status": "pending",
            "next_attempt_at": _ceil_ts(at),
            "lease_until": None,
            "attempts": outbox.c.attempts - 1,
        }
        if error is not None:
            values["error"] = error[:500]
        async with self.connection() as conn:
            await conn.execute(
                update(outbox).where(outbox.c.id == outbox_id, outbox.c.status == "sending").values(values)
            )

    async def enqueue_for(self, user_id: int, message: Message, now: datetime) -> int | None:
        """Queue a message to a user's DM, by the user's id (None: the user is gone)."""
        async with self.engine.begin() as conn:
            q = select(users.c.workspace, users.c.external_id).where(users.c.id == user_id)
            user = (await conn.execute(q)).first()
            if user is None:
                return None
            row = _outbox_row(user.workspace, user.external_id, message, now, user_id, None)
            return int((await conn.execute(insert(outbox).values(row).returning(outbox.c.id))).scalar_one())

    async def mark_failed(self, outbox_id: int, error: str, now: datetime) -> None:
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(status="failed", lease_until=None, error=error[:500], sent_at=epoch(now))
            )

    async def prune_outbox(self, before: datetime, *, chunk: int = 1000) -> int:
        """Forget rows delivered (or failed and already told to the user) before `before`.

        In chunks of `chunk` rows in id order, each its own short transaction found through the
        `sent_at` index: however much piled up, a prune never holds SQLite's write lock (or
        PostgreSQL's row locks) for longer than one chunk, and commands and sends go on between."""
        done = or_(
            outbox.c.status == "sent", and_(outbox.c.status == "failed", outbox.c.failure_seen.is_(True))
        )
        oldest = (
            select(outbox.c.id)
            .where(outbox.c.sent_at < epoch(before), done)
            .order_by(outbox.c.id)
            .limit(chunk)
            .scalar_subquery()
        )
        pruned = 0
        while True:
            async with self.connection() as conn:
                result = await conn.execute(delete(outbox).where(outbox.c.id.in_(oldest)))
            count = int(result.rowcount or 0)
            pruned += count
            if count < chunk:
                return pruned

    async def next_outbox_due(self, *, workspaces: Sequence[str] | None = None) -> datetime | None:
        """The earliest pending attempt or lease expiry, optionally only for the given workspace prefixes."""
        owned = _owned_by(workspaces) if workspaces is not None else true()
        async with self.connection() as conn:
            value = (
                await conn.execute(
                    select(func.min(outbox.c.next_attempt_at)).where(outbox.c.status == "pending", owned)
                )
            ).scalar()
            lease = (
                await conn.execute(
                    select(func.min(outbox.c.lease_until)).where(outbox.c.status == "sending", owned)
                )
            ).scalar()
        candidates = [v for v in (value, lease) if v is not None]
        return _dt(min(candidates)) if candidates else None

    async def status(self) -> StoreStatus:
        """Counts for `gigwatch status` and the metrics: read-only, a handful of indexed aggregates."""
        async with self.connection() as conn:
            open_gigs = (
                await conn.execute(select(func.count()).select_from(gigs).where(gigs.c.closed_at.is_(None)))
            ).scalar_one()
            steps, next_due = (
                await conn.execute(select(func.count(), func.min(pending_steps.c.due_at)))
            ).one()
            counted = await conn.execute(
                select(outbox.c.status, func.count())
                .where(outbox.c.status != "sent")
                .group_by(outbox.c.status)
            )
            by_status: dict[str, int] = {status: count for status, count in counted.tuples()}
            unseen = (
                await conn.execute(
                    select(func.count())
                    .select_from(outbox)
                    .where(outbox.c.status == "failed", outbox.c.failure_seen.is_(False))
                )
            ).scalar_one()
        return StoreStatus(
            open_gigs=open_gigs,
            pending_steps=steps,
            next_due=_dt(next_due),
            outbox_pending=by_status.get("pending", 0),
            outbox_sending=by_status.get("sending", 0),
            failed=by_status.get("failed", 0),
            failed_unseen=unseen,
            next_outbox_due=await self.next_outbox_due(),
        )


@dataclass(frozen=True, slots=True)
class StoreStatus:
    open_gigs: int
    pending_steps: int
    next_due: datetime | None
    outbox_pending: int  # waiting for their first or next attempt (includes replies in their grace period)
    outbox_sending: int  # leased: being sent now, or left by a crash until the lease runs out
    failed: int  # failed for good
    failed_unseen: int  # of those, not yet told to their user
    next_outbox_due: datetime | None


def _store_error(exc: Exception) -> Exception:
    """The StoreError for a database error, or the error itself when it is not one."""
    fault = classify(exc)
    return exc if fault is None else StoreError(fault, _detail(exc))


def _detail(exc: BaseException) -> str:
    """What the driver said, on one line and short: enough for a log, never a whole statement."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(f"{type(orig).__name__}: {orig}".split())[:200]


async def _quietly(step: Awaitable[None]) -> None:
    """Roll back or close on a connection that may already be broken: the first error is the news."""
    try:
        await step
    except Exception as exc:
        log.debug("connection cleanup failed", extra={"error": type(exc).__name__})


def _owned_by(workspaces: Sequence[str]) -> ColumnElement[bool]:
    """Rows of the workspaces an outlet owns: `slack` owns `slack` and every `slack:<team>`."""
    return or_(
        false(),
        *(
            or_(outbox.c.workspace == w, outbox.c.workspace.startswith(f"{w}:", autoescape=True))
            for w in workspaces
        ),
    )


def _ceil_ts(t: datetime) -> int:
    """Epoch seconds rounded up: a row is never taken before the time it was promised to wait for."""
    return math.ceil(t.timestamp())
