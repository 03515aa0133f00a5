"""Sentences read against the gig's actual situation, the twelfth audit round: `/gig check gig:ID` on a
gig handed over before its escrow, on a gig that has ended or is settled, and on a delivered gig; and
`/gig vet` given a signal the platform's client profiles do not show. Each test is a story whose text used
to be untrue for its gig, played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

CHECK = "/gig check gig:{n} Please send me your bank details by email"


async def replies_at(code: str, lines: list[dict[str, Any]], until: str, **settings: str) -> dict[str, str]:
    """The replies and warnings sent at each instant, after settings made at at(12, 1, 9)."""
    return await stories.replies_at(code, lines, until, at(12, 1, 9), **settings)


async def about(code: str, platform: str, adds: list[str], moves: list[str]) -> str:
    """The reply to a check of gig #1 after these adds and moves, in language `code`."""
    lines = [say("u", text, at(12, 1, 10)) for text in adds]
    lines += [say("u", text, at(12, 1, 10, 10 + n)) for n, text in enumerate(moves)]
    lines.append(say("u", CHECK.format(n=1), at(12, 1, 11)))
    replies = await replies_at(code, lines, at(12, 1, 12), platform=platform)
    return replies[at(12, 1, 11)]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork"])
async def test_a_gig_handed_over_before_its_escrow_is_not_told_the_work_is_still_to_start(
    code: str, platform: str
) -> None:
    """A gig delivered with nothing funded heard 'the escrow is not funded yet. Do no work ... until it
    is': the work is already handed over and nothing is held for it; the client is to fund it now."""
    text = await about(
        code, platform, [f'/gig add "LP" client:ACME platform:{platform} stage:delivered funded:no'], []
    )
    wrong = {"en": "yet. Do no work and keep talking", "ja": "作業を始めず"}[code]
    assert wrong not in text, text
    handed = {"en": "handed over the work before", "ja": "前に成果物を渡している"}[code]
    assert handed in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala", "upwork", "direct"])
@pytest.mark.parametrize("move", ["terminate", "withdraw"])
async def test_a_gig_that_has_ended_is_not_told_to_wait_for_funding(
    code: str, platform: str, move: str
) -> None:
    """A terminated or withdrawn gig heard 'not funded yet ... then run `/gig funded 1`' (or, direct, to
    keep its terms in writing as if under way): it has ended, and no work is due without a new deal."""
    stage = "negotiating" if move == "withdraw" else "contracted"
    text = await about(
        code,
        platform,
        [f'/gig add "LP" client:ACME platform:{platform} stage:{stage} amount:50000'],
        [f"/gig {move} 1"],
    )
    assert "/gig funded" not in text, text
    ended = {"en": "has ended", "ja": "終了して"}[code]
    assert ended in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
