"""`/gig money`: what clients owe the user, per client, with the Freelance Act's last payment day,
and the totals per currency (amounts in different currencies are never added together)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.compose import (
    OwedKind,
    act_voice,
    amount_text,
    held_escrow,
    in_question_key,
    owed_heading,
    owed_kind,
    owed_text,
    platform_name,
    platform_pay_by,
    shared_key,
    work_done_text,
)
from bot.i18n import catalog as i18n
from bot.ports import GigRecord
from bot.protection.clients import client_key
from bot.schedule import last_billing, settled_by_platform
from bot.service.context import Ctx, handles

# The heading over the rows for each kind of row (`owed_kind`, as the weekly plan heads its rows), and for
# rows of different kinds; the total's words for the kinds it counts (rows the platform's own clock settled
# are not in it: the client owes them nothing, and a line below says why they are left out).
HEADINGS = {
    OwedKind.OWED: "money.header",
    OwedKind.SETTLED: "money.header_settled",
    OwedKind.HELD: "money.header_held",
    OwedKind.REDO: "money.header_redo",
    OwedKind.REFUND: "money.header_refund",
    OwedKind.MIXED: "money.header_mixed",
}
TOTALS = {
    OwedKind.OWED: "money.total",
    OwedKind.HELD: "money.total_held",
    OwedKind.REDO: "money.total_redo",
    OwedKind.MIXED: "money.total_mixed",
}
TOTALS_KNOWN = {
    OwedKind.OWED: "money.total_known",
    OwedKind.HELD: "money.total_known_held",
    OwedKind.REDO: "money.total_known_redo",
    OwedKind.MIXED: "money.total_known_mixed",
}


def _row(ctx: Ctx, gig: GigRecord, today: date, settled: str | None, kind: OwedKind) -> str:
    """One gig's line; `settled`: what `list` says of it once the platform's clock settled it (`_settled`);
    `kind`: its `owed_kind`, as the heading counted it."""
    lang = ctx.lang
    payday = gig.act_payment_day(ctx.user.tz)
    owed = owed_text(lang, gig, i18n.t(lang, "money.no_amount"))
    row = {
        "gig": gig.number,
        "title": gig.title,
        "owed": owed,
        "delivered": _handed_over(ctx, gig, today),
    }
    if gig.refund_unsettled:  # the escrow may have gone back: the amount is in question, not owed
        key = i18n.own_key(lang, "money.row_refund", gig.platform)  # Coconala: a purchase cancelled
        return i18n.t(lang, key, **row, client=gig.client)
    if gig.ended_early and not gig.billed_by_platform:
        # ended before delivery: the work done is owed, with no legal day to count
        return i18n.t(lang, "money.row_work_done", **row, work=work_done_text(lang, gig))
    if settled is not None:  # the platform's clock paid it out: not the client's debt
        return i18n.t(lang, "money.row_settled", **row, settled=settled)
    if payday is None:  # the platform settles the payment
        billing = last_billing(ctx.user, gig, ctx.now)  # a finished hourly contract: its last hours
        key = "money.row_billing_late" if billing is not None and billing.late else "money.row_platform"
        if kind is OwedKind.REDO:  # sent back: no approval awaited before redelivery
            key = "money.row_redo"
        return i18n.t(lang, key, **row, when=platform_pay_by(lang, gig, billing))
    row["owed"] = held_escrow(lang, gig, owed)
    voice = act_voice(gig, ctx.user.tz)  # a client who may be abroad: the Act's day binds only if it applies
    key = i18n.own_key(lang, "money.row_late" if today > payday else "money.row", voice)
    return i18n.t(lang, key, **row, payday=i18n.date(lang, payday))


def _handed_over(ctx: Ctx, gig: GigRecord, today: date) -> str:
    """When the work was handed over, and when the contract ended if it did: an hourly contract that ended
    without a delivery says only the end, and one at work that it is (its hours are billed, never
    delivered)."""
    lang, said = ctx.lang, []
    if (delivered := gig.delivery_day(ctx.user.tz)) is not None:
        # Handed over today is not "0 days ago". The day is fixed in the zone the user had then: after a
        # move west it can be today's date there plus one, which is today too, never "-1 days ago". Hours
        # the platform bills are never delivered: their handover is the end of the work.
        keys = (
            ("money.finished_ago", "money.finished_today")
            if gig.billed_by_platform
            else ("money.delivered_ago", "money.delivered_today")
        )
        # in the platform's own word where it has one (Upwork's freelancer submits the work)
        keys = (i18n.own_key(lang, keys[0], gig.platform), i18n.own_key(lang, keys[1], gig.platform))
        latest = ctx.user.calendar.local(gig.redelivered_at).date() if gig.redelivered_at else None
        if latest is not None and latest > delivered and not gig.billed_by_platform:
            # Delivered again after a redo: the latest delivery is what the approval (Coconala's 72 hours)
            # waits on, the first one what the Act counts from: both are named.
            days, first = (today - latest).days, i18n.short_date(lang, delivered, today=today)
            key = "money.redelivered_ago" if days > 0 else "money.redelivered_today"
            said.append(i18n.t(lang, i18n.own_key(lang, key, gig.platform), days=days, first=first))
        else:
            said.append(_ago(lang, keys, (today - delivered).days))
    elif gig.closed_at is None:  # hourly work billed every week while it goes on (`GigRecord.owing`)
        said.append(i18n.t(lang, "money.in_progress"))
    if gig.closed_at is not None:
        ended = ctx.user.calendar.local(gig.closed_at).date()
        said.append(_ago(lang, ("money.ended_ago", "money.ended_today"), (today - ended).days))
    return i18n.t(lang, "report.list_sep").join(said)


def _ago(lang: str, keys: tuple[str, str], days: int) -> str:
    """ "N days ago" (the first key), or "today" (the second) for today or a day ahead after a move west."""
    ago, today = keys
    return i18n.t(lang, ago, days=days) if days > 0 else i18n.t(lang, today)


def _settled(ctx: Ctx, gig: GigRecord) -> str | None:
    """What `list` says of a gig the platform's own clock has settled (Coconala's approval, Upwork's
    release), or None: such a fee is the platform's to pay out, not an amount the client owes."""
    when = settled_by_platform(ctx.user, gig, ctx.now)
    if when is None:
        return None
    key = i18n.own_key(ctx.lang, "reply.settled", gig.platform)
    platform = platform_name(ctx.lang, gig.platform)
    return i18n.t(
        ctx.lang,
        key,
        when=i18n.day(ctx.lang, when, ctx.user.tz, now=ctx.now),
        gig=gig.number,
        platform=platform,
    )


