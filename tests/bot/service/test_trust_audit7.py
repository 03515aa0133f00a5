"""Sentences read against the gig's actual situation, seventh round: life stories of a gig played through
the simulator in both languages (a gig added late, an agreed payment date past the Act's limit...). Each
test is a story whose text used to be untrue for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_added_as_delivered_dates_its_escrow_on_or_before_the_delivery(code: str) -> None:
    """A CrowdWorks article delivered on 20 October, added on 1 December with `since:`. The escrow is taken
    as funded before the delivery, at a moment nobody recorded; `show` and the timeline's header stated
    'Escrow funded: Tue 20 Oct' as a fact (the evidence pack already said 'on or before')."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", "/gig add Article client:Suzuki stage:delivered since:10/20 amount:30000", at(12, 1)),
            say("u", "/gig show 1", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    show, timeline = (r["text"] for r in to(records, "u", "reply")[-2:])
    funded = {"en": "Escrow funded: on or before Tue 20 Oct", "ja": "仮払い：10月20日（火）以前に完了"}[code]
    for text in (show, timeline):
        assert funded in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_funded_on_record_keeps_its_exact_date(code: str) -> None:
    """The same line for an escrow whose funding was recorded as it happened names the day itself."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Article" client:Suzuki stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig funded 1", at(12, 2)),
            say("u", "/gig show 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    show = to(records, "u", "reply")[-1]["text"]
    funded = {"en": "Escrow funded: Wed 2 Dec\n", "ja": "仮払い：12月2日（水）に完了\n"}[code]
    assert funded in show, show
