"""Every interaction is acknowledged before anything that can be slow. Two views of the order of events,
with no clock involved: each time the bot takes a database connection, the acknowledgement has already
been sent; and with the database held (SQLite's one pooled connection, inside the test's transaction)
the acknowledgement goes out while the command waits, its answer only after the release."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event

from adapters.base import Core
from adapters.discord import DiscordBot
from bot.clock import VirtualClock
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    GUILD_ID,
    Call,
    RecordingAdapter,
    command_data,
    custom_ids,
    dispatch,
    interaction,
    menu_data,
    message_data,
    online,
    press_data,
    recording,
)
from tests.adapters.discord.test_buttons import send_reminder


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite: its single pooled connection lets the test hold every read and write of the bot."""
    return sqlite_url


async def until(check: Callable[[], bool], what: str) -> None:
    """Poll with a generous limit (a failure guard, not a time budget)."""
    for _ in range(3000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never saw {what}")


async def ordered(store: SqlStore, rec: RecordingAdapter, start: Callable[[], Awaitable[None]]) -> list[int]:
    """Run an interaction; for each database connection the bot took, how many answers it had sent."""
    seen: list[int] = []

    def checkout(*_: Any) -> None:
        seen.append(len(rec.calls))

    event.listen(store.engine.sync_engine.pool, "checkout", checkout)
    try:
        await start()
    finally:
        event.remove(store.engine.sync_engine.pool, "checkout", checkout)
    assert seen, "the interaction used the database"
    return seen


async def held(
    store: SqlStore, rec: RecordingAdapter, start: Callable[[], Awaitable[None]]
) -> tuple[list[Call], list[Call]]:
    """Start an interaction while the database is held; return what was sent before and after release."""
    async with store.transaction():
        task = asyncio.create_task(start())
        await until(lambda: bool(rec.calls), "the acknowledgement")
        await asyncio.sleep(0)  # let anything already possible happen: still only the ack
        before = list(rec.calls)
        assert not task.done(), "the command waits for the database"
    await task
    return before, rec.calls[len(before) :]


async def test_a_command_is_acknowledged_before_the_database_is_touched(
    bot: DiscordBot, store: SqlStore
) -> None:
    data = command_data(bot, "add", title="LP", client="ACME")
    with recording() as rec:
        assert min(await ordered(store, rec, lambda: dispatch(bot, interaction(2, data)))) >= 1
    assert rec.calls[0].body == {"type": 5, "data": {"flags": 64}}
    data = command_data(bot, "add", title="Logo", client="Kite")
    with recording() as rec:
        before, after = await held(store, rec, lambda: dispatch(bot, interaction(2, data)))
    assert [c.body for c in before] == [{"type": 5, "data": {"flags": 64}}]
    assert after[0].data["content"].startswith('Added #2 "Logo"')


async def test_the_message_menu_is_acknowledged_before_the_database_is_touched(
    bot: DiscordBot, store: SqlStore
) -> None:
    message = message_data({"content": "Please pay the registration fee first."})
    with recording() as rec:
        assert min(await ordered(store, rec, lambda: dispatch(bot, interaction(2, menu_data(message))))) >= 1
    assert rec.calls[0].body == {"type": 5, "data": {"flags": 64}}
    with recording() as rec:
        before, after = await held(store, rec, lambda: dispatch(bot, interaction(2, menu_data(message))))
    assert [c.body for c in before] == [{"type": 5, "data": {"flags": 64}}]
    assert after, "then the check's answer"


async def test_a_button_is_acknowledged_before_the_database_is_touched(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        dm = await send_reminder(core, store, clock, fake, bot)

    def pressed(key: str) -> dict[str, Any]:
        message = message_data(dm.body, int(dm.path.split("/")[2]))
        return interaction(3, press_data(custom_ids(dm)[key]), guild=None, message=message)

    with recording() as rec:
        assert min(await ordered(store, rec, lambda: dispatch(bot, pressed("snooze_tomorrow")))) >= 1
    assert rec.calls[0].body == {"type": 6}
    with recording() as rec:
        before, after = await held(store, rec, lambda: dispatch(bot, pressed("heard")))
    assert [c.body for c in before] == [{"type": 6}]
    (edited,) = after
    assert edited.method == "PATCH"
    assert edited.data["components"] == []


async def test_autocomplete_that_would_be_late_offers_nothing(bot: DiscordBot, store: SqlStore) -> None:
    """Autocomplete answers with its data, so it cannot be acknowledged first: when the database does
    not answer in time, it offers nothing rather than letting Discord drop the interaction."""
    data = command_data(bot, "show", focused="id", id="")
    with recording() as rec:
        async with store.transaction():
            await dispatch(bot, interaction(4, data, user=ALICE, guild=GUILD_ID))
    (answer,) = rec.calls
    assert answer.body == {"type": 8, "data": {"choices": []}}
