"""The calendar feed over HTTP: GET /calendar/<token>.ics renders what bot.feed decides as iCalendar
(RFC 5545), with the `icalendar` library.

The token is the only secret of the URL: the runtime's server writes no access log, this module logs
no path, and the log redaction masks anything shaped like a feed path (adapters/runtime/logs.py).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from aiohttp import web
from icalendar import Calendar, Event

from bot.clock import Clock
from bot.feed import FEED_PATH, FEED_SUFFIX, Feed, read_feed
from bot.i18n import catalog as i18n
from bot.ports import Store

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
REFRESH = timedelta(hours=1)  # how often a calendar app is asked to fetch again (whole hours)


def add_feed_route(app: web.Application, store: Store, clock: Clock) -> None:
    async def calendar(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        token = name.removesuffix(FEED_SUFFIX)
        feed = await read_feed(store, token) if name.endswith(FEED_SUFFIX) and _TOKEN.match(token) else None
        if feed is None:
            log.info("calendar feed: unknown address")
            return web.Response(status=404, text="not found")
        log.info("calendar feed served", extra={"events": len(feed.events)})
        return web.Response(
            body=render(feed, clock),
            headers={
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": 'inline; filename="gigwatch.ics"',
                "Cache-Control": "private, max-age=300",
            },
        )

    app.router.add_get(FEED_PATH + "{name}", calendar)


def render(feed: Feed, clock: Clock) -> bytes:
    """The feed as an iCalendar object: times in UTC, all-day payment days as dates, a stable UID each."""
    cal = Calendar()
    cal.add("prodid", "-//gigwatch//calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", feed.name)
    cal.add("x-wr-timezone", feed.tz)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", f"PT{REFRESH // timedelta(hours=1)}H")  # Outlook's name for the same
    stamp = clock.now()
    for item in feed.events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", i18n.plain(item.summary))
        event.add("description", i18n.plain(item.description))
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("transp", "TRANSPARENT")  # a reminder does not make the user busy
        cal.add_component(event)
    return bytes(cal.to_ical())
