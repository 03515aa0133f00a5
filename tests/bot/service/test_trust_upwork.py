"""Upwork read against its own terms, audit round of 2026-12-01: a fixed-price milestone is funded (not
"provisionally paid", the 仮払い of CrowdWorks and Lancers), released automatically 14 days after
submission, and its client is likely abroad. Each test is a story played through the simulator in both
languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

# A fixed-price Upwork contract: $500, funded on 2 Dec, submitted on Fri 4 Dec (released on 18 Dec).
FUNDED_SUBMITTED = [
    say("u", '/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1, 10)),
    say("u", "/gig funded 1", at(12, 2, 10)),
    say("u", "/gig delivered 1", at(12, 4, 10)),
]


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_texts_speak_of_the_funded_milestone_not_of_a_provisional_payment(code: str) -> None:
    """On Upwork, the Japanese texts said 仮払い, the escrow word of CrowdWorks and Lancers: the claim a
    checked message makes (「マイルストーンの仮払い済み」), the `/gig vet` footer, the settlement, the
    acceptance nudge and the scope-change tip. Upwork's own texts speak of the milestone's funding
    (マイルストーンへの入金, 入金済みのマイルストーン); all of them now do."""
    lines = [
        *FUNDED_SUBMITTED,
        say("u", "/gig vet Acme rating:4.9", at(12, 10, 10, 5)),
        say("u", '/gig check "I have funded the milestone, please start"', at(12, 10, 10, 10)),
        say("u", "/gig settle 1", at(12, 10, 10, 15)),
        say("u", "/gig change 1 three more pages", at(12, 10, 10, 20)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 10, 12))]), "u")
    texts = [r["text"] for r in out if r["at"] >= at(12, 9, 9)]
    said = "\n".join(texts)
    assert len(texts) >= 5, texts
    if code == "ja":
        assert "仮払い" not in said, said
        assert "マイルストーンに入金" in said, said
        assert "入金済みのマイルストーン" in said, said
    else:
        assert "the milestone is funded" in said, said
        assert "funded milestone" in said, said
