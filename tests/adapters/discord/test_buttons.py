"""Reminder DMs and their persistent buttons: sent by the dispatcher to a fake Discord, pressed as raw
component interactions, also on a freshly built bot after a restart."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import Core
from adapters.discord import DiscordAdapter, DiscordBot
from adapters.settings import Settings
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.i18n.catalog import catalog
from bot.service import Actor
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    GUILD_ID,
    Call,
    FakeDiscord,
    Sent,
    custom_ids,
    dispatch,
    fresh_bot,
    interaction,
    message_data,
    online,
    press_data,
    recording,
    slash,
)

WORKSPACE = f"discord:{GUILD_ID}"
EN = catalog("en")


async def send_reminder(
    core: Core, store: SqlStore, clock: VirtualClock, fake: FakeDiscord, bot: DiscordBot
) -> Sent:
    """Alice adds a gig whose client has been silent since Tuesday: the caught-up reminder goes out
    as a DM through the dispatcher and the adapter."""
    await slash(bot, "add", title="LP design", client="ACME", stage="contracted", since="2026-11-17")
    adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
    adapter.bot = bot
    assert await Dispatcher(store, clock, {"discord": adapter}).drain() == 1
    (dm,) = fake.messages()
    return dm


async def press(bot: DiscordBot, dm: Sent, key: str, user: int = ALICE) -> list[Call]:
    """Press a button of the DM, in the DM, as Discord sends it: with the message it sits on.
    Returns what was shown after the acknowledgement, which always comes first and says nothing."""
    message = message_data(dm.body, int(dm.path.split("/")[2]))
    with recording() as rec:
        await dispatch(
            bot, interaction(3, press_data(custom_ids(dm)[key]), user=user, guild=None, message=message)
        )
    first, *rest = rec.calls
    if first.body.get("type") == 6:
        return rest
    assert user != ALICE, "only a refusal answers at once, without an acknowledgement first"
    return rec.calls


EDITED = ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
FOLLOWUP = ("POST", "/webhooks/{webhook_id}/{webhook_token}")


async def waiting(core: Core) -> bool:
    view = await core.overview(Actor(WORKSPACE, str(ALICE)))
    return view.gigs[0].silent_days is not None


def status(call: Call) -> list[dict[str, Any]]:
    """The fields the pressed button wrote on the reminder."""
    return [f for f in call.data["embeds"][0]["fields"] if f["name"].startswith("✅")]


async def test_a_reminder_is_a_dm_with_an_embed_a_draft_and_buttons(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        dm = await send_reminder(core, store, clock, fake, bot)
        opened = fake.sent("POST", "/users/@me/channels")
    assert [r.body for r in opened] == [{"recipient_id": ALICE}]
    (card,) = dm.body["embeds"]
    assert card["title"].startswith("#1 LP design")
    assert "ACME" in card["description"]
    (draft,) = card["fields"]
    assert draft["name"] == EN["draft.label"]
    assert draft["value"].startswith("```\n")
    assert draft["value"].endswith("\n```")
    assert dm.body["allowed_mentions"] == {"parse": []}
    ids = custom_ids(dm)
    assert list(ids) == ["heard", "done", "snooze_tomorrow", "snooze_three_days", "snooze_next_week", "open"]
    assert ids["heard"] == f"gw:{GUILD_ID}:{ALICE}:heard:heard 1"
    assert ids["snooze_next_week"] == f"gw:{GUILD_ID}:{ALICE}:snooze_next_week:snooze 1 next_week"
    labels = [c["label"] for row in dm.body["components"] for c in row["components"]]
    assert labels == [
        EN["action.heard"],
        EN["action.done"],
        EN["action.snooze_tomorrow"],
        EN["action.snooze_three_days"],
        EN["action.snooze_next_week"],
        EN["action.open"],
    ]


async def test_each_button_runs_its_command_as_the_owner_and_updates_the_reminder(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        dm = await send_reminder(core, store, clock, fake, bot)
    step = custom_ids(dm)["done"].rsplit(" ", 1)[1]

    (done,) = await press(bot, dm, "done")
    assert (done.method, done.path) == EDITED, "the reminder itself is updated"
    assert status(done) == [
        {
            "name": "✅ " + EN["action.done"],
            "value": EN["reply.done"].format(gig=1, step_name=EN[f"stepname.{step}"]),
            "inline": False,
        }
    ]
    assert done.data["components"] == [], "the spent buttons go, as on Slack"

    # the same reminder, pressed again as it was before (as on a second device): each press shows
    # what it did and takes the buttons off
    (snoozed,) = await press(bot, dm, "snooze_tomorrow")
    assert [f["name"] for f in status(snoozed)] == ["✅ " + EN["action.snooze_tomorrow"]]
    # the next reminder (Thursday) already comes after tomorrow: nothing is pushed back, and it says so
    assert status(snoozed)[0]["value"].startswith("Nothing to push back on #1:")
    assert snoozed.data["components"] == []
    (snoozed,) = await press(bot, dm, "snooze_next_week")  # Tuesday (Monday is a holiday): still earlier
    assert status(snoozed)[0]["value"].startswith("Nothing to push back on #1:")

    (opened,) = await press(bot, dm, "open")
    assert (opened.method, opened.path) == FOLLOWUP, "open answers the presser, the reminder stays"
    assert opened.ephemeral
    assert opened.data["content"].startswith("#1 LP design")

    assert await waiting(core)
    (heard,) = await press(bot, dm, "heard")
    assert status(heard)[0]["value"].startswith('Noted: the client replied on #1 "LP design"')
    assert not await waiting(core)

    (refused,) = await press(bot, dm, "snooze_three_days")
    assert (refused.method, refused.path) == FOLLOWUP, "an error goes to the presser alone"
    assert refused.ephemeral
    assert refused.data["content"] == "❌ " + EN["error.nothing_pending"].format(id=1)


async def test_buttons_keep_working_after_a_restart(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        dm = await send_reminder(core, store, clock, fake, bot)
    restarted = await fresh_bot(core)  # a new process: nothing of the first bot survives but the DM
    (heard,) = await press(restarted, dm, "heard")
    assert (heard.method, heard.path) == EDITED
    assert status(heard)[0]["name"] == "✅ " + EN["action.heard"]
    assert not await waiting(core)


async def test_someone_elses_button_changes_nothing(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        dm = await send_reminder(core, store, clock, fake, bot)
        await slash(bot, "add", title="Own gig", client="Bob Co", stage="contracted", user=BOB)
        (refused,) = await press(bot, dm, "heard", user=BOB)
    assert refused.body["type"] == 4, "refused at once: nothing slow is done for someone else's button"
    assert refused.data["content"] == EN["discord.not_yours"]
    assert refused.ephemeral
    assert await waiting(core)
    bobs = await core.overview(Actor(WORKSPACE, str(BOB)))
    assert bobs.gigs[0].silent_days is not None, "Bob's own gig #1 was not touched either"
