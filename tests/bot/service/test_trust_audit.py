"""Sentences and records read against the gig's actual situation, on orders of commands and platforms
nobody wrote a test for before: each test is a story whose reply or record used to be untrue for the
gig it spoke of."""

from __future__ import annotations

import json

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_the_json_facts_of_an_escrow_released_at_acceptance_owe_nothing(code: str) -> None:
    """Acceptance with funded escrow releases the fee to the platform balance (spec section 1): the
    client owes nothing more, so the exported facts must not say the fee is still owed by them."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Fix" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig timeline 1 json", at(12, 3, 11)),
            end(at(12, 4)),
        ]
    )
    facts = json.loads(to(records, "u", "reply")[-1]["text"])["facts"]
    assert facts["owed"] == 0.0
    assert facts["paid"] == 0.0  # nothing has reached the worker's bank account from the client
    assert facts["released"] == 500.0


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "coconala"])
async def test_paid_after_an_escrow_release_does_not_advise_reopening_the_gig(
    code: str, platform: str
) -> None:
    """`/gig paid` on a gig closed at acceptance used to answer "move it to an open stage first", which
    reopens accepted work and plans acceptance reminders for it. The fee is in the platform balance:
    there is no payment from the client to record, and the gig stays closed."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Fix" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig paid 1", at(12, 10)),
            say("u", "/gig list", at(12, 10, 11)),
            end(at(12, 20)),
        ]
    )
    error = to(records, "u", "error")[-1]["text"]
    assert "open stage" not in error
    assert "進行中のステージ" not in error
    balance = {
        "en": "sales balance" if platform == "coconala" else "balance",
        "ja": "売上金" if platform == "coconala" else "残高",
    }
    assert balance[code] in error
    assert not to(records, "u", "reminder")  # still closed: nothing planned for accepted work


