"""When the engine wakes: one APScheduler date job at the next due time, plus a periodic sweep.

The pending_steps and outbox tables are the record, so the scheduler holds no job per reminder
and nothing pickled (memory job store): a single date job is re-armed after every wake at
min(engine.next_due(), dispatcher.next_due()), and a command that may have created something
earlier pokes a wake at once (`poke`, passed to adapters as `core.changed`). The interval job is
a safety net for anything the date job could miss (another instance's writes, a clock jump).

The jobs only signal; one worker task does the work, so wakes never overlap and a poke that
arrives during a wake is served right after it, never dropped. The engine and the dispatcher fail
separately (a locked database, a dropped connection): each failure is logged and reported to the
health, and the wake comes back after a backoff that grows while the failures go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from adapters.runtime.health import Health, Part
from bot.clock import Clock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.faults import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

WAKE_JOB = "wake"
SWEEP_JOB = "sweep"
# If something is still due right after a wake (another instance holds it, the database refused),
# look again this much later instead of spinning.
RETRY_GAP = timedelta(seconds=1)
# After a failed wake: 1 s, doubling while the failures go on, never more than a minute.
ERROR_GAP = timedelta(seconds=1)
ERROR_GAP_MAX = timedelta(seconds=60)


class Wakeups:
    def __init__(
        self,
        engine: Engine,
        dispatcher: Dispatcher,
        clock: Clock,
        *,
        sweep_seconds: int,
        health: Health | None = None,
    ) -> None:
        self.engine = engine
        self.dispatcher = dispatcher
        self.clock = clock
        self.sweep_seconds = sweep_seconds
        self.health = health or Health()
        self._failed_wakes = 0  # consecutive wakes with a failure, for the backoff
        self.next_at: datetime | None = None  # when the date job fires next (None: nothing scheduled)
        self.wakes = 0
        self._scheduler = AsyncIOScheduler(
            timezone=UTC,
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._wanted = asyncio.Event()
        self._wanted.set()  # the first wake, at start, catches up what fell due while the bot was down
        self._done = asyncio.Condition()
        self._busy = False
        self._stopping = False
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the scheduler and the worker, which wakes at once."""
        self._scheduler.start()
        self._scheduler.add_job(self._fire, "interval", seconds=self.sweep_seconds, id=SWEEP_JOB)
        self._worker = asyncio.create_task(self._run(), name="gigwatch-wakeups")

    def poke(self) -> None:
        """Wake as soon as possible (a command may have queued messages or made something due earlier)."""
        if not self._stopping:
            self._wanted.set()

    async def stop(self, grace: float) -> None:
        """No more wakes; the wake in progress finishes its send in flight and hands back the rest."""
        self._stopping = True
        self.dispatcher.stop()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._wanted.set()
        if self._worker is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._worker), grace)
        except TimeoutError:
            log.warning("wake still running at shutdown; cancelled", extra={"grace": grace})
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)

    async def settled(self, horizon: float) -> None:
        """Return once no wake is running or asked for and nothing falls due within `horizon` seconds."""
        async with self._done:
            while True:
                quiet = not self._busy and not self._wanted.is_set()
                if self._stopping or (
                    quiet
                    and (self.next_at is None or self.next_at > self.clock.now() + timedelta(seconds=horizon))
                ):
                    return
                timeout = None
                if quiet and self.next_at is not None:  # wait for that wake, however it comes
                    timeout = max(0.05, (self.next_at - self.clock.now()).total_seconds() + 0.05)
                try:
                    await asyncio.wait_for(self._done.wait(), timeout)
                except TimeoutError:
                    continue

    async def _fire(self) -> None:
        """The scheduler's job: a coroutine, so APScheduler runs it on the loop rather than in a thread."""
        self._wanted.set()

    async def _run(self) -> None:
        while True:
            await self._wanted.wait()
            if self._stopping:
                break
            self._wanted.clear()
            self._busy = True
            try:
                await self._wake()
            except Exception:  # _wake contains its parts' failures; this is a bug in the wake itself
                log.exception("wake failed; trying again shortly")
                self._arm(self.clock.now() + self._error_gap())
            finally:
                self._busy = False
                self.wakes += 1
                async with self._done:
                    self._done.notify_all()
        async with self._done:
            self._done.notify_all()

    async def _wake(self) -> None:
        """The engine's tick, then the dispatcher's drain, each on its own: one failing does not
        stop the other; then the store settles what both wrote (Engine.settle). After a failure the
        next wake comes after the backoff."""
        errors: dict[Part, Exception] = {}

        async def attempt(part: Part, work: Callable[[], Awaitable[T]]) -> T | None:
            try:
                return await work()
            except Exception as exc:
                log.warning(
                    "wake: %s failed; retrying",
                    part.value,
                    exc_info=not isinstance(exc, StoreError),  # a database fault is explained by its text
                    extra={"part": part.value, "error": f"{type(exc).__name__}: {exc}"[:300]},
                )
                errors.setdefault(part, exc)
                return None

        queued = await attempt(Part.ENGINE, self.engine.tick)
        sent = await attempt(Part.DISPATCHER, self.dispatcher.drain)
        await attempt(Part.DISPATCHER, self.dispatcher.prune)
        await attempt(Part.ENGINE, self.engine.settle)
        due = [
            t
            for t in (
                await attempt(Part.ENGINE, self.engine.next_due),
                await attempt(Part.DISPATCHER, self.dispatcher.next_due),
            )
            if t is not None
        ]
        now = self.clock.now()
        for part in (Part.ENGINE, Part.DISPATCHER):
            if part in errors:
                self.health.failed(part, _reason(errors[part]), now)
            else:
                self.health.ok(part)
        if errors:
            self._failed_wakes += 1
            self._arm(min([*due, now + self._error_gap()]))
            return
        self._failed_wakes = 0
        self._arm(min(due) if due else None)
        if queued or sent:
            log.info("wake", extra={"queued": queued, "sent": sent, "next": _iso(self.next_at)})

    def _error_gap(self) -> timedelta:
        doublings = min(16, max(0, self._failed_wakes - 1))
        return min(ERROR_GAP_MAX, ERROR_GAP * (1 << doublings))

    def _arm(self, at: datetime | None) -> None:
        if self._stopping:
            return
        now = self.clock.now()
        if at is not None and at <= now:
            at = now + RETRY_GAP
        self.next_at = at
        if at is None:
            if self._scheduler.get_job(WAKE_JOB) is not None:
                self._scheduler.remove_job(WAKE_JOB)
            return
        self._scheduler.add_job(self._fire, "date", run_date=at, id=WAKE_JOB, replace_existing=True)


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t is not None else None


def _reason(exc: Exception) -> str:
    """Why, in a few words a health check may show (no statement, no parameters)."""
    if isinstance(exc, StoreError):
        return f"database {exc.fault.value}"
    return type(exc).__name__
