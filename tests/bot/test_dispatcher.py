"""The dispatcher against a fake platform that misbehaves like real ones: 429s with Retry-After, 500s,
timeouts, closed DMs. Real Dispatcher, real store, virtual time: nothing is lost, nothing is sent
against a Retry-After, and a permanent failure is recorded once and told once."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher, Pacing, Result
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.outlets import Delivery, FailureCode, PermanentError, RateLimited, TransientError
from bot.ports import OutboxRecord
from bot.service import FAILURES_TOLD, Actor, Service
from storage import SqlStore
from storage.schema import outbox

WORKSPACE = "fake:W1"


@dataclass
class FakePlatform:
    """Answers each send by a per-address script (then accepts), and checks the caller's manners:
    a send to an address (or anywhere, after a global 429) before its Retry-After is a violation."""

    clock: VirtualClock
    script: dict[str, list[str]] = field(default_factory=dict)
    name: str = "fake"
    calls: list[tuple[datetime, str, int]] = field(default_factory=list)
    accepted: list[tuple[datetime, str, int]] = field(default_factory=list)
    violations: list[tuple[datetime, str, int]] = field(default_factory=list)
    not_before: dict[str, datetime] = field(default_factory=dict)  # address (or "*") -> Retry-After end

    async def send(self, delivery: Delivery) -> str | None:
        now = self.clock.now()
        self.calls.append((now, delivery.address, delivery.outbox_id))
        for key in (delivery.address, "*"):
            if key in self.not_before and now < self.not_before[key]:
                self.violations.append((now, delivery.address, delivery.outbox_id))
        steps = self.script.get(delivery.address, [])
        behaviour = steps.pop(0) if steps else "ok"
        if behaviour == "429":
            self.not_before[delivery.address] = now + timedelta(seconds=30)
            raise RateLimited.from_response({"Retry-After": "30"}, b'{"ok": false}', now=now)
        if behaviour == "429-global":
            self.not_before["*"] = now + timedelta(seconds=12.5)
            raise RateLimited.from_response({}, b'{"retry_after": 12.5, "global": true}', now=now)
        if behaviour == "500":
            raise TransientError("http 500")
        if behaviour == "hang":
            await asyncio.sleep(30)  # the dispatcher's send timeout ends this
        if behaviour == "dm_closed":
            raise PermanentError(FailureCode.DM_CLOSED, "cannot_dm_bot")
        if behaviour == "bug":
            raise KeyError("an outlet bug")
        self.accepted.append((now, delivery.address, delivery.outbox_id))
        return f"msg-{len(self.accepted)}"


def reminder(text: str) -> Message:
    return Message(Kind.REMINDER, "en", text, gig=1, step="nudge")


async def queue(service: Service, store: SqlStore, who: str, texts: Iterable[str]) -> list[int]:
    """Messages to one user's DM, queued as the engine queues reminders (due now)."""
    outcome = await service.execute(
        Actor(WORKSPACE, who, who), "list"
    )  # the user exists, as after any command
    for reply in outcome.replies:  # delivered in the interaction, as Core.command does
        if reply.outbox_id is not None:
            await store.mark_sent(reply.outbox_id, None, service.clock.now())
    async with store.transaction() as tx:
        user = await tx.user(WORKSPACE, who)
        assert user is not None
        return [await tx.enqueue(user, reminder(t), service.clock.now()) for t in texts]


async def run_until_quiet(dispatcher: Dispatcher, clock: VirtualClock, *, horizon: timedelta) -> None:
    """What the runtime does: drain, then sleep until the dispatcher's next due time."""
    end = clock.now() + horizon
    for _ in range(10_000):
        await dispatcher.drain()
        due = await dispatcher.next_due()
        if due is None:
            return
        assert due <= end, f"still due at {due}, past the horizon"
        clock.set(max(due, clock.now()))
    pytest.fail("the dispatcher never went quiet")


async def rows(store: SqlStore) -> dict[int, dict[str, object]]:
    async with store.engine.connect() as conn:
        return {r["id"]: dict(r) for r in (await conn.execute(select(outbox))).mappings()}


