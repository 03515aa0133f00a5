"""The weekly plan through commands and the engine on the virtual clock: off until asked for, due at the
start of the first working day of the week (a holiday Monday gives Tuesday), what falls due this week,
what is overdue and what is owed by whom; `weekly:off` stops it; a week with nothing sends nothing."""

from __future__ import annotations

from typing import Any

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import body, jst, ok, queued
from tests.conftest import actor, simulate_records

ALICE = actor("alice")


async def plan_time(store: SqlStore, name: str = "alice") -> Any:
    async with store.transaction() as tx:
        user = await tx.user("test", name)
    assert user is not None
    return user.plan_at


async def test_the_plan_comes_on_the_first_working_day_and_stops_when_turned_off(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    # Fri 20 Nov 2026 18:00 JST. The plan is off until asked for.
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted')
    await ok(service, ALICE, '/gig add "Logo" client:Kato stage:delivered amount:50000 funded:no')
    assert await plan_time(store) is None
    assert await engine.next_due() == jst(2026, 11, 24, 18)  # the first reminder, nothing earlier

    saved = body(await ok(service, ALICE, "/gig settings weekly:on"))
    assert "weekly plan on" in saved
    # Monday 23 November is Labour Thanksgiving Day: the week starts on Tuesday, at 09:00.
    assert await plan_time(store) == jst(2026, 11, 24, 9)
    assert await engine.next_due() == jst(2026, 11, 24, 9)

    clock.set(jst(2026, 11, 23, 9))
    assert await engine.tick() == 0
    clock.set(jst(2026, 11, 24, 9))
    assert await engine.tick() == 1
    [plan] = await queued(store, Kind.PLAN)
    assert (plan.address, plan.created_at) == ("alice", jst(2026, 11, 24, 9))
    text = plan.message.text()
    assert plan.message.title == "Your week from Tue 24 Nov"
    nudge = i18n.t("en", "stepname.nudge")
    platform_nudge = i18n.t("en", "stepname.platform_nudge")
    assert f"- Tue 24 Nov 2026 18:00: {nudge}, #1 LP design (ACME)" in text
    assert f"- Thu 26 Nov 2026 18:00: {platform_nudge}, #1 LP design (ACME)" in text
    assert i18n.t("en", "stepname.deadline_notice") not in text, "Tue 1 Dec is next week"
    # Delivered Fri 20 Nov: the Freelance Act's last day is the 60th counting that day, Mon 18 Jan.
    assert "Owed to you:\n- #2 Logo (Kato): ¥50,000, to be paid by Mon 18 Jan" in text
    assert "Overdue:" not in text
    assert text.endswith(i18n.t("en", "plan.footer"))
    # Sent, the next one is planned for next Monday; a step due the same morning is still its own reminder.
    assert await plan_time(store) == jst(2026, 11, 30, 9)

    await ok(service, ALICE, "/gig settings weekly:off")
    assert await plan_time(store) is None
    clock.set(jst(2026, 11, 30, 9))
    await engine.tick()
    assert len(await queued(store, Kind.PLAN)) == 1, "no plan once turned off"

    # Turned on again after this week's morning: the next one is next week's.
    clock.set(jst(2026, 11, 30, 10))
    await ok(service, ALICE, "/gig settings weekly:オン")
    assert await plan_time(store) == jst(2026, 12, 7, 9)


async def test_a_week_with_nothing_to_say_sends_nothing_and_a_late_plan_waits_for_next_week(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, "/gig settings weekly:on")
    clock.set(jst(2026, 11, 24, 9))
    assert await engine.tick() == 0
    assert await queued(store, Kind.PLAN) == []
    assert await plan_time(store) == jst(2026, 11, 30, 9)

    # The bot was down from Monday morning until Tuesday: that week's plan is not sent late.
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted')
    clock.set(jst(2026, 12, 1, 10))
    await engine.tick()
    assert await queued(store, Kind.PLAN) == []
    assert await plan_time(store) == jst(2026, 12, 7, 9)


async def test_the_plan_follows_the_users_week_and_zone(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, "/gig settings weekly:on")
    await ok(service, ALICE, "/gig settings tz:America/New_York holidays:US days:tue-sat hours:07-15")
    # From Fri 20 Nov 18:00 JST (04:00 in New York): next week's first working day is Tuesday 24, 07:00.
    assert await plan_time(store) == jst(2026, 11, 24, 21)


async def test_the_simulator_sends_the_plan_in_japanese_with_what_is_overdue() -> None:
    add = '/gig add "ロゴ制作" client:加藤 stage:delivered amount:80000 funded:no since:2026-09-01'
    records = await simulate_records(
        [
            {"at": "2026-11-20T18:00:00+09:00", "user": "aiko", "settings": {"lang": "ja"}},
            {"at": "2026-11-20T18:01:00+09:00", "user": "aiko", "text": "/gig settings weekly:on"},
            {"at": "2026-11-20T18:02:00+09:00", "user": "aiko", "text": add},
            {"at": "2026-11-27T12:00:00+09:00", "end": True},
        ]
    )
    plans = [r for r in records if r["kind"] == "plan"]
    assert [p["at"] for p in plans] == ["2026-11-24T09:00:00+09:00"]
    text = plans[0]["text"]
    assert text.startswith("11月24日（火）からの今週の予定")
    # Delivered 1 Sep: the last payment day was 30 Oct, and the whole fee is still owed.
    overdue = "期限を過ぎているもの：\n・#1 ロゴ制作（加藤様）：支払期日の2026年10月30日（金）を過ぎましたが"
    assert overdue in text
    assert "未入金の報酬：\n・#1 ロゴ制作（加藤様）：80,000円（支払期日 2026年10月30日（金））" in text
