"""Situations nobody had scripted, through the simulator in both languages: what the bot says must fit
the gig's platform, stage, escrow, delivery, payment date and who asked for what."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.bot.service.test_advice_fits_facts import T0, at, in_both_languages, replies_at, run, say


def reminders(records: list[dict[str, Any]], user: str, gig: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and r["gig"] == gig and r["kind"] == "reminder"]


async def test_catch_up_long_after_delivery_sends_one_message() -> None:
    """Spec section 3: a gig added long after delivery gets one message, not a ladder reminder and a
    payment reminder at once, each with its own draft to the client. The payment's legal day is said
    in the one message."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:ACME platform:direct stage:delivered since:70d'),
            say(user, '/gig add "Logo" client:Beta platform:crowdworks stage:delivered since:70d', at(1)),
            say(user, '/gig add "Copy" client:Gamma platform:lancers stage:delivered since:70d', at(2)),
            say(user, "/gig timeline 1", at(3)),
        ],
    )
    records = await run(script, at(4))
    for user, law, named in (
        ("ann", "Freelance Trouble 110", "legal payment day passed"),
        ("aki", "フリーランス・トラブル110番", "法定の支払期日の経過"),
    ):
        for gig in ("1", "2", "3"):
            got = reminders(records, user, gig)
            assert len(got) == 1, [r["step"] for r in got]
            assert law in got[0]["text"], got[0]["text"]
        # the evidence timeline says the one reminder carried the payment step too
        [timeline] = [r["text"] for r in records if r["to"] == user and r["at"] == at(3)]
        assert named in timeline, timeline


def warnings(records: list[dict[str, Any]], user: str, gig: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and r["gig"] == gig and r["kind"] == "warning"]


async def test_ending_work_in_progress_warns_what_it_loses() -> None:
    """Like termination after delivery, ending a funded contract loses the work done for it: the escrow
    goes back to the client. The ladder's own last step advises ending, so it is not refused; the
    warning says what to agree first, in the platform's terms."""
    platforms = ("crowdworks", "lancers", "upwork", "coconala", "direct")
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            line
            for n, platform in enumerate(platforms)
            for line in (
                say(user, f'/gig add "Job" client:Acme platform:{platform} stage:funded', at(2 * n)),
                say(user, f"/gig terminate {n + 1}", at(2 * n + 1)),
            )
        ],
    )
    records = await run(script, at(20))
    expect = {
        "ann": ("condition change", "plan change", "submit the work", "formal delivery", "invoice"),
        "aki": ("条件変更", "計画変更", "成果物として提出", "正式な納品", "請求書"),
    }
    for user, words in expect.items():
        for n, word in enumerate(words):
            [warning] = warnings(records, user, str(n + 1))
            assert warning["step"] == "termination_in_progress"
            assert word in warning["text"], warning["text"]
            assert "funded confirm" in warning["text"]


async def test_ending_a_redo_after_delivery_is_refused_like_a_delivered_gig() -> None:
    """Delivered, then back to work for a redo: the delivered work is still owed for, so ending it is
    refused until confirmed, as on a delivered gig."""
    records = await run(
        [
            say("ann", '/gig add "Job" client:Acme platform:crowdworks stage:funded'),
            say("ann", "/gig delivered 1", at(1)),
            say("ann", "/gig funded 1", at(2)),
            say("ann", "/gig terminate 1", at(3)),
        ],
        at(4),
    )
    [warning] = warnings(records, "ann", "1")
    assert warning["step"] == "termination_after_delivery"
    assert not [r for r in records if r["at"] == at(3) and r["kind"] == "reply"]


