"""Sentences read against the gig's actual situation, sixth round: Lancers after the completion report,
edits of amounts, Upwork's and Coconala's platform clocks. Each test is a story whose text used to be
untrue, or to contradict another message, for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_request_after_the_completion_report_carries_the_payment_day(code: str) -> None:
    """On Lancers the route after the completion report is the contact-prompt request at 7 days, and
    support settles the plan only once its 7-day deadline lapses. A payment day already past came the
    same minute as a message of its own, telling the user to ask support now with a second draft: two
    routes for one silence. One message: the request, with the law's day as a line."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say(
                "u",
                "/gig add LP client:ACME stage:delivered funded:yes amount:50000 pay_by:none",
                at(12, 1),
            ),
            end(at(12, 20)),
        ]
    )
    on_the_day = [r for r in to(records, "u", "reminder") if r["at"].startswith("2026-12-08")]
    assert [r["step"] for r in on_the_day] == ["platform_nudge"], on_the_day
    text = on_the_day[0]["text"]
    request = {"en": "contact-prompt request", "ja": "連絡催促申請"}[code]
    law = {"en": "Freelance Act", "ja": "フリーランス新法"}[code]
    day = {"en": "Tue 1 Dec 2026", "ja": "2026年12月1日"}[code]
    for said in (request, law, day):
        assert said in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_changes_to_handed_over_hourly_work_claim_no_stopped_reminders(code: str) -> None:
    """An Upwork hourly contract handed over has no silence ladder (nothing to accept or release): `/gig
    change` said the reminders about the client's silence had stopped, when none had been planned, and
    `show` listed none before or after. Only the billing check remains, and it does."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", "/gig add API client:Bob stage:funded rate:40", at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", '/gig change 1 "add a page"', at(12, 3)),
            end(at(12, 4)),
        ]
    )
    said = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"].startswith("2026-12-03"))
    for untrue in ("have stopped", "止めました", "止まりました"):
        assert untrue not in said, said
    assert {"en": "Work Diary", "ja": "ワークダイアリー"}[code] in said, said


@pytest.mark.parametrize("code", LANGS)
async def test_an_edit_of_fee_and_currency_shows_each_amount_in_its_own_currency(code: str) -> None:
    """`/gig edit 1 amount:500 currency:USD` on a ¥50,000 gig: the history said the fee went from
    "$50,000" to "$500", an amount the gig never had, in the evidence a user may send on. Each side is
    in the currency it was in, and the currency's own line names the yen it replaced, not "(none)"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", "/gig add LP client:ACME stage:funded amount:50000", at(12, 1)),
            say("u", "/gig edit 1 amount:500 currency:USD", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    timeline = to(records, "u", "reply")[-1]["text"]
    before, after = {"en": ("¥50,000", "$500"), "ja": ("50,000円", "500ドル")}[code]
    for said in (before, after, {"en": "Japanese yen (JPY)", "ja": "日本円（JPY）"}[code]):
        assert said in timeline, timeline
    assert {"en": "$50,000", "ja": "50,000ドル"}[code] not in timeline, timeline


@pytest.mark.parametrize("code", LANGS)
async def test_a_fee_can_be_cleared_as_add_leaves_it_unknown(code: str) -> None:
    """`add` takes a gig without `amount:`, but `/gig edit 1 amount:none` was refused as "not a valid
    amount", with no word of how to undo a fee typed by mistake. It clears the fee, says what it was and
    how to record it again, and `/gig money` then counts it as a fee not recorded."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", "/gig add LP client:ACME stage:delivered amount:50000", at(12, 1)),
            say("u", "/gig edit 1 amount:none", at(12, 1, 11)),
            say("u", "/gig money", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    assert to(records, "u", "error") == []
    cleared = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"].startswith("2026-12-01T11"))
    for said in ({"en": "¥50,000", "ja": "50,000円"}[code], "/gig edit 1 amount:"):
        assert said in cleared, cleared
    money = to(records, "u", "reply")[-1]["text"]
    assert {"en": "amount not recorded", "ja": "金額未記録"}[code] in money, money
    assert "50,000" not in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_a_bad_amount_in_an_edit_says_how_to_clear_it(code: str) -> None:
    """The error for a fee that is not a number names `none`, the way to leave it unknown."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", "/gig add LP client:ACME amount:50000", at(12, 1)),
            say("u", "/gig edit 1 amount:unknown", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    [error] = to(records, "u", "error")
    assert "`none`" in error["text"], error


@pytest.mark.parametrize("code", LANGS)
async def test_upworks_release_notice_survives_a_reply_that_is_no_approval(code: str) -> None:
    """Upwork releases a funded milestone 14 days after submission unless the client approves, asks for
    changes or for a refund: a message ("will look next week") stops none of that. `/gig heard` cancelled
    the release notice with the silence reminders, so the user was never told to check that the money
    had arrived. Like Coconala's approval, it is the platform's clock, which a reply leaves alone."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", "/gig add API client:Bob stage:funded amount:500", at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", '/gig heard 1 "will look next week"', at(12, 8)),
            say("u", "/gig show 1", at(12, 8, 11)),
            end(at(12, 20)),
        ]
    )
    [notice] = [r for r in to(records, "u", "reminder") if r["step"] == "auto_release_notice"]
    assert notice["at"].startswith("2026-12-16"), notice
    assert "acceptance_nudge" not in [r["step"] for r in to(records, "u", "reminder") if r["at"] > at(12, 8)]
    show = to(records, "u", "reply")[-1]["text"]
    assert {"en": "Wed 16 Dec 2026", "ja": "2026年12月16日"}[code] in show, show


@pytest.mark.parametrize("code", LANGS)
async def test_coconalas_automatic_approval_cannot_be_retimed_either(code: str) -> None:
    """`/gig settings auto_approval_notice:1d` is refused with Coconala's rule, as Upwork's release is."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", "/gig settings auto_approval_notice:1d"),
            end(at(12, 2)),
        ]
    )
    [error] = to(records, "u", "error")
    assert "72" in error["text"], error


