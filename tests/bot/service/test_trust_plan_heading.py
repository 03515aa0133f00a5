"""Sentences read against the gig's actual situation, the weekly plan's heading: the heading over the
money rows must be true of every row below it. Each test is a story whose text used to be untrue for its
gigs, played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

UNPAID = {"en": "Owed to you:", "ja": "未入金の報酬："}
HELD = {"en": "Awaiting approval:", "ja": "承諾待ちの報酬："}
MIXED = {"en": "Not received yet:", "ja": "まだ受け取っていない報酬："}


def coconala(number: int) -> list[dict[str, Any]]:
    """A Coconala order purchased and formally delivered: the buyer paid at the purchase, and Coconala
    holds the fee until the approval."""
    add = f'/gig add "Logo{number}" client:Mori platform:coconala stage:funded amount:30000'
    return [
        say("u", add, at(11, 3)),
        say("u", f"/gig delivered {number}", at(11, 6, 10)),
    ]


def direct(number: int) -> list[dict[str, Any]]:
    """Direct work delivered with a payment date still to come: the client has not paid."""
    add = f'/gig add "LP{number}" client:ACME platform:direct stage:contracted amount:50000'
    return [
        say("u", add, at(11, 2)),
        say("u", f"/gig terms {number} pay_by:2026-11-30", at(11, 2, 10, 1)),
        say("u", f"/gig delivered {number}", at(11, 5)),
    ]


async def plan_of(code: str, *gigs: list[dict[str, Any]]) -> str:
    records = await simulate_records(
        [
            setting("u", at(11, 1, 9), lang=code, weekly="on"),
            *sorted((line for gig in gigs for line in gig), key=lambda line: line["at"]),
            end(at(11, 9, 12)),
        ]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(11, 9, 9)]
    return plan


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_order_awaiting_approval_is_not_headed_as_unpaid(code: str) -> None:
    """The plan headed a purchased, delivered Coconala order 「未入金の報酬」 ('unpaid'): the buyer paid at
    the purchase, and the row below says it awaits the approval."""
    plan = await plan_of(code, coconala(1))
    assert {"en": "awaiting approval", "ja": "承諾待ちの30,000円"}[code] in plan, plan
    assert UNPAID[code] not in plan, plan
    assert HELD[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_rows_of_both_kinds_get_a_heading_true_of_both(code: str) -> None:
    """Unpaid direct work beside a Coconala order awaiting approval: one heading over both, true of both."""
    plan = await plan_of(code, direct(1), coconala(2))
    assert UNPAID[code] not in plan, plan
    assert HELD[code] not in plan, plan
    assert MIXED[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_unpaid_work_alone_keeps_its_heading(code: str) -> None:
    plan = await plan_of(code, direct(1))
    assert UNPAID[code] in plan, plan
