"""The calendar feed: what a user's calendar app shows of their gigs, decided here and rendered as
iCalendar by the runtime's HTTP app (adapters/runtime/feed.py).

A feed is reached by a random token in its URL; only the token's SHA-256 is stored, so the database
cannot give the URL away (the reply that shows it is the only place it appears). The events are every
pending step (at the time the user is told), the deadline of each open client request, and the Freelance
Act's last payment day of each delivered gig still owed (not one whose escrow the client asked back,
with no outcome recorded: whether it is owed is in question). UIDs name the gig and the step, never a row id,
so a re-planned step updates its event instead of adding one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.compose import act_voice, step_label
from bot.domain.tracks import plan, profile
from bot.i18n import catalog as i18n
from bot.ports import GigRecord, StepRecord, Store, UserRecord

FEED_PATH = "/calendar/"  # + the token + FEED_SUFFIX: the route the HTTP app serves
FEED_SUFFIX = ".ics"
STEP_LENGTH = timedelta(minutes=30)  # a step is a short slot in the calendar, not a point
UID_DOMAIN = "gigwatch"
TOKEN_BYTES = 32
REQUEST = "request:"  # the track of a client's request, by its name


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One calendar entry. `start` is an aware instant (a timed event) or a date (an all-day one)."""

    uid: str
    summary: str
    description: str
    start: datetime | date
    end: datetime | date


@dataclass(frozen=True, slots=True)
class Feed:
    name: str
    lang: str
    tz: str
    events: tuple[FeedEvent, ...]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{FEED_PATH}{token}{FEED_SUFFIX}"


async def read_feed(store: Store, token: str) -> Feed | None:
    """The feed a token opens, or None (unknown, reset or turned off: the caller answers 404)."""
    async with store.transaction() as tx:
        user = await tx.feed_user(token_hash(token))
        if user is None:
            return None
        gigs = await tx.gigs(user.id)
        pending = await tx.pending([g.id for g in gigs])
    lang = user.language
    return Feed(i18n.t(lang, "feed.name"), lang, user.tz, tuple(events(user, gigs, pending)))


def events(
    user: UserRecord, gigs: Sequence[GigRecord], pending: dict[int, list[StepRecord]]
) -> list[FeedEvent]:
    lang, tz = user.language, user.tz
    out: list[FeedEvent] = []
    for gig in gigs:
        ref = i18n.t(lang, "plan.gig", gig=gig.number, title=gig.title, client=gig.client)
        about = i18n.t(lang, "feed.about", gig=gig.number, client=gig.client)
        for step in pending.get(gig.id, []):
            name = step_label(lang, step.step, gig, tz)
            out.append(
                FeedEvent(
                    _uid(gig, step.track, step.step),
                    i18n.t(lang, "feed.step", ref=ref, step=name),
                    about,
                    step.due_at,
                    step.due_at + STEP_LENGTH,
                )
            )
        for track, deadline in request_deadlines(user, gig):
            # the platform's deadline stays in the calendar until the request is answered
            request = i18n.t(lang, f"request.{track.removeprefix(REQUEST)}")
            out.append(
                FeedEvent(
                    _uid(gig, track, "deadline"),
                    i18n.t(lang, i18n.own_key(lang, "feed.deadline", gig.platform), ref=ref, request=request),
                    about,
                    deadline,
                    deadline + STEP_LENGTH,
                )
            )
        payday = gig.act_payment_day(tz)
        # a fee the client asked back, with no outcome recorded, is in question: no day it is due by
        if payday is not None and gig.owed != 0 and not gig.refund_unsettled:
            out.append(
                FeedEvent(
                    _uid(gig, "payment", "last_day"),
                    # a client who may be abroad: the Act's day binds only a client the Act reaches
                    i18n.t(lang, i18n.own_key(lang, "feed.payday", act_voice(gig, tz)), ref=ref),
                    i18n.t(
                        lang,
                        i18n.own_key(lang, "feed.payday_about", act_voice(gig, tz)),
                        gig=gig.number,
                        client=gig.client,
                    ),
                    payday,
                    payday + timedelta(days=1),
                )
            )
    return sorted(out, key=lambda e: (_sort_key(e.start), e.uid))


def request_deadlines(user: UserRecord, gig: GigRecord) -> list[tuple[str, datetime]]:
    """The platform's deadline of each client request the user has not answered yet, by its track."""
    cal = user.calendar
    deadlines = {
        s.track: s.deadline
        for s in plan(gig.track_state(cal), profile(gig.platform), cal, user.offsets)
        if s.deadline is not None and s.track.startswith(REQUEST)
    }
    return sorted(deadlines.items())


def _uid(gig: GigRecord, track: str, what: str) -> str:
    return f"gig{gig.id}-{track.replace(':', '-')}-{what}@{UID_DOMAIN}"


def _sort_key(start: datetime | date) -> str:
    """All-day entries first on their day; instants are UTC, close enough for an order of listing."""
    return start.isoformat() if isinstance(start, datetime) else f"{start.isoformat()}T00"