@pytest.mark.parametrize("code", LANGS)
async def test_money_owed_on_the_day_of_delivery_says_today_not_zero_days_ago(code: str) -> None:
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Delta stage:funded amount:100000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig money", at(12, 2, 18)),
            say("u", "/gig money", at(12, 3, 9)),
            end(at(12, 4)),
        ]
    )
    today, tomorrow = (r["text"] for r in to(records, "u", "reply")[-2:])
    assert {"en": "delivered today", "ja": "本日納品"}[code] in today
    assert "0 days" not in today
    assert "から0日" not in today
    assert {"en": "delivered 1 day ago", "ja": "納品から1日"}[code] in tomorrow


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_delivery_sent_back_for_changes_is_not_said_to_be_approved(code: str) -> None:
    """The buyer sent the formal delivery back: the 72 hours run again from the next formal delivery, as
    the change reply says, so no notice claims the first delivery was approved automatically."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000'),
            say("u", "/gig delivered 1", at(12, 3, 9)),
            say("u", "/gig change 1 different colours", at(12, 4, 9)),
            say("u", "/gig delivered 1", at(12, 10, 9)),
            end(at(12, 20)),
        ]
    )
    notices = [r["at"][:16] for r in to(records, "u", "reminder") if r["step"] == "auto_approval_notice"]
    assert notices == ["2026-12-14T09:00"]  # 73 hours after the second delivery (Sun 13 Dec -> Mon 9:00)


@pytest.mark.parametrize("code", LANGS)
async def test_a_client_requests_deadline_reads_as_a_time_in_show_and_the_pack(code: str) -> None:
    """`show` and the evidence pack, which write every time as people do, printed a request's deadline
    as a raw ISO instant (the timeline exports keep ISO instants: docs/export.md)."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Article" client:Tanaka stage:funded amount:20000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig incoming 1 termination", at(12, 3)),
            say("u", "/gig show 1", at(12, 3, 11)),
            say("u", "/gig timeline 1 pack", at(12, 3, 12)),
            end(at(12, 4)),
        ]
    )
    show, pack = (r["text"] for r in to(records, "u", "reply")[-2:])
    when = {"en": "Thu 10 Dec 2026 10:00", "ja": "2026年12月10日（木）10:00"}[code]
    for text in (show, pack):
        assert "2026-12-10T10:00" not in text
        assert when in text


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_follow_up_after_the_completion_report_records_acceptance(code: str) -> None:
    """Lancers confirms a reported plan as paid: its escrow goes to the Lancers balance, which the bot
    records as acceptance (spec section 1), as the follow-up before delivery already says; it used to
    ask to check the payment and record it with `/gig paid`."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", '/gig add "Banner" client:Sato stage:funded amount:30000'),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(12, 20)),
        ]
    )
    [followup] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "platform_followup"]
    assert "/gig accepted 1" in followup
    assert "/gig paid" not in followup


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["direct", "crowdworks", "lancers", "coconala"])
async def test_moving_a_paid_or_accepted_gig_back_to_delivered_is_no_redelivery(
    code: str, platform: str
) -> None:
    """Undoing `paid` or `accepted` (recorded by mistake, a payment that bounced) used to be answered as a
    new delivery after a redo ("Delivered again... if the redo was your own fault"): nothing was
    delivered, and the worker is not told to move the delivery date."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Site" client:Delta stage:funded amount:100000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1", at(12, 3)),
            say("u", "/gig move 1 delivered confirm", at(12, 3, 11)),
            say("u", "/gig accepted 1", at(12, 4)),
            say("u", "/gig move 1 delivered confirm", at(12, 4, 11)),
            end(at(12, 5)),
        ]
    )
    replies = to(records, "u", "reply")
    tips = [[r["text"] for r in replies if r["at"].startswith(f"2026-12-0{d}T11")][-1] for d in (3, 4)]
    for tip in tips:
        assert "since:" not in tip
        assert "redo" not in tip
        assert "やり直し" not in tip
        assert "Delivered again" not in tip
        assert "再納品" not in tip
        assert {"en": "Back at delivered", "ja": "「納品済み」に戻し"}[code] in tip


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "coconala"])
async def test_settling_work_handed_over_before_the_escrow_asks_for_funding(code: str, platform: str) -> None:
    """`/gig settle` after a delivery the client never funded said to ask for acceptance and to contact
    support: there is nothing to accept or release, and the platform cannot pay what was never deposited."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Beta stage:contracted amount:30000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig settle 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    settle = to(records, "u", "reply")[-1]["text"]
    for wrong in ("Ask for acceptance", "検収をお願い", "contact", "に相談"):
        assert wrong not in settle
    purchase = platform == "coconala"
    # an Upwork client funds the milestone: 仮払い is CrowdWorks' and Lancers' word
    milestone = platform == "upwork"
    asks = {
        "en": "purchase it" if purchase else "fund the milestone" if milestone else "fund it",
        "ja": "購入を" if purchase else "マイルストーンに入金" if milestone else "仮払いを",
    }[code]
    assert asks in settle


@pytest.mark.parametrize("code", LANGS)
async def test_coconala_rating_and_terms_speak_of_the_buyer(code: str) -> None:
    """Coconala's other side is the buyer (購入者), as `show` and the reminders name them; the rating help
    and the terms reply still said "the client"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Sato stage:funded amount:5000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig terms 1", at(12, 2, 11)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig rating 1", at(12, 3, 11)),
            end(at(12, 4)),
        ]
    )
    replies = to(records, "u", "reply")
    terms = next(r for r in replies if r["at"].startswith("2026-12-02T11"))
    rating = replies[-1]
    for reply in (terms, rating):
        text = reply["text"] + (reply.get("draft") or "")
        assert {"en": "the client", "ja": "クライアント"}[code] not in text
        assert {"en": "the buyer", "ja": "購入者"}[code] in text


