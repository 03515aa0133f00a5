"""Sentences read against the gig's actual situation, fifth round: the features that landed together
(Upwork's hourly contracts, a direct client's follow-ups after the payment day, hours logged before the
escrow) played as a freelancer in both languages. Each test is a story whose text used to be untrue for its
gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_follow_ups_after_a_part_payment_name_it_and_ask_for_the_rest(code: str) -> None:
    """A direct client paid ¥30,000 of ¥100,000 after the payment day. The follow-up said the payment was
    "still not recorded" and the formal demand "no payment is recorded": the user's own record says
    otherwise, and a demand letter built on it would overstate the debt."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Logo" client:Sato amount:100000 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig terms 1 pay_by:12/10", at(12, 2, 11)),
            say("u", "/gig paid 1 amount:30000", at(12, 14)),
            end(at(1, 15, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_followup", "payment_demand"):
        text = reminders[step]
        for untrue in ("not recorded", "記録されていません", "full amount outstanding", "報酬全額"):
            assert untrue not in text, (step, text)
        for said in ("30,000", "70,000"):
            assert said in text, (step, text)


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_paid_in_full_after_a_part_shows_the_whole_fee_received(code: str) -> None:
    """`/gig paid ID` after a part payment records the rest as arrived. `show` and the timeline (the evidence
    a user sends on) still said only the part had been paid and, beside it, that nothing was owed."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Logo" client:Sato amount:100000 stage:delivered', at(12, 1)),
            say("u", "/gig paid 1 amount:30000", at(12, 7)),
            say("u", "/gig paid 1", at(12, 8)),
            say("u", "/gig show 1", at(12, 8, 11)),
            say("u", "/gig timeline 1", at(12, 8, 12)),
            end(at(12, 9)),
        ]
    )
    show, timeline = (r["text"] for r in to(records, "u", "reply")[-2:])
    paid = {"en": "Paid so far: ¥100,000", "ja": "入金済み：100,000円"}[code]
    for text in (show, timeline):
        assert paid in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_funding_after_hours_logged_does_not_say_to_start_the_work(code: str, platform: str) -> None:
    """Hours were logged before the escrow (the warning asked for the funding, then `funded`). The reply to
    the funding said "you can start the work safely": the work had started, and what the user needs to
    hear is that it is now held for."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Kato amount:30000 stage:contracted', at(12, 1)),
            say("u", "/gig log 1 3", at(12, 2)),
            say("u", "/gig funded 1", at(12, 3)),
            end(at(12, 3, 11)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    for untrue in ("start the work", "作業を始められます"):
        assert untrue not in tip, tip
    assert ("before" in tip) if code == "en" else ("先に進めていた" in tip), tip


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig edit 1 amount:500", "/gig terms 1 fee:500"])
async def test_an_hourly_contract_given_a_fee_follows_the_fixed_price_ladder(code: str, command: str) -> None:
    """An Upwork hourly contract under way (no escrow, since hours are billed) was given a fee with `/gig
    edit`: it is a fixed-price contract at work now. `show` then said "escrow funded" beside "escrow: not
    funded", and the hourly ladder ran on: the deadline notice told the user that ending the contract lost
    nothing and not to start the work (which was under way), and the last step was to end a contract
    whose escrow is forfeited by ending it."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1)),
            say("u", "/gig sent 1 question", at(12, 1, 11)),
            say("u", command, at(12, 3)),
            say("u", "/gig show 1", at(12, 3, 11)),
            end(at(12, 20)),
        ]
    )
    replies = to(records, "u", "reply")
    show = replies[-1]["text"]
    assert ("Escrow: not funded" not in show) if code == "en" else ("仮払い：未完了" not in show), show
    edited = " ".join(r["text"] for r in replies if at(12, 3) <= r["at"] < at(12, 3, 11))
    assert ("fixed-price" in edited) if code == "en" else ("固定報酬" in edited), edited
    steps = [r["step"] for r in to(records, "u", "reminder") if r["at"] > at(12, 3)]
    assert steps == ["deadline_notice", "submit_work"], steps


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("via", ["crowdworks", "upwork", "lancers"])
async def test_a_follow_up_sent_is_not_sent_again_after_a_platform_round_trip(code: str, via: str) -> None:
    """A direct client's payment follow-up named a last date to pay. The gig was put on a marketplace by
    mistake and back to direct: the follow-up came a second time, with another last date, and the demand
    after it named the wrong one. A step taken stays taken across platforms that lack it."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Logo" client:Sato amount:100000 stage:delivered pay_by:12/5', at(12, 1)),
            say("u", f"/gig edit 1 platform:{via}", at(12, 18)),
            say("u", "/gig edit 1 platform:direct", at(12, 18, 11)),
            end(at(12, 31)),
        ]
    )
    steps = [r["step"] for r in to(records, "u", "reminder")]
    assert steps.count("payment_followup") == 1, steps
    assert "payment_demand" in steps, steps


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("add", "paid", "owed", "untrue"),
    [
        # an hourly contract has no fee: what is owed is the hours logged at the rate, 4 h x ¥5,000
        ("rate:5000", "", "20,000", ("full fee", "全額")),
        # part of the fee came in: the rest is owed, not the full fee
        ("amount:100000", "/gig paid 1 amount:30000", "70,000", ("full fee", "全額")),
    ],
)
async def test_settling_a_delivered_direct_gig_names_what_is_owed(
    code: str, add: str, paid: str, owed: str, untrue: tuple[str, ...]
) -> None:
    """`/gig settle` on a direct gig already delivered said "the full fee is owed": an hourly contract has
    no fee (its hours at the rate are owed), and after a part payment only the rest is."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", f'/gig add "Site fixes" client:Mori {add} stage:funded', at(12, 1)),
            say("u", "/gig log 1 4", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            *([say("u", paid, at(12, 4))] if paid else []),
            say("u", "/gig settle 1", at(12, 4, 11)),
            end(at(12, 4, 12)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert owed in text, text
    for word in untrue:
        assert word not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("stage", ["contracted", "funded"])
async def test_a_scope_change_on_an_upwork_hourly_contract_asks_for_no_milestone(
    code: str, stage: str
) -> None:
    """An hourly contract has no milestones: the extra work is billed by the hour like the rest. The reply to
    a scope change told the user to have a milestone added and funded for it before starting."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", f'/gig add "API work" client:Acme rate:40 stage:{stage}', at(12, 1)),
            say("u", "/gig change 1 add a new endpoint", at(12, 2)),
            end(at(12, 2, 11)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert ("milestone" not in text) if code == "en" else ("マイルストーン" not in text), text
    assert ("Work Diary" in text) if code == "en" else ("ワークダイアリー" in text), text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "asks_date"), [("upwork", False), ("direct", True)])
