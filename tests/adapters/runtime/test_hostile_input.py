"""Hostile text through every adapter's entry, each through its real framework: the service's text
(the console, buttons, the simulator), Discord's typed options (raw interactions into discord.py's
CommandTree), Slack's slash command and add form (signed requests into bolt, a fake Web API).

Whatever arrives (lone surrogates, control characters, unbalanced quotes, text far past every
limit), the person gets an answer that is not an apology for a failure, a refused command changes
nothing, and what is stored holds no surrogate and no control character but newline and tab.
`python -m bench.fuzz` sends 100,000 of the same kind.
"""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.base import Core
from adapters.discord import DiscordBot
from adapters.slack import SlackAdapter, create_adapter
from bench._hostile import PIECES
from bot.clock import VirtualClock
from bot.commands.grammar import GRAMMAR, ArgType, CommandSpec
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.service import Actor, Service
from storage import SqlStore, open_store
from tests.adapters.discord.harness import fresh_bot, slash
from tests.adapters.slack.conftest import payload, shown, signed_headers
from tests.adapters.slack.conftest import settings as slack_settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.bot.harness import dump
from tests.conftest import START

_DIRTY = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")
FAILURES = {
    i18n.t(lang, key) for lang in ("en", "ja") for key in ("fault.failed", "discord.failed", "slack.failed")
}
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile = st.one_of(
    st.text(st.one_of(st.characters(), st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp"]))),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    st.tuples(st.text(min_size=1, max_size=8), st.integers(150, 2000)).map(lambda t: t[0] * t[1]),
)


@dataclass
class World:
    """One bot on one database for every example: Discord and Slack bound to the same core."""

    runner: asyncio.Runner
    store: SqlStore
    clock: VirtualClock
    core: Core
    discord: DiscordBot
    fake_slack: FakeSlack
    slack: SlackAdapter
    http: TestClient[Any, Any]
    form: dict[str, Any]

    def check(self, run: Callable[[], Awaitable[list[str]]]) -> None:
        """Run one input; its answers must not be failures; if refused, nothing may have changed."""

        async def once() -> None:
            before = await dump(self.store)
            answers = await run()
            after = await dump(self.store)
            assert answers, "every input is answered"
            for text in answers:
                assert not any(failure in text for failure in FAILURES), text
                text.encode("utf-8")  # what every platform does with it
            if any(refused(text) for text in answers):
                assert after == before, f"a refused input changed something: {answers}"
            for table, rows in after.items():
                for row in rows:
                    for value in row:
                        assert not (isinstance(value, str) and _DIRTY.search(value)), (table, value)

        self.runner.run(once())


def refused(text: str) -> bool:
    return text.startswith(("❌", ":x:", "error:"))


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with tempfile.TemporaryDirectory(prefix="gigwatch-hostile-") as tmp, asyncio.Runner() as runner:
        built = runner.run(_build(Path(tmp) / "hostile.db", runner))
        try:
            yield built
        finally:
            runner.run(_close(built))


async def _build(path: Path, runner: asyncio.Runner) -> World:
    store = await open_store(f"sqlite+aiosqlite:///{path}")
    clock = VirtualClock(START)
    core = Core(Service(store, clock), store, clock, changed=lambda: None, web=web.Application())
    discord = await fresh_bot(core)
    fake = FakeSlack()
    await fake.start()
    adapter = create_adapter(slack_settings(fake))
    assert isinstance(adapter, SlackAdapter)
    await adapter.start(core)
    assert core.web is not None
    http = TestClient(TestServer(core.web))
    await http.start_server()
    for text in ('add "LP" client:ACME stage:contracted', 'add "Logo" client:Beta stage:delivered'):
        await core.command(Actor("console", "me", "me"), text, _print)
    await _slash(http, fake, "add")  # opens the add form: its private_metadata is reused by every submission
    assert adapter.app is not None
    await adapter.app.idle()
    (opened,) = fake.of("views.open")
    return World(runner, store, clock, core, discord, fake, adapter, http, opened["view"])


async def _close(world: World) -> None:
    await world.slack.stop()
    await world.http.close()
    await world.fake_slack.close()
    await world.store.engine.dispose()


async def _print(message: Message) -> str | None:
    return None


async def _slash(http: TestClient[Any, Any], fake: FakeSlack, text: str) -> None:
    """A slash command as Slack posts it: form-encoded UTF-8 (a lone surrogate arrives as invalid bytes)."""
    form = payload("slash_command") | {
        "text": text,
        "trigger_id": uuid.uuid4().hex,
        "response_url": fake.response_url(uuid.uuid4().hex),
    }
    body = urlencode(form, encoding="utf-8", errors="surrogatepass")
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
    response = await http.post("/slack/events", data=body.encode("ascii"), headers=headers)
    assert response.status == 200


def _templates() -> st.SearchStrategy[str]:
    words = st.sampled_from([s.name for s in GRAMMAR] + ["1", "#1", "client:", "since:", '"', "「"])
    return st.lists(st.one_of(words, hostile), min_size=1, max_size=6).map(" ".join)


@EXAMPLES
@given(text=_templates(), name=hostile)
def test_the_services_text(world: World, text: str, name: str) -> None:
    async def run() -> list[str]:
        answers: list[str] = []

        async def deliver(message: Message) -> str | None:
            answers.append(("error: " if message.kind is Kind.ERROR else "") + message.text())
            return None

        await world.core.command(Actor("console", "me", name), text, deliver)
        return answers

    world.check(run)


def _option(arg_type: ArgType, choices: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if arg_type is ArgType.GIG:
        return st.integers(1, 10**9 - 1)
    if arg_type is ArgType.NUMBER:
        return st.floats(0, 1e12, allow_nan=False)
    if arg_type is ArgType.FLAG:
        return st.booleans()
    if arg_type is ArgType.CHANNEL:  # Discord sends a channel option as the id of a channel it resolved
        return st.integers(1, 2**63 - 1)
    if 0 < len(choices) <= 25:  # Discord itself offers only these
        return st.sampled_from(choices)
    return hostile.filter(bool)


@st.composite
def _command_options(draw: st.DrawFn) -> tuple[CommandSpec, dict[str, Any]]:
    spec = draw(st.sampled_from([s for s in GRAMMAR if len(s.args) <= 25]))
    values = {
        arg.name: draw(_option(arg.type, arg.choices))
        for arg in spec.args
        if arg.required or draw(st.booleans())
    }
    return spec, values


@EXAMPLES
@given(command=_command_options())
def test_discords_typed_options(world: World, command: tuple[CommandSpec, dict[str, Any]]) -> None:
    spec, values = command

    async def run() -> list[str]:
        return [call.text() for call in await slash(world.discord, spec.name, **values)]

    world.check(run)


@EXAMPLES
@given(text=_templates())
def test_slacks_slash_command(world: World, text: str) -> None:
    async def run() -> list[str]:
        before = len(world.fake_slack.calls)
        await _slash(world.http, world.fake_slack, text)
        assert world.slack.app is not None
        await world.slack.app.idle()
        calls = world.fake_slack.calls[before:]
        return [shown(c.params) or str(c.params.get("text", "")) for c in calls if _answer(c.method)]

    world.check(run)


def _answer(method: str) -> bool:
    return method in ("response_url", "chat.postMessage", "views.open")


@EXAMPLES
@given(title=hostile, client=hostile, amount=hostile, url=hostile)
def test_slacks_add_form(world: World, title: str, client: str, amount: str, url: str) -> None:
    async def run() -> list[str]:
        data = payload("view_submission")
        data["trigger_id"] = uuid.uuid4().hex
        data["view"]["private_metadata"] = world.form["private_metadata"]
        state = data["view"]["state"]["values"]
        for field, value in (("title", title), ("client", client), ("amount", amount), ("url", url)):
            state[field][field]["value"] = value
        before = len(world.fake_slack.calls)
        body = urlencode({"payload": json.dumps(data)})  # JSON escapes a lone surrogate as \\ud800
        headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
        response = await world.http.post("/slack/events", data=body, headers=headers)
        assert response.status == 200
        ack = await response.text()
        assert world.slack.app is not None
        await world.slack.app.idle()
        if ack:  # the form answers its own errors, field by field
            return [f"error: {e}" for e in json.loads(ack)["errors"].values()]
        calls = world.fake_slack.calls[before:]
        return [shown(c.params) or str(c.params.get("text", "")) for c in calls if _answer(c.method)]

    world.check(run)
