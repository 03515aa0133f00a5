"""The one injected clock: the core never reads the wall clock itself."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where "now" comes from; the live bot uses the system clock, the simulator a virtual one."""

    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None:
        """Wait that long on this clock (a retry's backoff)."""
        ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class VirtualClock:
    """A clock that only moves when told to, for the simulator and tests."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the virtual clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        """Move to `when`; time never runs backwards."""
        when = when.astimezone(UTC)
        if when > self._now:
            self._now = when

    def advance(self, seconds: float) -> None:
        self.set(self._now + timedelta(seconds=seconds))

    async def sleep(self, seconds: float) -> None:
        """Time passes at once; other tasks get their turn."""
        self.advance(seconds)
        await asyncio.sleep(0)


def utc_from_epoch(seconds: int) -> datetime:
    """Storage keeps instants as epoch seconds; the core works with aware datetimes."""
    return datetime.fromtimestamp(seconds, UTC)


def epoch(t: datetime) -> int:
    return int(t.timestamp())
