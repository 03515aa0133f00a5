"""A new freelancer's first hour, audited: a user who has not read the docs registers gigs with the
natural slips of a first try. Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def _run(
    code: str, lines: list[dict[str, str]], until: str, platform: str = "crowdworks"
) -> list[dict[str, str]]:
    records = await simulate_records(
        [setting("u", lang=code, platform=platform, tz="Asia/Tokyo"), *lines, end(until)]
    )
    return to(records, "u")


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("written", ["12/3", "12月3日"])
async def test_a_date_without_its_year_just_ahead_is_refused_not_read_as_last_year(
    code: str, written: str
) -> None:
    """`since:12/3` typed on 1 December (a slip: the date is two days ahead) was read as 3 December of
    the year before: the gig was added with 363 days of silence and a catch-up reminder about a client
    silent for a year came at once. A date without its year that falls within the next two months is
    now refused as ahead, naming the day read and how to write last year's, and nothing is recorded."""
    lines = [
        say("u", f"/gig add Logo client:Bob since:{written}", at(12, 1, 10)),
        say("u", "/gig list", at(12, 1, 11)),
    ]
    out = await _run(code, lines, at(12, 1, 12))
    [error] = [r for r in out if r["at"] == at(12, 1, 10)]
    assert error["kind"] == "error", out
    assert {"en": "Thu 3 Dec 2026", "ja": "2026年12月3日（木）"}[code] in error["text"], error
    assert "`since:2025-12-03`" in error["text"], error
    assert not [r for r in out if r["kind"] == "reminder"], out
    listing = next(r["text"] for r in out if r["at"] == at(12, 1, 11))
    assert "Logo" not in listing, listing


@pytest.mark.parametrize("code", LANGS)
async def test_a_delivery_date_without_its_year_just_ahead_is_refused(code: str) -> None:
    """`/gig delivered 1 since:12月3日` on 1 December recorded a delivery a year ago: a legal payment day
    already passed and an overdue catch-up. It is refused and the gig stays as it was."""
    lines = [
        say("u", '/gig add "LP" client:ACME stage:funded', at(12, 1, 10)),
        say("u", "/gig delivered 1 since:12月3日", at(12, 1, 11)),
        say("u", "/gig show 1", at(12, 1, 12)),
    ]
    out = await _run(code, lines, at(12, 1, 13))
    [error] = [r for r in out if r["at"] == at(12, 1, 11)]
    assert error["kind"] == "error", out
    assert "`since:2025-12-03`" in error["text"], error
    shown = next(r["text"] for r in out if r["at"] == at(12, 1, 12))
    assert "2025" not in shown, shown


@pytest.mark.parametrize("code", LANGS)
async def test_a_date_without_its_year_well_behind_still_means_the_last_one(code: str) -> None:
    """The rule that stands: `since:12/28` typed on 5 January is last 28 December."""
    lines = [say("u", "/gig add Logo client:Bob since:12/28", at(1, 5, 10, year=2027))]
    out = await _run(code, lines, at(1, 5, 11, year=2027))
    assert next(r["kind"] for r in out if r["at"] == at(1, 5, 10, year=2027)) == "reply", out


@pytest.mark.parametrize("code", LANGS)
async def test_a_title_in_corner_brackets_right_after_the_command_word_is_read(code: str) -> None:
    """`/gig add「LP制作」client:山田商事`, typed without a space after `add` as Japanese is written, was
    answered "I don't know the command "add「LP制作」client:山田商事"" with no suggestion. The corner
    bracket opens the title as a space would."""
    lines = [say("u", "/gig add「LP制作」client:山田商事 amount:50000", at(12, 1, 10))]
    out = await _run(code, lines, at(12, 1, 11))
    [reply] = [r for r in out if r["at"] == at(12, 1, 10) and r["gig"] == "1"][:1]
    assert reply["kind"] == "reply", out
    assert {"en": '"LP制作" for 山田商事', "ja": "「LP制作」（山田商事様）"}[code] in reply["text"], reply


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig move 1 paid", "/gig move 1 支払い済み"])
async def test_moving_an_offer_to_paid_is_refused_like_paid_and_says_what_to_type(
    code: str, command: str
) -> None:
    """`/gig paid 1` on a gig still in negotiation is refused (no contract, no payment), but
    `/gig move 1 paid` closed it "paid in full. Well done." with no contract ever recorded. Both are now
    refused alike, nothing changes, and the refusal says what to type: record the contract first, or
    withdraw an offer that came to nothing."""
    lines = [
        say("u", '/gig add "LP" client:ACME', at(12, 1, 10)),
        say("u", command, at(12, 1, 11)),
        say("u", "/gig paid 1", at(12, 1, 12)),
        say("u", "/gig list", at(12, 1, 13)),
    ]
    out = await _run(code, lines, at(12, 1, 14))
    for when in (at(12, 1, 11), at(12, 1, 12)):
        [error] = [r for r in out if r["at"] == when]
        assert error["kind"] == "error", out
        assert "`/gig move 1 contracted`" in error["text"], error
        assert "`/gig withdraw 1`" in error["text"], error
    listing = next(r["text"] for r in out if r["at"] == at(12, 1, 13))
    assert {"en": "negotiating", "ja": "相談中"}[code] in listing, listing


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("written", "paid"), [("5万円", "1.5万"), ("５万", "¥1.5万"), ("¥5万", "1.5万円")])
async def test_an_amount_in_man_is_read_as_the_number_it_names(code: str, written: str, paid: str) -> None:
    """`amount:5万円`, the way a Japanese fee is said and written, was refused ("「5万円」は報酬額として正しく
    ありません"), though `¥50,000` and `50000円` were taken: 万 is ten thousand, so 5万円 is ¥50,000 and
    1.5万 is ¥15,000."""
    lines = [
        say("u", f"/gig add 「バナー作成」 client:佐藤 amount:{written} stage:delivered", at(12, 1, 10)),
        say("u", f"/gig paid 1 amount:{paid}", at(12, 1, 11)),
        say("u", "/gig show 1", at(12, 1, 12)),
    ]
    out = await _run(code, lines, at(12, 1, 13))
    assert not [r for r in out if r["kind"] == "error"], out
    shown = next(r["text"] for r in out if r["at"] == at(12, 1, 12))
    for figure in ("50,000", "15,000", "35,000"):
        assert {"en": f"¥{figure}", "ja": f"{figure}円"}[code] in shown, shown
