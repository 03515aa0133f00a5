"""The user's own account: settings, help, and forgetting everything about them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.grammar import GRAMMAR, command, usage
from bot.commands.values import format_days, format_hours
from bot.domain.tracks import ladder_step_codes
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.schedule import reschedule
from bot.service.context import Ctx, handles

SCHEDULE_KEYS = frozenset({"tz", "hours", "days", "holidays", *ladder_step_codes()})


@handles("settings")
async def settings(ctx: Ctx, a: Mapping[str, Any]) -> None:
    user = ctx.user
    for key, value in a.items():
        if key == "tz":
            user.tz = value
        elif key == "lang":
            user.lang = value
        elif key == "hours":
            user.active_start, user.active_end = value
        elif key == "days":
            user.working_days = value
        elif key == "holidays":
            user.holiday_country = value
        elif key == "platform":
            user.platform = value
        elif value is None:
            user.offsets.pop(key, None)
        else:
            user.offsets[key] = value
    if a:
        await ctx.tx.save_user(user)
    if SCHEDULE_KEYS & a.keys():
        for gig in await ctx.tx.gigs(user.id, lock=True):
            ctx.notices.extend(await reschedule(ctx.tx, user, gig, ctx.now))
    lang = ctx.lang
    offsets = ", ".join(f"{k}:{v}" for k, v in sorted(user.offsets.items())) or i18n.t(
        lang, "settings.no_offsets"
    )
    ctx.reply(
        "settings.saved" if a else "settings.current",
        tz=user.tz,
        lang=lang,
        hours=format_hours(user.active_start, user.active_end),
        days=format_days(user.working_days),
        holidays=user.holiday_country or "none",
        platform=user.platform,
        offsets=offsets,
    )


@handles("help")
async def help_(ctx: Ctx, a: Mapping[str, Any]) -> None:
    lang = ctx.lang
    name = a.get("command")
    if name:
        spec = command(name.lower().removeprefix("/gig").strip().lstrip("/"))
        if spec is None:
            raise CommandError("error.unknown_command", command=name[:40])
        ctx.reply("help.one", usage=usage(spec), text=i18n.t(lang, spec.help_key))
        return
    lines = [i18n.t(lang, "help.intro")]
    lines += [f"`{usage(spec)}`\n    {i18n.t(lang, spec.help_key)}" for spec in GRAMMAR]
    lines.append(i18n.t(lang, "help.outro"))
    ctx.reply("reply.raw", text="\n".join(lines))


@handles("forget-me")
async def forget_me(ctx: Ctx, a: Mapping[str, Any]) -> None:
    if not a.get("confirm"):
        ctx.reply("reply.forget_ask")
        return
    await ctx.tx.delete_user(ctx.user.id)
    ctx.forget = True
    ctx.reply("reply.forgotten")
