"""Spec section 2: every ladder row for every built-in profile, with exact due and delivery times.

Each ladder (the stage the client's silence starts in) runs for four users at once, one per profile:
waiting starts at a chosen moment, the planned steps are checked (due by the offsets, delivered in
active hours on business days; Asia/Tokyo with Japan's holidays), then the engine is walked through
them: nothing a minute early, exactly the steps due at each delivery time, with the right wording.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Message
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import TOKYO, history, jst, local, ok, pending, reminders
from tests.conftest import actor

# Waiting starts Fri 2026-11-20 18:00 (the gig is added as contracted). Mon 23 is Labour Thanksgiving Day.
CONTRACTED = {
    "nudge": ("2026-11-24 18:00", "2026-11-24 18:00"),
    "platform_nudge": ("2026-11-26 18:00", "2026-11-26 18:00"),
    "deadline_notice": ("2026-12-01 18:00", "2026-12-01 18:00"),
    "termination_request": ("2026-12-04 18:00", "2026-12-04 18:00"),
    "termination_followup": ("2026-12-11 18:00", "2026-12-11 18:00"),
}
# Funded, then `/gig sent` at Fri 2026-11-20 21:00: every step falls after 20:00 and waits for 09:00.
FUNDED_SENT = {
    "nudge": ("2026-11-24 21:00", "2026-11-25 09:00"),
    "platform_nudge": ("2026-11-26 21:00", "2026-11-27 09:00"),
    "deadline_notice": ("2026-12-01 21:00", "2026-12-02 09:00"),
    "termination_request": ("2026-12-04 21:00", "2026-12-07 09:00"),
    "termination_followup": ("2026-12-11 21:00", "2026-12-14 09:00"),
}
# Delivered on Sun 2026-12-13 15:00: business days start on Monday; 60 d lands on Foundation Day.
DELIVERED = {
    "acceptance_nudge": ("2026-12-17 00:00", "2026-12-17 09:00"),
    "support_inquiry": ("2026-12-20 15:00", "2026-12-21 09:00"),
    "auto_release_notice": ("2026-12-27 15:00", "2026-12-28 09:00"),
    "payment_deadline": ("2027-02-11 15:00", "2027-02-12 09:00"),
}
# Added (negotiating) on Sat 2026-11-21 10:00: a calendar week later is a Saturday too.
NEGOTIATING = {"withdraw_suggestion": ("2026-11-28 10:00", "2026-11-30 09:00")}

CONTRACT_STEPS = {
    "crowdworks": [
        "nudge",
        "platform_nudge",
        "deadline_notice",
        "termination_request",
        "termination_followup",
    ],
    "lancers": ["nudge", "platform_nudge", "deadline_notice", "termination_request", "termination_followup"],
    "upwork": ["nudge", "deadline_notice", "termination_request"],
    "direct": ["nudge", "deadline_notice", "termination_request"],
}
DELIVERED_STEPS = {
    "crowdworks": ["acceptance_nudge", "support_inquiry", "payment_deadline"],
    "lancers": ["acceptance_nudge", "support_inquiry", "payment_deadline"],
    "upwork": ["acceptance_nudge", "auto_release_notice", "payment_deadline"],
    "direct": ["acceptance_nudge", "payment_deadline"],
}
# Lancers' contact-prompt request needs 7 calendar days of silence instead of 3 business days.
LANCERS_PLATFORM_NUDGE = {
    "contracted": ("2026-11-27 18:00", "2026-11-27 18:00"),
    "funded": ("2026-11-27 21:00", "2026-11-30 09:00"),
}

Expected = list[tuple[str, str, str]]


def expected(profile: str, scenario: str) -> Expected:
    if scenario == "negotiating":
        return [("withdraw_suggestion", *NEGOTIATING["withdraw_suggestion"])]
    if scenario == "delivered":
        return [(s, *DELIVERED[s]) for s in DELIVERED_STEPS[profile]]
    table = CONTRACTED if scenario == "contracted" else FUNDED_SENT
    rows = [(s, *table[s]) for s in CONTRACT_STEPS[profile]]
    if profile == "lancers":
        rows = [
            (s, *LANCERS_PLATFORM_NUDGE[scenario]) if s == "platform_nudge" else (s, n, d) for s, n, d in rows
        ]
    return rows


PROFILES = ("crowdworks", "lancers", "upwork", "direct")
# One user per profile, each with gig #1 on that platform (the profile comes from `platform:`).
USERS = {p: actor(f"{p}-user") for p in PROFILES}


async def start_waiting(service: Service, clock: VirtualClock, scenario: str) -> None:
    """Bring every user's gig #1 into the scenario's period of silence (the clock starts Fri 20 Nov 18:00)."""
    if scenario == "negotiating":
        clock.set(jst(2026, 11, 21, 10))
    stage = {"negotiating": "negotiating", "contracted": "contracted"}.get(scenario, "funded")
    for profile, user in USERS.items():
        await ok(service, user, f'/gig add "LP design" client:ACME platform:{profile} stage:{stage}')
    if scenario == "funded":
        clock.set(jst(2026, 11, 20, 21))
        for user in USERS.values():
            await ok(service, user, "/gig sent 1 asked about the wireframe")
    elif scenario == "delivered":
        clock.set(jst(2026, 12, 13, 15))
        for user in USERS.values():
            await ok(service, user, "/gig delivered 1")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


@pytest.mark.parametrize("scenario", ["negotiating", "contracted", "funded", "delivered"])
async def test_ladder_due_and_delivery_times(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore, scenario: str
) -> None:
    await start_waiting(service, clock, scenario)
    rows = {p: expected(p, scenario) for p in PROFILES}
    for profile, user in USERS.items():
        planned = await pending(store, user, 1)
        assert [(p.step, local(p.nominal), local(p.due)) for p in planned] == rows[profile], profile

    # Walk the engine from delivery time to delivery time: nothing a minute early, then exactly the
    # steps due at that minute, each once, to its owner, with its nominal due time in the evidence.
    by_time: dict[str, set[tuple[str, str]]] = {}
    nominal = {(p, step): n for p in PROFILES for step, n, _ in rows[p]}
    for profile in PROFILES:
        for step, _, deliver in rows[profile]:
            by_time.setdefault(deliver, set()).add((f"{profile}-user", step))
    texts: dict[tuple[str, str], Message] = {}
    for deliver in sorted(by_time):
        assert await engine.next_due() == at(deliver)
        seen = len(await reminders(store))
        clock.set(at(deliver) - timedelta(minutes=1))
        assert await engine.tick() == 0
        clock.set(at(deliver))
        assert await engine.tick() == len(by_time[deliver])
        new = (await reminders(store))[seen:]
        assert {(r.address, r.step) for r in new} == by_time[deliver], deliver
        assert {(r.gig, local(r.created_at)) for r in new} == {(1, deliver)}
        for r in new:
            profile = r.address.removesuffix("-user")
            assert [a.key for a in r.message.actions] == ["heard", "done", "snooze_1d", "snooze_3d", "open"]
            event = (await history(store, USERS[profile], 1))[-1]
            assert (event.kind, event.step, local(event.at)) == ("reminder", r.step, deliver)
            assert r.step is not None
            assert local(datetime.fromisoformat(event.data["due"])) == nominal[(profile, r.step)]
            texts[(profile, r.step)] = r.message

    assert await engine.next_due() is None
    for profile, user in USERS.items():
        assert await pending(store, user, 1) == []
        assert not [e for e in await history(store, user, 1) if e.kind == "skipped"]
        due = {step: n for step, n, _ in rows[profile]}
        check_texts(profile, due, {step: m for (p, step), m in texts.items() if p == profile})


def check_texts(profile: str, due: dict[str, str], texts: dict[str, Message]) -> None:
    """What spec section 2 says each step's message must say, in the default language (English)."""
    assert {m.lang for m in texts.values()} == {"en"}
    assert all(m.title and "#1" in m.title for m in texts.values())
    if "deadline_notice" in texts:
        # The reply deadline it names is the termination request's due time, in local time.
        draft = texts["deadline_notice"].draft or ""
        assert i18n.when("en", at(due["termination_request"]), "Asia/Tokyo") in draft
    if "termination_request" in texts:
        text = texts["termination_request"].text()
        if profile in ("crowdworks", "lancers"):
            assert "partial fee" in text
            # ... and when the platform ends the contract by itself if the request is ignored.
            assert i18n.when("en", at(due["termination_followup"]), "Asia/Tokyo") in text
        elif profile == "upwork":
            assert "submit the work" in text
            assert "forfeit" in text
        else:
            assert "invoice" in text
    if "platform_nudge" in texts:
        assert ("Lancers" if profile == "lancers" else "CrowdWorks") in texts["platform_nudge"].text()
    if "support_inquiry" in texts:
        assert "do not request early termination" in texts["support_inquiry"].text().lower()
    if "auto_release_notice" in texts:
        assert "14 days" in texts["auto_release_notice"].text()
    if "payment_deadline" in texts:
        text = texts["payment_deadline"].text()
        assert "60 days" in text
        assert "Freelance Act" in text
