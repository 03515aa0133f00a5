"""`/gig check gig:ID` on money talk mid-project: a payment on the agreed schedule (the rest at the end of the
month, after a part payment) is no sign of work before the terms, while a promise to pay only once the work
pleases still is. Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, gig_check

CLEAN = {"en": "No known warning signs", "ja": "既知の危険なサインは見つかりませんでした"}
# The before-terms sign's name in every platform's wording ("Work before the terms are agreed").
BEFORE = {"en": "Work before", "ja": "前に"}

# A client reporting the agreed schedule: the rest after a part payment, at the end of the month.
AGREED = {
    "en": [
        "Thanks for the first half. We will pay the rest at the end of the month, as agreed.",
        "We'll pay at the end of the month as agreed in the contract.",
    ],
    "ja": [
        "前半分ありがとうございました。残りは約束どおり月末にお支払いします。",
        "前半分の入金ありがとうございました。残金は契約どおり月末にお支払いします。引き続き作業を進めてください。",
    ],
}
# Work now, and the pay or the escrow made to wait on it.
WORK_FIRST = {
    "en": [
        "Please do it first, we will pay at the end once we like it.",
        "Start now and I'll fund the milestone later.",
    ],
    "ja": [
        "先に作って納品してください。気に入ったら残金を月末にお支払いします。",
        "仮払いは月末になりますが、契約どおり先に進めておいてください。",
    ],
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("n", [0, 1])
@pytest.mark.parametrize("platform", ["direct", "crowdworks"])
async def test_the_rest_paid_on_the_agreed_schedule_is_no_sign(code: str, n: int, platform: str) -> None:
    """'Thanks for the first half. We will pay the rest at the end of the month, as agreed.' raised 'Work
    before the terms are agreed', whose explanation contradicts the 'as agreed' it quoted: a remainder paid
    on the agreed date, after a part payment, asks for no work before an agreement."""
    text = await gig_check(code, platform, [], AGREED[code][n], stage="contracted")
    assert CLEAN[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("n", [0, 1])
async def test_pay_or_escrow_that_waits_on_the_work_is_still_a_sign(code: str, n: int) -> None:
    """The schedule clears only a schedule: pay promised once the work pleases, or escrow put off while the
    work starts, is still the sign."""
    text = await gig_check(code, "crowdworks", [], WORK_FIRST[code][n], stage="contracted")
    assert CLEAN[code] not in text, text
    assert BEFORE[code] in text, text

