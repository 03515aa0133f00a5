"""What the bot says on CrowdWorks, direct and Upwork gigs read against each gig's facts, the twenty-second
audit round: a support inquiry drafted after the client did reply, and the Japanese of Upwork's approval.
Each test is a story whose text used to be untrue or unclear for its situation, played through the
simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say


def reminders(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("stage", ["funded", "contracted"])
async def test_a_support_inquiry_after_the_client_replied_does_not_say_they_never_did(
    code: str, stage: str
) -> None:
    """A CrowdWorks gig delivered on Tue 1 Dec: the client answered on Thu 3 Dec ('we will check it'), and
    the worker wrote again on Mon 14 Dec. The support inquiry's draft told support that since the delivery
    the client 'has neither accepted it nor replied to my messages' (「メッセージへのご返信もいただけて
    おりません」): support can read the messages and see the reply of 3 Dec. It names the silence that is
    true, since 14 Dec; a client silent since the delivery is still said to be silent since then."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:crowdworks stage:{stage} amount:30000', at(12, 1, 9)),
        say("u", "/gig delivered 1", at(12, 1, 10)),
        say("u", "/gig heard 1", at(12, 3, 10)),
        say("u", "/gig sent 1", at(12, 14, 10)),
    ]
    records = await stories.simulate(code, lines, at(12, 28, 10))
    (inquiry,) = reminders(records, "support_inquiry")
    text = inquiry["text"]
    assert {"en": "since Mon 14 Dec", "ja": "12月14日（月）以降"}[code] in text, text
    untrue = {
        "en": ["replied to my messages since.", "nor replied to my messages?"],
        "ja": ["その後メッセージ"],
    }
    assert not any(s in text for s in untrue[code]), text
    # Silent since the delivery: the draft says so without naming the day twice.
    silent = await stories.simulate(code, lines[:2], at(12, 28, 10))
    (inquiry,) = reminders(silent, "support_inquiry")
    assert {"en": "since then", "ja": "それ以降"}[code] in inquiry["text"], inquiry["text"]


HELD = {
    ("crowdworks", "en"): "¥30,000 (held in escrow by CrowdWorks until the client accepts the work)",
    (
        "crowdworks",
        "ja",
    ): "30,000円（クラウドワークスが仮払いで預かっており、クライアントの検収で支払われます）",
    ("upwork", "en"): "$300 (held in the funded milestone by Upwork until the client approves the work)",
    ("upwork", "ja"): "300ドル（Upworkのマイルストーンに入金済みで、クライアントの承認で支払われます）",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "upwork"])
async def test_the_weekly_plan_says_a_funded_escrow_waits_for_the_acceptance_as_money_does(
    code: str, platform: str
) -> None:
    """A funded CrowdWorks job (an Upwork milestone) delivered on Wed 2 Dec: `/gig money` and `/gig list`
    said the fee is held in escrow until the client accepts the work, but the weekly plan listed it as
    '¥30,000, to be paid by Sat 30 Jan 2027' (「30,000円（支払期日 2027年1月30日（土））」), as if the
    client still had to pay it in. The plan says what `money` says: the escrow holds it until the
    acceptance, and the Act's day is the legal last payment day."""
    amount = {"crowdworks": 30000, "upwork": 300}[platform]
    lines = [
        stories.setting("u", at(12, 1, 9, 1), weekly="on"),
        say(
            "u", f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:{amount}', at(12, 1, 10)
        ),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig money", at(12, 2, 11)),
    ]
    records = await stories.simulate(code, lines, at(12, 7, 12))
    (plan,) = [r for r in records if r["kind"] == "plan"]
    money = next(r["text"] for r in records if r["at"] == at(12, 2, 11))
    held = HELD[platform, code]
    assert held in money, money
    assert held in plan["text"], plan["text"]
    assert {"en": "to be paid by", "ja": "（支払期日 "}[code] not in plan["text"], plan["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_an_approved_upwork_milestone_says_the_money_is_held_not_the_security_period(code: str) -> None:
    """An approved Upwork milestone: the Japanese reply said 「5日間のセキュリティ期間は保留となり」, 'the
    five-day security period is put on hold', where the money is what is held during that period."""
    lines = [
        say("u", '/gig add "LP" client:Globex platform:upwork stage:funded amount:800', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig accepted 1", at(12, 4, 10)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 11))
    text = replies[at(12, 4, 10)]
    held = {"en": "pending for a five-day security period", "ja": "5日間のセキュリティ期間中は保留され"}
    assert held[code] in text, text
    assert "セキュリティ期間は保留" not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_help_for_a_direct_worker_gives_examples_without_escrow(code: str) -> None:
    """A worker whose platform is `direct` asked `/gig help funded`: the help said a direct client has no
    escrow (「直接取引には仮払いがない」), and its example right below read `/gig funded 2 仮払いを確認`
    ('escrow confirmed'); `/gig help sent` gave 'asked for the escrow deposit' (「仮払いのお願いを送信」),
    and `/gig help accepted`, after 'a direct gig stays open until you are paid', gave the English example
    `/gig accepted 2 paid in full`. A direct worker's examples speak of terms, invoices and acceptance."""
    lines = [
        stories.setting("u", at(12, 1, 9, 1), platform="direct"),
        say("u", "/gig help funded", at(12, 1, 10)),
        say("u", "/gig help sent", at(12, 1, 11)),
        say("u", "/gig help accepted", at(12, 1, 12)),
        say("u", "/gig help move", at(12, 1, 13)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 1, 14))
    for hour in (10, 11, 12, 13):
        text = replies[at(12, 1, hour)]
        for word in ("escrow", "仮払い", "paid in full"):
            assert word not in text.split("\n", 2)[-1], text


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_for_hours_already_worked_is_not_called_a_deposit(code: str) -> None:
    """Direct work by the hour at ¥5,000: 6 h logged, ¥10,000 paid for them, 4 h more, then the work was
    handed over. The acceptance nudge called the ¥10,000 'a deposit' received before the delivery (「前払い
    金」), and its draft thanked the client 'for the deposit': it paid for hours already worked, and an
    hourly client who pays as the work goes has seen it. The nudge asks for the rest, ¥40,000."""
    lines = [
        say("u", '/gig add "Support" client:Kato platform:direct stage:funded rate:5000', at(12, 1, 10)),
        say("u", "/gig log 1 6", at(12, 2, 10)),
        say("u", "/gig paid 1 amount:10000", at(12, 3, 10)),
        say("u", "/gig log 1 4", at(12, 4, 10)),
        say("u", "/gig delivered 1", at(12, 7, 10)),
    ]
    records = await stories.simulate(code, lines, at(12, 14, 10))
    (nudge,) = reminders(records, "acceptance_nudge")
    text = nudge["text"]
    assert {"en": "deposit", "ja": "前払い"}[code] not in text, text
    assert {"en": "¥40,000", "ja": "40,000円"}[code] in text, text
