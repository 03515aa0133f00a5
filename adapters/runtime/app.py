"""The live bot: every adapter side by side on one event loop and one database.

`gigwatch run` starts the platforms whose credentials are set (or the console when none are);
`gigwatch console` starts the console alone. Both run on the same machinery: the engine, the
dispatcher and the APScheduler wake-ups. SIGINT and SIGTERM stop it cleanly: every change is a
transaction, the send in flight is finished and anything not yet sent waits in the outbox.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web

from adapters.base import Adapter, Core, Deliver, Misconfigured
from adapters.runtime.collector import settle_collector
from adapters.runtime.exits import ExitCode
from adapters.runtime.feed import add_feed_route
from adapters.runtime.health import Health, Part
from adapters.runtime.http import DEFAULT_PORT, HttpServer, build_app
from adapters.runtime.metrics import Metrics
from adapters.runtime.wakeups import Wakeups
from adapters.settings import Settings
from bot.clock import Clock, SystemClock
from bot.commands.parser import ParsedCommand
from bot.dispatcher import Dispatcher, Pacing
from bot.engine import Engine
from bot.faults import Fault, StoreError
from bot.outlets import Route
from bot.service import Actor, Outcome, Service
from storage import MigrationError, SqlStore, open_store
from storage.database import safe_url

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 10.0

# Platform adapters are imported only when their credentials are set, so the runtime works
# without them. Each module exposes `create_adapter(settings: Settings) -> Adapter`.
PLATFORMS: tuple[tuple[str, str, Callable[[Settings], bool]], ...] = (
    ("slack", "adapters.slack", lambda s: s.slack_enabled),
    ("discord", "adapters.discord", lambda s: s.discord_enabled),
)


class AdapterMissing(RuntimeError):
    """Credentials for a platform are set but its adapter is not part of this installation."""

    def __init__(self, platform: str) -> None:
        super().__init__(platform)
        self.platform = platform


def platform_adapters(settings: Settings) -> list[Adapter]:
    """The adapters whose credentials are present, imported lazily."""
    adapters: list[Adapter] = []
    for platform, module_name, enabled in PLATFORMS:
        if not enabled(settings):
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # the adapter is there but one of its own imports is not
                raise
            raise AdapterMissing(platform) from None
        factory: Callable[[Settings], Adapter] = module.create_adapter
        adapters.append(factory(settings))
    return adapters


@dataclass(frozen=True, slots=True)
class MeteredCore(Core):
    """The Core adapters get, counting every command it runs and reporting faults to the health."""

    metrics: Metrics | None = None
    health: Health | None = None

    async def command(
        self, actor: Actor, command: str | ParsedCommand, deliver: Deliver, *, reply_to: Route | None = None
    ) -> Outcome:
        outcome = await Core.command(self, actor, command, deliver, reply_to=reply_to)
        if self.metrics is not None:
            self.metrics.command(outcome)
        if self.health is not None:
            if outcome.fault is None:
                self.health.ok(Part.COMMANDS)
            else:
                self.health.failed(Part.COMMANDS, _fault_reason(outcome.fault), self.clock.now())
        return outcome


class Runtime:
    def __init__(
        self, settings: Settings, *, clock: Clock | None = None, pacing: Mapping[str, Pacing] | None = None
    ) -> None:
        """`pacing` per outlet: the settings' (GIGWATCH_SLACK_RATE, ...) unless given."""
        self.settings = settings
        self.clock = clock or SystemClock()
        self.pacing = settings.pacing if pacing is None else pacing
        self.metrics = Metrics()
        self.health = Health(self.metrics)
        self.http_port: int | None = None
        self._stop: asyncio.Event | None = None
        self._wakeups: Wakeups | None = None
        self._code = ExitCode.OK

    def stop(self, code: ExitCode = ExitCode.OK) -> None:
        """Ask the runtime to shut down (signals, or an adapter that has finished, call this)."""
        self._code = max(self._code, code)
        if self._stop is not None:
            self._stop.set()

    async def settled(self, horizon: float) -> None:
        """Wait until nothing is being done and nothing falls due within `horizon` seconds."""
        if self._wakeups is not None:
            await self._wakeups.settled(horizon)

    async def run(self, adapters: Sequence[Adapter]) -> ExitCode:
        """Run until stopped; returns the process exit code.

        Only what no retry can fix ends it early, in one line on stderr: a database that cannot be
        reached (DATABASE) or migrated (SCHEMA) at start, a platform refusing its credentials
        (CONFIG). Everything else (a failed command, a busy or dropped database, a platform's bad
        moment) is survived and shows on /healthz.
        """
        self._stop = asyncio.Event()
        try:
            store = await open_store(
                self.settings.database_url,
                sqlite_max_pages=self.settings.sqlite_max_pages,
                inline_grace=timedelta(seconds=self.settings.inline_grace_seconds),
            )
        except StoreError as exc:
            return _fatal(ExitCode.DATABASE, "cannot reach the database", self.settings, exc)
        except MigrationError as exc:
            return _fatal(ExitCode.SCHEMA, "cannot migrate the database", self.settings, exc)
        try:
            return await self._serve(store, adapters)
        finally:
            await store.engine.dispose()

    async def _serve(self, store: SqlStore, adapters: Sequence[Adapter]) -> ExitCode:
        """Order matters: adapters start first (adding any HTTP routes to `Core.web`), then the HTTP
        server, then the wake-ups, whose first wake catches up whatever fell due while it was down."""
        assert self._stop is not None
        settings = self.settings
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stop)
        dispatcher = Dispatcher(
            store,
            self.clock,
            {a.name: a for a in adapters},
            pacing=self.pacing,
            limits=store,  # every instance draws from the same buckets
            lease_seconds=settings.lease_seconds,
            max_attempts=settings.send_max_attempts,
            backoff_base=settings.send_backoff_base_seconds,
            backoff_cap=settings.send_backoff_cap_seconds,
            observer=self.metrics.delivery,
            retention=timedelta(days=settings.outbox_retention_days),
            prune_chunk=settings.outbox_prune_chunk,
        )
        wakeups = self._wakeups = Wakeups(
            Engine(store, self.clock, batch=settings.tick_batch, terms=settings.community),
            dispatcher,
            self.clock,
            sweep_seconds=settings.sweep_seconds,
            health=self.health,
        )
        names = [a.name for a in adapters]
        app = build_app(
            store,
            self.metrics,
            lambda: {"adapters": names, "next_wake": _iso(wakeups.next_at)},
            self.health,
        )
        add_feed_route(app, store, self.clock)
        service = Service(
            store,
            self.clock,
            retry=settings.command_retry,
            public_url=settings.public_url,
            community_terms=settings.community,
            default_tz=settings.default_tz,
        )
        core = MeteredCore(
            service, store, self.clock, wakeups.poke, web=app, metrics=self.metrics, health=self.health
        )
        # Before anything listens: loading the red-flag rules and model holds the event loop for a
        # second or more (several on a loaded machine), which /healthz and the platforms' first
        # commands would otherwise wait out; nor should the first /gig check wait for it.
        loading = time.perf_counter()
        service.prepare()
        log.info("red-flag check loaded", extra={"seconds": round(time.perf_counter() - loading, 2)})
        server: HttpServer | None = None
        started: list[Adapter] = []
        try:
            routes = len(app.router.routes())
            for adapter in adapters:
                await adapter.start(core)
                started.append(adapter)
            needed = len(app.router.routes()) > routes or settings.public_url is not None
            server = await self._serve_http(app, added_routes=needed)
            log.info(
                "gigwatch started",
                extra={
                    "adapters": names,
                    "database": safe_url(settings.database_url),
                    "time_zone": settings.default_tz,
                    "http_port": self.http_port,
                    "lease_seconds": settings.lease_seconds,
                },
            )
            # What start-up made (the red-flag model included) leaves the collections, and an engine
            # batch's objects are freed before a collection would scan them (adapters.runtime.collector).
            settle_collector()
            wakeups.start()
            await self._stop.wait()
        except Misconfigured as exc:
            self._code = _fatal(ExitCode.CONFIG, "a platform refused its configuration", settings, exc)
        except Exception:
            log.exception("gigwatch could not run", extra={"started": [a.name for a in started]})
            self._code = ExitCode.INTERNAL
        finally:
            log.info("gigwatch stopping")
            await wakeups.stop(SHUTDOWN_TIMEOUT)
            for adapter in reversed(started):
                await self._stop_adapter(adapter)
            if server is not None:
                await server.stop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            log.info("gigwatch stopped", extra={"wakes": wakeups.wakes, "exit_code": int(self._code)})
        return self._code

    async def _serve_http(self, app: web.Application, *, added_routes: bool) -> HttpServer | None:
        """Serve on GIGWATCH_HTTP_PORT, or on DEFAULT_PORT if only an adapter's routes or the calendar
        feed (GIGWATCH_PUBLIC_URL) need a server."""
        port = self.settings.http_port
        if port is None and added_routes:
            port = DEFAULT_PORT
        if port is None:
            return None
        server = HttpServer(app, port)
        self.http_port = await server.start()
        log.info("http listening", extra={"port": self.http_port})
        return server

    async def _stop_adapter(self, adapter: Adapter) -> None:
        try:
            await asyncio.wait_for(adapter.stop(), SHUTDOWN_TIMEOUT)
        except Exception:
            log.exception("adapter did not stop cleanly", extra={"adapter": adapter.name})


def _fault_reason(fault: Fault) -> str:
    """A few words for /healthz: what the database said, or that a command failed (maybe a bug)."""
    return "command failed" if fault is Fault.FAILED else f"database {fault.value}"


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t is not None else None


def _fatal(code: ExitCode, what: str, settings: Settings, exc: BaseException) -> ExitCode:
    """The one line that says why the process ends (through the logs' redaction, never a traceback)."""
    log.critical(
        "%s: %s (exit code %d)",
        what,
        exc,
        int(code),
        extra={"database": safe_url(settings.database_url), "exit_code": int(code)},
    )
    return code
