"""The key dates of a gig, read from its facts and its evidence events: shared by the evidence pack and
the user's own history with a client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.stages import Stage
from bot.domain.tracks import ladder_step_codes
from bot.ports import EventRecord, GigRecord

# What ends a period of the client's silence: a reply, or the gig moving on.
_BREAKS = frozenset({"heard", "stage", "paid"})  # the client answered, or the gig moved on
# The stages a gig passes through in order when all goes well.
_PROGRESS = tuple(
    s.value for s in (Stage.CONTRACTED, Stage.FUNDED, Stage.DELIVERED, Stage.ACCEPTED, Stage.PAID)
)


@dataclass(frozen=True, slots=True)
class Milestones:
    """When each key moment happened; None: not (yet), or not recorded."""

    contract: datetime | None
    funded: datetime | None
    delivered: datetime | None
    accepted: datetime | None
    paid: datetime | None
    silences: int  # periods of silence long enough that a ladder reminder went out


def _entered(event: EventRecord, stage: Stage) -> datetime | None:
    """When the event put the gig in `stage`: a stage change to it, or the gig added at it or past it
    (added as delivered, it was contracted by then; the time the user gave is the best there is)."""
    if event.kind == "stage" and event.data.get("to") == stage.value:
        return event.at
    added = event.data.get("stage") if event.kind == "created" else None
    if added in _PROGRESS and _PROGRESS.index(added) >= _PROGRESS.index(stage.value):
        since = event.data.get("since")
        return datetime.fromisoformat(since) if isinstance(since, str) else event.at
    return None


def _first(events: Sequence[EventRecord], stage: Stage) -> datetime | None:
    return next((at for e in events if (at := _entered(e, stage)) is not None), None)


def milestones(gig: GigRecord, events: Sequence[EventRecord]) -> Milestones:
    ladder = ladder_step_codes()
    silences, counted = 0, False
    for e in events:
        if e.kind in _BREAKS:
            counted = False
        elif e.kind == "reminder" and e.step in ladder and not counted:
            silences, counted = silences + 1, True
    return Milestones(
        contract=_first(events, Stage.CONTRACTED),
        funded=gig.funded_at,
        delivered=gig.delivered_at,
        accepted=_first(events, Stage.ACCEPTED),
        paid=_first(events, Stage.PAID),
        silences=silences,
    )
