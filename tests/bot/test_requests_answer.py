"""A client's request recorded with `/gig incoming` is the client's answer: the texts after it fit it
(audit 2, finding 2). No acceptance nudge, no promise of an automatic release, and no support inquiry
that says the client never replied."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.clock import VirtualClock
from bot.domain.tracks import request_names
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import ok, reminders
from tests.conftest import actor, simulate_records


def cmd(at: str, text: str, user: str = "sam") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "text": text}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def steps(records: list[dict[str, Any]]) -> list[str]:
    return [r["step"] for r in records if r["kind"] == "reminder"]


CROWDWORKS_ADD = "/gig add 「動画編集」 client:森 platform:crowdworks stage:funded"
UPWORK_REFUND = [
    cmd("2026-11-20T10:00:00", '/gig add "App" client:Acme platform:upwork stage:funded amount:500'),
    cmd("2026-11-24T10:00:00", "/gig delivered 1"),
    cmd("2026-11-26T10:00:00", "/gig incoming 1 refund"),
]


async def test_an_upwork_refund_request_ends_the_acceptance_nudge_and_the_automatic_release() -> None:
    records = await simulate_records(
        [
            *UPWORK_REFUND,
            cmd("2026-11-30T10:00:00", "/gig incoming 1 refund answered"),
            end("2026-12-20T00:00:00"),
        ]
    )
    assert steps(records) == []
    (received,) = [r for r in records if r["at"] == "2026-11-26T10:00:00+09:00"]
    assert "no longer released to you automatically" in received["text"]


async def test_writing_to_the_client_after_a_refund_request_does_not_bring_the_release_back() -> None:
    records = await simulate_records(
        [
            *UPWORK_REFUND,
            cmd("2026-11-27T10:00:00", "/gig incoming 1 refund answered"),
            cmd("2026-11-27T10:05:00", "/gig sent 1 disputed the refund"),
            end("2026-12-20T00:00:00"),
        ]
    )
    assert "acceptance_nudge" not in steps(records)
    assert "auto_release_notice" not in steps(records)


async def test_a_crowdworks_support_inquiry_after_a_termination_request_names_it() -> None:
    """The client's early-termination request is an answer: the silence ladder stops; written to again,
    the support inquiry tells support of the request instead of saying the client never replied."""
    records = await simulate_records(
        [
            {"at": "2026-11-20T10:00:00+09:00", "user": "kai", "settings": {"lang": "ja"}},
            cmd("2026-11-20T10:01:00", CROWDWORKS_ADD, "kai"),
            cmd("2026-11-24T10:00:00", "/gig delivered 1", "kai"),
            cmd("2026-11-25T10:00:00", "/gig incoming 1 途中終了", "kai"),
            cmd("2026-12-02T09:00:00", "/gig incoming 1 途中終了 answered", "kai"),
            cmd("2026-12-08T10:00:00", "/gig sent 1", "kai"),
            end("2026-12-20T00:00:00"),
        ]
    )
    before = [r for r in records if r["at"] < "2026-12-08T10:00:00+09:00"]
    assert steps(before) == ["respond_deadline"]
    inquiries = [r for r in records if r["step"] == "support_inquiry"]
    assert [r["at"] for r in inquiries] == ["2026-12-15T10:00:00+09:00"]
    text = inquiries[0]["text"]
    assert "契約途中終了リクエストが届きました" in text
    assert "メッセージへのご返信もいただけておりません" not in text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_request_reminder_caught_up_after_its_deadline_says_the_deadline_passed(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock, lang: str
) -> None:
    """A CrowdWorks early-termination request recorded on Friday 20 Nov 10:02 must be answered within
    seven days (Fri 27 Nov). The bot was down until Monday 30 Nov: the reminder it then sent still said
    'answer ... by Fri 27 Nov 2026' and 'decline the request before the deadline', three days after it."""
    start = datetime.fromisoformat("2026-11-20T10:00:00+09:00")
    aiko = actor("aiko")
    for i, command in enumerate(
        [
            f"/gig settings lang:{lang}",
            '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:50000',
            "/gig delivered 1",
            "/gig incoming 1 termination",
        ]
    ):
        clock.set(start + timedelta(minutes=i))
        await ok(service, aiko, command)
    clock.set(start + timedelta(days=10))
    await engine.tick()
    [reminder] = await reminders(store)
    assert reminder.step == "respond_deadline"
    text = reminder.message.text()
    day = {"en": "Fri 27 Nov 2026", "ja": "2026年11月27日（金）"}[lang]
    assert day in text, text
    passed = {"en": "has passed", "ja": "過ぎ"}[lang]
    assert passed in text, text
    for ahead in {"en": ("by Fri 27 Nov", "before the deadline"), "ja": ("までに回答", "期限までに")}[lang]:
        assert ahead not in text, text
    assert reminder.message.draft is None, reminder.message.draft


# Every request kind some platform has, with a gig it can arrive on (an hours dispute needs an hourly
# contract: a rate and no fee).
MISSED_REQUESTS = {
    "termination": ("crowdworks", "amount:50000"),
    "contact_prompt": ("lancers", "amount:50000"),
    "refund": ("upwork", "amount:500"),
    "dispute": ("upwork", "rate:40"),
    "cancellation": ("coconala", "amount:50000"),
}
RECEIVED = datetime.fromisoformat("2026-11-20T10:03:00+09:00")  # a Friday


def test_every_request_kind_is_checked_for_a_missed_reminder() -> None:
    assert sorted(MISSED_REQUESTS) == sorted(request_names())


async def _record_request(service: Service, clock: VirtualClock, request_name: str, lang: str) -> None:
    """A funded gig delivered, then the client's request recorded at RECEIVED; the bot is then away."""
    platform, fee = MISSED_REQUESTS[request_name]
    commands = [
        f"/gig settings lang:{lang}",
        f'/gig add "LP" client:ACME platform:{platform} stage:funded {fee}',
        "/gig delivered 1",
        f"/gig incoming 1 {request_name}",
    ]
    for i, command in enumerate(commands):
        clock.set(RECEIVED + timedelta(minutes=i - len(commands) + 1))
        await ok(service, actor("aiko"), command)


