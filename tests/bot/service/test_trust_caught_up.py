"""Steps caught up late, read against the ladder's own offsets: stories played through the simulator in
both languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("added", "followup", "demand"),
    [
        (at(12, 1, 13), at(12, 8, 13), at(12, 15, 13)),  # Tue: five business days later is Tue
        (at(12, 4, 11), at(12, 11, 11), at(12, 18, 11)),  # Fri: over one weekend, Fri again
        (at(12, 6, 12), at(12, 14, 9), at(12, 21, 9)),  # Sun: business time starts Mon 00:00
    ],
)
async def test_a_caught_up_payment_reminder_is_followed_up_five_business_days_later(
    code: str, added: str, followup: str, demand: str
) -> None:
    """A direct client's payment, due by 30 October, recorded on 1 December: the overdue reminder is caught
    up at once, and its firmer follow-up is planned `payment_deadline+5bd` from that moment (spec section 3:
    the steps after a caught-up one are planned from when it was delivered; "N bd after T"). It came six
    business days later (Wed 9 Dec for a reminder on Tue 1 Dec): the track was moved by the calendar time
    the reminder was late, which keeps no count of business days."""
    records = await simulate_records(
        [
            setting("u", added, lang=code, platform="direct"),
            say(
                "u",
                "/gig add LP client:Acme amount:9000 stage:delivered since:2026-10-01 pay_by:2026-10-30",
                added,
            ),
            end(at(12, 31)),
        ]
    )
    reminders = to(records, "u", "reminder")
    assert reminders[0]["at"] == added, reminders[0]
    steps = {r["step"]: r for r in reminders}
    assert steps["payment_followup"]["at"] == followup, steps["payment_followup"]["at"]
    assert steps["payment_demand"]["at"] == demand, steps["payment_demand"]["at"]
    # the follow-up's draft names the last date to pay, the day the demand comes
    on = datetime.fromisoformat(demand)
    named = f"{on.day} {on:%b}" if code == "en" else f"{on.month}月{on.day}日"
    assert named in steps["payment_followup"]["text"], steps["payment_followup"]["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_texts_after_delivery_do_not_claim_the_completion_report_was_filed(code: str) -> None:
    """A funded Lancers plan recorded as delivered, and a client who never answers. The delivery reply asks
    the user to make sure the completion report (完了報告) was filed: the bot does not know it was. Yet the
    contact-prompt reminder a week later began 'You filed the completion report', its draft said it was
    filed on the delivery day, and the check after the client's seven days said 'Since you filed the
    completion report, Lancers support confirms the plan as paid'. Without the report Lancers treats the
    plan as in progress and cancels its escrow (domain.md): the texts now say to file it first if not yet,
    and what happens either way."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="lancers"),
            say("u", "/gig add LP client:Acme amount:50000 stage:funded", at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(12, 31)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    prompt, check = reminders["platform_nudge"], reminders["platform_followup"]
    if code == "en":
        assert "You filed the completion report" not in prompt, prompt
        assert "I filed the completion report for" not in prompt, prompt
        assert (
            "If you have not filed the completion report (`完了報告`) for this plan yet, file it first"
            in prompt
        )
        assert 'I delivered "LP" and filed the completion report on Wed 2 Dec' in prompt, prompt
        assert "change it if you filed it on another day" in prompt, prompt
        assert "Since you filed the completion report" not in check, check
        assert "If the completion report was filed by then" in check, check
    else:
        assert "完了報告を出したあと" not in prompt, prompt
        assert "この計画の完了報告をまだ出していなければ、先に出しておきましょう" in prompt, prompt
        assert "「LP」を納品し、12月2日（水）に完了報告を行いました" in prompt, prompt
        assert "別の日に出した場合は直してください" in prompt, prompt
        assert "完了報告を出しているので" not in check, check
        assert "期限までに完了報告を出していれば" in check, check
    for text in (prompt, check):  # and what happens to a plan without one
        assert {"en": "goes back to the client", "ja": "クライアントに戻"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_settling_a_delivered_lancers_plan_does_not_claim_the_completion_report_was_filed(
    code: str,
) -> None:
    """`/gig settle` on a delivered Lancers plan began 'You have already filed the completion report':
    the gig records a delivery, not the report, which the delivery reply only asked the user to check."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="lancers"),
            say("u", "/gig add LP client:Acme amount:50000 stage:funded", at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig settle 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert {"en": "You have already filed", "ja": "すでに完了報告をしている"}[code] not in text, text
    assert {
        "en": "File the completion report (`完了報告`) now if you have not yet",
        "ja": "完了報告をまだ出していなければ、今のうちに出しましょう",
    }[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    "payments", [("/gig paid 1",), ("/gig paid 1 amount:30000", "/gig paid 1 amount:20000")]
)
async def test_a_fee_raised_after_full_payment_counts_what_came_in_and_follows_up_the_rest(
    code: str, payments: tuple[str, ...]
) -> None:
    """A direct gig paid in full at its fee of ¥50,000, whose fee is then raised to ¥60,000. The edit said
    only 'Updated #1: amount.', and the gig, still closed as paid, counted the new fee as received: `show`
    and the timeline said 'Paid so far: ¥60,000 | still owed: ¥0' above two payments of ¥30,000 and
    ¥20,000. Spec section 1: `paid` is the whole fee arriving, and a part payment keeps the gig open for
    the rest. The reply now says what came in and what is not paid, the gig opens again at delivered, and
    the views and the payment reminders ask for the remaining ¥10,000, not the whole fee."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", "/gig add LP client:Acme amount:50000 stage:contracted", at(11, 2)),
            say("u", "/gig delivered 1", at(11, 3)),
            *(say("u", text, at(11, 5, 10 + i)) for i, text in enumerate(payments)),
            say("u", "/gig edit 1 amount:60000", at(11, 6)),
            say("u", "/gig show 1", at(11, 6, 11)),
            say("u", "/gig money", at(11, 6, 12)),
            end(at(12, 30)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(11, 6)]
    said, show, owed = "\n".join(replies), *[r["text"] for r in to(records, "u", "reply")[-2:]]
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    commands = ("`/gig paid 1 amount:10000`", "`/gig edit 1 amount:50000`")
    if code == "en":
        phrases = ("¥50,000 came in", "¥10,000 of it is not paid", *commands)
        rows, total, rest = (
            "Paid so far: ¥50,000 | still owed: ¥10,000",
            "Total owed: ¥10,000",
            "the remaining ¥10,000",
        )
    else:
        phrases = ("入金は50,000円", "10,000円はまだ支払われていない", *commands)
        rows, total, rest = "入金済み：50,000円｜未払い：10,000円", "10,000円", "10,000円"
    for phrase in phrases:
        assert phrase in said, (phrase, said)
    assert rows in show, show
    assert total in owed, owed
    assert "60,000" not in owed, owed
    assert rest in reminders["payment_due_soon"], reminders


@pytest.mark.parametrize("code", LANGS)
async def test_a_fee_first_recorded_after_full_payment_is_the_fee_that_was_paid(code: str) -> None:
    """Paid in full with no fee recorded, the fee recorded afterwards: that is the fee that came in, so the
    gig stays closed as paid and nothing is chased."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", "/gig add LP client:Acme stage:contracted", at(11, 2)),
            say("u", "/gig delivered 1", at(11, 3)),
            say("u", "/gig paid 1", at(11, 5)),
            say("u", "/gig edit 1 amount:60000", at(11, 6)),
            say("u", "/gig show 1", at(11, 6, 11)),
            end(at(12, 30)),
        ]
    )
    show = to(records, "u", "reply")[-1]["text"]
    assert {"en": "Stage: paid", "ja": "ステージ：支払い済み"}[code] in show, show
    assert not to(records, "u", "reminder")
