"""Hourly contracts (a rate and no fee), through the simulator in both languages: an Upwork hourly
contract is billed every week for the hours in the Work Diary, so nothing asks for escrow funding, a
submission or a release, and the Freelance Act's 60 days give way to the weekly billing; a direct client
is invoiced for the hours of each agreed period."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.test_advice_fits_facts import T0, in_both_languages, replies_at, run, say

# Words of the fixed-price world that no text about an Upwork hourly contract may use.
FIXED = {
    "en": ("escrow", "milestone", "fund the", "submit the work", "released automatically"),
    "ja": ("仮払い", "マイルストーン", "自動的に支払われ", "成果物として提出"),
}
USERS = (("ann", "en"), ("aki", "ja"))


def day(d: int, month: int = 11, hour: int = 10) -> str:
    return f"2026-{month:02d}-{d:02d}T{hour:02d}:00:00+09:00"


def to(records: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user]


def no_fixed_price_words(records: list[dict[str, Any]], user: str, lang: str) -> None:
    for r in to(records, user):
        text = r["text"] + (r.get("draft") or "")
        for word in FIXED[lang]:
            assert word.lower() not in text.lower(), (word, r["step"], text)


@pytest.mark.parametrize("stage", ["contracted", "funded"])
async def test_an_upwork_hourly_contract_is_never_asked_to_fund_and_ends_without_loss(stage: str) -> None:
    """The ladder of a silent hourly client asks for the next tasks, then gives a deadline and ends the
    contract (the hours logged are billed as usual): no funding nudge, no submission of the work."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, f'/gig add "Dev" client:Acme platform:upwork stage:{stage} rate:40'),
            say(user, "/gig sent 1 asked what to do next", day(2, hour=11)),
            say(user, "/gig log 1 3", day(3)),
            say(user, "/gig done 1 deadline_notice", day(10)),
        ],
    )
    records = await run(script, day(30))
    for user, lang in USERS:
        steps = [r["step"] for r in to(records, user) if r["kind"] == "reminder"]
        assert steps == ["nudge", "termination_request"], steps
        no_fixed_price_words(records, user, lang)
        diary = "Work Diary" if lang == "en" else "ワークダイアリー"
        assert diary in replies_at(records, user, T0) + replies_at(records, user, day(3))
        assert not [r for r in to(records, user) if r["step"] == "unfunded_work" and "Careful" in r["text"]]


async def test_upwork_hourly_work_handed_over_waits_for_the_weekly_billing_not_the_act() -> None:
    """After the work is handed over there is nothing to accept and nothing released: no acceptance
    nudge, no Freelance Act payment reminders; one check once the last week's hours should be paid.
    `show`, `list` and `money` name the weekly billing instead of a legal last payment day."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Dev" client:Acme platform:upwork stage:funded rate:40'),
            say(user, "/gig delivered 1", day(4)),
            say(user, "/gig show 1", day(5)),
            say(user, "/gig list", day(5, hour=11)),
            say(user, "/gig money", day(5, hour=12)),
            say(user, "/gig timeline 1 json", day(5, hour=13)),
        ],
    )
    records = await run(script, day(31, month=12))
    for user, lang in USERS:
        reminders = [r for r in to(records, user) if r["kind"] == "reminder"]
        assert [r["step"] for r in reminders] == ["billing_check"], [r["step"] for r in reminders]
        assert reminders[0]["at"].startswith("2026-11-21") or reminders[0]["at"].startswith("2026-11-24")
        no_fixed_price_words(records, user, lang)
        weekly = "every week" if lang == "en" else "毎週"
        legal = "legal last payment day" if lang == "en" else "法律上の支払期日"
        for when in (day(5), day(5, hour=11), day(5, hour=12)):
            text = replies_at(records, user, when)
            assert weekly in text, text
            assert legal not in text, text
        # No fee is missing from an hourly contract: `money` names the rate and asks for no amount.
        money = replies_at(records, user, day(5, hour=12))
        assert ("by the hour, at $40" if lang == "en" else "1時間40ドル") in money, money
        assert "fee:" not in money, money
        # Handing hourly work over is not work before an escrow: no warning says so.
        assert not [r for r in to(records, user) if r["step"] == "unfunded_work"]


async def test_a_fee_makes_an_upwork_gig_fixed_price_again() -> None:
    """A rate with a fee is a fixed-price milestone: its ladder still asks for funding."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Logo" client:Acme platform:upwork stage:contracted rate:40 amount:300')
        ],
    )
    records = await run(script, day(4))
    for user, lang in USERS:
        [nudge] = [r for r in to(records, user) if r["kind"] == "reminder"]
        asks = "fund the milestone" if lang == "en" else "マイルストーンへの入金"
        assert asks in nudge["text"], nudge["text"]


