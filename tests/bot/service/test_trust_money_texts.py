"""The money texts read against the facts they state: the billing line of a finished hourly contract,
over-payments on a contract ended early, the heading over money in question, and a settlement asked for
while the client's early-termination request waits for an answer. Each test is a story played through
the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

HOURLY = stories.HOURLY_LOGGED
WEEKLY = {"en": "Billing: every week", "ja": "請求：ワークダイアリーの作業時間を毎週請求"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("finish", ["/gig terminate 1", "/gig delivered 1"])
async def test_a_finished_hourly_contract_is_not_said_to_bill_every_week(code: str, finish: str) -> None:
    """An Upwork hourly contract, 15 h at $40 with $200 received, ended (or its work finished): `show`
    still said "Billing: every week, for the hours in your Work Diary", as if new weeks were to come.
    It says that only the last week's hours are still to be billed; once they are paid, nothing is."""
    lines = [
        *HOURLY,
        say("u", "/gig show 1", at(12, 3, 12)),
        say("u", finish, at(12, 4, 10)),
        say("u", "/gig show 1", at(12, 4, 11)),
        say("u", "/gig paid 1 amount:400", at(12, 21, 10)),
        say("u", "/gig show 1", at(12, 21, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 21, 12), platform="upwork")
    assert WEEKLY[code] in replies[at(12, 3, 12)]  # at work: billed every week
    ended = replies[at(12, 4, 11)]
    assert WEEKLY[code] not in ended, ended
    last = {"en": "Billing: ended; only the last week's hours", "ja": "請求：終了（最後の週の作業時間分だけ"}
    assert last[code] in ended, ended
    paid = replies[at(12, 21, 11)]
    assert WEEKLY[code] not in paid, paid
    assert last[code] not in paid, paid
    done = {"en": "Billing: ended, with nothing left", "ja": "請求：終了（これから請求される分はありません）"}
    assert done[code] in paid, paid