async def test_done_submit_work_says_how_to_record_the_submission() -> None:
    """`/gig done ID submit_work` hands the work over: the reply says to record it with
    `/gig delivered`, which starts Upwork's 14 days and the reminder after them."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Job" client:Acme platform:upwork stage:funded'),
            say(user, "/gig done 1 submit_work", at(1)),
        ],
    )
    records = await run(script, at(2))
    for user in ("ann", "aki"):
        [reply] = [r["text"] for r in records if r["to"] == user and r["at"] == at(1)]
        assert "`/gig delivered 1`" in reply, reply


async def test_a_deadline_in_a_draft_names_the_time_zone() -> None:
    """The client may be in another zone than the user: a reply deadline the draft gives them names it
    (Japan's as people there say it, another by its abbreviation or its offset from UTC)."""
    records = await run(
        [
            say("ann", '/gig add "Job" client:Acme platform:crowdworks stage:contracted since:12d'),
            {"at": at(1), "user": "aki", "settings": {"lang": "ja"}},
            say("aki", '/gig add "Job" client:Acme platform:crowdworks stage:contracted since:12d', at(2)),
            {"at": at(3), "user": "ben", "settings": {"tz": "Europe/Berlin"}},
            say("ben", '/gig add "Job" client:Acme platform:direct stage:contracted since:12d', at(4)),
            {"at": at(5), "user": "cao", "settings": {"tz": "Asia/Ho_Chi_Minh", "lang": "ja"}},
            say("cao", '/gig add "Job" client:Acme platform:direct stage:contracted since:12d', at(6)),
        ],
        at(7),
    )
    for user, zone in (("ann", " JST"), ("aki", "（日本時間）"), ("ben", " CET"), ("cao", "（UTC+07:00）")):
        [notice] = [r for r in reminders(records, user, "1") if r["step"] == "deadline_notice"]
        draft = notice["text"].split("\n\n", 2)[-1]
        assert zone in draft, notice["text"]


async def test_timeline_json_gives_the_delivery_day_the_payment_day_counts_from() -> None:
    """The delivery's day is fixed in the user's zone when recorded (docs/behaviour.md); after a move
    to Berlin the instant reads 19 November there, while the last payment day counts from 20 November.
    The export says which day that is, as the Markdown timeline does."""
    records = await run(
        [
            say(
                "ann",
                '/gig add "LP" client:Acme platform:direct stage:delivered',
                "2026-11-20T07:00:00+09:00",
            ),
            {"at": "2026-11-20T07:01:00+09:00", "user": "ann", "settings": {"tz": "Europe/Berlin"}},
            say("ann", "/gig timeline 1 json", "2026-11-20T07:02:00+09:00"),
        ],
        "2026-11-20T07:03:00+09:00",
    )
    [export] = [r["text"] for r in records if r["at"] == "2026-11-20T07:02:00+09:00"]
    facts = json.loads(export)["facts"]
    assert facts["delivered_at"] == "2026-11-19T23:00+01:00"
    assert facts["delivered_on"] == "2026-11-20"
    assert facts["last_payment_day"] == "2027-01-18"


async def test_paid_more_than_the_fee_says_so() -> None:
    """`/gig paid ID amount:N` past the recorded fee closed the gig as "paid in full" and said nothing of
    the difference: a typo or a changed fee went unnoticed."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme platform:direct stage:delivered amount:100000'),
            say(user, "/gig paid 1 amount:150000", at(1)),
        ],
    )
    records = await run(script, at(2))
    for user, over in (("ann", "50,000"), ("aki", "50,000円多く")):
        text = "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == at(1))
        assert over in text, text
        assert "/gig edit 1 amount:" in text, text


async def test_an_upwork_gig_with_a_rate_and_no_fee_is_told_the_ladder_is_fixed_price() -> None:
    """Upwork's ladders follow fixed-price milestones (escrow, submission, release after 14 days); an
    hourly contract has none of that. A rate without a fee says so, naming the weekly billing."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Dev" client:Acme platform:upwork stage:contracted rate:40'),
            say(user, '/gig add "Logo" client:Acme platform:upwork stage:contracted amount:300', at(1)),
        ],
    )
    records = await run(script, at(2))
    for user, weekly in (("ann", "weekly"), ("aki", "毎週")):
        hourly = "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == T0)
        fixed = "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == at(1))
        assert weekly in hourly, hourly
        assert "/gig edit 1 amount:" in hourly, hourly
        assert weekly not in fixed, fixed


