"""The freelancer's own deadlines: a client's request the platform gives them days to answer.

Its reminder, `respond_deadline`, is a pending step of the gig like any ladder step, so the engine,
deferral to active hours and catch-up deliver it; but it is not part of the client-silence ladder:
it carries its own deadline (StepRecord.deadline_at), outlives the ladder being re-planned, and is
delivered on its own, never skipped for a ladder step nor skipping one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources

from bot.domain.calendar import WorkCalendar
from bot.domain.ladder import PlannedStep

RESPOND_STEP = "respond_deadline"
OWN_STEPS: frozenset[str] = frozenset({RESPOND_STEP})
_LOOKBACK_DAYS = 31  # a reminder is never looked for further back than this before its deadline


@dataclass(frozen=True, slots=True)
class Request:
    name: str  # termination, refund, dispute
    platforms: tuple[str, ...]
    days: int


@cache
def requests() -> dict[str, Request]:
    raw = tomllib.loads(resources.files("bot.protection").joinpath("requests.toml").read_text("utf-8"))
    return {name: Request(name, tuple(spec["platforms"]), int(spec["days"])) for name, spec in raw.items()}


def request_names() -> tuple[str, ...]:
    return tuple(requests())


def deadline_of(request: Request, received: datetime, calendar: WorkCalendar) -> datetime:
    """The platform's deadline: the same local time `days` calendar days after the request arrived."""
    return calendar.add_calendar_days(received, request.days)


def reminder_at(deadline: datetime, calendar: WorkCalendar) -> datetime:
    """One business day before the deadline: the previous business day at the deadline's local time,
    brought inside the active hours so the reminder arrives that day and not on the deadline's day."""
    local = calendar.local(deadline)
    day = local.date() - timedelta(days=1)
    floor = local.date() - timedelta(days=_LOOKBACK_DAYS)
    while not calendar.is_business_day(day) and day > floor:
        day -= timedelta(days=1)
    minutes = local.hour * 60 + local.minute
    minutes = min(max(minutes, calendar.active_start), calendar.active_end - 1)
    return _at(day, minutes, calendar)


def _at(day: date, minutes: int, calendar: WorkCalendar) -> datetime:
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=calendar.zone)
    return calendar.local(wall)


def plan_respond(request: Request, deadline: datetime, calendar: WorkCalendar, now: datetime) -> PlannedStep:
    """The `respond_deadline` step; already overdue (a late `since:`) means it is delivered now."""
    nominal = reminder_at(deadline, calendar)
    deliver = now if nominal <= now else calendar.deliver_at(nominal)
    return PlannedStep(RESPOND_STEP, 0, nominal, deliver, request.name)
