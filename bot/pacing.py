"""How fast the dispatcher may send: token buckets, per address and per outlet.

One mechanism for every limit. A bucket holds up to `capacity` tokens and refills at `rate` a
second; a send takes a token from each bucket it goes through (the outlet's, and its address's),
and only when all of them have one. A bucket can also be held: nothing before a given instant (the
platform's Retry-After, or the gap an address keeps after the platform answered).

Where the buckets live is the `RateLimits` port's business: in this process (`LocalLimits`: one
instance on its own), or in the database (storage's implementation), which every instance shares,
so that N instances together never send faster than one may.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

# Levels are floats computed from epoch seconds (about 1.8e9, so a few hundred nanoseconds apart):
# a level this close to a whole token counts as one, or a wait could round to nothing and spin.
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Pacing:
    """How fast one outlet may send: a gap per address (channel or DM) and an overall token bucket."""

    min_interval: float = 1.0  # seconds between two messages to one address
    rate: float | None = 50.0  # messages a second over the whole outlet; None: no overall limit
    burst: float | None = None  # the bucket's size; by default one second's worth of `rate`
    concurrency: int = 1  # sends in flight at once (to different addresses): hides the platform's latency

    @property
    def capacity(self) -> float:
        return self.burst if self.burst is not None else max(1.0, self.rate or 1.0)

    @property
    def paced(self) -> bool:
        return self.rate is not None or self.min_interval > 0


UNPACED = Pacing(min_interval=0.0, rate=None)  # one send at a time: a crash repeats at most one message


@dataclass(frozen=True, slots=True)
class Bucket:
    """`rate` tokens a second up to `capacity`. Without a rate there is no limit, only holds (an
    address with no gap of its own, or an unpaced outlet, that the platform rate-limited)."""

    key: str  # the outlet (`slack`), or an address within it (`slack|slack:T1|U123`)
    rate: float | None  # tokens a second
    capacity: float = math.inf

    def __post_init__(self) -> None:
        if self.rate is not None and (self.rate <= 0 or not 1 <= self.capacity < math.inf):
            raise ValueError("a token bucket needs a positive rate and room for at least one token")


@dataclass(frozen=True, slots=True)
class Level:
    """A bucket's state: `tokens` at `stamp` (epoch seconds). Before `stamp` it is empty (held)."""

    tokens: float
    stamp: float

    def at(self, bucket: Bucket, now: float) -> float:
        if now < self.stamp:
            return 0.0
        if bucket.rate is None:
            return math.inf
        return min(bucket.capacity, self.tokens + (now - self.stamp) * bucket.rate)

    def ready(self, bucket: Bucket, now: float) -> float:
        """When it next holds a whole token (`now` if it does)."""
        start = max(now, self.stamp)
        have = self.at(bucket, start)
        if have >= 1 - EPSILON or bucket.rate is None:
            return start
        return start + (1 - have) / bucket.rate

    def full(self, bucket: Bucket) -> float:
        """When it is full again: from then on it is as good as never used, and may be forgotten."""
        if bucket.rate is None:
            return self.stamp
        return self.stamp + max(0.0, bucket.capacity - self.tokens) / bucket.rate

    def taken(self, bucket: Bucket, now: float) -> Level:
        """After one token was taken at `now` (a limitless bucket stays as it is)."""
        return self if bucket.rate is None else Level(max(0.0, self.at(bucket, now) - 1), now)


def fresh(bucket: Bucket) -> Level:
    return Level(bucket.capacity if bucket.rate is not None else 0.0, 0.0)


def take(buckets: Sequence[tuple[Bucket, Level]], now: float) -> tuple[list[Level], float | None]:
    """One token from every bucket, or from none: (the new levels, None), or (unchanged, when to retry)."""
    if all(level.at(bucket, now) >= 1 - EPSILON for bucket, level in buckets):
        return [level.taken(bucket, now) for bucket, level in buckets], None
    return [level for _, level in buckets], max(level.ready(bucket, now) for bucket, level in buckets)


def hold(level: Level, until: float, tokens: float) -> Level:
    """Nothing before `until`, then `tokens` refilling; a longer hold already in place stays."""
    return level if level.stamp >= until else Level(tokens, until)


class RateLimits(Protocol):
    """Where buckets live. Every call is atomic: two senders never take the same token."""

    async def take_tokens(self, buckets: Sequence[Bucket], now: datetime) -> datetime | None:
        """Take one token from each bucket if all have one (None); else take nothing and say when to retry."""
        ...

    async def hold_bucket(self, bucket: Bucket, until: datetime, tokens: float) -> None: ...

    async def bucket_level(self, bucket: Bucket, now: datetime) -> float: ...

    async def bucket_ready(self, bucket: Bucket, now: datetime) -> datetime: ...

    async def forget_full(self, now: datetime) -> int:
        """Drop the state of buckets that are full again (as good as unused); returns how many."""
        ...


class LocalLimits:
    """The buckets of one process (an outlet no other instance sends through, or tests)."""

    def __init__(self) -> None:
        self._state: dict[str, tuple[Bucket, Level]] = {}

    def _level(self, bucket: Bucket) -> Level:
        known = self._state.get(bucket.key)
        return known[1] if known else fresh(bucket)

    async def take_tokens(self, buckets: Sequence[Bucket], now: datetime) -> datetime | None:
        levels, retry = take([(b, self._level(b)) for b in buckets], now.timestamp())
        if retry is not None:
            return moment(retry)
        for bucket, level in zip(buckets, levels, strict=True):
            self._state[bucket.key] = (bucket, level)
        if len(self._state) >= 1024:
            await self.forget_full(now)
        return None

    async def hold_bucket(self, bucket: Bucket, until: datetime, tokens: float) -> None:
        self._state[bucket.key] = (bucket, hold(self._level(bucket), until.timestamp(), tokens))

    async def bucket_level(self, bucket: Bucket, now: datetime) -> float:
        return self._level(bucket).at(bucket, now.timestamp())

    async def bucket_ready(self, bucket: Bucket, now: datetime) -> datetime:
        return moment(self._level(bucket).ready(bucket, now.timestamp()))

    async def forget_full(self, now: datetime) -> int:
        """A full bucket is the same as a fresh one: memory follows the addresses recently sent to."""
        t = now.timestamp()
        full = [key for key, (bucket, level) in self._state.items() if level.full(bucket) <= t]
        for key in full:
            del self._state[key]
        return len(full)


def moment(t: float) -> datetime:
    """Epoch seconds as an instant, rounded up to the millisecond: never before the time meant."""
    return datetime.fromtimestamp(math.ceil(t * 1000) / 1000, UTC)
