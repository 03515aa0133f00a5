"""Sentences read against the gig's actual situation, the third Coconala round: what `list` and `show` say
once the platform's own clock from the delivery has settled the order, and what recording an approval on an
order that was bought but not delivered does. Each test is a story whose text used to be untrue for its
gig, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

SETTLED = {
    # what Coconala does unless the buyer acts first, not a fact the bot saw (test_trust_coconala_redo.py)
    ("coconala", "en"): "approved automatically by Coconala on Sat 3 Oct unless the buyer approved it or"
    " asked for a redo before then (check the order page, and record the approval with `/gig accepted 1`)",
    ("coconala", "ja"): "10月3日（土）にココナラが自動で承諾済みのはず（それまでに購入者が承諾も"
    "修正依頼もしていない場合。取引ページで確かめてから `/gig accepted 1` で記録してください）",
    # the same for Upwork's release: the client may have asked for changes within the 14 days
    ("upwork", "en"): "released automatically by Upwork on Wed 14 Oct unless the client approved it or asked"
    " for changes before then (check the contract page, and record the release with `/gig accepted 1`)",
    ("upwork", "ja"): "10月14日（水）にUpworkが自動で支払いを確定済みのはず（それまでにクライアントが承認も"
    "修正依頼もしていない場合。契約ページで確かめてから `/gig accepted 1` で記録してください）",
}


async def settled_views(code: str, platform: str, *commands: str) -> list[str]:
    """The replies to `commands`, run one minute apart on 30 November, on an order (or funded milestone)
    bought on 1 September and formally delivered on 30 September: long settled by the platform's clock."""
    currency = " currency:USD" if platform == "upwork" else ""
    views = [at(11, 30, 10, n) for n in range(len(commands))]
    records = await simulate_records(
        [
            setting("u", at(9, 1, 9), lang=code, platform=platform),
            say("u", f'/gig add "LP" client:ACME stage:funded amount:300{currency}', at(9, 1, 10, 1)),
            say("u", "/gig delivered 1", at(9, 30, 10, 2)),
            *(say("u", command, when) for command, when in zip(commands, views, strict=True)),
            end(at(11, 30, 10, len(commands))),
        ]
    )
    texts = [r["text"] for r in to(records, "u", "reply") if r["at"] in views]
    assert len(texts) == len(commands), texts
    return texts


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_an_order_settled_by_the_platform_is_not_counted_as_silence(code: str, platform: str) -> None:
    """Coconala, purchased, formally delivered on 30 September, seen on 30 November. `list` and `show`
    said 「購入者の返信待ち（60日経過）」, weeks of buyer silence, though Coconala approves a formal delivery
    automatically after 72 hours (Upwork releases a funded milestone after 14 days the same way). They
    now say it was settled, on which day, and how to record it."""
    for text in await settled_views(code, platform, "/gig list", "/gig show 1"):
        assert SETTLED[(platform, code)] in text, text
        assert {"en": "silence", "ja": "返信待ち（"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_delivery_still_within_the_platform_clock_counts_the_silence(code: str) -> None:
    """The other side of the fix above: within the 72 hours, the buyer's silence is still counted."""
    records = await simulate_records(
        [
            setting("u", at(9, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:300', at(9, 1, 10, 1)),
            say("u", "/gig delivered 1", at(9, 30, 10, 2)),
            say("u", "/gig show 1", at(10, 2, 11)),
            end(at(10, 2, 12)),
        ]
    )
    [show] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(10, 2, 11)]
    assert {"en": "days of buyer silence: 2", "ja": "購入者の返信待ち（2日経過）"}[code] in show, show


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    "command",
    [
        "/gig move 1 accepted",
        "/gig accepted 1",
        "/gig move 1 paid",
        "/gig paid 1",
        "/gig paid 1 amount:30000",
    ],
)
async def test_a_coconala_purchase_not_delivered_is_not_recorded_as_approved_or_paid(
    code: str, command: str
) -> None:
    """Coconala, purchased, not delivered. `/gig accepted 1` closed it as approved, and `/gig move 1 paid`
    as paid, without a word: the buyer approves a formal delivery (or Coconala does, 72 hours after it),
    and the buyer's payment at purchase becomes the seller's only then. Both are refused, in the user's
    language, and nothing changes."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(11, 2, 10, 1)),
            say("u", command, at(11, 3)),
            say("u", "/gig show 1", at(11, 3, 11)),
            end(at(11, 3, 12)),
        ]
    )
    [error] = [r["text"] for r in to(records, "u", "error")]
    assert {"en": "purchased but not delivered yet", "ja": "購入済みですが、まだ納品していません"}[
        code
    ] in error, error
    assert {"en": "Nothing was changed.", "ja": "何も変更していません。"}[code] in error, error
    assert "`/gig delivered 1`" in error, error
    [show] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(11, 3, 11)]
    assert {"en": "Stage: purchased", "ja": "ステージ：購入済み"}[code] in show, show
    assert {"en": "Stage: purchased ->", "ja": "購入済み → "}[code] not in show, show


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_a_settled_order_is_not_listed_as_awaiting_or_owed_beside_it(code: str, platform: str) -> None:
    """The same story: `list`'s row said the order was settled by the platform, and then 「承諾待ち：300円」
    (Coconala) or "Owed: $300" (Upwork) after it, contradicting itself. A settled row names no amount
    still awaited; recording the approval (`/gig accepted`) closes the gig."""
    [row] = await settled_views(code, platform, "/gig list")
    assert SETTLED[(platform, code)] in row, row
    for awaited in {"en": ("Owed:", "Awaiting approval:"), "ja": ("未払い：", "承諾待ち：", "未入金：")}[
        code
    ]:
        assert awaited not in row, row


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_money_counts_no_settled_order_as_owed(code: str, platform: str) -> None:
    """`/gig money` listed the same settled order as money the client owed ("Total owed: $300"). The row
    now says the platform settled it and how to record it, and that no client owes anything, saying why
    (no "Total owed: $0": nothing was counted)."""
    [money] = await settled_views(code, platform, "/gig money")
    assert SETTLED[(platform, code)] in money, money
    zero = {
        ("coconala", "en"): "¥0",
        ("coconala", "ja"): "0円",
        ("upwork", "en"): "$0",
        ("upwork", "ja"): "0ドル",
    }
    assert {"en": f"Total owed: {zero[(platform, code)]}", "ja": f"未入金の合計：{zero[(platform, code)]}"}[
        code
    ] not in money
    # Coconala's other party is the buyer (購入者), and the line names them so
    owes = {
        "en": {"coconala": "owed by a buyer", "upwork": "owed by a client"}[platform],
        "ja": {"coconala": "購入者", "upwork": "クライアント"}[platform],
    }[code]
    assert {
        "en": f"Nothing here is {owes}: the platform settled 1 gig",
        "ja": f"{owes}が支払うべき報酬はありません。1件は、プラットフォームの仕組みで支払いが確定",
    }[code] in money
    if platform == "coconala":
        assert {"en": "client", "ja": "クライアント"}[code] not in money, money
