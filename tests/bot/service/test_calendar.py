"""`/gig calendar` through the service: the address is shown once and never stored, `reset` and `off`
end the old token, the feed's entries follow the gig's plan (snoozes and re-plans move them, the same
UID each), both languages, and bad input changes nothing."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.feed import Feed, read_feed, token_hash
from bot.i18n import catalog as i18n
from bot.service import Service
from storage import SqlStore
from storage.schema import outbox, users
from tests.bot.harness import body, dump, jst, ok, refused
from tests.conftest import actor

ALICE = actor("alice")
BOB = actor("bob")
PUBLIC = "https://gigwatch.example.com"
URL = re.compile(re.escape(PUBLIC) + r"/calendar/([A-Za-z0-9_-]{40,})\.ics")


def token_in(text: str) -> str:
    m = URL.search(text)
    assert m is not None, text
    return m[1]


async def feed(store: SqlStore, token: str) -> Feed:
    found = await read_feed(store, token)
    assert found is not None
    return found


async def test_the_address_is_shown_once_and_only_its_hash_is_kept(
    store: SqlStore, clock: VirtualClock
) -> None:
    service = Service(store, clock, public_url=PUBLIC + "/")
    outcome = await ok(service, ALICE, "/gig calendar")
    token = token_in(body(outcome))
    assert [r.outbox_id for r in outcome.replies] == [None], "delivered in the interaction, never stored"
    assert token not in repr(await dump(store))
    async with store.engine.begin() as conn:
        stored = (
            await conn.execute(select(users.c.feed_hash).where(users.c.external_id == "alice"))
        ).scalar()
        assert stored == token_hash(token)
        assert (await conn.execute(select(outbox))).all() == []

    assert body(await ok(service, ALICE, "/gig calendar")) == i18n.t("en", "feed.active")
    assert (await read_feed(store, token)) is not None
    assert await read_feed(store, token + "x") is None

    new = token_in(body(await ok(service, ALICE, "/gig calendar 再発行")))
    assert new != token
    assert await read_feed(store, token) is None
    assert await read_feed(store, new) is not None
    # Bob's feed is his own
    bobs = token_in(body(await ok(service, BOB, "/gig calendar")))
    assert (await feed(store, bobs)).events == ()

    assert body(await ok(service, ALICE, "/gig calendar off")) == i18n.t("en", "feed.off")
    assert await read_feed(store, new) is None
    assert body(await ok(service, ALICE, "/gig calendar off")) == i18n.t("en", "feed.none")


async def test_entries_follow_the_plan_with_stable_uids(store: SqlStore, clock: VirtualClock) -> None:
    service = Service(store, clock, public_url=PUBLIC)
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted')
    token = token_in(body(await ok(service, ALICE, "/gig calendar")))
    before = {e.uid: e for e in (await feed(store, token)).events}
    nudge = before["gig1-ladder-nudge@gigwatch"]
    assert (nudge.start, nudge.summary) == (jst(2026, 11, 24, 18), "#1 LP design (ACME): friendly nudge")

    clock.set(jst(2026, 11, 24, 12))
    await ok(service, ALICE, "/gig snooze 1 next week")
    after = {e.uid: e for e in (await feed(store, token)).events}
    assert set(after) == set(before)
    assert after["gig1-ladder-nudge@gigwatch"].start == jst(2026, 11, 30, 9)

    await ok(service, ALICE, "/gig delivered 1 since:2026-11-20")
    await ok(service, ALICE, "/gig terms 1 pay_by:2026-12-25")
    entries = {e.uid: e for e in (await feed(store, token)).events}
    assert "gig1-ladder-nudge@gigwatch" not in entries, "a step no longer pending leaves the calendar"
    payday = entries["gig1-payment-last_day@gigwatch"]
    assert (payday.start, payday.end) == (date(2026, 12, 25), date(2026, 12, 26))
    await ok(service, ALICE, "/gig paid 1")
    assert not [e for e in (await feed(store, token)).events if "gig1-" in e.uid], "a closed gig has none"


async def test_japanese_and_bad_input(store: SqlStore, clock: VirtualClock) -> None:
    service = Service(store, clock, public_url=PUBLIC)
    await ok(service, ALICE, "/gig settings lang:ja")
    await ok(service, ALICE, "/gig add 「ロゴ制作」 client:加藤 stage:delivered funded:no")
    shown = body(await ok(service, ALICE, "/gig calendar"))
    assert shown.startswith("あなた専用のカレンダーフィードです：")
    [payday] = [e for e in (await feed(store, token_in(shown))).events if e.uid.endswith("last_day@gigwatch")]
    assert payday.summary == "#1 ロゴ制作（加藤様）：支払期日（フリーランス新法）"

    before = await dump(store)
    error = await refused(service, ALICE, "/gig calendar 明日")
    assert error.text().startswith("「明日」は操作として正しくありません。")
    assert await dump(store) == before

    plain = Service(store, clock)  # no GIGWATCH_PUBLIC_URL
    error = await refused(plain, ALICE, "/gig calendar")
    assert error.body == i18n.t("ja", "error.feed_disabled")
    assert "GIGWATCH_PUBLIC_URL" in error.body
    assert await dump(store) == before


async def test_a_requests_deadline_stays_until_it_is_answered(store: SqlStore, clock: VirtualClock) -> None:
    service = Service(store, clock, public_url=PUBLIC)
    engine = Engine(store, clock)
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted')
    await ok(service, ALICE, "/gig incoming 1 termination")
    token = token_in(body(await ok(service, ALICE, "/gig calendar")))
    uid = "gig1-request-termination-deadline@gigwatch"
    [deadline] = [e for e in (await feed(store, token)).events if e.uid == uid]
    assert (
        deadline.summary == "#1 LP design (ACME): deadline to answer the client's early-termination request"
    )
    reminder = next(e for e in (await feed(store, token)).events if e.uid.startswith("gig1-request-"))
    assert isinstance(reminder.start, datetime)
    assert isinstance(deadline.start, datetime)
    assert reminder.start < deadline.start

    clock.set(reminder.start)  # the reminder before the deadline is delivered: the deadline stays
    await engine.tick()
    entries = {e.uid: e for e in (await feed(store, token)).events}
    assert reminder.uid not in entries
    assert entries[uid].start == deadline.start

    await ok(service, ALICE, "/gig incoming 1 termination answered")
    assert uid not in {e.uid for e in (await feed(store, token)).events}


async def test_a_coconala_deadline_in_the_feed_is_the_buyers(store: SqlStore, clock: VirtualClock) -> None:
    """Coconala's other side is the buyer: the feed's deadline entry said "the client's" cancellation
    request, unlike every other text about a Coconala order."""
    service = Service(store, clock, public_url=PUBLIC)
    await ok(service, ALICE, '/gig add "Logo" client:Tanaka platform:coconala stage:funded')
    await ok(service, ALICE, "/gig incoming 1 cancellation")
    token = token_in(body(await ok(service, ALICE, "/gig calendar")))
    [deadline] = [e for e in (await feed(store, token)).events if e.uid.endswith("-deadline@gigwatch")]
    assert deadline.summary == "#1 Logo (Tanaka): deadline to answer the buyer's cancellation request"


async def test_an_upwork_gig_s_payment_day_in_the_feed_is_the_acts_only_if_it_binds(
    store: SqlStore, clock: VirtualClock
) -> None:
    """An Upwork client is likely abroad: the feed called the Act's 60th day flatly the last day the client
    "may pay", in both languages, as `show` and `list` did before they were hedged."""
    service = Service(store, clock, public_url=PUBLIC)
    for who, lang in ((ALICE, "en"), (BOB, "ja")):
        await ok(service, who, f"/gig settings lang:{lang} platform:upwork")
        await ok(service, who, '/gig add "Icons" client:Globo stage:delivered amount:250')
        shown = body(await ok(service, who, "/gig calendar"))
        events = (await feed(store, token_in(shown))).events
        [payday] = [e for e in events if e.uid.endswith("last_day@gigwatch")]
        hedge = {"en": "if it binds the client", "ja": "クライアントに適用される場合"}[lang]
        assert hedge in payday.summary, payday.summary
