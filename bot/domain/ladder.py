"""The escalation ladder: platform profiles as data, and the pure planner of a gig's pending steps."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Literal

from bot.domain.calendar import WorkCalendar
from bot.domain.stages import Stage

_OFFSET = re.compile(r"^(?:(?P<after>[a-z_]+)\+)?(?P<n>\d{1,3})(?P<unit>bd|d)$")


@dataclass(frozen=True, slots=True)
class Offset:
    """A step's due time: N business or calendar days after the start of silence or after another step."""

    amount: int
    unit: Literal["bd", "d"]
    after: str | None = None

    @classmethod
    def parse(cls, text: str) -> Offset:
        m = _OFFSET.match(text.strip().lower())
        if not m:
            raise ValueError(f"not an offset: {text!r} (write 3bd, 7d or termination_request+7d)")
        unit: Literal["bd", "d"] = "bd" if m["unit"] == "bd" else "d"
        return cls(int(m["n"]), unit, m["after"])

    def __str__(self) -> str:
        prefix = f"{self.after}+" if self.after else ""
        return f"{prefix}{self.amount}{self.unit}"


@dataclass(frozen=True, slots=True)
class StepDef:
    code: str
    at: Offset
    variant: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """One platform's ladders, keyed by the ladder name of a stage (see Stage.ladder)."""

    name: str
    ladders: Mapping[str, tuple[StepDef, ...]]

    def steps(self, ladder: str) -> tuple[StepDef, ...]:
        return self.ladders.get(ladder, ())

    def step_codes(self) -> frozenset[str]:
        return frozenset(s.code for steps in self.ladders.values() for s in steps)


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A pending step: `nominal` is its due time by the offsets, `deliver` when the user gets it."""

    step: str
    order: int
    nominal: datetime
    deliver: datetime
    variant: str | None = None


@cache
def profiles() -> Mapping[str, Profile]:
    """The built-in platform profiles, read once from profiles.toml."""
    raw = tomllib.loads(resources.files("bot.domain").joinpath("profiles.toml").read_text("utf-8"))
    out: dict[str, Profile] = {}
    for name, ladders in raw.items():
        out[name] = Profile(
            name,
            {
                ladder: tuple(StepDef(s["step"], Offset.parse(s["at"]), s.get("variant")) for s in steps)
                for ladder, steps in ladders.items()
            },
        )
    return out


def profile(name: str) -> Profile:
    try:
        return profiles()[name]
    except KeyError:
        raise ValueError(f"unknown platform {name!r}") from None


PLATFORMS: tuple[str, ...] = ("crowdworks", "lancers", "upwork", "direct")


@cache
def all_step_codes() -> tuple[str, ...]:
    """Every step code of every profile, in a stable ladder-like order."""
    seen: dict[str, None] = {}
    for prof in profiles().values():
        for ladder in ("negotiating", "contract", "delivered"):
            for s in prof.steps(ladder):
                seen.setdefault(s.code, None)
    return tuple(seen)


def validate_override(step: str, text: str) -> Offset:
    """Check a per-user offset override; an `after` reference must name a known step."""
    if step not in all_step_codes():
        raise ValueError(f"unknown step {step!r}")
    off = Offset.parse(text)
    if off.after is not None and (off.after not in all_step_codes() or off.after == step):
        raise ValueError(f"{off.after!r} is not another step")
    return off


def plan(
    *,
    stage: Stage,
    since: datetime,
    prof: Profile,
    calendar: WorkCalendar,
    overrides: Mapping[str, str] | None = None,
    shift: timedelta = timedelta(0),
    after_order: int = 0,
) -> list[PlannedStep]:
    """The pending steps of a gig that has waited since `since` in `stage`.

    Steps at or before `after_order` were already delivered or skipped in this period of silence.
    `shift` is the sum of snoozes, applied after the offsets so that snoozing never re-counts days.
    """
    overrides = overrides or {}
    raw: dict[str, datetime] = {}
    out: list[PlannedStep] = []
    for order, sdef in enumerate(prof.steps(stage.ladder), start=1):
        off = Offset.parse(overrides[sdef.code]) if sdef.code in overrides else sdef.at
        base = raw.get(off.after, since) if off.after else since
        due = (
            calendar.add_business_days(base, off.amount)
            if off.unit == "bd"
            else calendar.add_calendar_days(base, off.amount)
        )
        raw[sdef.code] = due
        if order <= after_order:
            continue
        nominal = due + shift
        out.append(PlannedStep(sdef.code, order, nominal, calendar.deliver_at(nominal), sdef.variant))
    return out
