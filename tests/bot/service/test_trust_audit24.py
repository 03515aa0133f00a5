"""Trust audit, round 24: sentences that were wrong for the gig's actual situation (a move to e-mail on an
Upwork contract that ended, a client paying the worker's deposit invoice). Each test is a story played
through the simulator in both languages. Upwork's submission in English is swept with its other words in
test_upwork_words_sweep."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, gig_check

MOVE_TO_EMAIL = {
    "en": "Thanks for the work so far. Can we move to email? Please write to me at acme@example.com",
    "ja": "これまでありがとうございました。今後はメールでやり取りできますか？"
    " acme@example.com までご連絡ください。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_move_to_email_on_an_ended_upwork_contract_is_not_said_to_come_before_the_contract(
    code: str,
) -> None:
    """On an Upwork contract that ended early, a client's request to move to e-mail was named "Moving the
    conversation off the platform before the contract starts" and told to keep talking on Upwork "until the
    contract starts": the contract started and has ended. Upwork's terms allow contact details once a
    contract has started; any new work is a new contract on Upwork, funded before the work. It stays a
    warning sign, as on a settled contract."""
    text = await gig_check(code, "upwork", ["/gig terminate 1 confirm"], MOVE_TO_EMAIL[code])
    for wrong in {
        "en": ("before the contract starts", "until the contract starts"),
        "ja": ("契約開始前", "契約が始まるまで"),
    }[code]:
        assert wrong not in text, text
    for right in {
        "en": ("Warning signs found: 1.", "has ended", "once a contract has started", "new contract"),
        "ja": ("危険なサインが1件", "終了しており", "契約が始まった後", "新しい契約"),
    }[code]:
        assert right in text, text
    assert {"en": "once its milestone is funded", "ja": "マイルストーンに入金されてから"}[code] in text, text


DEPOSIT_INVOICE = {
    "en": [
        "Thank you for the deposit invoice. We will pay it this week.",
        "Got the deposit invoice, thanks. Payment will go out this week.",
        "Thank you for the deposit invoice, we will settle it this week",
    ],
    "ja": [
        "着手金の請求書ありがとうございます。今週中にお支払いします。",
        "前払い金の請求書ありがとうございます、今週中に入金予定です。",
        "ご請求いただいた前金、今週中に振込いたします。",
    ],
}
PURCHASE_REQUEST = {
    "en": "Asking you to buy something or pay a fee",
    "ja": "商品の購入や費用の支払いを求めている",
}
FEE_AFTER_INVOICE = {
    "en": "Thanks for the invoice, but you must pay the security deposit first.",
    "ja": "ご請求いただいた登録料をお振込みください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("n", range(3))
async def test_a_client_paying_the_workers_deposit_invoice_is_no_purchase_request(code: str, n: int) -> None:
    """A client thanking for the worker's deposit invoice ("Thank you for the deposit invoice. We will pay it
    this week.") raised the purchase request from "the deposit": the client is the payer of the invoice the
    worker sent. A fee the worker is told to pay beside an invoice still raises it."""
    text = await gig_check(code, "direct", [], DEPOSIT_INVOICE[code][n], stage="contracted")
    clean = {"en": "No known warning signs", "ja": "既知の危険なサインは見つかりませんでした"}[code]
    assert clean in text, text
    if n == 0:
        fee = await gig_check(code, "direct", [], FEE_AFTER_INVOICE[code], stage="contracted")
        assert PURCHASE_REQUEST[code] in fee, fee
