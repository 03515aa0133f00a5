"""Times read against the user's actual clock, the fifteenth audit round: daylight saving time and
users outside Japan. Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say, setting

# The reply's and the reminder's words for a deadline, per language.
WHEN = {
    "en": {
        "cw": "Wed 28 Oct 2026 14:00",
        "cw_late": "Wed 28 Oct 2026 15:00",
        "coconala": "Sun 25 Oct 2026 21:00",
        "coconala_late": "Sun 25 Oct 2026 22:00",
        "upwork": "Thu 5 Nov 2026 09:00",
        "upwork_late": "Thu 5 Nov 2026 10:00",
    },
    "ja": {
        "cw": "2026年10月28日（水）14:00",
        "cw_late": "2026年10月28日（水）15:00",
        "coconala": "2026年10月25日（日）21:00",
        "coconala_late": "2026年10月25日（日）22:00",
        "upwork": "2026年11月5日（木）9:00",
        "upwork_late": "2026年11月5日（木）10:00",
    },
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "kind", "tz", "received", "key"),
    [
        # a week from Wed 21 Oct 15:00 CEST: 168 hours end on Wed 28 Oct at 14:00 CET, not 15:00
        ("crowdworks", "termination", "Europe/Berlin", "2026-10-21T15:00:00+02:00", "cw"),
        # 24 hours from Sat 24 Oct 22:00 CEST: the night the clocks go back, they end at 21:00 CET
        ("coconala", "cancellation", "Europe/Berlin", "2026-10-24T22:00:00+02:00", "coconala"),
        # 7 days from Thu 29 Oct 10:00 EDT: New York's clocks go back on 1 Nov, so 09:00 EST
        ("upwork", "refund", "America/New_York", "2026-10-29T10:00:00-04:00", "upwork"),
    ],
)
async def test_a_clients_request_deadline_across_a_dst_change_is_the_platforms_own(
    code: str, platform: str, kind: str, tz: str, received: str, key: str
) -> None:
    """A platform applies a client's request (an early-termination request, a cancellation, a refund)
    a set number of days after it was sent: real hours on the platform's clock. For a user whose clocks
    went back in between, the reply, `show` and the reminder named the same wall-clock time a week (or a
    day) later, an hour after the platform had already ended the contract, cancelled the order or
    refunded the escrow: a user answering in that last hour had lost the fee."""
    start = "2026-10-19T10:00:00" + received[-6:]
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:500', start),
        say("u", f"/gig incoming 1 {kind}", received),
        say("u", "/gig show 1", received.replace(":00:00", ":05:00", 1)),
    ]
    records = await stories.simulate_records(
        [
            stories.setting("u", start, lang=code, tz=tz, holidays="none"),
            *lines,
            stories.end("2026-11-10T10:00:00+01:00"),
        ]
    )
    # the request's reply, `show`, and the reminder before its deadline
    said = "\n".join(r["text"] for r in stories.to(records, "u") if r["kind"] in ("reply", "reminder"))
    right, late = WHEN[code][key], WHEN[code][f"{key}_late"]
    assert said.count(right) >= 3, said
    assert late not in said, said


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("tz", "added", "week_later"),
    [
        # Europe's clocks go forward on Sun 28 Mar 2027: the week after Fri 26 Mar has 167 hours
        ("Europe/Berlin", "2027-03-26T10:00:00+01:00", "2027-04-02T10:05:00+02:00"),
        # New York's go forward on Sun 14 Mar 2027
        ("America/New_York", "2027-03-12T10:00:00-05:00", "2027-03-19T10:05:00-04:00"),
    ],
)
async def test_a_week_of_silence_across_spring_forward_is_seven_days(
    code: str, tz: str, added: str, week_later: str
) -> None:
    """An application unanswered since Friday 10:00 gets the withdrawal suggestion a week later, on the
    next Friday at 10:00. Across the night the clocks go forward that week has only 167 hours, and the
    reminder said "since Fri 26 Mar (6 days)" and `list` "days of client silence: 6": a week read as six
    days, beside the date that shows it is seven."""
    lines = [
        say("u", '/gig add "LP" client:ACME platform:crowdworks amount:50000', added),
        say("u", "/gig list", week_later),
    ]
    records = await stories.simulate_records(
        [
            stories.setting("u", added, lang=code, tz=tz, holidays="none"),
            *lines,
            stories.end(week_later.replace("T10:05", "T12:00")),
        ]
    )
    (reminder,) = stories.to(records, "u", "reminder")
    assert reminder["step"] == "withdraw_suggestion"
    listed = [r["text"] for r in stories.to(records, "u", "reply") if r["at"] == week_later]
    said, listing = {"en": ("(7 days)", "silence: 7."), "ja": ("以降7日間", "（7日経過）")}[code]
    assert said in reminder["text"], reminder["text"]
    assert listing in listed[0], listed


@pytest.mark.parametrize("code", LANGS)
async def test_money_after_moving_west_never_says_delivered_minus_one_day_ago(code: str) -> None:
    """Work delivered in Tokyo on Fri 20 Nov at 10:00 keeps that day (the client received it then), but
    the user who set their zone to New York minutes later is still on Thu 19 Nov there: `/gig money` said
    "delivered -1 days ago" (「納品から-1日」)."""
    lines = [
        say("u", '/gig add "Article" client:Yamada platform:direct stage:funded amount:30000', at(11, 20, 9)),
        say("u", "/gig delivered 1", at(11, 20, 10)),
        setting("u", at(11, 20, 10, 3), tz="America/New_York"),
        say("u", "/gig money", at(11, 20, 10, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(11, 20, 11), at(11, 20, 9))
    money = replies[at(11, 20, 10, 5)]  # Thu 19 Nov 20:05 in New York
    assert "-1" not in money, money
    assert {"en": "delivered today", "ja": "本日納品"}[code] in money, money
