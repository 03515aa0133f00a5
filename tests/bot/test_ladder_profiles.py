"""Spec section 2: every ladder row for every built-in profile, with exact due and delivery times.

Each ladder (the stage the client's silence starts in) runs for five users at once, one per profile:
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
# Funded, then `/gig sent` at Fri 2026-11-20 21:00: every step falls after 20:00 and waits for 09:00. A
# step another one names as the reply deadline is due exactly then, inside active hours (Mon 09:00).
FUNDED_SENT = {
    "nudge": ("2026-11-24 21:00", "2026-11-25 09:00"),
    "platform_nudge": ("2026-11-26 21:00", "2026-11-27 09:00"),
    "deadline_notice": ("2026-12-01 21:00", "2026-12-02 09:00"),
    "termination_request": ("2026-12-07 09:00", "2026-12-07 09:00"),
    "submit_work": ("2026-12-07 09:00", "2026-12-07 09:00"),
    "termination_followup": ("2026-12-14 09:00", "2026-12-14 09:00"),
}
# Lancers: the contact-prompt request after 7 calendar days; the check a day after the client's 7 days.
LANCERS_FUNDED = {
    "platform_nudge": ("2026-11-27 21:00", "2026-11-30 09:00"),
    "platform_followup": ("2026-12-08 09:00", "2026-12-08 09:00"),
}
# Coconala: a reply deadline after 4 business days, then the cancellation request it names.
COCONALA_FUNDED = {
    "deadline_notice": ("2026-11-27 21:00", "2026-11-30 09:00"),
    "cancellation_request": ("2026-12-03 09:00", "2026-12-03 09:00"),
}
# Delivered on Sun 2026-12-13 15:00: business days start on Monday. The Freelance Act's last payment day
# is Wed 10 Feb 2027 (the 60th day, counting the delivery day): reminded at 09:00 three business days
# before, and the day after at the delivery's time of day, which is Foundation Day, so Fri 09:00.
DELIVERED = {
    "acceptance_nudge": ("2026-12-17 00:00", "2026-12-17 09:00"),
    "support_inquiry": ("2026-12-20 15:00", "2026-12-21 09:00"),
    "platform_nudge": ("2026-12-20 15:00", "2026-12-21 09:00"),
    "platform_followup": ("2026-12-29 09:00", "2026-12-29 09:00"),
    "auto_release_notice": ("2026-12-27 15:00", "2026-12-28 09:00"),
    "auto_approval_notice": ("2026-12-16 16:00", "2026-12-16 16:00"),
    "payment_due_soon": ("2027-02-05 09:00", "2027-02-05 09:00"),
    "payment_deadline": ("2027-02-11 15:00", "2027-02-12 09:00"),
    # A direct client still not paying: five business days after the overdue reminder reached the user,
    # then the last date that follow-up gave, a week later.
    "payment_followup": ("2027-02-19 09:00", "2027-02-19 09:00"),
    "payment_demand": ("2027-02-26 09:00", "2027-02-26 09:00"),
}
# Added (negotiating) on Sat 2026-11-21 10:00: a calendar week later is a Saturday too.
NEGOTIATING = {"withdraw_suggestion": ("2026-11-28 10:00", "2026-11-30 09:00")}
# Coconala's talk room closes 120 days after the purchase (the gig was funded on Fri 20 Nov 18:00).
TALKROOM = ("talkroom_closing", "2027-03-10 18:00", "2027-03-10 18:00")

CONTRACT_STEPS = {
    "crowdworks": [
        "nudge",
        "platform_nudge",
        "deadline_notice",
        "termination_request",
        "termination_followup",
    ],
    "lancers": ["nudge", "deadline_notice", "termination_request"],  # no escrow yet: nothing to escalate
    "coconala": ["nudge"],  # the purchase is not paid yet
    "upwork": ["nudge", "deadline_notice", "termination_request"],  # no funded milestone, nothing at stake
    "direct": ["nudge", "deadline_notice", "termination_request"],
}
FUNDED_STEPS = {
    "crowdworks": [
        "nudge",
        "platform_nudge",
        "deadline_notice",
        "termination_request",
        "termination_followup",
    ],
    "lancers": ["nudge", "platform_nudge", "platform_followup"],
    "coconala": ["nudge", "deadline_notice", "cancellation_request"],
    "upwork": ["nudge", "deadline_notice", "submit_work"],
    "direct": ["nudge", "deadline_notice", "termination_request"],
}
DELIVERED_STEPS = {
    "crowdworks": ["acceptance_nudge", "support_inquiry"],
    "lancers": ["acceptance_nudge", "platform_nudge", "platform_followup"],
    "coconala": ["auto_approval_notice"],
    "upwork": ["acceptance_nudge"],
    "direct": ["acceptance_nudge"],
}
# The platform's clock from the submission, a track of its own (after the ladder and the payment track):
# a reply to the silence does not stop it.
RELEASE_STEPS = {"upwork": ["auto_release_notice"]}
PAYMENT_STEPS = ["payment_due_soon", "payment_deadline"]
DIRECT_FOLLOW_UP = {
    "direct": ["payment_followup", "payment_demand"]
}  # no platform to turn to: the law's route

Expected = list[tuple[str, str, str]]


def expected(profile: str, scenario: str) -> Expected:
    """The pending steps, track by track (the talk room's clock, the ladder, then the payment track)."""
    if scenario == "negotiating":
        return [("withdraw_suggestion", *NEGOTIATING["withdraw_suggestion"])]
    if scenario == "delivered":
        # A Coconala buyer paid at purchase: approval releases it, and nothing asks the buyer to pay. Upwork
        # releases a funded milestone 14 days after the submission, before the Act's day: the payment track
        # ends there (spec section 3: it ends at acceptance), so nothing asks the client to approve it later.
        settled = profile in ("coconala", "upwork")
        payment = () if settled else PAYMENT_STEPS + DIRECT_FOLLOW_UP.get(profile, [])
        steps = (*DELIVERED_STEPS[profile], *payment, *RELEASE_STEPS.get(profile, []))
        rows = [(s, *DELIVERED[s]) for s in steps]
    elif scenario == "contracted":
        return [(s, *CONTRACTED[s]) for s in CONTRACT_STEPS[profile]]
    else:
        table = {**FUNDED_SENT, **({"lancers": LANCERS_FUNDED, "coconala": COCONALA_FUNDED}.get(profile, {}))}
        rows = [(s, *table[s]) for s in FUNDED_STEPS[profile]]
    # The talk room warning is for work still to be delivered: after the formal delivery it would
    # tell the user to deliver what they already have.
    return [TALKROOM, *rows] if profile == "coconala" and scenario == "funded" else rows


PROFILES = ("crowdworks", "lancers", "coconala", "upwork", "direct")
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
            # The law's and the platforms' clocks (Coconala's talk room and approval, Upwork's release):
            # no reply moves them.
            ladder = r.step not in (
                *PAYMENT_STEPS,
                *DIRECT_FOLLOW_UP["direct"],
                "talkroom_closing",
                "auto_approval_notice",
                *RELEASE_STEPS["upwork"],
            )
            snoozes = ["snooze_tomorrow", "snooze_three_days", "snooze_next_week"]
            # The user's own payment follow-ups can be snoozed; a client's reply does not end them.
            follow_up = r.step in DIRECT_FOLLOW_UP["direct"]
            buttons = (
                ["heard", "done", *snoozes, "open"]
                if ladder
                else ["done", *snoozes, "open"]
                if follow_up
                else ["done", "open"]
            )
            assert [a.key for a in r.message.actions] == buttons
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
        check_texts(profile, scenario, due, {step: m for (p, step), m in texts.items() if p == profile})


def check_texts(profile: str, scenario: str, due: dict[str, str], texts: dict[str, Message]) -> None:
    """What spec section 2 says each step's message must say, in the default language (English)."""
    assert {m.lang for m in texts.values()} == {"en"}
    assert all(m.title and "#1" in m.title for m in texts.values())
    unfunded = scenario == "contracted"
    if "deadline_notice" in texts:
        # The reply deadline it names is the due time of the step that follows it, in local time.
        follows = next(s for s in ("termination_request", "submit_work", "cancellation_request") if s in due)
        draft = texts["deadline_notice"].draft or ""
        assert i18n.when("en", at(due[follows]), "Asia/Tokyo") in draft
    if profile == "direct" and unfunded and "deadline_notice" in texts:
        # Terms agreed, work not started: the deadline frees the reserved time, there is nothing to invoice.
        notice = texts["deadline_notice"].text()
        assert "not going ahead" in notice
        assert "invoice" not in notice
        assert "pause" not in notice
    if "termination_request" in texts:
        text = texts["termination_request"].text()
        if profile == "direct" and unfunded:  # terms agreed, work not started: nothing to invoice
            assert "not going ahead" in text
            assert "invoice" not in text
            assert "pause" not in text
            assert "escrow" not in text
        elif profile == "direct":
            assert "invoice" in text
            assert "escrow" not in text
        elif unfunded:
            assert "never funded" in text
            assert "refund" not in text
            assert "partial fee" not in text
        else:
            assert "partial fee" in text
            # ... and when the platform ends the contract by itself if the request is ignored.
            assert i18n.when("en", at(due["termination_followup"]), "Asia/Tokyo") in text
    if "submit_work" in texts:
        text = texts["submit_work"].text()
        assert "submit the work" in text
        assert "14 days" in text
    if "platform_nudge" in texts:
        text = texts["platform_nudge"].text()
        assert ("Lancers" if profile == "lancers" else "CrowdWorks") in text
        if profile == "lancers" and scenario == "funded":
            assert "completion report" in text  # file it before the client's 7 days lapse
    if "support_inquiry" in texts:
        assert "do not request early termination" in texts["support_inquiry"].text().lower()
    if "auto_release_notice" in texts:
        assert "14 days" in texts["auto_release_notice"].text()
    if "auto_approval_notice" in texts:
        assert "72 hours" in texts["auto_approval_notice"].text()
    for step in PAYMENT_STEPS:
        if step in texts:
            text = texts[step].text()
            assert "Freelance Act" in text
            assert "Wed 10 Feb 2027" in text  # the legal last payment day it names
            assert ("abroad" in text) == (profile == "upwork")
