"""Sentences read against the gig's actual situation, the sixth audit round: the evidence pack after a fee
raised on a released escrow, the weekly plan after the platform's own clock settled an order, and hourly
contracts. Each test is a story whose text used to be untrue for its gig, played through the simulator in
both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def replies_at(code: str, lines: list[dict[str, Any]], until: str, **settings: str) -> dict[str, str]:
    """The replies and warnings sent at each instant, after settings made at at(11, 1, 9)."""
    return await stories.replies_at(code, lines, until, at(11, 1, 9), **settings)


@pytest.mark.parametrize("code", LANGS)
async def test_the_pack_names_the_escrow_released_not_a_fee_raised_after_it(code: str) -> None:
    """After `/gig edit 1 amount:70000` on a CrowdWorks gig whose escrow of 50,000 was released at the
    acceptance, the evidence pack's line 'Released to your CrowdWorks balance at acceptance' named
    ¥70,000: 50,000 was released; the 20,000 more was never in the escrow."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 5)),
            say("u", "/gig accepted 1", at(11, 6)),
            say("u", "/gig edit 1 amount:70000", at(11, 9)),
            say("u", "/gig timeline 1 pack", at(11, 9, 11)),
        ],
        at(11, 9, 12),
    )
    pack = replies[at(11, 9, 11)]
    released = {"en": "CrowdWorks balance at acceptance: ", "ja": "残高へ支払われた額："}[code]
    lines = [row for row in pack.splitlines() if released in row]
    assert len(lines) == 2, pack  # the pack's text and its printable page
    for line in lines:
        assert {"en": "¥50,000", "ja": "50,000円"}[code] in line, line
        assert "70,000" not in line, line
    owed = {"en": "Still owed: ¥20,000", "ja": "未払い：20,000円"}[code]
    assert owed in pack, pack


@pytest.mark.parametrize("code", LANGS)
async def test_the_pack_names_the_whole_escrow_released_after_a_part_payment(code: str) -> None:
    """A part of the escrow paid out before the acceptance, then the rest released at it: the pack names
    the part received before and the rest released at the acceptance (the whole escrow between them, as
    `show` and the timeline say), never the whole fee as released at the acceptance on top of the part,
    and claims nothing owed."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 5)),
            say("u", "/gig paid 1 amount:20000", at(11, 5, 11)),
            say("u", "/gig accepted 1", at(11, 6)),
            say("u", "/gig timeline 1 pack", at(11, 9, 11)),
        ],
        at(11, 9, 12),
    )
    pack = replies[at(11, 9, 11)]
    received = {"en": "Paid so far: ¥20,000", "ja": "受領済み：20,000円"}[code]
    released = {"en": "at acceptance: ¥30,000", "ja": "残高へ支払われた額：30,000円"}[code]
    assert received in pack, pack
    assert released in pack, pack
    assert {"en": "Still owed", "ja": "未払い："}[code] not in pack, pack


async def plan_of(code: str, lines: list[dict[str, Any]]) -> str:
    """The weekly plan of Monday 9 November 2026 after these lines."""
    records = await simulate_records(
        [setting("u", at(8, 20, 9), lang=code, weekly="on"), *lines, end(at(11, 9, 12))]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(11, 9, 9)]
    return plan


@pytest.mark.parametrize("code", LANGS)
async def test_the_plan_does_not_await_an_approval_coconala_already_made(code: str) -> None:
    """A Coconala order formally delivered on 2 November was approved automatically 72 hours later, as
    `/gig money` and `list` say; the plan of 9 November still listed it as awaiting the approval."""
    plan = await plan_of(
        code,
        [
            say("u", '/gig add "Logo" client:Mori platform:coconala stage:funded amount:30000', at(10, 28)),
            say("u", "/gig delivered 1", at(11, 2)),
        ],
    )
    assert {"en": "awaiting approval", "ja": "承諾待ち"}[code] not in plan, plan
    settled = {"en": "approved automatically by Coconala on Thu 5 Nov", "ja": "ココナラが自動で承諾済み"}
    assert settled[code] in plan, plan
    assert "`/gig accepted 1`" in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_the_plan_does_not_call_a_milestone_upwork_released_unapproved(code: str) -> None:
    """A funded Upwork milestone submitted on 1 September was released automatically 14 days later; the
    plan of 9 November said the client had not approved the work yet, past the Act's day."""
    plan = await plan_of(
        code,
        [
            say("u", '/gig add "App" client:Acme platform:upwork stage:funded amount:500', at(8, 25)),
            say("u", "/gig delivered 1", at(9, 1)),
        ],
    )
    assert {"en": "not approved", "ja": "まだ承認していません"}[code] not in plan, plan
    assert {"en": "Overdue", "ja": "期限を過ぎているもの"}[code] not in plan, plan
    settled = {"en": "released automatically by Upwork on Tue 15 Sep", "ja": "Upworkが自動で支払いを確定済み"}
    assert settled[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_the_pack_of_an_upwork_hourly_contract_names_no_escrow_funded(code: str) -> None:
    """An Upwork hourly contract has nothing to fund: Upwork bills the client every week for the hours in
    the Work Diary (`show` says so). The evidence pack's key dates still said 'Escrow funded: Wed 4 Nov'
    once the work was under way (`/gig funded 1`)."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "API" client:Acme platform:upwork stage:contracted rate:40', at(11, 2)),
            say("u", "/gig funded 1", at(11, 4)),
            say("u", "/gig log 1 15", at(11, 5)),
            say("u", "/gig delivered 1", at(11, 13)),
            say("u", "/gig timeline 1 pack", at(11, 16, 11)),
        ],
        at(11, 16, 12),
    )
    pack = replies[at(11, 16, 11)]
    assert {"en": "Escrow funded", "ja": "仮払い："}[code] not in pack, pack
    assert {"en": "Contract: Mon 2 Nov 2026", "ja": "契約：2026年11月2日（月）"}[code] in pack, pack


@pytest.mark.parametrize("code", LANGS)
async def test_a_scope_change_on_direct_hourly_work_is_billed_by_the_hour(code: str) -> None:
    """`/gig change` on hourly work for a direct client said to agree a fee for the change in writing, as
    for a fixed fee: on an hourly contract the extra work is billed by the hour like the rest, so what is
    agreed is what the change covers, and its hours are logged and invoiced."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "Web" client:Beta platform:direct stage:funded rate:4000', at(11, 2)),
            say("u", "/gig log 1 10", at(11, 3)),
            say("u", '/gig change 1 "extra page"', at(11, 4)),
        ],
        at(11, 4, 12),
    )
    text = replies[at(11, 4)]
    assert {"en": "Agree any fee for the change", "ja": "変更に伴う金額の取り決め"}[code] not in text, text
    assert {"en": "billed by the hour", "ja": "時間で請求"}[code] in text, text
    assert "`/gig log 1" in text, text
    assert {"en": "Work Diary", "ja": "ワークダイアリー"}[code] not in text, text
