"""Sentences read against the gig's actual situation, the fourteenth audit round: a direct client
vetted on signals only a marketplace shows. Each test is a story whose text used to be untrue for its
client, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("signals", "refused"),
    [
        ("verified:yes rating:4.8 projects:12", ("rating:", "projects:")),
        ("auto_ratings:3", ("auto_ratings:",)),
    ],
)
async def test_a_direct_client_is_not_scored_on_a_marketplace_profile(
    code: str, signals: str, refused: tuple[str, ...]
) -> None:
    """`/gig vet` of a direct client scored 'Rating 4.8 out of 5: good (+10)', '12 completed projects: a
    solid track record (+15)' and '3 automatic ratings: the client often stops answering (-25)', and called
    the client reliable or risky on them, while its own closing line said a direct client has no
    marketplace profile, ratings or automatic ratings to read. Such signals are refused, naming each one
    given and what can be added instead, as Upwork's unshown automatic ratings are."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="direct"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:80000', at(12, 1, 9, 30)),
            say("u", f"/gig vet ACME {signals}", at(12, 1, 10)),
            end(at(12, 1, 11)),
        ]
    )
    [answer] = [r for r in to(records, "u") if r["at"] == at(12, 1, 10)]
    assert answer["kind"] == "error", answer
    text = answer["text"]
    assert "/100" not in text, text
    for option in refused:
        assert f"`{option}`" in text, text
    assert {"en": "direct client", "ja": "直接取引"}[code] in text, text
    # no marketplace profile is said to exist for the client ("直接取引のクライアントのプロフィール")
    assert {"en": "direct (no marketplace)'s", "ja": "直接取引のクライアントのプロフィール"}[code] not in text
    assert "`reply_hours:`" in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_the_export_counts_a_fee_paid_in_full_as_paid(code: str) -> None:
    """`/gig paid 1` after a part payment of ¥50,000 (and on an hourly gig, with no sum at all) closes the
    gig as paid in full, yet `/gig export csv` gave its `paid` column as 50000 and 0: a spreadsheet of
    income summed from it, or a record shown to a tax office, said the client still owed the rest. The
    column says what was received, the whole fee, as the timeline's JSON does."""
    add = "/gig add {} client:ACME platform:direct stage:delivered {}"
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code),
            say("u", add.format('"LP"', "amount:120000"), at(12, 1, 10)),
            say("u", add.format('"Care"', "rate:3000"), at(12, 1, 10, 5)),
            say("u", "/gig log 2 8", at(12, 1, 10, 6)),
            say("u", "/gig paid 1 amount:50000", at(12, 2, 10)),
            say("u", "/gig paid 1", at(12, 3, 10)),
            say("u", "/gig paid 2", at(12, 3, 10, 5)),
            say("u", "/gig export csv", at(12, 4, 10)),
            end(at(12, 4, 11)),
        ]
    )
    [export] = [r for r in to(records, "u") if r["at"] == at(12, 4, 10)]
    rows = export["text"].splitlines()
    paid = rows[0].split(",").index("paid")
    by_title = {row.split(",")[1]: row.split(",")[paid] for row in rows[1:] if row}
    assert by_title == {"LP": "120000", "Care": "24000"}, rows


@pytest.mark.parametrize("code", LANGS)
async def test_a_refund_asked_on_upwork_stops_every_promise_of_a_release(code: str) -> None:
    """On Upwork, `/gig incoming 1 refund` on a submitted milestone said rightly that it would no longer be
    released by itself; `/gig settle 1` a minute later still said 'if they neither approve it nor ask for
    changes within 14 days of the submission, the funded milestone is released to you automatically', and
    so did the reply to changes asked after it: the user could wait for money the refund takes back. Both
    now say the refund request (or Upwork's dispute) decides, and name no release."""
    add = '/gig add "LP" client:ACME platform:upwork stage:funded amount:500'
    lines = [
        say("u", add, at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 3, 10)),
        say("u", "/gig incoming 1 refund", at(12, 7, 10)),
        say("u", "/gig settle 1", at(12, 7, 11)),
        say("u", '/gig change 1 "new colours"', at(12, 7, 12)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 7, 13))
    released = {
        "en": ("released automatically", "automatic release"),
        "ja": ("自動的に支払われ", "自動で支払われ"),
    }
    decides = {"en": "refund request decides", "ja": "返金リクエスト（異議を申し立てた場合"}
    for when in (at(12, 7, 11), at(12, 7, 12)):
        text = replies[when]
        for words in released[code]:
            assert words not in text, text
        assert decides[code] in text, text
