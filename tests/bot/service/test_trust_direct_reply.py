"""A direct gig whose client answered after the delivery and then went silent again: the acceptance nudge
said the client 'has not confirmed receipt yet' and its draft asked them to confirm that they received the
work, as if they had never answered since the delivery. Played through the simulator in both languages,
for every direct variant of the nudge (no date, a date agreed, a deposit, past the payment day; a client
in Japan or abroad)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

DRAFT = ("Draft to send:", "そのまま使える文面：")

# Each variant: the fee's words on `/gig add`, and what is recorded before the delivery on Tue 1 Dec.
VARIANTS: dict[str, tuple[str, list[str]]] = {
    "plain": ("amount:30000", []),
    "dated": ("amount:30000", ["/gig terms 1 pay_by:12/31"]),
    "deposit": ("amount:30000", ["/gig paid 1 amount:10000"]),
    "overdue": ("amount:30000", ["/gig terms 1 pay_by:12/3"]),
    "abroad": ("amount:300 currency:USD", []),
    "abroad_dated": ("amount:300 currency:USD", ["/gig terms 1 pay_by:12/31"]),
    "abroad_deposit": ("amount:300 currency:USD", ["/gig paid 1 amount:100"]),
    "abroad_overdue": ("amount:300 currency:USD", ["/gig terms 1 pay_by:12/3"]),
}

# The client's silence the nudge names: since the worker wrote again (Thu 3 Dec), or since the delivery.
SINCE = {"en": "since Thu 3 Dec", "ja": "12月3日（木）以降"}
SINCE_DELIVERY = {"en": "since then", "ja": "それ以降"}
# What is said only of a client who never answered after the delivery.
NEVER_ANSWERED = {
    "en": ["confirmed receipt", "confirmation of receipt", "that you received it"],
    "ja": ["受け取りの確認", "お受け取り"],
}
# The title of a nudge sent after the agreed payment day.
OVERDUE = {"en": "the work is not confirmed, and", "ja": "内容の確認がなく、"}


def _lines(variant: str, replied: bool) -> list[dict[str, Any]]:
    fee, before = VARIANTS[variant]
    lines = [say("u", f'/gig add "LP" client:ACME platform:direct stage:contracted {fee}', at(12, 1, 9))]
    lines += [say("u", text, at(12, 1, 9, 10 + i)) for i, text in enumerate(before)]
    lines.append(say("u", "/gig delivered 1", at(12, 1, 10)))
    if replied:
        lines += [say("u", "/gig heard 1", at(12, 2, 10)), say("u", "/gig sent 1", at(12, 3, 10))]
    return lines


async def _nudge(code: str, variant: str, replied: bool) -> str:
    records = await stories.simulate(code, _lines(variant, replied), at(12, 20, 10))
    nudges = [r for r in records if r["kind"] == "reminder" and r["step"] == "acceptance_nudge"]
    assert nudges, records
    text: str = nudges[0]["text"]
    # past the agreed day (3 Dec), the variant that says the payment is late as well
    title = text.split("\n", 1)[0]
    assert (OVERDUE[code] in title) == variant.endswith("overdue"), text
    return text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("variant", list(VARIANTS))
async def test_the_nudge_after_the_client_replied_does_not_say_they_never_confirmed_receipt(
    code: str, variant: str
) -> None:
    """Delivered on Tue 1 Dec; the client answered on Wed 2 Dec (`/gig heard`), the worker wrote again on
    Thu 3 Dec (`/gig sent`) and heard nothing more. The nudge said '{client} has not confirmed receipt
    yet' (「まだ受け取りの確認がありません」) and its draft asked 'Could you confirm that you received it'
    (「お受け取りと内容のご確認」). It names the silence that is true, since 3 Dec, and asks nothing only a
    client who never answered is asked."""
    text = await _nudge(code, variant, replied=True)
    assert SINCE[code] in text, text
    assert not any(s in text for s in NEVER_ANSWERED[code]), text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("variant", list(VARIANTS))
async def test_the_nudge_to_a_client_silent_since_the_delivery_says_so(code: str, variant: str) -> None:
    """Without an answer since the delivery, the nudge says the client has been silent since then (the
    delivery's day is not named twice)."""
    text = await _nudge(code, variant, replied=False)
    body = text
    for marker in DRAFT:
        body = body.split(marker, 1)[0]
    assert SINCE_DELIVERY[code] in body, text
