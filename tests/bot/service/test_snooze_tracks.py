"""`/gig snooze` moves each movable track by its own least shift: the ladder waiting on the client, and
the user's own payment follow-ups (a direct client's firmer request after the law's day). A follow-up
weeks ahead does not follow a ladder step that is overdue now, and the law's dates never move."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import jst, ok, pending
from tests.conftest import actor

ANN = actor("ann")
PAYMENT = ("payment_due_soon", "payment_deadline", "payment_followup", "payment_demand")


async def test_a_short_snooze_of_the_ladder_leaves_far_payment_follow_ups_alone(
    store: SqlStore, clock: VirtualClock
) -> None:
    clock.set(jst(2026, 11, 20, 18))
    service, engine = Service(store, clock), Engine(store, clock)
    await ok(service, ANN, '/gig add "Job" client:ACME stage:delivered platform:direct')
    clock.advance(10200 * 60)  # Fri 27 Nov 20:00: the acceptance nudge (Thu 26 Nov) waits for Monday
    await engine.tick()
    before = {p.step: p.nominal for p in await pending(store, ANN, 1)}
    assert set(PAYMENT) <= set(before)

    await ok(service, ANN, "/gig snooze 1 90m")
    after = {p.step: p.nominal for p in await pending(store, ANN, 1)}
    # The payment track (its follow-ups in January included) is where it was.
    assert {s: after[s] for s in PAYMENT} == {s: before[s] for s in PAYMENT}
    # The ladder's next step moved to the end of the snooze.
    assert after["acceptance_nudge"] == clock.now() + timedelta(minutes=90)


async def test_a_snooze_moves_a_payment_follow_up_due_before_its_end(
    store: SqlStore, clock: VirtualClock
) -> None:
    clock.set(jst(2026, 11, 2, 10))
    service, engine = Service(store, clock), Engine(store, clock)
    await ok(service, ANN, '/gig add "LP" client:Acme platform:direct stage:delivered pay_by:11/30')
    clock.set(jst(2026, 12, 2, 12))
    await engine.tick()
    before = {p.step: p.nominal for p in await pending(store, ANN, 1)}
    assert "payment_deadline" not in before  # the overdue reminder was delivered on Tue 1 Dec
    assert before["payment_followup"] < jst(2026, 12, 16, 10)

    await ok(service, ANN, "/gig snooze 1 2w")
    after = {p.step: p.nominal for p in await pending(store, ANN, 1)}
    target = jst(2026, 12, 16, 12)
    assert target <= after["payment_followup"] < target + timedelta(days=1)
    assert after["payment_demand"] > after["payment_followup"]