async def test_lancers_redelivery_names_the_new_completion_report() -> None:
    """Delivered, changes asked, delivered again: Lancers pays after the completion report, so the reply
    asks for a new one, and the contact-prompt request names the latest report's day (6 Nov), not the
    first delivery's (2 Nov), which only the payment count keeps."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme platform:lancers stage:funded'),
            say(user, "/gig delivered 1", at(1)),
            say(user, "/gig change 1 new colours", at(1, day=4)),
            say(user, "/gig funded 1", at(2, day=4)),
            say(user, "/gig delivered 1", at(2, day=6)),
        ],
    )
    records = await run(script, "2026-11-14T10:00:00+09:00")
    for user, report, latest, first in (
        ("ann", "completion report", "on Fri 6 Nov, but", "on Mon 2 Nov, but"),
        ("aki", "完了報告", "11月6日（金）に完了報告", "11月2日（月）に完了報告"),
    ):
        redelivered = "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == at(2, day=6))
        assert report in redelivered, redelivered
        [prompt] = [r["text"] for r in reminders(records, user, "1") if r["step"] == "platform_nudge"]
        assert latest in prompt, prompt
        assert first not in prompt, prompt


async def test_a_gig_added_long_after_delivery_says_the_payment_day_has_passed() -> None:
    """The reply to `/gig add ... stage:delivered since:70d` said the last payment day "is" a day two
    weeks behind, and to send the invoice "while you can"."""
    platforms = ("direct", "crowdworks", "lancers", "upwork")
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, f'/gig add "Job" client:Acme platform:{p} stage:delivered since:70d', at(n))
            for n, p in enumerate(platforms)
        ],
    )
    records = await run(script, at(5))
    for user, passed, ahead in (
        ("ann", ("has already passed", "would have put"), "last payment day is"),
        ("aki", ("すでに過ぎています", "でしたが"), "今のうちに"),
    ):
        for n in range(len(platforms)):
            said = "\n".join(
                r["text"] for r in records if r["to"] == user and r["at"] == at(n) and r["kind"] == "reply"
            )
            assert any(p in said for p in passed), said
            assert ahead not in said, said


async def test_after_a_part_payment_the_nudge_asks_for_the_rest_not_for_receipt() -> None:
    """A direct client paid part of the fee, the user asked for the rest and waits: the nudge asked the
    client to "confirm receipt" of work they had paid for, and said nothing of the balance; past the
    payment day it said "no payment is recorded"."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Site" client:Acme platform:direct stage:delivered amount:100000'),
            say(user, "/gig paid 1 amount:40000", at(1)),
            say(user, "/gig sent 1", at(2)),
            say(user, '/gig add "Logo" client:Beta platform:direct stage:delivered amount:100000', at(3)),
            say(user, "/gig paid 2 amount:40000", at(4)),
            say(user, "/gig terms 2 pay_by:2026-11-03", at(5)),
            say(user, "/gig sent 2", at(6)),
        ],
    )
    records = await run(script, "2026-11-12T10:00:00+09:00")
    for user, rest, receipt, nothing in (
        ("ann", "60,000", "confirm", "no payment is recorded"),
        ("aki", "60,000", "受け取りの確認", "入金の記録がありません"),
    ):
        for gig in ("1", "2"):
            [nudge] = [r["text"] for r in reminders(records, user, gig) if r["step"] == "acceptance_nudge"]
            assert rest in nudge, nudge
            assert receipt not in nudge, nudge
            assert nothing not in nudge, nudge


