"""Trust audit, round 23: sentences that were wrong for the gig's actual situation (a settled Upwork
contract, a settled money view, Upwork's submission in Japanese, a Lancers gig part paid before funding,
a follow-up acceptance nudge, the help of `delivered`). Each test is a story played through the simulator
in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, gig_check, replies_at, say

MOVE_TO_EMAIL = {
    "en": "Thanks again for the work. Can we move to email? Please write to me at acme@example.com",
    "ja": "先日はありがとうございました。今後はメールでやり取りできますか？"
    " acme@example.com までご連絡ください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [["/gig delivered 1", "/gig accepted 1"], ["/gig paid 1"]])
async def test_a_move_to_email_on_a_settled_upwork_contract_is_not_said_to_come_before_the_contract(
    code: str, moves: list[str]
) -> None:
    """On an Upwork contract settled (its funded milestone released at acceptance, or paid), a client's
    request to move to e-mail was named "Moving the conversation off the platform before the contract
    starts" and told to keep talking on Upwork "until the contract starts": the contract started and is
    over. Upwork's terms allow contact details once a contract has started; what the reply asks is to keep
    any new work, and its payment, on Upwork."""
    text = await gig_check(code, "upwork", moves, MOVE_TO_EMAIL[code])
    for wrong in {
        "en": ("before the contract starts", "until the contract starts"),
        "ja": ("契約開始前", "契約が始まるまで"),
    }[code]:
        assert wrong not in text, text
    assert {"en": "once a contract has started", "ja": "契約が始まった後"}[code] in text, text
    assert {"en": "new work", "ja": "新しい仕事"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "amount", "until"), [("coconala", "30000", at(12, 8)), ("upwork", "500", at(12, 18))]
)
async def test_money_with_only_a_settled_gig_claims_no_total_owed_of_zero(
    code: str, platform: str, amount: str, until: str
) -> None:
    """`/gig money` when the only gig listed was settled by the platform's own clock (Coconala's approval
    after 72 hours, Upwork's release after 14 days) ended on "Total owed: ¥0" ("$0"): no total was counted
    at all. The line now says that the client owes nothing, and why, once."""
    add = f'/gig add "LP" client:Kato platform:{platform} stage:funded amount:{amount}'
    lines = [say("u", add, at(12, 1)), say("u", "/gig delivered 1", at(12, 2)), say("u", "/gig money", until)]
    money = (await replies_at(code, lines, at(12, 18, 12), platform=platform))[until]
    zero = {"coconala": {"en": "¥0", "ja": "0円"}, "upwork": {"en": "$0", "ja": "0ドル"}}[platform][code]
    assert {"en": f": {zero}", "ja": f"：{zero}"}[code] not in money, money
    assert {"en": "Total owed", "ja": "未入金の合計"}[code] not in money, money
    assert {"en": "Nothing here is owed by a client", "ja": "クライアントが支払うべき報酬はありません"}[
        code
    ] in money, money
    assert money.count({"en": "check your balance there", "ja": "売上・残高を確認"}[code]) == 1, money
