"""Sentences read against the gig's actual situation, the second money round: what the weekly plan, `list`
and the warning on ending a contract say about money the platform holds, and that a payment on a delivered
Coconala order is still recorded (the refusal before delivery is in test_trust_coconala3.py). Each test is
a story whose text used to be untrue for its gig, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_the_plan_says_a_funded_escrow_past_its_day_waits_for_acceptance(code: str, part: bool) -> None:
    """CrowdWorks, escrow funded, delivered on 2 November with a payment date of 5 November. The weekly
    plan listed it as overdue because 'ACME has not paid in full' (「入金がまだ完了していません」): the
    money is in escrow, and what is missing is the client's acceptance (検収), on which the platform
    releases it (also after a first part was released)."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="crowdworks", weekly="on"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(11, 2, 10, 1)),
            say("u", "/gig terms 1 pay_by:2026-11-05", at(11, 2, 10, 2)),
            say("u", "/gig delivered 1", at(11, 2, 10, 3)),
            *([say("u", "/gig paid 1 amount:20000", at(11, 4))] if part else []),
            end(at(11, 10)),
        ]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan")]
    overdue = plan.split({"en": "Overdue:", "ja": "期限を過ぎているもの："}[code], 1)[1]
    assert {"en": "has not paid in full", "ja": "入金がまだ完了していません"}[code] not in overdue, plan
    assert {"en": "has not accepted", "ja": "検収がまだ完了していません"}[code] in overdue, plan
    released = {
        ("en", False): "CrowdWorks releases the escrow",
        ("en", True): "CrowdWorks releases what is still in escrow",
        ("ja", False): "クラウドワークスから仮払い金が支払われます",
        ("ja", True): "クラウドワークスから仮払いの残りが支払われます",
    }[(code, part)]
    assert released in overdue, plan


@pytest.mark.parametrize("code", LANGS)
async def test_the_plan_still_says_an_unfunded_gig_past_its_day_is_unpaid(code: str) -> None:
    """The other side of the fix above: without a funded escrow, the missing thing is the payment."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct", weekly="on"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:50000', at(11, 2, 10, 1)),
            say("u", "/gig terms 1 pay_by:2026-11-05", at(11, 2, 10, 2)),
            say("u", "/gig delivered 1", at(11, 2, 10, 3)),
            end(at(11, 10)),
        ]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan")]
    assert {"en": "ACME has not paid in full", "ja": "ACME様からの入金がまだ完了していません"}[
        code
    ] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_purchase_is_not_listed_as_unpaid(code: str) -> None:
    """Coconala, purchased and delivered. `list` said 「未入金：50,000円、支払期日：購入時（支払い済みで…）」,
    not received beside paid for the same order: the buyer paid at the purchase and Coconala holds it
    until the approval. The weekly plan's row said the same."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="coconala", weekly="on"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(11, 2, 10, 1)),
            # Saturday: Monday's plan comes within Coconala's 72 hours, before its automatic approval.
            say("u", "/gig delivered 1", at(11, 7, 10, 3)),
            say("u", "/gig list", at(11, 7, 11)),
            end(at(11, 9, 12)),
        ]
    )
    [listing] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(11, 7, 11)]
    [plan] = [r["text"] for r in to(records, "u", "plan")]
    unpaid = {"en": "Owed: ¥50,000", "ja": "未入金：50,000円"}[code]
    assert unpaid not in listing, listing
    held = {
        "en": "Awaiting approval: ¥50,000, payment date: paid at the purchase (Coconala holds it",
        "ja": "承諾待ち：50,000円、支払期日：購入時（支払い済みで、承諾までココナラが預かっています）",
    }[code]
    assert held in listing, listing
    row = {
        "en": "¥50,000 awaiting approval, payment date: paid at the purchase",
        "ja": "承諾待ちの50,000円、支払期日：購入時（支払い済みで",
    }[code]
    assert row in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_ending_delivered_work_after_a_part_release_refunds_only_what_is_held(code: str) -> None:
    """CrowdWorks, ¥50,000 funded, delivered, ¥20,000 of it released. `/gig terminate` warned that the
    request 'gives the escrow back to the client': the ¥20,000 released is the worker's, and only what is
    still held goes back."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(11, 2, 10, 1)),
            say("u", "/gig delivered 1", at(11, 3)),
            say("u", "/gig paid 1 amount:20000", at(11, 5)),
            say("u", "/gig terminate 1", at(11, 6)),
            end(at(11, 6, 11)),
        ]
    )
    [warning] = [r["text"] for r in to(records, "u", "warning") if r["step"] == "termination_after_delivery"]
    whole = {
        "en": "gives the escrow back to the client",
        "ja": "仮払い金はクライアントに返金され",
    }[code]
    assert whole not in warning, warning
    kept = {
        "en": "The ¥20,000 you have received stays yours",
        "ja": "受け取り済みの20,000円はご自身の報酬のまま",
    }
    assert kept[code] in warning, warning
    held = {
        "en": "what is still held in escrow back to ACME",
        "ja": "仮払いのうちまだ預けられている分はACME様に返金",
    }
    assert held[code] in warning, warning


@pytest.mark.parametrize("code", LANGS)
async def test_a_delivered_coconala_order_can_still_be_recorded_as_approved_by_paid(code: str) -> None:
    """After the delivery, `/gig paid` stays what it was: the approval that released the fee."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(11, 2, 10, 1)),
            say("u", "/gig delivered 1", at(11, 3)),
            say("u", "/gig paid 1", at(11, 4)),
            end(at(11, 4, 12)),
        ]
    )
    assert not to(records, "u", "error")
