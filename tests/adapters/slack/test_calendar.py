"""`/gig calendar` on Slack: the address is answered to the user alone (ephemeral), never kept in the
outbox, and the one HTTP app that serves Slack's events serves the feed too. The weekly plan is a DM."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from adapters.base import Core
from adapters.runtime.feed import add_feed_route
from adapters.slack import create_adapter
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.ports import UserRecord
from bot.service import Service
from storage import SqlStore
from storage.schema import outbox
from tests.adapters.slack.conftest import OWNER, Slack, settings, shown
from tests.adapters.slack.fake_slack import FakeSlack

PUBLIC = "https://gigwatch.example.com"
FEED = re.compile(re.escape(PUBLIC) + r"(/calendar/[A-Za-z0-9_-]+\.ics)")


@pytest_asyncio.fixture
async def slack(fake: FakeSlack, store: SqlStore, clock: VirtualClock) -> AsyncIterator[Slack]:
    """Slack in HTTP mode on the app that also serves the feed, with GIGWATCH_PUBLIC_URL set."""
    adapter = create_adapter(settings(fake))
    app = web.Application()
    add_feed_route(app, store, clock)
    core = Core(Service(store, clock, public_url=PUBLIC), store, clock, changed=lambda: None, web=app)
    await adapter.start(core)
    http = TestClient(TestServer(app))
    await http.start_server()
    try:
        dispatcher = Dispatcher(store, clock, {adapter.name: adapter})
        yield Slack(fake, http, adapter, store, clock, dispatcher, Engine(store, clock))
    finally:
        await adapter.stop()
        await http.close()


async def test_the_address_is_ephemeral_unstored_and_served(slack: Slack) -> None:
    await slack.command('add "LP design" client:ACME stage:contracted')
    await slack.command("calendar")

    answer = slack.fake.of("response_url")[-1]
    assert answer["response_type"] == "ephemeral"
    m = FEED.search(shown(answer))
    assert m is not None, shown(answer)
    async with slack.store.engine.connect() as conn:
        payloads = [r.payload for r in await conn.execute(select(outbox.c.payload))]
    assert payloads, "the add's reply is in the outbox"
    assert not [p for p in payloads if "/calendar/" in p], "the feed's reply is not"

    response = await slack.http.get(m[1])
    assert response.status == 200
    calendar = IcsCalendarStream.calendar_from_ics(await response.text())
    assert "#1 LP design (ACME): friendly nudge" in [e.summary for e in calendar.events]


async def test_the_weekly_plan_is_a_dm(slack: Slack) -> None:
    await slack.command("settings weekly:on")
    await slack.command('add "LP design" client:ACME stage:contracted')
    user = await slack_user(slack)
    assert user.plan_at is not None
    slack.clock.set(user.plan_at)
    assert await slack.deliver() == 1
    [plan] = [m for m in slack.fake.messages() if m["channel"] == OWNER]
    text = shown(plan)
    assert text.startswith("Your week from ")
    assert "#1 LP design (ACME)" in text
    assert '{"text": "/gig settings weekly:off", "style": {"code": true}}' in plan_source(plan)


async def slack_user(slack: Slack) -> UserRecord:
    async with slack.store.transaction() as tx:
        user = await tx.user("slack:T0001", OWNER)
    assert user is not None
    return user


def plan_source(message: dict[str, Any]) -> str:
    """The rendered blocks as JSON: the catalog's code span is a `code` run there."""
    return json.dumps(message["blocks"], ensure_ascii=False).replace('"type": "text", ', "")
