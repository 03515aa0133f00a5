"""Sentences read against the gig's actual situation, as a Japanese freelancer on CrowdWorks, Lancers and
Coconala reads them (and, where the wording differs, in English too). Each test is a story whose text used
to be untrue, contradictory or unnatural for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_timeline_names_the_buyer_who_sent_a_request(code: str) -> None:
    """On Coconala the other side is the buyer everywhere else (`show`, the reminders, heard and sent in the
    same timeline); the rows of a cancellation request and its answer alone said "client"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Icon" client:Ken amount:8000 stage:funded', at(12, 1)),
            say("u", "/gig incoming 1 cancellation", at(12, 2)),
            say("u", "/gig incoming 1 cancellation answered", at(12, 2, 11)),
            say("u", "/gig timeline 1", at(12, 2, 12)),
            end(at(12, 3)),
        ]
    )
    timeline = to(records, "u", "reply")[-1]["text"]
    for untrue in ("Client request", "client's request", "クライアントからの申請", "クライアントの申請"):
        assert untrue not in timeline, timeline
    said = {"en": ("Buyer request", "buyer's request"), "ja": ("購入者からの申請", "購入者の申請に回答")}
    for words in said[code]:
        assert words in timeline, timeline


@pytest.mark.parametrize("code", LANGS)
async def test_a_bad_payment_date_or_funding_is_named_in_the_users_language(code: str) -> None:
    """Every option an error names is named in the user's words, with the option as written beside it; a
    bad `pay_by:` or `funded:` alone was named by its code:
    「「2027-13-01」はpay_by（`pay_by:`）として正しくありません」."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:Sato amount:30000 pay_by:2027-13-01', at(12, 1)),
            say("u", "/gig terms 1 pay_by:2027-13-01", at(12, 1, 11)),
            say("u", '/gig add "LP" client:Sato stage:delivered funded:maybe', at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    errors = [r["text"] for r in to(records, "u", "error")]
    assert len(errors) == 3, errors
    named = {
        "en": ("payment date (`pay_by:`)", "escrow status (`funded:`)"),
        "ja": ("支払期日（`pay_by:`）", "仮払いの有無（`funded:`）"),
    }
    for text, words in zip(errors, (named[code][0], named[code][0], named[code][1]), strict=True):
        assert words in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_delivering_again_without_leaving_delivered_is_not_called_a_change_of_stage(code: str) -> None:
    """A revision sent straight from `delivered` (the tip after a change request says to run `/gig delivered`
    again) replied 「ステージを「納品済み」に変更しました」 and wrote
    「ステージ変更：納品済み → 納品済み」 into the evidence: a change that did not happen, in a record meant
    for support."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", '/gig add "Translation" client:Hara amount:30000 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 4)),
            say("u", "/gig timeline 1", at(12, 4, 11)),
            end(at(12, 5)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    again = next(t for t in replies if ("again" in t if code == "en" else "あらためて記録" in t))
    assert "変更しました" not in again, again
    timeline = replies[-1]
    for untrue in ("delivered -> delivered", "納品済み → 納品済み"):
        assert untrue not in timeline, timeline
    assert ("Stage: delivered again" if code == "en" else "再度「納品済み」として記録") in timeline, timeline


@pytest.mark.parametrize("code", LANGS)
async def test_a_demand_letter_claims_no_agreed_date_where_none_was_agreed(code: str) -> None:
    """A direct client with no payment date agreed (`pay_by:none`: the law makes the delivery day the payment
    day) paid part. The Japanese demand letter said the full fee was to be paid by that day 「お約束でした」
    (as promised): a promise the client never made, in a letter sent by registered mail."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Upkeep" client:Kato amount:30000 stage:funded', at(12, 1)),
            say("u", "/gig terms 1 pay_by:none", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1 amount:10000", at(12, 7)),
            end(at(1, 15, year=2027)),
        ]
    )
    demand = next(r["text"] for r in to(records, "u", "reminder") if r["step"] == "payment_demand")
    for untrue in ("お約束", "promised", "agreed"):
        assert untrue not in demand, demand
    for said in ("20,000", "10,000"):
        assert said in demand, demand


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_rating_help_does_not_speak_of_an_inquiry(code: str) -> None:
    """A direct client has no platform and no support to write to: the advice says to write to the client
    once, quoting the timeline's dates. The line beside the attached timeline still said to send it "with
    your inquiry" (「お問い合わせに添えて送ってください」): the user's whole record, sent to the client."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Zeta amount:80000 stage:delivered', at(12, 1)),
            say("u", "/gig paid 1", at(12, 3)),
            say("u", "/gig rating 1", at(12, 4)),
            end(at(12, 5)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    for untrue in ("inquiry", "問い合わせ"):
        assert untrue not in text, text
    assert ("quote only" if code == "en" else "必要な日付と事実だけを引用") in text, text


@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_released_escrow_is_said_to_reach_the_balance_in_natural_japanese(platform: str) -> None:
    """At acceptance the escrow becomes the worker's platform balance. The Japanese said the escrow "was paid
    to the balance" (「残高に支払われました」), which no Japanese freelancer writes: money is paid to a person
    and shows up in a balance (「残高に反映されました」)."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform=platform),
            say("u", '/gig add "LP" client:Sato amount:50000 stage:delivered', at(12, 1)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig paid 1", at(12, 3, 11)),
            end(at(12, 4)),
        ]
    )
    texts = [r["text"] for r in to(records, "u")]
    for text in texts:
        assert "残高に支払" not in text, text
    assert any("残高に反映" in text for text in texts), texts


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_lists_a_client_requests_deadline_that_falls_this_week(code: str) -> None:
    """The weekly plan promises every reminder and client-request deadline of the week (docs/calendar.md),
    as the calendar feed lists them. A Lancers client's contact-prompt request due on Monday at 10:03 was
    missing from Monday's plan: its reminder had gone out the Friday before, and the deadline itself, the
    one time the user must not miss, was not there."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers", weekly="on"),
            say("u", '/gig add "Banner" client:Otsu amount:20000 stage:funded', at(3, 1, year=2027)),
            say("u", "/gig incoming 1 contact_prompt", at(3, 1, 10, 3, year=2027)),
            end(at(3, 8, 9, 30, year=2027)),
        ]
    )
    plans = to(records, "u", "plan")
    assert plans, records
    plan = plans[-1]["text"]
    said = {
        "en": "Mon 8 Mar 2027 10:03: deadline to answer the client's",
        "ja": "2027年3月8日（月）10:03：#1",
    }
    assert said[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_a_request_recorded_close_to_its_deadline_promises_no_reminder_in_the_past(code: str) -> None:
    """A Coconala buyer's cancellation request (24 hours to answer) recorded at 10:08 the next morning: the
    reply said the reminder would come 「2027年6月1日（火）9:00に」, an hour before the reply itself, and the
    reminder then came at once."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Icon" client:Ken amount:8000 stage:funded', at(12, 1)),
            say("u", "/gig incoming 1 cancellation since:2026-12-07T12:00", at(12, 8, 10, 8)),
            end(at(12, 9)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    for untrue in ("Tue 8 Dec 2026 09:00", "2026年12月8日（火）9:00"):
        assert untrue not in reply, reply
    said = {
        "en": "Tue 8 Dec 2026 10:08, right away",
        "ja": "このあとすぐ（2026年12月8日（火）10:08）にお知らせします",
    }
    assert said[code] in reply, reply
    assert to(records, "u", "reminder")[0]["at"] == at(12, 8, 10, 8)


@pytest.mark.parametrize("code", LANGS)
async def test_hours_logged_before_an_upwork_hourly_contract_are_said_not_to_be_billed(code: str) -> None:
    """Hours logged on an Upwork offer still being discussed (a rate, no contract): the warning spoke of the
    hourly contract's payment protection as if the contract existed. The wording written for this case
    (no contract yet: hours before it are not billed) was listed after the general hourly one, which also
    holds before a contract, so it was never said."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "API" client:Acme rate:30', at(12, 1)),
            say("u", "/gig log 1 2", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    [warning] = to(records, "u", "warning")
    said = {"en": "has no contract yet", "ja": "まだ契約前です"}[code]
    assert said in warning["text"], warning
    for untrue in ("Hourly Payment Protection", "支払い保護"):
        assert untrue not in warning["text"], warning


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_hours_logged_before_a_contract_are_not_met_with_a_request_for_escrow(
    code: str, platform: str
) -> None:
    """Hours logged on an offer still under discussion: the warning said to ask the client to fund the
    escrow first (「先にクライアントへ仮払いをお願いし」), which cannot be done before there is a contract
    to fund."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "LP" client:Kato', at(12, 1)),
            say("u", "/gig log 1 2", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    [warning] = to(records, "u", "warning")
    for untrue in ("Ask the client to fund it first", "先にクライアントへ仮払いをお願いし"):
        assert untrue not in warning["text"], warning
    assert ("has no contract yet" if code == "en" else "まだ契約前です") in warning["text"], warning


@pytest.mark.parametrize("code", LANGS)
async def test_the_history_names_a_step_as_it_was_said_not_as_the_situation_now_would(code: str) -> None:
    """A direct client went silent before the work began, and the last reminder told the user to call the
    job off (「案件の見送り」). The client came back and the work started: the timeline then renamed that
    past reminder 「作業の停止と請求」 (pause the work and invoice it), advice that was never given, in the
    record the user shows to a consultation desk."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "LP" client:Sato amount:50000 stage:contracted', at(12, 1)),
            say("u", "/gig done 1 termination_request", at(12, 14, 11)),
            say("u", "/gig funded 1", at(12, 16)),
            say("u", "/gig timeline 1", at(12, 16, 11)),
            end(at(12, 17)),
        ]
    )
    [reminder] = [r for r in to(records, "u", "reminder") if r["step"] == "termination_request"]
    assert reminder["at"] < at(12, 16)
    timeline = to(records, "u", "reply")[-1]["text"]
    for untrue in ("pausing the work and invoicing", "作業の停止と請求"):
        assert untrue not in timeline, timeline
    said = {
        "en": ("Reminder: calling off the job", "Done: calling off the job"),
        "ja": ("リマインダー：案件の見送り", "対応済み：案件の見送り"),
    }
    for words in said[code]:
        assert words in timeline, timeline


async def test_a_purchased_coconala_order_is_not_called_unpaid_and_paid_in_one_line() -> None:
    """A formally delivered Coconala order awaiting approval: `list` and the weekly plan said 「未入金：
    20,000円、支払期日：購入時に支払い済み（…）」, a payment date that reads "already paid" beside the
    amount not received, and the plan nested it in a second pair of brackets."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform="coconala", weekly="on"),
            # Saturday: Monday's plan comes within Coconala's 72 hours, before its automatic approval.
            say("u", '/gig add "Banner" client:Bee amount:20000 stage:delivered', at(12, 5)),
            say("u", "/gig list", at(12, 5, 11)),
            end(at(12, 7, 9, 30)),
        ]
    )
    listing = to(records, "u", "reply")[-1]["text"]
    plan = to(records, "u", "plan")[-1]["text"]
    for text in (listing, plan):
        assert "支払期日：購入時に支払い済み" not in text, text
        assert "支払期日：購入時（支払い済みで、承諾までココナラが預かっています）" in text, text
    assert "（支払期日：" not in plan, plan
