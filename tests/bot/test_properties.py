"""Property-based: random command sequences from several users, random clock jumps and ticks.

Whatever happens, nothing crashes, a refused command changes nothing, no step is delivered (or
skipped) twice in one period of silence, no tick delivers outside the owner's active hours or on a
non-working day, no closed gig gets a reminder, and after a tick nothing due is left behind.
Each example runs on a fresh SQLite database (a copy of one migrated template, for speed).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import VirtualClock, utc_from_epoch
from bot.commands.times import parse_duration
from bot.commands.values import mask_to_days
from bot.domain.calendar import WorkCalendar
from bot.domain.stages import Stage
from bot.domain.tracks import ladder_step_codes, profiles
from bot.engine import Engine
from bot.messages import Kind
from bot.service import Actor, Service
from storage import SqlStore, open_store
from storage.schema import metadata
from tests.bot.harness import dump, jst

ACTORS = (Actor("slack:T1", "U1", "ann"), Actor("slack:T1", "U2", "ben"), Actor("discord:G1", "U1", "ann"))
STAGES = [s.value for s in Stage]
PLATFORMS = ["crowdworks", "lancers", "upwork", "direct"]

who = st.integers(0, len(ACTORS) - 1)
gig = st.integers(1, 4)
add = st.tuples(
    who,
    st.sampled_from(STAGES),
    st.sampled_from(PLATFORMS),
    st.one_of(st.none(), st.integers(1, 24 * 80)),
).map(
    lambda t: (
        t[0],
        f'/gig add "Job" client:ACME stage:{t[1]} platform:{t[2]}' + (f" since:{t[3]}h" if t[3] else ""),
    )
)
on_gig = st.one_of(
    st.tuples(
        who, gig, st.sampled_from(["heard", "sent", "sent", "funded", "delivered", "accepted", "withdraw"])
    ).map(lambda t: (t[0], f"/gig {t[2]} {t[1]}")),
    st.tuples(who, gig, st.sampled_from(STAGES)).map(lambda t: (t[0], f"/gig move {t[1]} {t[2]}")),
    st.tuples(who, gig, st.sampled_from(["", " confirm"])).map(
        lambda t: (t[0], f"/gig terminate {t[1]}{t[2]}")
    ),
    st.tuples(who, gig, st.sampled_from(["90m", "12h", "1d", "3d", "2w"])).map(
        lambda t: (t[0], f"/gig snooze {t[1]} {t[2]}")
    ),
    st.tuples(who, gig).map(lambda t: (t[0], f"/gig log {t[1]} 2")),
)
settings_change = st.one_of(
    st.tuples(who, st.sampled_from(["00-24", "09-20", "10-18", "08-12", "13-22", "9:30-17:30"])).map(
        lambda t: (t[0], f"/gig settings hours:{t[1]}")
    ),
    st.tuples(who, st.sampled_from(["mon-fri", "mon-sat", "mon,wed,fri", "sat-sun", "tue-thu"])).map(
        lambda t: (t[0], f"/gig settings days:{t[1]}")
    ),
    st.tuples(
        who,
        st.sampled_from(["Asia/Tokyo", "America/New_York", "Europe/Berlin", "UTC"]),
        st.sampled_from(["JP", "US", "DE", "none"]),
    ).map(lambda t: (t[0], f"/gig settings tz:{t[1]} holidays:{t[2]}")),
    st.tuples(
        who, st.sampled_from(ladder_step_codes()), st.sampled_from(["1bd", "2bd", "5d", "12d", "default"])
    ).map(lambda t: (t[0], f"/gig settings {t[1]}:{t[2]}")),
)
# Clock moves, each followed by a tick: a few minutes to hours, a long gap (the bot was down), or
# straight to the next due time as the runtime wakes.
clock_move = st.one_of(
    st.integers(0, 60 * 30).map(lambda m: ("jump", m)),
    st.integers(60 * 30, 60 * 24 * 3).map(lambda m: ("jump", m)),
    st.integers(60 * 24 * 3, 60 * 24 * 20).map(lambda m: ("jump", m)),
    st.just(("next_due", 0)),
)
action = st.one_of(
    on_gig.map(lambda c: ("command", c)),
    clock_move.map(lambda j: ("clock", j)),
    clock_move.map(lambda j: ("clock", j)),
    add.map(lambda c: ("command", c)),
    settings_change.map(lambda c: ("command", c)),
)
script = st.tuples(st.lists(add, min_size=2, max_size=6), st.lists(action, min_size=8, max_size=30)).map(
    lambda t: [("command", c) for c in t[0]] + t[1]
)


@dataclass
class Model:
    """What the test knows independently of the bot: periods of silence per gig, and what was sent."""

    period: dict[int, int] = field(default_factory=dict)  # gig id -> current period of silence
    steps_seen: set[tuple[int, int, str]] = field(default_factory=set)  # (gig id, period, step)


@dataclass(frozen=True)
class Snapshot:
    """Every table (to prove a refused command changed nothing), and the rows the checks read."""

    tables: dict[str, list[tuple[Any, ...]]]

    def rows(self, table: str) -> list[dict[str, Any]]:
        names = list(metadata.tables[table].columns.keys())
        return [dict(zip(names, row, strict=True)) for row in self.tables[table]]

    @property
    def gigs(self) -> dict[int, dict[str, Any]]:
        return {g["id"]: g for g in self.rows("gigs")}

    @property
    def calendars(self) -> dict[int, WorkCalendar]:
        return {
            u["id"]: WorkCalendar(
                tz=u["tz"],
                working_days=mask_to_days(u["working_days"]),
                holiday_country=u["holiday_country"],
                active_start=u["active_start"],
                active_end=u["active_end"],
            )
            for u in self.rows("users")
        }

    def user_id(self, actor: Actor) -> int | None:
        found = (
            u["id"]
            for u in self.rows("users")
            if (u["workspace"], u["external_id"]) == (actor.workspace, actor.external_id)
        )
        return next(found, None)

    def gig(self, user_id: int | None, number: int) -> dict[str, Any] | None:
        return next((g for g in self.gigs.values() if (g["user_id"], g["number"]) == (user_id, number)), None)

    def events_after(self, other: Snapshot) -> list[dict[str, Any]]:
        seen = {row[0] for row in other.tables["events"]}
        return [e for e in self.rows("events") if e["id"] not in seen]


async def run_example(actions: list[tuple[str, Any]], template: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="gigwatch-prop-") as tmp:
        db = Path(tmp) / "prop.db"
        shutil.copy(template, db)
        store = await open_store(f"sqlite+aiosqlite:///{db}")
        try:
            await check_sequence(store, actions)
        finally:
            await store.engine.dispose()


async def check_sequence(store: SqlStore, actions: list[tuple[str, Any]]) -> None:
    clock = VirtualClock(jst(2026, 11, 20, 18))
    service, engine, model = Service(store, clock), Engine(store, clock), Model()
    state = Snapshot(await dump(store))
    for kind, detail in actions:
        before = state
        if kind == "command":
            index, text = detail
            outcome = await service.execute(ACTORS[index], text)
            state = Snapshot(await dump(store))
            refusals = [r for r in outcome.replies if r.message.kind is Kind.ERROR]
            refusals += [r for r in outcome.replies if r.message.step == "termination_after_delivery"]
            if refusals:
                assert [r.outbox_id for r in outcome.replies] == [None], text
                assert state.tables == before.tables, f"refused {text!r} changed something"
                continue
            track_periods(ACTORS[index], text, before, state, model)
            if text.startswith("/gig snooze"):
                check_snooze(ACTORS[index], text, before, state, now=clock.now())
        else:
            move, minutes = detail
            if move == "next_due":
                due = await engine.next_due()
                if due is None:
                    continue
                clock.set(due)
            else:
                clock.advance(minutes * 60)
            await engine.tick()
            state = Snapshot(await dump(store))
        check_deliveries(state, state.events_after(before), model, ticked=kind == "clock", now=clock.now())
        check_pending(state, now=clock.now(), ticked=kind == "clock")
        # Every reminder in the outbox is in the evidence timeline, and the other way round.
        assert sum(r["kind"] == "reminder" for r in state.rows("outbox")) == sum(
            e["kind"] == "reminder" for e in state.rows("events")
        )


# Ladder steps that count from a platform's clock (Upwork's release 14 days after submission): a snooze
# of the client's silence does not move them.
PLATFORM_CLOCK = {
    code for prof in profiles().values() for code in prof.step_codes() if prof.on_platform_clock(code)
}
# Ladder steps counted from another step's delivery (Lancers' check after the client's seven days): they
# follow that step to whenever it reaches the user, so they may move further than the snooze.
CHAINED = {
    s.code
    for prof in profiles().values()
    for t in prof.tracks
    for s in t.steps
    if s.at.base is not None and t.step(s.at.base) is not None
}
# The user's own follow-ups on a fixed clock (a direct client's firmer payment request after the law's day):
# a snooze may move them later, never earlier; the date they follow stays.
FOLLOW_UPS = {
    s.code for prof in profiles().values() for t in prof.tracks for s in t.steps if t.follow_up(s.code)
}
# Steps another step names as its deadline ("reply by 18:30"): due at a time a person writes, the next
# full or half hour, even once the step naming them has been delivered.
NAMED = {
    s.names.base
    for prof in profiles().values()
    for t in prof.tracks
    for s in t.steps
    if s.names is not None and s.names.base and not s.names.amount
}


def check_snooze(actor: Actor, text: str, before: Snapshot, after: Snapshot, *, now: datetime) -> None:
    """Snooze shifts every pending ladder step by one amount, so that the next falls due at now +
    DURATION (never earlier than it already was); a step another names as a deadline stays at the time
    named (rounded into active hours); the other tracks (the law's, a platform's) do not move, but for
    the user's own follow-ups on them, which may move later, never earlier."""
    _, _, number, duration = text.split()
    gig_row = after.gig(after.user_id(actor), int(number))
    assert gig_row is not None

    def rows(snap: Snapshot, moving: bool) -> list[dict[str, Any]]:
        mine = [s for s in snap.rows("pending_steps") if s["gig_id"] == gig_row["id"]]
        moves = [s for s in mine if s["track"] == "ladder" and s["step"] not in PLATFORM_CLOCK]
        stays = [s for s in mine if s not in moves and s["step"] not in FOLLOW_UPS]
        return sorted(moves if moving else stays, key=lambda s: s["ord"])

    def follow_ups(snap: Snapshot) -> dict[tuple[str, str], int]:
        mine = [s for s in snap.rows("pending_steps") if s["gig_id"] == gig_row["id"]]
        return {(s["track"], s["step"]): s["nominal_at"] for s in mine if s["step"] in FOLLOW_UPS}

    # A step of the other tracks whose time has come when the snooze arrives (no tick has run since, or
    # its delivery waits for active hours) is sent by the snooze's re-plan, as any step found due: it is
    # delivered, not moved, so only those still ahead are compared.
    ahead = int(now.timestamp())
    assert [(s["step"], s["nominal_at"]) for s in rows(before, False) if s["nominal_at"] > ahead] == [
        (s["step"], s["nominal_at"]) for s in rows(after, False) if s["nominal_at"] > ahead
    ]
    left = {(s["track"], s["step"]) for s in rows(after, False)}
    sent = {
        e["step"] for e in after.rows("events") if e["gig_id"] == gig_row["id"] and e["kind"] == "reminder"
    }
    gone = [s["step"] for s in rows(before, False) if (s["track"], s["step"]) not in left]
    assert all(step in sent for step in gone), gone  # a due step left the plan only by being sent
    later = follow_ups(after)
    assert all(key in later and later[key] >= at for key, at in follow_ups(before).items())
    old, new = rows(before, True), rows(after, True)
    wanted = now + parse_duration(duration)
    kept = {s["step"] for s in new}
    if any(s["step"] not in kept for s in old):
        wanted_ts = int(wanted.timestamp())
        clock = [s for s in rows(after, False) if s["track"] == "ladder"]  # a platform's clock in the ladder
        # a platform's clock from the latest submission, on a track of its own (Upwork's release, Coconala's
        # approval): it settles the gig, so ladder steps snoozed to or past it are moot (tracks.plan)
        settles = [s["nominal_at"] for s in rows(after, False) if s["track"] == "stage"]
        for dropped in (s for s in old if s["step"] not in kept):
            # snoozed to or past a later step on a platform's clock (a nudge after Upwork's release): moot
            shifted = dropped["nominal_at"] + max(0, wanted_ts - old[0]["nominal_at"])
            assert any(c["ord"] > dropped["ord"] and c["nominal_at"] <= shifted for c in clock) or any(
                at <= shifted for at in settles
            )
        old = [s for s in old if s["step"] in kept]
    assert [s["step"] for s in old] == [s["step"] for s in new]
    if not new:
        return
    named = {s["deadline_at"] for s in new if s["deadline_at"] is not None}
    for earlier, later in pairwise(new):
        if earlier["deadline_at"] is not None and later["nominal_at"] in named:
            assert later["nominal_at"] == earlier["deadline_at"]  # the draft and the ladder agree
    pairs = list(zip(old, new, strict=True))
    free = [(a, b) for a, b in pairs if b["nominal_at"] not in named and b["step"] not in CHAINED]
    assert len({b["nominal_at"] - a["nominal_at"] for a, b in free}) <= 1
    assert all(b["nominal_at"] >= a["nominal_at"] for a, b in pairs)  # never earlier
    first_old, first_new = utc_from_epoch(old[0]["nominal_at"]), utc_from_epoch(new[0]["nominal_at"])
    expected = max(wanted, first_old).replace(microsecond=0)
    if new[0]["step"] in NAMED:  # at a time a person writes, within the user's active hours
        assert first_new >= expected
        assert (first_new.minute % 30, first_new.second) == (0, 0)
    elif new[0]["step"] in CHAINED:  # follows its base step to the working day that base reaches the user
        assert first_new >= expected
    else:
        assert first_new == expected


