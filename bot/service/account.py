"""The user's own account: settings, help, and forgetting everything about them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.grammar import GRAMMAR, command, usage
from bot.commands.parser import similar_commands
from bot.commands.values import format_days, format_hours
from bot.commands.vocab import Vocab, label, lookup
from bot.domain.calendar import JAPAN_ZONES
from bot.domain.tracks import Offset, clock_steps, ladder_disorder, ladder_step_codes
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.ports import UserRecord
from bot.schedule import reschedule
from bot.service.context import Ctx, handles

SCHEDULE_KEYS = frozenset({"tz", "hours", "days", "holidays", *ladder_step_codes()})
ORDER_KEYS = frozenset(ladder_step_codes())  # offsets can put a ladder's steps out of order


@handles("settings")
async def settings(ctx: Ctx, a: Mapping[str, Any]) -> None:
    user = ctx.user
    spoken = ctx.lang  # a refusal is answered in the language stored, not in one this command sets
    if clocked := [k for k in a if k in clock_steps() and a[k] is not None]:
        step = clocked[0]
        raise CommandError(
            i18n.own_key(spoken, "error.platform_clock", clock_steps()[step]),
            step=label(Vocab.STEP, step, spoken),
            platform=label(Vocab.PLATFORM, clock_steps()[step], spoken),
        )
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
        elif key == "weekly":
            continue
        elif value is None:
            user.offsets.pop(key, None)
        else:
            user.offsets[key] = value
    if ORDER_KEYS & a.keys():
        _keep_ladders_in_order(user, spoken)
    if a:
        await ctx.tx.save_user(user)
    if SCHEDULE_KEYS & a.keys():
        for gig in await ctx.tx.gigs(user.id, lock=True):
            ctx.notices.extend((await reschedule(ctx.tx, user, gig, ctx.now)).notes)
    weekly = a.get("weekly", "on" if user.plan_at is not None else "off")
    if "weekly" in a or (user.plan_at is not None and SCHEDULE_KEYS & a.keys()):
        # The plan follows the user's week: turned on, or its morning moved with the zone, hours or days.
        user.plan_at = user.calendar.week_start_after(ctx.now) if weekly == "on" else None
        await ctx.tx.save_plan(user.id, user.plan_at)
    lang = ctx.lang
    text = i18n.t(lang, "settings.saved" if a else "settings.current", **settings_params(user, lang))
    if "tz" in a and "holidays" not in a and user.holiday_country == "JP" and user.tz not in JAPAN_ZONES:
        # A zone outside Japan with Japan's holidays still counted: business days would skip days that
        # are working days there and count its own holidays, unless the user says which to use.
        text += "\n" + i18n.t(lang, "settings.japan_holidays")
    ctx.reply("reply.raw", text=text)


def _keep_ladders_in_order(user: UserRecord, lang: str) -> None:
    """Refuse offsets that would make any platform's ladder contradict itself (a deadline notice before
    the nudge it follows), naming the steps; nothing is saved."""
    disorder = ladder_disorder(user.offsets)
    if disorder is not None:
        raise CommandError(
            "error.ladder_order",
            platform=label(Vocab.PLATFORM, disorder.platform, lang),
            earlier=label(Vocab.STEP, disorder.earlier, lang),
            later=label(Vocab.STEP, disorder.later, lang),
        )


def settings_params(user: UserRecord, lang: str) -> dict[str, Any]:
    """A user's settings in words of their language (`稼働日 月〜金`, `催促メッセージは2営業日後`)."""
    offsets = i18n.t(lang, "sep.list").join(
        i18n.t(lang, "offset.item", step=label(Vocab.STEP, step, lang), offset=offset_text(lang, text))
        for step, text in sorted(user.offsets.items(), key=lambda kv: _order(kv[0]))
    )
    return {
        "tz": user.tz,
        "lang": label(Vocab.LANG, lang, lang),
        "hours": format_hours(user.active_start, user.active_end, lang),
        "days": format_days(user.working_days, lang),
        "holidays": user.holiday_country or i18n.t(lang, "settings.no_holidays"),
        "platform": label(Vocab.PLATFORM, user.platform, lang),
        # the defaults of the user's platform, or plain defaults where the work has none (direct)
        "offsets": offsets or i18n.worded(lang, "settings", "no_offsets", user.platform),
        "weekly": label(Vocab.SWITCH, "on" if user.plan_at is not None else "off", lang),
    }


def _order(step: str) -> int:
    """Offsets in ladder order (an override stored for a step no profile has any longer comes last)."""
    codes = ladder_step_codes()
    return codes.index(step) if step in codes else len(codes)


def offset_text(lang: str, text: str) -> str:
    """An offset as a sentence says it: `after 2 business days`, `途中終了リクエストの7日後`."""
    offset = Offset.parse(text)
    if offset.base is None:
        return i18n.t(lang, f"offset.{offset.unit}", n=offset.amount)
    step = label(Vocab.STEP, offset.base, lang)
    return i18n.t(lang, f"offset.{offset.unit}_after", n=offset.amount, step=step)


@handles("help")
async def help_(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """A short overview that fits a DM; one command with examples; or every command (`help all`)."""
    lang = ctx.lang

    def own(key: str) -> str:
        """The key of the user's own platform where it has its own words (a direct client has no escrow,
        a Coconala buyer purchases, an Upwork client funds a milestone)."""
        return i18n.own_key(lang, key, ctx.user.platform)

    name = a.get("command")
    if not name:
        text = "\n\n".join(i18n.t(lang, own(k)) for k in ("help.intro", "help.common", "help.more"))
        ctx.reply("reply.raw", text=text)
        return
    if lookup(Vocab.WORD, name) == "all":
        lines = [i18n.t(lang, own("help.intro")), i18n.t(lang, "help.all")]
        lines += [f"`{usage(spec, lang)}`\n    {i18n.t(lang, own(spec.help_key))}" for spec in GRAMMAR]
        lines.append(i18n.t(lang, "help.outro"))
        ctx.reply("reply.raw", text="\n".join(lines))
        return
    spec = command(name.lower().removeprefix("/gig").strip().lstrip("/"))
    if spec is None:
        raise CommandError(
            "error.unknown_command", command=name[:40], suggest=similar_commands(name), suggest_as="command"
        )
    examples = "\n".join(
        [i18n.t(lang, "help.examples"), *(f"`{e}`" for e in i18n.words(lang, own(f"example.{spec.name}")))]
    )
    ctx.reply("help.one", usage=usage(spec, lang), text=i18n.t(lang, own(spec.help_key)), examples=examples)


@handles("forget-me")
async def forget_me(ctx: Ctx, a: Mapping[str, Any]) -> None:
    if not a.get("confirm"):
        ctx.reply("reply.forget_ask")
        return
    await ctx.tx.delete_user(ctx.user.id)
    ctx.forget = True
    ctx.reply("reply.forgotten")
