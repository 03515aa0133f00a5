"""The one repository: SQLAlchemy async Core over SQLite (default) or PostgreSQL (by URL)."""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from itertools import chain, groupby, starmap
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    false,
    func,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.dml import Delete, Insert, Update, UpdateBase

from bot.clock import epoch, utc_from_epoch
from bot.commands.values import days_to_mask, mask_to_days
from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.domain.terms import Terms
from bot.domain.tracks import PlannedStep
from bot.faults import Fault, StoreError
from bot.messages import Kind, Message
from bot.ports import (
    DueGig,
    DueRead,
    EventKind,
    EventRecord,
    GigPage,
    GigRecord,
    GigState,
    OutboxRecord,
    OutboxStatus,
    Reminder,
    ReminderNote,
    StepRecord,
    UserRecord,
    logged_hours,
)
from storage.community import CommunityQueries
from storage.database import announce, checkpoint, sqlite_path
from storage.faults import classify
from storage.limits import SendLimits
from storage.rows import EVENT_COLUMNS, EVENT_KINDS, event_records, json_encoder, json_value
from storage.schema import digests, events, gigs, outbox, pending_steps, reports, users

log = logging.getLogger(__name__)

# A reply is first delivered in the interaction itself; the dispatcher steps in only if that fails.
INLINE_GRACE = timedelta(seconds=60)


def _ts(t: datetime | None) -> int | None:
    return None if t is None else epoch(t)


def _dt(v: int | None) -> datetime | None:
    return None if v is None else utc_from_epoch(v)


_from_epoch = datetime.fromtimestamp  # utc_from_epoch(v) is _from_epoch(v, UTC), without a call of its own


# Records are built from rows read by position, in the record's field order (_USER_COLUMNS,
# _GIG_COLUMNS): the engine builds thousands a tick, and a row read by name costs a dict per row and a
# lookup per column.
# Every column of users but the next gig number and the creation time, which no record holds.
_USER_COLUMNS = tuple(users.c[f.name] for f in fields(UserRecord))


def _user(r: Sequence[Any]) -> UserRecord:
    """A user from a row of _USER_COLUMNS."""
    (
        id_,
        workspace,
        external_id,
        name,
        tz,
        lang,
        locale,
        active_start,
        active_end,
        working_days,
        holiday_country,
        platform,
        offsets,
        plan_at,
        feed_hash,
        unseen_failures,
    ) = r
    return UserRecord(
        id_,
        workspace,
        external_id,
        name,
        tz,
        lang,
        locale,
        active_start,
        active_end,
        _days(working_days),
        holiday_country,
        platform,
        _json_dict(offsets),
        None if plan_at is None else _from_epoch(plan_at, UTC),
        feed_hash,
        unseen_failures,
    )


@cache
def _days(mask: int) -> frozenset[int]:
    """Working days from their stored mask, built once per mask (a frozenset is shared safely)."""
    return mask_to_days(mask)


def _json_dict(text: str) -> dict[str, Any]:
    """Most of these columns hold an empty object: spare the parser."""
    return {} if text == "{}" else dict(json_value(text))


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


# A gig is read in GigRecord's field order, which starts with GigState's: a due gig claimed by the
# engine is read as that prefix alone (a tick reads ten thousand; see GigState). A field with no column
# (the logged hours, summed from the gig's events) is left at its default for the readers that need it.
_GIG_COLUMNS = tuple(gigs.c[f.name] for f in fields(GigRecord) if f.name in gigs.c)
_STATE_WIDTH = len(fields(GigState))
_STATE_COLUMNS = _GIG_COLUMNS[:_STATE_WIDTH]
assert len(_GIG_COLUMNS) == len(gigs.c), "a GigRecord reads every column of gigs"
_GIG_WIDTH = len(_GIG_COLUMNS)
_STAGES = {stage.value: stage for stage in Stage}  # a dict lookup costs a tenth of calling the enum


def _state_values(r: Sequence[Any]) -> tuple[Any, ...]:
    """GigState's fields from a row of _STATE_COLUMNS, or the start of one of _GIG_COLUMNS."""
    (
        id_,
        user_id,
        platform,
        stage,
        stage_since,
        waiting_since,
        shift_seconds,
        ladder_from,
        closed_at,
        funded_at,
        delivered_at,
        delivered_on,
        pay_by,
        paid_amount,
        amount,
        rate,
        currency,
        requests,
        asked,
        progress,
    ) = r[:_STATE_WIDTH]
    return (
        id_,
        user_id,
        platform,
        _STAGES[stage],
        _from_epoch(stage_since, UTC),
        None if waiting_since is None else _from_epoch(waiting_since, UTC),
        shift_seconds,
        None if ladder_from is None else _from_epoch(ladder_from, UTC),
        None if closed_at is None else _from_epoch(closed_at, UTC),
        None if funded_at is None else _from_epoch(funded_at, UTC),
        None if delivered_at is None else _from_epoch(delivered_at, UTC),
        None if delivered_on is None else date.fromisoformat(delivered_on),
        None if pay_by is None else PayBy.parse(pay_by),
        paid_amount,
        amount,
        rate,
        currency,
        {} if requests == "{}" else {name: _from_epoch(at, UTC) for name, at in _json_dict(requests).items()},
        [] if not asked or asked == "[]" else list(json_value(asked)),
        _json_dict(progress),
    )


def _gig(r: Sequence[Any]) -> GigRecord:
    """A gig from a row of _GIG_COLUMNS."""
    number, title, client, created_at, url, lang, terms, redelivered_at = r[_STATE_WIDTH:]
    return GigRecord(
        *_state_values(r),
        number=number,
        title=title,
        client=client,
        created_at=_from_epoch(created_at, UTC),
        url=url,
        lang=lang,
        terms=Terms.from_json(terms),
        redelivered_at=None if redelivered_at is None else _from_epoch(redelivered_at, UTC),
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
        "lang": g.lang,
        "closed_at": _ts(g.closed_at),
        "funded_at": _ts(g.funded_at),
        "delivered_at": _ts(g.delivered_at),
        "delivered_on": None if g.delivered_on is None else g.delivered_on.isoformat(),
        "redelivered_at": _ts(g.redelivered_at),
        "pay_by": None if g.pay_by is None else str(g.pay_by),
        "paid_amount": g.paid_amount,
        "requests": json.dumps({k: epoch(v) for k, v in g.requests.items()}, sort_keys=True),
        "asked": json.dumps(g.asked),
        "progress": _progress_text(tuple(g.progress.items())),
        "currency": g.currency,
        "terms": g.terms.to_json(),
    }


