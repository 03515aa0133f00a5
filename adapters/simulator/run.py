"""Runs a script: between inputs the clock jumps from due time to due time, exactly as the live bot wakes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from adapters.base import Core, Deliver
from adapters.simulator.script import Step
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.messages import Message
from bot.outlets import Delivery, Route, channel_of
from bot.service import Actor, Service
from storage import open_store

WORKSPACE = "sim"
Emit = Callable[[dict[str, Any]], None]


def record(at: datetime, to: str, message: Message, zone: tzinfo | None) -> dict[str, Any]:
    """One output line of the simulator's format."""
    out: dict[str, Any] = {
        "at": at.astimezone(zone).isoformat(timespec="seconds"),
        "to": to,
        "kind": message.kind.value,
        "gig": str(message.gig) if message.gig is not None else None,
        "step": message.step,
        "text": message.text(),
    }
    if message.flags is not None:
        out["flags"] = list(message.flags)
    return out


class SimOutlet:
    """Prints what the bot would send, at the virtual time it is sent."""

    name = WORKSPACE

    def __init__(self, clock: VirtualClock, emit: Emit, zone: Callable[[], tzinfo | None]) -> None:
        self.clock, self.emit, self.zone = clock, emit, zone

    async def send(self, delivery: Delivery) -> str | None:
        """`to` is the user, or the channel's name or id (`freelance` for `#freelance`)."""
        channel = channel_of(delivery.address)
        to = delivery.address if channel is None else channel.removeprefix("#")
        self.emit(record(self.clock.now(), to, delivery.message, self.zone()))
        return None


async def simulate(steps: list[Step], emit: Emit, *, database_url: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="gigwatch-sim-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'sim.db'}"
        store = await open_store(url)
        try:
            await _run(store, steps, emit)
        finally:
            await store.engine.dispose()


async def _run(store: Any, steps: list[Step], emit: Emit) -> None:
    clock = VirtualClock(steps[0].at)
    zone: list[tzinfo | None] = [steps[0].at.tzinfo]
    engine = Engine(store, clock)
    dispatcher = Dispatcher(store, clock, {WORKSPACE: SimOutlet(clock, emit, lambda: zone[0])})
    # Commands go through the same Core as every adapter's; the wake after each one stands for
    # the runtime's `changed` poke.
    core = Core(Service(store, clock), store, clock, changed=lambda: None)

    async def wake(now: datetime) -> None:
        clock.set(now)
        await engine.tick(clock.now())
        await dispatcher.drain()

    async def run_until(until: datetime) -> None:
        while True:
            due = await _earliest(engine, dispatcher)
            if due is None or due > until:
                return
            await wake(max(due, clock.now()))

    # The language the simulated platform last spoke to each user in: like a chat client's language,
    # it outlives `/gig forget-me`, which deletes everything the bot stored.
    spoken: dict[str, str] = {}
    for step in steps:
        await run_until(step.at)
        clock.set(step.at)
        zone[0] = step.at.tzinfo
        if step.end:
            return
        assert step.user is not None
        assert step.text is not None
        actor = Actor(WORKSPACE, step.user, step.user, locale=spoken.get(step.user), is_admin=step.admin)
        printer = _printer(clock, emit, step.user, zone[0])
        outcome = await core.command(actor, step.text, printer, reply_to=Route.SIMULATOR)
        if outcome.replies:
            spoken[step.user] = outcome.replies[-1].message.lang
        await wake(clock.now())


def _printer(clock: VirtualClock, emit: Emit, to: str, zone: tzinfo | None) -> Deliver:
    """Delivers a command's replies in the interaction: printed at the virtual time."""

    async def deliver(message: Message) -> str | None:
        emit(record(clock.now(), to, message, zone))
        return None

    return deliver


async def _earliest(engine: Engine, dispatcher: Dispatcher) -> datetime | None:
    """The next wake, as the runtime computes it: the engine's or the dispatcher's next due time."""
    candidates = [t for t in (await engine.next_due(), await dispatcher.next_due()) if t is not None]
    return min(candidates) if candidates else None
