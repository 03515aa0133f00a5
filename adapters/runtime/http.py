"""The runtime's one HTTP server: /healthz, /metrics, and whatever routes adapters add to it.

The runtime builds one aiohttp Application and hands it to every adapter as `Core.web`; an
adapter that must answer HTTP itself (Slack's Events API mode) adds its routes in `start()`,
before the server starts. The server listens on GIGWATCH_HTTP_PORT, or on DEFAULT_PORT when the
port is unset but an adapter added routes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from adapters.runtime.health import Health
from adapters.runtime.metrics import Metrics
from bot.faults import StoreError
from storage.repository import SqlStore

log = logging.getLogger(__name__)

DEFAULT_PORT = 3000


def build_app(
    store: SqlStore,
    metrics: Metrics,
    describe: Callable[[], Mapping[str, Any]],
    health: Health | None = None,
) -> web.Application:
    app = web.Application()

    async def healthz(_: web.Request) -> web.Response:
        """Up means the database answers: it is the record everything else depends on (503 if not).
        Degraded (still 200: the bot is up and retrying) means a part's latest attempt failed."""
        try:
            await store.next_due()
        except StoreError as exc:
            log.warning("health check: database unavailable", extra={"fault": exc.fault.value})
            return web.json_response({"status": "unavailable", "reason": f"database {exc.fault}"}, status=503)
        except Exception:
            log.exception("health check: database unavailable")
            return web.json_response({"status": "unavailable"}, status=503)
        if health is not None and health.degraded:
            return web.json_response({"status": "degraded", "problems": health.problems(), **describe()})
        return web.json_response({"status": "ok", **describe()})

    async def metrics_page(_: web.Request) -> web.Response:
        metrics.refresh(await store.status())
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    return app


class HttpServer:
    def __init__(self, app: web.Application, port: int) -> None:
        self.app = app
        self.port = port
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)

    async def start(self) -> int:
        """Listen on every interface (a container or Slack reaches it from outside); returns the port."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, port=self.port)
        await site.start()
        # With port 0 each interface gets its own ephemeral port: report the IPv4 one, (host, port).
        bound = sorted((len(a), a[1]) for a in self._runner.addresses if isinstance(a, tuple))
        self.port = bound[0][1] if bound else self.port
        return self.port

    async def stop(self) -> None:
        await self._runner.cleanup()
