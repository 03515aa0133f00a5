"""Trust audit: `/gig show` of an Upwork fixed-price milestone that Upwork released by itself, 14 days after
the submission, with nothing recorded since. `/gig list` and `/gig money` said the platform settled it and
that no client owes it, but `show` still named the Freelance Act's last payment day beside that (and, after
it, that the day "has passed", as if the client were late to pay) and asked for the agreed payment date."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, say, simulate

RELEASED = {"en": "released automatically by Upwork", "ja": "自動"}
ACT_DAY = {"en": ("last payment day", "pay_by:DATE"), "ja": ("支払期日", "pay_by:日付")}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("when", [at(12, 28), at(2, 10, year=2027)])  # before and after the Act's day
async def test_show_of_a_milestone_released_by_upwork_names_no_act_day(code: str, when: str) -> None:
    lines = [
        say("u", '/gig add "App" client:Acme amount:1000 platform:upwork stage:funded', at(12, 1)),
        say("u", "/gig delivered 1", at(12, 8)),
        say("u", "/gig show 1", when),
    ]
    out = await simulate(code, lines, when)
    [show] = [str(r["text"]) for r in out if r["at"] == when and r["kind"] == "reply"]
    assert RELEASED[code] in show, show
    for words in ACT_DAY[code]:
        assert words not in show, show