_first = itemgetter(0)
_STEP_COLUMNS = (  # StepRecord's fields, in order (its owner is its gig's)
    pending_steps.c.gig_id,
    pending_steps.c.track,
    pending_steps.c.step,
    pending_steps.c.ord,
    pending_steps.c.nominal_at,
    pending_steps.c.due_at,
    pending_steps.c.deadline_at,
)


async def _driver(conn: AsyncConnection) -> Any:
    """The driver's own connection under `conn`. A connection in use holds it, so it is read without
    the hand-off to SQLAlchemy's greenlet that get_raw_connection() makes (a tenth of a short
    statement's time); only a connection to be revalidated is asked that way."""
    sync = conn.sync_connection
    if sync is not None and not sync.closed and not sync.invalidated:
        raw = sync.connection
    else:
        raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None, "a checked-out connection has its driver connection"
    return driver


def _announce(conn: AsyncConnection, sql: str, parameters: Any, *, many: bool) -> None:
    announce(conn.sync_connection, sql, parameters, many=many)


class _Direct:
    """A statement a command runs on every call, built once. On SQLite it goes straight through the
    driver in one call to the driver's thread: SQLAlchemy's adapter makes three or four (cursor,
    execute, fetch, close), and those hand-offs were most of a short command's time. Elsewhere it is
    an ordinary SQLAlchemy execute."""

    def __init__(self, statement: Select[Any] | UpdateBase) -> None:
        """An INSERT or UPDATE without values of its own sets the columns named in its parameters:
        those of its first call, which every call repeats."""
        self.statement = statement
        self.compiled: tuple[str, tuple[str, ...], dict[str, Any]] | None = None

    async def tuples(self, conn: AsyncConnection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows (a read's, or a write's RETURNING) as plain tuples, in the statement's column order."""
        if conn.dialect.name != "sqlite":
            result = await conn.execute(self.statement, params)
            return [tuple(r) for r in result.all()] if result.returns_rows else []
        if self.compiled is None:
            table = getattr(self.statement, "table", None)
            columns = None if table is None else [k for k in params if k in table.c]
            compiled = self.statement.compile(dialect=conn.dialect, column_keys=columns)
            self.compiled = (str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params))
        sql, order, defaults = self.compiled
        values = defaults | dict(params)
        ordered = tuple(values[k] for k in order)
        driver = await _driver(conn)
        _announce(conn, sql, ordered, many=False)
        return list(await driver.execute_fetchall(sql, ordered))


class _Read(_Direct):
    """A read a command makes on every call (_Direct); its rows are read by position."""

    statement: Select[Any]

    def __init__(self, statement: Select[Any]) -> None:
        super().__init__(statement)


# What a command reads per call, built once: building a statement (and its cache key) costs more than
# a short read. `show` reads a gig's timeline and its pending steps in one statement.
_USER = _Read(
    select(*_USER_COLUMNS).where(
        users.c.workspace == bindparam("workspace"), users.c.external_id == bindparam("external_id")
    )
)
_GIG = _Read(
    select(*_GIG_COLUMNS).where(gigs.c.user_id == bindparam("user_id"), gigs.c.number == bindparam("number"))
)
_ALL_GIGS = select(*_GIG_COLUMNS).where(gigs.c.user_id == bindparam("user_id")).order_by(gigs.c.number)
_GIGS = _Read(_ALL_GIGS)
_OPEN_GIGS = _Read(_ALL_GIGS.where(gigs.c.closed_at.is_(None)))
_PENDING = (  # in the table's key order: each gig's steps by track and order, no sort
    select(*_STEP_COLUMNS)
    .where(pending_steps.c.gig_id.in_(bindparam("gigs", expanding=True)))
    .order_by(pending_steps.c.gig_id, pending_steps.c.track, pending_steps.c.ord)
)


def _counted(include_closed: bool) -> Select[Any]:
    counted = select(func.count()).where(gigs.c.user_id == bindparam("user_id"))
    return counted if include_closed else counted.where(gigs.c.closed_at.is_(None))