async def test_a_direct_hourly_gig_is_told_to_invoice_each_agreed_period() -> None:
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Support" client:Acme platform:direct stage:contracted rate:5000'),
            say(user, "/gig funded 1", day(3)),
        ],
    )
    records = await run(script, day(4))
    for user, lang in USERS:
        added, started = replies_at(records, user, T0), replies_at(records, user, day(3))
        assert ("billing period" if lang == "en" else "請求の単位") in added, added
        assert ("each agreed period" if lang == "en" else "取り決めた期間が終わるごとに") in started, started


async def test_money_list_and_show_name_the_hours_owed_or_say_none_are_logged() -> None:
    """`money` (and its total), `list` and `show` name hours x rate minus the payments, and an hourly gig
    with no hours logged says so instead of a fee."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Support" client:Acme platform:direct stage:contracted rate:40 currency:USD'),
            say(user, '/gig add "Ops" client:Beta platform:direct stage:contracted rate:50 currency:USD'),
            say(user, "/gig log 1 5", day(3)),
            say(user, "/gig delivered 1", day(4)),
            say(user, "/gig delivered 2", day(4)),
            say(user, "/gig paid 1 amount:80", day(5)),
            say(user, "/gig money", day(6)),
            say(user, "/gig list", day(6, hour=11)),
            say(user, "/gig show 1", day(6, hour=12)),
        ],
    )
    records = await run(script, day(7))
    for user, lang in USERS:
        owed, rest = replies_at(records, user, day(6)), "$120" if lang == "en" else "120ドル"
        assert rest in owed, owed
        if lang == "en":
            assert "Total owed: $120" in owed, owed
            assert "hours not logged yet" in owed, owed
        else:
            assert "未入金の合計：120ドル" in owed, owed
            assert "作業時間が未記録" in owed, owed
        assert rest in replies_at(records, user, day(6, hour=11))
        shown = replies_at(records, user, day(6, hour=12))
        assert rest in shown, shown
        assert (
            "5 h at $40, $200 in all" if lang == "en" else "5時間（1時間40ドル）、合計200ドル"
        ) in shown, shown


def _direct_hourly_delivered_and_paid(amount: int) -> list[dict[str, Any]]:
    """A direct hourly contract at $40: 5 h logged on day 3, delivered on day 4, `amount` paid on day 6."""
    return in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Support" client:Acme platform:direct stage:contracted rate:40 currency:USD'),
            say(user, "/gig log 1 5", day(3)),
            say(user, "/gig delivered 1", day(4)),
            say(user, f"/gig paid 1 amount:{amount}", day(6)),
        ],
    )


async def test_a_direct_hourly_gig_paid_for_its_logged_hours_is_owed_nothing() -> None:
    """Hours x rate minus what was received is what an hourly contract is owed: $200 of hours logged and
    $200 received leaves nothing owed, so no follow-up or demand asks for "the rest of the fee"."""
    script = _direct_hourly_delivered_and_paid(200)
    records = await run(script, "2027-01-31T10:00:00+09:00")  # past the legal day (2 Jan) and a demand
    for user, lang in USERS:
        steps = [r["step"] for r in to(records, user) if r["kind"] == "reminder"]
        assert not {"payment_deadline", "payment_followup", "payment_demand"} & set(steps), steps
        paid = replies_at(records, user, day(6))
        assert ("is paid in full and closed" if lang == "en" else "全額入金を記録し") in paid, paid


async def test_hours_paid_for_while_the_work_goes_on_owe_nothing_and_the_export_states_the_balance() -> None:
    """A payment that covers the hours logged so far leaves nothing owed for now but keeps the contract
    open for the hours to come; the exported facts state the balance of the hours logged."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Support" client:Acme platform:direct stage:funded rate:40 currency:USD'),
            say(user, "/gig log 1 5", day(3)),
            say(user, "/gig paid 1 amount:200", day(4)),
            say(user, "/gig log 1 3", day(5)),
            say(user, "/gig timeline 1 json", day(6)),
        ],
    )
    records = await run(script, day(7))
    for user, lang in USERS:
        paid = replies_at(records, user, day(4))
        assert ("nothing is owed for now" if lang == "en" else "現時点で未払いはありません") in paid, paid
        exported = replies_at(records, user, day(6))
        assert '"owed": 120.0' in exported, exported


async def test_the_follow_ups_of_a_part_paid_hourly_gig_name_the_balance_of_its_hours() -> None:
    """After a part payment the follow-up and the demand ask for the balance of the hours logged at the
    rate ($200 - $80), not for "the rest of the fee" of a contract that has none."""
    script = _direct_hourly_delivered_and_paid(80)
    records = await run(script, "2027-01-31T10:00:00+09:00")
    for user, lang in USERS:
        steps = {r["step"]: r for r in to(records, user) if r["kind"] == "reminder"}
        rest = "the remaining $120" if lang == "en" else "残額120ドル"
        for step in ("payment_followup", "payment_demand"):
            text = steps[step]["text"]
            assert rest in text, text
            assert ("the rest of the fee" if lang == "en" else "残りの報酬") not in text, text
        worth = "$200 for the 5 h logged" if lang == "en" else "作業時間5時間分の200ドル"
        assert worth in steps["payment_followup"]["text"], steps["payment_followup"]["text"]