async def test_coconala_talk_room_already_closed_is_not_spoken_of_as_ahead() -> None:
    """A Coconala order added 125 days after the purchase: the talk room closed five days before, yet
    the warning said it "closes" then and to deliver "before then"."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [say(user, '/gig add "Logo" client:Hana platform:coconala stage:funded since:125d')],
    )
    records = await run(script, at(1))
    for user, closed, ahead in (("ann", "closed on", "closes on"), ("aki", "クローズしました", "それまでに")):
        [warning] = reminders(records, user, "1")
        assert closed in warning["text"], warning["text"]
        assert ahead not in warning["text"], warning["text"]


async def test_a_coconala_revision_counts_no_payment_day() -> None:
    """The buyer paid at purchase and a funded Coconala gig has no payment track (docs/advice.md), yet
    going back to work on a revision, and delivering it again, spoke of the Act's payment day."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Logo" client:Hana platform:coconala stage:funded'),
            say(user, "/gig delivered 1", at(1)),
            say(user, "/gig funded 1", at(2)),
            say(user, "/gig delivered 1", at(3)),
        ],
    )
    records = await run(script, at(4))
    for user, formal, payday in (
        ("ann", "formal delivery", "last payment day"),
        ("aki", "正式な納品", "支払期日"),
    ):
        for minute in (2, 3):
            said = "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == at(minute))
            assert formal in said, said
            assert payday not in said, said


async def test_upwork_acceptance_nudge_names_upwork_review_period() -> None:
    """On Upwork the client has 14 days to review a submission, after which a funded milestone is
    released; the nudge said marketplaces treat one week as normal."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [say(user, '/gig add "Site" client:Gamma platform:upwork stage:delivered')],
    )
    records = await run(script, "2026-11-09T10:00:00+09:00")
    for user, days, week in (("ann", "14 days", "one week"), ("aki", "14日", "1週間")):
        [nudge] = [r["text"] for r in reminders(records, user, "1") if r["step"] == "acceptance_nudge"]
        assert days in nudge, nudge
        assert week not in nudge, nudge


async def test_a_caught_up_payment_line_does_not_repeat_the_nudge() -> None:
    """A direct gig added 57 days after delivery: the acceptance nudge names the payment day, so the
    payment reminder caught up with it adds what to do before that day instead of the day again."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [say(user, '/gig add "LP" client:Acme platform:direct stage:delivered since:57d')],
    )
    records = await run(script, at(1))
    for user, invoice in (("ann", "send it today"), ("aki", "今日のうちに送りましょう")):
        [nudge] = reminders(records, user, "1")
        assert invoice in nudge["text"], nudge["text"]
        body = nudge["text"].split("\n\n")[1]
        assert body.count("2026") == 1, body


async def test_timeline_json_gives_every_instant_in_the_users_zone() -> None:
    """The JSON timeline gives `at` and the facts in the user's zone, to the minute; the instants inside
    events' data (when a backdated gig went quiet, a delivery's `since:`, a snooze, a reminder's due time,
    a request's deadline) were stored in UTC or in an earlier zone and came out as stored. Every instant
    reads in the user's current zone, in the same form as `at`."""
    records = await run(
        [
            say("ann", '/gig add "LP" client:Acme stage:contracted since:3d', at(0)),
            say("ann", "/gig snooze 1 5d", at(1)),
            say("ann", "/gig delivered 1 since:1d", at(2)),
            say("ann", '/gig add "Logo" client:Beta stage:funded', at(3)),
            say("ann", "/gig incoming 2 termination", at(4)),
            {"at": at(5), "user": "ann", "settings": {"tz": "Europe/Berlin"}},
            say("ann", "/gig timeline 1 json", at(6)),
            say("ann", "/gig timeline 2 json", at(6)),
        ],
        at(7),
    )
    exports = [json.loads(r["text"]) for r in records if r["at"] == at(6)]
    instants = {
        (event["kind"], key): value
        for export in exports
        for event in export["events"]
        for key, value in event["data"].items()
        if key in ("since", "until", "due", "deadline", "received")
    }
    assert {kind for kind, _ in instants} >= {"created", "stage", "snooze", "reminder", "incoming"}
    for where, value in instants.items():
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+01:00", value), (where, value)
    assert all(event["at"].endswith("+01:00") for export in exports for event in export["events"])


