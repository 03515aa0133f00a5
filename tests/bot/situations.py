"""Every meaningful situation a gig can be in, for the tests that enumerate them.

A situation is platform x stage x funded x delivered x payment terms; the combinations a gig cannot be in
(a negotiation that was delivered, a `direct` gig with escrow) are left out. `planned()` says which steps
the tracks of a situation can send, so advice is checked exactly where it can be said.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from bot.domain.facts import PayBy, Situation, closes
from bot.domain.stages import Stage
from bot.domain.tracks import profile, profiles
from bot.ports import GigRecord, UserRecord
from bot.schedule import planned_steps

PAY_BY = {"unset": None, "none": PayBy(None), "date": PayBy(date(2027, 1, 15))}


def consistent(stage: Stage, funded: bool, delivered: bool) -> bool:
    if stage in (Stage.NEGOTIATING, Stage.WITHDRAWN):
        return not funded and not delivered
    if stage is Stage.CONTRACTED:
        return not funded and not delivered
    if stage in (Stage.DELIVERED, Stage.ACCEPTED):
        return delivered
    return True


def situations() -> Iterator[Situation]:
    for platform, prof in profiles().items():
        for stage in Stage:
            for funded in (False, True) if prof.escrow else (False,):
                if stage is Stage.FUNDED and prof.escrow and not funded:
                    continue
                for delivered in (False, True):
                    if not consistent(stage, funded, delivered):
                        continue
                    for pay_by in PAY_BY if delivered else ("unset",):
                        yield Situation(platform, stage, prof.escrow, funded, delivered, prof.abroad, pay_by)


def situation_id(s: Situation) -> str:
    funded = "funded" if s.funded else "unfunded" if s.escrow else "no-escrow"
    delivered = "delivered" if s.delivered else "not-delivered"
    return f"{s.platform}-{s.stage.value}-{funded}-{delivered}-payby_{s.pay_by}"


def gig_in(situation: Situation, since: datetime, *, requests: bool = True) -> GigRecord:
    """A gig in this situation, silent since `since`, with every client request its platform can send."""
    prof = profile(situation.platform)
    gig = GigRecord(
        id=1,
        user_id=1,
        number=7,
        title="LP",
        client="ACME",
        platform=situation.platform,
        stage=situation.stage,
        created_at=since,
        stage_since=since,
        waiting_since=since,
        funded_at=since if situation.funded else None,
        delivered_at=since if situation.delivered else None,
        pay_by=PAY_BY[situation.pay_by],
    )
    if closes(situation.stage, escrow=situation.escrow, funded=situation.funded):
        gig.closed_at = since
    if requests:
        facts = situation.facts()
        gig.requests = {name: since for name, r in prof.requests.items() if r.when.holds(facts)}
    return gig


def planned(situation: Situation, since: datetime | None = None) -> list[tuple[str, str]]:
    """The (step, track) pairs the situation's tracks can send, for a gig silent since `since`."""
    since = since or datetime.fromisoformat("2026-11-20T18:00:00+09:00")
    gig = gig_in(situation, since)
    return [(s.step, s.track) for s in planned_steps(UserRecord(1, "test", "u1"), gig, since, present=False)]
