"""Reminder DMs and their buttons: each press runs its command as the presser and the message
then shows what was done; a press by anyone but the recipient acts on nothing of theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.ports import EventRecord, GigRecord
from storage.schema import outbox
from tests.adapters.slack.conftest import OWNER, Slack, shown

TOKYO = ZoneInfo("Asia/Tokyo")
ADD = 'add "Logo design" client:ACME stage:contracted since:8d'


async def gig_of(slack: Slack, user: str, number: int = 1) -> tuple[GigRecord, list[EventRecord]]:
    async with slack.store.transaction() as tx:
        record = await tx.user("slack:T0001", user)
        assert record is not None
        gig = await tx.gig(record.id, number)
        assert gig is not None
        return gig, await tx.events(gig.id)


async def reminder_for(slack: Slack, user: str = OWNER) -> dict[str, Any]:
    """Add a gig 8 days into the client's silence: its caught-up step (the deadline notice) is sent at
    once, as a DM."""
    await slack.command(ADD, user=user)
    assert await slack.deliver() == 1
    return next(m for m in slack.fake.messages() if m["channel"] == user)


@pytest.fixture
async def reminder(slack: Slack) -> dict[str, Any]:
    return await reminder_for(slack)


async def test_a_reminder_is_a_dm_with_a_copyable_draft_and_six_buttons(
    slack: Slack, reminder: dict[str, Any]
) -> None:
    blocks = reminder["blocks"]
    assert reminder["channel"] == OWNER  # chat.postMessage to the user id opens the app's DM
    assert blocks[0]["type"] == "header"
    assert "#1 Logo design" in blocks[0]["text"]["text"]
    drafts = [b["elements"][0] for b in blocks if b["type"] == "rich_text"]
    drafts = [d for d in drafts if d["type"] == "rich_text_preformatted"]
    assert drafts, "the draft is a preformatted block, ready to copy"
    assert "ACME" in drafts[0]["elements"][0]["text"]
    actions = blocks[-1]
    assert actions["type"] == "actions"
    assert actions["block_id"] == f"gigwatch_actions:{OWNER}"
    labels = [e["text"]["text"] for e in actions["elements"]]
    snoozes = ["Snooze until tomorrow", "Snooze for 3 days", "Snooze until next week"]
    assert labels == ["Client replied", "I did this", *snoozes, "Open gig"]
    values = [e["value"] for e in actions["elements"]]
    assert values[0] == "heard 1"
    assert values[1].startswith("done 1 ")
    assert values[2:] == ["snooze 1 tomorrow", "snooze 1 three_days", "snooze 1 next_week", "show 1"]
    assert reminder["text"].startswith("#1 Logo design")
    async with slack.store.engine.connect() as conn:
        row = (
            await conn.execute(
                select(outbox.c.status, outbox.c.platform_id).where(outbox.c.kind == "reminder")
            )
        ).one()
    assert tuple(row) == ("sent", reminder["ts"]), "the message ts is the platform id"


def settled_text(slack: Slack, reminder: dict[str, Any]) -> str:
    updates = slack.fake.of("chat.update")
    assert len(updates) == 1
    update = updates[0]
    assert (update["channel"], update["ts"]) == ("D0001", reminder["ts"])
    assert not [b for b in update["blocks"] if b["type"] == "actions"], "the buttons are gone"
    assert update["blocks"][0] == reminder["blocks"][0], "the reminder itself stays"
    return shown(update)


async def test_client_replied_stops_the_ladder_and_says_so(slack: Slack, reminder: dict[str, Any]) -> None:
    response = await slack.interact(slack.press(reminder, "heard"))

    assert response.status == 200
    assert ":white_check_mark: Noted: the client replied on #1" in settled_text(slack, reminder)
    gig, _ = await gig_of(slack, OWNER)
    assert gig.waiting_since is None
    assert slack.fake.of("views.publish")[-1]["user_id"] == OWNER


async def test_i_did_this_records_the_step_as_evidence(slack: Slack, reminder: dict[str, Any]) -> None:
    await slack.interact(slack.press(reminder, "done"))

    assert 'Marked "deadline notice" as done on #1' in settled_text(slack, reminder)
    _, events = await gig_of(slack, OWNER)
    assert [e.step for e in events if e.kind == "done"] == ["deadline_notice"]


@pytest.mark.parametrize(
    ("key", "lands"),
    [
        ("snooze_tomorrow", datetime(2026, 11, 27, 9)),
        ("snooze_three_days", datetime(2026, 11, 29, 9)),
        ("snooze_next_week", datetime(2026, 11, 30, 9)),
    ],
)
async def test_snooze_presets_move_the_next_step_to_the_start_of_active_hours(
    slack: Slack, reminder: dict[str, Any], key: str, lands: datetime
) -> None:
    """The next step comes at 09:00 in the user's zone: tomorrow, in three days, next Monday."""
    slack.clock.set(datetime(2026, 11, 26, 10, tzinfo=TOKYO))  # Thu, before the next step (18:00)
    await slack.interact(slack.press(reminder, key))

    assert "Snoozed #1" in settled_text(slack, reminder)
    _, events = await gig_of(slack, OWNER)
    [snoozed] = [datetime.fromisoformat(e.data["until"]) for e in events if e.kind == "snooze"]
    assert snoozed == lands.replace(tzinfo=TOKYO)


