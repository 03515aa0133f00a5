"""Trust audit: the weekly plan's "Owed to you" row of a direct gig said "to be paid by Sun 29 Nov 2026"
a week after that day had passed (its "Overdue" row above said so): a day behind is no day "to be paid by".
The row names the legal last payment day, as the row of a fee held in escrow does."""

from __future__ import annotations

from tests.bot.service.stories import at, end, say, setting, to
from tests.conftest import simulate_records


async def test_the_plan_names_a_past_payment_day_as_the_legal_day_not_one_to_pay_by() -> None:
    add = '/gig add "Site" client:Kato amount:100000 platform:direct stage:delivered since:2026-10-01'
    out = await simulate_records(
        [setting("u", at(12, 1, 9), lang="en", weekly="on"), say("u", add, at(12, 1)), end(at(12, 7, 12))]
    )
    [plan] = [str(r["text"]) for r in to(out, "u", "plan")]
    assert "to be paid by Sun 29 Nov 2026" not in plan, plan
    assert "legal last payment day Sun 29 Nov 2026" in plan, plan
