"""A stand-in for Slack's Web API and response URLs, for benchmarks that run the real `gigwatch run`
processes in Slack's HTTP mode: it answers what the adapter calls and records, with the time it
arrived, every message posted and every reply sent to a response URL."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TEAM = "T0001"


@dataclass(frozen=True, slots=True)
class Posted:
    at: float  # time.monotonic() when it arrived
    channel: str
    token: str  # which instance sent it (each runs with its own bot token)
    header: str  # the message's header block: "#12 Job 12" for a reminder
    text: str


@dataclass
class BenchSlack:
    posted: list[Posted] = field(default_factory=list)
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # response URL name -> replies
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            params.update(await request.post())
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return web.json_response(ok | {"team_id": TEAM, "user_id": "UBOT", "bot_id": "B0001"})
        if method == "users.info":
            user = str(params["user"])
            person = {"id": user, "name": user.lower(), "locale": "en-US", "profile": {"display_name": user}}
            return web.json_response(ok | {"user": person})
        if method == "conversations.open":
            return web.json_response(ok | {"channel": {"id": "D" + str(params["users"])[1:]}})
        if method == "chat.postMessage":
            blocks = params.get("blocks") or []
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            header = next((b["text"]["text"] for b in blocks if b.get("type") == "header"), "")
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            self.posted.append(
                Posted(time.monotonic(), str(params["channel"]), token, header, str(params.get("text")))
            )
            return web.json_response(
                ok | {"channel": params["channel"], "ts": f"1700000000.{next(self._ts):06d}"}
            )
        return web.json_response(ok)

    async def _respond(self, request: web.Request) -> web.Response:
        self.replies.setdefault(request.match_info["name"], []).append(await request.json())
        return web.Response(text="ok")
