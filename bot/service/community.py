"""Community commands: factual reports about clients, their moderation, and the weekly digest.

A member's reports are scoped to the workspace, counted once per member, client and reason, and shown
to others only as categories and member counts, and only once two or more members reported the client:
one member alone cannot make a client look bad, and nobody ever learns who reported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot import compose
from bot.domain.stages import Stage
from bot.domain.tracks import ladder_step_codes, profile
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.outlets import channel_label
from bot.ports import ClientReports, DigestRecord, EventKind, EventRecord, GigRecord, ReportRecord
from bot.protection.clients import client_key, client_label, reasons_text
from bot.protection.digest import channel_address, next_run
from bot.schedule import billing_checked, planned_steps, platform_settles
from bot.service.context import Ctx, handles
from bot.service.milestones import milestones

log = logging.getLogger(__name__)

DAILY_REPORTS = 10  # reports one member may file in 24 hours: a flood stops here
ADMIN_LIST = 50  # reports an admin sees at once, newest first
# Reasons about a payment: backed by a gig (`gig:`), they need its work delivered, or no payment was due.
PAYMENT_REASONS = frozenset({"unpaid", "late_payment"})
# Reasons about a platform: backed by a gig, they need one (a direct deal has no platform to leave).
PLATFORM_REASONS = frozenset({"offplatform"})


def _key(name: str) -> str:
    key = client_key(name)
    if not key:
        raise CommandError("error.bad_client")
    return key


async def shown_reports(ctx: Ctx, key: str) -> ClientReports | None:
    """The client's reports, if two or more members made them; otherwise nothing is shown."""
    found = await ctx.tx.client_reports(ctx.user.workspace, key)
    return found if found is not None and found.members >= ctx.community.min_members else None


async def warn_if_reported(ctx: Ctx, gig: GigRecord) -> None:
    """`/gig add` mentions a client that several members reported; what to do next fits the gig (no
    escrow talk for a direct client, nothing "before you start" on work already delivered)."""
    key = client_key(gig.client)
    found = await shown_reports(ctx, key) if key else None
    if found is not None:
        params = compose.gig_params(ctx.user, gig, ctx.now) | {
            "client": client_label(gig.client) or key,
            "members": found.members,
            "reasons": reasons_text(ctx.lang, found.reasons),
        }
        text = compose.advise(ctx.lang, "warning.client_reported", gig.situation().facts(), "text", **params)
        ctx.reply("reply.raw", kind=Kind.WARNING, text=text, gig=gig.number, step="client_reported")


# A client written as a gig number ("1", "#1"): `/gig report 1 unpaid` meant a gig, not a client named "1".
_GIG_NUMBER = re.compile(r"#?\s*(\d{1,9})")


async def _not_a_gig_number(ctx: Ctx, client: str, reason: str) -> None:
    """A report filed against a client named like one of the user's gigs would count against a client
    nobody has: the gig meant is asked about, with the command that names its client."""
    found = _GIG_NUMBER.fullmatch(client.strip())
    if found is None:
        return
    gig = await ctx.tx.gig(ctx.user.id, int(found[1]))
    if gig is None:
        raise CommandError("error.report_number_client", value=client.strip()[:12])
    name = client_label(gig.client) or gig.client
    written = f'"{name}"' if any(c.isspace() for c in name) else name
    command = f"/gig report {written} {reason} gig:{gig.number}"
    raise CommandError(
        "error.report_gig_number", value=client.strip()[:12], gig=gig.number, client=name, command=command
    )


@handles("report")
async def report(ctx: Ctx, a: Mapping[str, Any]) -> None:
    await _not_a_gig_number(ctx, a["client"], a["reason"])
    key = _key(a["client"])
    label = client_label(a["client"]) or key
    reason_name = i18n.t(ctx.lang, f"reason.{a['reason']}")
    gig = await ctx.gig(a["gig"]) if "gig" in a else None
    if gig is not None and client_key(gig.client) != key:
        raise CommandError("error.report_gig_client", gig=gig.number, client=client_label(gig.client))
    if gig is not None and a["reason"] in PAYMENT_REASONS:
        gig = await ctx.with_hours(gig)  # an hourly contract is owed its hours: read them
        _payment_backed(ctx, gig, a["reason"], client=label, reason=reason_name)
    if gig is not None and a["reason"] == "ghosted" and not await _silent(ctx, gig):
        raise CommandError("error.report_not_silent", gig=gig.number, client=label, reason=reason_name)
    if gig is not None and a["reason"] in PLATFORM_REASONS and not profile(gig.platform).escrow:
        raise CommandError("error.report_direct", gig=gig.number, reason=reason_name)
    record = ReportRecord(
        0, ctx.user.workspace, ctx.user.id, key, label, a["reason"], ctx.now, gig.id if gig else None
    )
    if await ctx.tx.add_report(record) is None:
        raise CommandError("error.report_duplicate", client=label, reason=reason_name)
    if await ctx.tx.reports_since(ctx.user.id, ctx.now - timedelta(days=1)) > DAILY_REPORTS:
        raise CommandError("error.report_limit", limit=DAILY_REPORTS)  # rolls the report back
    if gig is not None:
        await ctx.tx.add_event(
            EventRecord(gig.id, ctx.user.id, ctx.now, EventKind.REPORT, None, {"reason": a["reason"]})
        )
    log.info("client reported", extra={"workspace": ctx.user.workspace, "reason": a["reason"]})
    ctx.reply("report.saved", client=label, reason=reason_name)