async def test_settle_after_delivery_names_the_platforms_own_route() -> None:
    """Spec section 2: a funded milestone submitted on Upwork is released by itself after 14 days, and
    after the completion report on Lancers the contact-prompt request is the route (the plan is then
    confirmed as paid), not support. `/gig settle` on such a delivered gig says the same as the ladder."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "App" client:Globex platform:upwork stage:funded amount:1200', at(0)),
            say(user, '/gig add "LP" client:Acme platform:lancers stage:funded amount:50000', at(1)),
            say(user, "/gig log 1 5", at(2)),
            say(user, "/gig log 2 5", at(2)),
            say(user, "/gig delivered 1", at(3)),
            say(user, "/gig delivered 2", at(3)),
            say(user, "/gig settle 1", at(4)),
            say(user, "/gig settle 2", at(5)),
        ],
    )
    records = await run(script, at(6))
    for user, support, released, prompt in (
        ("ann", "Support", "released to you automatically", "contact-prompt request"),
        ("aki", "サポートに相談", "自動的に支払われます", "連絡催促申請"),
    ):
        upwork, lancers = replies_at(records, user, at(4)), replies_at(records, user, at(5))
        assert support not in upwork, upwork
        assert released in upwork, upwork
        assert support not in lancers, lancers
        assert prompt in lancers, lancers


async def test_list_and_show_say_when_the_legal_payment_day_has_passed() -> None:
    """After a part payment the rest is overdue: `/gig money` and the reminders say the last payment day
    has passed, and so do `list` and `show`, rather than give the day as if it were still ahead. A gig
    whose day is still ahead is not called late."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme platform:direct stage:funded amount:100000', at(0)),
            say(user, '/gig add "Logo" client:Beta platform:direct stage:funded amount:50000', at(1)),
            say(user, "/gig terms 1 pay_by:2026-11-13", at(2)),
            say(user, "/gig delivered 1", at(3, day=4)),
            say(user, "/gig delivered 2", at(3, day=4)),
            say(user, "/gig paid 1 amount:40000", at(0, day=12)),
            say(user, "/gig list", at(0, day=17)),
            say(user, "/gig show 1", at(1, day=17)),
            say(user, "/gig show 2", at(2, day=17)),
        ],
    )
    records = await run(script, at(3, day=17))
    for user, passed in (("ann", "has passed"), ("aki", "を過ぎています")):
        listed = replies_at(records, user, at(0, day=17)).split("\n")
        late = next(line for line in listed if line.startswith("#1"))
        ahead = next(line for line in listed if line.startswith("#2"))
        assert passed in late, late
        assert passed not in ahead, ahead
        assert passed in replies_at(records, user, at(1, day=17))
        assert passed not in replies_at(records, user, at(2, day=17))


async def test_moving_back_before_funding_keeps_the_facts_true() -> None:
    """`/gig move` back to a stage before the escrow: after a delivery it would call delivered work
    "negotiating" (a withdrawal suggestion beside a payment reminder), so it is refused and says what
    to do; from `funded` it means the escrow is not (or no longer) funded, and `show` says so rather
    than "contracted, escrow not funded" above "Escrow funded"."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme stage:funded amount:50000', at(0)),
            say(user, '/gig add "Logo" client:Beta stage:funded amount:30000', at(0)),
            say(user, "/gig delivered 1", at(1)),
            say(user, "/gig move 1 negotiating", at(2)),
            say(user, "/gig move 1 contracted", at(3)),
            say(user, "/gig move 1 funded", at(4)),
            say(user, "/gig move 2 contracted confirm", at(5)),
            say(user, "/gig show 1", at(6)),
            say(user, "/gig show 2", at(7)),
        ],
    )
    records = await run(script, at(8))
    for user, funded, unfunded in (
        ("ann", "Escrow funded", "Escrow: not funded"),
        ("aki", "仮払い：11月2日（月）に完了", "仮払い：未完了"),
    ):
        for minute in (2, 3):
            [refusal] = [r for r in records if r["to"] == user and r["at"] == at(minute)]
            assert refusal["kind"] == "error", refusal
            assert "`/gig move 1 funded`" in refusal["text"]
        assert next(r["kind"] for r in records if r["to"] == user and r["at"] == at(4)) == "reply"
        assert funded in replies_at(records, user, at(6))
        shown = replies_at(records, user, at(7))
        assert unfunded in shown, shown
        assert funded not in shown, shown
    # nothing said to either user treats the delivered gig as an offer to withdraw
    assert not [r for r in records if r.get("step") == "withdraw_suggestion"]


async def test_coconala_auto_approval_counts_from_the_formal_delivery_it_names() -> None:
    """A Coconala gig added ten days after its formal delivery gets the automatic-approval check at once:
    it must not say that 72 hours have passed, as if just now, but that more than 72 hours have passed
    since the day it names."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Logo" client:Mika platform:coconala stage:delivered since:10d', at(0)),
        ],
    )
    records = await run(script, at(1))
    for user, wrong, right in (
        ("ann", "It has been 72 hours", "More than 72 hours have passed since your formal delivery"),
        ("aki", "72時間が経ちました", "72時間以上が経ちました"),
    ):
        [notice] = [r for r in reminders(records, user, "1") if r["step"] == "auto_approval_notice"]
        assert wrong not in notice["text"], notice["text"]
        assert right in notice["text"], notice["text"]
        assert ("Fri 23 Oct" if user == "ann" else "10月23日（金）") in notice["text"]


