"""Sentences read against the gig's actual situation, eighth round: stories played through the simulator
in both languages. Each test is a story whose text used to be untrue for its gig."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}
ACT = {"en": "Freelance Act", "ja": "フリーランス新法"}


def draft(text: str, code: str) -> str:
    assert DRAFT[code] in text, text
    return text.split(DRAFT[code], 1)[1]


def reminders(records: list[dict[str, Any]]) -> dict[str, str]:
    return {r["step"]: r["text"] for r in to(records, "u", "reminder")}


@pytest.mark.parametrize("code", LANGS)
async def test_payment_drafts_without_an_agreed_date_give_the_act_as_the_days_basis(code: str) -> None:
    """A direct client's logo, delivered on 2 November with no payment date recorded. The reminder before
    the Act's last day and the one after it told the client 'the payment is due by 31 December' /
    「お支払い期日が12月31日となっております」, a date nobody agreed: a client holding other terms, or none,
    reads it as a mistake, while the follow-up a week later gave the Act as the basis. They now all do."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", "/gig add Logo client:Tanaka stage:funded amount:50000", at(11, 2, 9, 1)),
            say("u", "/gig delivered 1", at(11, 2, 15)),
            say("u", "/gig heard 1", at(11, 5, 15)),
            end(at(1, 6, year=2027)),
        ]
    )
    sent = reminders(records)
    for step in ("payment_due_soon", "payment_deadline"):
        assert ACT[code] in draft(sent[step], code), (step, sent[step])


@pytest.mark.parametrize("code", LANGS)
async def test_an_agreed_payment_date_is_still_named_as_agreed(code: str) -> None:
    """The same drafts with a date agreed in writing name it plainly, with no law to lean on."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", "/gig add Logo client:Tanaka stage:funded amount:50000", at(11, 2, 9, 1)),
            say("u", "/gig terms 1 pay_by:2026-12-25", at(11, 2, 9, 2)),
            say("u", "/gig delivered 1", at(11, 2, 15)),
            say("u", "/gig heard 1", at(11, 5, 15)),
            end(at(12, 30)),
        ]
    )
    sent = reminders(records)
    for step in ("payment_due_soon", "payment_deadline"):
        assert ACT[code] not in draft(sent[step], code), (step, sent[step])


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_an_overdue_acceptance_nudge_gives_the_act_as_the_days_basis(code: str, part: bool) -> None:
    """A direct gig delivered on 1 September, recorded on 1 December with no payment date: the acceptance
    nudge told the client 'the payment was due on 30 October' / 「お支払い期日の10月30日を過ぎておりますが」,
    as if that date had been agreed (with a part paid, the same for the balance)."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="direct"),
            say("u", "/gig add Logo client:Tanaka stage:delivered since:2026-09-01 amount:50000", at(12, 1)),
            *(
                [
                    say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
                    say("u", "/gig sent 1", at(12, 1, 12)),
                ]
                if part
                else []
            ),
            end(at(12, 8)),
        ]
    )
    nudges = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert nudges, records
    assert ACT[code] in draft(nudges[-1], code), nudges[-1]
