"""Drives the real discord.py bot the way Discord does, and records what it answers.

- Interactions arrive as raw INTERACTION_CREATE payloads through the client's own state parser;
  the bot's answers (interaction callbacks, follow-ups, edits) go through discord.py's webhook
  layer into a RecordingAdapter set in its `async_context`.
- REST calls (login, command sync, DMs) and the gateway go to FakeDiscord, a small aiohttp server
  on an ephemeral port that speaks enough of Discord's API and gateway for the bot to run.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
import yarl
from aiohttp import BodyPartReader, WSMsgType, web
from discord.gateway import DiscordWebSocket
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from adapters.base import Core
from adapters.discord import DiscordBot, build_bot
from bot.clock import VirtualClock
from bot.service import Service
from storage import SqlStore

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
DIGEST_CHANNEL = 700000000000000002  # a channel the bot may post in
HIDDEN = 700000000000000003  # a channel the bot cannot see: 403 Missing Access (50001)
MUTED = 700000000000000004  # a channel the bot may see but not post in: 403 Missing Permissions (50013)
ALICE = 100000000000000001
BOB = 100000000000000002
CLOSED = 100000000000000003  # DMs closed: 403 with Discord code 50007
GONE = 100000000000000004  # deleted account: 404 Unknown User
FLAKY = 100000000000000005  # Discord has a bad moment: 503
LIMITED = 100000000000000006  # a long 429 that discord.py will not wait out
STAMP = "2026-11-20T09:00:00+00:00"
REVOKED = "revoked-token"  # FakeDiscord answers 401 to it
_ids = itertools.count(600000000000000001)


def bot_user() -> dict[str, Any]:
    return {"id": str(BOT_ID), "username": "gigwatch", "discriminator": "0", "avatar": None, "bot": True}


def user_data(user_id: int, name: str = "") -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id % 1000}",
        "discriminator": "0",
        "avatar": None,
    }


def message_data(body: Mapping[str, Any] | None, channel_id: int = CHANNEL_ID) -> dict[str, Any]:
    """A message as Discord returns it after a send."""
    body = body or {}
    return {
        "id": str(next(_ids)),
        "channel_id": str(channel_id),
        "type": 0,
        "content": body.get("content") or "",
        "author": bot_user(),
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "flags": body.get("flags") or 0,
        "timestamp": STAMP,
        "edited_timestamp": None,
    }


# --- what the bot answers to an interaction --------------------------------------------------


@dataclass
class Call:
    method: str
    path: str  # the route template, e.g. /interactions/{webhook_id}/{webhook_token}/callback
    body: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        """The message part: an interaction callback's `data`, or a follow-up or edit itself."""
        return self.body.get("data", self.body) if self.path.endswith("/callback") else self.body

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & 64)

    def text(self) -> str:
        """Everything a person reads in it: content, embed titles, descriptions and fields."""
        data = self.data
        parts = [data.get("content") or ""]
        for embed in data.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
        parts += [b.decode("utf-8") for b in self.files.values()]
        return "\n".join(p for p in parts if p)