async def test_open_gig_answers_in_the_thread_and_keeps_the_buttons(
    slack: Slack, reminder: dict[str, Any]
) -> None:
    await slack.interact(slack.press(reminder, "open"))

    assert not slack.fake.of("chat.update")
    thread = [m for m in slack.fake.of("chat.postMessage") if m.get("thread_ts") == reminder["ts"]]
    assert len(thread) == 1
    assert thread[0]["channel"] == "D0001"
    assert "History:" in shown(thread[0])


async def test_a_press_on_a_closed_gig_tells_the_presser_only(slack: Slack, reminder: dict[str, Any]) -> None:
    await slack.command("accepted 1")
    await slack.interact(slack.press(reminder, "snooze_tomorrow"))

    assert not slack.fake.of("chat.update")
    error = slack.fake.of("response_url")[-1]
    assert error["response_type"] == "ephemeral"
    # Only the legal payment reminders are left (the payment is still owed): snoozing does not move them.
    assert "no reminder about the client's silence to snooze" in shown(error)
    assert "payment day approaching" in shown(error)


async def test_another_users_press_is_refused_and_changes_nobodys_gig(
    slack: Slack, reminder: dict[str, Any]
) -> None:
    await slack.command(ADD, user="U0002")  # the other user has a gig #1 of their own
    await slack.interact(slack.press(reminder, "heard", user="U0002"))

    assert not slack.fake.of("chat.update")
    notice = slack.fake.of("response_url")[-1]
    assert notice["response_type"] == "ephemeral"
    assert "belongs to someone else's reminder" in shown(notice)
    for user in (OWNER, "U0002"):
        gig, events = await gig_of(slack, user)
        assert gig.waiting_since is not None, user
        assert not [e for e in events if e.kind == "heard"], user


async def test_a_press_runs_as_the_presser_so_it_cannot_reach_the_owners_gig(
    slack: Slack, reminder: dict[str, Any]
) -> None:
    """Even a payload that names the presser as the recipient (Slack signs payloads, so this would
    take a forged signature) runs in the presser's own ids: #1 is theirs, and they have none."""
    data = slack.press(reminder, "heard", user="U0003")
    data["actions"][0]["block_id"] = "gigwatch_actions:U0003"
    await slack.interact(data)

    assert not slack.fake.of("chat.update")
    assert "You have no gig #1" in shown(slack.fake.of("response_url")[-1])
    gig, events = await gig_of(slack, OWNER)
    assert gig.waiting_since is not None
    assert not [e for e in events if e.kind == "heard"]
