"""A step's name wherever it is shown (`show`'s "Coming up", `list`, the weekly plan, `done`, the history
and its exports, the calendar feed) is chosen as the reminders choose their words, with the owner's zone:
for a New York freelancer's direct client, whose reminders say the Act's last payment day binds the client
only if the Act applies, those views still named the step "legal payment day passed" (a fee never given a
currency was read as yen), and the history kept that name even for a fee in dollars (the engine records
the name without the fee's currency). Through the simulator and the feed, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import VirtualClock
from bot.feed import read_feed
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import body, nyc, ok
from tests.bot.service.stories import LANGS, end, setting, to
from tests.conftest import actor, simulate_records

# The Act's-day step, named flatly (a client in Japan) and as for a client who may be abroad.
FLAT = {"en": "legal payment day passed", "ja": "法定の支払期日の経過"}
HEDGED = {
    "en": "Freelance Act payment day passed (if it binds the client)",
    "ja": "フリーランス新法の支払期日の経過（クライアントに適用される場合）",
}


def _at(month: int, day: int, hour: int = 10, minute: int = 0, *, zone: str) -> str:
    year = 2026 if month == 12 else 2027
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{zone}"


async def _views(lang: str, *, tz: str, zone: str, currency: str) -> dict[str, str]:
    """Two direct gigs delivered on Thursday 3 Dec, one with `currency:` given and one without, their
    Act's day on Sunday 31 Jan; every view that names the step due the day after, by name."""

    def say(text: str, month: int, day: int, hour: int = 10, minute: int = 0) -> dict[str, Any]:
        return {"at": _at(month, day, hour, minute, zone=zone), "user": "u", "text": text}

    title = "「サイト制作」" if lang == "ja" else '"Site"'
    records = await simulate_records(
        [
            setting("u", _at(12, 1, 9, zone=zone), lang=lang, platform="direct", tz=tz, weekly="on"),
            say(f"/gig add {title} client:Acme stage:contracted amount:2000 currency:{currency}", 12, 1),
            say("/gig add Logo client:Beta stage:contracted amount:500", 12, 1, 10, 1),
            say("/gig delivered 1", 12, 3),
            say("/gig delivered 2", 12, 3, 10, 1),
            say("/gig show 1", 1, 31),
            say("/gig show 2", 1, 31, 10, 1),
            say("/gig list", 1, 31, 10, 2),
            say("/gig done 2 payment_deadline", 2, 2),
            say("/gig show 1", 2, 2, 10, 1),
            say("/gig timeline 2", 2, 2, 10, 2),
            say("/gig timeline 1 csv", 2, 2, 10, 3),
            end(_at(2, 3, zone=zone)),
        ]
    )
    replies = {r["at"]: r["text"] for r in to(records, "u", "reply")}
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == _at(2, 1, 9, zone=zone)]

    def reply(month: int, day: int, hour: int = 10, minute: int = 0) -> str:
        return replies[_at(month, day, hour, minute, zone=zone)]

    return {
        "coming up (stated currency)": reply(1, 31),
        "coming up (currency never given)": reply(1, 31, 10, 1),
        "list": reply(1, 31, 10, 2),
        "weekly plan": plan,
        "done": reply(2, 2),
        "history (stated currency)": reply(2, 2, 10, 1),
        "timeline (currency never given)": reply(2, 2, 10, 2),
        "csv export (stated currency)": reply(2, 2, 10, 3),
    }


@pytest.mark.parametrize("lang", LANGS)
async def test_every_view_names_the_acts_day_step_of_a_client_abroad_as_its_reminder_does(lang: str) -> None:
    views = await _views(lang, tz="America/New_York", zone="-05:00", currency="USD")
    for view, text in views.items():
        assert FLAT[lang] not in text, (view, text)
        assert HEDGED[lang] in text, (view, text)
    # both gigs: "Coming up" and the plan name the step of each
    for view in ("list", "weekly plan"):
        assert views[view].count(HEDGED[lang]) == 2, (view, views[view])


@pytest.mark.parametrize("lang", LANGS)
async def test_a_freelancer_in_japan_paid_in_yen_still_sees_the_legal_payment_day_named(lang: str) -> None:
    """The choice follows the client's place: a freelancer in Tokyo with yen clients sees the Act's day
    named as the legal one in every view, as before."""
    views = await _views(lang, tz="Asia/Tokyo", zone="+09:00", currency="JPY")
    for view, text in views.items():
        assert HEDGED[lang] not in text, (view, text)
        assert FLAT[lang] in text, (view, text)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_history_keeps_the_name_the_reminder_of_a_fee_in_dollars_had(lang: str) -> None:
    """The engine records a reminder's name with it, and read the gig without its currency: a dollar
    client of a freelancer in Tokyo got the hedged reminder, and the history called it the legal day."""
    zone = "+09:00"
    records = await simulate_records(
        [
            setting("u", _at(12, 1, 9, zone=zone), lang=lang, platform="direct"),
            {
                "at": _at(12, 1, zone=zone),
                "user": "u",
                "text": '/gig add "Site" client:Acme stage:contracted amount:2000 currency:USD',
            },
            {"at": _at(12, 3, zone=zone), "user": "u", "text": "/gig delivered 1"},
            {"at": _at(2, 2, zone=zone), "user": "u", "text": "/gig show 1"},
            end(_at(2, 3, zone=zone)),
        ]
    )
    [reminder] = [r for r in to(records, "u", "reminder") if r["step"] == "payment_deadline"]
    history = to(records, "u", "reply")[-1]["text"]
    said = {"en": "Reminder: ", "ja": "リマインダー："}[lang]
    assert f"{said}{HEDGED[lang]}" in history, (reminder["text"], history)
    assert FLAT[lang] not in history, history


async def _feed_name(store: SqlStore, lang: str, settings: str, fee: str) -> tuple[str, list[str]]:
    """The name of the feed's entry for the step due the day after the Act's day of a direct gig
    delivered on 3 Dec, and every entry's summary."""
    clock = VirtualClock(nyc(2026, 12, 1, 9))
    service = Service(store, clock, public_url="https://gigwatch.example.com")
    kim = actor("kim")
    await ok(service, kim, f"/gig settings lang:{lang} platform:direct {settings}".strip())
    await ok(service, kim, f'/gig add "Site" client:Acme stage:contracted {fee}')
    clock.set(nyc(2026, 12, 3, 10))
    await ok(service, kim, "/gig delivered 1")
    token = body(await ok(service, kim, "/gig calendar")).split("/calendar/")[1].split(".ics")[0]
    feed = await read_feed(store, token)
    assert feed is not None
    [entry] = [e for e in feed.events if e.uid.endswith("-payment_deadline@gigwatch")]
    return entry.summary, [e.summary for e in feed.events]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_calendar_feed_names_the_acts_day_step_of_a_client_abroad_as_its_reminder_does(
    store: SqlStore, lang: str
) -> None:
    name, summaries = await _feed_name(store, lang, "tz:America/New_York", "amount:2000")
    assert name.endswith(HEDGED[lang]), name
    assert all(FLAT[lang] not in summary for summary in summaries), summaries


@pytest.mark.parametrize("lang", LANGS)
async def test_the_calendar_feed_of_a_freelancer_in_japan_keeps_the_legal_payment_day(
    store: SqlStore, lang: str
) -> None:
    name, _ = await _feed_name(store, lang, "", "amount:200000")
    assert name.endswith(FLAT[lang]), name
