"""Records read against what was agreed, the seventeenth audit round: a gig that never became a
contract. Each test is a story whose record used to claim money the client never owed, played through
the simulator in both languages."""

from __future__ import annotations

import json

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("withdraw", [True, False])
async def test_no_fee_is_owed_on_a_gig_that_never_became_a_contract(code: str, withdraw: bool) -> None:
    """An application for ¥20,000 that the client never answered, withdrawn (or still being discussed):
    the evidence pack said 'Still owed: ¥20,000' (未払い：20,000円) and the timeline's JSON `"owed": 20000`,
    a debt of a client who never agreed to anything. Before a contract nothing is owed either way."""
    lines = [
        say("u", '/gig add "Video edit" client:Tanaka amount:20000 since:2026-11-20', at(12, 1, 10)),
        *([say("u", "/gig withdraw 1", at(12, 2, 10))] if withdraw else []),
        say("u", "/gig timeline 1 pack", at(12, 3, 10)),
        say("u", "/gig timeline 1 json", at(12, 3, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 12))
    pack = replies[at(12, 3, 10)]
    assert {"en": "Still owed: ¥0", "ja": "未払い：0円"}[code] in pack, pack
    assert {"en": "owed: ¥20,000", "ja": "未払い：20,000円"}[code] not in pack, pack
    facts = json.loads(replies[at(12, 3, 11)])["facts"]
    assert facts["owed"] == 0.0, facts


@pytest.mark.parametrize("code", LANGS)
async def test_the_payments_of_a_gig_paid_in_full_after_part_payments_add_up(code: str) -> None:
    """¥50,000 and ¥30,000 of ¥120,000, then `/gig paid 1`: the history listed the two part payments and
    then only the stage change, while the header said ¥120,000 received; someone adding up the payment
    lines got ¥80,000. The rest is now recorded as a payment of its own."""
    lines = [
        say("u", '/gig add "Site" client:Kato platform:direct amount:120000 stage:delivered', at(12, 1, 10)),
        say("u", "/gig paid 1 amount:50000", at(12, 2, 10)),
        say("u", "/gig paid 1 amount:30000", at(12, 3, 10)),
        say("u", "/gig paid 1", at(12, 4, 10)),
        say("u", "/gig timeline 1 json", at(12, 4, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 12))
    timeline = json.loads(replies[at(12, 4, 11)])
    payments = [e["data"]["amount"] for e in timeline["events"] if e["kind"] == "paid"]
    assert payments == [50000, 30000, 40000], timeline["events"]
    assert timeline["facts"]["owed"] == 0.0, timeline["facts"]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala"])
async def test_a_revision_of_work_handed_over_before_the_escrow_is_not_recorded_as_funded(
    code: str, platform: str
) -> None:
    """Delivered before the escrow, then moved back to a contract: the refusal said "for a revision, use
    `/gig move 1 funded`", which records a funding (Coconala: a purchase) that never came. It now asks for
    the funding first, and names the move for once it has come."""
    lines = [
        say("u", '/gig add "Logo" client:Sato stage:contracted', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig move 1 contracted", at(12, 3, 10)),
        say("u", "/gig show 1", at(12, 3, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 3, 12))])
    [refusal] = [r["text"] for r in to(out, "u", "error") if r["at"] == at(12, 3, 10)]
    [show] = [r["text"] for r in to(out, "u", "reply") if r["at"] == at(12, 3, 11)]
    first = {
        ("en", "crowdworks"): "ask them to fund it before you start on it",
        ("ja", "crowdworks"): "修正に取りかかる前に仮払いをお願いしましょう",
        ("en", "coconala"): "ask them to purchase it before you start on it",
        ("ja", "coconala"): "修正に取りかかる前に購入をお願いしましょう",
    }[code, platform]
    assert first in refusal, refusal
    assert {"en": "For a revision the client asked for", "ja": "使ってください"}[code] not in refusal, refusal
    assert {"en": "Stage: delivered", "ja": "ステージ：納品済み"}[code] in show, show  # nothing changed