def track_periods(actor: Actor, text: str, before: Snapshot, after: Snapshot, model: Model) -> None:
    """A new period of silence starts when a gig is added or moved, or `sent` starts waiting; `heard`
    ends one. Reminders and skips are counted per period: none may repeat a step within one."""
    user_id = after.user_id(actor)
    words = text.split()
    if words[1] == "add":
        number = max(g["number"] for g in after.gigs.values() if g["user_id"] == user_id)
        added = after.gig(user_id, number)
        assert added is not None
        model.period[added["id"]] = 0
        return
    if words[1] in ("settings", "log", "snooze"):
        return
    old, new = before.gig(user_id, int(words[2])), after.gig(user_id, int(words[2]))
    assert old is not None
    assert new is not None
    moved = words[1] in ("move", "funded", "delivered", "accepted", "withdraw", "terminate")
    started = words[1] == "sent" and old["waiting_since"] is None
    stopped = words[1] == "heard" and old["waiting_since"] is not None
    if moved or started or stopped:
        model.period[new["id"]] = model.period.get(new["id"], 0) + 1


def check_deliveries(
    snap: Snapshot, new_events: list[dict[str, Any]], model: Model, *, ticked: bool, now: datetime
) -> None:
    gigs_now, calendars = snap.gigs, snap.calendars
    for event in new_events:
        if event["kind"] not in ("reminder", "skipped"):
            continue
        gig_row = gigs_now[event["gig_id"]]
        assert gig_row["closed_at"] is None, "a reminder for a closed gig"
        if event["step"] in ladder_step_codes():  # the ladder runs only while waiting, once per silence
            key = (event["gig_id"], model.period.get(event["gig_id"], 0), event["step"])
            assert key not in model.steps_seen, f"{event['step']} delivered or skipped twice in one silence"
            model.steps_seen.add(key)
            assert gig_row["waiting_since"] is not None, "a reminder while not waiting"
        if ticked and event["kind"] == "reminder":
            at = utc_from_epoch(event["at"])
            assert at == now
            if not calendars[gig_row["user_id"]].in_active_hours(at):
                # Only a reminder that would otherwise come after the deadline it names.
                deadline = json.loads(event["data"]).get("deadline")
                assert deadline is not None, f"a tick delivered {event['step']} at {at}"
                assert at < datetime.fromisoformat(deadline)