async def test_the_terms_of_an_hourly_contract_count_its_rate_as_the_fee(
    code: str, platform: str, asks_date: bool
) -> None:
    """`/gig terms` on an hourly contract said "Fee: not recorded" beside the rate, and its draft asked the
    client to state the fee; on Upwork it also asked for a payment date, which Upwork's weekly billing
    sets."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1)),
            say("u", "/gig terms 1", at(12, 1, 11)),
            end(at(12, 1, 12)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    rate = {"upwork": "$40", "direct": "¥40"}[platform]
    number = rate.lstrip("¥$")
    fee = {"en": f"- Fee: by the hour, at {rate}", "ja": f"・報酬額：時間単価（1時間{number}"}[code]
    assert fee in text, text
    # the draft is in the gig's language: English on Upwork
    draft = "ja" if code == "ja" and platform == "direct" else "en"
    asks = {"en": ("- the fee\n", "- the payment date\n"), "ja": ("・報酬額\n", "・お支払い期日\n")}[draft]
    assert asks[0] not in text, text
    assert (asks[1] in text) is asks_date, text


@pytest.mark.parametrize("code", LANGS)
async def test_vetting_an_upwork_client_speaks_of_hourly_contracts_too(code: str) -> None:
    """`/gig vet` on the client of an Upwork hourly contract ended with "never start before the escrow is
    funded": an hourly contract has no escrow; what protects its hours is the Upwork desktop app."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "API work" client:Acme rate:40 stage:contracted', at(12, 1)),
            say("u", "/gig vet Acme", at(12, 1, 11)),
            end(at(12, 1, 12)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert ("desktop app" in text) if code == "en" else ("デスクトップアプリ" in text), text


@pytest.mark.parametrize("code", LANGS)
async def test_a_refund_request_on_an_hourly_contract_is_not_said_to_wait_for_a_stage_it_has(
    code: str,
) -> None:
    """`/gig incoming 1 refund` on an Upwork hourly contract at work was refused with "only once the gig is
    'hourly, work in progress', and gig #1 is not yet. Record that with `/gig funded 1`": it is at that
    stage, and an hourly contract has no escrow to ask back; a client who questions hours disputes them."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1)),
            say("u", "/gig incoming 1 refund", at(12, 1, 11)),
            end(at(12, 1, 12)),
        ]
    )
    text = to(records, "u", "error")[-1]["text"]
    assert "/gig funded" not in text, text
    assert ("dispute" in text) if code == "en" else ("異議" in text), text


async def test_the_japanese_hourly_payment_check_names_the_dispute_as_japanese_users_type_it() -> None:
    """The hourly payment check points to `/gig incoming 1 dispute` in Japanese, where every other Japanese
    text and help write the request as Japanese users type it (`異議`)."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform="upwork"),
            say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 4)),
            end(at(12, 31)),
        ]
    )
    [check] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "billing_check"]
    assert "`/gig incoming 1 異議`" in check, check
