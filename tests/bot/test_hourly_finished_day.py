"""An hourly contract hands nothing over: its work is finished, neither delivered nor submitted. Where the
Freelance Act counts from the handing over (no payment date agreed: that day itself is the payment date),
an hourly gig's texts name the day the work was finished (作業を終えた日)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import simulate_records


def line(at: str, **rest: Any) -> dict[str, Any]:
    return {"at": f"{at}+09:00", **rest}


def script(lang: str) -> list[dict[str, Any]]:
    return [
        line("2026-12-01T09:00", user="u1", settings={"lang": lang, "platform": "upwork"}),
        line("2026-12-01T09:01", user="u1", text='/gig add "API" client:Gamma rate:40 stage:contracted'),
        line("2026-12-02T09:00", user="u1", text="/gig log 1 5"),
        line("2026-12-03T09:00", user="u1", text="/gig delivered 1"),
        line("2026-12-03T09:05", user="u1", text="/gig terms 1 pay_by:none"),
        line("2026-12-03T09:10", end=True),
    ]


WRONG = {"en": ("delivery date", "delivered", "submission date", "submitted"), "ja": ("納品日", "提出日")}
PAY_BY = {"en": "Payment date:", "ja": "支払期日："}
# the basis of the day names it in full; the terms' payment date line names it as a date
RIGHT = {"en": ("the day the work was finished", "completion date"), "ja": ("作業を終えた日", "作業終了日")}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_no_payment_date_on_an_hourly_contract_names_the_day_the_work_was_finished(lang: str) -> None:
    records = await simulate_records(script(lang))
    [reply] = [r for r in records if r["at"] == "2026-12-03T09:05:00+09:00" and "#1" in r["text"]][:1]
    # the saved terms' day and their payment date line (the terms still to ask for are another matter)
    said, *rest = reply["text"].splitlines()
    [pay_by] = [x for x in rest if x.lstrip("-・ ").startswith(PAY_BY[lang])]
    for text, right in zip((said, pay_by), RIGHT[lang], strict=True):
        assert right in text, text
        for wrong in WRONG[lang]:
            assert wrong not in text, text
