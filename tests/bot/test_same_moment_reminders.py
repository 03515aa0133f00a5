"""Every reminder of one gig due at the same moment is one message (spec section 3: a catch-up is one
message), the most urgent first, whose parts neither repeat nor contradict each other.

A client request's deadline gone by when its reminder comes (the bot was away) is the most urgent thing
to say; a step of another track due the same minute adds only its own line to it (`carries` in
profiles.toml), and each track still records its step as delivered."""

from __future__ import annotations

import pytest

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import Sent, history, jst, ok, reminders
from tests.bot.service.stories import at, end, say, setting, to
from tests.bot.test_outdated_reminders import Flaky
from tests.conftest import actor, simulate_records

ALICE = actor("alice")
PASSED = {"en": "it has passed", "ja": "過ぎてしまいました"}
SUPPORT = {"en": "support with the timeline", "ja": "経緯の記録（`/gig timeline 1`）を添えて"}


async def _one_message(store: SqlStore, step: str, carried: str) -> str:
    """The one reminder queued, for `step` with `carried` said in it, as the timeline records it."""
    sent: list[Sent] = await reminders(store)
    assert [s.step for s in sent] == [step], [s.message.body for s in sent]
    said = [e for e in await history(store, ALICE, 1) if e.kind == "reminder"]
    assert [(e.step, e.data.get("joined")) for e in said] == [(step, carried)], said
    return sent[0].message.body


async def _coconala_after_the_holiday(
    code: str, service: Service, engine: Engine, clock: VirtualClock
) -> None:
    """Delivered formally on Friday 20 Nov 10:00, a cancellation request at 10:03; the bot's first tick
    since is on Monday 23 Nov (a holiday: nothing goes out), the next on Tuesday 09:00."""
    await ok(service, ALICE, f"/gig settings lang:{code} platform:coconala")
    await ok(service, ALICE, '/gig add "LP" client:ACME amount:50000 stage:funded')
    clock.set(jst(2026, 11, 20, 10))
    await ok(service, ALICE, "/gig delivered 1")
    clock.set(jst(2026, 11, 20, 10, 3))
    await ok(service, ALICE, "/gig incoming 1 cancellation")
    clock.set(jst(2026, 11, 23, 9))
    assert await engine.tick() == 0
    clock.set(jst(2026, 11, 24, 9))
    assert await engine.tick() == 1


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_coconala_passed_request_deadline_carries_the_auto_approval_notice(
    code: str, store: SqlStore
) -> None:
    """A Coconala order delivered formally, then a cancellation request on Friday 20 Nov 10:03; the bot
    first ticks on Monday 23 Nov (a holiday), so the request's reminder, its deadline gone by, waits for
    Tuesday 09:00, the moment the 72-hour auto-approval notice falls due. Each came as a message of its
    own, both about the same unanswered request."""
    clock = VirtualClock(jst(2026, 11, 16, 9))
    await _coconala_after_the_holiday(code, Service(store, clock), Engine(store, clock), clock)
    body = await _one_message(store, "respond_deadline", "auto_approval_notice")
    assert body.index(PASSED[code]) < body.index("`/gig accepted 1`"), body
    assert body.count(SUPPORT[code]) == 1, body
    assert "`/gig terminate 1 confirm`" in body, body
    # the notice's own wording of the unanswered request is not said again
    assert {"en": "no answer to", "ja": "回答が記録されていません"}[code] not in body, body


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_upwork_passed_dispute_deadline_carries_the_billing_check(code: str, store: SqlStore) -> None:
    """An Upwork hourly contract handed over on Monday 16 Nov, the client disputing hours on Monday 30
    Nov; the bot away from Wednesday until Friday 4 Dec: the dispute's passed deadline and the check of
    the last billing (17 days after the handover) are caught up together. The billing check's own advice
    to answer the dispute before its deadline would contradict the deadline already gone."""
    clock = VirtualClock(jst(2026, 11, 16, 9))
    service, engine = Service(store, clock), Engine(store, clock)
    await ok(service, ALICE, f"/gig settings lang:{code} platform:upwork")
    await ok(service, ALICE, '/gig add "API" client:Acme rate:40 stage:funded')
    clock.set(jst(2026, 11, 16, 10))
    await ok(service, ALICE, "/gig log 1 10")
    await ok(service, ALICE, "/gig delivered 1")
    clock.set(jst(2026, 11, 30, 10))
    await ok(service, ALICE, "/gig incoming 1 dispute")
    clock.set(jst(2026, 12, 4, 10))
    await engine.tick()
    body = await _one_message(store, "respond_deadline", "billing_check")
    assert body.index(PASSED[code]) < body.index("`/gig paid 1`"), body
    assert body.count(SUPPORT[code]) == 1, body
    assert "`/gig incoming 1 dispute`" not in body, body  # "answer it before its deadline"


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_on_time_the_open_request_carries_the_auto_approval_notice(code: str) -> None:
    """Simulated, on time: delivered formally on Monday 30 Nov 10:00, a cancellation request on Wednesday
    17:00, so its reminder (six hours before its deadline) and the 72-hour notice both come on Thursday
    11:00. One message asks to send the request back; the notice's line never says the order was already
    approved or cancelled while the request is still open."""
    records = await simulate_records(
        [
            setting("u", at(11, 30, 9), lang=code, platform="coconala"),
            say("u", "/gig add LP client:ACME amount:50000 stage:funded", at(11, 30, 9, 10)),
            say("u", "/gig delivered 1", at(11, 30, 10)),
            say("u", "/gig incoming 1 cancellation", at(12, 2, 17)),
            end(at(12, 5)),
        ]
    )
    said = [r for r in to(records, "u", "reminder") if r["at"] == at(12, 3, 11)]
    assert [r["step"] for r in said] == ["respond_deadline"], said
    text = str(said[0]["text"])
    assert "`/gig accepted 1`" in text, text
    assert "`/gig terminate 1 confirm`" not in text, text
    assert {"en": "has approved", "ja": "自動で承諾しています"}[code] not in text, text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_on_time_the_dispute_carries_the_billing_check(code: str) -> None:
    """Simulated, on time: an Upwork hourly contract handed over on Monday 16 Nov 10:00 is checked for its
    last billing 17 days on, Thursday 3 Dec 10:00, the moment the reminder of an hours dispute received on
    Tuesday comes (a business day before its deadline). One message: answer the dispute, and check the
    balance; the dispute is not said twice."""
    records = await simulate_records(
        [
            setting("u", at(11, 16, 9), lang=code, platform="upwork"),
            say("u", "/gig add API client:Acme rate:40 stage:funded", at(11, 16, 9, 10)),
            say("u", "/gig log 1 10", at(11, 16, 10)),
            say("u", "/gig delivered 1", at(11, 16, 10)),
            say("u", "/gig incoming 1 dispute", at(12, 1, 10)),
            end(at(12, 6)),
        ]
    )
    said = [r for r in to(records, "u", "reminder") if r["at"] == at(12, 3, 10)]
    assert [r["step"] for r in said] == ["respond_deadline"], said
    text = str(said[0]["text"])
    assert "`/gig paid 1`" in text, text
    assert text.count("`/gig incoming 1 ") == 1, text  # only "... answered", once


