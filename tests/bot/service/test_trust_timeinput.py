"""Times as a freelancer types them: a weekday that is today, a relative past time left without its
`since:`, and the words an error uses for the time it refuses. Each test is a story played through the
simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import at, say

ADD = {
    "en": '/gig add "LP design" client:Acme stage:contracted',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:契約済み",
}


@pytest.mark.parametrize(
    ("code", "until", "when", "expected"),
    [
        ("en", "monday", at(11, 30, 10), "Mon 7 Dec 2026 09:00"),
        ("ja", "月曜", at(11, 30, 10), "2026年12月7日（月）9:00"),
        ("ja", "月曜日", at(11, 30, 10), "2026年12月7日（月）9:00"),
        ("en", "monday 3pm", at(11, 30, 16), "Mon 7 Dec 2026 15:00"),
        ("ja", "月曜15時", at(11, 30, 16), "2026年12月7日（月）15:00"),
    ],
)
async def test_a_snooze_until_the_weekday_of_today_once_it_has_passed_means_next_week(
    code: str, until: str, when: str, expected: str
) -> None:
    """`/gig snooze 1 monday` (月曜) typed on a Monday after 9:00 was refused: "Mon 30 Nov 2026 09:00
    has already passed". Nobody snoozing on a Monday means the morning just gone: a weekday named
    without "this" or "next" is the next one still ahead, a week on once today's has passed."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", when)]
    out = await stories.records(code, lines, at(11, 30, 18), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == when]
    assert reply["kind"] == "reply", reply
    assert expected in reply["text"], reply["text"]


@pytest.mark.parametrize(("code", "until"), [("en", "monday"), ("ja", "月曜")])
async def test_a_snooze_until_the_weekday_of_today_before_its_morning_keeps_today(
    code: str, until: str
) -> None:
    """Before the working morning, the same word still means this morning, as "tomorrow" keeps its day."""
    lines = [
        say("u", f"{ADD[code]} since:2026-11-27T09:00", at(11, 30, 7)),
        say("u", f"/gig snooze 1 {until}", at(11, 30, 7, 30)),
    ]
    out = await stories.records(code, lines, at(11, 30, 8), start=at(11, 30, 6))
    [reply] = [r for r in out if r["at"] == at(11, 30, 7, 30)]
    assert reply["kind"] == "reply", reply
    assert {"en": "Mon 30 Nov 2026 09:00", "ja": "2026年11月30日（月）9:00"}[code] in reply["text"], reply