@handles("money")
async def money_owed(ctx: Ctx, a: Mapping[str, Any]) -> None:
    lang = ctx.lang
    # An hourly contract is owed its logged hours: read for those gigs only (one read each).
    # Ended contracts are read too: one can still owe what its closing reply said is to come.
    read = await ctx.tx.gigs(ctx.user.id, include_closed=True)
    gigs = [g for g in [await ctx.with_hours(g) for g in read if g.may_owe] if g.owing]
    if not gigs:
        ctx.reply("money.none")
        return
    today = ctx.now.astimezone(ZoneInfo(ctx.user.tz)).date()
    by_client: dict[str, list[GigRecord]] = defaultdict(list)
    for gig in gigs:
        by_client[client_key(gig.client) or gig.client].append(gig)
    totals: dict[str, float] = defaultdict(float)
    settled = {g.id: said for g in gigs if (said := _settled(ctx, g)) is not None}
    kinds = {g.id: owed_kind(g, ctx.user.tz, settled=g.id in settled) for g in gigs}
    asked = [g.platform for g in gigs if g.refund_unsettled]  # what each client in question asked
    settled_on = [g.platform for g in gigs if g.id in settled]  # whose words name the other party
    lines = [owed_heading(lang, HEADINGS, set(kinds.values()), asked, settled_on, count=len(gigs))]
    for group in by_client.values():
        lines.append(i18n.t(lang, "money.client", client=group[0].client))
        lines += [_row(ctx, g, today, settled.get(g.id), kinds[g.id]) for g in group]
        for g in group:  # a currency whose every gig is left out is not totalled as "0"
            if not (g.refund_unsettled or g.id in settled):
                totals[g.fee_currency] += g.owed or 0.0
    if not totals and not asked:
        # Every gig was settled by the platform's own clock: no client owes anything, said once, never as a
        # total owed of zero.
        lines.append(i18n.t(lang, shared_key(lang, "money.none_settled", settled_on), count=len(settled)))
        ctx.reply("reply.raw", text="\n".join(lines))
        return
    # Hourly contracts have no fee to record: without hours logged they are left out of the total, but
    # not asked for an amount.
    unknown = sum(1 for g in gigs if g.owed is None and not g.hourly)
    if totals:
        sep = i18n.t(lang, "report.list_sep")
        total = sep.join(amount_text(lang, c, v) for c, v in sorted(totals.items()))
        # A total that leaves gigs out must say so: "¥0 owed" beside an unpaid gig reads as nothing owed.
        # An hourly contract with no hours logged claims nothing yet (its row says so).
        partial = any(g.owed is None and not g.hours_unlogged for g in gigs)
        # the total's words fit what it counts (what is left out says why below)
        counted = {kinds[g.id] for g in gigs if kinds[g.id] in TOTALS} or {OwedKind.OWED}
        lines.append(owed_heading(lang, TOTALS_KNOWN if partial else TOTALS, counted, total=total))
    else:  # every gig is left out, each saying why below: no total of zero is claimed
        lines.append(i18n.t(lang, "money.total_none"))
    if unknown:
        lines.append(i18n.t(lang, "money.unknown", count=unknown))
    if asked:
        lines.append(i18n.t(lang, in_question_key(lang, "money.in_question", asked), count=len(asked)))
    if settled:
        lines.append(i18n.t(lang, shared_key(lang, "money.settled", settled_on), count=len(settled)))
    ctx.reply("reply.raw", text="\n".join(lines))
