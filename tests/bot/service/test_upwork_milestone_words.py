"""An Upwork fixed-price contract whose milestone is not funded: the nudge, the deadline notice and the
end of the ladder said "仮払い" (the word of CrowdWorks and Lancers, which Upwork does not use) and
"escrow payment", and the stage read "契約済み・仮払い前". Upwork asks the client to fund the milestone
(マイルストーンへの入金): the reminders, the tip when the gig is added and its stage speak Upwork's
words; the freelancer and the client read Upwork's own words, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import at, end, say, setting
from tests.conftest import simulate_records

STEPS = ("nudge", "deadline_notice", "termination_request")


async def _run(code: str) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = [
        setting("u", at(11, 18, 9), lang=code),
        say("u", '/gig add "LP" client:Acme platform:upwork stage:contracted amount:500', at(11, 18, 10)),
        say("u", "/gig list", at(11, 18, 10, 1)),
        end(at(12, 10, 10)),
    ]
    return await simulate_records(lines)


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_an_unfunded_upwork_milestone_is_named_as_upwork_names_it(code: str) -> None:
    out = await _run(code)
    sent = {r["step"]: r for r in out if r["kind"] == "reminder"}
    assert set(STEPS) <= set(sent), sorted(sent)
    for step in STEPS:
        text = sent[step]["text"]
        if code == "ja":
            assert "仮払い" not in text, (step, text)
            assert "マイルストーン" in text, (step, text)
        else:
            assert "milestone" in text, (step, text)
            assert "escrow payment" not in text, (step, text)
    tip = [r["text"] for r in out if r["at"] == at(11, 18, 10) and r["kind"] == "reply"][-1]
    assert ("マイルストーン" if code == "ja" else "milestone") in tip, tip
    assert "仮払い" not in tip, tip
    [listing] = [r for r in out if r["at"] == at(11, 18, 10, 1)]
    if code == "ja":
        assert "仮払い" not in listing["text"], listing["text"]
    else:
        assert "milestone not funded" in listing["text"], listing["text"]
