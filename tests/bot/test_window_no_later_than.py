"""A step that advises a platform feature must reach the user while the feature is still open (spec
section 2: CrowdWorks' contact-prompt request can be filed until a week after delivery). The ladder counts
business days, so around Golden Week or a long weekend three business days after a delivery can fall at or
after that week's end: the acceptance nudge, the only reminder that offers the request, then came when the
request could no longer be filed. It now comes no later than a business day before the window closes (in
active hours on a working day); where it cannot (a snooze the user chose, a gig recorded late), its text
points to support, and no catch-up line or snoozed text advises the closed request. Simulator and core."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import jst, ok, reminders
from tests.conftest import actor, simulate_records


def cmd(at: str, text: str, user: str = "mio") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "text": text}


def lang(at: str, code: str, user: str = "mio") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "settings": {"lang": code, "platform": "crowdworks"}}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def ladder(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    payment = ("payment_due_soon", "payment_deadline")
    return [(r["at"], r["step"]) for r in records if r["kind"] == "reminder" and r["step"] not in payment]


def one(records: list[dict[str, Any]], step: str) -> dict[str, Any]:
    (found,) = [r for r in records if r["kind"] == "reminder" and r["step"] == step]
    return found


# What each language says when the request is offered, and when its window is said to be closed.
OFFERS = {
    "en": "you can still file CrowdWorks' contact-prompt request until {day}",
    "ja": "納品から1週間後の{day}までならクラウドワークスの連絡催促申請を出せます",
}
CLOSED = {
    "en": "contact-prompt request could be filed only until {day}",
    "ja": "連絡催促申請を出せる期間（納品から1週間後の{day}まで）はすでに過ぎている",
}
# Advice to file the request now, in any wording (a step's body or a catch-up line).
FILE_NOW = {
    "en": ("can still file", "File the contact-prompt request"),
    "ja": ("連絡催促申請を出せます", "連絡催促申請を出しましょう"),
}
GW_DAY = {"en": "Wed 5 May", "ja": "5月5日（水）"}
SILVER_DAY = {"en": "Fri 24 Sep", "ja": "9月24日（金）"}


def golden_week(code: str) -> list[dict[str, Any]]:
    """Delivered Wed 28 Apr 2027 18:00: Thu 29 Apr and 3 to 5 May are holidays, so three business days
    end on Fri 7 May, after the request's last day (Wed 5 May 18:00)."""
    return [
        lang("2027-04-20T10:00:00", code),
        cmd("2027-04-20T10:01:00", '/gig add "LP" client:ACME stage:funded amount:50000'),
        cmd("2027-04-28T18:00:00", "/gig delivered 1"),
    ]


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_before_golden_week_the_acceptance_nudge_comes_while_the_request_is_open(code: str) -> None:
    records = await simulate_records([*golden_week(code), end("2027-05-20T10:00:00")])
    # The last working day before the window closes, at the delivery's time of day; support a week on.
    assert ladder(records) == [
        ("2027-04-30T18:00:00+09:00", "acceptance_nudge"),
        ("2027-05-06T09:00:00+09:00", "support_inquiry"),
    ]
    text = one(records, "acceptance_nudge")["text"]
    assert OFFERS[code].format(day=GW_DAY[code]) in text, text
    assert CLOSED[code].format(day=GW_DAY[code]) not in text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_before_a_long_weekend_the_acceptance_nudge_comes_before_the_window_closes(code: str) -> None:
    """Delivered Fri 17 Sep 2027 18:00: Mon 20 and Thu 23 Sep are holidays, so three business days end
    exactly when the request's week does (Fri 24 Sep 18:00): the nudge came saying it was too late."""
    records = await simulate_records(
        [
            lang("2027-09-10T10:00:00", code),
            cmd("2027-09-10T10:01:00", '/gig add "LP" client:ACME stage:funded amount:50000'),
            cmd("2027-09-17T18:00:00", "/gig delivered 1"),
            end("2027-10-10T10:00:00"),
        ]
    )
    nudge = one(records, "acceptance_nudge")
    assert nudge["at"] == "2027-09-22T18:00:00+09:00"
    assert OFFERS[code].format(day=SILVER_DAY[code]) in nudge["text"], nudge["text"]


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_weekend_worker_gets_the_nudge_on_the_windows_last_morning(code: str) -> None:
    """Working days Saturday and Sunday, delivered Sat 2 May 2026 15:00: Sun 3 May is a holiday, so the
    only working time left in the week is that Saturday and the morning of Sat 9 May, the request's last
    day (until 15:00). A business day before it is the delivery day itself; the nudge comes that last
    morning instead of on Sat 16 May."""
    records = await simulate_records(
        [
            {"at": "2026-05-01T10:00:00+09:00", "user": "mio", "settings": {"days": "sat,sun", "lang": code}},
            cmd("2026-05-02T15:00:00", '/gig add "LP" client:ACME platform:crowdworks stage:funded'),
            cmd("2026-05-02T15:00:00", "/gig delivered 1"),
            end("2026-05-20T00:00:00"),
        ]
    )
    nudge = one(records, "acceptance_nudge")
    assert nudge["at"] == "2026-05-09T09:00:00+09:00"
    day = {"en": "Sat 9 May", "ja": "5月9日（土）"}[code]
    assert OFFERS[code].format(day=day) in nudge["text"], nudge["text"]


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_gig_recorded_during_golden_week_with_an_old_since_is_told_of_the_request_at_once(
    code: str,
) -> None:
    """Recorded on Mon 3 May (a holiday) with the delivery of Wed 28 Apr: the nudge's time (the working
    day before the window closes) is already behind, so it comes at once, while the request is open."""
    records = await simulate_records(
        [
            lang("2027-05-03T10:00:00", code),
            cmd(
                "2027-05-03T10:01:00",
                '/gig add "LP" client:ACME stage:delivered amount:50000 since:2027-04-28T18:00',
            ),
            end("2027-05-20T10:00:00"),
        ]
    )
    assert ladder(records)[0] == ("2027-05-03T10:01:00+09:00", "acceptance_nudge")
    text = one(records, "acceptance_nudge")["text"]
    assert OFFERS[code].format(day=GW_DAY[code]) in text, text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_catch_up_after_the_window_never_advises_the_request(code: str) -> None:
    """Recorded on Mon 10 May with the delivery of Wed 28 Apr: the week is over; one catch-up message
    (support), and nothing in it advises filing the contact-prompt request."""
    records = await simulate_records(
        [
            lang("2027-05-10T10:00:00", code),
            cmd(
                "2027-05-10T10:01:00",
                '/gig add "LP" client:ACME stage:delivered amount:50000 since:2027-04-28T18:00',
            ),
            end("2027-05-20T10:00:00"),
        ]
    )
    assert ladder(records) == [("2027-05-10T10:01:00+09:00", "support_inquiry")]
    text = one(records, "support_inquiry")["text"]
    assert not any(words in text for words in FILE_NOW[code]), text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_nudge_snoozed_past_the_window_keeps_the_users_time_and_points_to_support(code: str) -> None:
    """Snoozed for a week right after the delivery: the nudge comes when the user asked (after the holidays),
    and since the request's week has ended by then, it says so and points to support."""
    records = await simulate_records(
        [*golden_week(code), cmd("2027-04-28T18:05:00", "/gig snooze 1 1w"), end("2027-05-20T10:00:00")]
    )
    nudge = one(records, "acceptance_nudge")
    assert nudge["at"] == "2027-05-06T09:00:00+09:00"
    assert CLOSED[code].format(day=GW_DAY[code]) in nudge["text"], nudge["text"]
    assert not any(words in nudge["text"] for words in FILE_NOW[code])
    # The snooze's reply says what the user gives up by it, while the request can still be filed.
    (reply,) = [r for r in records if r["at"] == "2027-04-28T18:05:00+09:00"]
    assert SNOOZED_PAST[code] in reply["text"], reply["text"]