@pytest.mark.parametrize(
    "moves", [["/gig delivered 1", "/gig accepted 1"], ["/gig delivered 1", "/gig paid 1"]]
)
async def test_a_settled_gig_is_not_told_its_escrow_is_funded(
    code: str, platform: str, moves: list[str]
) -> None:
    """After acceptance released the escrow (or the fee was paid), the check said 'the escrow is funded
    ... Keep the delivery and every payment on CrowdWorks': nothing is held any more and nothing is to
    deliver; new work would be a new contract."""
    text = await about(
        code, platform, [f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000'], moves
    )
    for wrong in {
        "en": ("the escrow is funded", "Keep the delivery"),
        "ja": ("仮払いは済んでいる", "納品と支払い"),
    }[code]:
        assert wrong not in text, text
    settled = {"en": "new contract", "ja": "新しい契約"}[code]
    assert settled in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_a_delivered_gig_is_not_told_to_keep_the_delivery_on_the_platform(
    code: str, platform: str
) -> None:
    """A funded gig already delivered heard 'Keep the delivery and every payment on CrowdWorks': the
    delivery is made; what is left on the platform is the acceptance and the payment."""
    text = await about(
        code,
        platform,
        [f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000'],
        ["/gig delivered 1"],
    )
    wrong = {"en": "Keep the delivery", "ja": "納品と支払い"}[code]
    assert wrong not in text, text
    # Upwork's client approves the submission (the milestone is released then); Lancers' confirms the payment
    # after the completion report (it has no acceptance step); CrowdWorks' accepts the work
    kept = {
        "upwork": {"en": "approval", "ja": "承認"},
        "lancers": {"en": "completion report", "ja": "完了報告"},
        "crowdworks": {"en": "acceptance", "ja": "検収"},
    }[platform][code]
    assert kept in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_vet_does_not_score_automatic_ratings_upwork_has_none(code: str) -> None:
    """Upwork's client profiles show no automatic ratings, yet `/gig vet X auto_ratings:4` on Upwork
    scored '4 automatic ratings: the client often stops answering (-25)': it is refused, saying why."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="upwork"),
            say("u", "/gig vet NEWCO auto_ratings:4 rating:4.9", at(12, 1, 10)),
            end(at(12, 1, 11)),
        ]
    )
    [answer] = [r for r in to(records, "u") if r["at"] == at(12, 1, 10)]
    assert answer["kind"] == "error", answer
    assert "/100" not in answer["text"], answer
    assert "auto_ratings:" in answer["text"], answer
    assert "Upwork" in answer["text"], answer


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1"]])
async def test_a_funded_gig_hears_of_a_move_to_chat_only_as_a_condition(code: str, moves: list[str]) -> None:
    """A check of a funded gig's message that asks nothing about chat tools ('Thanks, I will review the
    delivery') said 'the escrow is funded, so moving to another chat tool is not a warning sign by
    itself', as if the message had asked to move: it says what holds if the client asks."""
    add = '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:50000'
    lines = [say("u", add, at(12, 1, 10))]
    lines += [say("u", text, at(12, 1, 10, 10)) for text in moves]
    lines.append(say("u", "/gig check gig:1 Thank you, I will review the work this week.", at(12, 1, 11)))
    text = (await replies_at(code, lines, at(12, 1, 12)))[at(12, 1, 11)]
    wrong = {"en": "so moving to another chat tool", "ja": "ほかのチャットツールに移ること自体"}[code]
    assert wrong not in text, text
    # Later round: not even as a condition ('if the client asks to move ...'): a message that asks nothing
    # of the kind hears nothing of chat tools, only that the escrow is funded (test_trust_check_situation).
    assert {"en": "chat tool", "ja": "チャットツール"}[code] not in text, text
    assert {"en": "the escrow is funded", "ja": "仮払いは済んでいます"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_request_before_the_purchase_is_refused_in_the_buyers_words(code: str) -> None:
    """`/gig incoming 1 cancellation` on a Coconala order not yet purchased was refused with 'The client
    can send the cancellation request only once ...': Coconala's other side is the buyer."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Kay stage:contracted', at(12, 1, 10)),
            say("u", "/gig incoming 1 cancellation", at(12, 1, 11)),
            end(at(12, 1, 12)),
        ]
    )
    [answer] = [r for r in to(records, "u") if r["at"] == at(12, 1, 11)]
    assert answer["kind"] == "error", answer
    assert {"en": "client", "ja": "クライアント"}[code] not in answer["text"], answer
    assert "/gig funded 1" in answer["text"], answer


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_gig_does_not_back_a_report_of_leaving_the_platform(code: str) -> None:
    """`/gig report ACME offplatform gig:1` on a direct gig was recorded, and shown to the admins as
    'pushed to go off the platform, backed by the reporter's gig timeline': a direct deal has no platform
    to leave. It is refused (nothing recorded); the same report without `gig:` stays possible."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="direct"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(12, 1, 10)),
            say("u", "/gig report ACME offplatform gig:1", at(12, 1, 11)),
            say("u", "/gig report ACME offplatform", at(12, 1, 12)),
            end(at(12, 1, 13)),
        ]
    )
    [refused] = [r for r in to(records, "u") if r["at"] == at(12, 1, 11)]
    assert refused["kind"] == "error", refused
    assert "gig:" in refused["text"], refused
    [saved] = [r for r in to(records, "u") if r["at"] == at(12, 1, 12)]
    assert saved["kind"] == "reply", saved


@pytest.mark.parametrize("code", LANGS)
async def test_an_hourly_offer_on_upwork_is_not_told_to_track_hours_before_the_contract(code: str) -> None:
    """A check of an Upwork hourly gig still in negotiation said 'an hourly contract on Upwork: nothing is
    paid in ahead. Track your hours in the Upwork app': there is no contract yet, and hours worked before
    it starts are billed to no one."""
    text = await about(
        code, "upwork", ['/gig add "LP" client:ACME platform:upwork stage:negotiating rate:30'], []
    )
    assert {"en": "Track your hours", "ja": "作業時間はUpworkのアプリで記録し"}[code] not in text, text
    assert {"en": "until the contract starts", "ja": "契約が始まるまで"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_identity_is_not_said_to_be_verified_by_a_platform(code: str) -> None:
    """`/gig vet ACME verified:yes` for a direct client said 'Identity verified by the platform': a direct
    deal has no platform; the worker confirmed who the client is themselves."""
    replies = await replies_at(
        code,
        [
            say("u", '/gig add "LP" client:ACME stage:contracted amount:50000', at(12, 1, 10)),
            say("u", "/gig vet ACME verified:yes", at(12, 1, 11)),
            say("u", "/gig vet ACME verified:no", at(12, 1, 12)),
        ],
        at(12, 1, 13),
        platform="direct",
    )
    for when, points in ((at(12, 1, 11), "+15"), (at(12, 1, 12), "-15")):
        [line] = [row for row in replies[when].splitlines() if points in row]
        assert {"en": "platform", "ja": "プラットフォーム"}[code] not in line, line
