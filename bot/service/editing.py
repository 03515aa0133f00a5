"""Correcting a gig (edit), removing it (delete), and answering an unfair rating (rating)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.commands.vocab import Vocab, label
from bot.compose import advise, amount_text, deal_error, gig_params, money, platform_name, stage_label
from bot.domain.stages import Stage
from bot.domain.tracks import DEPOSIT, RAISED, carry_progress, profile
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.ports import EventKind, EventRecord, GigRecord, fee_at_release
from bot.schedule import reschedule
from bot.service.context import Ctx, handles
from bot.service.gigs import (
    assumed_funded,
    client_name,
    close_paid,
    contract_kind,
    same_currency,
    stop_waiting,
)
from bot.service.timeline import render
from bot.service.views import next_step

EDITABLE = ("title", "client", "platform", "amount", "rate", "url", "currency", "lang")
# What `none` removed, said with the value it was (`add` leaves both unknown when not given).
CLEARED = {"amount": "reply.edited_cleared_amount", "rate": "reply.edited_cleared_rate"}
# Ratings are exchanged when a contract ends: after acceptance (and payment) or a termination.
RATED = frozenset({Stage.ACCEPTED, Stage.PAID, Stage.TERMINATED})


@handles("edit")
async def edit(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Correct what was typed at `add`; another platform re-plans the reminders, as settings do."""
    gig = await ctx.gig(a["id"])
    given = {key: a[key] for key in EDITABLE if key in a}
    if "client" in given:
        given["client"] = client_name(given["client"])
    if not given:
        raise CommandError("error.edit_nothing", id=gig.number)
    # the currency the amounts will be in: as given, as recorded, or (with none recorded and nothing
    # to keep it) the platform's
    pinned = gig.currency or (gig.fee_currency if _has_money(gig) else None)
    currency = a.get("currency") or pinned or profile(a.get("platform", gig.platform)).currency
    same_currency(a, currency, gig, option=True)
    changed = {key: value for key, value in given.items() if getattr(gig, key) != value}
    if not changed:
        ctx.reply("reply.edit_unchanged", gig=gig.number)
        return
    if "platform" in changed and gig.currency is None and "currency" not in changed and _has_money(gig):
        # the amounts already recorded were in the old platform's currency: a new platform's
        # default (Upwork's dollars, yen for a direct client) must not relabel them
        gig.currency = gig.fee_currency
    hourly, before = gig.hourly, profile(gig.platform).tracks_for(gig.situation())
    before_values = {key: getattr(gig, key) for key in changed}
    spent = gig.fee_currency  # the currency of the amounts before, which `currency:` may change
    for key, value in changed.items():
        setattr(gig, key, value)
    # Another platform, or a fee or rate that makes the contract hourly or fixed-price, is another ladder.
    kind, assumed = contract_kind(gig, hourly)
    if "platform" in changed or kind:
        gig.progress = carry_progress(gig.progress, before, profile(gig.platform).tracks_for(gig.situation()))
    await ctx.tx.save_gig(gig)
    await ctx.tx.add_event(
        EventRecord(
            gig.id,
            ctx.user.id,
            ctx.now,
            EventKind.EDITED,
            None,
            # what each field was and became, so the history can say what changed from what to what, each
            # amount in the currency it was in
            {
                "fields": ", ".join(changed),
                "before": before_values,
                "after": dict(changed),
                "currency": {"before": spent, "after": gig.fee_currency},
            },
        )
    )
    lang = ctx.lang
    names = i18n.t(lang, "sep.list").join(i18n.t(lang, f"argname.{key}") for key in changed)
    ctx.reply("reply.edited", gig=gig.number, title=gig.title, fields=names)
    if spent != gig.fee_currency and "amount" not in changed and gig.amount is not None:
        # only the currency changed: the figure stays as typed, so say what the fee now reads
        was, fee = amount_text(lang, spent, gig.amount), money(lang, gig, gig.amount)
        ctx.reply("reply.edited_currency", gig=gig.number, was=was, fee=fee)
    for key, cleared in CLEARED.items():
        if key in changed and changed[key] is None:
            # a fee or rate the user no longer vouches for: say what was removed and what follows
            ctx.reply(cleared, gig=gig.number, was=amount_text(lang, spent, before_values[key]))
    if "platform" in changed or kind:
        done = await reschedule(ctx.tx, ctx.user, gig, ctx.now)
        ctx.notices.extend(done.notes)
        replanned = i18n.own_key(
            ctx.lang, kind if kind and "platform" not in changed else "reply.edited_replanned", gig.platform
        )
        ctx.reply(replanned, gig=gig.number, next=next_step(ctx.user, gig, done.upcoming))
    if assumed:
        ctx.reply("reply.raw", text=assumed_funded(lang, gig), gig=gig.number)
    if {"platform", "lang"} & changed.keys():
        drafts = label(Vocab.LANG, gig.draft_language(lang), lang)
        ctx.reply(i18n.own_key(ctx.lang, "reply.edited_drafts", gig.platform), gig=gig.number, lang=drafts)
    if (
        "amount" in changed
        and gig.amount is not None
        and not gig.closed
        and gig.delivered_at is not None
        and gig.paid_amount >= gig.amount
    ):
        # The payments already recorded cover the corrected fee: the gig is paid, as `/gig paid` reaching
        # the fee closes it; left open, it would go on to remind and demand a payment of nothing.
        paid, fee = money(lang, gig, gig.paid_amount), money(lang, gig, gig.amount)
        ctx.reply("reply.edited_covered", gig=gig.number, paid=paid, fee=fee)
        await close_paid(ctx, gig, None, note=None)
    if "amount" in changed and gig.amount is not None and gig.paid_amount > gig.amount:
        # A fee below what already came in, or a typo: as after `/gig paid` beyond the fee, say so rather
        # than let the views quietly show nothing owed.
        ctx.reply(
            "reply.edited_below_paid",
            gig=gig.number,
            paid=money(lang, gig, gig.paid_amount),
            fee=money(lang, gig, gig.amount),
            over=money(lang, gig, gig.paid_amount - gig.amount),
        )
    if "amount" in changed and not gig.hourly and (gig.stage is Stage.PAID or _released(gig)):
        await _reopen_for_the_rest(ctx, gig, before_values["amount"])


