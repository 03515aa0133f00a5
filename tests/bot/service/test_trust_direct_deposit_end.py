"""Trust audit: a direct job ended early after the client paid part of the fee up front. The warning said
"Nothing holds the fee for you in advance, so ask ... to be paid for the work done so far", as if nothing
had been paid: the deposit is there, and what is still to ask for is the work done beyond it."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, records, say

DEPOSIT = {"en": "¥30,000", "ja": "30,000円"}
UNTRUE = {"en": "Nothing holds the fee", "ja": "報酬を預かる仕組みがない"}


@pytest.mark.parametrize("code", LANGS)
async def test_ending_a_direct_job_after_a_deposit_counts_the_deposit(code: str) -> None:
    lines = [
        say("u", '/gig add "Site" client:Kato amount:100000 platform:direct stage:funded', at(12, 1)),
        say("u", "/gig paid 1 amount:30000", at(12, 1, 10, 1)),
        say("u", "/gig terminate 1", at(12, 5)),
    ]
    [*_, warning] = await records(code, lines, at(12, 6))
    assert warning["step"] == "termination_in_progress", warning
    assert UNTRUE[code] not in warning["text"], warning["text"]
    assert DEPOSIT[code] in warning["text"], warning["text"]
