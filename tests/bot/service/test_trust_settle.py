"""`/gig settle` and `/gig incoming` say only what fits the gig's facts: a part payment already received on a
marketplace is not asked for again, a direct job not yet started has no work to invoice, and a refused
request points only to a command the bot would accept for that gig. Each test is a story played through
the simulator in both languages."""

from __future__ import annotations

import re

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

# The amounts as each language writes them, in yen and in dollars (Upwork's currency here).
YEN = {"en": "¥{:,}", "ja": "{:,}円"}
USD = {"en": "${:,}", "ja": "{:,}ドル"}


def _names(draft: str, platform: str, amount: int) -> bool:
    """Whether a draft names the amount, in the language it is written in (Upwork's drafts are English)."""
    return any(fmt.format(amount) in draft for fmt in (USD if platform == "upwork" else YEN).values())


async def _settle_after_part_payment(code: str, platform: str, hours: int) -> str:
    currency = " currency:USD" if platform == "upwork" else ""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", f'/gig add "LP" client:ACME stage:funded amount:100000 rate:5000{currency}', at(12, 1)),
            say("u", f"/gig log 1 {hours}", at(12, 2)),
            say("u", "/gig paid 1 amount:30000", at(12, 3)),
            say("u", "/gig settle 1", at(12, 4)),
            end(at(12, 4, 12)),
        ]
    )
    return str(to(records, "u", "reply")[-1]["text"])


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_a_marketplace_settlement_does_not_ask_again_for_what_was_paid(
    code: str, platform: str
) -> None:
    """A funded contract of 100,000 with 30,000 already released, and 10 h logged at 5,000: the work done is
    worth 50,000. The proposal and its draft asked the client for 50,000, as if nothing had come in; sent as
    written, it bills the 30,000 a second time. Only the remaining 20,000 is asked for now."""
    fmt = (USD if platform == "upwork" else YEN)[code]
    text = await _settle_after_part_payment(code, platform, 10)
    settle, _, draft = text.partition({"en": "Draft to send", "ja": "そのまま使える文面"}[code])
    assert draft, text
    assert fmt.format(30000) in settle, settle  # the reply says what already came in
    assert _names(draft, platform, 30000), draft
    assert _names(draft, platform, 20000), draft  # and the draft asks only for the rest


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_work_worth_the_whole_fee_after_a_part_payment_asks_for_the_rest(
    code: str, platform: str
) -> None:
    """25 h at 5,000 is worth more than the 100,000 agreed, of which 30,000 was already paid: the reply said
    the funded escrow "pays the full fee" once accepted. What is left to come is the remaining 70,000."""
    fmt = YEN[code]
    text = await _settle_after_part_payment(code, platform, 25)
    settle, _, draft = text.partition({"en": "Draft to send", "ja": "そのまま使える文面"}[code])
    assert {"en": "pays the full fee", "ja": "全額が支払われ"}[code] not in settle, settle
    assert fmt.format(30000) in settle, settle
    assert _names(draft, platform, 70000), draft


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_job_not_started_has_nothing_to_invoice(code: str) -> None:
    """A direct job agreed but not started, with no hours logged: `/gig settle` said "Send an invoice for the
    work done so far" and asked to log the time worked, though no work was done."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:100000', at(12, 1)),
            say("u", "/gig settle 1", at(12, 4)),
            end(at(12, 4, 12)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    for untrue in {
        "en": ("invoice for the work done", "log the time you worked"),
        "ja": ("作業分の請求書", "作業時間を記録"),
    }[code]:
        assert untrue not in text, text
    assert {"en": "nothing to invoice", "ja": "請求するものはありません"}[code] in text, text
    assert {"en": "in writing", "ja": "文面"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_refused_dispute_on_an_unfunded_milestone_suggests_no_refused_refund(code: str) -> None:
    """An unfunded fixed-price Upwork contract: `/gig incoming 1 dispute` was refused, advising to record
    `/gig incoming 1 refund` instead, which the bot then refused too (there is no escrow to ask back)."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Icons" client:Globo stage:contracted amount:250 currency:USD', at(12, 1)),
            say("u", "/gig incoming 1 dispute", at(12, 2)),
            end(at(12, 2, 12)),
        ]
    )
    error = to(records, "u", "error")[-1]["text"]
    assert "/gig incoming 1 " + {"en": "refund", "ja": "返金"}[code] not in error, error
    assert "/gig funded 1" in error, error  # what would make a refund request possible, said as such


def _no_zero(text: str) -> bool:
    """Whether no amount of nothing (¥0, 0円, $0, 0ドル) is named."""
    return re.search(r"[¥$]0(?![\d,.])|(?<![\d,.])0(円|ドル)", text) is None


