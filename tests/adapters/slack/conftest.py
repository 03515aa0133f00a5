"""Drive the Slack adapter the way Slack does: signed, form-encoded requests into the runtime's web
app (on an ephemeral port), with a fake Slack Web API recording every call the adapter makes."""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import pytest_asyncio
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from adapters.base import Core
from adapters.settings import Settings
from adapters.slack import SlackAdapter, create_adapter
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.adapters.slack.fake_slack import TEAM, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PAYLOADS = Path(__file__).parent / "payloads"
OWNER = "U0001"


def payload(name: str) -> dict[str, Any]:
    """A recorded Slack payload (tests/adapters/slack/payloads/NAME.json), fresh each time."""
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    return data


def signed_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }


@dataclass
class Slack:
    """The adapter in HTTP mode behind a test client, with the core, clock and dispatcher it works with."""

    fake: FakeSlack
    http: TestClient[Any, Any]
    adapter: SlackAdapter
    store: SqlStore
    clock: VirtualClock
    dispatcher: Dispatcher
    engine: Engine

    async def post(self, body: str, content_type: str, **headers: str) -> ClientResponse:
        return await self.http.post(
            "/slack/events",
            data=body,
            headers={"Content-Type": content_type, **signed_headers(body), **headers},
        )

    async def command(
        self, text: str, *, user: str = OWNER, channel: str = "C0001", settle: bool = True
    ) -> ClientResponse:
        """`/gig TEXT` typed in a channel (or a DM); Slack escapes &, < and > in the text it sends."""
        form = payload("slash_command") | {
            "text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
            "user_id": user,
            "user_name": user.lower(),
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "general",
            "response_url": self.fake.response_url(uuid.uuid4().hex),
            "trigger_id": uuid.uuid4().hex,
        }
        response = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        if settle:
            await self.settle()
        return response

    async def interact(self, data: dict[str, Any], **headers: str) -> ClientResponse:
        """An interaction payload (a button, a form), form-encoded as Slack sends it."""
        response = await self.post(
            urlencode({"payload": json.dumps(data)}), "application/x-www-form-urlencoded", **headers
        )
        await self.settle()
        return response

    async def event(self, data: dict[str, Any], **headers: str) -> ClientResponse:
        response = await self.post(json.dumps(data), "application/json", **headers)
        await self.settle()
        return response

    async def settle(self) -> None:
        """Wait until the adapter finished what it acknowledged."""
        assert self.adapter.app is not None
        await self.adapter.app.idle()

    async def deliver(self) -> int:
        """Run the engine and the dispatcher at the virtual now, as the runtime does when woken."""
        await self.engine.tick(self.clock.now())
        return await self.dispatcher.drain()

    def press(self, reminder: dict[str, Any], key: str, *, user: str = OWNER) -> dict[str, Any]:
        """The block_actions payload Slack sends when `user` presses a button of a posted message."""
        actions = next(b for b in reminder["blocks"] if b["type"] == "actions")
        button = next(e for e in actions["elements"] if e["action_id"] == f"gigwatch:{key}")
        data = payload("block_actions")
        data["user"] |= {"id": user, "username": user.lower(), "name": user.lower()}
        data["trigger_id"] = uuid.uuid4().hex
        data["channel"]["id"] = data["container"]["channel_id"] = "D" + OWNER[1:]
        data["message"] |= {
            "ts": reminder["ts"],
            "text": reminder["text"],
            "blocks": copy.deepcopy(reminder["blocks"]),
        }
        data["container"]["message_ts"] = reminder["ts"]
        data["response_url"] = self.fake.response_url(uuid.uuid4().hex)
        data["actions"] = [button | {"block_id": actions["block_id"], "action_ts": f"{time.time():.6f}"}]
        return data


@pytest_asyncio.fixture
async def database_url(sqlite_url: str) -> str:
    """SQLite only: the adapter's behaviour does not depend on the database, which has its own tests."""
    return sqlite_url


MARKS = {"code": "`", "bold": "*"}


def rich_text(block: dict[str, Any]) -> str:
    """A rich-text block as a person reads it, written the way Slack's markup writes it: runs of one
    style joined and marked (`code`, *bold*), an emoji as `:name:`, a channel as `<#C123>`;
    preformatted text as it is."""
    out: list[str] = []
    for part in block.get("elements", ()):
        runs: list[tuple[str, str]] = []  # (marks, text), neighbours of one style merged
        for element in part.get("elements", ()):
            if element["type"] == "text":
                marks = "".join(MARKS[s] for s in sorted(element.get("style", {})) if s in MARKS)
                text = element["text"]
            else:
                marks = ""
                text = f":{element['name']}:" if element["type"] == "emoji" else f"<#{element['channel_id']}>"
            if runs and runs[-1][0] == marks and marks:
                runs[-1] = (marks, runs[-1][1] + text)
            else:
                runs.append((marks, text))
        text = "".join(f"{m}{t}{m[::-1]}" for m, t in runs)
        out.append(f"```{text}```" if part["type"] == "rich_text_preformatted" else text)
    return "".join(out)


def shown(message: dict[str, Any]) -> str:
    """What a person sees of a posted message or view: the texts of its blocks, in order."""
    texts: list[str] = []
    for block in message.get("blocks") or []:
        if block.get("type") == "rich_text":
            texts.append(rich_text(block))
            continue
        for part in (block.get("text"), *block.get("elements", ()), *block.get("fields", ())):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif isinstance(part, dict) and isinstance(part.get("text"), dict):
                texts.append(part["text"]["text"])
    return "\n".join(texts)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing from the developer's shell or .env leaks into the adapter under test."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "GIGWATCH_SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest_asyncio.fixture
async def fake(env: None) -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.close()
    assert not server.invalid, "Slack would refuse these"


def settings(fake: FakeSlack, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "SLACK_BOT_TOKEN": "xoxb-0001-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "slack_api_url": fake.api_url,
    }
    return Settings(_env_file=None, **(values | extra))  # type: ignore[call-arg]


@pytest_asyncio.fixture
async def slack(fake: FakeSlack, store: SqlStore, clock: VirtualClock) -> AsyncIterator[Slack]:
    adapter = create_adapter(settings(fake))
    service = Service(store, clock, public_url="https://gigwatch.example.com")  # `/gig calendar` works
    core = Core(service, store, clock, changed=lambda: None, web=web.Application())
    await adapter.start(core)
    assert core.web is not None
    http = TestClient(TestServer(core.web))
    await http.start_server()
    dispatcher = Dispatcher(store, clock, {adapter.name: adapter})
    try:
        yield Slack(fake, http, adapter, store, clock, dispatcher, Engine(store, clock))
    finally:
        await adapter.stop()
        await http.close()


__all__ = ["OWNER", "SECRET", "TEAM", "Slack", "payload", "settings", "shown", "signed_headers"]
