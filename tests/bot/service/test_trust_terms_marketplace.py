"""`/gig terms` on every platform, in both languages: who is asked how the fee will be paid.

On a marketplace with escrow (CrowdWorks, Lancers, Coconala, Upwork) the fee goes through the platform:
asking the client "how will you pay" is odd there, and invites the off-platform payment the bot itself
warns about. The terms list the method as the platform's, and the draft confirms the flow instead: the
fee held by the platform before the work starts (仮払い, a funded milestone, the purchase), then the
delivery and the client's acceptance on the platform. Only a direct client is asked how they will pay."""

from __future__ import annotations

import pytest

from bot.i18n import catalog as i18n
from tests.bot.service.stories import LANGS, at, say, setting, to
from tests.conftest import simulate_records

MARKETPLACES = ("crowdworks", "lancers", "coconala", "upwork")
# What the draft's flow line speaks of, in the language the client reads: the fee held before the work
# starts, and the acceptance on the platform.
HELD = {
    ("crowdworks", "ja"): ("仮払い", "検収"),
    ("lancers", "ja"): ("仮払い", "完了報告"),
    ("coconala", "ja"): ("購入", "承諾"),
    ("upwork", "ja"): ("マイルストーン", "承認"),
    ("crowdworks", "en"): ("escrow", "accept"),
    ("lancers", "en"): ("escrow", "completion report"),
    ("coconala", "en"): ("purchase", "approve"),
    ("upwork", "en"): ("milestone", "approve"),
}


async def _terms(code: str, platform: str, stage: str, extra: str = "") -> tuple[str, str, str]:
    """The `/gig terms` reply: the part above the draft, the draft, and the draft's language."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", f'/gig add "LP" client:ACME stage:{stage}{extra}'),
            say("u", "/gig terms 1", at(12, 1, 10)),
            {"at": at(12, 1, 11), "end": True},
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    draft_lang = "en" if platform == "upwork" else code  # Upwork's clients read English
    greeting = "Hello ACME," if draft_lang == "en" else "ACME様\n"
    body, _, draft = reply.partition(greeting)
    assert draft, reply
    return body, draft, draft_lang


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", MARKETPLACES)
@pytest.mark.parametrize("stage", ["contracted", "funded"])
async def test_a_marketplace_client_is_not_asked_how_they_will_pay(
    code: str, platform: str, stage: str
) -> None:
    body, draft, draft_lang = await _terms(code, platform, stage)
    assert i18n.t(draft_lang, "termask.method") not in draft, draft
    # the method is the platform's, and the list says so
    method = i18n.t(code, f"terms.{platform}.method")
    assert i18n.t(code, "terms.item", name=i18n.t(code, "term.method"), value=method) in body, body
    # the draft confirms the flow on the platform instead
    held, accepted = HELD[(platform, draft_lang)]
    assert accepted in draft, draft
    if stage == "contracted":  # before the escrow: the work starts once the fee is held
        assert held in draft, draft


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", MARKETPLACES)
async def test_the_flow_never_asks_for_an_escrow_already_funded(code: str, platform: str) -> None:
    """Once the fee is held, the draft does not ask the client to fund it again or say the work waits."""
    _, draft, draft_lang = await _terms(code, platform, "funded")
    before = i18n.t(draft_lang, f"terms.{platform}.flow_unfunded", fee=i18n.t(draft_lang, "terms.the_fee"))
    assert before.split("\n")[0] not in draft, draft


@pytest.mark.parametrize("code", LANGS)
async def test_the_flow_names_the_fee_when_it_is_recorded(code: str) -> None:
    _, draft, _ = await _terms(code, "crowdworks", "contracted", " amount:80000")
    assert ("80,000円" if code == "ja" else "¥80,000") in draft, draft
    assert i18n.t(code, "termask.fee") not in draft.split("\n\n")[1]  # recorded: not asked again


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_hourly_client_is_told_of_the_weekly_billing_not_a_milestone(code: str) -> None:
    """An hourly contract has nothing to fund: the flow is the Work Diary's weekly billing."""
    _, draft, _ = await _terms(code, "upwork", "funded", " rate:40")
    assert "milestone" not in draft, draft
    assert "week" in draft, draft


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_client_is_still_asked_how_they_will_pay(code: str) -> None:
    _, draft, draft_lang = await _terms(code, "direct", "contracted")
    assert i18n.t(draft_lang, "termask.method") in draft, draft
    for word in ("escrow", "仮払い", "platform", "プラットフォーム"):
        assert word not in draft, draft
