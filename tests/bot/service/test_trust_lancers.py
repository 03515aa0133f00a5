"""Sentences read against a Lancers plan's actual situation: a plan ended with its escrow back to the
client, and the payment reminders after a part payment. Each test is a story whose text used to be untrue
for its gig, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

ADD_PLAN = '/gig add "LP" client:ABC platform:lancers stage:funded amount:80000'


@pytest.mark.parametrize("code", LANGS)
async def test_an_ended_plan_whose_escrow_went_back_asks_for_no_payment_date(code: str) -> None:
    """A funded Lancers plan ended (`/gig terminate 1`): the escrow went back to the client and nothing is
    owed, as `show` itself said of the part not paid, yet it still asked for a payment date with
    `/gig terms 1 pay_by:…`. With nothing owed there is no date to record, whether a part was paid first
    or not; a plan still under way is asked as before."""
    lines = [
        say("u", ADD_PLAN, at(12, 1, 10)),
        say("u", "/gig terminate 1", at(12, 2, 10)),
        say("u", "/gig show 1", at(12, 2, 10, 5)),
        say("u", ADD_PLAN, at(12, 2, 11)),
        say("u", "/gig paid 2 amount:30000", at(12, 2, 11, 1)),
        say("u", "/gig terminate 2", at(12, 2, 11, 2)),
        say("u", "/gig show 2", at(12, 2, 11, 5)),
        say("u", ADD_PLAN, at(12, 2, 12)),
        say("u", "/gig show 3", at(12, 2, 12, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 2, 13))
    for when, gig in ((at(12, 2, 10, 5), 1), (at(12, 2, 11, 5), 2)):
        assert f"/gig terms {gig}" not in replies[when], replies[when]
        assert "pay_by" not in replies[when], replies[when]
    assert "/gig terms 3 pay_by:" in replies[at(12, 2, 12, 5)]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_lancers_payment_reminders_ask_to_confirm_the_payment(code: str, part: bool) -> None:
    """A funded Lancers plan delivered with a payment date agreed, with or without part of the fee paid:
    the reminder before that date asked the client to complete the acceptance (検収のお手続き), and the
    one after it said the client had not accepted and asked support to help complete the acceptance, in
    CrowdWorks' words. On Lancers the client confirms the payment (支払いの確定) after the completion
    report (完了報告): both reminders say so (for the rest, naming what was received, after a part
    payment), and ask for the report first if not yet filed."""
    lines = [
        say("u", ADD_PLAN, at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 10, 10)),
        say("u", "/gig terms 1 pay_by:2026-12-31", at(12, 10, 10, 5)),
        *([say("u", "/gig paid 1 amount:30000", at(12, 11, 10))] if part else []),
    ]
    records = await stories.simulate(code, lines, at(1, 5, 10, year=2027))
    reminders = {r["step"]: r["text"] for r in records if r["kind"] == "reminder"}
    acceptance = {"en": ("accepted", "acceptance"), "ja": ("検収",)}[code]
    confirm = {"en": "confirm", "ja": "支払いを確定"}[code]
    report = {"en": "completion report", "ja": "完了報告"}[code]
    for step in ("payment_due_soon", "payment_deadline"):
        text = reminders[step]
        for word in acceptance:
            assert word not in text, text
        assert confirm in text, text
        assert report in text, text
        if part:
            assert {"en": "¥30,000", "ja": "30,000円"}[code] in text, text