@pytest.mark.parametrize("code", ["en", "ja"])
@pytest.mark.parametrize(
    ("command", "sent"),
    [("/gig incoming 1 cancellation answered", ["auto_approval_notice"]), ("/gig accepted 1", [])],
    ids=["answered", "accepted"],
)
async def test_a_held_joined_message_keeps_the_step_it_carried_while_that_holds(
    code: str, command: str, sent: list[str], store: SqlStore
) -> None:
    """The joined Coconala message waits in the outbox (its platform failed) while the user records the
    request's answer: the request's part is moot, the auto-approval notice it carried is not, and goes
    alone; once the order is accepted, nothing is left to send."""
    clock = VirtualClock(jst(2026, 11, 16, 9))
    service, engine = Service(store, clock), Engine(store, clock)
    await _coconala_after_the_holiday(code, service, engine, clock)
    outlet = Flaky()
    dispatcher = Dispatcher(store, clock, {"test": outlet})
    await dispatcher.drain()
    assert outlet.reminders() == []
    clock.set(jst(2026, 11, 24, 9, 30))
    await ok(service, ALICE, command)
    outlet.down = False
    clock.set(jst(2026, 11, 24, 10))
    await dispatcher.drain()
    assert [d.message.step for d in outlet.reminders()] == sent
    assert await dispatcher.next_due() is None


def test_every_carried_step_has_a_line_of_its_own_in_both_languages() -> None:
    """A step named in `carries` is said as its `also.<step>` line: without one, joining it would drop
    what it says."""
    from bot.domain.advice import advice
    from bot.domain.tracks import profiles
    from bot.i18n import catalog as i18n

    carried = {c for p in profiles().values() for t in p.tracks for s in t.steps for c in s.carries}
    assert carried >= {"auto_approval_notice", "billing_check", "support_inquiry", "payment_deadline"}
    for step in carried:
        assert f"also.{step}" in advice().slots, step
        for code in ("en", "ja"):
            assert f"also.{step}.text" in i18n.catalog(code), (step, code)