@pytest.mark.parametrize("code", LANGS)
async def test_moving_a_closed_gig_to_another_closed_stage_is_not_said_to_reopen_it(code: str) -> None:
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Delta stage:funded amount:5000'),
            say("u", "/gig paid 1", at(12, 2)),
            say("u", "/gig terminate 1", at(12, 2, 11)),
            say("u", "/gig terminate 1 confirm", at(12, 2, 12)),
            say("u", "/gig move 1 funded", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    errors = [r["text"] for r in to(records, "u", "error")]
    reopen = {"en": "opens it again", "ja": "再開され"}[code]
    assert reopen not in errors[0]
    assert {"en": "it stays closed", "ja": "終了したまま"}[code] in errors[0]
    assert to(records, "u", "reply")[-1]["at"].startswith("2026-12-02T12")  # confirmed: it went through
    assert not to(records, "u", "reminder")
    assert reopen in errors[1]  # back to work does reopen it


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_the_payment_reminder_for_unfunded_marketplace_work_asks_for_the_escrow(
    code: str, platform: str
) -> None:
    """Work handed over before the escrow on a marketplace: the reminder before the legal last payment
    day told the user to attach an invoice, i.e. to be paid outside the platform (which the bot's own
    check flags); the client pays by funding the escrow, as the reminder after that day already asks."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Beta stage:contracted amount:20000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig heard 1", at(12, 2, 11)),
            end(at(2, 1, year=2027)),
        ]
    )
    [soon] = [r for r in to(records, "u", "reminder") if r["step"] == "payment_due_soon"]
    text = soon["text"]
    for invoice in ("invoice", "請求書"):
        assert invoice not in text
    assert {"en": "fund it", "ja": "仮払いを"}[code] in text


@pytest.mark.parametrize("code", LANGS)
async def test_snooze_with_only_fixed_dates_left_names_the_next_reminder(code: str) -> None:
    """After Upwork's acceptance nudge only the automatic-release notice is left, on the platform's
    clock; a direct gig after `heard` keeps its legal payment reminders. Snoozing moves neither, and the
    error used to say the gig had no reminders at all. (The direct gig's payment follow-ups, weeks after
    the payment day, can be snoozed: its answer says nothing moves and names the next reminder.)"""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "LP" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig snooze 1 2w", at(12, 8)),
            say("u", '/gig add "Site" client:Delta platform:direct stage:funded amount:1000', at(12, 8, 11)),
            say("u", "/gig delivered 2", at(12, 8, 12)),
            say("u", "/gig heard 2", at(12, 8, 13)),
            say("u", "/gig snooze 2 3d", at(12, 8, 14)),
            end(at(12, 9)),
        ]
    )
    [release] = (r["text"] for r in to(records, "u", "error"))
    [payment] = (r["text"] for r in to(records, "u") if r["at"] == at(12, 8, 14))
    assert {"en": "auto-release notice", "ja": "自動支払いの確認"}[code] in release
    assert {"en": "Wed 16 Dec 2026 10:00", "ja": "2026年12月16日（水）10:00"}[code] in release
    assert {"en": "payment day approaching", "ja": "支払期日の接近"}[code] in payment
    for text in (release, payment):
        assert "has no reminders to snooze" not in text


@pytest.mark.parametrize("code", LANGS)
async def test_crowdworks_payment_reminders_after_a_part_payment_name_no_buyer(code: str) -> None:
    """The words "a private buyer" are Coconala's (購入者); the reminders after a part payment of unfunded
    marketplace work said it of a CrowdWorks client too."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "A" client:Kou stage:contracted amount:20000'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1 amount:5000", at(12, 3)),
            end(at(2, 10, year=2027)),
        ]
    )
    texts = [r["text"] for r in to(records, "u", "reminder") if r["step"].startswith("payment_")]
    assert len(texts) == 2
    for text in texts:
        assert {"en": "buyer", "ja": "購入者"}[code] not in text


@pytest.mark.parametrize("code", LANGS)
async def test_hours_logged_on_an_agreed_direct_gig_claim_no_missing_agreement(code: str) -> None:
    """The warning said the gig "has no agreement in writing yet", of a gig the user recorded as agreed
    and whose terms they may have recorded: the bot cannot know that; it says what it does know."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "A" client:Acme stage:contracted'),
            say("u", '/gig terms 1 work:"LP design" fee:50000 pay_by:12/31', at(12, 1, 10)),
            say("u", "/gig log 1 2", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    [warning] = [r["text"] for r in to(records, "u", "warning")]
    assert {"en": "no agreement in writing", "ja": "書面での取り決めがありません"}[code] not in warning
    assert {"en": "agreed, work not started", "ja": "「"}[code] in warning


@pytest.mark.parametrize("code", LANGS)
async def test_an_agreed_payment_date_without_a_year_is_the_nearest_one(code: str) -> None:
    """`pay_by:11/30` typed on 1 December, for work delivered on 20 November, was read as 30 November of
    the next year: "later than the law allows", with a legal last day in January, hiding that the client
    had already let the agreed date pass. A date written without its year is the nearest such date; a
    date just ahead across the new year stays ahead."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "A" client:Acme stage:delivered since:11/20 amount:10000'),
            say("u", "/gig terms 1 pay_by:11/30"),
            say("u", '/gig add "B" client:Beta stage:funded amount:10000 pay_by:1/5', at(12, 30)),
            say("u", "/gig show 2", at(12, 30, 11)),
            end(at(12, 31)),
        ]
    )
    replies = to(records, "u", "reply")
    terms = [r["text"] for r in replies if r["gig"] == "1" and r["at"].startswith("2026-12-01T09:00")][-1]
    last_day = {"en": "Mon 30 Nov 2026", "ja": "2026年11月30日（月）"}[code]
    assert last_day in terms.splitlines()[0]
    assert {"en": "already late", "ja": "すでに遅れています"}[code] in terms
    assert {"en": "Tue 5 Jan 2027", "ja": "2027年1月5日（火）"}[code] in replies[-1]["text"]
