"""The user's own history with a client, for `/gig vet`: what their gigs with that client showed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.tracks import profile
from bot.i18n import catalog as i18n
from bot.protection.clients import client_key
from bot.service.context import Ctx
from bot.service.milestones import milestones


def _days(spans: list[float]) -> str:
    """The average to a tenth of a day, a whole number without its ".0" (accepted the same day: 0)."""
    return f"{sum(spans) / len(spans):.1f}".removesuffix(".0")


def _span(start: datetime | None, end: datetime | None) -> float | None:
    """Days from `start` to `end`, when both happened in that order."""
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 86400


def _average(lang: str, platform: str, name: str, spans: list[float]) -> str:
    """`history.<name>`: the average of `spans` in days, or that the records do not tell, in the
    platform's own words where it has them (a Coconala buyer purchases and approves)."""
    part = name if spans else f"{name}_unknown"
    days = _days(spans) if spans else ""
    return i18n.t(lang, i18n.own_key(lang, f"history.{part}", platform), days=days, count=len(spans))


@dataclass(frozen=True, slots=True)
class OwnHistory:
    lines: list[str]
    platform: str | None  # where every gig with the client ran, when that is one platform


async def own_history(ctx: Ctx, key: str) -> OwnHistory:
    """Lines on the user's gigs with the client `key` (bot.protection.clients.client_key): how many,
    days from contract to funding and from delivery to acceptance on average, and how often the
    client's silence lasted until a ladder reminder."""
    lang = ctx.lang
    gigs = [g for g in await ctx.tx.gigs(ctx.user.id, include_closed=True) if client_key(g.client) == key]
    if not gigs:
        return OwnHistory([i18n.t(lang, i18n.own_key(lang, "history.none", ctx.user.platform))], None)
    to_fund: list[float] = []
    to_accept: list[float] = []
    silences = 0
    for gig in gigs:
        marks = milestones(gig, await ctx.tx.events(gig.id))
        silences += marks.silences
        # a moment known only as "by then" (a gig added as funded or later) times nothing
        if (fund := _span(marks.contract, marks.funded)) is not None and not marks.bounds & {
            "contract",
            "funded",
        }:
            to_fund.append(fund)
        if (accept := _span(marks.delivered, marks.accepted)) is not None and not marks.bounds & {
            "delivered",
            "accepted",
        }:
            to_accept.append(accept)
    platforms = {g.platform for g in gigs}
    one = next(iter(platforms)) if len(platforms) == 1 else "generic"
    lines = [
        i18n.t(
            lang,
            i18n.own_key(lang, "history.gigs", one),
            count=len(gigs),
            open=sum(1 for g in gigs if not g.closed),
            numbers=", ".join(f"#{g.number}" for g in gigs),
        )
    ]
    if any(profile(p).escrow for p in platforms):  # a direct client has no escrow to be slow to fund
        lines.append(_average(lang, one, "fund", to_fund))
    lines.append(_average(lang, one, "accept", to_accept))
    lines.append(i18n.t(lang, "history.silent", count=silences))
    return OwnHistory(lines, platforms.pop() if len(platforms) == 1 else None)
