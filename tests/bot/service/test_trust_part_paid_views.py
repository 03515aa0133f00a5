"""Part payments as `show`, `/gig money`, the evidence pack and the timeline tell them, through the
simulator, in Japanese and English: they agree with each other and with the gig's facts.

- An escrow released at acceptance pays the rest of the fee after a part that came before: nothing is
  owed (spec section 1), so `show` does not say the rest is unpaid while `money` lists nothing.
- The rest of a funded escrow not yet released is held by the platform: `show` says so, as the pack does.
- A contract that ended owing nothing is not asked for a payment date.
- A contract that ended with its escrow refunded can still record what the client paid for the work done.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import simulate_records


def at(day: int, hour: int = 10, minute: int = 0) -> str:
    return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(text: str, when: str) -> dict[str, Any]:
    return {"at": when, "user": "u", "text": text}


def settings(lang: str, platform: str) -> dict[str, Any]:
    return {"at": at(2, 9), "user": "u", "settings": {"lang": lang, "platform": platform, "tz": "Asia/Tokyo"}}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def said(records: list[dict[str, Any]], when: str, kind: str = "reply") -> str:
    return "\n".join(r["text"] for r in records if r["kind"] == kind and r["at"] == when)


RELEASED = {
    "ja": {
        "show": "入金済み：600円｜残りの400円は仮払いからクラウドワークスの残高に支払われたため、"
        "未払いはありません",
        "money": "未入金の報酬はありません",
        "paid": "受領済み：600円",
        "released": "検収時にクラウドワークスの残高へ支払われた額：400円",
        "tip": "報酬1,000円のうち600円は先に入金済みで、残りの400円が今回支払われた分です",
        "unpaid": "未払い：400円",
        "ask_date": "pay_by:日付",
    },
    "en": {
        "show": "Paid so far: ¥600 | the remaining ¥400 was released from escrow to your CrowdWorks balance, "
        "so nothing is owed",
        "money": "Nothing is owed to you",
        "paid": "¥600",
        "released": "¥400",
        "tip": "¥600 of the ¥1,000 fee came in before, and the remaining ¥400 is what was released now",
        "unpaid": "still owed: ¥400",
        "ask_date": "pay_by:DATE",
    },
}


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_a_part_paid_escrow_released_at_acceptance_owes_nothing_in_every_view(lang: str) -> None:
    words = RELEASED[lang]
    records = await simulate_records(
        [
            settings(lang, "crowdworks"),
            say("/gig add LP client:ACME stage:contracted amount:1000", at(2, 10, 1)),
            say("/gig funded 1", at(2, 10, 2)),
            say("/gig paid 1 amount:600", at(2, 10, 3)),
            say("/gig delivered 1", at(3)),
            say("/gig accepted 1", at(4)),
            say("/gig show 1", at(4, 10, 1)),
            say("/gig money", at(4, 10, 2)),
            say("/gig timeline 1 pack", at(4, 10, 3)),
            say("/gig timeline 1 json", at(4, 10, 4)),
            end(at(10)),
        ]
    )
    tip = said(records, at(4))
    assert words["tip"] in tip
    show = said(records, at(4, 10, 1))
    assert words["show"] in show
    assert words["unpaid"] not in show
    assert words["ask_date"] not in show  # released: no payment date left to record
    assert words["money"] in said(records, at(4, 10, 2))
    pack = texts(records, at(4, 10, 3))[0]  # the Markdown pack (its HTML copy follows)
    amounts = pack.split("\n## ")[3]  # after the title, the parties and the terms
    assert words["paid"] in amounts
    assert words["released"] in amounts
    # past the fee's lines, the whole fee is not named as released again
    assert "1,000" not in amounts.split("\n", 4)[4]
    facts = json.loads(texts(records, at(4, 10, 4))[0])["facts"]
    assert (facts["paid"], facts["released"], facts["owed"]) == (600, 400, 0)


def texts(records: list[dict[str, Any]], when: str) -> list[str]:
    return [r["text"] for r in records if r["kind"] == "reply" and r["at"] == when]


HELD = {
    "ja": ("入金済み：600円｜未受領：400円（支払われるまでランサーズが預かっています）", "未払い：400円"),
    "en": ("Paid so far: ¥600 | not received yet: ¥400 (held in escrow by Lancers)", "still owed: ¥400"),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_rest_of_a_funded_escrow_after_a_part_payment_is_shown_as_held(lang: str) -> None:
    """Lancers, a part paid before the delivery on a funded escrow: `show` said the rest was unpaid while
    the evidence pack said Lancers holds it in escrow. Both now say it is held."""
    held, unpaid = HELD[lang]
    records = await simulate_records(
        [
            settings(lang, "lancers"),
            say("/gig add LP client:ACME stage:funded amount:1000", at(2, 10, 1)),
            say("/gig paid 1 amount:600", at(2, 10, 3)),
            say("/gig delivered 1", at(3)),
            say("/gig show 1", at(3, 10, 1)),
            say("/gig timeline 1 pack", at(3, 10, 2)),
            end(at(4)),
        ]
    )
    reply = said(records, at(2, 10, 3))  # the reply to the payment says the same
    assert {
        "ja": "支払われるまでランサーズが預かっています",
        "en": "the remaining ¥400 is held in escrow by Lancers",
    }[lang] in reply
    assert {"ja": "未払いは400円", "en": "¥400 still owed"}[lang] not in reply
    show = said(records, at(3, 10, 1))
    assert held in show
    assert unpaid not in show
    pack = texts(records, at(3, 10, 2))[0]
    assert {"ja": "ランサーズが預かり中：400円", "en": "¥400"}[lang] in pack.split("\n## ")[3]


async def test_the_rest_held_after_a_part_payment_on_upwork_is_not_called_by_another_platforms_word() -> None:
    """Upwork holds a funded milestone, not a 仮払い (the word of CrowdWorks and Lancers), which the reply
    to a part payment and `show` had used on every platform."""
    records = await simulate_records(
        [
            settings("ja", "upwork"),
            say("/gig add LP client:ACME stage:funded amount:1000", at(2, 10, 1)),
            say("/gig paid 1 amount:600", at(2, 10, 3)),
            say("/gig show 1", at(2, 10, 4)),
            end(at(3)),
        ]
    )
    for reply in (said(records, at(2, 10, 3)), said(records, at(2, 10, 4))):
        assert "支払われるまで" in reply, reply
        assert "仮払い" not in reply, reply


ASK_DATE = {"ja": "`/gig terms {n} pay_by:日付`", "en": "`/gig terms {n} pay_by:DATE`"}


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_show_asks_for_a_payment_date_only_while_a_payment_can_come_under_it(lang: str) -> None:
    """A contract ended before its escrow, or before delivery with a direct client (the work done has no
    legal day to count from), is not asked for a payment date; delivered work still owed after an end
    is (its legal day counts from that date)."""
    records = await simulate_records(
        [
            settings(lang, "crowdworks"),
            say("/gig add LP client:ACME stage:contracted amount:1000", at(2, 10, 1)),
            say("/gig terminate 1", at(2, 10, 2)),
            say("/gig add Guide client:Hokuto platform:direct stage:contracted amount:1000", at(2, 10, 3)),
            say("/gig terminate 2", at(2, 10, 4)),
            say("/gig add Logo client:Vega platform:direct stage:funded amount:1000", at(2, 10, 5)),
            say("/gig delivered 3", at(2, 10, 6)),
            say("/gig terminate 3 confirm", at(2, 10, 7)),
            say("/gig show 1", at(3, 10, 1)),
            say("/gig show 2", at(3, 10, 2)),
            say("/gig show 3", at(3, 10, 3)),
            end(at(4)),
        ]
    )
    ask = ASK_DATE[lang]
    assert ask.format(n=1) not in said(records, at(3, 10, 1))
    assert ask.format(n=2) not in said(records, at(3, 10, 2))
    assert ask.format(n=3) in said(records, at(3, 10, 3))


AFTER_REFUND = {
    "ja": {
        "refused": "`/gig paid 1 amount:金額`",
        "recorded": "作業した分の入金200円を記録しました。これまでの入金は合計500円です。"
        "案件は終了したままです。",
        "show": "入金済み：500円｜残りは契約の終了でクライアントに返金されたため、未払いはありません",
        "closed": "再開する場合は",
    },
    "en": {
        "refused": "`/gig paid 1 amount:N`",
        "recorded": "Recorded ¥200 for the work done on #1, whose contract ended: ¥500 received in all.",
        "show": "Paid so far: ¥500 | the rest went back to the client when the contract ended, "
        "so nothing is owed",
        "closed": "Move it to an open stage",
    },
}


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_pay_for_the_work_done_after_an_ending_that_refunded_the_escrow_is_recorded(lang: str) -> None:
    """CrowdWorks, funded, a part paid, then ended early: the rest of the escrow went back to the client.
    When the client pays for the work done after all, `/gig paid` was refused as closed, pointing to
    reopening the gig (which would restart its reminders). Now the amount is recorded on the ended
    contract, and without an amount the reply says how to record one."""
    words = AFTER_REFUND[lang]
    records = await simulate_records(
        [
            settings(lang, "crowdworks"),
            say("/gig add LP client:ACME stage:funded amount:1000", at(2, 10, 1)),
            say("/gig paid 1 amount:300", at(2, 10, 2)),
            say("/gig terminate 1", at(2, 10, 3)),
            say("/gig paid 1", at(3, 10, 1)),
            say("/gig paid 1 amount:200", at(3, 10, 2)),
            say("/gig show 1", at(3, 10, 3)),
            end(at(20)),
        ]
    )
    refused = said(records, at(3, 10, 1), kind="error")
    assert words["refused"] in refused
    assert words["closed"] not in refused
    assert words["recorded"] in said(records, at(3, 10, 2))
    show = said(records, at(3, 10, 3))
    assert words["show"] in show
    assert not [r for r in records if r["kind"] == "reminder"]  # still ended: nothing is chased
