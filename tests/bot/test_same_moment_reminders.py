"""Every reminder of one gig due at the same moment is one message (spec section 3: a catch-up is one
message), whose parts neither repeat nor contradict each other.

A Coconala order delivered formally, then a cancellation request on Friday 20 Nov 10:03; the bot first
ticks on Monday 23 Nov (a holiday), so the reminder to answer the request, its deadline gone by, waits for
Tuesday 09:00, the moment the 72-hour auto-approval notice falls due too. Each came as a message of its own,
both about the same unanswered request."""

from __future__ import annotations

import pytest

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import history, jst, ok, reminders
from tests.conftest import actor

ALICE = actor("alice")
UNANSWERED = {"en": "cancellation request is recorded", "ja": "リクエストへの回答が記録されていません"}
SUPPORT = {"en": "contact Coconala support with the timeline", "ja": "ココナラのサポートに問い合わせて"}


async def _coconala_cancellation(code: str, service: Service, engine: Engine, clock: VirtualClock) -> None:
    clock.set(jst(2026, 11, 16, 9))
    await ok(service, ALICE, f"/gig settings lang:{code} platform:coconala")
    await ok(service, ALICE, '/gig add "LP" client:ACME amount:5000000 stage:funded')
    clock.set(jst(2026, 11, 20, 10))
    await ok(service, ALICE, "/gig delivered 1")
    clock.set(jst(2026, 11, 20, 10, 3))
    await ok(service, ALICE, "/gig incoming 1 cancellation")
    clock.set(jst(2026, 11, 23, 9))  # the first tick since: a holiday, nothing goes out
    await engine.tick()
    clock.set(jst(2026, 11, 24, 9))
    await engine.tick()


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_coconala_request_reminder_and_auto_approval_notice_are_one_message(
    code: str, store: SqlStore
) -> None:
    clock = VirtualClock(jst(2026, 11, 16, 9))
    await _coconala_cancellation(code, Service(store, clock), Engine(store, clock), clock)
    [sent] = await reminders(store)
    assert sent.step == "auto_approval_notice"
    body = sent.message.body
    # said once: the unanswered request and how to tell approval from cancellation, then the route to
    # support for an order cancelled although delivered, each in its own words
    assert body.count(UNANSWERED[code]) == 1, body
    assert SUPPORT[code] in body, body
    assert "`/gig accepted 1`" in body, body
    assert "`/gig terminate 1 confirm`" in body, body
    steps = [e.step for e in await history(store, ALICE, 1) if e.kind == "reminder"]
    assert steps == ["auto_approval_notice"], steps
    [said] = [e for e in await history(store, ALICE, 1) if e.kind == "reminder"]
    assert said.data["joined"] == "respond_deadline", said.data
