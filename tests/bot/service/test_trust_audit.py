"""Sentences and records read against the gig's actual situation, on orders of commands and platforms
nobody wrote a test for before: each test is a story whose reply or record used to be untrue for the
gig it spoke of."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import simulate_records

T0 = "2026-12-01T09:00:00+09:00"  # a Tuesday
LANGS = ("en", "ja")


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def setting(user: str, when: str = T0, **values: str) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": values}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def to(records: list[dict[str, Any]], user: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and (kind is None or r["kind"] == kind)]


@pytest.mark.parametrize("code", LANGS)
async def test_the_json_facts_of_an_escrow_released_at_acceptance_owe_nothing(code: str) -> None:
    """Acceptance with funded escrow releases the fee to the platform balance (spec section 1): the
    client owes nothing more, so the exported facts must not say the fee is still owed by them."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Fix" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig timeline 1 json", at(12, 3, 11)),
            end(at(12, 4)),
        ]
    )
    facts = json.loads(to(records, "u", "reply")[-1]["text"])["facts"]
    assert facts["owed"] == 0.0
    assert facts["paid"] == 0.0  # nothing has reached the worker's bank account from the client
    assert facts["released"] == 500.0


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "coconala"])
async def test_paid_after_an_escrow_release_does_not_advise_reopening_the_gig(
    code: str, platform: str
) -> None:
    """`/gig paid` on a gig closed at acceptance used to answer "move it to an open stage first", which
    reopens accepted work and plans acceptance reminders for it. The fee is in the platform balance:
    there is no payment from the client to record, and the gig stays closed."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Fix" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig paid 1", at(12, 10)),
            say("u", "/gig list", at(12, 10, 11)),
            end(at(12, 20)),
        ]
    )
    error = to(records, "u", "error")[-1]["text"]
    assert "open stage" not in error
    assert "進行中のステージ" not in error
    balance = {
        "en": "sales balance" if platform == "coconala" else "balance",
        "ja": "売上金" if platform == "coconala" else "残高",
    }
    assert balance[code] in error
    assert not to(records, "u", "reminder")  # still closed: nothing planned for accepted work


@pytest.mark.parametrize("code", LANGS)
async def test_money_owed_on_the_day_of_delivery_says_today_not_zero_days_ago(code: str) -> None:
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Delta stage:funded amount:100000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig money", at(12, 2, 18)),
            say("u", "/gig money", at(12, 3, 9)),
            end(at(12, 4)),
        ]
    )
    today, tomorrow = (r["text"] for r in to(records, "u", "reply")[-2:])
    assert {"en": "delivered today", "ja": "本日納品"}[code] in today
    assert "0 days" not in today
    assert "から0日" not in today
    assert {"en": "delivered 1 day ago", "ja": "納品から1日"}[code] in tomorrow


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_delivery_sent_back_for_changes_is_not_said_to_be_approved(code: str) -> None:
    """The buyer sent the formal delivery back: the 72 hours run again from the next formal delivery, as
    the change reply says, so no notice claims the first delivery was approved automatically."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000'),
            say("u", "/gig delivered 1", at(12, 3, 9)),
            say("u", "/gig change 1 different colours", at(12, 4, 9)),
            say("u", "/gig delivered 1", at(12, 10, 9)),
            end(at(12, 20)),
        ]
    )
    notices = [r["at"][:16] for r in to(records, "u", "reminder") if r["step"] == "auto_approval_notice"]
    assert notices == ["2026-12-14T09:00"]  # 73 hours after the second delivery (Sun 13 Dec -> Mon 9:00)


@pytest.mark.parametrize("code", LANGS)
async def test_a_client_requests_deadline_reads_as_a_time_in_show_and_the_pack(code: str) -> None:
    """`show` and the evidence pack, which write every time as people do, printed a request's deadline
    as a raw ISO instant (the timeline exports keep ISO instants: docs/export.md)."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Article" client:Tanaka stage:funded amount:20000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig incoming 1 termination", at(12, 3)),
            say("u", "/gig show 1", at(12, 3, 11)),
            say("u", "/gig timeline 1 pack", at(12, 3, 12)),
            end(at(12, 4)),
        ]
    )
    show, pack = (r["text"] for r in to(records, "u", "reply")[-2:])
    when = {"en": "Thu 10 Dec 2026 10:00", "ja": "2026年12月10日（木）10:00"}[code]
    for text in (show, pack):
        assert "2026-12-10T10:00" not in text
        assert when in text


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_follow_up_after_the_completion_report_records_acceptance(code: str) -> None:
    """Lancers confirms a reported plan as paid: its escrow goes to the Lancers balance, which the bot
    records as acceptance (spec section 1), as the follow-up before delivery already says; it used to
    ask to check the payment and record it with `/gig paid`."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", '/gig add "Banner" client:Sato stage:funded amount:30000'),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(12, 20)),
        ]
    )
    [followup] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "platform_followup"]
    assert "/gig accepted 1" in followup
    assert "/gig paid" not in followup
