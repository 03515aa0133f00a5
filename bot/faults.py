"""When the record itself fails: what storage reports, and how the core retries or owns up.

Storage translates its driver's errors into a `StoreError` with a `Fault` (the core imports no
database driver). A fault raised before COMMIT means the transaction was rolled back: nothing was
saved, and running the whole transaction again is safe. A fault during COMMIT is `uncertain`: the
change may or may not have been saved, so it must not be replayed blindly.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import TypeVar

from bot.clock import Clock

log = logging.getLogger(__name__)
T = TypeVar("T")


class Fault(StrEnum):
    """Why the database failed a transaction. The first three pass: running it again may succeed."""

    BUSY = "busy"  # locked by another writer, or no connection free in time
    CONNECTION = "connection"  # the connection broke or could not be made
    CONFLICT = "conflict"  # a concurrent transaction won (a unique key, a serialization failure, a deadlock)
    FULL = "full"  # the disk or the database is full
    FAILED = "failed"  # anything else the database refused

    @property
    def passing(self) -> bool:
        return self in (Fault.BUSY, Fault.CONNECTION, Fault.CONFLICT)


class StoreError(Exception):
    """A transaction the database did not complete. `uncertain`: it failed during COMMIT."""

    def __init__(self, fault: Fault, detail: str = "", *, uncertain: bool = False) -> None:
        super().__init__(f"{fault}{' during commit' if uncertain else ''}: {detail}" if detail else fault)
        self.fault = fault
        self.uncertain = uncertain
        self.detail = detail

    @property
    def retryable(self) -> bool:
        """Rolled back for a passing reason: the whole transaction may simply run again."""
        return self.fault.passing and not self.uncertain


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff for transactions that failed for a passing reason: `first` seconds, doubling up to
    `cap`, for as long as `budget` allows (measured on the injected clock)."""

    budget: timedelta = timedelta(seconds=30)
    first: float = 0.2
    cap: float = 4.0

    def delay(self, attempt: int) -> float:
        return float(min(self.cap, self.first * 2 ** (attempt - 1)))


NO_RETRY = RetryPolicy(budget=timedelta(0))


async def retrying(
    work: Callable[[], Awaitable[T]],
    clock: Clock,
    policy: RetryPolicy,
    *,
    what: str,
    again: Callable[[StoreError], bool] = lambda exc: exc.retryable,
) -> T:
    """Run `work` until it succeeds, or raise its StoreError once `again` says no or the budget is spent.

    The budget is checked before each wait: a wait that would end past it is not started."""
    started = clock.now()
    attempt = 0
    while True:
        attempt += 1
        try:
            return await work()
        except StoreError as exc:
            wait = policy.delay(attempt)
            spent = (clock.now() - started).total_seconds()
            if not again(exc) or spent + wait > policy.budget.total_seconds():
                raise
            log.info(
                "database busy; trying again",
                extra={"work": what, "fault": exc.fault.value, "attempt": attempt, "wait": wait},
            )
            await clock.sleep(wait)
