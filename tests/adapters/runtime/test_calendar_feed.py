"""The calendar feed from the real `gigwatch` process: `/gig calendar` gives a private URL, the runtime's
HTTP app serves it as iCalendar (read here with the independent `ical` parser), `reset` and `off` end
the old address, and the token is in no log line and nowhere in the database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from bot.i18n import catalog as i18n
from storage import open_store
from storage.schema import gigs, metadata, pending_steps, users
from tests.adapters.runtime.process import ALWAYS, PATIENCE, Bot, environment

PUBLIC = "https://gigwatch.example.com/bot"
FEED = re.compile(re.escape(PUBLIC) + r"(/calendar/([A-Za-z0-9_-]+)\.ics)")


def replies(bot: Bot) -> list[str]:
    return [r["text"] for r in bot.records() if r["kind"] in ("reply", "error")]


def feeds(bot: Bot) -> list[tuple[str, str]]:
    """(path, token) of each feed URL the replies showed, in order."""
    return [(m[1], m[2]) for text in replies(bot) if (m := FEED.search(text))]


async def fetch(port: int, path: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def test_the_feed_lists_steps_deadlines_and_payment_days_and_its_token_stays_secret(
    tmp_path: Path,
) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    env = environment(
        db,
        GIGWATCH_HTTP_PORT="0",
        GIGWATCH_PUBLIC_URL=PUBLIC,
        GIGWATCH_LOG_FORMAT="json",
        GIGWATCH_LOG_LEVEL="DEBUG",
    )
    bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        started = bot.log("gigwatch started")
        assert started is not None
        port = started["http_port"]
        bot.write(
            f"/gig {ALWAYS}\n"
            '/gig add "LP design" client:ACME stage:contracted\n'
            '/gig add "Logo" client:Kato stage:delivered amount:50000\n'
            "/gig incoming 1 termination\n"
            "/gig calendar\n"
        )
        bot.wait_for(lambda: len(feeds(bot)) == 1, PATIENCE, "the feed's address")
        [(path, token)] = feeds(bot)

        status, content_type, text = await fetch(port, path)
        assert status == 200
        assert content_type.startswith("text/calendar")
        calendar = IcsCalendarStream.calendar_from_ics(text)
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text.splitlines()
        assert "X-PUBLISHED-TTL:PT1H" in text.splitlines()

        store = await open_store(db)
        try:
            async with store.engine.connect() as conn:
                rows = (
                    await conn.execute(
                        select(
                            gigs.c.number, pending_steps.c.track, pending_steps.c.step, pending_steps.c.due_at
                        )
                        .join(gigs, gigs.c.id == pending_steps.c.gig_id)
                        .order_by(pending_steps.c.gig_id, pending_steps.c.track, pending_steps.c.ord)
                    )
                ).all()
                deadline = (
                    await conn.execute(
                        select(pending_steps.c.deadline_at).where(
                            pending_steps.c.track == "request:termination"
                        )
                    )
                ).scalar_one()
                delivered = (
                    await conn.execute(select(gigs.c.delivered_at).where(gigs.c.number == 2))
                ).scalar_one()
                dumped = {
                    t.name: [tuple(r) for r in await conn.execute(select(t))] for t in metadata.sorted_tables
                }
        finally:
            await store.engine.dispose()

        events = {e.uid: e for e in calendar.events}
        extra = ("-deadline@gigwatch", "-payment-last_day@gigwatch")
        steps = [e for e in calendar.events if not e.uid.endswith(extra)]
        # every pending step, at the instant the user is told (UTC), once each
        assert sorted((e.dtstart, e.summary) for e in steps) == sorted(
            (datetime.fromtimestamp(due, UTC), summary(number, track, step))
            for number, track, step, due in rows
        )
        assert all(isinstance(e.dtstart, datetime) and e.dtstart.tzinfo is not None for e in steps)
        # the client's request: its own deadline, the day before which the step reminds
        [answer] = [e for e in calendar.events if e.uid.endswith("-deadline@gigwatch")]
        assert answer.dtstart == datetime.fromtimestamp(deadline, UTC)
        assert (
            answer.summary == "#1 LP design (ACME): deadline to answer the client's early-termination request"
        )
        # the Freelance Act's last payment day of the delivered gig: 60 days counting delivery as day 1
        [payday] = [e for e in calendar.events if e.uid.endswith("-payment-last_day@gigwatch")]
        received = datetime.fromtimestamp(delivered, UTC).date()
        assert payday.dtstart == date.fromordinal(received.toordinal() + 59)
        assert payday.summary == "#2 Logo (Kato): last payment day (Freelance Act)"
        assert len(events) == len(calendar.events), "UIDs are unique"

        # the same feed read again: the same UIDs (a calendar app updates, never duplicates)
        again = IcsCalendarStream.calendar_from_ics((await fetch(port, path))[2])
        assert {e.uid for e in again.events} == set(events)

        # the token is stored as a hash only: nowhere in the database, not even in the outbox
        assert token not in repr(dumped)
        [feed_hash] = [r for r in dumped["users"] if r[users.c.keys().index("feed_hash")] is not None]
        assert feed_hash

        # reset: a new address; the old one is gone
        bot.write("/gig calendar reset\n")
        bot.wait_for(lambda: len(feeds(bot)) == 2, PATIENCE, "the reset")
        new_path, _ = feeds(bot)[1]
        assert new_path != path
        assert (await fetch(port, path))[0] == 404
        assert (await fetch(port, new_path))[0] == 200
        assert (await fetch(port, "/calendar/not-a-token.ics"))[0] == 404

        # a second `/gig calendar` does not show the address again; `off` ends it
        shown = len(replies(bot))
        bot.write("/gig calendar\n/gig calendar off\n")
        bot.wait_for(lambda: len(replies(bot)) == shown + 2, PATIENCE, "two more replies")
        assert replies(bot)[shown:] == [i18n.t("en", "feed.active"), i18n.t("en", "feed.off")]
        assert (await fetch(port, new_path))[0] == 404
    finally:
        bot.kill()
    logged = "\n".join(bot.err)
    assert "/calendar/" not in logged.replace("/calendar/[redacted]", ""), "no feed path in the logs"
    assert token not in logged
    assert bot.log("calendar feed served") is not None


def summary(number: int, track: str, step: str) -> str:
    title, client = {1: ("LP design", "ACME"), 2: ("Logo", "Kato")}[number]
    ref = i18n.t("en", "plan.gig", gig=number, title=title, client=client)
    return i18n.t("en", "feed.step", ref=ref, step=i18n.t("en", f"stepname.{step}"))
