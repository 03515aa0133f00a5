"""Gig commands: add, list, show, and everything that moves a gig along its ladder."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot.commands.grammar import STAGE_SHORTCUTS
from bot.domain.ladder import profile
from bot.domain.stages import Stage
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.ports import EventRecord, GigRecord
from bot.protection.deadlines import OWN_STEPS
from bot.schedule import reschedule
from bot.service.community import warn_if_reported
from bot.service.context import Ctx, handles
from bot.service.views import event_text, next_step, silence_days, step_name

MAX_BACKDATE = timedelta(days=730)
UNFUNDED = frozenset({Stage.NEGOTIATING, Stage.CONTRACTED})


async def _event(ctx: Ctx, gig: GigRecord, kind: str, step: str | None = None, **data: Any) -> None:
    clean = {k: v for k, v in data.items() if v is not None}
    await ctx.tx.add_event(EventRecord(gig.id, ctx.user.id, ctx.now, kind, step, clean))


async def _reschedule(ctx: Ctx, gig: GigRecord) -> str:
    """Re-plan after a change; returns the "next step" phrase for the reply."""
    ctx.notices.extend(await reschedule(ctx.tx, ctx.user, gig, ctx.now))
    pending = await ctx.tx.pending([gig.id])
    return next_step(ctx.user, pending.get(gig.id, []))


def _start_waiting(gig: GigRecord, since: Any) -> None:
    """A fresh period of silence: the ladder starts again from its first step."""
    gig.waiting_since = since
    gig.ladder_pos = 0
    gig.shift_seconds = 0


def _stop_waiting(gig: GigRecord) -> None:
    gig.waiting_since = None
    gig.ladder_pos = 0
    gig.shift_seconds = 0


@handles("add")
async def add(ctx: Ctx, a: Mapping[str, Any]) -> None:
    now = ctx.now
    stage: Stage = a.get("stage", Stage.NEGOTIATING)
    since = a["since"].resolve(ctx.user.tz, now) if "since" in a else now
    if since > now:
        raise CommandError("error.future_since")
    if since < now - MAX_BACKDATE:
        raise CommandError("error.too_old_since", days=MAX_BACKDATE.days)
    gig = await ctx.tx.create_gig(
        GigRecord(
            id=0,
            user_id=ctx.user.id,
            number=0,
            title=a["title"],
            client=a["client"],
            platform=a.get("platform", ctx.user.platform),
            stage=stage,
            created_at=now,
            stage_since=since,
            waiting_since=since if stage.starts_waiting else None,
            amount=a.get("amount"),
            rate=a.get("rate"),
            url=a.get("url"),
            closed_at=now if stage.closed else None,
        )
    )
    await _event(
        ctx, gig, "created", title=gig.title, client=gig.client, stage=stage.value, since=since.isoformat()
    )
    nxt = await _reschedule(ctx, gig)
    ctx.reply(
        "reply.added",
        gig=gig.number,
        title=gig.title,
        client=gig.client,
        stage=i18n.t(ctx.lang, f"stage.{stage}"),
        next=nxt,
    )
    if stage is Stage.CONTRACTED:
        ctx.reply("reply.tip_escrow", gig=gig.number)
    await warn_if_reported(ctx, gig.client)


@handles("list")
async def list_gigs(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gigs = await ctx.tx.gigs(ctx.user.id, include_closed=bool(a.get("all")))
    if not gigs:
        ctx.reply("reply.list_empty")
        return
    pending = await ctx.tx.pending([g.id for g in gigs])
    lines = [i18n.t(ctx.lang, "reply.list_header", count=len(gigs))]
    for g in gigs:
        days = silence_days(g, ctx.now)
        lines.append(
            i18n.t(
                ctx.lang,
                "reply.list_row",
                gig=g.number,
                title=g.title,
                client=g.client,
                stage=i18n.t(ctx.lang, f"stage.{g.stage}"),
                silence=i18n.t(ctx.lang, "reply.silent_days", days=days)
                if days is not None
                else i18n.t(ctx.lang, "reply.not_waiting"),
                next=next_step(ctx.user, pending.get(g.id, [])),
            )
        )
    ctx.reply("reply.raw", text="\n".join(lines))


@handles("show")
async def show(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    lang, tz = ctx.lang, ctx.user.tz
    days = silence_days(gig, ctx.now)
    lines = [
        i18n.t(
            lang,
            "reply.show_header",
            gig=gig.number,
            title=gig.title,
            client=gig.client,
            stage=i18n.t(lang, f"stage.{gig.stage}"),
            platform=gig.platform,
            silence=i18n.t(lang, "reply.silent_days", days=days)
            if days is not None
            else i18n.t(lang, "reply.not_waiting"),
        )
    ]
    if gig.amount is not None or gig.rate is not None or gig.url:
        lines.append(
            i18n.t(lang, "reply.show_terms", amount=_num(gig.amount), rate=_num(gig.rate), url=gig.url or "-")
        )
    lines.append(i18n.t(lang, "reply.show_history"))
    for e in await ctx.tx.events(gig.id):
        lines.append(f"- {i18n.when(lang, e.at, tz)}  {event_text(lang, e)}")
    pending = (await ctx.tx.pending([gig.id])).get(gig.id, [])
    lines.append(i18n.t(lang, "reply.show_ladder") if pending else i18n.t(lang, "reply.show_no_ladder"))
    for s in sorted(pending, key=lambda s: s.order):
        lines.append(f"- {i18n.when(lang, s.due_at, tz)}  {step_name(lang, s.step)}")
    ctx.reply("reply.raw", text="\n".join(lines), gig=gig.number)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")  # 80,000 / 2.5 / 1.25


@handles("heard")
async def heard(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if not gig.waiting:
        await _event(ctx, gig, "heard", note=a.get("note"))
        ctx.reply("reply.heard_not_waiting", gig=gig.number, title=gig.title)
        return
    assert gig.waiting_since is not None
    silence = int((ctx.now - gig.waiting_since).total_seconds())
    _stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await _event(ctx, gig, "heard", note=a.get("note"), silence_seconds=silence, stage=gig.stage.value)
    await _reschedule(ctx, gig)
    ctx.reply("reply.heard", gig=gig.number, title=gig.title, days=silence // 86400)


@handles("sent")
async def sent(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if gig.stage.closed:
        raise CommandError("error.closed", id=gig.number, stage=i18n.t(ctx.lang, f"stage.{gig.stage}"))
    await _event(ctx, gig, "sent", note=a.get("note"))
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
    ctx.reply("reply.sent", gig=gig.number, title=gig.title, next=await _reschedule(ctx, gig))


@handles("move", "funded", "delivered", "accepted", "terminate", "withdraw")
async def move(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    target: Stage = a["stage"] if "stage" in a else STAGE_SHORTCUTS[ctx.command]
    if target is gig.stage and not target.starts_waiting:
        # Re-entering a waiting stage is news (a new delivery after a revision): a fresh start.
        raise CommandError("error.same_stage", id=gig.number, stage=i18n.t(ctx.lang, f"stage.{target}"))
    if target is Stage.TERMINATED and gig.stage is Stage.DELIVERED and not a.get("confirm"):
        raise CommandError("warning.termination_after_delivery", gig=gig.number)
    previous = gig.stage
    gig.stage, gig.stage_since = target, ctx.now
    gig.closed_at = ctx.now if target.closed else None
    if target.starts_waiting:
        _start_waiting(gig, ctx.now)
    else:
        _stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await _event(ctx, gig, "stage", note=a.get("note"), **{"from": previous.value, "to": target.value})
    nxt = await _reschedule(ctx, gig)
    ctx.reply(
        "reply.moved",
        gig=gig.number,
        title=gig.title,
        stage=i18n.t(ctx.lang, f"stage.{target}"),
        next=nxt,
    )
    if target is Stage.DELIVERED and previous in UNFUNDED:
        await _warn_unfunded(ctx, gig)
    if target is Stage.FUNDED:
        ctx.reply("reply.tip_funded", gig=gig.number)


async def _warn_unfunded(ctx: Ctx, gig: GigRecord) -> None:
    await _event(ctx, gig, "warning", "unfunded_work")
    ctx.reply("warning.unfunded_work", kind=Kind.WARNING, gig=gig.number, step="unfunded_work")


@handles("done")
async def done(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    if a["step"] not in profile(gig.platform).step_codes() | OWN_STEPS:
        raise CommandError("error.step_not_in_ladder", step=a["step"], platform=gig.platform)
    await _event(ctx, gig, "done", a["step"], note=a.get("note"))
    ctx.reply("reply.done", gig=gig.number, step_name=step_name(ctx.lang, a["step"]))


@handles("snooze")
async def snooze(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    # The ladder waits on the client and can be pushed back; the user's own deadlines cannot.
    pending = [s for s in (await ctx.tx.pending([gig.id])).get(gig.id, []) if not s.own]
    if not pending:
        raise CommandError("error.nothing_pending", id=gig.number)
    earliest = min(s.nominal_at for s in pending)
    delta = max(timedelta(0), ctx.now + a["duration"] - earliest)
    gig.shift_seconds += int(delta.total_seconds())
    await ctx.tx.save_gig(gig)
    await _event(ctx, gig, "snooze", until=(earliest + delta).isoformat())
    ctx.reply("reply.snoozed", gig=gig.number, next=await _reschedule(ctx, gig))


@handles("log")
async def log_hours(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    hours = float(a["hours"])
    if not 0 < hours <= 24 * 31:
        raise CommandError("error.bad_value", arg="hours", value=_num(a["hours"]), hint="hint.hours_logged")
    await _event(ctx, gig, "log", hours=hours, note=a.get("note"))
    total = sum(float(e.data.get("hours", 0)) for e in await ctx.tx.events(gig.id) if e.kind == "log")
    ctx.reply("reply.logged", gig=gig.number, hours=_num(hours), total=_num(total))
    if gig.stage in UNFUNDED:
        await _warn_unfunded(ctx, gig)


@handles("change")
async def change(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    await _event(ctx, gig, "change", description=a["description"])
    count = sum(1 for e in await ctx.tx.events(gig.id) if e.kind == "change")
    ctx.reply("reply.changed", gig=gig.number, count=count)