def _next_step(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A column of the gig's pending step due first, the lower order on a tie (bot.schedule.earliest)."""
    first = pending_steps.c
    return (
        select(column)
        .where(first.gig_id == gigs.c.id)
        .order_by(first.due_at, first.ord, first.track)
        .limit(1)
        .scalar_subquery()
    )


# A page of `list`: each row carries how many gigs there are (counted once, not per row as a window
# would) and its next step, so the page is one statement; the count alone for a page past the last.
# By whether closed gigs are listed.
_PAGES = {
    closed: _Read(
        read.statement.add_columns(
            _counted(closed).scalar_subquery().label("total"),
            _next_step(pending_steps.c.due_at).label("next_due"),
            _next_step(pending_steps.c.step).label("next_step"),
        )
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    for closed, read in ((True, _GIGS), (False, _OPEN_GIGS))
}
_COUNTS = {closed: _Read(_counted(closed)) for closed in (True, False)}
# What a command writes per call, built once (_Direct).
_NEXT_NUMBER = _Direct(
    update(users)
    .where(users.c.id == bindparam("owner"))
    .values(next_number=users.c.next_number + 1)
    .returning(users.c.next_number)
)
_CREATE_GIG = _Direct(insert(gigs).returning(gigs.c.id))
_DROP_STEPS = _Direct(delete(pending_steps).where(pending_steps.c.gig_id == bindparam("gig")))
# The engine's claim where nothing is locked (SQLite: its transaction holds the only write lock): the
# gigs of the first `limit` due steps, then those gigs, their owners and all their steps by id, each read
# in one hand-off. The ids go as one JSON array (SQLite's json_each), so that each statement has one
# text whatever the batch holds, and the due index is walked once.
_CLAIM_ORDER = _Read(
    select(pending_steps.c.gig_id)
    .where(pending_steps.c.due_at <= bindparam("now"))
    .order_by(pending_steps.c.due_at)
    .limit(bindparam("limit"))
)
_IDS: Select[tuple[int]] = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
_CLAIM_GIGS = _Read(select(*_STATE_COLUMNS).where(gigs.c.id.in_(_IDS)))
_CLAIM_USERS = _Read(select(*_USER_COLUMNS).where(users.c.id.in_(_IDS)))
_CLAIM_STEPS = _Read(  # in the order tracks are delivered in when several are due at once: the key's
    select(*_STEP_COLUMNS)
    .where(pending_steps.c.gig_id.in_(_IDS))
    .order_by(pending_steps.c.gig_id, pending_steps.c.track, pending_steps.c.ord)
)
_recent = (  # the latest events only: `show` lists a few and counts the rest
    select(
        literal(0).label("src"),
        events.c.id,
        events.c.user_id,
        events.c.at.label("t1"),
        cast(null(), BigInteger()).label("t2"),
        cast(null(), BigInteger()).label("t3"),
        events.c.kind.label("s1"),
        events.c.step,
        events.c.data.label("s3"),
        cast(null(), Integer()).label("n"),
    )
    .where(events.c.gig_id == bindparam("gig"))
    .order_by(events.c.id.desc())
    .limit(bindparam("last", type_=Integer))
    .subquery()
)
_EVENTS = _Read(select(*EVENT_COLUMNS).where(events.c.gig_id == bindparam("gig")).order_by(events.c.id))
_timeline = select(_recent)
_count = select(  # how many events the gig has in all, in the `id` column
    literal(2),
    func.count(events.c.id),
    cast(null(), Integer()),
    cast(null(), BigInteger()),
    cast(null(), BigInteger()),
    cast(null(), BigInteger()),
    cast(null(), Text()),
    cast(null(), Text()),
    cast(null(), Text()),
    cast(null(), Integer()),
).where(events.c.gig_id == bindparam("gig"))
_steps = select(  # a step's order in the `id` column: the order of the union's rows means nothing for them
    literal(1),
    pending_steps.c.ord,
    cast(null(), Integer()),
    pending_steps.c.due_at,
    pending_steps.c.nominal_at,
    pending_steps.c.deadline_at,
    pending_steps.c.track,
    pending_steps.c.step,
    cast(null(), Text()),
    pending_steps.c.ord,
).where(pending_steps.c.gig_id == bindparam("gig"))
_both = union_all(_timeline, _steps, _count).subquery()
_HISTORY = _Read(select(_both).order_by(_both.c.src, _both.c.id))


def _outbox(r: RowMapping, message: Message | Reminder) -> OutboxRecord:
    return OutboxRecord(
        id=r["id"],
        user_id=r["user_id"],
        workspace=r["workspace"],
        address=r["address"],
        message=message,
        status=OutboxStatus(r["status"]),
        attempts=r["attempts"],
        next_attempt_at=utc_from_epoch(r["next_attempt_at"]),
        created_at=utc_from_epoch(r["created_at"]),
        reply_to=r["reply_to"],
        error=r["error"],
    )


async def _outbox_records(conn: AsyncConnection, rows: Sequence[RowMapping]) -> list[OutboxRecord]:
    """Rows as records: a rendered message parsed, a reminder note with its gig and owner as they are
    now (two statements for the whole batch, only when it holds reminders)."""
    gig_ids = {r["gig_id"] for r in rows if r["gig_id"] is not None}
    found: dict[int, GigRecord] = {}
    owners: dict[int, UserRecord] = {}
    if gig_ids:
        found = {
            r[0]: _gig(r) for r in await conn.execute(select(*_GIG_COLUMNS).where(gigs.c.id.in_(gig_ids)))
        }
        # An hourly contract's drafts name what its logged hours are owed: their events, for those only.
        if hourly := [g.id for g in found.values() if g.hourly]:
            logs = select(*EVENT_COLUMNS).where(
                events.c.gig_id.in_(hourly), events.c.kind == EventKind.LOG.value
            )
            by_gig: dict[int, list[EventRecord]] = {gig_id: [] for gig_id in hourly}
            for e in event_records(await conn.execute(logs)):
                by_gig[e.gig_id].append(e)
            for gig_id, logged in by_gig.items():
                found[gig_id].logged_hours = logged_hours(logged)
        user_ids = {g.user_id for g in found.values()}
        owners = {
            r[0]: _user(r) for r in await conn.execute(select(*_USER_COLUMNS).where(users.c.id.in_(user_ids)))
        }
    out = []
    for r in rows:
        payload = json.loads(r["payload"])
        if r["gig_id"] is None:
            out.append(_outbox(r, Message.from_json(payload)))
        else:  # the foreign key takes a gig's notes with it: a note's gig is always there
            gig = found[r["gig_id"]]
            out.append(_outbox(r, Reminder(ReminderNote.from_json(payload), gig, owners[gig.user_id])))
    return out


# The SET clause comes from the parameters' keys (the columns of _gig_values); the row by "gig".
_SAVE_GIG = update(gigs).where(gigs.c.id == bindparam("gig"))
_SAVE_WHOLE_GIG = _Direct(_SAVE_GIG)


class _Bulk:
    """One statement run for many rows straight through the driver, compiled once per dialect. Rows are
    tuples in the order of `keys`, which is the order the compiled statement binds them in (checked when
    it is compiled): on the engine's batches, building parameters per row cost more than the database
    spent writing them. On SQLite it is also one hand-off to the driver's thread instead of three (see
    _Read), and an INSERT writes its rows _ROWS_PER_INSERT at a time as one multi-row VALUES list: each
    execution resets the statement, opens a cursor on the table and on each of its indexes and gives up
    the interpreter's lock twice, which cost a third of inserting the engine's batches row by row."""

    def __init__(self, statement: Insert | Update | Delete, keys: Sequence[str]) -> None:
        self.statement = statement
        self.keys = tuple(keys)
        self.compiled: dict[str, str] = {}
        self.inserts: str | None = None  # SQLite: the INSERT of _ROWS_PER_INSERT rows

    async def run(self, conn: AsyncConnection, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        dialect = conn.dialect
        sql = self.compiled.get(dialect.name)
        if sql is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=list(self.keys))
            order = tuple(compiled.positiontup or ())
            assert order == self.keys, f"{self.keys} must be listed in the statement's order {order}"
            sql = self.compiled[dialect.name] = str(compiled)
        if dialect.name != "sqlite":
            await conn.exec_driver_sql(sql, list(rows))
            return
        driver = await _driver(conn)
        whole = len(rows) // _ROWS_PER_INSERT * _ROWS_PER_INSERT if isinstance(self.statement, Insert) else 0
        if whole:
            inserts = self.inserts or self._inserts(sql)
            values = [
                list(chain.from_iterable(rows[start : start + _ROWS_PER_INSERT]))
                for start in range(0, whole, _ROWS_PER_INSERT)
            ]
            _announce(conn, inserts, values, many=True)
            await driver.executemany(inserts, values)
        if whole < len(rows):
            rest = rows[whole:]
            _announce(conn, sql, rest, many=True)
            await driver.executemany(sql, rest)

    def _inserts(self, sql: str) -> str:
        """The single-row INSERT `sql` (SQLite's, positional) with _ROWS_PER_INSERT rows of values: one
        text, so that SQLite prepares it once per connection and keeps it."""
        head, keyword, row = sql.partition(" VALUES ")
        assert keyword, f"not an INSERT ... VALUES: {sql}"
        assert row[0] + row[-1] == "()", f"not a one-row INSERT: {sql}"
        assert _ROWS_PER_INSERT * len(self.keys) <= 999, "within any SQLite's limit on parameters"
        self.inserts = f"{head}{keyword}{', '.join([row] * _ROWS_PER_INSERT)}"
        return self.inserts


# Rows an engine batch's INSERT writes at a time on SQLite (_Bulk): 32 to 100 cost about the same, a third
# less than one row at a time; fewer leave more of a batch to the single-row statement.
_ROWS_PER_INSERT = 32


_EVENT_KEYS = ("gig_id", "user_id", "at", "kind", "step", "data")
_ADD_EVENTS = _Bulk(insert(events).inline(), _EVENT_KEYS)
# What delivering changes in gigs: how far each track went, for every gig of a batch; where a caught-up
# ladder counts from, only for the few gigs it moved (each row binds what changed, and no NULL: the driver
# binds None only after asking it to adapt itself).
_SAVE_PROGRESS = _Bulk(_SAVE_GIG, ("progress", "gig"))
_SAVE_LADDERS = _Bulk(_SAVE_GIG, ("shift_seconds", "ladder_from", "gig"))
_NOTE_KEYS = (
    "user_id",
    "workspace",
    "address",
    "kind",
    "gig_id",
    "payload",
    "reply_to",
    "status",
    "attempts",
    "next_attempt_at",
    "failure_seen",
    "created_at",
)
# The engine's reminders: what every row of a batch shares (its kind, status, no attempt yet, no reply) is
# written into the statement, so that each row binds 7 values instead of 12 (a tick binds 10,000 rows).
_REMINDER_KEYS = ("user_id", "workspace", "address", "gig_id", "payload", "next_attempt_at", "created_at")
_ENQUEUE_NOTES = _Bulk(
    insert(outbox)
    .inline()
    .values(
        {key: bindparam(key) for key in _REMINDER_KEYS}
        | {
            "kind": literal_column(f"'{Kind.REMINDER.value}'"),
            "reply_to": null(),
            "status": literal_column(f"'{OutboxStatus.PENDING.value}'"),
            "attempts": literal_column("0"),
            "failure_seen": false(),
        }
    ),
    _REMINDER_KEYS,
)
_STEP_IS = (  # a step by its key (StepRecord.key)
    pending_steps.c.gig_id == bindparam("step_gig"),
    pending_steps.c.track == bindparam("step_track"),
    pending_steps.c.ord == bindparam("step_ord"),
)
_STEP_KEY = ("step_gig", "step_track", "step_ord")
_REMOVE_STEPS = _Bulk(delete(pending_steps).where(*_STEP_IS), _STEP_KEY)
_DEFER_STEPS = _Bulk(
    update(pending_steps).where(*_STEP_IS).values(due_at=bindparam("due")), ("due", *_STEP_KEY)
)
# Encoders built once: json.dumps with options builds one per call, which a batch of thousands notices.
_EVENT_DATA = json_encoder(ensure_ascii=False, sort_keys=True)
_PROGRESS = json_encoder(sort_keys=True)
_NOTE = json_encoder(ensure_ascii=False, separators=(",", ":"))
_ID_LIST = json_encoder(separators=(",", ":"))  # ids as the JSON array json_each reads


@lru_cache(maxsize=4096)
def _progress_text(entries: tuple[tuple[str, int], ...]) -> str:
    """A gig's progress as stored, from its entries: most gigs' progress is one of a few (how far the
    ladder went), so each is encoded once, not once a gig (the text sorts the keys: order is no matter)."""
    return _PROGRESS(dict(entries))


@lru_cache(maxsize=4096)
def _note_payload(note: ReminderNote) -> str:
    """A reminder note as its outbox row stores it. Notes are values, and a tick's thousands mostly say
    one of a few things (a step of a track, in a language): each is encoded once, not once a reminder."""
    return _NOTE(note.to_json())


_STEP_KEYS = ("gig_id", "track", "ord", "user_id", "step", "nominal_at", "due_at", "deadline_at")
_ADD_STEPS = _Bulk(insert(pending_steps).inline(), _STEP_KEYS)


@cache
def _enqueue_replies(count: int) -> _Direct:
    """`count` outbox rows (parameters user_id_0, workspace_0...) in one INSERT, their ids returned:
    a command's replies, compiled once for each count."""
    rows: list[dict[str, Any]] = [{k: bindparam(f"{k}_{i}") for k in _NOTE_KEYS} for i in range(count)]
    return _Direct(insert(outbox).values(rows).returning(outbox.c.id))


# A user's count of failures not told yet, recounted (so a retried mark is never counted twice).
_UNSEEN = (
    select(func.count())
    .select_from(outbox)
    .where(
        outbox.c.user_id == users.c.id,
        outbox.c.status == OutboxStatus.FAILED.value,
        outbox.c.failure_seen.is_(False),
    )
    .scalar_subquery()
)


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
        "gig_id": None,
        "payload": json.dumps(message.to_json(), ensure_ascii=False),
        "reply_to": reply_to,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": epoch(now + grace if reply_to else now),
        "failure_seen": False,
        "created_at": epoch(now),
    }


def _step_rows(gig: GigState, steps: Sequence[PlannedStep]) -> list[tuple[Any, ...]]:
    """Rows of pending_steps in _STEP_KEYS order."""
    return [
        (gig.id, s.track, s.order, gig.user_id, s.step, epoch(s.nominal), epoch(s.deliver), _ts(s.deadline))
        for s in steps
    ]


async def _due_gigs(conn: AsyncConnection, now: datetime, limit: int) -> list[DueGig]:
    """The gigs of the first `limit` due steps with their owners and all their steps, in the order the
    steps fall due, without locking anything (SQLite: see SqlStore.read_due and claim_due)."""
    params = {"now": epoch(now), "limit": limit}
    order = list(dict.fromkeys(gig_id for (gig_id,) in await _CLAIM_ORDER.tuples(conn, params)))
    if not order:
        return []
    ids = {"ids": _ID_LIST(order)}
    found = {r[0]: GigState(*_state_values(r)) for r in await _CLAIM_GIGS.tuples(conn, ids)}
    owner_ids = {"ids": _ID_LIST(list({g.user_id for g in found.values()}))}
    owners = {r[0]: _user(r) for r in await _CLAIM_USERS.tuples(conn, owner_ids)}
    # The rows come grouped by gig (in key order): each gig's steps built in one C-level loop.
    rows = await _CLAIM_STEPS.tuples(conn, ids)
    steps = {gig_id: list(starmap(StepRecord, group)) for gig_id, group in groupby(rows, _first)}
    return [DueGig(found[i], owners[found[i].user_id], steps.get(i, [])) for i in order]


@dataclass(frozen=True, slots=True)
class _Version:
    """What SQLite says of a database connection's view: equal twice, nothing was committed in between
    (sqlite3_total_changes counts the rows this connection changed, rolled back or not; data_version
    moves when another connection commits)."""

    driver: object  # the driver's connection itself: a replaced connection counts from zero again
    data_version: int
    total_changes: int


_VERSION = "SELECT (SELECT data_version FROM pragma_data_version()), total_changes()"


async def _version(conn: AsyncConnection) -> _Version:
    driver = await _driver(conn)
    _announce(conn, _VERSION, (), many=False)
    ((data_version, total_changes),) = await driver.execute_fetchall(_VERSION)
    return _Version(driver, data_version, total_changes)


class SqlTransaction(CommunityQueries):
    """The Transaction port on one database connection inside one transaction."""

    def __init__(self, conn: AsyncConnection, inline_grace: timedelta = INLINE_GRACE) -> None:
        self.conn = conn
        self.inline_grace = inline_grace
        self.locking = conn.dialect.name == "postgresql"

    # users -----------------------------------------------------------------
    async def user(self, workspace: str, external_id: str) -> UserRecord | None:
        found = await _USER.tuples(self.conn, {"workspace": workspace, "external_id": external_id})
        return _user(found[0]) if found else None

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
            "plan_at": _ts(user.plan_at),
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

    # weekly plan and calendar feed -----------------------------------------
    async def save_plan(self, user_id: int, at: datetime | None) -> None:
        await self.conn.execute(update(users).where(users.c.id == user_id).values(plan_at=_ts(at)))

    async def claim_due_plans(self, now: datetime, limit: int) -> list[UserRecord]:
        """Users whose weekly plan is due by `now`, by the plan_at index; on PostgreSQL locked with SKIP
        LOCKED, so no two instances send one plan twice."""
        q = select(*_USER_COLUMNS).where(users.c.plan_at <= epoch(now)).order_by(users.c.plan_at).limit(limit)
        if self.locking:
            q = q.with_for_update(skip_locked=True)
        return [_user(r) for r in await self.conn.execute(q)]

    async def save_feed(self, user_id: int, feed_hash: str | None) -> None:
        await self.conn.execute(update(users).where(users.c.id == user_id).values(feed_hash=feed_hash))

    async def feed_user(self, feed_hash: str) -> UserRecord | None:
        row = (await self.conn.execute(select(*_USER_COLUMNS).where(users.c.feed_hash == feed_hash))).first()
        return _user(row) if row else None

    # gigs ------------------------------------------------------------------
    async def gig(self, user_id: int, number: int) -> GigRecord | None:
        params = {"user_id": user_id, "number": number}
        if self.locking:
            row = (await self.conn.execute(_GIG.statement.with_for_update(), params)).first()
        else:
            row = next(iter(await _GIG.tuples(self.conn, params)), None)
        return _gig(row) if row else None

    async def gigs(
        self, user_id: int, *, include_closed: bool = False, lock: bool = False
    ) -> list[GigRecord]:
        """The user's gigs by number; `lock` when the command will change them (as tx.gig() always does),
        so an instance's engine cannot deliver a step from under a re-plan on PostgreSQL."""
        read = _GIGS if include_closed else _OPEN_GIGS
        params = {"user_id": user_id}
        if lock and self.locking:
            locked = read.statement.with_for_update()
            return [_gig(r) for r in await self.conn.execute(locked, params)]
        return [_gig(r) for r in await read.tuples(self.conn, params)]

    async def gig_page(self, user_id: int, *, include_closed: bool, limit: int, offset: int) -> GigPage:
        """How many gigs the user has, `limit` of them from `offset` (a page of `list`) and their next
        steps, in one statement. Only a page past the last counts them apart."""
        params = {"user_id": user_id, "limit": limit, "offset": offset}
        rows = await _PAGES[include_closed].tuples(self.conn, params)
        if not rows:
            return GigPage(int((await _COUNTS[include_closed].tuples(self.conn, params))[0][0]), [], {})
        # each row: the gig's columns, then the total, its next step's due time and the step
        upcoming = {r[0]: (utc_from_epoch(r[-2]), r[-1]) for r in rows if r[-2] is not None}
        return GigPage(int(rows[0][_GIG_WIDTH]), [_gig(r[:_GIG_WIDTH]) for r in rows], upcoming)

    async def create_gig(self, gig: GigRecord) -> GigRecord:
        """Number the gig from the owner's counter in one UPDATE ... RETURNING: the row lock it takes
        makes a concurrent command of the same user wait and read the next number, never the same."""
        number = (await _NEXT_NUMBER.tuples(self.conn, {"owner": gig.user_id}))[0][0] - 1
        values = _gig_values(gig) | {
            "user_id": gig.user_id,
            "number": number,
            "created_at": epoch(gig.created_at),
        }
        gig.id = (await _CREATE_GIG.tuples(self.conn, values))[0][0]
        gig.number = number
        return gig

    async def save_gig(self, gig: GigRecord) -> None:
        await _SAVE_WHOLE_GIG.tuples(self.conn, _gig_values(gig) | {"gig": gig.id})

    async def save_progress(self, records: Sequence[GigState]) -> None:
        """How far each track of the gigs went, in one executemany: the engine writes only this column
        for a whole batch."""
        rows = [(_progress_text(tuple(g.progress.items())), g.id) for g in records]
        await _SAVE_PROGRESS.run(self.conn, rows)

    async def save_ladders(self, records: Sequence[GigState]) -> None:
        """Where the gigs' caught-up ladders count from (their shift and start), in one executemany."""
        await _SAVE_LADDERS.run(self.conn, [(g.shift_seconds, _ts(g.ladder_from), g.id) for g in records])

    async def delete_gig(self, gig: GigRecord) -> None:
        """The gig and everything about it: its steps, events, and the messages about it not yet on
        their way (one in flight is left to finish). A client report that named it keeps the report."""
        await self.conn.execute(update(reports).where(reports.c.gig_id == gig.id).values(gig_id=None))
        for table in (pending_steps, events):
            await self.conn.execute(delete(table).where(table.c.gig_id == gig.id))
        # Reminder notes go with the gig (their foreign key); rendered messages name it by number.
        q = select(outbox.c.id, outbox.c.payload).where(
            outbox.c.user_id == gig.user_id,
            outbox.c.status == OutboxStatus.PENDING,
            outbox.c.gig_id.is_(None),
        )
        about = [r.id for r in (await self.conn.execute(q)) if json.loads(r.payload).get("gig") == gig.number]
        if about:
            await self.conn.execute(delete(outbox).where(outbox.c.id.in_(about)))
        await self.conn.execute(delete(gigs).where(gigs.c.id == gig.id))

    # events ----------------------------------------------------------------
    async def add_event(self, event: EventRecord) -> None:
        await self.add_events([event])

    async def add_events(self, records: Sequence[EventRecord]) -> None:
        if records:
            at, ts = None, 0
            rows = []
            for e in records:
                if e.at is not at:  # a batch's events mostly share one instant: converted once
                    at, ts = e.at, epoch(e.at)
                # the kind as a plain str: the driver binds a str subclass only after asking it to adapt
                rows.append((e.gig_id, e.user_id, ts, str(e.kind), e.step, _EVENT_DATA(dict(e.data))))
            await _ADD_EVENTS.run(self.conn, rows)

    async def events(self, gig_id: int) -> list[EventRecord]:
        return event_records(await _EVENTS.tuples(self.conn, {"gig": gig_id}))

    async def history(self, gig_id: int, last: int) -> tuple[int, list[EventRecord], list[StepRecord]]:
        """How many events the gig has, its `last` events and its pending steps, in one statement (`show`
        reads all three; the cost follows what it shows, not the history)."""
        found: list[EventRecord] = []
        pending: list[StepRecord] = []
        count = 0
        for src, rid, user_id, t1, t2, t3, s1, step, s3, n in await _HISTORY.tuples(
            self.conn, {"gig": gig_id, "last": last}
        ):
            if src == 0:
                found.append(
                    EventRecord(
                        gig_id, user_id, utc_from_epoch(t1), EVENT_KINDS[s1], step, json_value(s3), rid
                    )
                )
            elif src == 1:
                pending.append(StepRecord(gig_id, s1, step, n, t2, t1, t3))
            else:
                count = int(rid)
        pending.sort(key=lambda s: (s.track, s.order))
        return count, found, pending

    # pending steps ---------------------------------------------------------
    async def pending(self, gig_ids: Sequence[int]) -> dict[int, list[StepRecord]]:
        out: dict[int, list[StepRecord]] = {}
        if not gig_ids:
            return out
        for r in (
            await self.conn.execute(_PENDING, {"gigs": list(gig_ids)})
        ).all():  # one fetch for thousands
            out.setdefault(r[0], []).append(StepRecord(*r))
        return out

    async def replace_pending(self, gig: GigState, steps: Sequence[PlannedStep]) -> None:
        """Re-plan every track of the gig: all its pending steps follow from its facts (a command's
        re-plan, in two statements built once)."""
        await _DROP_STEPS.tuples(self.conn, {"gig": gig.id})
        await _ADD_STEPS.run(self.conn, _step_rows(gig, steps))

    async def replace_pending_many(self, plans: Sequence[tuple[GigState, Sequence[PlannedStep]]]) -> None:
        """`replace_pending` for many gigs in two statements (the engine re-plans caught-up gigs)."""
        if not plans:
            return
        await self.conn.execute(
            delete(pending_steps).where(pending_steps.c.gig_id.in_([g.id for g, _ in plans]))
        )
        await _ADD_STEPS.run(self.conn, [row for gig, steps in plans for row in _step_rows(gig, steps)])

    async def remove_steps(self, steps: Sequence[StepRecord]) -> None:
        await _REMOVE_STEPS.run(self.conn, [s.key for s in steps])

    async def defer_steps(self, steps: Sequence[StepRecord], due_at: datetime) -> None:
        at = epoch(due_at)
        await _DEFER_STEPS.run(self.conn, [(at, *s.key) for s in steps])

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
        if not self.locking:
            return await self._claim_unlocked(now, limit)
        q = (
            select(*_STATE_COLUMNS)
            .join(pending_steps, pending_steps.c.gig_id == gigs.c.id)
            .where(pending_steps.c.due_at <= epoch(now))
            .order_by(pending_steps.c.due_at)
            .limit(limit)
            .with_for_update(of=gigs, skip_locked=True)
        )
        by_id = {r[0]: r for r in await self.conn.execute(q)}  # a gig once per due step
        if not by_id:
            return []
        gig_rows = [GigState(*_state_values(r)) for r in by_id.values()]
        owner_ids = {g.user_id for g in gig_rows}
        found = await self.conn.execute(select(*_USER_COLUMNS).where(users.c.id.in_(owner_ids)))
        owners = {r[0]: _user(r) for r in found}
        steps = await self.pending(list(by_id))
        return [DueGig(g, owners[g.user_id], steps.get(g.id, [])) for g in gig_rows]

    async def _claim_unlocked(self, now: datetime, limit: int) -> list[DueGig]:
        """`claim_due` where the transaction already excludes every other writer (SQLite)."""
        return await _due_gigs(self.conn, now, limit)

    async def unchanged_since(self, read: DueRead) -> bool:
        """Whether nothing was committed since `read` (SqlStore.read_due), so that what was decided on it
        holds: on SQLite, the same connection (the pool's one) with the same count of rows changed
        through it, and the same data version (which moves when another connection commits)."""
        if self.locking or not isinstance(read.token, _Version):
            return False
        return await _version(self.conn) == read.token

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

    async def enqueue_replies(
        self, user: UserRecord, messages: Sequence[Message], now: datetime, *, reply_to: str
    ) -> list[int]:
        """A command's replies in one multi-row INSERT; their ids in the order given (ids are handed out
        in the order of the rows, on SQLite and PostgreSQL alike)."""
        if not messages:
            return []
        rows = [_outbox_row(user.workspace, user.external_id, m, now, user.id, reply_to) for m in messages]
        params = {f"{k}_{i}": v for i, row in enumerate(rows) for k, v in row.items()}
        return sorted(int(i) for (i,) in await _enqueue_replies(len(rows)).tuples(self.conn, params))

    async def enqueue_reminders(
        self, reminders: Sequence[tuple[UserRecord, int, ReminderNote]], now: datetime
    ) -> None:
        """Queue reminder notes to their users' DMs in one round trip (the engine's batch): each row
        refers to its gig and holds only what the note fixes, since its text is rendered when sent."""
        if reminders:
            at = epoch(now)
            rows = [
                (u.id, u.workspace, u.external_id, gig_id, _note_payload(note), at, at)
                for u, gig_id, note in reminders
            ]
            await _ENQUEUE_NOTES.run(self.conn, rows)

    async def unseen_failures(self, user_id: int) -> list[OutboxRecord]:
        q = (
            select(outbox)
            .where(
                outbox.c.user_id == user_id,
                outbox.c.status == OutboxStatus.FAILED.value,
                outbox.c.failure_seen.is_(False),
            )
            .order_by(outbox.c.id)
        )
        return await _outbox_records(self.conn, (await self.conn.execute(q)).mappings().all())

    async def mark_failures_seen(self, outbox_ids: Sequence[int]) -> None:
        """Told: the rows are marked, and their users' counts recounted."""
        if outbox_ids:
            ids = list(outbox_ids)
            await self.conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(failure_seen=True))
            owners = select(outbox.c.user_id).where(outbox.c.id.in_(ids)).scalar_subquery()
            await self.conn.execute(
                update(users).where(users.c.id.in_(owners)).values(unseen_failures=_UNSEEN)
            )


