"""Trust audit, round 24: sentences that were wrong for the gig's actual situation (Upwork's submission in
English, a move to e-mail on an Upwork contract that ended, a client paying the worker's deposit invoice).
Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import re

import pytest

from tests.bot.service.stories import LANGS, at, end, gig_check, say, setting, to
from tests.conftest import simulate_records

SAMPLE = {
    "en": "Please make a free sample before the contract and send it.",
    "ja": "契約前に無料でサンプルを作って送ってください。",
}
FUNDED = {
    "en": "The milestone is funded, please start the work.",
    "ja": "マイルストーンに入金しました。作業を始めてください。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_upworks_texts_say_the_work_is_submitted_not_delivered(code: str) -> None:
    """Upwork says the work of a fixed-price milestone is submitted, and its other English texts do; some
    still said "deliver": the warning signs of a free sample before the contract and on a contract not yet
    funded or settled, the clean check of a funding claim, the warning after a submission before the
    funding (and its Freelance Act count), and the refund request's line in `/gig show`. The command
    `/gig delivered` keeps its name."""
    sample = SAMPLE[code]
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1)),
        say("u", f"/gig check {sample}", at(12, 1, 10, 1)),
        say("u", f"/gig check gig:1 {sample}", at(12, 1, 10, 2)),
        say("u", '/gig add "Doc" client:Beta amount:300 stage:funded', at(12, 1, 10, 3)),
        say("u", "/gig delivered 2", at(12, 1, 10, 4)),
        say("u", "/gig accepted 2", at(12, 1, 10, 5)),
        say("u", f"/gig check gig:2 {sample}", at(12, 1, 10, 6)),
        say("u", f'/gig check "{FUNDED[code]}"', at(12, 1, 10, 7)),
        say("u", '/gig add "Logo" client:Gamma amount:300 stage:contracted', at(12, 1, 10, 8)),
        say("u", "/gig delivered 3", at(12, 1, 10, 9)),
        say("u", '/gig add "API" client:Delta amount:300 stage:funded', at(12, 1, 10, 10)),
        say("u", "/gig incoming 4 refund", at(12, 1, 10, 11)),
        say("u", "/gig show 4", at(12, 1, 10, 12)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="upwork"), *lines, end(at(12, 10, 12))])
    said = [re.sub(r"`/gig delivered[^`]*`", "", r["text"]) for r in to(out, "u")]
    flagged = [r.get("flags") or [] for r in to(out, "u", "warning")]
    assert sum("work_before_escrow" in flags for flags in flagged) == 3, flagged
    assert {"unfunded_work", "acceptance_nudge"} <= {r["step"] for r in to(out, "u")}, out
    word = {"en": re.compile(r"\bdeliver", re.IGNORECASE), "ja": re.compile("納品")}[code]
    wrong = [line for text in said for line in text.splitlines() if word.search(line)]
    assert wrong == [], wrong
    assert sum({"en": "submi", "ja": "提出"}[code] in text for text in said) >= 8, said


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
