"""Spec section 3 through the service, the engine and the simulator: business days over weekends and
holidays (Japan and the US), delivery inside active hours (calendar-day steps too), settings that
change those rules, and DST. The pure calendar is covered in tests/bot/domain/test_calendar.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import NEW_YORK, Pending, gig_row, jst, local, nyc, ok, pending, reminders
from tests.conftest import actor, simulate_records

ALICE = actor("alice")


async def walk(engine: Engine, clock: VirtualClock, store: SqlStore, deliver_at: datetime, step: str) -> None:
    """The engine delivers `step` exactly at `deliver_at`: not a minute before, once at that minute."""
    before = len(await reminders(store))
    assert await engine.next_due() == deliver_at
    clock.set(deliver_at - timedelta(minutes=1))
    assert await engine.tick() == 0
    clock.set(deliver_at)
    assert await engine.tick() == 1
    new = (await reminders(store))[before:]
    assert [(r.step, r.created_at) for r in new] == [(step, deliver_at)]


@pytest.mark.parametrize(
    ("start", "nominal", "deliver"),
    [
        # Fri 10:00 + 1 bd = Mon 10:00
        (jst(2026, 11, 27, 10), jst(2026, 11, 30, 10), jst(2026, 11, 30, 10)),
        # Sat 15:00 + 1 bd = Tue 00:00, which is delivered at Tue 09:00
        (jst(2026, 11, 28, 15), jst(2026, 12, 1, 0), jst(2026, 12, 1, 9)),
        # Fri 2026-11-20 18:00 + 1 bd = Tue 2026-11-24 18:00 (Mon 23 is Labour Thanksgiving Day)
        (jst(2026, 11, 20, 18), jst(2026, 11, 24, 18), jst(2026, 11, 24, 18)),
    ],
    ids=["fri-to-mon", "sat-to-tue-0900", "over-labour-thanksgiving"],
)
async def test_spec_business_day_examples(
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    store: SqlStore,
    start: datetime,
    nominal: datetime,
    deliver: datetime,
) -> None:
    clock.set(start)
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    nudge = (await pending(store, ALICE, 1))[0]
    assert (nudge.step, nudge.nominal, nudge.due) == ("nudge", nominal, deliver)
    clock.set(nominal)  # the nominal due time itself: delivered only if it is inside active hours
    assert await engine.tick() == (1 if nominal == deliver else 0)
    if nominal != deliver:
        await walk(engine, clock, store, deliver, "nudge")


async def test_calendar_day_steps_wait_for_active_hours(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """7 d after Tue 22:30 is Tue 22:30: after hours, so Wed 09:00."""
    clock.set(jst(2026, 11, 24, 22, 30))
    await ok(service, ALICE, '/gig add "Logo" client:ACME')
    await walk(engine, clock, store, jst(2026, 12, 2, 9), "withdraw_suggestion")


async def test_calendar_day_steps_skip_holidays(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Delivered Mon 2027-01-04 11:00: support inquiry 7 d later is Coming of Age Day, so Tue 09:00."""
    clock.set(jst(2027, 1, 4, 11))
    await ok(service, ALICE, '/gig add "Banner" client:ACME stage:delivered')
    steps = await pending(store, ALICE, 1)
    assert [(s.step, local(s.nominal), local(s.due)) for s in steps][:2] == [
        ("acceptance_nudge", "2027-01-07 11:00", "2027-01-07 11:00"),
        ("support_inquiry", "2027-01-11 11:00", "2027-01-12 09:00"),
    ]
    await walk(engine, clock, store, jst(2027, 1, 7, 11), "acceptance_nudge")
    await walk(engine, clock, store, jst(2027, 1, 12, 9), "support_inquiry")


