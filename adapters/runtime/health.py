"""What is failing right now, per part of the runtime: read by /healthz, counted in /metrics.

Each part reports the outcome of its latest attempt; a failure stays on the list (with why and
since when) until the same part succeeds again. Nothing here stops the bot: the parts keep their
own loops alive and retry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from adapters.runtime.metrics import Metrics

log = logging.getLogger(__name__)


class Part(StrEnum):
    ENGINE = "engine"  # due steps to reminders in the outbox
    DISPATCHER = "dispatcher"  # the outbox to the platforms
    COMMANDS = "commands"  # users' commands (the database failed one)


@dataclass(frozen=True, slots=True)
class Problem:
    reason: str
    since: datetime
    failures: int  # consecutive failed attempts

    def as_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "since": self.since.isoformat(), "failures": self.failures}


class Health:
    def __init__(self, metrics: Metrics | None = None) -> None:
        self.metrics = metrics
        self._problems: dict[Part, Problem] = {}
        for part in Part:
            self._gauge(part, up=True)

    def ok(self, part: Part) -> None:
        problem = self._problems.pop(part, None)
        if problem is not None:
            log.info("recovered", extra={"part": part.value, "failures": problem.failures})
            self._gauge(part, up=True)

    def failed(self, part: Part, reason: str, at: datetime) -> None:
        previous = self._problems.get(part)
        since = previous.since if previous else at
        self._problems[part] = Problem(reason, since, (previous.failures if previous else 0) + 1)
        if self.metrics is not None:
            self.metrics.failures.labels(part.value).inc()
        self._gauge(part, up=False)

    @property
    def degraded(self) -> bool:
        return bool(self._problems)

    def problems(self) -> dict[str, dict[str, Any]]:
        return {part.value: p.as_json() for part, p in sorted(self._problems.items())}

    def _gauge(self, part: Part, *, up: bool) -> None:
        if self.metrics is not None:
            self.metrics.healthy.labels(part.value).set(1 if up else 0)
