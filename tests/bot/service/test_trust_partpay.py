"""After a part payment (`/gig paid ID amount:N` below the fee, the gig open for the rest), in Japanese and
English, on every platform: no text speaks of the whole fee as still to fund, purchase or be owed. Each
test is a story whose texts used to ask for "the agreed fee" (or price) again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

# Words for the whole fee as what is still to come.
WHOLE = {
    "en": ("the agreed fee", "the agreed price", "the agreed amount", "owed for in full", "the full fee"),
    "ja": ("合意した金額", "合意した報酬", "合意した代金", "全額支払われる", "報酬の全額が", "報酬の全額（"),
}
REST = {"en": "¥20,000", "ja": "20,000円"}
USD = {"en": "$20,000", "ja": "20,000ドル"}  # Upwork: the fee in dollars


def rest(code: str, platform: str) -> str:
    return (USD if platform == "upwork" else REST)[code]


async def part_paid_then(
    code: str, platform: str, stage: str, *lines: dict[str, Any]
) -> list[dict[str, Any]]:
    """A 30,000 contract from `stage`, 10,000 of it paid, then delivered, then `lines`."""
    return await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", f'/gig add "Banner" client:Mori stage:{stage} amount:30000', at(12, 1)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            *lines,
            end(at(12, 20)),
        ]
    )


def at_time(records: list[dict[str, Any]], when: str, *kinds: str) -> list[str]:
    return [r["text"] for r in to(records, "u") if r["at"] == when and r["kind"] in kinds]


PLATFORMS = ["crowdworks", "lancers", "coconala", "upwork", "direct"]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_changes_asked_after_a_part_payment_name_only_the_rest(code: str, platform: str) -> None:
    """The client asked for changes to the delivered work after paying part of the fee. The reply said the
    delivered work 'is still owed for in full', or asked to fund (purchase) it 'for the agreed fee', the
    whole fee again: it names what is still owed."""
    records = await part_paid_then(
        code, platform, "contracted", say("u", '/gig change 1 "new colours"', at(12, 4))
    )
    texts = at_time(records, at(12, 4), "reply")
    assert len(texts) == 2, texts  # the change recorded, and what it means now
    tip = texts[1]
    assert not [w for w in WHOLE[code] if w in tip], tip
    assert rest(code, platform) in tip, tip


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_the_warning_before_ending_delivered_work_names_only_the_rest(code: str, platform: str) -> None:
    """`/gig terminate` on work delivered after a part payment: the warning asked to fund (purchase) 'the
    agreed fee', or said 'the agreed fee is owed' to a direct client: it names what is still owed."""
    records = await part_paid_then(code, platform, "contracted", say("u", "/gig terminate 1", at(12, 4)))
    warnings = [r["text"] for r in to(records, "u", "warning") if r["step"] == "termination_after_delivery"]
    assert warnings
    for text in warnings:
        assert not [w for w in WHOLE[code] if w in text], text
        assert rest(code, platform) in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_coconala_drafts_ask_to_purchase_only_the_rest(code: str) -> None:
    """Coconala, handed over before any purchase, part of the price received: the reminders and their
    drafts asked the buyer to 'purchase it at the agreed price', the whole price again."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(2, 10, year=2027)),
        ]
    )
    asking = [
        r["text"]
        for r in to(records, "u", "reminder") + to(records, "u", "warning")
        if any(w in r["text"] for w in ("purchase", "購入"))
    ]
    assert asking
    for text in asking:
        assert not [w for w in WHOLE[code] if w in text], text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "upwork"])
async def test_the_last_step_before_ending_unfunded_work_asks_to_fund_only_the_rest(
    code: str, platform: str
) -> None:
    """Work done before the escrow, part of the fee paid, the client silent: the ladder's last step asked
    'once more in writing for the agreed amount to be funded'."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig log 1 3", at(12, 1, 10, 30)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig sent 1", at(12, 1, 12)),
            end(at(12, 31)),
        ]
    )
    steps = [r for r in to(records, "u", "reminder") if r["step"] == "termination_request"]
    assert steps
    for r in steps:
        assert not [w for w in WHOLE[code] if w in r["text"]], r["text"]
        assert rest(code, platform) in r["text"], r["text"]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "direct"])
async def test_without_a_part_payment_the_whole_fee_is_still_named(code: str, platform: str) -> None:
    """The same replies with nothing paid keep naming the whole fee."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", '/gig change 1 "new colours"', at(12, 4)),
            say("u", "/gig terminate 1", at(12, 4, 11)),
            end(at(12, 5)),
        ]
    )
    texts = [r["text"] for r in to(records, "u") if r["at"] in (at(12, 4), at(12, 4, 11))]
    assert any(w in t for t in texts for w in WHOLE[code]), texts


PAID = {"en": "¥10,000", "ja": "10,000円"}
WHOLE_ESCROW = {"en": "refunds the whole escrow", "ja": "仮払い金は全額クライアントに返金"}


@pytest.mark.parametrize("code", LANGS)
async def test_the_termination_request_after_a_part_payment_counts_what_was_received(code: str) -> None:
    """CrowdWorks, funded, ¥10,000 of ¥30,000 received, the client silent past the deadline given. The
    ladder's last step said to lower the contract amount to the work done and that the termination request
    'refunds the whole escrow', as if nothing had been paid: it counts the ¥10,000 received in what the
    condition change proposes, and says that only what is still held goes back."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:30000', at(12, 1)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig sent 1", at(12, 1, 12)),
            end(at(12, 16)),
        ]
    )
    [step] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "termination_request"]
    body, draft = step.split("\n\n")[1], step.split("\n\n", 2)[2]
    assert WHOLE_ESCROW[code] not in body, body
    assert PAID[code] in body, body
    assert REST[code] in body, body
    assert PAID[code] in draft, draft


HOLDS_WHOLE = {"en": "now holds the agreed", "ja": "合意した報酬は"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "upwork"])
async def test_escrow_funded_after_a_part_payment_holds_only_the_rest(code: str, platform: str) -> None:
    """Work begun before the escrow, 10,000 of 30,000 paid, then the escrow funded: the reply said the
    platform 'now holds the agreed fee', though what is held is the rest (as the payment's own reply and
    `show` say)."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig log 1 2", at(12, 1, 12)),
            say("u", "/gig funded 1", at(12, 1, 13)),
            end(at(12, 2)),
        ]
    )
    [tip] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 13)][1:]
    assert HOLDS_WHOLE[code] not in tip, tip
    assert rest(code, platform) in tip, tip