class SqlStore(SendLimits):
    """The Store, OutboxStore and RateLimits ports over one engine."""

    def __init__(self, engine: AsyncEngine, *, inline_grace: timedelta = INLINE_GRACE) -> None:
        """`inline_grace`: how long a reply waits in the outbox for the interaction to deliver it."""
        self.engine = engine
        self.locking = engine.dialect.name == "postgresql"
        self.inline_grace = inline_grace
        self.sqlite_file = sqlite_path(str(engine.url)) if engine.dialect.name == "sqlite" else None

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

    async def read_due(self, now: datetime, limit: int) -> DueRead | None:
        """On SQLite, the batch `claim_due` would claim, read through the driver outside any transaction
        (no BEGIN IMMEDIATE: writers go on meanwhile), with the version that tells whether it still holds
        once the write transaction has begun (SqlTransaction.unchanged_since). On PostgreSQL None: due
        steps are claimed under row locks, so that several instances never deliver one twice."""
        if self.locking:
            return None
        try:
            async with self.engine.connect() as conn:  # SQLAlchemy begins nothing: the reads go to the driver
                version = await _version(conn)
                return DueRead(await _due_gigs(conn, now, limit), version)
        except Exception as exc:
            raise _store_error(exc) from exc

    async def settle(self) -> None:
        """After a wake's writes: on a SQLite file, a passive checkpoint of the write-ahead log in a worker
        thread, on a connection of its own (storage.database.checkpoint), so that neither the tick's
        commits nor the pool's one connection wait for it; nothing elsewhere (PostgreSQL, a database in
        memory)."""
        if self.sqlite_file is None:
            return
        try:
            await asyncio.to_thread(checkpoint, self.sqlite_file)
        except Exception as exc:
            raise _store_error(exc) from exc

    async def next_due(self) -> datetime | None:
        """The earliest pending step, community digest or weekly plan: what the engine wakes for."""
        earliest = (
            select(func.min(pending_steps.c.due_at)).scalar_subquery(),
            select(func.min(digests.c.next_at)).scalar_subquery(),
            select(func.min(users.c.plan_at)).scalar_subquery(),
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
            and_(outbox.c.status == OutboxStatus.PENDING.value, outbox.c.next_attempt_at <= ts),
            and_(outbox.c.status == OutboxStatus.SENDING.value, outbox.c.lease_until <= ts),
        )
        q = select(outbox).where(ready).order_by(outbox.c.id).limit(limit)
        if workspaces is not None:
            q = q.where(_owned_by(workspaces))
        if self.locking:
            q = q.with_for_update(of=outbox, skip_locked=True)
        async with self.connection() as conn:
            rows = await _outbox_records(conn, (await conn.execute(q)).mappings().all())
            if rows:
                await conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([r.id for r in rows]))
                    .values(
                        status=OutboxStatus.SENDING.value,
                        lease_until=ts + lease_seconds,
                        attempts=outbox.c.attempts + 1,
                    )
                )
        for r in rows:
            r.attempts += 1
            r.status = OutboxStatus.SENDING
        return rows

    async def peek_outbox(self, *, after: int = 0) -> list[OutboxRecord]:
        """The outbox as it stands, oldest first, leasing nothing: for tools and tests that read what
        is queued (a reminder as it would be rendered now)."""
        q = select(outbox).where(outbox.c.id > after).order_by(outbox.c.id)
        async with self.connection() as conn:
            return await _outbox_records(conn, (await conn.execute(q)).mappings().all())

    async def mark_sent(self, outbox_id: int, platform_id: str | None, now: datetime) -> None:
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(
                    status=OutboxStatus.SENT.value,
                    platform_id=platform_id,
                    sent_at=epoch(now),
                    lease_until=None,
                    error=None,
                )
            )

    async def mark_retry(self, outbox_id: int, at: datetime, error: str) -> None:
        """Back to pending after a failed attempt; never due before `at` (rounded up to the second)."""
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(
                    status=OutboxStatus.PENDING.value,
                    next_attempt_at=_ceil_ts(at),
                    lease_until=None,
                    error=error[:500],
                )
            )

    async def release(self, outbox_id: int, at: datetime, error: str | None = None) -> None:
        """Hand a claimed row back unsent (paced, rate-limited, shutting down): not counted as an attempt."""
        values: dict[str, Any] = {
            "status": OutboxStatus.PENDING.value,
            "next_attempt_at": _ceil_ts(at),
            "lease_until": None,
            "attempts": outbox.c.attempts - 1,
        }
        if error is not None:
            values["error"] = error[:500]
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id, outbox.c.status == OutboxStatus.SENDING.value)
                .values(values)
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
        """Failed for good; the user's count of failures to tell goes up with it (recounted, so a retry
        of this bookkeeping never counts one twice)."""
        async with self.connection() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(
                    status=OutboxStatus.FAILED.value, lease_until=None, error=error[:500], sent_at=epoch(now)
                )
            )
            owner = select(outbox.c.user_id).where(outbox.c.id == outbox_id).scalar_subquery()
            await conn.execute(update(users).where(users.c.id == owner).values(unseen_failures=_UNSEEN))

    async def withdraw(self, outbox_id: int, event: EventRecord, kept: ReminderNote | None) -> None:
        """Drop a claimed reminder unsent, or cut it to the note `kept` (still leased, to be sent now),
        and record why in its gig's history, in one transaction: a retry of this bookkeeping finds the
        row gone, or already cut, and records nothing twice."""
        claimed = and_(outbox.c.id == outbox_id, outbox.c.status == OutboxStatus.SENDING.value)
        if kept is None:
            change: Delete | Update = delete(outbox).where(claimed)
        else:
            payload = _note_payload(kept)
            change = update(outbox).where(claimed, outbox.c.payload != payload).values(payload=payload)
        async with self.transaction() as tx:
            if (await tx.conn.execute(change)).rowcount:
                await tx.add_events([event])

    async def prune_outbox(self, before: datetime, *, chunk: int = 1000) -> int:
        """Forget rows delivered (or failed and already told to the user) before `before`.

        In chunks of `chunk` rows in id order, each its own short transaction found through the
        `sent_at` index: however much piled up, a prune never holds SQLite's write lock (or
        PostgreSQL's row locks) for longer than one chunk, and commands and sends go on between."""
        done = or_(
            outbox.c.status == OutboxStatus.SENT.value,
            and_(outbox.c.status == OutboxStatus.FAILED.value, outbox.c.failure_seen.is_(True)),
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
                    select(func.min(outbox.c.next_attempt_at)).where(
                        outbox.c.status == OutboxStatus.PENDING.value, owned
                    )
                )
            ).scalar()
            lease = (
                await conn.execute(
                    select(func.min(outbox.c.lease_until)).where(
                        outbox.c.status == OutboxStatus.SENDING.value, owned
                    )
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
                .where(outbox.c.status != OutboxStatus.SENT.value)
                .group_by(outbox.c.status)
            )
            by_status: dict[str, int] = {status: count for status, count in counted.tuples()}
            unseen = (
                await conn.execute(
                    select(func.count())
                    .select_from(outbox)
                    .where(outbox.c.status == OutboxStatus.FAILED.value, outbox.c.failure_seen.is_(False))
                )
            ).scalar_one()
        return StoreStatus(
            open_gigs=open_gigs,
            pending_steps=steps,
            next_due=_dt(next_due),
            outbox_pending=by_status.get(OutboxStatus.PENDING, 0),
            outbox_sending=by_status.get(OutboxStatus.SENDING, 0),
            failed=by_status.get(OutboxStatus.FAILED, 0),
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