async def _settle_text(code: str, platform: str, lines: list[tuple[str, int]]) -> str:
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            *(say("u", text, at(12, day)) for text, day in lines),
            say("u", "/gig settle 1", at(12, 7)),
            end(at(12, 7, 12)),
        ]
    )
    return str(to(records, "u", "reply")[-1]["text"])


NOTHING_OWED = {"en": "no balance to claim", "ja": "受け取るべき残額はない"}
DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}
PROPOSE = {"en": "Propose a fee", "ja": "を提案しましょう"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "direct"])
@pytest.mark.parametrize("paid", [50000, 60000])
async def test_a_settlement_already_paid_for_asks_for_nothing(code: str, platform: str, paid: int) -> None:
    """10 h at 5,000 are worth 50,000, and 50,000 (or 60,000) of the 100,000 agreed already came in. The
    reply proposed a fee of 50,000 and drafted a request to the client for "the remaining ¥0". Nothing is
    owed for the work done: the reply says there is no balance to claim, and proposes and drafts nothing."""
    stage = "contracted" if platform == "direct" else "funded"
    currency = " currency:USD" if platform == "upwork" else ""
    text = await _settle_text(
        code,
        platform,
        [
            (f'/gig add "LP" client:ACME stage:{stage} amount:100000 rate:5000{currency}', 1),
            ("/gig log 1 10", 2),
            (f"/gig paid 1 amount:{paid}", 3),
        ],
    )
    assert _no_zero(text), text
    assert DRAFT[code] not in text, text
    assert PROPOSE[code] not in text, text
    assert NOTHING_OWED[code] in text, text
    assert (USD if platform == "upwork" else YEN)[code].format(paid) in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_delivered_hours_already_paid_for_ask_for_nothing(code: str) -> None:
    """A direct hourly job (no fee, 5,000 an hour), 10 h logged, 60,000 received, then delivered: the reply
    said "¥60,000 of the ¥50,000 ... has been received, and ¥0 is still to be paid" and asked to send a
    written request for the remaining ¥0. The hours are paid for: there is no balance to claim."""
    text = await _settle_text(
        code,
        "direct",
        [
            ('/gig add "LP" client:ACME stage:contracted rate:5000', 1),
            ("/gig log 1 10", 2),
            ("/gig paid 1 amount:60000", 3),
            ("/gig delivered 1", 4),
        ],
    )
    assert _no_zero(text), text
    assert {"en": "written request", "ja": "支払いを文面で"}[code] not in text, text
    assert NOTHING_OWED[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "stage"),
    [
        ("crowdworks", "funded"),
        ("lancers", "funded"),
        ("coconala", "funded"),
        ("upwork", "funded"),
        ("crowdworks", "contracted"),
        ("coconala", "contracted"),
    ],
)
async def test_a_delivered_marketplace_gig_part_paid_names_the_balance(
    code: str, platform: str, stage: str
) -> None:
    """A marketplace gig of 100,000, delivered, with 30,000 recorded as paid: `/gig settle` said "the full
    fee is owed" (全額支払われるべき), as if nothing had come in. What is owed is the remaining 70,000."""
    currency = " currency:USD" if platform == "upwork" else ""
    fmt = (USD if platform == "upwork" else YEN)[code]
    text = await _settle_text(
        code,
        platform,
        [
            (f'/gig add "LP" client:ACME stage:{stage} amount:100000{currency}', 1),
            ("/gig delivered 1", 3),
            ("/gig paid 1 amount:30000", 4),
        ],
    )
    assert {"en": "the full ", "ja": "全額"}[code] not in text, text
    assert fmt.format(30000) in text, text
    assert fmt.format(70000) in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_termination_request_after_a_part_payment_names_the_balance(code: str) -> None:
    """A funded CrowdWorks contract of 100,000, 30,000 of it paid, delivered, then the client requests early
    termination: the reply and the reminder said "the full fee is owed" and that accepting would leave the
    worker with nothing. What is owed, and what accepting gives up, is the remaining 70,000."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:100000', at(12, 1)),
            say("u", "/gig paid 1 amount:30000", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig incoming 1 termination", at(12, 4)),
            end(at(12, 12)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    reminder = next(r["text"] for r in to(records, "u", "reminder") if r["step"] == "respond_deadline")
    for text in (reply, reminder):
        for untrue in {"en": ("the full fee", "with nothing"), "ja": ("全額", "ゼロ")}[code]:
            assert untrue not in text, text
        assert YEN[code].format(30000) in text, text
        assert YEN[code].format(70000) in text, text