def check_pending(snap: Snapshot, *, now: datetime, ticked: bool) -> None:
    gigs_now, calendars = snap.gigs, snap.calendars
    for step in snap.rows("pending_steps"):
        gig_row = gigs_now[step["gig_id"]]
        assert gig_row["closed_at"] is None
        if step["track"] == "ladder":
            assert gig_row["waiting_since"] is not None
        due = utc_from_epoch(step["due_at"])
        if not calendars[gig_row["user_id"]].in_active_hours(due):
            # Only a reminder that would otherwise come after the deadline it names is due on a day off.
            deadline = step["deadline_at"]
            assert deadline is not None, "a step planned outside active hours"
            assert step["due_at"] < deadline
        assert due >= utc_from_epoch(step["nominal_at"]), "a step planned before its due time"
        if ticked:
            assert due > now, "a due step left behind by a tick"


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """One migrated database, copied for every example: migrations run once, not sixty times."""
    with tempfile.TemporaryDirectory(prefix="gigwatch-template-") as tmp:
        path = Path(tmp) / "template.db"

        async def migrate() -> None:
            store = await open_store(f"sqlite+aiosqlite:///{path}")
            await store.engine.dispose()

        asyncio.run(migrate())
        yield path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=script)
def test_random_sequences_keep_the_invariants(template: Path, actions: list[tuple[str, Any]]) -> None:
    asyncio.run(run_example(actions, template))
