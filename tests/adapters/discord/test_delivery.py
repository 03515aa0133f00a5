"""Direct messages through the real discord.py HTTP client against a fake Discord API, and how
Discord's refusals turn into the dispatcher's delivery errors."""

from __future__ import annotations

import pytest

from adapters.base import Core
from adapters.discord import DiscordBot
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.i18n.catalog import catalog
from bot.messages import Action, Kind, Message
from bot.outlets import Delivery, FailureCode, PermanentError, RateLimited, TransientError
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    CLOSED,
    FLAKY,
    GONE,
    GUILD_ID,
    LIMITED,
    online,
    slash,
)

WORKSPACE = f"discord:{GUILD_ID}"
HOSTILE = "@everyone <@&123456789012345678> <@100000000000000002>"


def reminder(title: str = "#1 LP: one business day without a reply") -> Message:
    return Message(
        kind=Kind.REMINDER,
        lang="en",
        title=title,
        body="ACME has not replied since Tue 17 Nov.",
        draft="Hello ACME,\n```\nI am following up.",
        gig=1,
        step="nudge",
        actions=(Action("heard", "Client replied", "heard 1"), Action("open", "Open gig", "show 1")),
    )


def delivery(address: int | str, message: Message | None = None) -> Delivery:
    return Delivery(1, WORKSPACE, str(address), message or reminder(), attempt=1)


async def test_a_dm_carries_embed_draft_and_buttons_and_pings_nobody(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        sent_id = await bot.send(delivery(ALICE, reminder(title=f"#1 {HOSTILE}")))
    (dm,) = fake.messages()
    assert sent_id is not None
    assert dm.path == f"/channels/{ALICE + 1}/messages"
    assert dm.body["allowed_mentions"] == {"parse": []}
    (card,) = dm.body["embeds"]
    assert card["title"] == "#1 @\u200beveryone <@\u200b&123456789012345678> <@\u200b100000000000000002>"
    assert card["fields"] == [
        {
            "name": "Draft to send:",
            "value": "```\nHello ACME,\n`\u200b``\nI am following up.\n```",
            "inline": False,
        }
    ]
    buttons = [c["custom_id"] for c in dm.body["components"][0]["components"]]
    assert buttons == [f"gw:{GUILD_ID}:{ALICE}:heard:heard 1", f"gw:{GUILD_ID}:{ALICE}:open:show 1"]


async def test_a_channel_address_posts_there_without_buttons(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        await bot.send(delivery("channel:555000000000000001"))
    (post,) = fake.messages()
    assert post.path == "/channels/555000000000000001/messages"
    assert "components" not in post.body or post.body["components"] == []
    assert fake.sent("POST", "/users/@me/channels") == []


@pytest.mark.parametrize(
    ("address", "error", "code"),
    [
        (CLOSED, PermanentError, FailureCode.DM_CLOSED),
        (GONE, PermanentError, FailureCode.ACCOUNT_GONE),
        ("not-a-user", PermanentError, FailureCode.REJECTED),
        (FLAKY, TransientError, None),
    ],
)
async def test_discord_refusals_become_delivery_errors(
    core: Core, monkeypatch: pytest.MonkeyPatch, address: int | str, error: type[Exception], code: str | None
) -> None:
    async with online(core, monkeypatch) as (_fake, bot):
        with pytest.raises(error) as caught:
            await bot.send(delivery(address))
    if code is not None:
        assert isinstance(caught.value, PermanentError)
        assert caught.value.code == code


async def test_a_long_rate_limit_is_left_to_the_dispatcher(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py waits out short 429s itself; one longer than 30 s comes back as RateLimited."""
    async with online(core, monkeypatch) as (_fake, bot):
        with pytest.raises(RateLimited) as caught:
            await bot.send(delivery(LIMITED))
    assert caught.value.retry_after == 120.0


async def test_closed_dms_are_told_once_in_the_next_reply_and_not_retried(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        await slash(
            bot, "add", title="LP", client="ACME", stage="contracted", since="2026-11-17", user=CLOSED
        )
        dispatcher = Dispatcher(store, clock, {"discord": _Outlet(bot)})
        assert await dispatcher.drain() == 0
        clock.advance(3600)
        assert await dispatcher.drain() == 0
        assert len(fake.messages()) == 1, "a closed DM is not retried"
        listed, notice = await slash(bot, "list", user=CLOSED)
        (again,) = await slash(bot, "list", user=CLOSED)
    assert listed.text().startswith("Your gigs (1)")
    reason = catalog("en")["delivery_reason.dm_closed"]
    assert reason in notice.text()
    assert notice.data["embeds"][0]["description"].startswith("⚠️ ")
    assert reason not in again.text()


class _Outlet:
    name = "discord"

    def __init__(self, bot: DiscordBot) -> None:
        self.bot = bot

    async def send(self, delivery: Delivery) -> str | None:
        return await self.bot.send(delivery)
