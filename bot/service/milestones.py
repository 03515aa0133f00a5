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
    # The moments known only as "on or before" their date: a gig added at a later stage (as delivered, with
    # `since:`) was contracted and funded by then, at a time nobody recorded.
    bounds: frozenset[str] = frozenset()


def _entered(event: EventRecord, stage: Stage) -> tuple[datetime, bool] | None:
    """When the event put the gig in `stage`, and whether that is the moment itself: a stage change to
    it, or the gig added at it (exact); or added past it (added as delivered, it was contracted by then:
    the time the user gave is a bound, the best there is)."""
    if event.kind == "stage" and event.data.get("to") == stage.value:
        return event.at, True
    added = _added(event)
    if added is not None and _PROGRESS.index(added[0]) >= _PROGRESS.index(stage.value):
        return added[1], added[0] == stage.value
    return None


def _added(event: EventRecord) -> tuple[str, datetime] | None:
    """The stage a gig was added at, and the time its `since:` gave (else the moment it was added)."""
    added = event.data.get("stage") if event.kind == "created" else None
    if added not in _PROGRESS:
        return None
    since = event.data.get("since")
    return str(added), datetime.fromisoformat(since) if isinstance(since, str) else event.at


def _first(events: Sequence[EventRecord], stage: Stage) -> tuple[datetime, bool] | None:
    return next((found for e in events if (found := _entered(e, stage)) is not None), None)


def milestones(gig: GigRecord, events: Sequence[EventRecord]) -> Milestones:
    ladder = ladder_step_codes()
    silences, counted = 0, False
    for e in events:
        if e.kind in _BREAKS:
            counted = False
        elif e.kind == "reminder" and e.step in ladder and not counted:
            silences, counted = silences + 1, True
    contract, accepted, paid = (_first(events, s) for s in (Stage.CONTRACTED, Stage.ACCEPTED, Stage.PAID))
    bounds = {
        name for name, found in (("contract", contract), ("accepted", accepted)) if found and not found[1]
    }
    # The escrow taken as funded when the gig was added past it dates from the `since:` of the addition.
    added = next((a for e in events if (a := _added(e)) is not None), None)
    if (
        added
        and gig.funded_at == added[1]
        and _PROGRESS.index(added[0]) > _PROGRESS.index(Stage.FUNDED.value)
    ):
        bounds.add("funded")
    # A gig moved on to acceptance or payment without a delivery on record was handed over by then: the
    # moment the move set is a bound (the client was not 0 days from delivery to acceptance).
    delivered = _first(events, Stage.DELIVERED)
    if gig.delivered_at is not None and (delivered is None or not delivered[1]):
        bounds.add("delivered")
    return Milestones(
        contract=contract[0] if contract else None,
        funded=gig.funded_at,
        delivered=gig.delivered_at,
        accepted=accepted[0] if accepted else None,
        paid=paid[0] if paid else None,
        silences=silences,
        bounds=frozenset(bounds),
    )
