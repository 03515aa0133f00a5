"""Trust audit: a firm follow-up and a formal demand for payment name the sum they ask for. With the fee on
record and nothing paid yet, the drafts asked for "the amount still outstanding" and "the full amount
outstanding" without the figure, though the advice above them said to name it: a demand letter the client
can answer with "which amount?" is a weak one."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, say, simulate

FEES = {
    # a client in Japan, paid in yen; a client abroad, paid in dollars
    "JPY": ("100000", {"en": "¥100,000", "ja": "100,000円"}),
    "USD": ("1500", {"en": "$1,500", "ja": "1,500ドル"}),
}
DRAFT = {"en": "Draft to send:", "ja": "そのまま使える文面"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("currency", FEES)
async def test_follow_up_and_demand_drafts_name_the_unpaid_fee(code: str, currency: str) -> None:
    amount, shown = FEES[currency]
    lines = [
        say(
            "u",
            f'/gig add "Site" client:Kato amount:{amount} currency:{currency} platform:direct stage:funded',
            at(12, 1),
        ),
        say("u", "/gig delivered 1", at(12, 10)),
    ]
    out = await simulate(code, lines, at(3, 31, year=2027))
    drafts = {
        str(r["step"]): str(r["text"]).split(DRAFT[code], 1)[-1]
        for r in out
        if r["kind"] == "reminder" and r["step"] in ("payment_followup", "payment_demand")
    }
    assert set(drafts) == {"payment_followup", "payment_demand"}, out
    for step, draft in drafts.items():
        assert shown[code] in draft, (step, draft)
