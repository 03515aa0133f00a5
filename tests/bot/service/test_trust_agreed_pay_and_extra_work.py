"""`/gig check gig:ID` on money talk mid-project: a payment on the agreed schedule (the rest at the end of the
month, after a part payment) is no sign of work before the terms, while a promise to pay only once the work
pleases still is; and extra work asked within the current fee is noticed, with advice that fits the gig's
stage. Each test is a story played through the simulator in both languages."""

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


# Extra work slipped into the fee already agreed, in the words clients use.
EXTRA = {
    "en": [
        "Could you also do one more banner within the current budget?",
        "Could you also do one more banner for the same price?",
        "Can you add a mobile version too, at no extra cost?",
    ],
    "ja": [
        "ついでにバナーもう1点、今回の報酬内でお願いできますか",
        "バナーをもう1点、同じ金額で作っていただけますか",
        "ついでにロゴも、追加料金なしでお願いできますか",
        "バナーをもう1点、サービスで作っていただけないでしょうか",
    ],
}
EXTRA_CASES = [(code, n) for code in LANGS for n in range(len(EXTRA[code]))]
# Before delivery on an escrow platform: the platform's own way to raise the fee, funded before the work.
RAISE = {
    ("en", "crowdworks"): "condition change (`条件変更`)",
    ("ja", "crowdworks"): "条件変更",
    ("en", "lancers"): "plan change (`計画変更`)",
    ("ja", "lancers"): "計画変更",
}
# After delivery: a new contract or an added payment, funded first; never a change of the delivered contract.
NEW_DEAL = {"en": ("new contract", "only once that is funded"), "ja": ("新しい契約", "仮払いが済んでから")}


@pytest.mark.parametrize(("code", "n"), EXTRA_CASES)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_extra_work_within_the_fee_before_delivery_raises_the_fee_first(
    code: str, n: int, platform: str
) -> None:
    """「ついでにバナーもう1点、今回の報酬内でお願いできますか」 came back clean on a funded gig: new
    work slipped into the fee already agreed goes unpaid. Before delivery the advice is the platform's
    change of the contract amount, funded before the extra work starts."""
    text = await gig_check(code, platform, [], EXTRA[code][n])
    assert CLEAN[code] not in text, text
    assert RAISE[(code, platform)] in text, text


@pytest.mark.parametrize(("code", "n"), EXTRA_CASES)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_extra_work_within_the_fee_after_delivery_is_a_new_deal_funded_first(
    code: str, n: int, platform: str
) -> None:
    """After delivery the fee held is the delivered work's: extra work is a new contract or an added escrow
    payment, funded first, and no change of the delivered contract is proposed."""
    text = await gig_check(code, platform, ["/gig delivered 1"], EXTRA[code][n])
    assert CLEAN[code] not in text, text
    for words in NEW_DEAL[code]:
        assert words in text, text
    for change in ("condition change", "plan change", "条件変更", "計画変更"):
        assert change not in text, text


@pytest.mark.parametrize(("code", "n"), EXTRA_CASES)
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1"]])
async def test_extra_work_within_the_fee_of_a_direct_gig_is_agreed_in_writing(
    code: str, n: int, moves: list[str]
) -> None:
    """A direct client has no escrow: the extra work's fee and payment date are agreed in writing first."""
    text = await gig_check(code, "direct", moves, EXTRA[code][n])
    assert CLEAN[code] not in text, text
    assert {"en": "in writing", "ja": "書面で取り決めてから"}[code] in text, text
    assert {"en": "escrow", "ja": "仮払い"}[code] not in text, text