async def _silent(ctx: Ctx, gig: GigRecord) -> bool:
    """Whether the gig's timeline shows the client silent long enough for a ladder reminder: one went out
    in a silence, or the current one has reached a step's due time (its reminder may wait for active
    hours, or the user snoozed it). A "ghosted" report backed by the gig is shown as backed by it."""
    if milestones(gig, await ctx.tx.events(gig.id)).silences:
        return True
    ladder, snoozed = ladder_step_codes(), timedelta(seconds=gig.shift_seconds)  # a snooze ends no silence
    due = planned_steps(ctx.user, gig, ctx.now, present=False) if gig.waiting else []
    return any(s.step in ladder and s.nominal - snoozed <= ctx.now for s in due)


def _payment_backed(ctx: Ctx, gig: GigRecord, code: str, **params: str) -> None:
    """A payment report backed by a gig is shown as backed by the reporter's timeline, so it must not
    say what that timeline contradicts: no payment is due before delivery (an hourly contract the platform
    bills every week is paid week by week, checked from the handover on), none is late before the
    payment date on record, and a fee paid in full (or a purchase paid to the platform) was not left
    unpaid."""
    platform = compose.platform_name(ctx.lang, gig.platform)
    if gig.delivered_at is None and gig.billed_by_platform and not gig.closed:
        # hours billed every week while the work goes on: the payment track's check starts at the handover
        raise CommandError("error.report_billing_running", gig=gig.number, platform=platform, **params)
    # An hourly contract that ended is billed for its hours, never delivered: its payment is checked from
    # the end of the work on (`billing_checked`).
    if gig.delivered_at is None and not (gig.billed_by_platform and gig.stage is Stage.TERMINATED):
        raise CommandError("error.report_undelivered", gig=gig.number, **params)
    purchased = profile(gig.platform).settles_payment and gig.situation().funded
    # Paid: in full, or by the escrow released at acceptance; not an escrow that went back to the client
    # after the delivery (the client kept the work and the money).
    released = gig.stage is Stage.ACCEPTED and gig.closed
    paid = gig.stage is Stage.PAID or released or (gig.owed == 0 and not gig.escrow_refunded)
    if code == "unpaid" and (purchased or paid):
        key = "error.report_purchased" if purchased else "error.report_paid"
        raise CommandError(key, gig=gig.number, platform=platform, **params)
    # Settled (paid in full, or the escrow released at acceptance) by the last payment day: not late. The
    # day it was recorded is no earlier than the payment, so a fee recorded in time came in time.
    payday = gig.last_payment_day(ctx.user.tz)
    if code == "late_payment" and paid and gig.closed_at is not None and payday is not None:
        came = ctx.user.calendar.local(gig.closed_at).date()
        if came <= payday:
            name = "error.report_released_on_time" if released else "error.report_paid_on_time"
            key = i18n.own_key(ctx.lang, name, gig.platform)
            raise CommandError(
                key,
                gig=gig.number,
                platform=platform,
                paid=i18n.date(ctx.lang, came),
                date=i18n.date(ctx.lang, payday),
                **params,
            )
    if gig.refund_unsettled:  # whether anything is owed depends on the request's outcome, not recorded
        key = i18n.own_key(ctx.lang, "error.report_in_question", gig.platform)
        raise CommandError(key, gig=gig.number, platform=platform, **params)
    # A funded submission is paid by the platform's own clock (Upwork releases the milestone 14 days after
    # the submission unless the client approves it or asks for changes first): no payment is late before
    # that day, however far the Freelance Act's 60 days (which may not bind a client abroad) reach, and
    # after it the fee was released, not left unpaid.
    settles = platform_settles(ctx.user, gig)
    if settles is not None:
        day = i18n.date(ctx.lang, ctx.user.calendar.local(settles).date())
        name = "report_released" if settles <= ctx.now else "report_release_due"
        key = i18n.own_key(ctx.lang, f"error.{name}", gig.platform)
        raise CommandError(key, gig=gig.number, platform=platform, date=day, **params)
    checked = billing_checked(ctx.user, gig)
    if checked is not None and checked > ctx.now:  # the hours are billed and paid out on the platform's clock
        day = i18n.date(ctx.lang, ctx.user.calendar.local(checked).date())
        raise CommandError("error.report_billing", gig=gig.number, platform=platform, date=day, **params)
    # Not late before the last payment day: the one on record, else the Freelance Act's (the 60th day
    # counting the delivery day; the delivery day itself with `pay_by:none`). Hours the platform bills are
    # checked by its own clock above; an escrow that went back after the delivery is a refusal to pay now.
    waits = not (gig.billed_by_platform or gig.escrow_refunded)
    if payday is not None and waits and not gig.payment_overdue(ctx.user.tz, ctx.now):
        # the Act's own day binds only a client it reaches: one likely abroad (Upwork's) may not be bound
        act = "error.report_not_due_act_abroad" if gig.abroad(ctx.user.tz) else "error.report_not_due_act"
        key = "error.report_not_due" if gig.pay_by is not None else act
        # the Act's day counts from the handing over, in the platform's word for it (Upwork: the submission)
        words = compose.handover(ctx.lang, gig.platform, gig.hourly)
        raise CommandError(key, gig=gig.number, date=i18n.date(ctx.lang, payday), **params, **words)


