"""Upwork's automatic release against a payment reminder rendered late: the Act's payment reminder of Fri
11 Dec comes before the milestone's release on Fri 18 Dec, so it names that day and sends the user to
support only if the release does not come (`release_ahead`, tests/bot/service/test_trust_upwork_release.py).
Held in the outbox (its platform failed) and rendered when it can finally be sent, it reads as of when it
came due: still open, it names the release day as before; once the gig closed (approved, or paid), it is
withdrawn rather than rendered without the release, which no longer runs on a closed gig."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import ok, reminders
from tests.bot.test_outdated_reminders import ALICE, Flaky, recover

RELEASE = {"en": "Fri 18 Dec 2026", "ja": "2026年12月18日（金）"}


def _at(day: int, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"2026-12-{day:02d}T{hour:02d}:00:00+09:00")


DUE = _at(11)  # the Act's payment reminder: the day after the submission day (pay_by:none), a week on


async def _held(
    service: Service, engine: Engine, store: SqlStore, clock: VirtualClock, lang: str
) -> tuple[Flaky, Dispatcher]:
    """A $500 milestone funded on 2 Dec, submitted on Fri 4 Dec with no payment date agreed; the client
    answered on 7 Dec. The payment reminder falls due on 11 Dec, and its first attempt fails."""
    for day, command in (
        (1, f"/gig settings lang:{lang}"),
        (1, '/gig add "LP" client:Acme platform:upwork amount:500 stage:contracted'),
        (2, "/gig funded 1"),
        (4, "/gig delivered 1"),
        (4, "/gig terms 1 pay_by:none"),
        (7, "/gig heard 1"),
    ):
        clock.set(_at(day))
        await ok(service, ALICE, command)
    outlet = Flaky()
    dispatcher = Dispatcher(store, clock, {"test": outlet})
    outlet.down = False
    await dispatcher.drain()  # the replies so far
    outlet.down = True
    clock.set(DUE)
    assert await engine.tick() == 1
    await dispatcher.drain()
    assert outlet.reminders() == []
    assert [r.step for r in await reminders(store)] == ["payment_deadline"]
    return outlet, dispatcher


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_held_payment_reminder_still_names_the_release_day_when_sent_later(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock, lang: str
) -> None:
    outlet, dispatcher = await _held(service, engine, store, clock, lang)
    clock.set(DUE + timedelta(minutes=30))
    await ok(service, ALICE, "/gig sent 1")
    await recover(outlet, dispatcher, clock, DUE + timedelta(hours=1))
    (payment,) = outlet.reminders()
    assert payment.message.step == "payment_deadline"
    assert RELEASE[lang] in payment.message.body, payment.message.body


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("command", ["/gig accepted 1", "/gig paid 1"])
async def test_a_held_payment_reminder_is_withdrawn_once_the_gig_closed(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock, lang: str, command: str
) -> None:
    outlet, dispatcher = await _held(service, engine, store, clock, lang)
    clock.set(DUE + timedelta(minutes=30))
    await ok(service, ALICE, command)
    await recover(outlet, dispatcher, clock, DUE + timedelta(hours=1))
    assert outlet.reminders() == []
    assert await dispatcher.next_due() is None
