"""Prometheus metrics of the live bot, in a registry of its own (so tests and embedders stay isolated)."""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.dispatcher import Result
from bot.messages import Kind
from bot.ports import OutboxRecord
from bot.service import Outcome
from storage.repository import StoreStatus

LATENCY_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.commands = Counter(
            "gigwatch_commands", "Commands handled, by command and result", ["command", "result"], registry=r
        )
        self.deliveries = Counter(
            "gigwatch_deliveries",
            "Outbox delivery attempts by outlet, message kind and result (sent, retry, rate_limited, failed)",
            ["outlet", "kind", "result"],
            registry=r,
        )
        self.reminders = Counter(
            "gigwatch_reminders_delivered", "Reminders delivered, by outlet", ["outlet"], registry=r
        )
        self.latency = Histogram(
            "gigwatch_delivery_latency_seconds",
            "From when a reminder fell due (was queued) to when the platform accepted it",
            ["outlet"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.backlog = Gauge("gigwatch_outbox_backlog", "Outbox rows waiting or being sent", registry=r)
        self.failed = Gauge("gigwatch_outbox_failed", "Outbox rows that failed for good", registry=r)
        self.failed_unseen = Gauge(
            "gigwatch_outbox_failed_unseen", "Failed rows not yet told to their user", registry=r
        )
        self.pending_steps = Gauge("gigwatch_pending_steps", "Ladder steps waiting to fall due", registry=r)
        self.open_gigs = Gauge("gigwatch_open_gigs", "Gigs not closed", registry=r)
        self.healthy = Gauge(
            "gigwatch_healthy",
            "1 while a part's latest attempt succeeded, 0 while it fails",
            ["part"],
            registry=r,
        )
        self.failures = Counter(
            "gigwatch_failures",
            "Failed attempts of a part of the runtime (it keeps retrying)",
            ["part"],
            registry=r,
        )

    def command(self, outcome: Outcome) -> None:
        result = "fault" if outcome.fault is not None else "ok" if outcome.ok else "error"
        self.commands.labels(outcome.command or "unknown", result).inc()

    def delivery(self, row: OutboxRecord, result: Result, at: datetime) -> None:
        """The dispatcher's observer."""
        outlet = row.workspace.split(":", 1)[0]
        self.deliveries.labels(outlet, row.kind.value, result.value).inc()
        if result is Result.SENT and row.kind is Kind.REMINDER:
            self.reminders.labels(outlet).inc()
            self.latency.labels(outlet).observe(max(0.0, (at - row.created_at).total_seconds()))

    def refresh(self, status: StoreStatus) -> None:
        """The gauges are read from the database at scrape time: it is the record, not this process."""
        self.backlog.set(status.outbox_pending + status.outbox_sending)
        self.failed.set(status.failed)
        self.failed_unseen.set(status.failed_unseen)
        self.pending_steps.set(status.pending_steps)
        self.open_gigs.set(status.open_gigs)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