def _released(gig: GigRecord) -> bool:
    """Closed with its funded escrow paid out by the platform (spec section 1: on a marketplace, acceptance
    releases the escrow and closes the gig)."""
    return gig.closed and gig.stage in (Stage.ACCEPTED, Stage.PAID) and gig.situation().funded


async def _reopen_for_the_rest(ctx: Ctx, gig: GigRecord, was: float | None) -> None:
    """A fee raised on a gig paid in full at the fee it had: what came in is that fee (or the payments
    recorded, if more), and the rest of the new fee is not paid. Spec section 1: `paid` is the whole fee
    arriving, a part payment keeps the gig open for the rest. Counted as paid in full, the views said the
    new fee had come in; so the gig opens again at the stage it was paid from, with what came in
    recorded, and follows up the rest as after a part payment. A fee recorded only after the payment
    (none before) is the fee that was paid: nothing to reopen."""
    if was is None or gig.amount is None:
        return
    history = await ctx.tx.events(gig.id)
    released = _released(gig)
    # What came in: the fee paid in full, or the escrow released at the acceptance (what the evidence
    # pack names too), whatever raises came after it.
    received = (fee_at_release(gig, history) or 0.0) if released else max(gig.paid_amount, was)
    if received >= gig.amount:
        return
    lang, rest = ctx.lang, gig.amount - received
    if released:
        # The platform paid out the escrow it held, the earlier fee; the rest was never in it, so nothing
        # follows it up here: the client funds it anew in the platform's own way (a new escrow, an Upwork
        # milestone, a new Coconala order), which the reply names.
        gig.paid_amount = received
        gig.progress[RAISED] = 1  # what came in is what was released: the rest of the new fee is owed
        await ctx.tx.save_gig(gig)
        ctx.reply(
            i18n.own_key(lang, "reply.edited_released_rest", gig.platform),
            gig=gig.number,
            paid=money(lang, gig, received),
            fee=money(lang, gig, gig.amount),
            owed=money(lang, gig, rest),
            platform=platform_name(lang, gig.platform),
            was=_typed(was),
        )
        return
    closing = next(
        (e for e in reversed(history) if e.kind is EventKind.STAGE and e.data.get("to") == Stage.PAID.value),
        None,
    )
    previous = Stage(closing.data["from"]) if closing is not None else None
    if previous is None or previous.final:
        previous = Stage.DELIVERED if gig.delivered_at is not None else None
    if previous is None:
        return
    gig.paid_amount = received
    if gig.delivered_at is None:
        gig.progress[DEPOSIT] = 1  # paid before the work was handed over
    gig.stage, gig.closed_at = previous, None
    gig.stage_since = _entered(history, previous) or gig.stage_since
    stop_waiting(gig)  # the payment was the client's answer: no silence to chase, only the money
    await ctx.tx.save_gig(gig)
    moved = {"from": Stage.PAID.value, "to": previous.value}
    await ctx.tx.add_event(EventRecord(gig.id, ctx.user.id, ctx.now, EventKind.STAGE, None, moved))
    done = await reschedule(ctx.tx, ctx.user, gig, ctx.now)
    ctx.notices.extend(done.notes)
    ctx.reply(
        "reply.edited_reopened_rest",
        gig=gig.number,
        paid=money(lang, gig, received),
        fee=money(lang, gig, gig.amount),
        owed=money(lang, gig, rest),
        stage=stage_label(lang, gig),
        next=next_step(ctx.user, gig, done.upcoming),
        rest=_typed(rest),
        was=_typed(was),
    )
    payday = gig.act_payment_day(ctx.user.tz)
    if payday is not None and gig.payment_overdue(ctx.user.tz, ctx.now) and not gig.situation().funded:
        ctx.reply("reply.paid_rest_late", gig=gig.number, payday=i18n.date(lang, payday))


