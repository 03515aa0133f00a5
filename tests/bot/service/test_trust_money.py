"""Sentences read against the gig's actual situation: money still to come, closed gigs, and what the
history says was changed. Each test is a story whose reply used to be untrue or unclear for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_scope_change_names_the_gig_apart_from_its_count(code: str) -> None:
    """The reply "Scope change #1 recorded on #1" numbered the change as gigs are numbered: it names the
    gig by number and title, and the count of changes in words of its own."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Site" client:Acme stage:funded amount:1000'),
            say("u", "/gig change 1 more pages"),
            say("u", "/gig change 1 new colours"),
            end(at(12, 2)),
        ]
    )
    first, second = (r["text"] for r in to(records, "u", "reply")[-2:])
    assert "Scope change #" not in first
    if code == "en":
        assert first.startswith('Recorded a scope change on #1 "Site" (scope changes on this gig so far: 1).')
        assert "so far: 2)" in second
    else:
        assert first.startswith("#1「Site」に仕様変更を記録しました（この案件で1件目）。")
        assert "（この案件で2件目）" in second