@pytest.mark.parametrize(("code", "until"), [("en", "this monday"), ("ja", "今週月曜")])
async def test_a_snooze_until_this_weeks_day_already_past_is_still_refused(code: str, until: str) -> None:
    """ "This Monday" names today's date on purpose: once its morning is gone, it is refused, with the
    forms that work."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 18), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert {"en": "next monday", "ja": "来週月曜"}[code] in reply["text"], reply


FUNDED = {
    "en": '/gig add "LP design" client:Acme stage:funded',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:仮払い済み",
}


@pytest.mark.parametrize(
    ("code", "written", "option"),
    [
        ("en", "/gig delivered 1 3 days ago", "`since:3 days ago`"),
        ("en", "/gig delivered 1 last friday", "`since:last friday`"),
        ("ja", "/gig delivered 1 11月27日 15時", "`since:11月27日 15時`"),
    ],
)
async def test_a_time_written_as_the_note_of_delivered_is_asked_about(
    code: str, written: str, option: str
) -> None:
    """`/gig delivered 1 3 days ago` recorded the delivery now, with "3 days ago" as its note: the
    payment deadline and the acceptance reminders counted from the wrong day, and the reply did not
    say so. One word (`3日前`) was already asked about; a time in several words is asked about too."""
    lines = [say("u", FUNDED[code], at(11, 30, 9, 30)), say("u", written, at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert option in reply["text"], reply["text"]
    quotes = {"en": "put it in quotes", "ja": "引用符で囲んでください"}[code]
    assert quotes in reply["text"], reply["text"]


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_quoted_note_that_reads_as_a_time_is_kept_as_a_note(code: str) -> None:
    lines = [
        say("u", FUNDED[code], at(11, 30, 9, 30)),
        say("u", '/gig delivered 1 "3 days ago"', at(11, 30, 10)),
    ]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "reply", reply


@pytest.mark.parametrize(("code", "written"), [("en", "3 days ago"), ("ja", "3日 前")])
async def test_a_time_left_over_after_incoming_names_the_since_option(code: str, written: str) -> None:
    """`/gig incoming 1 termination 3 days ago` was answered "I did not understand "3"": the time
    is named whole, with the option that takes it."""
    request = {"en": "termination", "ja": "途中終了"}[code]
    lines = [
        say("u", FUNDED[code], at(11, 30, 9, 30)),
        say("u", f"/gig incoming 1 {request} {written}", at(11, 30, 10)),
    ]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert f"`since:{written}`" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("code", "command", "named", "forms"),
    [
        (
            "en",
            '/gig delivered 1 since:"2 months ago"',
            "time the work was handed over (`since:`)",
            "3 days ago",
        ),
        ("ja", "/gig delivered 1 since:2ヶ月前", "作業を渡した日時（`since:`）", "3日前"),
        ("en", '/gig funded 2 since:"2 months ago"', "time the work could start (`since:`)", "3 days ago"),
        ("ja", "/gig funded 2 since:2ヶ月前", "作業を始められるようになった日時（`since:`）", "3日前"),
        ("en", '/gig incoming 1 termination since:"last month"', "request (`since:`)", "3 days ago"),
        ("ja", "/gig incoming 1 途中終了 since:先月", "申請を受けた日時（`since:`）", "3日前"),
    ],
)
async def test_a_refused_time_is_named_as_the_command_means_it(
    code: str, command: str, named: str, forms: str
) -> None:
    """A refused `since:` of `delivered`, `funded` or `incoming` was called "the start of the silence"
    (返信が途絶えた時点), which is what it means in `add` only: the error names the delivery, the time
    the work could start (the escrow funded, the order purchased) or the request, and shows the forms
    that work, a relative past time among them."""
    lines = [
        say("u", FUNDED[code], at(11, 30, 9, 30)),
        say("u", ADD[code], at(11, 30, 9, 31)),  # #2, escrow not funded yet
        say("u", command, at(11, 30, 10)),
    ]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert named in reply["text"], reply["text"]
    assert forms in reply["text"], reply["text"]
    silence = {"en": "start of the silence", "ja": "返信が途絶えた時点"}[code]
    assert silence not in reply["text"], reply["text"]


LANCERS_FUNDED = {
    "en": '/gig add "LP design" client:Acme stage:funded platform:lancers',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:仮払い済み platform:ランサーズ",
}
LANCERS_CONTRACTED = {
    "en": '/gig add "LP design" client:Acme stage:contracted platform:lancers',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:契約済み platform:ランサーズ",
}
# On Lancers the escrow is already deposited: after the completion report the client confirms the
# payment (支払いの確定). "The client cannot pay" reads as if the money were not there yet.
CONFIRMS = {"en": "cannot confirm the payment", "ja": "クライアントは支払いを確定できません"}
AFTER_REPORT = {"en": "can confirm the payment only after it", "ja": "クライアントは支払いを確定できません"}
CANNOT_PAY = {"en": ("cannot pay", "client pays only after"), "ja": ("支払いができません",)}


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_lancers_delivery_tips_speak_of_confirming_the_payment(code: str) -> None:
    """The replies to `delivered` on Lancers (first delivery, a redelivery, and the delivery made once
    the escrow came in) said the client "cannot pay" (支払いができません) without the completion report
    (完了報告). The escrow is already deposited: what waits on the report is the client's confirmation
    of the payment (支払いの確定), the platform's own step, as every reminder after it says."""
    lines = [
        say("u", LANCERS_FUNDED[code], at(11, 30, 9, 30)),
        say("u", "/gig delivered 1", at(11, 30, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10)),
        say("u", LANCERS_CONTRACTED[code], at(12, 1, 11)),
        say("u", "/gig delivered 2", at(12, 1, 11, 1)),
        say("u", "/gig funded 2", at(12, 1, 11, 2)),
        say("u", "/gig delivered 2", at(12, 1, 11, 3)),
    ]
    texts = await stories.replies_at(code, lines, at(12, 1, 12), start=at(11, 30, 9))
    for when in (at(11, 30, 10), at(12, 1, 10), at(12, 1, 11, 3)):
        text = texts[when]
        assert "完了報告" in text, text
        assert CONFIRMS[code] in text or AFTER_REPORT[code] in text, text
        assert not [words for words in CANNOT_PAY[code] if words in text], text


@pytest.mark.parametrize(
    ("code", "until", "expected"),
    [
        ("ja", "水曜まで", "2026年12月2日（水）9:00"),
        ("ja", "12/3まで", "2026年12月3日（木）9:00"),
        ("ja", "12月3日 15時まで", "2026年12月3日（木）15:00"),
        ("en", "until wednesday", "Wed 2 Dec 2026 09:00"),
        ("en", "till 12/3", "Thu 3 Dec 2026 09:00"),
    ],
)
async def test_a_snooze_until_a_day_may_say_until(code: str, until: str, expected: str) -> None:
    """「水曜まで」 is how a Japanese speaker says "until Wednesday", and "until wednesday" how an English
    one does: both were refused ("「水曜まで」は期間として正しくありません", "I did not understand
    "wednesday""), though the day itself is taken."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "reply", reply
    assert expected in reply["text"], reply["text"]


@pytest.mark.parametrize(
    ("code", "until", "named", "forms"),
    [
        ("en", "3 days ago", '"3 days ago"', "a day or time ahead"),
        ("ja", "3日 前", "「3日 前」", "これから先の日や日時"),
        ("en", "for 3 days", '"for 3 days"', "a day or time ahead"),
    ],
)
async def test_a_snooze_written_in_several_words_is_refused_whole(
    code: str, until: str, named: str, forms: str
) -> None:
    """`/gig snooze 1 3 days ago` was answered "I did not understand "ago"": the bot read "3 days" and
    stumbled on the last word, as if the user had typed a stray one. A snooze looks ahead: the error
    names what was written, whole, and the forms that work."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 12), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert named in reply["text"], reply["text"]
    assert forms in reply["text"], reply["text"]
