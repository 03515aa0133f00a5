"""Gig commands: add, list, show, and everything that moves a gig along or records its facts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import epoch
from bot.commands.grammar import STAGE_SHORTCUTS
from bot.commands.times import Direction, TimeValue
from bot.commands.values import Amount
from bot.commands.vocab import Vocab, label
from bot.compose import (
    act_voice,
    advise,
    deal_error,
    gig_params,
    held_escrow,
    held_rest_key,
    money,
    owed_text,
    platform_name,
    platform_pay_by,
    stage_label,
    step_label,
)
from bot.domain.advice import step_wording
from bot.domain.calendar import JAPAN_ZONES, Preset, WorkCalendar
from bot.domain.facts import PayBy, closes
from bot.domain.stages import Stage
from bot.domain.tracks import (
    CHANGES,
    DEPOSIT,
    HALF_HOUR,
    LADDER,
    PAID_AFTER_REFUND,
    PAYMENT,
    STANDS,
    WORKED,
    Anchor,
    TrackDef,
    drop_track,
    named_step,
    pin_key,
    profile,
    shift_key,
    to_client,
    track_name,
    track_shift,
    untold_key,
    window_closes,
)
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.ports import CLIENT_NEWS, EventKind, EventRecord, GigRecord, StepRecord, logged_hours
from bot.schedule import deadline_passed, last_billing, planned_steps, reschedule, settled_by_platform
from bot.service.community import warn_if_reported
from bot.service.context import Ctx, handles
from bot.service.views import event_text, facts_lines, next_step, silence_days

MAX_BACKDATE = timedelta(days=730)
LIST_PAGE = 20  # gigs a `list` reply shows; `page:N` shows the others
SHOW_EVENTS = 10  # the latest events `show` lists; the timeline has them all
UNFUNDED = frozenset({Stage.NEGOTIATING, Stage.CONTRACTED})  # no escrow funded (yet)
HANDED_OVER = frozenset({Stage.DELIVERED, Stage.ACCEPTED, Stage.PAID})  # the work was delivered


async def _event(ctx: Ctx, gig: GigRecord, kind: EventKind, step: str | None = None, **data: Any) -> None:
    clean = {k: v for k, v in data.items() if v is not None}
    await ctx.tx.add_event(EventRecord(gig.id, ctx.user.id, ctx.now, kind, step, clean))


async def _reschedule(ctx: Ctx, gig: GigRecord) -> str:
    """Re-plan after a change; returns the "next step" phrase for the reply."""
    done = await reschedule(ctx.tx, ctx.user, gig, ctx.now)
    ctx.notices.extend(done.notes)
    if not done.notes:
        return next_step(ctx.user, gig, done.upcoming)
    # A step already due (an old `since:`) is sent right after the reply: "no reminder scheduled" just
    # before it would be untrue, so the reply names it, and what comes after it.
    named = i18n.t(ctx.lang, "sep.list").join(
        step_label(ctx.lang, n.step, gig, ctx.user.tz) for n in done.notes
    )
    if done.upcoming is None:
        return i18n.t(ctx.lang, "reply.due_now_last", step=named)
    return i18n.t(ctx.lang, "reply.due_now", step=named, next=next_step(ctx.user, gig, done.upcoming))


def _waits(gig: GigRecord, stage: Stage) -> bool:
    """Whether entering `stage` starts waiting for the client. An hourly contract the platform bills
    (Upwork's weekly billing) is finished when handed over: there is nothing for the client to accept or
    release, so no silence to watch (its payment is the billing check's, a track of its own)."""
    return stage.starts_waiting and not (gig.billed_by_platform and stage is Stage.DELIVERED)


def _start_waiting(gig: GigRecord, since: datetime) -> None:
    """A fresh period of silence: the ladder starts again from its first step."""
    gig.waiting_since = since
    drop_track(gig.progress, LADDER)
    gig.shift_seconds = 0
    gig.ladder_from = None


async def _silence_from(ctx: Ctx, gig: GigRecord, at: datetime) -> datetime:
    """When a backdated stage change (`delivered since:`, correcting the record) starts the client's
    silence: not before the client was last heard from (a reply, a request, changes asked for, a
    payment), since a correction of the worker's own dates cannot unsay what the client did since."""
    return max([at, *(e.at for e in await ctx.tx.events(gig.id) if e.kind in CLIENT_NEWS)])


def stop_waiting(gig: GigRecord) -> None:
    """The client answered (a reply, a stage change, a request with `/gig incoming`): the ladder stops."""
    gig.waiting_since = None
    drop_track(gig.progress, LADDER)
    gig.shift_seconds = 0
    gig.ladder_from = None


def _when(ctx: Ctx, a: Mapping[str, Any], key: str = "since") -> datetime:
    """A `since:` time, checked: not in the future, not too long ago."""
    value: TimeValue | None = a.get(key)
    at = value.resolve(ctx.user.tz, ctx.now) if value else ctx.now
    if at > ctx.now:
        raise future_error(ctx, value)
    if at < ctx.now - MAX_BACKDATE:
        raise CommandError("error.too_old_since", days=MAX_BACKDATE.days)
    return at


def future_error(ctx: Ctx, value: TimeValue | None) -> CommandError:
    """The refusal of a `since:` ahead of now. A date written without its year that is only just ahead
    (TimeValue.resolve) names the day it was read as and last year's same date written in full, since a
    slip of the month is likelier than a deadline typed where the start was meant."""
    if value is None or value.day is None or not value.yearless:
        return CommandError("error.future_since")
    zone = ZoneInfo(ctx.user.tz)
    today = ctx.now.astimezone(zone).date()
    ahead = value.resolve(ctx.user.tz, ctx.now).astimezone(zone).date()
    if ahead <= today:  # today's date at a later hour: the general refusal
        return CommandError("error.future_since")
    before = value.day.date(today, Direction.PAST)
    day = i18n.date(ctx.lang, ahead)
    return CommandError("error.future_since_day", day=day, last_year=before.isoformat())


def _tip(ctx: Ctx, gig: GigRecord, slot: str, **context: bool) -> None:
    """A reply that advises, in the wording the gig's situation calls for; a legal last payment day
    already behind is said to have passed (`overdue`), never spoken of as ahead."""
    overdue = gig.payment_overdue(ctx.user.tz, ctx.now)
    facts = gig.situation_in(ctx.user.tz).facts(overdue=overdue, **context)
    text = advise(ctx.lang, slot, facts, "text", **_params(ctx, gig))
    if text:
        ctx.reply("reply.raw", text=text, gig=gig.number)


def _params(ctx: Ctx, gig: GigRecord) -> dict[str, Any]:
    return gig_params(ctx.user, gig, ctx.now)


def _pay_by(ctx: Ctx, value: PayBy | TimeValue | None) -> PayBy | None:
    """The agreed payment date as written (`12/31`, `来月末`...), as a calendar day in the user's zone; a
    date without its year is the nearest one (TimeValue.nearest_day)."""
    if value is None or isinstance(value, PayBy):
        return value
    return PayBy(value.nearest_day(ctx.user.tz, ctx.now))


def client_name(text: str) -> str:
    """The client's name without an honorific typed after it: Japanese texts add 様 themselves."""
    return text.removesuffix("様").rstrip() or text


def _set_delivered(gig: GigRecord, at: datetime, tz: str) -> None:
    """A new delivery date, its day fixed in the user's zone now: the payment track counts again from it
    when the legal last payment day moves. When it does not (an agreed date within 60 days of either
    delivery), the reminders already sent about that day are not sent again (spec section 3)."""
    before = gig.last_payment_day(tz)
    gig.delivered_at = at
    gig.delivered_on = at.astimezone(ZoneInfo(tz)).date()
    if gig.last_payment_day(tz) != before:
        drop_track(gig.progress, PAYMENT)


def contract_kind(gig: GigRecord, hourly: bool) -> tuple[str | None, bool]:
    """After a fee or rate was recorded (`hourly`: whether the gig was an hourly contract before): the
    reply that says it is hourly or fixed-price now, None when that did not change, and whether its
    escrow was taken as funded (an hourly contract at work that is fixed-price now)."""
    if gig.hourly == hourly:
        return None, False
    if gig.hourly:
        return "reply.edited_hourly", False
    return "reply.edited_fixed", _assume_funded(gig)


def assumed_funded(lang: str, gig: GigRecord) -> str:
    """That the escrow was taken as funded, as the stage says, and how to undo it."""
    funded = stage_label(lang, gig, Stage.FUNDED.value)
    undo = "reply.assumed_funded_delivered" if gig.delivered_at else "reply.assumed_funded_edit"
    return i18n.t(lang, undo, gig=gig.number, funded=funded)


def _assume_funded(gig: GigRecord) -> bool:
    """An hourly contract that is fixed-price after all has an escrow now: past the contract it is taken
    as funded from when the gig entered its stage, as `add` takes it, so that the stage and the escrow
    agree. Returns whether it was taken so (the reply says so and how to undo it). A funding recorded while
    it was hourly was the start of work billed by the hour, never an escrow deposit: it is taken so too."""
    if not profile(gig.platform).escrow:
        return False
    if gig.stage in (Stage.NEGOTIATING, Stage.CONTRACTED) or not gig.stage.contract:
        return False
    gig.funded_at = gig.stage_since
    return True


def same_currency(a: Mapping[str, Any], currency: str, gig: GigRecord | None = None, *, option: bool) -> None:
    """Refuse an amount written in another currency than the one the gig's amounts are in (`$500` on a
    yen gig): read as a bare figure, it would be recorded as ¥500. A command with a `currency:` option
    (`option`) suggests it."""
    for name, value in a.items():
        if isinstance(value, Amount) and value.currency != currency:
            raise CommandError(
                "error.currency_option" if option else "error.currency_mismatch",
                arg=name,
                written=value.currency,
                currency=currency,
                code=value.currency,
                gig=gig.number if gig else None,
            )


@handles("add")
async def add(ctx: Ctx, a: Mapping[str, Any]) -> None:
    now = ctx.now
    stage: Stage = a.get("stage", Stage.NEGOTIATING)
    since = _when(ctx, a)
    platform = a.get("platform", ctx.user.platform)
    same_currency(a, a.get("currency") or profile(platform).currency, option=True)
    escrow = profile(platform).escrow
    funded = a.get("funded")
    if funded is not None and not escrow:
        raise CommandError("error.funded_direct", option="funded")
    if funded == "yes" and stage in UNFUNDED:
        raise CommandError("error.funded_stage", stage=i18n.t(ctx.lang, f"stage.{stage}"))
    # Past the contract on an escrow platform, the escrow is taken as funded unless the user says not; an
    # hourly contract (a rate and no fee) has no escrow to fund.
    hourly = profile(platform).hourly_contract(a.get("rate"), a.get("amount"))
    assumed = escrow and funded is None and stage not in UNFUNDED and stage.contract and not hourly
    funded_at = since if escrow and (funded == "yes" or assumed) else None
    gig = GigRecord(
        id=0,
        user_id=ctx.user.id,
        number=0,
        title=a["title"],
        client=client_name(a["client"]),
        platform=platform,
        stage=stage,
        created_at=now,
        stage_since=since,
        waiting_since=since if stage.starts_waiting else None,
        amount=a.get("amount"),
        rate=a.get("rate"),
        url=a.get("url"),
        funded_at=funded_at,
        delivered_at=since if stage in HANDED_OVER else None,
        delivered_on=since.astimezone(ZoneInfo(ctx.user.tz)).date() if stage in HANDED_OVER else None,
        pay_by=_pay_by(ctx, a.get("pay_by")),
        currency=a.get("currency"),
        lang=a.get("lang") or profile(platform).lang or ctx.lang,
    )
    gig.closed_at = now if closes(stage, escrow=escrow, funded=funded_at is not None) else None
    if not _waits(gig, stage):
        gig.waiting_since = None
    gig = await ctx.tx.create_gig(gig)
    await _event(
        ctx,
        gig,
        EventKind.CREATED,
        title=gig.title,
        client=gig.client,
        stage=stage.value,
        since=since.isoformat(),
        funded=funded,
        pay_by=None if gig.pay_by is None else str(gig.pay_by),
    )
    nxt = await _reschedule(ctx, gig)
    ctx.reply(
        "reply.added",
        gig=gig.number,
        title=gig.title,
        client=gig.client,
        stage=stage_label(ctx.lang, gig),
        next=nxt,
    )
    if assumed and stage in HANDED_OVER and stage is not Stage.PAID:
        # Named as the platform names the payment: "purchased" on Coconala, "escrow funded" elsewhere. Paid
        # in full, the funding changes nothing (a closed gig gets no advice); accepted, it is what closed
        # the gig (the escrow's release), and the gig would stay open for the payment without it.
        funded = stage_label(ctx.lang, gig, Stage.FUNDED.value)
        key = "reply.assumed_funded_released" if gig.closed else "reply.assumed_funded"
        ctx.reply(key, gig=gig.number, funded=funded)
    await _stage_tips(ctx, gig, first_delivery=True)
    if gig.hourly:
        # A rate and no fee: said once, with how to record a fee if the contract is fixed-price after all.
        ctx.reply("reply.hourly", gig=gig.number, platform=platform_name(ctx.lang, platform))
    recorded = gig.amount if gig.amount is not None else gig.rate
    if (
        gig.currency is None
        and recorded is not None
        and gig.fee_currency == "JPY"
        and not profile(platform).escrow
        and ctx.user.tz not in JAPAN_ZONES
    ):
        # Yen is the default where the platform does not say (direct work): a user outside Japan is told,
        # before a draft to the client names a fee in the wrong currency. A marketplace holding the fee in
        # escrow pays in its own currency (CrowdWorks, Lancers and Coconala in yen): nothing to ask.
        ctx.reply("reply.currency_assumed", gig=gig.number, amount=money(ctx.lang, gig, recorded))
    await warn_if_reported(ctx, gig)


async def _stage_tips(
    ctx: Ctx, gig: GigRecord, *, first_delivery: bool, reopened: bool = False, submitted: bool = False
) -> None:
    """What entering the gig's stage means for the worker, in the words its situation calls for. Back at
    `delivered` from acceptance or payment (`reopened`) is a record corrected, not a new delivery; work
    handed over before the escrow and `submitted` once it was funded is no redo either."""
    stage = gig.stage
    if stage is Stage.CONTRACTED:
        _tip(ctx, gig, "tip.contracted")
    elif stage is Stage.FUNDED:
        # Funded by this very move (escrow first deposited after the work was handed over) is no redo.
        funded_now = gig.funded_at is not None and gig.funded_at == gig.stage_since
        # Funded long ago (`since:`): a platform's deadline counted from the funding (Coconala's talk room)
        # may have passed already, and "start the work now" would contradict the reminder that says so.
        passed = deadline_passed(ctx.user, gig, ctx.now, track_name(Anchor.FUNDED))
        _tip(
            ctx,
            gig,
            "tip.redo" if gig.delivered_at else "tip.funded",
            funded_now=funded_now,
            deadline_passed=passed,
        )
    elif stage is Stage.DELIVERED:
        redelivered = "tip.reopened" if reopened else "tip.redelivered"
        # Delivered with an old `since:`: a platform's clock from the delivery may have run already.
        window = profile(gig.platform).approves_after
        lapsed = window is not None and gig.stage_since is not None and ctx.now - gig.stage_since >= window
        _tip(
            ctx,
            gig,
            "tip.delivered" if first_delivery else redelivered,
            deadline_passed=lapsed,
            funded_now=submitted,
        )
        if profile(gig.platform).escrow and gig.funded_at is None and not gig.hourly:
            await _warn_unfunded(ctx, gig)  # an hourly contract has no escrow to fund
    elif stage is Stage.ACCEPTED:
        _tip(ctx, gig, "tip.accepted")
    elif stage is Stage.TERMINATED:
        await _still_owed(ctx, gig)


# A direct client's last ladder step before delivery: pause the work and invoice what was done.
INVOICED = "termination_request"


async def _still_owed(ctx: Ctx, gig: GigRecord) -> None:
    """Ending a contract closes the gig and its reminders, not what the client still owes for: the pay
    for work delivered to a direct client (no escrow goes back to anyone), or for the hours an Upwork
    hourly contract logged, which its weekly billing still pays. Say what and how to follow it; where a
    funded escrow had paid out part of the fee, say that the rest goes back and nothing is owed."""
    gig = await ctx.with_hours(gig)
    params = _params(ctx, gig)
    if gig.billed_by_platform:
        if gig.owed:
            owed = money(ctx.lang, gig, gig.owed)
            hours = f"{gig.logged_hours or 0:g}"
            ctx.reply("reply.ended_owed_hourly", **{**params, "owed": owed, "hours": hours})
        return
    if gig.ended_early and gig.paid_amount:
        _warn_over(ctx, gig)  # paid up front more than the work done before the end is worth
    if gig.escrow_refunded and gig.paid_amount and gig.refunded:
        # part of the escrow was released, and the rest goes back to the client: nothing is left to follow
        refunded, paid = money(ctx.lang, gig, gig.refunded), money(ctx.lang, gig, gig.received)
        ctx.reply("reply.ended_refunded", **{**params, "refunded": refunded, "paid": paid})
        return
    if profile(gig.platform).escrow or gig.owed == 0:
        return
    voice = act_voice(gig, ctx.user.tz)  # a client abroad: no Japanese desk, the Act's day only if it applies
    if gig.delivered_at is None:
        # work in progress ended after the ladder's invoice for the work done so far (`/gig done`)
        sent = [e.at for e in await ctx.tx.events(gig.id) if e.kind is EventKind.DONE and e.step == INVOICED]
        if sent:
            invoiced = i18n.own_key(ctx.lang, "reply.ended_invoiced", voice)
            ctx.reply(invoiced, **{**params, "sent": i18n.day(ctx.lang, sent[-1], ctx.user.tz, now=ctx.now)})
        return
    owed = money(ctx.lang, gig, gig.owed) if gig.owed else i18n.t(ctx.lang, "reply.ended_owed_unknown")
    key = "reply.ended_owed_overdue" if gig.payment_overdue(ctx.user.tz, ctx.now) else "reply.ended_owed"
    ctx.reply(i18n.own_key(ctx.lang, key, voice), **{**params, "owed": owed})


@handles("list")
async def list_gigs(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """One page of LIST_PAGE gigs, and how to see the next: the reply never grows with the user's gigs."""
    closed = bool(a.get("all"))
    page = a.get("page", 1)
    if page != int(page) or page < 1:
        raise CommandError("error.bad_page", page=f"{page:g}")
    page = int(page)
    found = await ctx.tx.gig_page(
        ctx.user.id, include_closed=closed, limit=LIST_PAGE, offset=(page - 1) * LIST_PAGE
    )
    count, gigs = found.total, found.gigs
    if not count:
        ctx.reply("reply.list_empty")
        return
    pages = -(-count // LIST_PAGE)
    if page > pages:
        raise CommandError("error.no_page", page=page, pages=pages)
    if pages == 1:
        lines = [i18n.t(ctx.lang, "reply.list_header", count=count)]
    else:
        first = (page - 1) * LIST_PAGE + 1
        lines = [
            i18n.t(ctx.lang, "reply.list_header_page", count=count, first=first, last=first + len(gigs) - 1)
        ]
    for g in gigs:
        row = i18n.t(
            ctx.lang,
            "reply.list_row",
            gig=g.number,
            title=g.title,
            client=g.client,
            stage=stage_label(ctx.lang, g),
            silence=_silence(ctx, g),
            next=next_step(ctx.user, g, found.upcoming.get(g.id)),
        )
        lines.append(row + await _owed(ctx, g))
    if page < pages:
        more = f"/gig list {'all ' if closed else ''}page:{page + 1}"
        lines.append(i18n.t(ctx.lang, "reply.list_more", command=more, page=page, pages=pages))
    ctx.reply("reply.raw", text="\n".join(lines))


def _silence(ctx: Ctx, gig: GigRecord) -> str:
    """How long the other side has been silent, named as the gig's platform names them; once the
    platform's own clock has settled the gig (spec section 2: Coconala's approval 72 hours after the
    formal delivery, Upwork's release after 14 days), that instead, and how to record it: the silence
    that follows asks nothing of the client."""
    lang = ctx.lang
    days = silence_days(ctx.user, gig, ctx.now)
    if days is None:
        return i18n.t(lang, "reply.not_waiting")
    if (settled := settled_by_platform(ctx.user, gig, ctx.now)) is not None:
        when = i18n.day(lang, settled, ctx.user.tz, now=ctx.now)
        key, platform = i18n.own_key(lang, "reply.settled", gig.platform), platform_name(lang, gig.platform)
        return i18n.t(lang, key, when=when, gig=gig.number, platform=platform)
    return i18n.t(lang, i18n.own_key(lang, "reply.silent_days", gig.platform), days=days)


async def _owed(ctx: Ctx, gig: GigRecord) -> str:
    """For a delivered gig still open: what is owed and the legal last payment day (or, where the
    platform settles the payment, when it is paid). An hourly contract's hours are read for it. Nothing
    once the platform's own clock has settled the gig (`_silence` says so and how to record it): the fee
    is then the platform's to pay out, not "owed" or "awaiting approval" beside that."""
    if gig.closed or gig.delivered_at is None or settled_by_platform(ctx.user, gig, ctx.now) is not None:
        return ""
    owed = owed_text(ctx.lang, await ctx.with_hours(gig), i18n.t(ctx.lang, "money.no_amount"))
    if (payday := gig.act_payment_day(ctx.user.tz)) is None:
        # a purchase paid up front and held until the approval is not "owed" by the buyer
        return (
            advise(
                ctx.lang,
                "reply.list_owed_platform",
                gig.situation().facts(),
                "text",
                owed=owed,
                when=platform_pay_by(ctx.lang, gig, last_billing(ctx.user, gig, ctx.now)),
            )
            or ""
        )
    owed = held_escrow(ctx.lang, gig, owed)
    key = "reply.list_owed_late" if gig.payment_overdue(ctx.user.tz, ctx.now) else "reply.list_owed"
    # a client who may be abroad: the Act's day only binds a client the Act reaches
    voice = act_voice(gig, ctx.user.tz)
    return i18n.t(ctx.lang, i18n.own_key(ctx.lang, key, voice), owed=owed, payday=i18n.date(ctx.lang, payday))


@handles("show")
async def show(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    lang, tz = ctx.lang, ctx.user.tz
    lines = [
        i18n.t(
            lang,
            i18n.own_key(lang, "reply.show_header", gig.platform),
            gig=gig.number,
            title=gig.title,
            client=gig.client,
            stage=stage_label(lang, gig),
            platform=i18n.t(lang, f"platform.{gig.platform}"),
            silence=_silence(ctx, gig),
        )
    ]
    # An escrow taken as funded when the gig was added past it carries the `since:` the delivery has: a
    # bound, not a recorded moment (read from the record, as `show` reads no history beyond its latest).
    same = gig.funded_at is not None and gig.funded_at == gig.delivered_at
    bounds = frozenset({"funded"}) if same else frozenset()
    lines += facts_lines(ctx.user, await ctx.with_hours(gig), now=ctx.now, bounds=bounds)
    drafts = label(Vocab.LANG, gig.draft_language(lang), lang)
    lines.append(i18n.t(lang, i18n.own_key(lang, "reply.show_drafts", gig.platform), lang=drafts))
    lines.append(i18n.t(lang, "reply.show_history"))
    count, timeline, pending = await ctx.tx.history(gig.id, SHOW_EVENTS)
    if count > len(timeline):
        lines.append(i18n.t(lang, "reply.show_earlier", count=count - len(timeline), gig=gig.number))
    for e in timeline:
        lines.append(f"- {i18n.when(lang, e.at, tz)}  {event_text(lang, e, gig, tz)}")
    lines.append(i18n.t(lang, "reply.show_ladder") if pending else i18n.t(lang, "reply.show_no_ladder"))
    for s in sorted(pending, key=lambda s: (s.due_at, s.order)):
        lines.append(f"- {i18n.when(lang, s.due_at, tz)}  {step_label(lang, s.step, gig, tz)}")
    ctx.reply("reply.raw", text="\n".join(lines), gig=gig.number)


@handles("heard")
async def heard(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if not gig.waiting:
        await _event(ctx, gig, EventKind.HEARD, note=a.get("note"))
        ctx.reply("reply.heard_not_waiting", gig=gig.number, title=gig.title)
        return
    assert gig.waiting_since is not None
    silence = int((ctx.now - gig.waiting_since).total_seconds())
    stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await _event(
        ctx, gig, EventKind.HEARD, note=a.get("note"), silence_seconds=silence, stage=gig.stage.value
    )
    await _reschedule(ctx, gig)
    heard = i18n.own_key(ctx.lang, "reply.heard", gig.platform)
    ctx.reply(heard, gig=gig.number, title=gig.title, days=silence // 86400)


@handles("sent")
async def sent(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if gig.closed:
        raise CommandError("error.closed", id=gig.number, stage=stage_label(ctx.lang, gig))
    await _event(ctx, gig, EventKind.SENT, note=a.get("note"))
    if gig.waiting:
        assert gig.waiting_since is not None
        ctx.reply(
            "reply.sent_still_waiting",
            gig=gig.number,
            since=i18n.when(ctx.lang, gig.waiting_since, ctx.user.tz),
        )
        return
    _start_waiting(gig, ctx.now)
    await ctx.tx.save_gig(gig)
    sent = i18n.own_key(ctx.lang, "reply.sent", gig.platform)
    ctx.reply(sent, gig=gig.number, title=gig.title, next=await _reschedule(ctx, gig))


@handles("move", "funded", "delivered", "accepted", "terminate", "withdraw")
async def move(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    target: Stage = a["stage"] if "stage" in a else STAGE_SHORTCUTS[ctx.command]
    if target in (Stage.PAID, Stage.ACCEPTED):
        _guard_purchase(ctx, gig, target)
    if target is Stage.PAID:
        _guard_paid_again(ctx, gig, None)
        _guard_paid_closed(ctx, gig, confirmed=bool(a.get("confirm")))
        if not gig.closed:
            _guard_contract(ctx, gig)
        if _released_by_acceptance(gig, None):
            await _paid_as_accepted(ctx, gig, a.get("note"))
            return
        await close_paid(ctx, gig, None, note=a.get("note"))
        return
    if target is gig.stage and not target.starts_waiting:
        # Re-entering a waiting stage is news (a new delivery after a revision): a fresh start.
        raise CommandError("error.same_stage", id=gig.number, stage=stage_label(ctx.lang, gig))
    _guard(ctx, gig, target, confirmed=bool(a.get("confirm")))
    # Delivered work is owed for, also while a redo asked after the delivery is under way (delivered,
    # then funded): ending now gives it up, so the user confirms first.
    if target is Stage.TERMINATED and gig.delivered_at is not None and not a.get("confirm"):
        text = advise(
            ctx.lang,
            "warning.termination_after_delivery",
            gig.situation().facts(),
            "text",
            **_params(ctx, gig),
        )
        raise CommandError("warning.termination_after_delivery", gig=gig.number, text=text)
    # Ending work in progress loses what was done for it (the funded escrow goes back to the client): said
    # with the facts before the move, but not refused, since the ladder's own last step advises ending.
    ends_work = (
        None
        if target is not Stage.TERMINATED or gig.stage is not Stage.FUNDED or a.get("confirm")
        else (gig.situation().facts(), _params(ctx, gig))
    )
    at = _when(ctx, a) if "since" in a else ctx.now
    escrow = profile(gig.platform).escrow
    previous = gig.stage
    first_delivery = gig.delivered_at is None
    # Work handed over before the escrow, funded since (the funded stage began with the funding), and now
    # submitted on the platform: the submission the funding called for, not a redo.
    submitted = (
        target is Stage.DELIVERED
        and previous is Stage.FUNDED
        and not first_delivery
        and gig.funded_at is not None
        and gig.funded_at == gig.stage_since
        and gig.delivered_at is not None
        and gig.delivered_at < gig.funded_at
    )
    gig.stage, gig.stage_since = target, at
    if target is Stage.DELIVERED and previous in (Stage.ACCEPTED, Stage.PAID) and "since" not in a:
        # Back at delivered by a correction: nothing was submitted now, so a platform's clock from the
        # latest submission (Upwork's 14 days to release) keeps counting from that submission.
        gig.stage_since = _last_submission(await ctx.tx.events(gig.id)) or at
    drop_track(gig.progress, track_name(Anchor.STAGE))  # a platform's clock from the stage starts again
    gig.progress.pop(CHANGES, None)  # the changes asked for are being made, or were settled
    if target is Stage.FUNDED and escrow and gig.funded_at is None:
        gig.funded_at = at
    if target in UNFUNDED:  # back before the escrow: it is not (or no longer) funded
        gig.funded_at = None
    if target in HANDED_OVER and (first_delivery or "since" in a):
        _set_delivered(gig, at, ctx.user.tz)
        gig.redelivered_at = None  # this delivery is both the one the Act counts from and the latest
    elif target is Stage.DELIVERED and previous not in (Stage.ACCEPTED, Stage.PAID):
        # Delivered again after a redo: drafts to the client name this delivery from now on.
        gig.redelivered_at = at
    if target is Stage.DELIVERED and previous not in (Stage.ACCEPTED, Stage.PAID):
        await _stands_on_delivery(ctx, gig, at)
    gig.closed_at = ctx.now if closes(target, escrow=escrow, funded=gig.funded_at is not None) else None
    if _waits(gig, target):
        _start_waiting(gig, await _silence_from(ctx, gig, at) if "since" in a else at)
    else:
        stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await _event(
        ctx,
        gig,
        EventKind.STAGE,
        note=a.get("note"),
        since=at.isoformat() if "since" in a else None,
        **{"from": previous.value, "to": target.value},
    )
    nxt = await _reschedule(ctx, gig)
    moved = "reply.moved_again" if target is previous else "reply.moved"
    ctx.reply(moved, gig=gig.number, title=gig.title, stage=stage_label(ctx.lang, gig), next=nxt)
    if ends_work is not None:
        await _event(ctx, gig, EventKind.WARNING, "termination_in_progress")
        text = advise(ctx.lang, "warning.termination_in_progress", ends_work[0], "text", **ends_work[1])
        ctx.reply("reply.raw", kind=Kind.WARNING, text=text, gig=gig.number, step="termination_in_progress")
    reopened = previous in (Stage.ACCEPTED, Stage.PAID) and "since" not in a
    await _stage_tips(
        ctx, gig, first_delivery=first_delivery or "since" in a, reopened=reopened, submitted=submitted
    )


async def _stands_on_delivery(ctx: Ctx, gig: GigRecord, delivered: datetime) -> None:
    """The work delivered after the client's latest request was answered, where the platform takes no
    delivery on what that request ends (a cancelled Coconala order): the request was declined and the
    contract stands (STANDS), so no view keeps the fee in question. A request still open, or a delivery
    dated before the answer, says nothing of how it was answered."""
    latest = gig.asked[-1] if gig.asked else None
    request = profile(gig.platform).requests.get(latest) if latest is not None else None
    if request is None or not request.stands_on_delivery or latest in gig.requests:
        return
    answers = [
        e.at
        for e in await ctx.tx.events(gig.id)
        if e.kind is EventKind.ANSWERED and e.data.get("request") == latest
    ]
    if answers and answers[-1] < delivered:
        gig.progress[STANDS] = len(gig.asked)


def _last_submission(history: list[EventRecord]) -> datetime | None:
    """When the work was last submitted: the gig entering `delivered` (the time a `since:` gave, else the
    move's own), not a correction back to it from acceptance or payment; None if never."""
    reopened = (Stage.ACCEPTED.value, Stage.PAID.value)
    last = None
    for e in history:
        since = e.data.get("since")
        entered = (
            e.kind is EventKind.STAGE
            and e.data.get("to") == Stage.DELIVERED.value
            and (e.data.get("from") not in reopened or since)
        ) or (e.kind is EventKind.CREATED and e.data.get("stage") == Stage.DELIVERED.value)
        if entered:
            last = datetime.fromisoformat(since) if isinstance(since, str) else e.at
    return last


def _guard(ctx: Ctx, gig: GigRecord, target: Stage, *, confirmed: bool) -> None:
    """Moves that would record something untrue or undo a closed gig by a slip of the finger.

    Withdrawing is for an offer without a contract and terminating ends a contract: each points to
    the other. A closed gig moves again only when the user confirms; a redo (delivered -> funded)
    is allowed, and the tip then says what happens to the delivery date."""
    stage = stage_label(ctx.lang, gig)
    # Delivered work stays delivered (its payment counts from it): it cannot become an offer or a
    # contract not yet funded again; a redo goes back to `funded`, a mistaken delivery is added anew.
    if target in UNFUNDED and (delivered := gig.delivery_day(ctx.user.tz)) is not None:
        # Handed over before the escrow: `move funded` for a revision would record a funding that never came.
        key = "error.back_before_delivery"
        if profile(gig.platform).escrow and gig.funded_at is None and not gig.hourly:
            key = deal_error(gig, "error.back_before_delivery_unfunded")
        raise CommandError(
            key,
            id=gig.number,
            when=i18n.short_date(ctx.lang, delivered, today=ctx.now.astimezone(ZoneInfo(ctx.user.tz)).date()),
            target=stage_label(ctx.lang, gig, target.value),
        )
    if target in UNFUNDED and gig.funded_at is not None and not confirmed:
        # Back before the escrow forgets its funding (the move clears it): a slip of the stage name would
        # otherwise turn a funded contract into one that asks for the deposit again, without a word.
        funded = gig.funded_at.astimezone(ZoneInfo(ctx.user.tz)).date()
        # A closed gig is also opened again: one question says both (the closed gig's own would not
        # name the funding, and a single `confirm` passes both).
        key = "error.unfund_reopen_confirm" if gig.closed else deal_error(gig, "error.unfund_confirm")
        raise CommandError(
            key,
            id=gig.number,
            stage=stage,
            funded=stage_label(ctx.lang, gig, Stage.FUNDED.value),
            when=i18n.short_date(ctx.lang, funded, today=ctx.now.astimezone(ZoneInfo(ctx.user.tz)).date()),
            target=i18n.t(ctx.lang, f"stage.{target}"),
            command=target.value,
        )
    # A closed gig is not told to end or withdraw what its record says already ended.
    if target is Stage.WITHDRAWN and gig.stage.contract:
        key = "error.withdraw_closed" if gig.closed else "error.withdraw_contracted"
        raise CommandError(deal_error(gig, key), id=gig.number, stage=stage)
    if target is Stage.TERMINATED and not gig.stage.contract:
        key = "error.terminate_withdrawn" if gig.closed else "error.terminate_uncontracted"
        raise CommandError(deal_error(gig, key), id=gig.number, stage=stage)
    if gig.closed and not confirmed:
        # A closed gig moved to another closing stage stays closed: only the record of its end changes.
        stays_closed = closes(target, escrow=profile(gig.platform).escrow, funded=gig.funded_at is not None)
        key = "error.reclose_confirm" if stays_closed else "error.reopen_confirm"
        raise CommandError(key, id=gig.number, stage=stage, target=i18n.t(ctx.lang, f"stage.{target}"))


def _guard_paid_again(ctx: Ctx, gig: GigRecord, amount: float | None) -> None:
    """`paid` without an amount on a gig already paid in full: the fee came once, so recording it again
    (a second payment and stage change in the evidence) would be untrue; the reply says it is paid."""
    if gig.stage is Stage.PAID and amount is None:
        raise CommandError("error.same_stage", id=gig.number, stage=stage_label(ctx.lang, gig))


def _guard_paid_closed(ctx: Ctx, gig: GigRecord, *, confirmed: bool) -> None:
    """`move ID paid` on a closed gig: an offer withdrawn before any contract has no payment to record
    (reopening it as a contract comes first), and a contract that ended otherwise (terminated, or closed
    at acceptance) is recorded as paid only when the user confirms, as any move of a closed gig."""
    if not gig.closed:
        return
    stage = stage_label(ctx.lang, gig)
    if not gig.stage.contract:
        raise CommandError(deal_error(gig, "error.no_contract_withdrawn"), id=gig.number, stage=stage)
    if gig.stage is not Stage.PAID and not confirmed:
        target = stage_label(ctx.lang, gig, Stage.PAID.value)
        raise CommandError("error.reclose_confirm", id=gig.number, stage=stage, target=target)


@handles("paid")
async def paid(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if gig.closed and gig.stage is Stage.ACCEPTED:
        # Closed at acceptance (spec section 1): the escrow went to the platform balance. Reopening the gig
        # to record a payment, as `error.closed` suggests, would plan acceptance reminders for accepted work.
        platform = i18n.t(ctx.lang, f"platform.{gig.platform}")
        key = i18n.own_key(ctx.lang, deal_error(gig, "error.paid_released"), gig.platform)
        raise CommandError(key, id=gig.number, platform=platform)
    if gig.stage is Stage.TERMINATED and ((await ctx.with_hours(gig)).owing or gig.ended_early):
        # The contract ended with pay still to come (the closing reply said so): it arrives after the end.
        # So does the pay for the work done before an early end, which its warning said to ask for.
        await _paid_after_end(ctx, gig, _paid_amount(ctx, gig, a), a.get("note"))
        return
    if gig.escrow_refunded:
        # Ended with the funded escrow back with the client, who may still pay for the work done (as the
        # ending's warning advised agreeing): recorded on the ended contract, never reopening it.
        await _paid_after_refund(ctx, gig, _paid_amount(ctx, gig, a), a.get("note"))
        return
    _guard_paid_again(ctx, gig, a.get("amount"))
    if gig.closed:
        raise CommandError("error.closed", id=gig.number, stage=stage_label(ctx.lang, gig))
    _guard_contract(ctx, gig)
    _guard_purchase(ctx, gig, Stage.PAID)
    amount = _paid_amount(ctx, gig, a)
    if _released_by_acceptance(gig, amount):
        await _paid_as_accepted(ctx, gig, a.get("note"))
        return
    outside = _paid_outside(gig)
    await close_paid(ctx, gig, amount, note=a.get("note"))
    if outside:
        _say_paid_outside(ctx, gig)


def _paid_outside(gig: GigRecord) -> bool:
    """Where the buyer can pay only by purchasing, money for an order never purchased came outside the
    platform, open or ended alike."""
    return profile(gig.platform).settles_payment and not gig.situation().funded


def _say_paid_outside(ctx: Ctx, gig: GigRecord) -> None:
    """Money recorded as received, with what it means said plainly: outside the platform's rules and
    protection."""
    ctx.reply("reply.paid_unpurchased", gig=gig.number, platform=platform_name(ctx.lang, gig.platform))


def _paid_amount(ctx: Ctx, gig: GigRecord, a: Mapping[str, Any]) -> float | None:
    """The amount `paid` records, checked: in the gig's currency, and more than nothing."""
    same_currency(a, gig.fee_currency, gig, option=False)
    amount: float | None = a.get("amount")
    if amount is not None and amount <= 0:
        raise CommandError(
            "error.bad_value", arg="amount", value=money(ctx.lang, gig, amount), hint="hint.number"
        )
    return amount


async def _paid_after_end(ctx: Ctx, gig: GigRecord, amount: float | None, note: str | None) -> None:
    """Money received for a contract that ended still owing it (`GigRecord.owing`): recorded on the
    contract, which stays closed as ended (an early end owes the work done, not the fee, and "paid" would
    say the whole fee came). Without an amount, the rest that was owed came in."""
    if amount is None and gig.owed is None:
        # ended early with what the work done is worth still to agree: no balance to take as the rest
        raise CommandError(deal_error(gig, "error.paid_ended_amount"), id=gig.number)
    outside = _paid_outside(gig)
    owed = gig.owed or 0.0
    received = owed if amount is None else amount
    gig.paid_amount += received
    if gig.delivered_at is not None:
        gig.progress.pop(DEPOSIT, None)  # paid for the delivered work: the client has it
    await _event(ctx, gig, EventKind.PAID, amount=received, note=note)
    await ctx.tx.save_gig(gig)
    paid = money(ctx.lang, gig, gig.paid_amount)

    def own(key: str) -> str:  # Coconala's deal ends without a contract: its own words
        return i18n.own_key(ctx.lang, key, gig.platform)

    if gig.owed is None:  # ended early, with what the work done is worth still to agree
        ctx.reply(own("reply.paid_ended_agree"), gig=gig.number, paid=paid)
    elif rest := gig.owed:
        ctx.reply(own("reply.paid_ended_part"), gig=gig.number, paid=paid, owed=money(ctx.lang, gig, rest))
    else:
        ctx.reply(own("reply.paid_ended"), gig=gig.number, paid=paid)
    if outside:
        _say_paid_outside(ctx, gig)
    if amount is not None:
        _warn_over(ctx, gig)


async def _paid_after_refund(ctx: Ctx, gig: GigRecord, amount: float | None, note: str | None) -> None:
    """Money for the work done on a contract that ended with its funded escrow refunded to the client:
    nothing was owed by the record (the rest went back), so only an amount received can be recorded; the
    gig stays closed as ended. Without an amount, the refusal says how to record one."""
    if amount is None:
        raise CommandError(deal_error(gig, "error.paid_refunded_amount"), id=gig.number, client=gig.client)
    gig.paid_amount += amount
    gig.progress[PAID_AFTER_REFUND] = 1
    await _event(ctx, gig, EventKind.PAID, amount=amount, note=note)
    await ctx.tx.save_gig(gig)
    paid = money(ctx.lang, gig, gig.paid_amount)
    key = i18n.own_key(ctx.lang, "reply.paid_refunded", gig.platform)
    ctx.reply(key, gig=gig.number, amount=money(ctx.lang, gig, amount), paid=paid)
    _warn_over(ctx, gig)


def _guard_contract(ctx: Ctx, gig: GigRecord) -> None:
    """Refuse to record a payment on an offer that never became a contract (`paid`, or `move ID paid`,
    which is the same command): nothing was owed, and closing it "paid in full" would be untrue."""
    if not gig.stage.contract:
        raise CommandError(
            deal_error(gig, "error.no_contract"), id=gig.number, stage=stage_label(ctx.lang, gig)
        )


def _guard_purchase(ctx: Ctx, gig: GigRecord, target: Stage) -> None:
    """Refuse to record a payment or an approval on an order the platform holds paid but not yet
    delivered (a Coconala purchase): the buyer's payment is not the seller's, which comes only after the
    delivery and the approval (spec section 1: `paid` is the fee arriving, `accepted` the client accepting
    delivered work), so closing it either way would be untrue."""
    if profile(gig.platform).settles_payment and gig.situation().funded and gig.delivered_at is None:
        platform = platform_name(ctx.lang, gig.platform)
        accepted = target is Stage.ACCEPTED
        key = "error.purchase.accepted_undelivered" if accepted else "error.purchase.paid_undelivered"
        raise CommandError(key, id=gig.number, platform=platform)


def _released_by_acceptance(gig: GigRecord, amount: float | None) -> bool:
    """The whole fee of delivered work on a marketplace holding it in a funded escrow: it can only have
    come by the client's acceptance, which releases the escrow (spec section 1)."""
    whole = amount is None or (gig.amount is not None and gig.paid_amount + amount >= gig.amount)
    return (
        whole
        and gig.stage is Stage.DELIVERED
        and profile(gig.platform).escrow
        and gig.funded_at is not None
        and not gig.hourly
    )


async def _paid_as_accepted(ctx: Ctx, gig: GigRecord, note: str | None) -> None:
    """`/gig paid` where payment is the escrow's release: recorded as the acceptance it was, which closes
    the gig and ends the payment track, said first so that the stage named next is no surprise."""
    accepted = stage_label(ctx.lang, gig, Stage.ACCEPTED.value)
    platform = i18n.t(ctx.lang, f"platform.{gig.platform}")
    key = i18n.own_key(ctx.lang, "reply.paid_as_accepted", gig.platform)
    ctx.reply(key, gig=gig.number, stage=accepted, platform=platform)
    await move(ctx, {"id": gig.number, "stage": Stage.ACCEPTED, **({"note": note} if note else {})})


async def close_paid(ctx: Ctx, gig: GigRecord, amount: float | None, *, note: str | None) -> None:
    """Record money received; the gig closes when the fee (an hourly contract's logged hours, once the
    work is handed over) is covered or no amount is given."""
    if amount is not None:
        gig.paid_amount += amount
        if gig.delivered_at is None:
            gig.progress[DEPOSIT] = 1  # paid before the work was handed over
        else:
            gig.progress.pop(DEPOSIT, None)  # paid for the delivered work: the client has it
        await _event(ctx, gig, EventKind.PAID, amount=amount, note=note)
    owed = (await ctx.with_hours(gig)).owed
    # Hours paid for while the work goes on: the contract stays open for the hours still to come.
    ongoing = gig.hourly and gig.delivered_at is None
    if amount is not None and (owed is None or owed > 0 or ongoing):
        # Money from the client is an answer: the silence ends (an acceptance or funding nudge would now
        # be wrong), while what is still owed keeps its payment reminders.
        answered = gig.waiting
        if answered:
            stop_waiting(gig)
        await ctx.tx.save_gig(gig)
        upcoming = await _reschedule(ctx, gig)
        paid_so_far = money(ctx.lang, gig, gig.paid_amount)
        if owed is None:
            # an hourly contract is owed its hours at the rate: with none logged, that is what is missing
            hourly = gig.hours_unlogged and gig.rate is not None
            key = "reply.paid_no_hours" if hourly else "reply.paid_no_fee"
            ctx.reply(key, gig=gig.number, paid=paid_so_far, next=upcoming)
        elif owed == 0:
            hours = f"{gig.logged_hours or 0:g}"
            ctx.reply(
                "reply.paid_hours_covered", gig=gig.number, paid=paid_so_far, hours=hours, next=upcoming
            )
        elif gig.escrow_holds:
            # the rest is in the funded escrow, as `show` and the pack say: held, not the client's debt
            # Before delivery, a marketplace pays part of a fixed fee milestone by milestone, each funded
            # on its own: where the platform has milestones, the rest is held only if it was funded too.
            owes, platform = money(ctx.lang, gig, owed), platform_name(ctx.lang, gig.platform)
            key = held_rest_key(ctx.lang, "reply.paid_part_held", gig)
            ctx.reply(key, gig=gig.number, paid=paid_so_far, owed=owes, platform=platform, next=upcoming)
        else:
            owes = money(ctx.lang, gig, owed)
            ctx.reply("reply.paid_part", gig=gig.number, paid=paid_so_far, owed=owes, next=upcoming)
        if answered:
            ctx.reply(i18n.own_key(ctx.lang, "reply.paid_ends_silence", gig.platform))
        # Past the legal day no payment reminder is left to come: the reply says the rest is late now
        # (not where a funded escrow pays the rest at acceptance).
        payday = gig.act_payment_day(ctx.user.tz)
        if payday is not None and gig.payment_overdue(ctx.user.tz, ctx.now) and not gig.situation().funded:
            ctx.reply("reply.paid_rest_late", gig=gig.number, payday=i18n.date(ctx.lang, payday))
        return
    if amount is None and gig.paid_amount and owed:
        # Paid in full after part payments: the rest is recorded as the payment it was, so that the
        # record's payments add up to what it says came in.
        gig.paid_amount += owed
        await _event(ctx, gig, EventKind.PAID, amount=owed)
    previous = gig.stage
    gig.stage, gig.stage_since, gig.closed_at = Stage.PAID, ctx.now, ctx.now
    stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await _event(
        ctx,
        gig,
        EventKind.STAGE,
        note=note if amount is None else None,
        **{"from": previous.value, "to": "paid"},
    )
    await _reschedule(ctx, gig)
    ctx.reply("reply.paid", gig=gig.number, title=gig.title)
    if amount is not None:
        _warn_over(ctx, gig)


def _warn_over(ctx: Ctx, gig: GigRecord) -> None:
    """Payments that add up to more than the work is worth (the fee, or an hourly contract's hours logged
    at its rate, read): more came in, or a typo, and "nothing more is owed" alone would hide either. After
    an early end, the work done is what is owed (its hours at the rate, at most the fee); when that is
    still to agree, only the fee bounds it (an hourly contract's fee is its hours)."""
    if gig.ended_early and gig.amount is not None and (done := gig.work_done) is not None:
        if gig.paid_amount > done:
            ctx.reply(
                "reply.paid_over_done",
                gig=gig.number,
                paid=money(ctx.lang, gig, gig.paid_amount),
                done=money(ctx.lang, gig, done),
                over=money(ctx.lang, gig, gig.paid_amount - done),
                hours=f"{gig.logged_hours or 0:g}",
                rate=money(ctx.lang, gig, gig.rate or 0),
            )
        return
    worth = gig.worth
    if not worth or gig.paid_amount <= worth:
        return
    said: dict[str, Any] = {
        "gig": gig.number,
        "paid": money(ctx.lang, gig, gig.paid_amount),
        "fee": money(ctx.lang, gig, worth),
        "over": money(ctx.lang, gig, gig.paid_amount - worth),
    }
    if gig.amount is None:  # hours at a rate: no fee to correct, perhaps hours not logged yet
        rate = money(ctx.lang, gig, gig.rate or 0)
        ctx.reply("reply.paid_over_hourly", **said, hours=f"{gig.logged_hours or 0:g}", rate=rate)
    else:
        ctx.reply("reply.paid_over", **said)


async def _warn_unfunded(ctx: Ctx, gig: GigRecord) -> None:
    await _event(ctx, gig, EventKind.WARNING, "unfunded_work")
    facts = gig.situation_in(ctx.user.tz).facts()
    text = advise(ctx.lang, "warning.unfunded_work", facts, "text", **_params(ctx, gig))
    ctx.reply("reply.raw", kind=Kind.WARNING, text=text, gig=gig.number, step="unfunded_work")


def _steps_now(gig: GigRecord) -> tuple[str, ...]:
    """The steps of every track that runs in the gig's situation now, in the profile's order, and those
    its texts advise without a reminder of their own."""
    seen: dict[str, None] = {}
    for track in profile(gig.platform).tracks_for(gig.situation()):
        if track.anchor is Anchor.REQUEST and not gig.requests:
            continue  # answering a client's request: only once one is open
        seen.update(dict.fromkeys(s.code for s in track.steps))
        seen.update(dict.fromkeys(track.advised))
    return tuple(seen)


@handles("done")
async def done(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if a["step"] not in profile(gig.platform).step_codes():
        raise CommandError(
            "error.step_not_in_ladder", step=a["step"], platform=i18n.t(ctx.lang, f"platform.{gig.platform}")
        )
    if not gig.closed and a["step"] not in (applies := _steps_now(gig)):
        # A step of another stage's ladder (a termination request on a funded Lancers plan, a note to
        # support before delivery) is not one the user can have taken now: recording it would put untrue
        # evidence in the timeline.
        sep = i18n.t(ctx.lang, "sep.list")
        choices = (
            i18n.t(ctx.lang, "error.step_choice", code=s, name=step_label(ctx.lang, s, gig, ctx.user.tz))
            for s in applies
        )
        raise CommandError(
            "error.step_not_now",
            id=gig.number,
            step=step_label(ctx.lang, a["step"], gig, ctx.user.tz),
            stage=stage_label(ctx.lang, gig),
            steps=sep.join(choices),
        )
    wording = step_wording(a["step"], gig.situation_key_in(ctx.user.tz))  # the name it had when done, kept
    await _event(ctx, gig, EventKind.DONE, a["step"], note=a.get("note"), label=wording)
    lines = [
        i18n.t(
            ctx.lang,
            "reply.done",
            gig=gig.number,
            step_name=step_label(ctx.lang, a["step"], gig, ctx.user.tz),
        )
    ]
    # A message to the client is also writing to them (spec section 4): the wait starts if it had not.
    started = a["step"] in to_client() and not gig.closed and not gig.waiting
    if a["step"] in to_client() and gig.waiting:
        assert gig.waiting_since is not None
        since = i18n.when(ctx.lang, gig.waiting_since, ctx.user.tz)
        waiting = i18n.own_key(ctx.lang, "reply.done_sent_waiting", gig.platform)
        lines.append(i18n.t(ctx.lang, waiting, since=since))
    if started:
        _start_waiting(gig, ctx.now)
    taken = _take(gig, a["step"])
    counted = _count_from_now(ctx, gig, a["step"])
    if started or taken or counted:
        await ctx.tx.save_gig(gig)
        upcoming = await _reschedule(ctx, gig)
        if started:
            sent = i18n.own_key(ctx.lang, "reply.done_sent", gig.platform)
            lines.append(i18n.t(ctx.lang, sent, next="" if taken else upcoming).rstrip())
        if taken:  # a step counted from this one says its own date below
            taken_key = "reply.done_taken_counted" if counted else "reply.done_taken"
            lines.append(i18n.t(ctx.lang, taken_key, next=upcoming).rstrip())
        if counted:
            when = i18n.when(ctx.lang, ctx.user.calendar.deliver_at(counted[1]), ctx.user.tz)
            lines.append(
                i18n.t(
                    ctx.lang,
                    "reply.done_counted",
                    step_name=step_label(ctx.lang, counted[0], gig, ctx.user.tz),
                    when=when,
                )
            )
    # A step that hands the work over or ends the order changes the stage: say how to record it.
    if (then := f"done_then.{a['step']}") in i18n.catalog(ctx.lang) and gig.stage is Stage.FUNDED:
        lines.append(i18n.t(ctx.lang, then, gig=gig.number))
    ctx.reply("reply.raw", text="\n".join(lines), gig=gig.number)


def _take(gig: GigRecord, step: str) -> bool:
    """Record a step of the running ladder as taken by the user: neither it nor the steps before it that
    are still to come is suggested again in this silence (spec section 3: nothing is delivered twice, and
    no text asks for a step the user took). The other steps keep their dates (section 4)."""
    ladder = _running_ladder(gig)
    codes = [s.code for s in ladder.steps] if ladder else []
    if step not in codes or codes.index(step) + 1 <= gig.progress.get(LADDER, 0):
        return False
    gig.progress[LADDER] = codes.index(step) + 1
    return True


def _count_from_now(ctx: Ctx, gig: GigRecord, step: str) -> tuple[str, datetime] | None:
    """A step that another step counts from starts that count when the user records it: the client's
    week to answer an early-termination request (or Lancers' contact-prompt request) runs from its
    filing, not from when it was suggested. The counted step is pinned there, like a deadline the
    client was told (see pin_key). A deadline written in a draft (a date) counts from nothing the user
    does, so it stays where the client was told it."""
    ladder = _running_ladder(gig)
    if ladder is None:
        return None
    for later in ladder.steps:
        off = ladder.offset(later.code, ctx.user.offsets)
        if off is not None and off.base == step:
            at = off.apply(ctx.now, ctx.user.calendar)
            gig.progress[pin_key(LADDER, later.code)] = epoch(at) - gig.shift_seconds
            return later.code, at
    return None


def _running_ladder(gig: GigRecord) -> TrackDef | None:
    """The silence ladder of the gig's situation, while it runs (the gig waits and is open)."""
    if not gig.waiting or gig.closed:
        return None
    return next(
        (t for t in profile(gig.platform).tracks_for(gig.situation()) if t.anchor is Anchor.WAITING), None
    )


def _movable(gig: GigRecord) -> Callable[[str, str], bool]:
    """Which steps a snooze moves: the ladder's, which wait on the client, and the user's own follow-ups of
    a fixed date (a firmer payment request); never the law's or a platform's clock itself."""
    prof = profile(gig.platform)
    tracks = {
        track_name(t.anchor): t for t in prof.tracks_for(gig.situation()) if t.anchor is not Anchor.REQUEST
    }

    def movable(track: str, step: str) -> bool:
        if track == LADDER:
            return not prof.on_platform_clock(step)
        definition = tracks.get(track)
        return definition is not None and definition.follow_up(step)

    return movable


@handles("snooze")
async def snooze(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    # The ladder waits on the client and can be pushed back; the law's and the platforms' clocks cannot.
    movable = _movable(gig)
    planned = (await ctx.tx.pending([gig.id])).get(gig.id, [])
    pending = [s for s in planned if movable(s.track, s.step)]
    if not pending and planned:
        # Only fixed dates are left (a platform's clock, the law's payment day): say which comes next,
        # rather than that the gig has no reminders.
        nxt = min(planned, key=lambda s: (s.due_at, s.order))
        when = i18n.when(ctx.lang, nxt.due_at, ctx.user.tz)
        raise CommandError(
            "error.nothing_movable",
            id=gig.number,
            step=step_label(ctx.lang, nxt.step, gig, ctx.user.tz),
            when=when,
        )
    if not pending:
        raise CommandError("error.nothing_pending", id=gig.number)
    first = min(s.nominal_at for s in pending)
    target = _snooze_target(ctx, a["duration"])
    # Each track moves by its own least shift: a payment follow-up weeks ahead does not follow the
    # ladder's step overdue now (nor the other way round); one already after the target stays put.
    shifts = {
        track: _snooze_shift(
            ctx, gig, movable, track, target, min(s.nominal_at for s in pending if s.track == track)
        )
        for track in sorted({s.track for s in pending})
    }
    if not any(shifts.values()):
        # The next reminder already comes after that: nothing is pushed back, so neither the reply nor
        # the timeline says it was; the reply names the time asked for, which "later than that" needs.
        until = i18n.when(ctx.lang, target, ctx.user.tz)
        ctx.reply("reply.snooze_unchanged", gig=gig.number, until=until, next=await _reschedule(ctx, gig))
        return
    for track, shift in shifts.items():
        _move(gig, track, shift)
    if shifts.get(LADDER):
        # A deadline a delivered notice named is pushed back: the notice may never have gone to the client,
        # unless the user recorded it as done in this silence (the client was told that deadline).
        sent = await _notices_done(ctx, gig)
        for s in pending:
            if s.track == LADDER and pin_key(LADDER, s.step) in gig.progress and s.step not in sent:
                gig.progress[untold_key(LADDER, s.step)] = 1
    await ctx.tx.save_gig(gig)
    await _event(ctx, gig, EventKind.SNOOZE, until=max(first, target).isoformat())
    # The reply names what moved and what keeps its date (the law's payment day, a platform's clock, a
    # request's deadline), so that "snoozed" is not read as every reminder of the gig.
    moved = _step_names(ctx, gig, [s for s in pending if shifts[s.track]])
    fixed = _step_names(ctx, gig, [s for s in planned if not movable(s.track, s.step)])
    kept = i18n.t(ctx.lang, "reply.snooze_kept", steps=fixed) if fixed else ""
    upcoming = await _reschedule(ctx, gig)
    after = {s.step: s for s in (await ctx.tx.pending([gig.id])).get(gig.id, []) if s.track == LADDER}
    kept += _snoozed_past_window(ctx, gig, [s for s in pending if s.track == LADDER], after)
    ctx.reply("reply.snoozed", gig=gig.number, steps=moved, next=upcoming, kept=kept)


def _snoozed_past_window(
    ctx: Ctx, gig: GigRecord, before: Sequence[StepRecord], after: Mapping[str, StepRecord]
) -> str:
    """A line for the snooze's reply when it moves a ladder step that offers a platform feature (CrowdWorks'
    contact-prompt request) past the end of that feature's window, still open now: the step will then
    point elsewhere, so the user hears now what they can still do, and by when."""
    ladder = next(
        (t for t in profile(gig.platform).tracks_for(gig.situation()) if t.anchor is Anchor.WAITING), None
    )
    if ladder is None:
        return ""
    state = gig.track_state(ctx.user.calendar)
    for s in before:
        closes = window_closes(ladder, s.step, state, ctx.user.calendar)
        if closes is None or closes <= ctx.now:
            continue
        moved = after.get(s.step)
        if moved is None or moved.due_at >= closes:
            return i18n.t(
                ctx.lang,
                "reply.snooze_past_window",
                platform=i18n.t(ctx.lang, f"platform.{gig.platform}"),
                deadline=i18n.when(ctx.lang, closes, ctx.user.tz),
                step=step_label(ctx.lang, s.step, gig, ctx.user.tz),
            )
    return ""


async def _notices_done(ctx: Ctx, gig: GigRecord) -> set[str]:
    """The ladder steps whose deadline a notice the user recorded as done (`/gig done`) in the current
    silence named: the client was told them, whatever a snooze does to the reminders."""
    ladder = _running_ladder(gig)
    if ladder is None or gig.waiting_since is None:
        return set()
    done = {
        e.step
        for e in await ctx.tx.events(gig.id)
        if e.kind is EventKind.DONE and e.step is not None and e.at >= gig.waiting_since
    }
    return {named for code in done if (named := named_step(ladder, code)) is not None}


def _snooze_target(ctx: Ctx, until: timedelta | Preset | TimeValue) -> datetime:
    """When the next reminder of a snooze falls due: a preset's or a written day's start of active
    hours (`12/3`, `来週月曜`), a written time (`明日15時`), or now + a duration. A time already past is
    refused: nothing can wait until then."""
    cal = ctx.user.calendar
    if isinstance(until, Preset):
        return cal.preset_start(until, ctx.now)
    if isinstance(until, timedelta):
        return ctx.now + until
    local = until.resolve(ctx.user.tz, ctx.now).astimezone(cal.zone)
    at = _snooze_instant(cal, local)
    day = until.day
    if at <= ctx.now and day is not None and day.weekday is not None and day.week is None:
        # `monday` (月曜) typed on a Monday whose morning (or the time given) has gone: the next one, a
        # week on, as people mean it; `this monday` (今週月曜) names today on purpose and stays refused.
        at = _snooze_instant(cal, local + timedelta(days=7))
    if at <= ctx.now:
        raise CommandError("error.snooze_past", when=i18n.when(ctx.lang, at, ctx.user.tz))
    return at


def _snooze_instant(cal: WorkCalendar, local: datetime) -> datetime:
    """A written day or time in the user's zone as a snooze lands: a day without its time at its working
    morning, a time of day as written."""
    return cal.day_start(local.date()) if local.time() == time(0) else local


def _step_names(ctx: Ctx, gig: GigRecord, steps: list[StepRecord]) -> str:
    """The names of `steps` in the order they come, each once, as a list in the user's language."""
    ordered = sorted(steps, key=lambda s: (s.due_at, s.order))
    names = [step_label(ctx.lang, s.step, gig, ctx.user.tz) for s in ordered]
    items = [i18n.t(ctx.lang, "reply.snooze_step", step=name) for name in dict.fromkeys(names)]
    return i18n.t(ctx.lang, "sep.list").join(items)


def _move(gig: GigRecord, track: str, seconds: int) -> None:
    """Move the movable steps of a track by `seconds`: the ladder's shift, or a track's follow-ups'."""
    if not seconds:
        return
    if track == LADDER:
        gig.shift_seconds += seconds
    else:
        gig.progress[shift_key(track)] = track_shift(gig.progress, 0, track) + seconds


def _snooze_shift(
    ctx: Ctx,
    gig: GigRecord,
    movable: Callable[[str, str], bool],
    track: str,
    target: datetime,
    first: datetime,
) -> int:
    """The least move of a track's movable steps (seconds) that brings the first of them to `target` or
    later: none when it already comes after.

    Moving by the gap to the step's time is enough for most steps. A step named as a deadline is
    rounded up to the half hour and kept to the user's active hours, so its time can stand still while
    the ladder moves (through the night) or fall just short: then the least move that lands it is
    searched, doubling the move, then halving the interval to the minute."""
    start, progress = gig.shift_seconds, dict(gig.progress)

    def lands(move: int) -> bool:
        gig.shift_seconds, gig.progress = start, dict(progress)
        _move(gig, track, move)
        steps = planned_steps(ctx.user, gig, ctx.now, present=False)
        moved = min((s.nominal for s in steps if s.track == track and movable(s.track, s.step)), default=None)
        return moved is None or moved >= target

    try:
        high = max(0, int((target - first).total_seconds()))
        if lands(high):
            return high
        low, step = high, max(high, HALF_HOUR)
        for _ in range(12):
            high = low + step
            if lands(high):
                break
            low, step = high, step * 2
        while high - low > 60:
            middle = (low + high) // 2
            low, high = (low, middle) if lands(middle) else (middle, high)
        return high
    finally:
        gig.shift_seconds, gig.progress = start, progress


@handles("log")
async def log_hours(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    hours = float(a["hours"])
    if not 0 < hours <= 24 * 31:
        raise CommandError("error.bad_value", arg="hours", value=f"{hours:g}", hint="hint.hours_logged")
    await _event(ctx, gig, EventKind.LOG, hours=hours, note=a.get("note"))
    total = logged_hours(await ctx.tx.events(gig.id))
    ctx.reply("reply.logged", gig=gig.number, hours=f"{hours:g}", total=f"{total:g}")
    if gig.stage in UNFUNDED:
        gig.progress[WORKED] = 1  # work that nothing pays for yet: ending it is no longer free
        await ctx.tx.save_gig(gig)
        await _warn_unfunded(ctx, gig)


@handles("change")
async def change(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    await _event(ctx, gig, EventKind.CHANGE, description=a["description"])
    count = sum(1 for e in await ctx.tx.events(gig.id) if e.kind is EventKind.CHANGE)
    # What to agree for the change, in the situation's words (a funded milestone on Upwork, the hours on
    # an hourly contract).
    facts = gig.situation().facts()
    advice_text = advise(ctx.lang, "tip.scope_change", facts, "text", **_params(ctx, gig)) or ""
    ctx.reply("reply.changed", gig=gig.number, title=gig.title, count=count, advice=advice_text)
    if gig.stage is Stage.DELIVERED and not gig.closed:
        # Changes asked of delivered work: the client answered (the silence ends, as with `heard`), and
        # on Upwork the submission is no longer released automatically until the work is submitted again.
        gig.progress[CHANGES] = 1
        stop_waiting(gig)
        await ctx.tx.save_gig(gig)
        await _reschedule(ctx, gig)
        _tip(ctx, gig, "tip.changes")