@pytest.mark.parametrize("code", LANGS)
async def test_the_talk_room_warning_names_the_purchase_it_counts_from(code: str) -> None:
    """Coconala closes a talk room 120 days after the purchase, so a gig added as purchased is warned
    about it months later: right by the platform's rule, but the warning named only the closing day, so
    a user whose purchase was recorded on the wrong day could not tell. It names the purchase date."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", "/gig add Logo client:Sato stage:funded amount:30000 since:2026-11-20", at(12, 1)),
            end(at(3, 25, year=2027)),
        ]
    )
    [warning] = [r for r in to(records, "u", "reminder") if r["step"] == "talkroom_closing"]
    assert warning["at"].startswith("2027-03-1"), warning["at"]
    for said in (
        {"en": "Fri 20 Nov", "ja": "11月20日（金）"}[code],
        {"en": "2027", "ja": "2027年3月20日"}[code],
    ):
        assert said in warning["text"], warning["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_purchase_added_after_its_talk_room_closed_is_not_told_to_start_work(code: str) -> None:
    """A Coconala order added as purchased with `since:` five months back: the reply said to start the
    work and send the first message in the talk room right away, and the reminder right after it said
    the talk room had closed a month before. The reply now says the room has closed."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", "/gig add Logo client:Sato stage:funded amount:30000 since:2026-07-01", at(12, 1)),
            end(at(12, 2)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    for untrue in ("start the work", "作業を始めましょう", "right away", "すぐに送り"):
        assert untrue not in tip, tip
    assert {"en": "closed its talk room", "ja": "すでにクローズ"}[code] in tip, tip
    [closed] = to(records, "u", "reminder")
    assert closed["step"] == "talkroom_closing", closed


@pytest.mark.parametrize("code", LANGS)
async def test_a_currency_change_alone_says_what_the_fee_now_reads(code: str) -> None:
    """`/gig edit 1 currency:USD` on a ¥50,000 gig relabels the figure as $50,000 (the figure as typed,
    in the new currency): the reply said only "currency", so a user who meant to convert was not told
    the fee now read a hundred times more. It names both, and how to record a converted fee."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", "/gig add LP client:ACME stage:funded amount:50000", at(12, 1)),
            say("u", "/gig edit 1 currency:USD", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    said = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"].startswith("2026-12-01T11"))
    for shown in ({"en": "¥50,000", "ja": "50,000円"}[code], {"en": "$50,000", "ja": "50,000ドル"}[code]):
        assert shown in said, said
    assert "/gig edit 1 amount:" in said, said
