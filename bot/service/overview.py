"""A read-only overview of one user's gigs and settings, for App Home tabs and autocompletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.compose import stage_label, step_label
from bot.ports import Store, UserRecord
from bot.service.context import Actor
from bot.service.views import silence_days


@dataclass(frozen=True, slots=True)
class GigLine:
    number: int
    title: str
    client: str
    stage: str
    stage_label: str  # the stage in words that fit the gig's situation, in the user's language
    platform: str
    silent_days: int | None  # None when not waiting for the client
    next_step: str | None
    next_step_label: str | None  # the step in words that fit the gig's situation, in the user's language
    next_at: datetime | None


@dataclass(frozen=True, slots=True)
class Overview:
    user: UserRecord | None  # None: the user has never used gigwatch (or was forgotten)
    gigs: tuple[GigLine, ...]


async def overview(store: Store, actor: Actor, now: datetime, *, include_closed: bool = False) -> Overview:
    async with store.transaction() as tx:
        user = await tx.user(actor.workspace, actor.external_id)
        if user is None:
            return Overview(None, ())
        gigs = await tx.gigs(user.id, include_closed=include_closed)
        pending = await tx.pending([g.id for g in gigs])
    lines = []
    for g in gigs:
        steps = pending.get(g.id, [])
        first = min(steps, key=lambda s: (s.due_at, s.order)) if steps else None
        lines.append(
            GigLine(
                number=g.number,
                title=g.title,
                client=g.client,
                stage=g.stage.value,
                stage_label=stage_label(user.language, g),
                platform=g.platform,
                silent_days=silence_days(user, g, now),
                next_step=first.step if first else None,
                next_step_label=step_label(user.language, first.step, g, user.tz) if first else None,
                next_at=first.due_at if first else None,
            )
        )
    return Overview(user, tuple(lines))
