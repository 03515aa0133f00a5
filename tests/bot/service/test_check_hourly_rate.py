"""`/gig check gig:ID` on an Upwork hourly contract under way: vague work or pay was advised as on a
fixed fee ("work grows beyond the fee agreed", "do not take on new work within the fee already agreed").
An hourly contract has no fee: the client pays the hours logged at the agreed rate, so the advice speaks
of the rate and of logging the hours, in English and Japanese, and the fixed-price words stay where
they fit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import at, end, say, setting
from tests.conftest import simulate_records

VAGUE = {
    "en": '"There is some more work for you, details will be shared later, the pay will be decided after."',
    "ja": "「追加でお願いしたい作業があります。詳細は後ほどお伝えします。報酬は後で決めましょう。」",
}
FEE = {"en": ("the fee agreed", "the fee already agreed"), "ja": ("取り決めた報酬",)}
RATE = {"en": "rate", "ja": "時間単価"}
LOG = {"en": "Upwork desktop app", "ja": "デスクトップアプリ"}


async def _vague_advice(code: str, options: str, stage: str) -> str:
    lines: list[dict[str, Any]] = [
        setting("u", at(11, 30, 9), lang=code),
        say("u", f'/gig add "LP" client:Acme platform:upwork stage:{stage} {options}', at(11, 30, 9, 1)),
        say("u", f"/gig check gig:1 {VAGUE[code]}", at(11, 30, 9, 2)),
        end(at(11, 30, 9, 3)),
    ]
    out = await simulate_records(lines)
    [warning] = [r for r in out if r["kind"] == "warning" and r["at"] == at(11, 30, 9, 2)]
    return str(warning["text"])


@pytest.mark.parametrize("code", ["en", "ja"])
@pytest.mark.parametrize("stage", ["funded", "delivered"])
async def test_vague_work_on_an_hourly_contract_speaks_of_the_rate(code: str, stage: str) -> None:
    text = await _vague_advice(code, "rate:40", stage)
    assert not [w for w in FEE[code] if w in text], text
    assert RATE[code] in text, text
    assert LOG[code] in text, text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_vague_work_on_a_fixed_price_contract_keeps_the_fee(code: str) -> None:
    text = await _vague_advice(code, "amount:500", "funded")
    assert any(w in text for w in FEE[code]), text
