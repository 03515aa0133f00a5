"""A reminder held in the outbox (its platform failed, or the bot was down) is rendered when it can finally
be sent; by then its reason may be gone: the client replied, the gig moved on, the gig closed. Such a
reminder is not sent as if nothing happened: it is withdrawn, and the gig's history says so. A reminder
whose reason still holds goes out as before."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.messages import Kind
from bot.outlets import Delivery, TransientError
from bot.ports import Reminder
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import body, ok, reminders
from tests.conftest import actor

ALICE = actor("aiko")
START = datetime.fromisoformat("2026-11-20T18:00:00+09:00")  # Friday
NUDGE_DUE = datetime.fromisoformat("2026-11-24T18:00:00+09:00")  # 1 bd later (Mon 23 is a holiday)
GIG = '/gig add "LP design" client:ACME stage:contracted amount:80000'
# Delivered to a direct client with no payment date agreed: the Act's last day is the delivery's, so the
# payment reminder is due the next working morning (Tue 24 Nov 09:00), before any ladder step.
OWED = '/gig add "LP design" client:ACME platform:direct stage:delivered amount:80000 pay_by:none'
PAYMENT_DUE = datetime.fromisoformat("2026-11-24T09:00:00+09:00")
WITHDRAWN = {"en": "not sent", "ja": "送信前"}


class Flaky:
    """A platform that refuses reminders while it is down, and accepts everything once it is back."""

    name = "test"

    def __init__(self) -> None:
        self.down = True
        self.sent: list[Delivery] = []

    async def send(self, delivery: Delivery) -> str:
        if self.down and delivery.message.kind is Kind.REMINDER:
            raise TransientError("http 503")
        self.sent.append(delivery)
        return f"m{len(self.sent)}"

    def reminders(self) -> list[Delivery]:
        return [d for d in self.sent if d.message.kind is Kind.REMINDER]


async def held_nudge(
    service: Service, engine: Engine, store: SqlStore, clock: VirtualClock, lang: str
) -> tuple[Flaky, Dispatcher]:
    """The nudge is due and queued, and its first attempt fails: it waits in the outbox for a retry."""
    return await held(service, engine, store, clock, lang, GIG, NUDGE_DUE, "nudge")


async def held(
    service: Service,
    engine: Engine,
    store: SqlStore,
    clock: VirtualClock,
    lang: str,
    add: str,
    due: datetime,
    step: str,
) -> tuple[Flaky, Dispatcher]:
    """The gig's `step` is due at `due` and queued, and its first attempt fails: it waits for a retry."""
    clock.set(START)
    await ok(service, ALICE, f"/gig settings lang:{lang}")
    await ok(service, ALICE, add)
    clock.set(due)
    assert await engine.tick() == 1
    outlet = Flaky()
    dispatcher = Dispatcher(store, clock, {"test": outlet})
    await dispatcher.drain()
    assert outlet.reminders() == []
    assert [r.step for r in await reminders(store)] == [step]
    return outlet, dispatcher


async def recover(outlet: Flaky, dispatcher: Dispatcher, clock: VirtualClock, at: datetime) -> None:
    """The platform is back; the dispatcher sends what waited once its retry is due."""
    outlet.down = False
    clock.set(at)
    await dispatcher.drain()


