"""The reason given for the legal last payment day, in brackets after the day: in Japanese it was a
sentence of its own, so every payment text read "支払期日は2026年12月30日（水）です（合意した支払期日で
す）" and, once the day had passed, "支払期日は…でしたが（…60日目です）": a doubled です, in the present
after a past tense. It is now a noun phrase that fits any sentence around it; English already read so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import at, end, say, setting
from tests.conftest import simulate_records

ADD = {
    "agreed": '/gig add "Site" client:Beta platform:direct stage:delivered amount:80000 pay_by:2026-12-30',
    "limit": '/gig add "Site" client:Beta platform:direct stage:delivered amount:80000',
    "escrow": '/gig add "Logo" client:Beta platform:crowdworks stage:delivered amount:80000',
}
BASIS = {
    "en": {"agreed": "the payment date you agreed", "limit": "counting the delivery day as day 1"},
    "ja": {"agreed": "（合意した支払期日）", "limit": "納品日を1日目として数えた60日目）"},
}


async def _payment_texts(code: str, add: str) -> list[str]:
    lines: list[dict[str, Any]] = [
        setting("u", at(11, 20, 9), lang=code),
        say("u", add, at(11, 20, 10)),
        end(at(1, 31, 10, year=2027)),
    ]
    out = await simulate_records(lines)
    return [str(r["text"]) for r in out if r["step"] in ("payment_due_soon", "payment_deadline")]


@pytest.mark.parametrize("code", ["en", "ja"])
@pytest.mark.parametrize("case", ["agreed", "limit", "escrow"])
async def test_the_reason_for_the_payment_day_reads_as_part_of_the_sentence(code: str, case: str) -> None:
    texts = await _payment_texts(code, ADD[case])
    assert len(texts) == 2, texts
    for text in texts:
        if code == "ja":
            assert "です）" not in text, text
            assert "ました）" not in text, text
        basis = BASIS[code]["agreed" if case == "agreed" else "limit"]
        assert basis in text, text
