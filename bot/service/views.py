"""Shared renderings of gigs, steps and events, used by several commands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import catalog as i18n
from bot.ports import EventRecord, GigRecord, StepRecord, UserRecord


def step_name(lang: str, step: str) -> str:
    return i18n.t(lang, f"stepname.{step}")


def next_step(user: UserRecord, steps: list[StepRecord]) -> str:
    """ "nudge on Tue 24 Nov 09:00", or that nothing is scheduled."""
    lang = user.language
    if not steps:
        return i18n.t(lang, "reply.no_next_step")
    s = min(steps, key=lambda s: (s.due_at, s.order))
    return i18n.t(
        lang, "reply.next_step", step=step_name(lang, s.step), when=i18n.when(lang, s.due_at, user.tz)
    )


def silence_days(gig: GigRecord, now: datetime) -> int | None:
    return (now - gig.waiting_since).days if gig.waiting_since else None


# Event data whose values are codes with a name in the catalogs: data key -> catalog table.
_NAMED_VALUES = {"stage": "stage", "from": "stage", "to": "stage", "request": "request", "reason": "reason"}


def event_text(lang: str, event: EventRecord) -> str:
    """One timeline line in words; unknown data keys are ignored, missing ones read empty."""
    data: dict[str, Any] = dict(event.data)
    if event.step:
        data["step"] = step_name(lang, event.step)
    for key, table in _NAMED_VALUES.items():
        if key in data:
            data[key] = i18n.t(lang, f"{table}.{data[key]}")
    text = i18n.t(
        lang,
        f"event.{event.kind}",
        **{k: data.get(k, "") for k in i18n.placeholders(i18n.catalog(lang)[f"event.{event.kind}"])},
    )
    note = data.get("note")
    return f"{text} — {i18n.literal(note)}" if note else text
