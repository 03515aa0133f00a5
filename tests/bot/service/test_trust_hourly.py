"""Sentences read against an hourly gig's actual situation, and the money view of orders the platform's own
clock settled. Each test is a story whose text used to be untrue for its gig, played through the simulator
in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def replies_at(code: str, lines: list[dict[str, Any]], until: str) -> dict[str, str]:
    """The replies and warnings sent at each time, joined (one command at a time)."""
    records = await simulate_records([setting("u", at(10, 1, 9), lang=code), *lines, end(until)])
    texts: dict[str, str] = {}
    for r in to(records, "u"):
        if r["kind"] in ("reply", "warning"):
            texts[r["at"]] = "\n".join(filter(None, (texts.get(r["at"]), r["text"])))
    return texts


@pytest.mark.parametrize("code", LANGS)
async def test_hours_logged_on_direct_hourly_work_without_terms_ask_for_the_rate_not_a_fee(code: str) -> None:
    """`/gig log` on a direct hourly gig still under discussion warned to get 'the fee' in writing, as for a
    fixed fee: what an hourly client must agree is the rate and how the hours are billed."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "Web" client:Beta platform:direct rate:4000', at(11, 2)),
            say("u", "/gig log 1 3", at(11, 3)),
        ],
        at(11, 3, 12),
    )
    warning = replies[at(11, 3)]
    assert {"en": "Careful: #1", "ja": "注意：#1"}[code] in warning, warning
    assert {"en": "the work, the fee", "ja": "作業内容・報酬額"}[code] not in warning, warning
    assert {"en": "hourly rate", "ja": "時給"}[code] in warning, warning
    assert {"en": "billing period", "ja": "請求の単位"}[code] in warning, warning
