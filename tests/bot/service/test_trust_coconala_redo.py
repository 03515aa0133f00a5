"""Coconala's approval, read against the order's actual situation in Japanese and English: after the buyer
sends a formal delivery back for a redo, nothing awaits the approval until the next formal delivery; and the
automatic approval 72 hours after a delivery is what Coconala does unless the buyer acts first, not a fact
the bot saw happen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

AWAITING = {"en": "Awaiting approval", "ja": "承諾待ち"}
REDO = {"en": "ent back for a redo", "ja": "差し戻"}  # "Sent back..." or "..., sent back..."
NEXT_DELIVERY = {"en": "next formal delivery", "ja": "次の「正式な納品」"}


async def views(code: str, *lines: dict[str, Any], until: str) -> dict[str, str]:
    """The replies to each command, by instant, on an order purchased on 1 December and formally
    delivered on 3 December, then `lines`."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 3, 9)),
            *lines,
            end(until),
        ]
    )
    texts: dict[str, str] = {}
    for r in to(records, "u", "reply"):
        texts[r["at"]] = "\n".join(filter(None, (texts.get(r["at"]), r["text"])))
    return texts


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("back_to_work", [False, True])
async def test_after_a_send_back_list_and_money_await_no_approval(code: str, back_to_work: bool) -> None:
    """The buyer sent the formal delivery back (`/gig change` on the delivered order, then `/gig funded`
    while the seller redoes it). `list` said "Awaiting approval: ¥5,000" and `money` headed the order
    "Awaiting approval", as if the 72 hours ran: they say it was sent back for a redo, and that the
    automatic approval counts from the next formal delivery."""
    funded = [say("u", "/gig funded 1", at(12, 4, 10))] if back_to_work else []
    texts = await views(
        code,
        say("u", '/gig change 1 "different colours"', at(12, 4, 9)),
        *funded,
        say("u", "/gig list", at(12, 7, 10)),
        say("u", "/gig money", at(12, 7, 11)),
        until=at(12, 8),
    )
    for text in (texts[at(12, 7, 10)], texts[at(12, 7, 11)]):
        assert AWAITING[code] not in text, text
        assert REDO[code] in text, text
        assert NEXT_DELIVERY[code] in text, text
    assert "¥5,000" in texts[at(12, 7, 11)] or "5,000円" in texts[at(12, 7, 11)]


@pytest.mark.parametrize("code", LANGS)
async def test_after_the_next_formal_delivery_the_approval_is_awaited_again(code: str) -> None:
    """The other side: delivered again after the redo, the order awaits the approval once more."""
    texts = await views(
        code,
        say("u", '/gig change 1 "different colours"', at(12, 4, 9)),
        say("u", "/gig funded 1", at(12, 4, 10)),
        say("u", "/gig delivered 1", at(12, 10, 9)),
        say("u", "/gig list", at(12, 10, 10)),
        say("u", "/gig money", at(12, 10, 11)),
        until=at(12, 11),
    )
    for text in (texts[at(12, 10, 10)], texts[at(12, 10, 11)]):
        assert AWAITING[code] in text, text
        assert REDO[code] not in text, text


UNLESS = {
    "en": "unless the buyer approved it or asked for a redo before then",
    "ja": "承諾も修正依頼もしていない場合",
}
AS_FACT = {
    "en": "approved automatically by Coconala on Sun 6 Dec (record it",
    "ja": "12月6日（日）にココナラが自動で承諾済み（",
}


@pytest.mark.parametrize("code", LANGS)
async def test_the_automatic_approval_is_said_as_what_happens_unless_the_buyer_acts(code: str) -> None:
    """Formally delivered on Thu 3 December, seen on 8 December: `money`, `list` and `show` said the order
    'was approved automatically by Coconala on Sun 6 Dec', a fact, though the bot only knows that
    Coconala approves it then unless the buyer approves or asks for a redo first. They say the day and
    that condition, and to check the order page before recording it."""
    texts = await views(
        code,
        say("u", "/gig money", at(12, 8, 10)),
        say("u", "/gig list", at(12, 8, 11)),
        say("u", "/gig show 1", at(12, 8, 12)),
        until=at(12, 9),
    )
    for when in (at(12, 8, 10), at(12, 8, 11), at(12, 8, 12)):
        text = texts[when]
        assert AS_FACT[code] not in text, text
        assert UNLESS[code] in text, text
        assert {"en": "Sun 6 Dec", "ja": "12月6日（日）"}[code] in text, text
        assert "`/gig accepted 1`" in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_says_the_automatic_approval_with_its_condition(code: str) -> None:
    """The weekly plan listed the order under 'Settled by the platform' as 'approved automatically by
    Coconala on Sun 6 Dec': it says so only unless the buyer acted first."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala", weekly="on"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 3, 9)),
            end(at(12, 8)),
        ]
    )
    plans = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(12, 7, 9)]
    assert plans
    assert AS_FACT[code] not in plans[0], plans[0]
    assert UNLESS[code] in plans[0], plans[0]


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_does_not_await_the_approval_of_an_order_sent_back(code: str) -> None:
    """The plan of Monday 7 December listed an order the buyer sent back on 4 December as awaiting the
    approval: it lists it as sent back, its 72 hours counting from the next formal delivery."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala", weekly="on"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 3, 9)),
            say("u", '/gig change 1 "different colours"', at(12, 4, 9)),
            end(at(12, 8)),
        ]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(12, 7, 9)]
    assert {"en": "awaiting approval", "ja": "承諾待ち"}[code] not in plan.lower(), plan
    assert REDO[code] in plan, plan
    assert NEXT_DELIVERY[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_money_counts_a_redelivered_order_from_the_latest_delivery(code: str) -> None:
    """Delivered again on 10 December after the redo: `money` said 'delivered 7 days ago' beside
    'Awaiting approval', which reads as 72 hours long past; the approval counts from the new delivery,
    which it names, with the first."""
    texts = await views(
        code,
        say("u", '/gig change 1 "different colours"', at(12, 4, 9)),
        say("u", "/gig funded 1", at(12, 4, 10)),
        say("u", "/gig delivered 1", at(12, 10, 9)),
        say("u", "/gig money", at(12, 10, 11)),
        until=at(12, 11),
    )
    money = texts[at(12, 10, 11)]
    assert {"en": "delivered 7 days ago", "ja": "納品から7日"}[code] not in money, money
    assert {"en": "delivered again today", "ja": "本日再納品"}[code] in money, money
