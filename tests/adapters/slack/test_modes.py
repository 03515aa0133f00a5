"""Socket Mode and HTTP mode: how the adapter connects, and what it refuses to start without."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.base import Core
from adapters.slack import SlackAdapter, create_adapter
from bot.clock import VirtualClock
from bot.service import Service
from storage import SqlStore
from tests.adapters.slack.conftest import payload, settings, shown
from tests.adapters.slack.fake_slack import FakeSlack


def core_for(store: SqlStore, clock: VirtualClock, web_app: web.Application | None = None) -> Core:
    return Core(Service(store, clock), store, clock, changed=lambda: None, web=web_app)


@pytest_asyncio.fixture
async def socket_adapter(
    fake: FakeSlack, store: SqlStore, clock: VirtualClock
) -> AsyncIterator[SlackAdapter]:
    adapter = create_adapter(settings(fake, SLACK_APP_TOKEN="xapp-1-A0001-test", SLACK_SIGNING_SECRET=None))
    await adapter.start(core_for(store, clock))  # no web app: Socket Mode needs no public URL
    try:
        yield adapter
    finally:
        await adapter.stop()


async def test_socket_mode_answers_a_slash_command_over_the_websocket(
    fake: FakeSlack, socket_adapter: SlackAdapter
) -> None:
    assert socket_adapter.mode == "socket"
    form = payload("slash_command") | {"text": "list", "response_url": fake.response_url("socket")}
    envelope = {
        "envelope_id": str(uuid.uuid4()),
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": form,
    }

    ack = await fake.push(envelope)
    assert ack["envelope_id"] == envelope["envelope_id"]
    assert socket_adapter.app is not None
    await socket_adapter.app.idle()

    assert fake.of("apps.connections.open")
    assert "no open gigs" in shown(fake.of("response_url")[0])


async def test_socket_mode_handles_a_redelivered_envelope_once(
    fake: FakeSlack, socket_adapter: SlackAdapter
) -> None:
    data = payload("app_home_opened")
    for attempt in (0, 1):
        await fake.push(
            {
                "envelope_id": str(uuid.uuid4()),
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": attempt,
                "retry_reason": "timeout" if attempt else "",
                "payload": data,
            }
        )
    assert socket_adapter.app is not None
    await socket_adapter.app.idle()

    assert len(fake.of("views.publish")) == 1


async def test_http_mode_without_the_runtimes_web_app_says_what_is_missing(
    fake: FakeSlack, store: SqlStore, clock: VirtualClock
) -> None:
    adapter = create_adapter(settings(fake))

    with pytest.raises(RuntimeError, match=r"Core\.web"):
        await adapter.start(core_for(store, clock))


async def test_http_routes_can_be_added_before_start(
    fake: FakeSlack, store: SqlStore, clock: VirtualClock
) -> None:
    """A runtime may add the adapter's routes to its server first (HttpRoutes), then start it."""
    adapter = create_adapter(settings(fake))
    app = web.Application()
    adapter.add_routes(app)
    http = TestClient(TestServer(app))
    await http.start_server()
    try:
        early = await http.post("/slack/events", data="")
        assert early.status == 503, "up before the adapter: Slack retries later"
        await adapter.start(core_for(store, clock))
        unsigned = await http.post("/slack/events", data="command=/gig")
        assert unsigned.status == 401
    finally:
        await adapter.stop()
        await http.close()


def test_tokens_choose_the_mode_and_missing_ones_are_named(fake: FakeSlack) -> None:
    assert create_adapter(settings(fake)).mode == "http"
    assert create_adapter(settings(fake, SLACK_APP_TOKEN="xapp-1-test")).mode == "socket"
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        create_adapter(settings(fake, SLACK_SIGNING_SECRET=None))
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        create_adapter(settings(fake, SLACK_BOT_TOKEN=None))


async def test_a_refused_bot_token_stops_the_start(
    fake: FakeSlack, store: SqlStore, clock: VirtualClock
) -> None:
    fake.fail("auth.test", 200, {"ok": False, "error": "invalid_auth"})

    with pytest.raises(RuntimeError, match="invalid_auth"):
        await create_adapter(settings(fake)).start(core_for(store, clock, web.Application()))