SNOOZED_PAST = {
    "en": "The contact-prompt request on CrowdWorks can be filed only until Wed 5 May 2027 18:00, and "
    '"acceptance nudge" now comes after that',
    "ja": "クラウドワークスの連絡催促申請を出せるのは2027年5月5日（水）18:00までですが、"
    "「検収のお願い」はそれより後に届きます",
}


# --- a redo after delivery (CrowdWorks): the request is a step of its own -------------------------------

MIO = actor("mio")


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_redo_before_golden_week_offers_the_request_before_its_week_ends(code: str) -> None:
    """Delivered Fri 23 Apr 2027 10:00, a redo asked for on Mon 26 Apr: three business days after the
    user's message end on Fri 30 Apr 10:00 (Thu 29 Apr is a holiday), the very moment the week after
    delivery ends, so the request came as it closed. It now comes the working day before, after the nudge;
    support follows four business days after it, as after any request."""
    records = await simulate_records(
        [
            lang("2027-04-20T10:00:00", code),
            cmd("2027-04-23T10:00:00", '/gig add "LP" client:ACME stage:funded amount:50000'),
            cmd("2027-04-23T10:00:00", "/gig delivered 1"),
            cmd("2027-04-26T10:00:00", "/gig move 1 funded"),
            cmd("2027-04-26T10:00:00", "/gig sent 1 asked what to change"),
            end("2027-05-20T10:00:00"),
        ]
    )
    assert ladder(records) == [
        ("2027-04-27T10:00:00+09:00", "nudge"),
        ("2027-04-28T10:00:00+09:00", "platform_nudge"),
        ("2027-05-10T10:00:00+09:00", "support_inquiry"),
    ]


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_caught_up_redo_ladder_does_not_advise_a_request_whose_week_has_ended(
    code: str, service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """A redo asked for the day after delivery; the bot then did not run for three weeks. The catch-up
    goes to support, and its line for the skipped contact-prompt request is left out: the request's week
    ended long before."""
    await _redo_asked(service, clock, code)
    clock.set(jst(2026, 12, 21, 10))
    await engine.tick()
    [sent] = [s for s in await reminders(store) if s.step != "payment_due_soon"]
    assert sent.step == "support_inquiry"
    body = sent.message.body
    assert not any(words in body for words in FILE_NOW[code]), body


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_request_step_the_bot_could_only_send_after_its_week_is_not_sent(
    code: str, service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Delivered Tue 24 Nov 2026 10:00, a redo asked for on Wed 25 Nov: the contact-prompt request is due
    Mon 30 Nov 10:00, inside the week after delivery (until Tue 1 Dec 10:00), but the bot did not run from
    the nudge until Wed 2 Dec. Sent then, alone, it advised filing a request that could no longer be filed;
    it is recorded as skipped, and support comes at its time."""
    await _redo_asked(service, clock, code)
    clock.set(jst(2026, 11, 26, 10))
    await engine.tick()
    clock.set(jst(2026, 12, 2, 10))
    await engine.tick()
    clock.set(jst(2026, 12, 4, 10))
    await engine.tick()
    steps = [s.step for s in await reminders(store) if s.step != "payment_due_soon"]
    assert steps == ["nudge", "support_inquiry"], steps
    for sent in await reminders(store):
        assert not any(words in sent.message.body for words in FILE_NOW[code]), sent.message.body


async def _redo_asked(service: Service, clock: VirtualClock, code: str) -> None:
    """A CrowdWorks gig delivered Tue 24 Nov 2026 10:00, a redo asked for the next morning: the week for the
    contact-prompt request runs until Tue 1 Dec 10:00."""
    await ok(service, MIO, f"/gig settings lang:{code} platform:crowdworks")
    clock.set(jst(2026, 11, 24, 10))
    await ok(service, MIO, '/gig add "LP" client:ACME stage:funded amount:50000')
    await ok(service, MIO, "/gig delivered 1")
    clock.set(jst(2026, 11, 25, 10))
    await ok(service, MIO, "/gig move 1 funded")
    await ok(service, MIO, "/gig sent 1 asked what to change")
