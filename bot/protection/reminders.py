"""The reminder of the user's own deadline (`respond_deadline`), as the engine delivers it.

Its texts are `own.<step>[.<request>].<part>` in the catalogs: like a ladder step's, but it names the
platform's deadline and offers only what fits a deadline the user must meet (no "client replied", no
snooze: the platform does not move its deadline).
"""

from __future__ import annotations

from datetime import datetime

from bot import compose
from bot.i18n import catalog as i18n
from bot.messages import Action, Kind, Message
from bot.ports import GigRecord, StepRecord, UserRecord


def own_reminder(user: UserRecord, gig: GigRecord, step: StepRecord, now: datetime) -> Message:
    lang = user.language
    params = compose.gig_params(user, gig, now)
    params["deadline"] = i18n.when(lang, step.deadline_at, user.tz) if step.deadline_at else ""

    def part(name: str) -> str | None:
        keys = (f"own.{step.step}.{step.variant}.{name}",) if step.variant else ()
        return i18n.first(lang, (*keys, f"own.{step.step}.{name}"), **params)

    return Message(
        kind=Kind.REMINDER,
        lang=lang,
        title=part("title"),
        body=part("body") or "",
        draft=part("draft"),
        gig=gig.number,
        step=step.step,
        actions=(
            Action("done", i18n.t(lang, "action.done"), f"done {gig.number} {step.step}"),
            Action("open", i18n.t(lang, "action.open"), f"show {gig.number}"),
        ),
    )
