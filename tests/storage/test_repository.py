"""The repository against a real database: every method of SqlTransaction and SqlStore, on SQLite and
(when GIGWATCH_TEST_POSTGRES_URL is set) on PostgreSQL, each test on a database of its own at the
newest revision (tests/conftest.py: a copy of a migrated SQLite file, an emptied migrated schema)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from dataclasses import fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, inspect, select

from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.domain.terms import Terms
from bot.domain.tracks import PlannedStep
from bot.messages import Action, Kind, Message
from bot.ports import EventKind, EventRecord, GigRecord, GigState, Reminder, ReminderNote, UserRecord
from storage import SqlStore, open_store
from storage.database import WAL_AUTOCHECKPOINT_PAGES
from storage.repository import INLINE_GRACE
from storage.schema import events, gigs, metadata, outbox, pending_steps, users
from tests.conftest import START

H = timedelta(hours=1)


def a_user(external_id: str = "U1", workspace: str = "slack:T1", **fields: Any) -> UserRecord:
    return UserRecord(id=0, workspace=workspace, external_id=external_id, name=external_id, **fields)


def a_gig(user: UserRecord, title: str = "LP design", **fields: Any) -> GigRecord:
    values: dict[str, Any] = {
        "client": "ACME",
        "platform": "crowdworks",
        "stage": Stage.CONTRACTED,
        "created_at": START,
        "stage_since": START,
        "waiting_since": START,
    }
    values.update(fields)
    return GigRecord(id=0, user_id=user.id, number=0, title=title, **values)


def state_of(gig: GigRecord) -> GigState:
    """What the engine claims of a stored gig: every field of its state (a claim reads no other)."""
    return GigState(*(getattr(gig, f.name) for f in fields(GigState)))


def steps_at(*hours: float, first_order: int = 1) -> list[PlannedStep]:
    """Ladder steps due `hours` after START, in ladder order; each names a deadline a day after it."""
    return [
        PlannedStep("ladder", f"step{i}", first_order + i, START + h * H, START + h * H, START + (h + 24) * H)
        for i, h in enumerate(hours)
    ]


def note(body: str = "hello", gig: int | None = 1) -> Message:
    return Message(
        Kind.REMINDER,
        "ja",
        body,
        title="題名",
        draft="お世話になっております。",
        gig=gig,
        step="nudge",
        actions=(Action("heard", "返信あり", "heard 1"),),
        extra={"deadline": "2026-12-01"},
    )


async def new_user(store: SqlStore, external_id: str = "U1", workspace: str = "slack:T1") -> UserRecord:
    async with store.transaction() as tx:
        return await tx.create_user(a_user(external_id, workspace), START)


async def new_gig(store: SqlStore, user: UserRecord, *hours: float, **fields: Any) -> GigRecord:
    async with store.transaction() as tx:
        gig = await tx.create_gig(a_gig(user, **fields))
        await tx.replace_pending(gig, steps_at(*hours))
        return gig


async def count(store: SqlStore, table: Table) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


# users ---------------------------------------------------------------------------------------------


async def test_user_round_trip_and_save(store: SqlStore) -> None:
    user = a_user(
        tz="Europe/Berlin",
        lang="en",
        locale="de-DE",
        active_start=8 * 60,
        active_end=18 * 60 + 30,
        working_days=frozenset({0, 2, 4}),
        holiday_country="DE",
        platform="upwork",
        offsets={"nudge": "2bd", "payment_deadline": "45d"},
    )
    async with store.transaction() as tx:
        created = await tx.create_user(user, START)
        assert created.id > 0
        assert await tx.user("slack:T1", "U2") is None
        assert await tx.user("slack:T2", "U1") is None  # same id in another workspace is someone else
    async with store.transaction() as tx:
        loaded = await tx.user("slack:T1", "U1")
    assert loaded == created

    loaded.tz, loaded.lang, loaded.holiday_country = "Asia/Tokyo", None, None
    loaded.working_days = frozenset(range(7))
    loaded.offsets = {}
    loaded.name = "x" * 300
    async with store.transaction() as tx:
        await tx.save_user(loaded)
    async with store.transaction() as tx:
        again = await tx.user("slack:T1", "U1")
    assert again is not None
    assert (again.tz, again.lang, again.holiday_country, again.offsets) == ("Asia/Tokyo", None, None, {})
    assert again.working_days == frozenset(range(7))
    assert again.name == "x" * 200  # clipped to the column, never an error


async def test_rollback_on_error_keeps_nothing(store: SqlStore) -> None:
    async def fails_midway() -> None:
        async with store.transaction() as tx:
            user = await tx.create_user(a_user(), START)
            await tx.create_gig(a_gig(user))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await fails_midway()
    async with store.transaction() as tx:
        assert await tx.user("slack:T1", "U1") is None
    assert await count(store, gigs) == 0


# gigs ----------------------------------------------------------------------------------------------


async def test_gigs_are_numbered_per_user(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    bob = await new_user(store, "bob")
    async with store.transaction() as tx:
        numbers = [(await tx.create_gig(a_gig(alice, f"a{i}"))).number for i in range(3)]
        bob_first = await tx.create_gig(a_gig(bob, "b0"))
    assert numbers == [1, 2, 3]
    assert bob_first.number == 1
    async with store.transaction() as tx:
        assert [g.title for g in await tx.gigs(alice.id)] == ["a0", "a1", "a2"]
        second, bobs = await tx.gig(alice.id, 2), await tx.gig(bob.id, 1)
        assert await tx.gig(bob.id, 2) is None  # alice's #2 is not bob's
    assert second is not None
    assert bobs is not None
    assert (second.title, bobs.title) == ("a1", "b0")


async def test_gig_round_trip_save_and_closed_filter(store: SqlStore) -> None:
    user = await new_user(store)
    async with store.transaction() as tx:
        open_gig = await tx.create_gig(
            a_gig(user, "「LP制作」", amount=50_000.0, rate=2_500.5, url="https://example.com/job/1")
        )
        closed = await tx.create_gig(a_gig(user, "old", stage=Stage.ACCEPTED, waiting_since=None))
    async with store.transaction() as tx:
        loaded = await tx.gig(user.id, open_gig.number)
    assert loaded == open_gig

    closed.closed_at = START + H
    open_gig.stage, open_gig.progress, open_gig.shift_seconds = Stage.DELIVERED, {"ladder": 3}, 86_400
    open_gig.waiting_since = START + 2 * H
    open_gig.funded_at, open_gig.delivered_at = START, START + 2 * H
    open_gig.pay_by, open_gig.paid_amount = PayBy(date(2026, 12, 31)), 20_000.0
    open_gig.requests = {"termination": START + H}
    async with store.transaction() as tx:
        await tx.save_gig(closed)
        await tx.save_gig(open_gig)
    async with store.transaction() as tx:
        assert [g.number for g in await tx.gigs(user.id)] == [1]
        everything = await tx.gigs(user.id, include_closed=True)
    assert [g.number for g in everything] == [1, 2]
    assert everything[0] == open_gig
    assert everything[1].closed_at == START + H


async def test_every_field_of_a_gig_and_its_owner_reads_back_from_every_read(store: SqlStore) -> None:
    """Records are built from rows read by position: every field, set to something other than its
    default, comes back the same from each read that builds gigs and users (commands, `list`, the
    engine's claim and its read outside the write lock, the outbox's reminders)."""
    user = a_user(
        tz="Europe/Berlin",
        lang="en",
        locale="de-DE",
        active_start=8 * 60,
        active_end=22 * 60,
        working_days=frozenset({0, 2, 4, 5}),
        holiday_country="DE",
        platform="lancers",
        offsets={"nudge": "2d"},
    )
    async with store.transaction() as tx:
        user = await tx.create_user(user, START)
        await tx.save_plan(user.id, START + 3 * H)
        await tx.save_feed(user.id, "f" * 64)
    user.plan_at, user.feed_hash = START + 3 * H, "f" * 64
    gig = a_gig(
        user,
        "「LP制作」",
        platform="lancers",
        stage=Stage.DELIVERED,
        waiting_since=START + H,
        shift_seconds=3_600,
        ladder_from=START + 2 * H,
        amount=50_000.0,
        rate=2_500.5,
        url="https://example.com/job/1",
        lang="ja",
        funded_at=START - H,
        delivered_at=START + H,
        delivered_on=date(2026, 11, 2),
        pay_by=PayBy(date(2026, 12, 31)),
        paid_amount=20_000.0,
        requests={"revision": START + 2 * H},
        asked=["revision", "termination"],
        progress={"ladder": 2, "pin:ladder:final": 1_800_000_000},
        currency="USD",
        terms=Terms(work="logo", deliver_by=date(2026, 12, 1), method="bank"),
    )
    async with store.transaction() as tx:
        gig = await tx.create_gig(gig)
        await tx.replace_pending(gig, steps_at(1, 30))
        await tx.enqueue_reminders([(user, gig.id, ReminderNote("nudge", "ladder", "en"))], START)
    closed = a_gig(user, "done", closed_at=START + 4 * H)
    async with store.transaction() as tx:
        closed = await tx.create_gig(closed)
        assert await tx.user(user.workspace, user.external_id) == user
        assert await tx.gig(user.id, gig.number) == gig
        assert await tx.gigs(user.id, include_closed=True) == [gig, closed]
        assert await tx.gigs(user.id, lock=True) == [gig]
        page = await tx.gig_page(user.id, include_closed=True, limit=20, offset=0)
        assert (page.total, page.gigs, page.upcoming) == (2, [gig, closed], {gig.id: (START + H, "step0")})
        claimed = await tx.claim_due(START + 2 * H, 10)
        assert [(d.gig, d.user) for d in claimed] == [(state_of(gig), user)]
    read = await store.read_due(START + 2 * H, 10)
    if read is not None:
        assert [(d.gig, d.user) for d in read.gigs] == [(state_of(gig), user)]
    [queued] = await store.peek_outbox()
    assert isinstance(queued.message, Reminder)
    assert (queued.message.gig, queued.message.user) == (gig, user)


async def test_json_columns_hold_what_json_dumps_writes(store: SqlStore) -> None:
    """The engine's writes encode JSON with encoders built once: the stored text is what json.dumps
    writes with the same options (key order, non-ASCII text, separators)."""
    user = await new_user(store)
    gig = await new_gig(store, user, 1)
    gig.progress = {"ladder": 2, "payment": 1, "pin:ladder:最終": 1_800_000_000}
    data = {"due": "2026-11-19T08:59:00+00:00", "note": "返信待ち", "n": 1.5, "list": [1, None, True]}
    remind = ReminderNote("nudge", "ladder", "ja", 1_800_000_000, ("first", "二"))
    async with store.transaction() as tx:
        await tx.save_progress([gig])
        await tx.add_events([EventRecord(gig.id, user.id, START, EventKind.REMINDER, "nudge", data)])
        await tx.enqueue_reminders([(user, gig.id, remind)], START)
    async with store.engine.connect() as conn:
        progress = (await conn.execute(select(gigs.c.progress))).scalar_one()
        stored = (await conn.execute(select(events.c.data).where(events.c.kind == "reminder"))).scalar_one()
        payload = (await conn.execute(select(outbox.c.payload))).scalar_one()
    assert progress == json.dumps(gig.progress, sort_keys=True)
    assert stored == json.dumps(data, ensure_ascii=False, sort_keys=True)
    assert payload == json.dumps(remind.to_json(), ensure_ascii=False, separators=(",", ":"))


# events --------------------------------------------------------------------------------------------


async def test_an_hourly_gig_and_its_moved_follow_ups_read_back(store: SqlStore) -> None:
    """An hourly contract is a rate and no fee on an hourly platform: no column of its own, so the rate and
    the empty fee must read back as written; a snooze of the payment follow-ups is kept in the progress."""
    user = await new_user(store)
    gig = await new_gig(store, user, 1, platform="upwork", rate=40.0, amount=None)
    gig.progress = {"payment": 2, "shift:payment": 86_400, "pin:payment:payment_demand": 1_800_000_000}
    async with store.transaction() as tx:
        await tx.save_gig(gig)
    async with store.transaction() as tx:
        back = await tx.gig(user.id, gig.number)
    assert back is not None
    assert (back.rate, back.amount, back.hourly, back.billed_by_platform) == (40.0, None, True, True)
    assert back.situation().hourly
    assert not back.situation().funded
    assert back.progress == gig.progress


async def test_events_in_order_with_data(store: SqlStore) -> None:
    user = await new_user(store)
    gig = await new_gig(store, user)
    other = await new_gig(store, user)
    async with store.transaction() as tx:
        await tx.add_event(EventRecord(gig.id, user.id, START, "created", None, {"title": "LP", "n": 1}))
        await tx.add_event(EventRecord(other.id, user.id, START, "created"))
        await tx.add_event(EventRecord(gig.id, user.id, START + H, "reminder", "nudge", {"note": "返信待ち"}))
    async with store.transaction() as tx:
        timeline = await tx.events(gig.id)
    assert [(e.kind, e.step, e.at, dict(e.data)) for e in timeline] == [
        ("created", None, START, {"title": "LP", "n": 1}),
        ("reminder", "nudge", START + H, {"note": "返信待ち"}),
    ]
    assert timeline[0].id < timeline[1].id
    assert all(e.gig_id == gig.id and e.user_id == user.id for e in timeline)


# pending steps -------------------------------------------------------------------------------------


async def test_replace_pending_replaces_only_that_gig(store: SqlStore) -> None:
    user = await new_user(store)
    gig = await new_gig(store, user, 1, 2, 3)
    other = await new_gig(store, user, 5)
    async with store.transaction() as tx:
        await tx.replace_pending(gig, steps_at(10, 20, first_order=4))
        pending = await tx.pending([gig.id, other.id, 999_999])
    assert [(s.step, s.order, s.due_at) for s in pending[gig.id]] == [
        ("step0", 4, START + 10 * H),
        ("step1", 5, START + 20 * H),
    ]
    assert [(s.track, s.deadline_at) for s in pending[gig.id]] == [
        ("ladder", START + 34 * H),
        ("ladder", START + 44 * H),
    ]
    assert [s.due_at for s in pending[other.id]] == [START + 5 * H]
    assert 999_999 not in pending
    async with store.transaction() as tx:
        await tx.replace_pending(gig, [])
        assert await tx.pending([gig.id]) == {}
        assert await tx.pending([]) == {}


async def test_remove_and_defer_steps(store: SqlStore) -> None:
    user = await new_user(store)
    gig = await new_gig(store, user, 1, 2, 3)
    async with store.transaction() as tx:
        s1, s2, s3 = (await tx.pending([gig.id]))[gig.id]
        await tx.remove_steps([s1])
        await tx.defer_steps([s2, s3], START + 30 * H)
        await tx.remove_steps([])
        await tx.defer_steps([], START)
        left = (await tx.pending([gig.id]))[gig.id]
    assert [(s.key, s.due_at, s.nominal_at) for s in left] == [
        (s2.key, START + 30 * H, START + 2 * H),  # deferred: delivered later, due by the offsets as before
        (s3.key, START + 30 * H, START + 3 * H),
    ]


async def test_next_due_is_the_earliest_pending(store: SqlStore) -> None:
    assert await store.next_due() is None
    user = await new_user(store)
    await new_gig(store, user, 7, 9)
    await new_gig(store, user, 4)
    assert await store.next_due() == START + 4 * H


async def test_claim_due_returns_due_gigs_with_owner_and_every_step(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    bob = await new_user(store, "bob")
    two_due = await new_gig(store, alice, 1, 2, 50)
    not_due = await new_gig(store, alice, 10)
    bobs = await new_gig(store, bob, 3)
    async with store.transaction() as tx:
        claimed = await tx.claim_due(START + 5 * H, 100)
    by_gig = {d.gig.id: d for d in claimed}
    assert set(by_gig) == {two_due.id, bobs.id}
    assert not_due.id not in by_gig
    assert by_gig[two_due.id].user.external_id == "alice"
    assert by_gig[bobs.id].user.external_id == "bob"
    assert by_gig[two_due.id].gig == state_of(two_due)
    # every pending step of the gig, the not-yet-due one too: catch-up needs the whole ladder
    assert [s.due_at for s in by_gig[two_due.id].steps] == [START + H, START + 2 * H, START + 50 * H]
    async with store.transaction() as tx:
        assert await tx.claim_due(START, 100) == []


async def test_claim_due_batches_earliest_first(store: SqlStore) -> None:
    """The limit counts due steps, earliest first (a gig appears once however many of its steps are
    due), and claiming until nothing comes back covers every due gig exactly once."""
    user = await new_user(store)
    earliest = await new_gig(store, user, 0.1, 0.2, 0.3, 9)
    made = [await new_gig(store, user, 1, 2, 3) for _ in range(6)]
    async with store.transaction() as tx:
        first = await tx.claim_due(START + 4 * H, 3)
        assert [d.gig.id for d in first] == [earliest.id]  # its three due steps fill the batch
        assert len(first[0].steps) == 4
    seen: list[int] = []
    while True:
        async with store.transaction() as tx:
            batch = await tx.claim_due(START + 4 * H, 3)
            assert len(batch) <= 3
            for due in batch:
                await tx.remove_steps([s for s in due.steps if s.due_at <= START + 4 * H])
            seen += [d.gig.id for d in batch]
        if not batch:
            break
    assert sorted(seen) == sorted(g.id for g in (earliest, *made))
    assert await store.next_due() == START + 9 * H


async def test_due_gigs_read_outside_the_write_lock_hold_until_anything_is_committed(
    store: SqlStore, database_url: str
) -> None:
    """SQLite: the batch read without a write transaction is what claim_due claims, and it still holds in
    a write transaction only if nothing was committed since, through this store or another connection
    to the file. PostgreSQL claims under row locks only: nothing is read outside them."""
    alice = await new_user(store, "alice")
    gig = await new_gig(store, alice, 1, 50)
    read = await store.read_due(START + 5 * H, 100)
    if store.locking:
        assert read is None
        return
    assert read is not None
    async with store.transaction() as tx:
        assert read.gigs == await tx.claim_due(START + 5 * H, 100)
        assert await tx.unchanged_since(read)
    async with store.transaction() as tx:  # a command of this process
        await tx.save_plan(alice.id, None)
        await tx.save_plan(alice.id, None)
        assert not await tx.unchanged_since(read)
    read = await store.read_due(START + 5 * H, 100)
    assert read is not None
    assert [d.gig.id for d in read.gigs] == [gig.id]
    other = await open_store(database_url)  # another instance or process on the same file
    try:
        async with other.transaction() as tx:
            await tx.remove_steps(read.gigs[0].steps)
    finally:
        await other.engine.dispose()
    async with store.transaction() as tx:
        assert not await tx.unchanged_since(read)
        assert await tx.claim_due(START + 5 * H, 100) == []


async def test_settle_checkpoints_the_log_without_waiting_for_the_pool(
    store: SqlStore, tmp_path: Path
) -> None:
    """SQLite: the log is left to grow past a tick's commits (no checkpoint in their path), and settling
    copies what was committed into the database file itself on a connection of its own, even while a
    transaction holds the pool's one connection. PostgreSQL has nothing to settle."""
    user = await new_user(store)
    for _ in range(3):
        await new_gig(store, user, 1, 2, 3)
    path = store.sqlite_file
    if path is None:
        await store.settle()
        return
    async with store.engine.connect() as conn:
        pages = (await conn.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar_one()
    assert pages == WAL_AUTOCHECKPOINT_PAGES

    def gigs_in_the_file() -> int:
        """The gigs of the database file alone, as if its log were lost: what checkpoints copied (before
        any, not even the tables the migrations made)."""
        alone = tmp_path / "alone.db"
        shutil.copyfile(path, alone)
        conn = sqlite3.connect(alone)
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'gigs'").fetchall():
                return 0
            return int(conn.execute("SELECT count(*) FROM gigs").fetchone()[0])
        finally:
            conn.close()
            alone.unlink()

    assert gigs_in_the_file() == 0
    async with store.transaction() as tx:  # the pool's one connection, held meanwhile
        await tx.save_plan(user.id, START)
        await asyncio.wait_for(store.settle(), timeout=5)
    assert gigs_in_the_file() == 3


# outbox --------------------------------------------------------------------------------------------


async def test_enqueue_and_claim_round_trip(store: SqlStore) -> None:
    user = await new_user(store)
    async with store.transaction() as tx:
        first = await tx.enqueue(user, note("a"), START)
        second = await tx.enqueue_to("slack:T1", "C42", note("b", gig=None), START, user_id=user.id)
        anonymous = await tx.enqueue_to("discord:9", "123", note("c", gig=None), START)
    assert first < second < anonymous
    rows = await store.claim_outbox(START, 10, 60)
    assert [r.id for r in rows] == [first, second, anonymous]
    row = rows[0]
    assert row.message == note("a")
    assert (row.user_id, row.workspace, row.address) == (user.id, "slack:T1", "U1")
    assert (row.status, row.attempts, row.created_at, row.reply_to) == ("sending", 1, START, None)
    assert (rows[1].address, rows[2].user_id) == ("C42", None)


async def test_reply_waits_for_inline_delivery(store: SqlStore) -> None:
    """A reply is given in the interaction; the dispatcher only takes it after the grace period."""
    user = await new_user(store)
    async with store.transaction() as tx:
        reply = await tx.enqueue(user, note(), START, reply_to="inline")
    assert await store.next_outbox_due() == START + INLINE_GRACE
    assert await store.claim_outbox(START + INLINE_GRACE - timedelta(seconds=1), 10, 60) == []
    (row,) = await store.claim_outbox(START + INLINE_GRACE, 10, 60)
    assert (row.id, row.reply_to) == (reply, "inline")


async def test_claim_outbox_leases_limits_and_filters(store: SqlStore) -> None:
    user = await new_user(store)
    async with store.transaction() as tx:
        ids = [await tx.enqueue(user, note(str(i)), START) for i in range(3)]
        discord = await tx.enqueue_to("discord:7", "D1", note("d"), START)
        later = await tx.enqueue(user, note("later"), START + H)
    assert [r.id for r in await store.claim_outbox(START, 2, 60, workspaces=["slack"])] == ids[:2]
    # leased rows are not handed out again while the lease runs
    assert [r.id for r in await store.claim_outbox(START, 10, 60, workspaces=["slack"])] == [ids[2]]
    assert await store.claim_outbox(START + timedelta(seconds=59), 10, 60, workspaces=["slack"]) == []
    assert [r.id for r in await store.claim_outbox(START, 10, 60, workspaces=["discord"])] == [discord]
    assert await store.next_outbox_due() == START + timedelta(seconds=60)  # the earliest lease to expire
    # an expired lease (the instance died mid-send) is claimed again, counting the attempt
    retaken = await store.claim_outbox(START + timedelta(seconds=60), 10, 60, workspaces=["slack"])
    assert [(r.id, r.attempts) for r in retaken] == [(ids[0], 2), (ids[1], 2), (ids[2], 2)]
    assert later not in [r.id for r in retaken]


async def test_mark_sent_retry_failed(store: SqlStore) -> None:
    user = await new_user(store)
    async with store.transaction() as tx:
        sent, retried, failed = [await tx.enqueue(user, note(str(i)), START) for i in range(3)]
    await store.claim_outbox(START, 10, 60)
    await store.mark_sent(sent, "1700000000.000100", START)
    await store.mark_retry(retried, START + 5 * H, "TransientError: " + "x" * 1000)
    await store.mark_failed(failed, "dm_closed", START)
    # neither sent nor failed rows come back, even after their lease would have run out
    assert await store.claim_outbox(START + 4 * H, 10, 60) == []
    assert await store.next_outbox_due() == START + 5 * H
    (row,) = await store.claim_outbox(START + 5 * H, 10, 60)
    assert (row.id, row.attempts) == (retried, 2)
    assert row.error == ("TransientError: " + "x" * 1000)[:500]  # clipped, never an error
    async with store.engine.connect() as conn:
        done = (await conn.execute(select(outbox).where(outbox.c.id == sent))).mappings().one()
    assert (done["status"], done["platform_id"], done["lease_until"]) == ("sent", "1700000000.000100", None)


async def test_unseen_failures_are_told_once(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    bob = await new_user(store, "bob")
    async with store.transaction() as tx:
        ok = await tx.enqueue(alice, note("ok"), START)
        lost = [await tx.enqueue(alice, note(f"lost{i}"), START) for i in range(2)]
        bobs = await tx.enqueue(bob, note("bob"), START)
    await store.claim_outbox(START, 10, 60)
    await store.mark_sent(ok, None, START)
    for row_id in (*lost, bobs):
        await store.mark_failed(row_id, "dm_closed", START)
    async with store.transaction() as tx:
        failures = await tx.unseen_failures(alice.id)
        assert [(f.id, f.status, f.error, f.message.body) for f in failures] == [
            (lost[0], "failed", "dm_closed", "lost0"),
            (lost[1], "failed", "dm_closed", "lost1"),
        ]
        await tx.mark_failures_seen([f.id for f in failures])
        await tx.mark_failures_seen([])
    async with store.transaction() as tx:
        assert await tx.unseen_failures(alice.id) == []
        assert [f.id for f in await tx.unseen_failures(bob.id)] == [bobs]


async def test_next_outbox_due_empty(store: SqlStore) -> None:
    assert await store.next_outbox_due() is None


# forgetting ----------------------------------------------------------------------------------------


async def test_delete_user_leaves_no_row(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    bob = await new_user(store, "bob")
    for user in (alice, bob):
        gig = await new_gig(store, user, 1, 2)
        async with store.transaction() as tx:
            await tx.add_event(EventRecord(gig.id, user.id, START, "created"))
            await tx.enqueue(user, note(), START)
            await tx.enqueue_to(user.workspace, "C1", note(), START, user_id=user.id)
    async with store.transaction() as tx:
        await tx.delete_user(alice.id)

    # every table that can hold a row about a user (one with a key to users) holds none about alice
    personal = [
        t
        for t in metadata.sorted_tables
        if t is users or any(fk.column is users.c.id for fk in t.foreign_keys)
    ]
    assert {"gigs", "events", "pending_steps", "outbox"} <= {t.name for t in personal}
    async with store.engine.connect() as conn:
        for table in personal:
            owner = table.c.id if table is users else table.c.user_id
            left = (await conn.execute(select(func.count()).where(owner == alice.id))).scalar_one()
            assert left == 0, table.name
        for table in (users, gigs, events, pending_steps, outbox):
            owner = table.c.id if table is users else table.c.user_id
            assert (await conn.execute(select(func.count()).where(owner == bob.id))).scalar_one() > 0
    async with store.transaction() as tx:
        assert await tx.user("slack:T1", "alice") is None
        assert len(await tx.gigs(bob.id)) == 1
    assert await count(store, pending_steps) == 2
    assert await count(store, events) == 1


# instants ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", [START, datetime.fromisoformat("2038-01-20T00:00:00+00:00")])
async def test_instants_round_trip(store: SqlStore, when: datetime) -> None:
    """Instants are BIGINT epoch seconds: no 2038 overflow on either database."""
    user = await new_user(store)
    async with store.transaction() as tx:
        gig = await tx.create_gig(a_gig(user, created_at=when, stage_since=when, waiting_since=when))
        await tx.replace_pending(gig, [PlannedStep("ladder", "nudge", 1, when, when)])
    async with store.transaction() as tx:
        loaded = await tx.gig(user.id, gig.number)
    assert loaded is not None
    assert (loaded.created_at, loaded.waiting_since) == (when, when)
    assert await store.next_due() == when


@pytest.mark.parametrize("chunk", [7, 13, 1000])
async def test_prune_forgets_what_aged_out_chunk_by_chunk_and_nothing_else(
    store: SqlStore, chunk: int
) -> None:
    user = await new_user(store)
    async with store.transaction() as tx:
        old = [await tx.enqueue(user, note(f"old{i}"), START) for i in range(25)]
        told, untold = [await tx.enqueue(user, note(f"failed{i}"), START) for i in range(2)]
        recent = [await tx.enqueue(user, note(f"recent{i}"), START) for i in range(3)]
        waiting = [await tx.enqueue(user, note(f"waiting{i}"), START) for i in range(2)]
    await store.claim_outbox(START, 100, 60)
    for row_id in old:
        await store.mark_sent(row_id, None, START)
    for row_id in recent:
        await store.mark_sent(row_id, None, START + 2 * H)
    for row_id in (told, untold):
        await store.mark_failed(row_id, "dm_closed", START)
    async with store.transaction() as tx:
        await tx.mark_failures_seen([told])
    for row_id in waiting:
        await store.mark_retry(row_id, START + 3 * H, "TransientError")
    assert await store.prune_outbox(START + H, chunk=chunk) == 26  # 25 delivered, 1 failure told
    async with store.engine.connect() as conn:
        left = (await conn.execute(select(outbox.c.id).order_by(outbox.c.id))).scalars().all()
    assert left == [untold, *recent, *waiting]
    assert await store.prune_outbox(START + H, chunk=chunk) == 0


async def test_the_prune_finds_aged_rows_through_an_index_on_sent_at(store: SqlStore) -> None:
    async with store.engine.connect() as conn:
        indexes = await conn.run_sync(lambda sync: inspect(sync).get_indexes("outbox"))
    assert ["sent_at"] in [index["column_names"] for index in indexes]
