"""The weekly community digest: how the workspace's members are doing, with no member named.

Every Monday at 09:00 in the zone the admin had when they set it up, the engine posts to the channel:
how many members track gigs, at which ladder step clients answered, how long clients took to answer
(the median of the `heard` events' silence; both only once the week's replies came from several
members), and the clients several members reported. The due time is a row with an indexed `next_at`,
so the engine wakes for it like for a due reminder.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.tracks import ladder_step_codes
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.outlets import CHANNEL
from bot.ports import DigestRecord, EventKind, EventRecord, Store, Transaction
from bot.protection.clients import COMMUNITY, CommunityTerms, reasons_text

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)
_SLACK_CHANNEL = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_NAME = re.compile(r"^[\w-]{1,80}$")


def channel_address(text: str) -> str | None:
    """The channel to post to, as a delivery address: Slack's `<#C123|name>` and Discord's `<#123>`
    give `channel:<id>`, `#name` gives `channel:#name`; anything else (spaces, mentions, markup) is
    not a channel."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _SLACK_CHANNEL.match(text)
    if m:
        return f"{CHANNEL}{m[1]}"
    name = text.removeprefix("#")
    return f"{CHANNEL}#{name}" if _CHANNEL_NAME.match(name) else None


def next_run(after: datetime, tz: str, terms: CommunityTerms = COMMUNITY) -> datetime:
    """The first digest time (Monday 09:00 by default) in `tz` strictly after `after`."""
    zone = ZoneInfo(tz)
    day = after.astimezone(zone).date()
    day += timedelta(days=(terms.digest_weekday - day.weekday()) % 7)
    at = datetime.combine(day, time(terms.digest_hour), tzinfo=zone)
    if at <= after:
        at = datetime.combine(day + WEEK, time(terms.digest_hour), tzinfo=zone)
    return at


async def post_due_digests(store: Store, now: datetime, batch: int, terms: CommunityTerms = COMMUNITY) -> int:
    """Post every digest due at `now`, each in the transaction that moves its `next_at` on; returns how
    many were queued. A digest missed while the bot was down is posted once, then runs weekly again."""
    posted = 0
    while True:
        async with store.transaction() as tx:
            due = await tx.claim_due_digests(now, batch)
            for digest in due:
                message = await build(tx, digest, terms)
                # the admin who set it up hears if it cannot be posted (bot.dispatcher)
                await tx.enqueue_to(digest.workspace, digest.channel, message, now, user_id=digest.user_id)
                await tx.advance_digest(digest.id, next_run(now, digest.tz, terms))
                log.info("digest queued", extra={"workspace": digest.workspace, "digest_id": digest.id})
            posted += len(due)
        if len(due) < batch:
            return posted


def replied_after(heard: EventRecord, reminders: list[EventRecord]) -> str | None:
    """The last ladder reminder of the same gig in the silence the reply ended; None: before any."""
    silence = timedelta(seconds=float(heard.data["silence_seconds"]))
    ladder = set(ladder_step_codes())
    steps = [
        r.step
        for r in reminders
        if r.gig_id == heard.gig_id and r.step in ladder and heard.at - silence <= r.at <= heard.at
    ]
    return steps[-1] if steps else None


def _duration(lang: str, seconds: float) -> str:
    hours = seconds / 3600
    if hours < 48:
        return i18n.t(lang, "digest.hours", n=f"{hours:.0f}")
    return i18n.t(lang, "digest.days", n=f"{round(hours / 24, 1):g}")  # 6 days, not 6.0


async def build(tx: Transaction, digest: DigestRecord, terms: CommunityTerms = COMMUNITY) -> Message:
    """The digest of the week that ends at the digest's scheduled time; counts only, no member named."""
    lang, tz, workspace = digest.lang, digest.tz, digest.workspace
    end = digest.next_at
    start = end - WEEK
    members, open_gigs = await tx.workspace_activity(workspace)
    heard = [
        e
        for e in await tx.workspace_events(workspace, (EventKind.HEARD,), start=start, end=end)
        if "silence_seconds" in e.data
    ]
    reminders = (
        await tx.workspace_events(
            workspace, (EventKind.REMINDER,), end=end, gig_ids=sorted({e.gig_id for e in heard})
        )
        if heard
        else []
    )
    lines = [
        i18n.t(lang, "digest.members", members=members, gigs=open_gigs)
        if open_gigs
        else i18n.t(lang, "digest.members_none")
    ]
    if len({e.user_id for e in heard}) >= terms.min_members:
        by_step = Counter(replied_after(e, reminders) for e in heard)
        order = {code: i for i, code in enumerate(ladder_step_codes())}
        lines.append(i18n.t(lang, "digest.replies", count=len(heard)))
        for step in sorted(by_step, key=lambda s: -1 if s is None else order[s]):
            name = i18n.t(lang, "digest.before_any") if step is None else i18n.t(lang, f"stepname.{step}")
            lines.append(i18n.t(lang, "digest.replied_at", step=name, count=by_step[step]))
        median = statistics.median(float(e.data["silence_seconds"]) for e in heard)
        lines.append(i18n.t(lang, "digest.median", duration=_duration(lang, median)))
    elif heard:  # one member's replies in a small workspace would tell how their clients behave
        lines.append(i18n.t(lang, "digest.replies_withheld", min=terms.min_members))
    else:
        lines.append(i18n.t(lang, "digest.no_replies"))
    reported = await tx.reported_clients(workspace, terms.min_members)
    if reported:
        lines.append(i18n.t(lang, "digest.reported", min=terms.min_members))
        lines += [
            i18n.t(
                lang,
                "digest.reported_row",
                client=c.label,
                members=c.members,
                reasons=reasons_text(lang, c.reasons),
            )
            for c in reported
        ]
    else:
        lines.append(i18n.t(lang, "digest.reported_none", min=terms.min_members))
    lines.append(i18n.t(lang, "digest.footer"))
    title = i18n.t(
        lang,
        "digest.title",
        start=i18n.day(lang, start, tz, now=end),
        end=i18n.day(lang, end - timedelta(days=1), tz, now=end),
    )
    return Message(kind=Kind.DIGEST, lang=lang, title=title, body="\n".join(lines))