@handles("reports")
async def list_reports(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Admins moderate reports: what was reported and when, never by whom."""
    key = _key(a["client"]) if "client" in a else None
    rows = await ctx.tx.reports(ctx.user.workspace, key, ADMIN_LIST)
    if not rows:
        ctx.reply("report.none")
        return
    lines = [i18n.t(ctx.lang, "report.header", count=len(rows), limit=ADMIN_LIST)]
    for r in rows:
        lines.append(
            i18n.t(
                ctx.lang,
                "report.row_gig" if r.gig_id else "report.row",
                id=r.id,
                client=r.client_label,
                reason=i18n.t(ctx.lang, f"reason.{r.reason}"),
                date=i18n.day(ctx.lang, r.created_at, ctx.user.tz, now=ctx.now),
            )
        )
    lines.append(i18n.t(ctx.lang, "report.footer"))
    ctx.reply("reply.raw", text="\n".join(lines))


@handles("unreport")
async def unreport(ctx: Ctx, a: Mapping[str, Any]) -> None:
    number = a["report"]
    if number != int(number) or number < 1:
        raise CommandError("error.bad_value", arg="report", value=f"{number:g}", hint="hint.report_id")
    if not await ctx.tx.delete_report(ctx.user.workspace, int(number)):
        raise CommandError("error.unknown_report", id=int(number))
    log.info("report removed", extra={"workspace": ctx.user.workspace, "report_id": int(number)})
    ctx.reply("report.removed", id=int(number))


@handles("digest")
async def digest(ctx: Ctx, a: Mapping[str, Any]) -> None:
    channel = channel_address(a["channel"])
    if channel is None:
        raise CommandError("error.bad_channel", channel=a["channel"][:40])
    workspace, label = ctx.user.workspace, channel_label(channel)
    if a.get("cadence") == "off":
        if not await ctx.tx.delete_digest(workspace, channel):
            raise CommandError("error.no_digest", channel=label)
        ctx.reply("digest.stopped", channel=label)
        return
    first = next_run(ctx.now, ctx.user.tz, ctx.community)
    when = i18n.when(ctx.lang, first, ctx.user.tz)
    before = await ctx.tx.digest(workspace, channel)
    await ctx.tx.save_digest(DigestRecord(0, workspace, channel, ctx.user.tz, ctx.lang, first, ctx.user.id))
    log.info("digest scheduled", extra={"workspace": workspace, "next_at": first.isoformat()})
    if before is not None and before.tz == ctx.user.tz and await ctx.tx.channel_reached(workspace, channel):
        # The channel already read this notice: running the command again does not post it twice. Set by an
        # admin of another language, the digest now comes in this one (and its failures go to them): said.
        key = "digest.unchanged" if before.lang == ctx.lang else "digest.unchanged_lang"
        ctx.reply(key, channel=label, tz=ctx.user.tz, first=when)
        return
    # Posted now: the channel learns what will come (again when the time changes), and if the bot
    # cannot post there, the admin hears it at once rather than on Monday (bot.dispatcher tells them).
    welcome = compose.say(ctx.lang, Kind.REPLY, "digest.welcome", tz=ctx.user.tz, first=when)
    await ctx.tx.enqueue_to(workspace, channel, welcome, ctx.now, user_id=ctx.user.id)
    ctx.reply("digest.scheduled", channel=label, tz=ctx.user.tz, first=when)