async def test_a_misbehaving_platform_loses_nothing_and_is_never_sent_to_early(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(
        clock,
        {
            "U_rate": ["429", "429"],
            "U_flaky": ["500", "hang", "500"],
            "U_closed": ["dm_closed"],
            "U_global": ["ok", "429-global"],
            "U_bug": ["bug"],
        },
    )
    ids = {who: await queue(service, store, who, [f"{who} {i}" for i in range(3)]) for who in platform.script}
    dispatcher = Dispatcher(
        store, clock, {"fake": platform}, send_timeout=0.05, lease_seconds=30, rng=random.Random(7)
    )

    await run_until_quiet(dispatcher, clock, horizon=timedelta(hours=1))

    assert platform.violations == []
    closed = ids["U_closed"][0]
    expected = {i for group in ids.values() for i in group} - {closed}
    accepted = Counter(outbox_id for _, _, outbox_id in platform.accepted)
    assert set(accepted) == expected
    assert max(accepted.values()) == 1  # nothing sent twice
    assert [i for _, _, i in platform.calls].count(closed) == 1  # tried once, never again
    stored = await rows(store)
    assert {i for i, r in stored.items() if r["status"] == "sent" and r["kind"] == "reminder"} == expected
    assert all(str(stored[i]["platform_id"]).startswith("msg-") for i in expected)
    assert (stored[closed]["status"], stored[closed]["error"]) == ("failed", "dm_closed")
    # a rate limit is the platform's doing, not the message's: it is not counted as an attempt
    assert [stored[i]["attempts"] for i in ids["U_rate"]] == [1, 1, 1]


async def test_a_permanent_failure_is_told_once_in_the_next_reply(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(clock, {"U_closed": ["dm_closed"]})
    (lost,) = await queue(service, store, "U_closed", ["lost"])
    dispatcher = Dispatcher(store, clock, {"fake": platform})
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=1))
    assert [i for _, _, i in platform.calls] == [lost]

    actor = Actor(WORKSPACE, "U_closed", "U_closed")
    first = await service.execute(actor, "list")
    notices = [r.message.text() for r in first.replies if r.message.kind is Kind.WARNING]
    assert len(notices) == 1
    assert "could not be delivered" in notices[0]
    assert "direct messages are closed to the bot" in notices[0]
    second = await service.execute(actor, "list")
    assert [r for r in second.replies if r.message.kind is Kind.WARNING] == []
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=5))
    assert [i for _, _, i in platform.calls].count(lost) == 1  # never retried


async def test_temporary_failures_back_off_exponentially_then_give_up_and_say_why(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(clock, {"U1": ["500"] * 10})
    (row_id,) = await queue(service, store, "U1", ["x"])
    dispatcher = Dispatcher(store, clock, {"fake": platform}, max_attempts=5, rng=random.Random(1))
    await run_until_quiet(dispatcher, clock, horizon=timedelta(hours=1))

    times = [t for t, _, i in platform.calls if i == row_id]
    assert len(times) == 5
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    for attempt, gap in enumerate(gaps, start=1):
        nominal = 2.0 * 2 ** (attempt - 1)
        assert 0.5 * nominal <= gap <= 1.5 * nominal + 1  # jittered, rounded up to the second
    assert len(set(gaps)) > 1
    stored = (await rows(store))[row_id]
    assert (stored["status"], stored["error"]) == ("failed", "gave_up")
    reply = await service.execute(Actor(WORKSPACE, "U1", "U1"), "list")
    assert any("kept failing" in r.message.text() for r in reply.replies)


async def test_a_row_left_mid_send_by_a_crash_is_sent_again_after_its_lease(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    (row_id,) = await queue(service, store, "U1", ["x"])
    crashed = await store.claim_outbox(clock.now(), 10, 30, workspaces=["fake"])  # and then it died
    assert [r.id for r in crashed] == [row_id]
    platform = FakePlatform(clock)
    dispatcher = Dispatcher(store, clock, {"fake": platform}, lease_seconds=30)

    await dispatcher.drain()
    assert platform.calls == []  # the lease still runs
    assert await dispatcher.next_due() == clock.now() + timedelta(seconds=30)
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=1))
    assert [(t - crashed[0].created_at, i) for t, _, i in platform.accepted] == [
        (timedelta(seconds=30), row_id)
    ]
    assert (await rows(store))[row_id]["attempts"] == 2


