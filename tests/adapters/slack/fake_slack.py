"""A local stand-in for Slack on an ephemeral port: the Web API (`/api/{method}`), response_url
endpoints (`/respond/{name}`), file upload URLs (`/upload/{file}`) and a Socket Mode WebSocket
(`/socket`), recording every call."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

TEAM = "T0001"
BOT_USER = "UBOT0001"
JSON_FIELDS = ("blocks", "view", "attachments", "files")
MESSAGE_BLOCKS = 50
# chat.postMessage and chat.update refuse blocks carrying more text than about 12,000 characters in
# all (msg_blocks_too_long; seen from 11,300 with block containers counted): not in the reference,
# but what Slack answers. A response_url takes the same blocks.
POSTED_TEXT = 11_000


def text_size(node: Any) -> int:
    """Characters of text in blocks: every `text` string, however deep."""
    if isinstance(node, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else text_size(v) for k, v in node.items())
    if isinstance(node, list):
        return sum(text_size(item) for item in node)
    return 0


@dataclass
class Call:
    method: str  # a Web API method, or "response_url"
    params: dict[str, Any]
    path: str = ""
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeSlack:
    locales: dict[str, str] = field(default_factory=dict)  # user id -> users.info locale
    admins: set[str] = field(default_factory=set)
    delays: dict[str, float] = field(default_factory=dict)  # method -> seconds before answering
    holds: dict[str, asyncio.Event] = field(default_factory=dict)  # method -> answered once it is set
    calls: list[Call] = field(default_factory=list)  # answered calls, in the order answered
    arrived: list[str] = field(default_factory=list)  # methods in the order their calls came in
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # Block Kit that Slack would refuse
    _failures: dict[str, list[web.Response]] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    server: TestServer | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_post("/upload/{file}", self._upload)
        app.router.add_get("/socket", self._socket)
        self.server = TestServer(app)
        await self.server.start_server()

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self.server is not None:
            await self.server.close()

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    @property
    def api_url(self) -> str:
        return self.url("/api/")

    def response_url(self, name: str = "r") -> str:
        return self.url(f"/respond/{name}")

    def hold(self, method: str) -> asyncio.Event:
        """Calls of `method` get no answer until the returned event is set (or `release(method)`):
        a Slack that is slow to answer."""
        return self.holds.setdefault(method, asyncio.Event())

    def release(self, method: str) -> None:
        self.holds.pop(method).set()

    def fail(self, method: str, status: int, body: dict[str, Any] | str, **headers: str) -> None:
        """The next call of `method` gets this answer instead of success."""
        response = (
            web.json_response(body, status=status, headers=headers)
            if isinstance(body, dict)
            else web.Response(text=body, status=status, headers=headers, content_type="text/html")
        )
        self._failures.setdefault(method, []).append(response)

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def messages(self) -> list[dict[str, Any]]:
        """Posted messages with the ts Slack gave them, as Slack echoes them in a button payload."""
        return [
            c.params | {"ts": c.answer["ts"]}
            for c in self.calls
            if c.method == "chat.postMessage" and c.answer
        ]

    def shared_files(self) -> list[dict[str, Any]]:
        """Files shared, in order: name, channel and content, as a person in Slack would find them."""
        uploads = {c.params["file"]: c.params["content"] for c in self.calls if c.method == "upload"}
        names = {
            c.answer["file_id"]: c.params["filename"]
            for c in self.calls
            if c.method == "files.getUploadURLExternal" and c.answer
        }
        return [
            {
                "name": names[f["id"]],
                "title": f.get("title"),
                "channel": c.params.get("channel_id"),
                "content": uploads[f["id"]],
            }
            for c in self.calls
            if c.method == "files.completeUploadExternal"
            for f in c.params["files"]
        ]

    def texts(self) -> str:
        """Everything sent to Slack, as one JSON string (for what must never appear in it)."""
        return json.dumps([c.params for c in self.calls if c.method not in ("users.info", "auth.test")])

    async def until(self, predicate: Callable[[], bool], *, within: float = 120.0) -> None:
        """Wait, with a deadline, until the calls received so far satisfy `predicate`."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), within)

    def _check(self, call: Call) -> None:
        """Block Kit as Slack would judge it (slack_sdk's models know its limits)."""
        try:
            blocks = call.params.get("blocks") or []
            if len(blocks) > MESSAGE_BLOCKS:
                raise ValueError(f"{len(blocks)} blocks in one message")
            if call.method in ("chat.postMessage", "chat.update") and text_size(blocks) > POSTED_TEXT:
                raise ValueError(f"msg_blocks_too_long: {text_size(blocks)} characters of text")
            for block in blocks:
                Block.parse(block).validate_json()  # type: ignore[union-attr]
            if "view" in call.params:
                View(**call.params["view"]).validate_json()
        except (SlackObjectFormationError, ValueError) as exc:
            self.invalid.append(f"{call.method}: {exc}")

    async def _record(self, call: Call) -> None:
        self._check(call)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            params.update(await request.post())
        for key in JSON_FIELDS:
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        call = Call(method, params, request.path)
        async with self._changed:
            self.arrived.append(method)
            self._changed.notify_all()
        if method in self.delays:
            await asyncio.sleep(self.delays[method])  # a slow Slack, as the adapter must tolerate
        if method in self.holds:
            await self.holds[method].wait()  # a Slack that answers only when the test says so
        if self._failures.get(method):
            await self._record(call)
            return self._failures[method].pop(0)
        call.answer = self._answer(method, params)
        await self._record(call)
        return web.json_response(call.answer)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return ok | {"team_id": TEAM, "user_id": BOT_USER, "bot_id": "B0001", "team": "freelancers"}
        if method == "users.info":
            user = str(params["user"])
            return ok | {
                "user": {
                    "id": user,
                    "team_id": TEAM,
                    "name": user.lower(),
                    "real_name": f"Person {user}",
                    "locale": self.locales.get(user, "en-US"),
                    "is_admin": user in self.admins,
                    "is_owner": False,
                    "profile": {"display_name": f"person-{user.lower()}"},
                }
            }
        if method == "conversations.open":
            return ok | {"channel": {"id": "D" + str(params["users"])[1:]}}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"1700000000.{next(self._ts):06d}"
            return ok | {"channel": params["channel"], "ts": ts}
        if method in ("views.open", "views.update", "views.publish"):
            return ok | {"view": {"id": "V0001", "hash": "1700000000.hash"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            return ok | {"file_id": file_id, "upload_url": self.url(f"/upload/{file_id}")}
        if method == "files.completeUploadExternal":
            return ok | {"files": [{"id": f["id"], "title": f.get("title")} for f in params["files"]]}
        if method == "apps.connections.open":
            return ok | {"url": self.url("/socket").replace("http", "ws", 1)}
        return ok

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record(Call("response_url", await request.json(), request.path))
        if self._failures.get("response_url"):
            return self._failures["response_url"].pop(0)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        content = (await request.read()).decode("utf-8")
        await self._record(
            Call("upload", {"file": request.match_info["file"], "content": content}, request.path)
        )
        return web.Response(text=f"OK - {len(content)}")

    # Socket Mode -------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async with self._changed:
            self._sockets.append(ws)
            self._changed.notify_all()
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                async with self._changed:
                    self.socket_acks.append(json.loads(msg.data))
                    self._changed.notify_all()
        return ws

    async def push(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Send an envelope to the connected app and wait for its acknowledgement."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._sockets)), 120)
        await self._sockets[-1].send_json(envelope)
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(
                    lambda: any(a.get("envelope_id") == envelope["envelope_id"] for a in self.socket_acks)
                ),
                120,
            )
        return next(a for a in self.socket_acks if a.get("envelope_id") == envelope["envelope_id"])