def _entered(history: list[EventRecord], stage: Stage) -> datetime | None:
    """When the gig last entered `stage` (a stage change to it, or added at it); None if never."""
    for e in reversed(history):
        if (e.kind is EventKind.STAGE and e.data.get("to") == stage.value) or (
            e.kind is EventKind.CREATED and e.data.get("stage") == stage.value
        ):
            since = e.data.get("since")
            return datetime.fromisoformat(since) if isinstance(since, str) else e.at
    return None


def _typed(value: float) -> str:
    """An amount as a command takes it: 10000, 12.5."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _has_money(gig: GigRecord) -> bool:
    """Whether any amount of the gig is recorded: a fee, a rate or a payment."""
    return gig.amount is not None or gig.rate is not None or gig.paid_amount > 0


@handles("delete")
async def delete(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Remove a gig added by mistake, with its reminders and history; asks first, like forget-me."""
    gig = await ctx.gig(a["id"])
    if not a.get("confirm"):
        ctx.reply("reply.delete_ask", number=gig.number, title=gig.title)
        return
    await ctx.tx.delete_gig(gig)
    ctx.reply("reply.deleted", number=gig.number, title=gig.title)


@handles("rating")
async def rating(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """After an unfair rating: what the worker can do, a factual inquiry to the platform's support in
    the gig's language, and the timeline to attach to it (also in that language)."""
    gig = await ctx.gig(a["id"])
    lang = ctx.lang
    # A platform rates when a contract ends; a direct client's review can appear at any time.
    if gig.stage not in RATED and gig.situation().escrow:
        # in the words of the platform's own end (Lancers: the payment confirmation; Upwork: the approval)
        key = i18n.own_key(lang, deal_error(gig, "error.rating_stage"), gig.platform)
        raise CommandError(key, id=gig.number, stage=stage_label(lang, gig))
    facts = gig.situation().facts()
    to = gig.draft_language(lang)
    events = await ctx.tx.events(gig.id)
    text = advise(lang, "rating.situation", facts, "text", **gig_params(ctx.user, gig, ctx.now))
    draft = advise(to, "rating.situation", facts, "draft", **gig_params(ctx.user, gig, ctx.now, to))
    lines = [i18n.t(lang, "rating.header", gig=gig.number, title=gig.title, client=gig.client)]
    # The timeline goes with an inquiry to the platform; to a direct client the user writes themselves.
    evidence = i18n.own_key(lang, "rating.evidence", gig.platform)
    lines += [text or "", i18n.t(lang, evidence, gig=gig.number, events=len(events))]
    attached = render("md", replace(ctx.user, lang=to), gig, events)
    ctx.reply_with_draft(gig, lines, draft, attachment=attached)
