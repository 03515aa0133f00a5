"""`/gig paid 1 3日前` (or `/gig paid 1 3 days ago`) closed the gig as paid now, with "3日前" as the note:
the record said the money came today, and the user was not told. `paid` takes no date (spec section 4:
`/gig paid ID [amount:N]`), so a note that is only a time is asked about, as `delivered` asks about one
written without its `since:`; quoted, it is a note. Each story is played through the simulator."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import at, say

DELIVERED = {
    "en": '/gig add "LP design" client:Acme platform:direct stage:delivered',
    "ja": "/gig add 「LP制作」 client:山田商事 platform:direct stage:納品済み",
}
NO_DATE = {"en": "takes no date", "ja": "日時は指定できません"}
QUOTES = {"en": "put it in quotes", "ja": "引用符で囲んでください"}


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("ja", "/gig paid 1 3日前"),
        ("ja", "/gig paid 1 昨日"),
        ("ja", "/gig paid 1 11月27日 15時"),
        ("en", "/gig paid 1 3 days ago"),
        ("en", "/gig paid 1 yesterday"),
        ("en", "/gig paid 1 amount:50000 last friday"),
    ],
)
async def test_a_time_written_as_the_note_of_paid_is_asked_about(code: str, written: str) -> None:
    lines = [
        say("u", DELIVERED[code], at(11, 30, 9, 30)),
        say("u", written, at(11, 30, 10)),
        say("u", "/gig show 1", at(11, 30, 10, 5)),
    ]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert NO_DATE[code] in reply["text"], reply["text"]
    assert QUOTES[code] in reply["text"], reply["text"]
    # nothing was recorded: the gig is still delivered, not paid
    [show] = [r for r in out if r["at"] == at(11, 30, 10, 5)]
    assert ("Delivered" if code == "en" else "納品済み") in show["text"], show["text"]


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("ja", '/gig paid 1 "3日前"'),
        ("ja", "/gig paid 1 3日前に振込を確認"),
        ("en", '/gig paid 1 "3 days ago"'),
        ("en", "/gig paid 1 bank transfer arrived"),
    ],
)
async def test_a_quoted_or_worded_note_of_paid_is_kept(code: str, written: str) -> None:
    lines = [say("u", DELIVERED[code], at(11, 30, 9, 30)), say("u", written, at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "reply", reply
