"""The weekly plan: a DM at the start of the user's first working day of each week, with what falls due
this week, what is overdue, and what is owed and by whom.

It is off until the user asks for it (`/gig settings weekly:on`): gigwatch sends unasked only what a gig
needs now. Its due time is the user's indexed `plan_at` (None: off), so the engine wakes for it like for a
due step or a community digest, and sends it through the outbox in the transaction that moves `plan_at`
to the next week. A week with nothing to say sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.compose import (
    OwedKind,
    act_voice,
    advise,
    held_escrow,
    owed_heading,
    owed_kind,
    owed_text,
    platform_name,
    platform_pay_by,
    step_label,
    work_done_text,
)
from bot.feed import REQUEST, request_deadlines
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.ports import GigRecord, StepRecord, Store, UserRecord, logged_hours
from bot.schedule import last_billing, settled_by_platform

log = logging.getLogger(__name__)

# The heading over the owed rows for each kind of row (`owed_kind`), and for rows of different kinds.
HEADINGS = {
    OwedKind.OWED: "plan.owed",
    OwedKind.SETTLED: "plan.owed_settled",
    OwedKind.HELD: "plan.owed_row_platform.held.heading",
    OwedKind.REDO: "plan.owed_row_platform.redo.heading",
    OwedKind.REFUND: "plan.owed_refund",
    OwedKind.MIXED: "plan.owed_mixed",
}


def first_plan(user: UserRecord, now: datetime) -> datetime:
    """When a user's next plan is due: the start of active hours on the next week's first working day
    (this week's, if it is still to come)."""
    return user.calendar.week_start_after(now)


async def post_due_plans(store: Store, now: datetime, batch: int) -> int:
    """Send every plan due at `now`, each in the transaction that moves its time on; returns how many
    were queued. A plan is sent only on the day it was planned for, within active hours: one missed while
    the bot was down is placed at the next week unsent."""
    posted = 0
    while True:
        async with store.transaction() as tx:
            due = await tx.claim_due_plans(now, batch)
            for user in due:
                cal = user.calendar
                planned = user.plan_at or now
                if cal.in_active_hours(now) and cal.local(now).date() == cal.local(planned).date():
                    # An ended contract can still owe what `/gig money` lists (`GigRecord.owing`).
                    read = await tx.gigs(user.id, include_closed=True)
                    gigs = [g for g in read if not g.closed or g.may_owe]
                    for gig in gigs:
                        if (gig.hourly or (gig.ended_early and gig.rate is not None)) and gig.may_owe:
                            # what its hours are owed, as `/gig money` says it, rather than only the rate
                            gig.logged_hours = logged_hours(await tx.events(gig.id))
                    pending = await tx.pending([g.id for g in gigs])
                    message = build(user, gigs, pending, now)
                    if message is not None:
                        await tx.enqueue(user, message, now)
                        posted += 1
                await tx.save_plan(user.id, first_plan(user, now))
        if len(due) < batch:
            if posted:
                log.info("weekly plans queued", extra={"queued": posted})
            return posted


def build(
    user: UserRecord, gigs: Sequence[GigRecord], pending: dict[int, list[StepRecord]], now: datetime
) -> Message | None:
    """The plan of the week that starts at `now`; None when there is nothing to say."""
    lang, tz, cal = user.language, user.tz, user.calendar
    today = cal.local(now).date()
    week_end = _midnight(tz, today + timedelta(days=7 - today.weekday()))
    due: list[tuple[datetime, str]] = []
    overdue: list[str] = []
    owed: list[str] = []
    # What each owed row's money is (unpaid, awaiting the platform's approval, in question): the section's
    # heading is the rows' own when they agree, else one true of all (`owed_heading`).
    kinds: set[OwedKind] = set()
    asked: list[str] = []  # the platforms of the rows in question: the heading names what was asked
    settled_on: list[str] = []  # the platforms of the settled rows: the heading names the other party so
    for gig in gigs:
        ref = _ref(lang, gig)
        for step in pending.get(gig.id, []):
            if step.due_at < week_end:
                when = i18n.when(lang, step.due_at, tz)
                text = i18n.t(
                    lang, "plan.step", ref=ref, step=step_label(lang, step.step, gig, tz), when=when
                )
                due.append((step.due_at, text))
        for track, deadline in request_deadlines(user, gig):
            # A client's request the user must answer by the platform's deadline, as the calendar lists it.
            if now <= deadline < week_end:
                request = i18n.t(lang, f"request.{track.removeprefix(REQUEST)}")
                key = i18n.own_key(lang, "plan.deadline", gig.platform)
                text = i18n.t(lang, key, ref=ref, request=request, when=i18n.when(lang, deadline, tz))
                due.append((deadline, text))
        if not gig.owing or gig.owed == 0:  # as `/gig money` lists it
            continue
        amount = owed_text(lang, gig, i18n.t(lang, "plan.fee_unknown"))
        if gig.refund_unsettled:  # the escrow may have gone back: in question, neither owed nor overdue
            key = i18n.own_key(lang, "plan.owed_row_refund", gig.platform)  # Coconala: a purchase cancelled
            client = gig.client
            owed.append(i18n.t(lang, key, ref=ref, amount=amount, client=client, gig=gig.number))
            kinds.add(owed_kind(gig, tz))
            asked.append(gig.platform)
            continue
        if (settled := settled_by_platform(user, gig, now)) is not None:
            # the platform's own clock settled it (Coconala's approval, Upwork's release), as `/gig money`
            # and `list` say: neither awaiting the approval nor the client's debt past the Act's day
            key = i18n.own_key(lang, "reply.settled", gig.platform)
            platform = platform_name(lang, gig.platform)
            said = i18n.t(
                lang, key, when=i18n.day(lang, settled, tz, now=now), gig=gig.number, platform=platform
            )
            owed.append(i18n.t(lang, "plan.owed_row_settled", ref=ref, amount=amount, settled=said))
            kinds.add(owed_kind(gig, tz, settled=True))
            settled_on.append(gig.platform)
            continue
        payday = gig.act_payment_day(tz)
        facts = gig.situation_in(tz).facts()  # the Act's day only as binding a client it reaches
        if gig.ended_early and not gig.billed_by_platform:
            # ended before delivery: no legal day to count, the work done is invoiced
            work = work_done_text(lang, gig)
            owed.append(i18n.t(lang, "plan.owed_row_work_done", ref=ref, amount=amount, work=work))
            kinds.add(OwedKind.OWED)
            continue
        if payday is None:  # the platform settles the payment: its terms, no legal day to count
            # a purchase paid up front and held until the approval is waiting for it, not unpaid
            billing = last_billing(user, gig, now)  # a finished hourly contract: its last hours' day
            if billing is not None and billing.late:
                day = i18n.date(lang, billing.day)
                overdue.append(i18n.t(lang, "plan.overdue_row_billing", ref=ref, day=day))
                billing = replace(billing, late=False)  # the row below names the day, as before it
            when = platform_pay_by(lang, gig, billing)
            row = advise(lang, "plan.owed_row_platform", facts, "text", ref=ref, amount=amount, when=when)
            owed.append(row or "")
            kinds.add(owed_kind(gig, tz))
            continue
        day = i18n.date(lang, payday)  # a legal last payment day, with its year as everywhere else
        if payday < today:
            # what is missing: a payment, or (funded escrow) the acceptance that releases it
            row = advise(
                lang,
                "plan.overdue_row",
                facts,
                "text",
                ref=ref,
                day=day,
                client=gig.client,
                platform=platform_name(lang, gig.platform),
            )
            overdue.append(row or "")
        elif _midnight(tz, payday) < week_end:
            key = i18n.own_key(lang, "plan.payday", act_voice(gig, tz))
            due.append((_midnight(tz, payday), i18n.t(lang, key, ref=ref, day=day)))
        # A funded escrow holds the fee until the acceptance, as `/gig money` says: the client paid it in,
        # so the Act's day is named as the legal last payment day, not as a day for the client to pay by.
        voice = act_voice(gig, tz)
        row_key = (
            "plan.owed_row_held"
            if gig.escrow_holds and voice != "abroad"
            else "plan.owed_row_past"  # the overdue row above says the day passed
            if payday < today
            else "plan.owed_row"
        )
        held = held_escrow(lang, gig, amount)
        owed.append(i18n.t(lang, i18n.own_key(lang, row_key, voice), ref=ref, amount=held, day=day))
        kinds.add(owed_kind(gig, tz))
    if not (due or overdue or owed):
        return None
    lines = [i18n.t(lang, "plan.due")]
    lines += [text for _, text in sorted(due, key=lambda d: d[0])] or [i18n.t(lang, "plan.none")]
    if overdue:
        lines += ["", i18n.t(lang, "plan.overdue"), *overdue]
    if owed:
        lines += ["", owed_heading(lang, HEADINGS, kinds, asked, settled_on), *owed]
    lines += ["", i18n.t(lang, "plan.footer")]
    title = i18n.t(lang, "plan.title", day=i18n.day(lang, now, tz, now=now))
    return Message(kind=Kind.PLAN, lang=lang, title=title, body="\n".join(lines))


def _ref(lang: str, gig: GigRecord) -> str:
    return i18n.t(lang, "plan.gig", gig=gig.number, title=gig.title, client=gig.client)


def _midnight(tz: str, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))
