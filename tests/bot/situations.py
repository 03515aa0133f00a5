"""Every meaningful situation a gig can be in, for the tests that enumerate them.

A situation is platform x stage x funded x delivered x payment terms; the combinations a gig cannot be in
(a negotiation that was delivered, a `direct` gig with escrow) are left out. `planned()` says which steps
the tracks of a situation can send, so advice is checked exactly where it can be said.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from bot.domain.facts import PayBy, Situation, closes
from bot.domain.stages import Stage
from bot.domain.tracks import CHANGES, WORKED, StepDef, profile, profiles
from bot.ports import GigRecord, UserRecord
from bot.schedule import planned_steps

PAY_BY = {
    "unset": None,
    "none": PayBy(None),
    "date": PayBy(date(2027, 1, 15)),
    "capped": PayBy(date(2027, 6, 30)),  # later than 60 days after any delivery the tests use
}


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
                for delivered in (False, True):
                    if not consistent(stage, funded, delivered):
                        continue
                    for pay_by in PAY_BY if delivered else ("unset",):
                        # A part payment is possible once there is a contract and until the gig is paid.
                        for paid in (
                            ("none", "part") if stage.contract and stage is not Stage.PAID else ("none",)
                        ):
                            # The client may have asked for changes to the work as delivered.
                            for changes in (False, True) if stage is Stage.DELIVERED else (False,):
                                # An hourly contract has no escrow to fund: its gigs are never funded.
                                for hourly in (False, True) if prof.hourly is not None else (False,):
                                    # A gig at `funded` on an escrow platform has funded escrow, unless
                                    # it is hourly: then nothing is ever funded.
                                    if (hourly and funded) or (
                                        stage is Stage.FUNDED and prof.escrow and not funded and not hourly
                                    ):
                                        continue
                                    # Hours may have been logged before anything was funded.
                                    for worked in (
                                        (False, True)
                                        if stage in (Stage.NEGOTIATING, Stage.CONTRACTED)
                                        else (False,)
                                    ):
                                        # Direct work may be with a client abroad (the user outside
                                        # Japan, or a fee in another currency): the Act may not bind.
                                        for abroad in (False, True) if not prof.escrow else (prof.abroad,):
                                            yield Situation(
                                                platform,
                                                stage,
                                                prof.escrow,
                                                funded,
                                                delivered,
                                                abroad,
                                                pay_by,
                                                paid,
                                                changes=changes,
                                                hourly=hourly,
                                                worked=worked,
                                            )


def situation_id(s: Situation) -> str:
    funded = "funded" if s.funded else "unfunded" if s.escrow else "no-escrow"
    delivered = "delivered" if s.delivered else "not-delivered"
    paid = "-part_paid" if s.paid == "part" else ""
    changes = "-changes_asked" if s.changes else ""
    hourly = "-hourly" if s.hourly else ""
    worked = "-worked" if s.worked else ""
    abroad = "-abroad" if s.abroad and not profile(s.platform).abroad else ""
    return (
        f"{s.platform}-{s.stage.value}-{funded}-{delivered}-payby_{s.pay_by}{paid}{changes}{hourly}{worked}"
        f"{abroad}"
    )


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
        progress={**({CHANGES: 1} if situation.changes else {}), **({WORKED: 1} if situation.worked else {})},
        amount=30000.0 if situation.paid == "part" and not situation.hourly else None,
        rate=40.0 if situation.hourly else None,  # a rate and no fee: an hourly contract
        paid_amount=10000.0 if situation.paid == "part" else 0.0,
        # a direct client abroad: paid in dollars (the user's zone, Japan by default, stays)
        currency="USD" if situation.abroad and not prof.abroad else None,
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


# --- docs/advice.md ------------------------------------------------------------------------------------

TABLE_START = "<!-- situations: generated by `python -m tests.bot.situations`; a test keeps it current -->"
TABLE_END = "<!-- /situations -->"


def _wording(slot: str, facts: dict[str, str]) -> str:
    from bot.domain.advice import advice

    variant = advice().choose(slot, facts)
    return variant.key or "generic"


def forbid_table() -> str:
    """What no text may say, by situation (advice.toml's [[forbid]])."""
    from bot.domain.advice import advice

    rows = ["| when | no text may | why |", "|---|---|---|"]
    for f in advice().forbids:
        when = ", ".join(f"{k} = {'/'.join(sorted(v))}" for k, v in f.when.terms)
        rows.append(f"| {when} | {', '.join(f'`{t}`' for t in sorted(f.tags))} | {f.why} |")
    return "\n".join(rows)


def generated() -> str:
    """The generated part of docs/advice.md."""
    return "\n".join([TABLE_START, "", forbid_table(), "", advice_table(), "", TABLE_END])


def _when(step: StepDef) -> str:
    """A step's offset as the table shows it, with the window it must fall in and its fallback."""
    by = f" by {step.by}" if step.by else ""
    until = f" until {step.until}" if step.until else ""
    fallback = f" else {step.fallback}" if step.fallback else ""
    return f"{step.at}{fallback}{by}{until}"


def _ladder(situation: Situation) -> str:
    """The ladder's steps while the client is silent, each with the wording the situation gets."""
    from bot.domain.tracks import Anchor

    facts = situation.facts()
    tracks = profile(situation.platform).tracks_for(situation)
    ladder = next((t for t in tracks if t.anchor is Anchor.WAITING), None)
    if ladder is None:
        return "-"
    return ", ".join(f"`{s.code}` {_when(s)} ({_wording(f'step.{s.code}', facts)})" for s in ladder.steps)


def advice_table() -> str:
    """Every open situation and what gigwatch plans and says in it: the ladder's steps (each with the
    wording the situation gets), the other tracks, and the client requests it can answer."""
    from bot.domain.tracks import Anchor

    head = (
        "| platform | stage | escrow | delivered | ladder while the client is silent | other tracks | "
        "client requests |\n|---|---|---|---|---|---|---|"
    )
    rows = [head]
    for situation in situations():
        if situation.pay_by != "unset" or situation.paid != "none" or situation.stage.final:
            continue
        if closes(situation.stage, escrow=situation.escrow, funded=situation.funded):
            continue
        prof = profile(situation.platform)
        facts = situation.facts()
        tracks = prof.tracks_for(situation)
        if situation.changes and tracks == prof.tracks_for(replace(situation, changes=False)):
            continue  # a change request that changes nothing here
        if situation.hourly and situation.changes:
            continue  # nothing is submitted by the hour: no change request to a submission
        steps = _ladder(situation)
        if situation.abroad and not prof.abroad and steps == _ladder(replace(situation, abroad=False)):
            continue  # a direct client abroad, where no step of the ladder is worded otherwise
        if situation.worked and steps == _ladder(replace(situation, worked=False)):
            continue  # hours logged before the escrow that change no wording here
        stage = situation.stage.value + (" (changes asked)" if situation.changes else "")
        stage += " (hourly)" if situation.hourly else ""
        stage += " (hours logged)" if situation.worked else ""
        stage += " (client abroad)" if situation.abroad and not prof.abroad else ""
        started = {Anchor.DELIVERED: situation.delivered, Anchor.FUNDED: situation.funded, Anchor.STAGE: True}
        others = [
            ", ".join(f"`{s.code}` {s.at}" for s in t.steps)
            for t in tracks
            if started.get(t.anchor) and t.steps
        ]
        requests = [
            f"{name} {r.days} d ({_wording('step.respond_deadline', situation.facts(request=name))})"
            for name, r in prof.requests.items()
            if situation.stage.contract and r.when.holds(facts)
        ]
        escrow = "n/a" if not situation.escrow else "funded" if situation.funded else "not funded"
        rows.append(
            f"| {situation.platform} | {stage} | {escrow} | "
            f"{'yes' if situation.delivered else 'no'} | {steps} | {'; '.join(others) or '-'} | "
            f"{'; '.join(requests) or '-'} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(generated())