async def answered_while_held(
    service: Service, outlet: Flaky, dispatcher: Dispatcher, clock: VirtualClock, due: datetime, command: str
) -> list[str]:
    """Half an hour after `due`, with its reminder held, the user runs `command`; half an hour later the
    platform is back: the steps then sent."""
    clock.set(due + timedelta(minutes=30))
    await ok(service, ALICE, command)
    await recover(outlet, dispatcher, clock, due + timedelta(hours=1))
    return [d.message.step for d in outlet.reminders()]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    "commands",
    [
        ["/gig heard 1", "/gig sent 1"],  # the client replied, then the user wrote again: a new silence
        ["/gig heard 1"],  # the client replied: no silence at all
        ["/gig funded 1"],  # the escrow came: the deposit is the client's answer
        ["/gig delivered 1 since:2026-11-24T12:00"],  # a stage whose ladder has no nudge
        ["/gig terminate 1"],  # closed
    ],
    ids=["heard_then_sent", "heard", "funded", "delivered_backdated", "terminated"],
)
async def test_a_reminder_whose_reason_ended_while_it_waited_is_withdrawn(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    lang: str,
    commands: list[str],
) -> None:
    outlet, dispatcher = await held_nudge(service, engine, store, clock, lang)
    for i, command in enumerate(commands):
        clock.set(NUDGE_DUE + timedelta(minutes=30 + i))
        await ok(service, ALICE, command)
    await recover(outlet, dispatcher, clock, NUDGE_DUE + timedelta(hours=1))
    assert [d.message.step for d in outlet.reminders()] == []
    assert await dispatcher.next_due() is None  # nothing left to retry: withdrawn for good
    shown = body(await ok(service, ALICE, "/gig show 1"))
    withdrawn = [line for line in shown.splitlines() if WITHDRAWN[lang] in line]
    assert len(withdrawn) == 1, shown
    timeline = body(await ok(service, ALICE, "/gig timeline 1"))
    assert WITHDRAWN[lang] in timeline


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_after_a_reply_and_a_new_message_the_new_silence_is_reminded_in_its_time(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock, lang: str
) -> None:
    """The withdrawn nudge belonged to the old silence; the new one's nudge comes a business day on."""
    outlet, dispatcher = await held_nudge(service, engine, store, clock, lang)
    clock.set(NUDGE_DUE + timedelta(minutes=30))
    await ok(service, ALICE, "/gig heard 1")
    clock.set(NUDGE_DUE + timedelta(minutes=31))
    await ok(service, ALICE, "/gig sent 1")
    await recover(outlet, dispatcher, clock, NUDGE_DUE + timedelta(hours=1))
    assert outlet.reminders() == []
    clock.set(NUDGE_DUE + timedelta(days=1, minutes=31))
    assert await engine.tick() == 1
    await dispatcher.drain()
    (nudge,) = outlet.reminders()
    assert nudge.message.step == "nudge"


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    "commands",
    [[], ["/gig sent 1"], ['/gig log 1 2 "wireframes"']],
    ids=["nothing", "sent_again_while_waiting", "hours_logged"],
)
async def test_a_reminder_whose_reason_holds_is_sent_after_its_retry(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    lang: str,
    commands: list[str],
) -> None:
    """Writing again while waiting does not restart the client's silence (spec section 1): still due."""
    outlet, dispatcher = await held_nudge(service, engine, store, clock, lang)
    for command in commands:
        clock.set(NUDGE_DUE + timedelta(minutes=30))
        await ok(service, ALICE, command)
    await recover(outlet, dispatcher, clock, NUDGE_DUE + timedelta(hours=1))
    assert [d.message.step for d in outlet.reminders()] == ["nudge"]
    shown = body(await ok(service, ALICE, "/gig show 1"))
    assert WITHDRAWN[lang] not in shown


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("command", "sent"),
    [("/gig heard 1", ["payment_deadline"]), ("/gig paid 1", [])],
    ids=["heard", "paid"],
)
async def test_a_held_payment_reminder_outlives_a_reply_but_not_the_payment(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    lang: str,
    command: str,
    sent: list[str],
) -> None:
    """The payment track does not depend on the client's silence (spec section 1): a reply leaves its
    reminder due; the fee arriving ends it."""
    outlet, dispatcher = await held(
        service, engine, store, clock, lang, OWED, PAYMENT_DUE, "payment_deadline"
    )
    assert await answered_while_held(service, outlet, dispatcher, clock, PAYMENT_DUE, command) == sent
    shown = body(await ok(service, ALICE, "/gig show 1"))
    assert (WITHDRAWN[lang] in shown) == (not sent)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("command", "sent"),
    [("/gig heard 1", ["respond_deadline"]), ("/gig incoming 1 cancellation answered", [])],
    ids=["heard", "answered"],
)
async def test_a_held_request_reminder_ends_with_its_answer(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    lang: str,
    command: str,
    sent: list[str],
) -> None:
    """Coconala's buyer asked to cancel: the reminder to answer by the deadline is moot once answered."""
    purchased = '/gig add "LP design" client:ACME platform:coconala stage:funded amount:80000'
    clock.set(START)
    await ok(service, ALICE, f"/gig settings lang:{lang}")
    await ok(service, ALICE, purchased)
    clock.set(NUDGE_DUE.replace(hour=10))
    await ok(service, ALICE, "/gig incoming 1 cancellation")
    due = NUDGE_DUE.replace(hour=19, minute=59)  # the evening before the deadline, inside active hours
    clock.set(due)
    assert await engine.tick() == 1
    outlet = Flaky()
    dispatcher = Dispatcher(store, clock, {"test": outlet})
    await dispatcher.drain()
    assert [r.step for r in await reminders(store)] == ["respond_deadline"]
    assert await answered_while_held(service, outlet, dispatcher, clock, due, command) == sent
    shown = body(await ok(service, ALICE, "/gig show 1"))
    assert (WITHDRAWN[lang] in shown) == (not sent)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("command", "sent"),
    [("/gig heard 1", ["payment_deadline"]), ("/gig paid 1", [])],
    ids=["heard", "paid"],
)
async def test_a_held_catch_up_keeps_the_payment_day_it_carried_when_the_client_replies(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    lang: str,
    command: str,
    sent: list[str],
) -> None:
    """The bot was away past both the law's payment day and the acceptance nudge: one message, the
    nudge carrying the payment day. The client replies before it gets through: the nudge is moot, the
    fee still owed, so the payment day is sent on its own (and nothing once the fee is paid)."""
    back = datetime.fromisoformat("2026-11-27T10:00:00+09:00")
    outlet, dispatcher = await held(service, engine, store, clock, lang, OWED, back, "acceptance_nudge")
    (row,) = [r for r in await store.peek_outbox() if isinstance(r.message, Reminder)]
    assert row.message.note.joined == ("payment_deadline",)
    assert await answered_while_held(service, outlet, dispatcher, clock, back, command) == sent
    assert await dispatcher.next_due() is None
    shown = body(await ok(service, ALICE, "/gig show 1"))
    withdrawn = [line for line in shown.splitlines() if WITHDRAWN[lang] in line]
    assert len(withdrawn) == 1, shown