async def test_us_time_zone_and_holidays(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """New York hours and US holidays: Japan's Labour Thanksgiving Day counts, US Thanksgiving does not."""
    await ok(service, ALICE, "/gig settings tz:America/New_York holidays:US")

    def ny(steps: list[Pending]) -> list[tuple[str, str, str]]:
        return [(s.step, local(s.nominal, NEW_YORK), local(s.due, NEW_YORK)) for s in steps]

    clock.set(nyc(2026, 11, 20, 10))
    await ok(service, ALICE, '/gig add "API" client:ACME stage:contracted')
    assert ny(await pending(store, ALICE, 1))[:3] == [
        ("nudge", "2026-11-23 10:00", "2026-11-23 10:00"),
        ("platform_nudge", "2026-11-25 10:00", "2026-11-25 10:00"),
        ("deadline_notice", "2026-12-01 10:00", "2026-12-01 10:00"),  # Thu 26 is Thanksgiving
    ]
    await walk(engine, clock, store, nyc(2026, 11, 23, 10), "nudge")
    await walk(engine, clock, store, nyc(2026, 11, 25, 10), "platform_nudge")

    await ok(service, ALICE, '/gig add "App" client:Initech stage:contracted')
    assert ny(await pending(store, ALICE, 2))[:2] == [
        ("nudge", "2026-11-27 10:00", "2026-11-27 10:00"),
        ("platform_nudge", "2026-12-01 10:00", "2026-12-01 10:00"),
    ]
    clock.set(nyc(2026, 11, 25, 22))
    await ok(service, ALICE, '/gig add "Site" client:Globex stage:funded')
    await ok(service, ALICE, "/gig sent 3")
    assert ny(await pending(store, ALICE, 3))[0] == ("nudge", "2026-11-27 22:00", "2026-11-30 09:00")

    await walk(engine, clock, store, nyc(2026, 11, 27, 10), "nudge")
    await walk(engine, clock, store, nyc(2026, 11, 30, 9), "nudge")
    assert [(r.gig, r.step) for r in await reminders(store)] == [
        (1, "nudge"),
        (1, "platform_nudge"),
        (2, "nudge"),
        (3, "nudge"),
    ]


async def test_dst_business_and_calendar_days(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """US clocks spring forward on Sun 2027-03-14: steps keep their wall-clock time, not their UTC time."""
    await ok(service, ALICE, "/gig settings tz:America/New_York holidays:US")
    clock.set(nyc(2027, 3, 10, 11))
    await ok(service, ALICE, '/gig add "Logo" client:ACME')
    clock.set(nyc(2027, 3, 12, 10))
    await ok(service, ALICE, '/gig add "LP" client:Initech stage:contracted')
    assert nyc(2027, 3, 12, 10).astimezone(UTC).hour == 15  # EST, UTC-5

    withdraw = (await pending(store, ALICE, 1))[0]
    nudge = (await pending(store, ALICE, 2))[0]
    assert withdraw.nominal == nyc(2027, 3, 17, 11) == datetime(2027, 3, 17, 15, tzinfo=UTC)
    assert nudge.nominal == nyc(2027, 3, 15, 10) == datetime(2027, 3, 15, 14, tzinfo=UTC)
    await walk(engine, clock, store, nyc(2027, 3, 15, 10), "nudge")
    await walk(engine, clock, store, nyc(2027, 3, 17, 10), "platform_nudge")  # 3 bd: Fri, Mon, Tue
    await walk(engine, clock, store, nyc(2027, 3, 17, 11), "withdraw_suggestion")


async def test_dst_berlin_active_hours(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Europe/Berlin springs forward on Sun 2027-03-28; a step due Sat 21:00 CET waits past Easter Monday
    for Tue 09:00 CEST."""
    await ok(service, ALICE, "/gig settings tz:Europe/Berlin holidays:DE")
    berlin = ZoneInfo("Europe/Berlin")
    clock.set(datetime(2027, 3, 20, 21, tzinfo=berlin))
    await ok(service, ALICE, '/gig add "Logo" client:ACME')
    await walk(engine, clock, store, datetime(2027, 3, 30, 9, tzinfo=berlin), "withdraw_suggestion")
    assert datetime(2027, 3, 30, 9, tzinfo=berlin).astimezone(UTC).hour == 7  # CEST, UTC+2


@pytest.mark.parametrize(
    ("settings", "start", "deliver"),
    [
        # all day: Sat 15:00 + 1 bd = Tue 00:00 is delivered at 00:00
        ("hours:00-24", jst(2026, 11, 28, 15), jst(2026, 12, 1, 0)),
        # 10:00 to 18:00: Tue 00:00 becomes Tue 10:00
        ("hours:10-18", jst(2026, 11, 28, 15), jst(2026, 12, 1, 10)),
        # Saturday is a working day: Fri 10:00 + 1 bd = Sat 10:00
        ("days:mon-sat", jst(2026, 11, 27, 10), jst(2026, 11, 28, 10)),
        # no holidays: Labour Thanksgiving Day is an ordinary Monday
        ("holidays:none", jst(2026, 11, 20, 18), jst(2026, 11, 23, 18)),
        # Monday, Wednesday and Friday only: Mon 10:00 + 1 bd = Wed 10:00
        ("days:mon,wed,fri", jst(2026, 11, 30, 10), jst(2026, 12, 2, 10)),
    ],
)
async def test_settings_shape_the_rules(
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    store: SqlStore,
    settings: str,
    start: datetime,
    deliver: datetime,
) -> None:
    await ok(service, ALICE, f"/gig settings {settings}")
    clock.set(start)
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    await walk(engine, clock, store, deliver, "nudge")


async def test_simulator_defers_to_active_hours() -> None:
    """The same rule through the simulator: Sat 15:00 + 1 bd = Tue 00:00, sent at Tue 09:00."""
    records = await simulate_records(
        [
            {
                "at": "2026-11-28T15:00:00+09:00",
                "user": "alice",
                "text": '/gig add "LP" client:ACME stage:contracted',
            },
            {"at": "2026-12-02T12:00:00+09:00", "end": True},
        ]
    )
    assert [(r["at"], r["kind"], r["step"]) for r in records] == [
        ("2026-11-28T15:00:00+09:00", "reply", None),
        ("2026-11-28T15:00:00+09:00", "reply", None),
        ("2026-12-01T09:00:00+09:00", "reminder", "nudge"),
    ]


async def test_since_is_read_in_the_users_time_zone(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """`since:` without an offset is the user's local time; with one, it is that instant."""
    await ok(service, ALICE, "/gig settings tz:America/New_York holidays:US")
    clock.set(nyc(2026, 11, 24, 12))
    outcome = await ok(service, ALICE, '/gig add "API" client:ACME stage:contracted since:2026-11-23T10:00')
    assert outcome.reminders == 1  # Mon 10:00 + 1 bd = Tue 10:00, two hours ago: caught up at once
    assert (await gig_row(store, ALICE, 1))["waiting_since"] == int(nyc(2026, 11, 23, 10).timestamp())
    platform = (await pending(store, ALICE, 1))[0]
    # Mon 10:00 + 3 bd is Fri 10:00 (Thu 26 is Thanksgiving); the nudge went out two hours late, so what
    # follows is planned from then: Fri 12:00.
    assert (platform.step, platform.nominal) == ("platform_nudge", nyc(2026, 11, 27, 12))
    await ok(service, ALICE, '/gig add "Site" client:ACME stage:contracted since:2026-11-24T09:00+09:00')
    assert (await gig_row(store, ALICE, 2))["waiting_since"] == int(jst(2026, 11, 24, 9).timestamp())
    assert (await pending(store, ALICE, 2))[0].nominal == nyc(2026, 11, 24, 19)  # Mon 19:00 EST + 1 bd
    await ok(service, ALICE, '/gig add "Logo" client:ACME since:2026-11-20')
    assert (await gig_row(store, ALICE, 3))["waiting_since"] == int(nyc(2026, 11, 20).timestamp())
    assert [(r.gig, r.step) for r in await reminders(store)] == [(1, "nudge")]