def _says_the_deadline_passed(sent: list[Any], lang: str) -> None:
    assert len(sent) == 1, [r.message.text() for r in sent]
    text = sent[0].message.text()
    assert {"en": "has passed", "ja": "過ぎ"}[lang] in text, text
    assert sent[0].message.draft is None, sent[0].message.draft


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("request_name", sorted(MISSED_REQUESTS))
async def test_a_request_missed_while_the_bot_was_down_gets_one_reminder_saying_its_deadline_passed(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    request_name: str,
    lang: str,
) -> None:
    """Whatever the platform's request, a bot away from just after it was recorded until well past its
    deadline (back on Monday 30 Nov, a working day) sends exactly one reminder for it, which says the
    deadline passed, and never another."""
    await _record_request(service, clock, request_name, lang)
    clock.set(datetime.fromisoformat("2026-11-30T10:00:00+09:00"))
    await engine.tick()
    _says_the_deadline_passed([r for r in await reminders(store) if r.step == "respond_deadline"], lang)
    clock.set(datetime.fromisoformat("2026-12-10T10:00:00+09:00"))
    await engine.tick()
    assert len([r for r in await reminders(store) if r.step == "respond_deadline"]) == 1


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("request_name", "day_off", "next_morning"),
    [
        # Coconala's 24 hours ended on Sat 21 Nov 10:03; Mon 23 Nov is Labour Thanksgiving Day.
        ("cancellation", "2026-11-23T10:03:00+09:00", "2026-11-24T09:00:00+09:00"),
        # CrowdWorks' 7 days ended on Fri 27 Nov 10:03; Sun 29 Nov is a weekend day.
        ("termination", "2026-11-29T10:03:00+09:00", "2026-11-30T09:00:00+09:00"),
    ],
)
async def test_a_missed_request_first_seen_on_a_day_off_is_said_the_next_working_morning(
    store: SqlStore,
    service: Service,
    engine: Engine,
    clock: VirtualClock,
    request_name: str,
    day_off: str,
    next_morning: str,
    lang: str,
) -> None:
    """Reported as lost: a Coconala cancellation request recorded Fri 20 Nov 10:03, the bot back three
    days later, and no reminder in the outbox. That first tick fell on a holiday, and a reminder whose
    deadline has already passed waits for the user's next active hours like any other (spec section 3,
    Delivery): it is held, not lost, and goes out once, at the start of the next working day."""
    await _record_request(service, clock, request_name, lang)
    clock.set(datetime.fromisoformat(day_off))
    await engine.tick()
    assert await reminders(store) == []
    assert await engine.next_due() == datetime.fromisoformat(next_morning)
    clock.set(datetime.fromisoformat(next_morning))
    await engine.tick()
    _says_the_deadline_passed([r for r in await reminders(store) if r.step == "respond_deadline"], lang)
