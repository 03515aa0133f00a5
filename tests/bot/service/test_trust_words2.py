"""Sentences read against the gig's actual situation, the second words round: what a snooze moved, a direct
client's move to a chat app, and the payment draft of a milestone sent back for changes. Each test is a story
whose text used to be unclear or untrue, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}


@pytest.mark.parametrize("code", LANGS)
async def test_a_snooze_says_what_it_moved_and_what_keeps_its_date(code: str) -> None:
    """A funded CrowdWorks gig delivered on Wednesday: the acceptance nudge and the support inquiry wait on
    the client; the Act's payment reminders keep their dates. A snooze to a time before the next nudge said
    「それより後に届く予定」 with nothing for それ to point at, and a snooze that moved the ladder said only
    "snoozed", as if the payment reminders had moved too."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 4)),
            say("u", "/gig snooze 1 3d", at(11, 4, 10, 30)),
            say("u", "/gig snooze 1 2w", at(11, 4, 10, 32)),
            end(at(11, 5)),
        ]
    )
    replies = to(records, "u", "reply")
    unchanged = next(r["text"] for r in replies if r["at"] == at(11, 4, 10, 30))
    snoozed = next(r["text"] for r in replies if r["at"] == at(11, 4, 10, 32))
    assert "それより後" not in unchanged, unchanged
    # the time asked for is named, so "later than" has something to be later than
    asked = {"en": "after Sat 7 Nov 2026 10:30", "ja": "指定の2026年11月7日（土）10:30より後"}[code]
    assert asked in unchanged, unchanged
    moved = {
        "en": "Snoozed #1: acceptance nudge, support inquiry.",
        "ja": "#1の「検収のお願い」、「事務局への問い合わせ」を延期しました。",
    }
    assert moved[code] in snoozed, snoozed
    kept = {
        "en": "Kept on their dates, which snoozing does not move (the law's, a platform's or a request's): "
        "payment day approaching, legal payment day passed.",
        "ja": "「支払期日の接近」、「法定の支払期日の経過」は"
        "期日の決まったお知らせなので、日時は変わりません。",
    }
    assert kept[code] in snoozed, snoozed


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_move_to_line_is_not_called_a_warning_sign(code: str) -> None:
    """A direct client asks to talk on LINE. The reply counted it as a warning sign found, then explained
    that moving to a chat app is normal with a direct client and no warning sign by itself. It is now a
    point to keep in mind, counted apart from the warning signs, and still explained and advised."""
    line = {"en": "Let's continue on LINE from now on.", "ja": "今後のやり取りはLINEでお願いします。"}[code]
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", f"/gig check {line}", at(11, 2)),
            say("u", f"/gig check {line} 登録料3000円をお振り込みください。", at(11, 2, 11)),
            end(at(11, 3)),
        ]
    )
    alone, with_fee = (r for r in to(records, "u") if r["at"] in (at(11, 2), at(11, 2, 11)))
    assert alone["flags"] == ["offplatform_contact"]
    assert alone["kind"] == "reply", alone
    head = alone["text"].split("\n")[0]
    none = {
        "en": "No known warning sign found, but 1 point to keep in mind:",
        "ja": "既知の危険なサインは見つかりませんでしたが、気をつけたい点が1件あります。",
    }
    assert head == none[code], head
    assert {"en": "in writing", "ja": "書面"}[code] in alone["text"]  # the advice on keeping the record stays
    assert with_fee["kind"] == "warning"
    assert "purchase_request" in with_fee["flags"]
    assert "offplatform_contact" in with_fee["flags"]
    both = {
        "en": "Warning signs found: 1, and 1 point to keep in mind.",
        "ja": "危険なサインが1件、気をつけたい点が1件見つかりました。",
    }
    assert with_fee["text"].startswith(both[code]), with_fee["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_marketplace_move_to_line_stays_a_warning_sign(code: str) -> None:
    """The caution is a direct client's: a CrowdWorks client moving to LINE before escrow is still a sign."""
    line = {"en": "Let's continue on LINE from now on.", "ja": "今後のやり取りはLINEでお願いします。"}[code]
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="crowdworks"),
            say("u", f"/gig check {line}", at(11, 2)),
            end(at(11, 3)),
        ]
    )
    [reply] = [r for r in to(records, "u") if r["at"] == at(11, 2)]
    assert reply["kind"] == "warning"
    assert reply["flags"] == ["offplatform_contact"]
    assert reply["text"].startswith(
        {"en": "Warning signs found: 1.", "ja": "危険なサインが1件見つかりました。"}[code]
    )


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("draft_lang", ["en", "ja"])
async def test_the_payment_reminders_of_a_milestone_sent_back_for_changes_speak_of_the_revision(
    code: str, draft_lang: str
) -> None:
    """An Upwork fixed-price milestone, funded and submitted, then sent back for changes: nothing is released
    until the revision is submitted. The payment reminders still drafted "could you let me know when the
    payment will be completed?", as if the client owed a payment and the work were finished."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="upwork"),
            say("u", f'/gig add "LP" client:ACME stage:funded amount:1000 lang:{draft_lang}', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 4)),
            say("u", "/gig change 1 new hero image", at(11, 6)),
            end(at(1, 20, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_due_soon", "payment_deadline"):
        text = reminders[step]
        body, draft = text.split(DRAFT[code], 1)
        assert {"en": "revised work", "ja": "修正版"}[code] in body, body
        assert {"en": "held in escrow", "ja": "預けられたまま保留"}[code] in body, body
        assert {"en": "changes you asked for", "ja": "ご依頼いただいた修正"}[draft_lang] in draft, draft
        assert {"en": "approve the milestone", "ja": "マイルストーンの承認"}[draft_lang] in draft, draft
        generic = {"en": "when the payment will be completed", "ja": "お支払いの完了時期"}[draft_lang]
        assert generic not in draft, draft