async def test_pacing_keeps_a_gap_per_address_and_a_rate_overall(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    await queue(service, store, "busy", [f"b{i}" for i in range(12)])
    for n in range(30):
        await queue(service, store, f"U{n}", ["once"])
    platform = FakePlatform(clock)
    pacing = Pacing(min_interval=1.0, rate=5.0, burst=5)
    dispatcher = Dispatcher(store, clock, {"fake": platform}, pacing={"fake": pacing})
    start = clock.now()

    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=5))

    assert len(platform.accepted) == 42
    busy = [t for t, a, _ in platform.accepted if a == "busy"]
    assert all((b - a).total_seconds() >= 1.0 for a, b in itertools.pairwise(busy))
    level, last = pacing.capacity, start
    for t, _, _ in platform.accepted:  # replay through an independent token bucket: never overdrawn
        level = min(pacing.capacity, level + (t - last).total_seconds() * pacing.rate) - 1
        last = t
        assert level >= -1e-9
    # and close to the ceiling: 42 messages at 5 a second after a burst of 5, the busy address at 1 a second
    assert (platform.accepted[-1][0] - start).total_seconds() <= 12


async def test_concurrent_sends_never_overlap_on_one_address(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    for text in ("a", "b"):
        for n in range(8):
            await queue(service, store, f"U{n}", [text])
    in_flight: list[str] = []
    most = 0
    overlaps: list[str] = []

    class SlowPlatform:
        """Every call takes a little while, as a real API does."""

        name = "fake"

        async def send(self, delivery: Delivery) -> str | None:
            nonlocal most
            if delivery.address in in_flight:
                overlaps.append(delivery.address)
            in_flight.append(delivery.address)
            most = max(most, len(in_flight))
            await asyncio.sleep(0.005)
            in_flight.remove(delivery.address)
            return None

    pacing = Pacing(min_interval=1.0, rate=None, concurrency=4)
    dispatcher = Dispatcher(store, clock, {"fake": SlowPlatform()}, pacing={"fake": pacing})
    assert await dispatcher.drain() == 8  # one per address now; each second one waits its gap
    assert most == 4
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=1))
    assert overlaps == []
    assert {r["status"] for r in (await rows(store)).values() if r["kind"] == "reminder"} == {"sent"}


async def test_stop_finishes_the_send_in_flight_and_hands_back_the_rest(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    ids = await queue(service, store, "U1", ["a", "b", "c"])
    platform = FakePlatform(clock)
    dispatcher = Dispatcher(store, clock, {"fake": platform})

    class StopsMidway:
        name = "fake"

        async def send(self, delivery: Delivery) -> str | None:
            dispatcher.stop()  # SIGTERM arrives while the first send is in flight
            return await platform.send(delivery)

    dispatcher = Dispatcher(store, clock, {"fake": StopsMidway()})
    assert await dispatcher.drain() == 1
    stored = await rows(store)
    assert [stored[i]["status"] for i in ids] == ["sent", "pending", "pending"]
    assert [stored[i]["attempts"] for i in ids] == [1, 0, 0]  # handed back, not counted as tried
    restarted = Dispatcher(store, clock, {"fake": platform})
    await run_until_quiet(restarted, clock, horizon=timedelta(minutes=1))
    assert sorted(i for _, _, i in platform.accepted) == ids


async def test_rows_of_an_outlet_that_is_not_running_wait_for_it(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    await queue(service, store, "U1", ["for fake"])
    async with store.transaction() as tx:
        await tx.enqueue_to("slack:T1", "U9", reminder("for slack"), clock.now())
    platform = FakePlatform(clock)
    dispatcher = Dispatcher(store, clock, {"fake": platform})
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=1))
    assert len(platform.accepted) == 1
    assert await dispatcher.next_due() is None  # the Slack row neither blocks nor spins this runtime
    assert [r["status"] for r in (await rows(store)).values() if r["workspace"] == "slack:T1"] == ["pending"]


