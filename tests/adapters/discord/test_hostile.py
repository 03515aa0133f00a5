"""What people type is shown literally on Discord in every kind of message: replies, errors, warnings,
reminders with their drafts, the community digest and a checked message. The oracle here is not the
adapter's own escaping: it strips what Discord treats as escaped, then looks for markup still active."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from adapters.base import Core
from adapters.discord import DiscordAdapter
from adapters.settings import Settings
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.i18n.catalog import catalog
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    DIGEST_CHANNEL,
    Call,
    menu,
    message_data,
    online,
    slash,
)

HOSTILE = "```end``` **bold** __u__ ~~s~~ ||sp|| :smile: [x](https://evil.test) <t:0:R> <@1> @everyone"
LINE = "\n# head\n> quote\n-# small"
ACTIVE = re.compile(r"\*\*|~~|\|\||__|```|\]\(|<t:|<@|<:|:smile:|@everyone|^#{1,3} |^> |^-# ", re.M)
DRAFT = catalog("en")["draft.label"]


def active_markup(rendered: str) -> list[str]:
    """Markup Discord would still act on: escaped characters render as themselves, and the catalog's
    own `code` spans (commands) are meant to render."""
    text = re.sub(r"\\[^0-9A-Za-z\s]", "x", rendered)
    text = re.sub(r"`[^`\n]*`", "", text)
    return ACTIVE.findall(text)


def texts(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A message's texts a person reads as formatted, and its drafts (shown in a code block)."""
    shown = [data.get("content") or ""]
    drafts: list[str] = []
    for card in data.get("embeds") or []:
        shown += [card.get("title") or "", card.get("description") or ""]
        for f in card.get("fields") or []:
            (drafts if f["name"] == DRAFT else shown).append(f["value"])
    return [t for t in shown if t], drafts


def literal(data: dict[str, Any]) -> str:
    """All shown text of a message, with markup checked inactive; returns it for further checks."""
    shown, drafts = texts(data)
    for text in shown:
        assert active_markup(text) == [], text
    for draft in drafts:
        assert draft.startswith("```\n")
        assert draft.endswith("\n```")
        assert "```" not in draft[4:-4], "a fence inside cannot close the draft's block early"
    return "\n".join(shown)


def calls(shown: list[Call]) -> list[dict[str, Any]]:
    return [c.data for c in shown]


async def test_hostile_text_through_every_kind_of_message(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    title, client = HOSTILE + LINE, "**ACME** ~~Ltd~~"
    async with online(core, monkeypatch) as (fake, bot):
        adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
        adapter.bot = bot
        dispatcher = Dispatcher(store, clock, {"discord": adapter})
        seen: list[dict[str, Any]] = []
        seen += calls(
            await slash(bot, "add", title=title, client=client, stage="contracted", since="2026-11-17")
        )
        # The backdated silence's catch-up reminder goes out now: once the client is heard from (below), a
        # reminder still held would be withdrawn unsent, its reason over.
        await dispatcher.drain()
        seen += calls(await slash(bot, "list"))
        seen += calls(await slash(bot, "show", id=1))
        seen += calls(await slash(bot, "heard", id=1, note=HOSTILE))
        seen += calls(await slash(bot, "snooze", id=1, duration=HOSTILE[:30]))  # an error quoting the value
        seen += calls(await slash(bot, "log", id=1, hours=1, note=HOSTILE))  # a warning: unfunded work
        for who in (ALICE, BOB):
            await slash(bot, "report", client=HOSTILE[:90], reason="scam", user=who)
        seen += calls(await slash(bot, "vet", client=HOSTILE[:90]))
        seen += calls(await slash(bot, "add", title="Other", client=HOSTILE[:90], user=BOB))  # reported
        await slash(bot, "digest", channel=DIGEST_CHANNEL, manage_guild=True)
        clock.set(datetime.fromisoformat("2026-11-23T09:00:00+09:00"))
        await Engine(store, clock).tick()
        await dispatcher.drain()
        seen += [r.body for r in fake.messages()]  # the reminder DM, the digest's notice and the digest
        seen += calls(await menu(bot, message_data({"content": f"Add me on LINE {HOSTILE}"})))
    kinds = {"reminder": False, "digest": False, "error": False, "warning": False}
    for data in seen:
        shown = literal(data)
        kinds["reminder"] |= any(
            f["name"] == DRAFT for c in data.get("embeds") or [] for f in c.get("fields", [])
        )
        kinds["digest"] |= shown.startswith("Community digest")
        kinds["error"] |= shown.startswith("❌")
        kinds["warning"] |= "⚠️" in shown
    assert all(kinds.values()), kinds
    reminder = next(d for d in seen if any(c.get("fields") for c in d.get("embeds") or []))
    (draft,) = [f["value"] for f in reminder["embeds"][0]["fields"] if f["name"] == DRAFT]
    assert HOSTILE.replace("```", "`\u200b``") in draft, "a draft carries the title as typed, no escapes"
    assert "\\" not in draft