async def test_a_refund_request_before_delivery_does_not_claim_the_work_was_delivered() -> None:
    """Spec section 2: no text gives advice the gig's facts make wrong. An Upwork client who asks for the
    escrow back before anything was submitted got a draft saying "The work was delivered as we agreed";
    before a delivery the advice and the draft speak of the work done so far."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "App" client:Globex platform:upwork stage:funded amount:1200', at(0)),
            say(user, "/gig incoming 1 refund", at(1)),
        ],
    )
    records = await run(script, "2026-11-12T10:00:00+09:00")
    for user, delivered, done in (
        ("ann", "was delivered", "work done so far"),
        ("aki", "納品しております", "これまでの作業"),
    ):
        [notice] = [r for r in reminders(records, user, "1") if r["step"] == "respond_deadline"]
        assert delivered not in notice["text"], notice["text"]
        assert done in notice["text"], notice["text"]


async def test_a_coconala_cancellation_draft_claims_no_progress_the_records_do_not_hold() -> None:
    """The draft for declining a Coconala cancellation said the work was "nearly complete" of an order
    just purchased; it is the reply for a seller who has started, so it says the work is under way."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Logo" client:Mika platform:coconala stage:funded', at(0)),
            say(user, "/gig incoming 1 cancellation", at(1)),
        ],
    )
    records = await run(script, "2026-11-04T10:00:00+09:00")
    for user, claim, said in (("ann", "nearly complete", "under way"), ("aki", "ほぼ完了", "作業を進めて")):
        [notice] = [r for r in reminders(records, user, "1") if r["step"] == "respond_deadline"]
        draft = notice["text"].split("\n\n", 2)[-1]
        assert claim not in draft, draft
        assert said in draft, draft


async def test_a_contact_prompt_request_filed_late_moves_its_follow_up_after_the_filing() -> None:
    """Lancers gives the client seven days from the contact-prompt request; its follow-up says that
    deadline "has passed". Filed two days after it was suggested, the follow-up came a day before the
    client's deadline ended. Like the early-termination request's, it counts from the filing."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, "/gig settings platform:lancers", at(0)),
            say(user, '/gig add "Copy" client:Sato stage:funded amount:30000', at(1)),
            say(user, "/gig sent 1", at(2)),
            say(user, "/gig done 1 platform_nudge", at(0, day=11)),
        ],
    )
    records = await run(script, "2026-11-30T10:00:00+09:00")
    for user, counted in (("ann", "counted from today"), ("aki", "今日の対応から数え直して")):
        done = replies_at(records, user, at(0, day=11))
        assert counted in done, done
        [followup] = [r for r in reminders(records, user, "1") if r["step"] == "platform_followup"]
        assert followup["at"] == "2026-11-19T10:00:00+09:00", followup["at"]  # 11 Nov + 8 days
