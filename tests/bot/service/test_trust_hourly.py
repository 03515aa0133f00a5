"""Sentences read against an hourly gig's actual situation, and the money view of orders the platform's own
clock settled. Each test is a story whose text used to be untrue for its gig, played through the simulator
in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def replies_at(code: str, lines: list[dict[str, Any]], until: str, **settings: str) -> dict[str, str]:
    """The replies and warnings sent at each instant, after settings made at at(10, 1, 9)."""
    return await stories.replies_at(code, lines, until, at(10, 1, 9), **settings)


@pytest.mark.parametrize("code", LANGS)
async def test_hours_logged_on_direct_hourly_work_without_terms_ask_for_the_rate_not_a_fee(code: str) -> None:
    """`/gig log` on a direct hourly gig still under discussion warned to get 'the fee' in writing, as for a
    fixed fee: what an hourly client must agree is the rate and how the hours are billed."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "Web" client:Beta platform:direct rate:4000', at(11, 2)),
            say("u", "/gig log 1 3", at(11, 3)),
        ],
        at(11, 3, 12),
    )
    warning = replies[at(11, 3)]
    assert {"en": "Careful: #1", "ja": "注意：#1"}[code] in warning, warning
    assert {"en": "the work, the fee", "ja": "作業内容・報酬額"}[code] not in warning, warning
    assert {"en": "hourly rate", "ja": "時給"}[code] in warning, warning
    assert {"en": "billing period", "ja": "請求の単位"}[code] in warning, warning


def pack_lines(pack: str, start: str) -> list[str]:
    """The rows of the pack's text (not its printable page) that begin with `start`."""
    text = pack.split("<!doctype html>")[0]
    return [row for row in text.splitlines() if row.startswith(f"- {start}")]


@pytest.mark.parametrize("code", LANGS)
async def test_the_pack_of_direct_hourly_work_shows_the_hours_not_an_empty_fee(code: str) -> None:
    """The evidence pack of a direct hourly gig listed 'Fee: -' among its amounts: it has no fee, it is
    billed by the hour. The amounts show the rate and the hours logged at it instead. A direct client
    can still confirm receipt (its ladder asks for it), so the acceptance line stays."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "Web" client:Beta platform:direct stage:funded rate:4000', at(11, 2)),
            say("u", "/gig log 1 3", at(11, 3)),
            say("u", "/gig delivered 1", at(11, 4)),
            say("u", "/gig timeline 1 pack", at(11, 5)),
        ],
        at(11, 5, 12),
    )
    pack = replies[at(11, 5)]
    none = {"en": "-", "ja": "－"}[code]
    fee = {"en": "Fee: ", "ja": "報酬額："}[code]
    assert all(not row.endswith(none) for row in pack_lines(pack, fee)), pack
    assert pack_lines(pack, {"en": "Hourly rate: ¥4,000", "ja": "時給：4,000円"}[code]), pack
    hours = {"en": "Hours logged: 3 h at ¥4,000: ¥12,000", "ja": "記録した作業時間：3時間×4,000円＝12,000円"}
    assert pack_lines(pack, hours[code]), pack
    assert pack_lines(pack, {"en": "Accepted: ", "ja": "検収："}[code]), pack


@pytest.mark.parametrize("code", LANGS)
async def test_the_pack_of_an_upwork_hourly_contract_shows_the_hours_and_no_acceptance(code: str) -> None:
    """An Upwork hourly contract has no fee and nothing to accept: Upwork bills the hours every week. The
    pack listed 'Fee: -' and 'Accepted: -'; it shows the rate and the hours logged, and no acceptance."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "API" client:Acme platform:upwork stage:contracted rate:40', at(11, 2)),
            say("u", "/gig funded 1", at(11, 3)),
            say("u", "/gig log 1 3", at(11, 3, 11)),
            say("u", "/gig delivered 1", at(11, 4)),
            say("u", "/gig timeline 1 pack", at(11, 5)),
        ],
        at(11, 5, 12),
    )
    pack = replies[at(11, 5)]
    none = {"en": "-", "ja": "－"}[code]
    fee = {"en": "Fee: ", "ja": "報酬額："}[code]
    assert all(not row.endswith(none) for row in pack_lines(pack, fee)), pack
    hours = {"en": "Hours logged: 3 h at $40: $120", "ja": "記録した作業時間：3時間×40ドル＝120ドル"}
    assert pack_lines(pack, hours[code]), pack
    assert not pack_lines(pack, {"en": "Accepted: ", "ja": "検収："}[code]), pack


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("add", "delivered", "asked"),
    [
        # Coconala approves a formally delivered order by itself 72 hours later
        (
            '/gig add "Logo" client:Mori platform:coconala stage:funded amount:30000',
            at(11, 2),
            at(11, 9),
        ),
        # Upwork releases a funded milestone by itself 14 days after the submission
        (
            '/gig add "App" client:Acme platform:upwork stage:funded amount:500',
            at(10, 2),
            at(10, 20),
        ),
    ],
)
async def test_money_over_orders_the_platform_settled_owes_nothing_to_the_client(
    code: str, add: str, delivered: str, asked: str
) -> None:
    """`/gig money` when every gig listed was settled by the platform's own clock read 'Money owed to you'
    over it and 'Total owed: ¥0': nobody owes it any more, the platform settled it, and the user records
    it with `/gig accepted 1`. The heading says so, and the line below it that no client owes anything
    and why (no total owed of zero: nothing was counted)."""
    replies = await replies_at(
        code,
        [
            say("u", add, at(10, 1, 11)),
            say("u", "/gig delivered 1", delivered),
            say("u", "/gig money", asked),
        ],
        at(11, 9, 12),
    )
    money = replies[asked]
    heading, *_ = money.splitlines()
    assert {"en": "owed to you", "ja": "未入金"}[code] not in heading, money
    assert {"en": "Settled by the platform", "ja": "支払いが確定"}[code] in heading, money
    # Coconala's other party is the buyer (購入者)
    other = {"en": "buyer", "ja": "購入者"} if "coconala" in add else {"en": "client", "ja": "クライアント"}
    left_out = {
        "en": f"Nothing here is owed by a {other['en']}: the platform settled 1 gig",
        "ja": f"{other['ja']}が支払うべき報酬はありません。1件は、プラットフォームの仕組みで支払いが確定",
    }[code]
    assert left_out in money, money
    assert "`/gig accepted 1`" in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_the_plan_heads_an_order_the_platform_settled_as_settled_not_owed(code: str) -> None:
    """The weekly plan headed the same lone settled order 'Owed to you', as `/gig money` did."""
    records = await simulate_records(
        [
            setting("u", at(10, 20, 9), lang=code, weekly="on"),
            say("u", '/gig add "Logo" client:Mori platform:coconala stage:funded amount:30000', at(10, 28)),
            say("u", "/gig delivered 1", at(11, 2)),
            end(at(11, 9, 12)),
        ]
    )
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(11, 9, 9)]
    assert {"en": "Owed to you:", "ja": "未入金の報酬："}[code] not in plan, plan
    assert {"en": "Settled by the platform", "ja": "支払いが確定した報酬"}[code] in plan, plan