class RecordingAdapter(AsyncWebhookAdapter):
    """discord.py's webhook HTTP layer, recording each request and answering as Discord would."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.calls: list[Call] = []

    async def request(
        self,
        route: Route,
        session: Any,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        files: Any = None,
        **_: Any,
    ) -> Any:
        body = payload
        if body is None and multipart:
            body = json.loads(next(p["value"] for p in multipart if p["name"] == "payload_json"))
        attached = {f.filename: f.fp.getvalue() for f in files or []}
        call = Call(route.method, route.path, body or {}, attached)
        self.calls.append(call)
        if route.path.endswith("/callback"):
            data = call.data
            return {
                "interaction": {
                    "id": str(route.webhook_id),
                    "type": 2,
                    "response_message_id": str(next(_ids)) if call.body.get("type") == 4 else None,
                    "response_message_loading": call.body.get("type") == 5,
                    "response_message_ephemeral": bool(data.get("flags", 0) & 64),
                }
            }
        if route.method in ("POST", "PATCH"):
            return message_data(body)
        return None

    def callbacks(self, kind: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.path.endswith("/callback") and kind in (None, c.body.get("type"))]

    def messages(self) -> list[Call]:
        """Every message the user sees: callback messages (type 4), follow-ups and edits."""
        return [
            c
            for c in self.calls
            if (c.path.endswith("/callback") and c.body.get("type") in (4, 7))
            or not c.path.endswith("/callback")
        ]


@contextmanager
def recording() -> Iterator[RecordingAdapter]:
    adapter = RecordingAdapter()
    token = async_context.set(adapter)
    try:
        yield adapter
    finally:
        async_context.reset(token)


# --- interactions as Discord sends them -------------------------------------------------------


def member(user_id: int, *, manage_guild: bool = False) -> dict[str, Any]:
    perms = discord.Permissions(manage_guild=manage_guild, send_messages=True)
    return {
        "user": user_data(user_id),
        "roles": [],
        "joined_at": STAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(perms.value),
    }


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    user: int = ALICE,
    guild: int | None = GUILD_ID,
    locale: str = "en-US",
    manage_guild: bool = False,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A raw INTERACTION_CREATE payload: in a guild channel, or in the bot's DM when `guild` is None."""
    payload: dict[str, Any] = {
        "id": str(next(_ids)),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{next(_ids)}",
        "version": 1,
        "locale": locale,
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)} if guild else {"1": str(user)},
        "attachment_size_limit": 8388608,
        "data": data,
    }
    if guild is not None:
        payload.update(
            guild_id=str(guild),
            guild_locale="en-US",
            channel_id=str(CHANNEL_ID),
            channel={
                "id": str(CHANNEL_ID),
                "type": 0,
                "name": "freelance",
                "guild_id": str(guild),
                "position": 0,
                "permission_overwrites": [],
            },
            member=member(user, manage_guild=manage_guild),
            context=0,
        )
    else:
        dm = str(CHANNEL_ID + user % 1000)
        payload.update(
            channel_id=dm,
            channel={"id": dm, "type": 1, "recipients": [user_data(user)]},
            user=user_data(user),
            context=1,
        )
    if message is not None:
        payload["message"] = message
    return payload


def option_type(bot: DiscordBot, sub: str, name: str) -> int:
    return next(p.type.value for p in subcommand(bot, sub).parameters if p.display_name == name)


def subcommand(bot: DiscordBot, sub: str) -> discord.app_commands.Command[Any, ..., Any]:
    """The subcommand `sub` (a grammar command), in whichever top-level command it sits."""
    for top in bot.tree.get_commands():
        if isinstance(top, discord.app_commands.Group):
            for command in top.walk_commands():
                if isinstance(command, discord.app_commands.Command) and command.name == sub:
                    return command
    raise AssertionError(f"no subcommand {sub}")


def channel_data(channel_id: int, name: str = "freelance") -> dict[str, Any]:
    """A channel as an interaction's `resolved` data gives it (a partial channel)."""
    return {"id": str(channel_id), "name": name, "type": 0, "permissions": "2048", "guild_id": str(GUILD_ID)}


def command_data(bot: DiscordBot, sub: str, focused: str | None = None, **values: Any) -> dict[str, Any]:
    """`/<top> <sub> name:value ...` as the `data` of an application command interaction; a channel
    option's value is a channel id, resolved as Discord resolves it."""
    options = []
    resolved: dict[str, Any] = {}
    for name, value in values.items():
        kind = option_type(bot, sub, name)
        option = {"name": name, "type": kind, "value": str(value) if kind == 7 else value}
        if kind == 7:
            resolved.setdefault("channels", {})[str(value)] = channel_data(int(value))
        if name == focused:
            option["focused"] = True
        options.append(option)
    invoked: dict[str, Any] = {"name": sub, "type": 1, "options": options}
    command = subcommand(bot, sub)
    assert command.parent is not None
    data = {"id": str(APP_ID + 7), "name": command.parent.name, "type": 1, "options": [invoked]}
    if resolved:
        data["resolved"] = resolved
    return data


def menu_data(message: dict[str, Any], name: str = "Check for scam signs") -> dict[str, Any]:
    """A message context-menu command on `message`, as Discord sends it (the message resolved)."""
    return {
        "id": str(APP_ID + 8),
        "name": name,
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }


def press_data(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


async def dispatch(bot: DiscordBot, payload: dict[str, Any]) -> None:
    """Hand the payload to the client's gateway parser and wait for the handlers it starts."""
    before = asyncio.all_tasks()
    bot.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
    started = [
        t
        for t in asyncio.all_tasks() - before
        if t.get_name().startswith(("CommandTree-invoker", "discord-ui-dynamic-item"))
    ]
    assert started, "the interaction started no handler"
    await asyncio.gather(*started)


async def slash(
    bot: DiscordBot,
    sub: str,
    *,
    user: int = ALICE,
    guild: int | None = GUILD_ID,
    locale: str = "en-US",
    manage_guild: bool = False,
    **values: Any,
) -> list[Call]:
    """Run `/gig <sub>` and return the messages the user was shown."""
    with recording() as rec:
        await dispatch(
            bot,
            interaction(
                2,
                command_data(bot, sub, **values),
                user=user,
                guild=guild,
                locale=locale,
                manage_guild=manage_guild,
            ),
        )
    return rec.messages()


async def menu(
    bot: DiscordBot,
    message: dict[str, Any],
    *,
    user: int = ALICE,
    guild: int | None = GUILD_ID,
    locale: str = "en-US",
) -> list[Call]:
    """Run "Check for scam signs" on `message` and return what the user was shown."""
    with recording() as rec:
        await dispatch(bot, interaction(2, menu_data(message), user=user, guild=guild, locale=locale))
    return rec.messages()


async def fresh_bot(core: Core, **options: Any) -> DiscordBot:
    """A bot from the factory, wired as after login: its loop and its own user known."""
    bot = await build_bot(core, **options)
    await bot.client._async_setup_hook()
    bot.client._connection.user = discord.ClientUser(state=bot.client._connection, data=bot_user())  # type: ignore[arg-type]
    return bot


def make_core(store: SqlStore, clock: VirtualClock) -> Core:
    return Core(service=Service(store, clock), outbox=store, clock=clock, changed=lambda: None)


# --- a fake Discord: REST and gateway ---------------------------------------------------------


def as_json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """JSON exactly as Discord labels it: discord.py parses only `application/json`, no charset."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


@dataclass
class Sent:
    method: str
    path: str
    body: Any
    files: dict[str, bytes] = field(default_factory=dict)


class FakeDiscord:
    """Enough of Discord's REST API and gateway for login, command sync, DMs and interactions."""

    def __init__(self) -> None:
        self.requests: list[Sent] = []
        self.release = asyncio.Event()  # set: answers flow; cleared by `hold`, answers wait for it
        self.release.set()
        self.held = 0  # requests waiting for `release`
        self.identify: dict[str, Any] | None = None
        self.identified = asyncio.Event()
        self.identifies: list[tuple[dict[str, Any], web.WebSocketResponse]] = []  # every IDENTIFY, by socket
        self.sockets: list[web.WebSocketResponse] = []
        self.dm_channels: dict[str, str] = {}  # channel id -> recipient id
        self.app = web.Application()
        self.app.router.add_route("*", "/gateway", self.gateway)
        self.app.router.add_route("*", "/api/v10/{tail:.*}", self.rest)
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hold(self) -> None:
        """From now on, every request waits for `release.set()` before it is answered."""
        self.release.clear()

    def sent(self, method: str, prefix: str) -> list[Sent]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def messages(self) -> list[Sent]:
        return [r for r in self.sent("POST", "/channels/") if r.path.endswith("/messages")]

    async def rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                assert isinstance(part, BodyPartReader)
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files[part.filename or ""] = await part.read()
        elif request.can_read_body:
            body = await request.json()
        self.requests.append(Sent(request.method, path, body, files))
        if not self.release.is_set():  # a slow Discord: nothing answers until released
            self.held += 1
            await self.release.wait()
        if request.headers.get("Authorization") == f"Bot {REVOKED}":
            return as_json({"message": "401: Unauthorized", "code": 0}, status=401)
        return self.answer(request.method, path, body)

    def answer(self, method: str, path: str, body: Any) -> web.StreamResponse:
        if path == "/users/@me":
            return as_json(bot_user())
        if path == "/oauth2/applications/@me":
            return as_json(
                {
                    "id": str(APP_ID),
                    "name": "gigwatch",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user_data(ALICE),
                    "verify_key": "0" * 64,
                    "flags": 0,
                    "summary": "",
                    "rpc_origins": [],
                }
            )
        if method == "PUT" and path.endswith("/commands"):
            return as_json(
                [
                    {
                        "description": "",
                        **c,
                        "id": str(next(_ids)),
                        "application_id": str(APP_ID),
                        "version": "1",
                    }
                    for c in body
                ]
            )
        if path == "/users/@me/channels":
            recipient = str(body["recipient_id"])
            if recipient == str(GONE):
                return as_json({"message": "Unknown User", "code": 10013}, status=404)
            channel = str(int(recipient) + 1)
            self.dm_channels[channel] = recipient
            return as_json(
                {"id": channel, "type": 1, "recipients": [user_data(int(recipient))], "last_message_id": None}
            )
        if method == "POST" and path.startswith("/channels/") and path.endswith("/messages"):
            channel = path.split("/")[2]
            to = self.dm_channels.get(channel)
            if to == str(CLOSED):
                return as_json({"message": "Cannot send messages to this user", "code": 50007}, status=403)
            if to == str(FLAKY):
                return as_json({"message": "Service Unavailable", "code": 0}, status=503)
            if channel == str(HIDDEN):
                return as_json({"message": "Missing Access", "code": 50001}, status=403)
            if channel == str(MUTED):
                return as_json({"message": "Missing Permissions", "code": 50013}, status=403)
            if to == str(LIMITED):
                return as_json(
                    {"message": "You are being rate limited.", "retry_after": 120.0, "global": False},
                    status=429,
                    headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"},
                )
            return as_json(message_data(body, int(channel)))
        if method in ("POST", "PATCH") and path.startswith("/webhooks/"):  # follow-ups and edits
            return as_json(message_data(body))
        if path.endswith("/callback"):
            return as_json(
                {"interaction": {"id": path.split("/")[2], "type": 2, "response_message_id": str(next(_ids))}}
            )
        return as_json({"message": f"no fake for {method} {path}", "code": 0}, status=404)

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        """HELLO, then READY once the client identifies; heartbeats are acknowledged."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            frame = json.loads(msg.data)
            if frame["op"] == 2:
                self.identify = frame["d"]
                self.identifies.append((frame["d"], ws))
                await ws.send_json(
                    {
                        "op": 0,
                        "t": "READY",
                        "s": 1,
                        "d": {
                            "v": 10,
                            "user": bot_user(),
                            "guilds": [],
                            "session_id": f"session-{len(self.identifies)}",
                            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                            "application": {"id": str(APP_ID), "flags": 0},
                            **({"shard": frame["d"]["shard"]} if "shard" in frame["d"] else {}),
                        },
                    }
                )
                self.identified.set()
            elif frame["op"] == 1:
                await ws.send_json({"op": 11})
        return ws

    async def push(self, event: str, data: dict[str, Any], seq: int = 2) -> None:
        await self.sockets[-1].send_json({"op": 0, "t": event, "s": seq, "d": data})


@asynccontextmanager
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """FakeDiscord on an ephemeral port, with discord.py pointed at it."""
    fake = FakeDiscord()
    fake.runner = web.AppRunner(fake.app)
    await fake.runner.setup()
    site = web.TCPSite(fake.runner, "127.0.0.1", 0)
    await site.start()
    fake.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    monkeypatch.setattr(Route, "BASE", f"{fake.base}/api/v10")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{fake.port}/gateway"))
    try:
        yield fake
    finally:
        for ws in fake.sockets:
            await ws.close()
        await fake.runner.cleanup()


@asynccontextmanager
async def online(
    core: Core, monkeypatch: pytest.MonkeyPatch, **options: Any
) -> AsyncIterator[tuple[FakeDiscord, DiscordBot]]:
    """A bot from the factory, logged in to FakeDiscord (REST only: no gateway needed to send)."""
    async with fake_discord(monkeypatch) as fake:
        bot = await fresh_bot(core, **options)
        await bot.client.login("fake-token")
        try:
            yield fake, bot
        finally:
            await bot.client.close()


def custom_ids(sent: Sent) -> dict[str, str]:
    """A sent message's buttons: action key -> custom_id."""
    ids = [c["custom_id"] for row in sent.body.get("components", []) for c in row["components"]]
    return {cid.split(":")[3]: cid for cid in ids}