async def test_the_observer_sees_every_outcome(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(clock, {"U1": ["500", "429"], "U2": ["dm_closed"]})
    await queue(service, store, "U1", ["x"])
    await queue(service, store, "U2", ["y"])
    seen: list[tuple[str, Result]] = []

    def observe(row: OutboxRecord, result: Result, at: datetime) -> None:
        seen.append((row.address, result))

    dispatcher = Dispatcher(store, clock, {"fake": platform}, observer=observe, rng=random.Random(3))
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=5))
    assert sorted(seen) == sorted(
        [("U1", Result.RETRY), ("U1", Result.RATE_LIMITED), ("U1", Result.SENT), ("U2", Result.FAILED)]
    )


def test_rate_limit_answers_are_read_from_headers_and_bodies() -> None:
    now = datetime.fromisoformat("2026-11-20T09:00:00+00:00")
    header = RateLimited.from_response({"Retry-After": "7"}, None, now=now)
    assert (header.retry_after, header.whole_outlet) == (7.0, False)
    dated = RateLimited.from_response(
        {"retry-after": format_datetime(now + timedelta(seconds=90))}, "", now=now
    )
    assert dated.retry_after == 90.0
    body = RateLimited.from_response({"Retry-After": "1"}, b'{"retry_after": 2.5, "global": false}', now=now)
    assert (body.retry_after, body.whole_outlet) == (2.5, False)  # the longer of the two
    assert RateLimited.from_response({"X-RateLimit-Global": "true"}, {"retry_after": 3}, now=now).whole_outlet
    assert RateLimited.from_response({"X-RateLimit-Scope": "global"}, None, now=now).whole_outlet
    assert RateLimited.from_response({}, b"<html>busy</html>", now=now).retry_after == 1.0  # a sane default
    assert RateLimited.from_response({"Retry-After": "soon"}, None, now=now).retry_after == 1.0


async def test_delivered_rows_are_pruned_after_the_retention_and_nothing_undelivered_is(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(clock, {"U_closed": ["dm_closed"]})
    (sent,) = await queue(service, store, "U_ok", ["delivered"])
    (failed,) = await queue(service, store, "U_closed", ["lost"])
    dispatcher = Dispatcher(store, clock, {"fake": platform}, retention=timedelta(days=30))
    await run_until_quiet(dispatcher, clock, horizon=timedelta(minutes=1))
    early = {i for i, r in (await rows(store)).items() if r["status"] == "sent"}
    assert sent in early
    clock.advance(timedelta(days=31).total_seconds())
    (waiting,) = await queue(service, store, "U_ok", ["not yet sent"])
    assert await dispatcher.prune() == len(early)
    left = await rows(store)
    assert not early & left.keys()
    assert {failed, waiting} <= left.keys()  # a failure not yet told to its user, and a pending row, stay

    await service.execute(Actor(WORKSPACE, "U_closed", "U_closed"), "list")  # the failure is told now
    assert await dispatcher.prune() == 0  # at most once an hour
    clock.advance(timedelta(hours=1).total_seconds())
    await dispatcher.prune()  # told, and it failed more than the retention ago
    left = await rows(store)
    assert failed not in left
    assert waiting in left  # never delivered: never pruned


async def test_many_failures_are_told_in_a_reply_of_bounded_size(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    platform = FakePlatform(clock, {"U_closed": ["dm_closed"] * 7})
    lost = await queue(service, store, "U_closed", [f"lost {i}" for i in range(7)])
    await run_until_quiet(Dispatcher(store, clock, {"fake": platform}), clock, horizon=timedelta(minutes=1))
    assert sorted(i for _, _, i in platform.calls) == lost

    actor = Actor(WORKSPACE, "U_closed", "U_closed")
    first = await service.execute(actor, "list")
    notices = [r.message.text() for r in first.replies if r.message.kind is Kind.WARNING]
    assert notices[0] == i18n.t("en", "reply.delivery_failed_more", count=7 - FAILURES_TOLD)
    assert len(notices) == 1 + FAILURES_TOLD
    assert all("could not be delivered" in n for n in notices[1:])
    second = await service.execute(actor, "list")
    assert [r for r in second.replies if r.message.kind is Kind.WARNING] == []  # every one was told
