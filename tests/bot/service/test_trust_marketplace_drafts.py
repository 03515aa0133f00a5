"""Drafts a freelancer pastes to a marketplace client (CrowdWorks, Lancers, Coconala, Upwork), read as that
client reads them, in Japanese and English: each test is a story whose draft used to say something untrue
or unfounded for its gig."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

ACT = {"en": ("Freelance Act",), "ja": ("フリーランス法", "フリーランス新法", "取引適正化")}


def draft_of(text: str) -> str:
    """The draft to the client: what follows the title and the body of a reminder."""
    return text.split("\n\n", 2)[-1]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
@pytest.mark.parametrize(
    ("stage", "terms"),
    [
        ("contracted", ""),  # handed over before the escrow, no payment date on record
        ("contracted", "pay_by:none"),  # handed over before the escrow, no payment date agreed
        ("funded", ""),  # funded and delivered, waiting for acceptance, no payment date on record
    ],
)
async def test_a_marketplace_draft_does_not_cite_the_freelance_act(
    code: str, platform: str, stage: str, terms: str
) -> None:
    """A marketplace client may be a private individual, or abroad, whom Japan's Freelance Act does not
    bind, and the bot cannot tell. The payment reminders' drafts told the client that the Act asks for
    payment within 60 days (or makes the delivery day the payment date): an obligation that may not exist,
    in the freelancer's name. The body may explain the Act to the freelancer, conditionally."""
    set_terms = [say("u", f"/gig terms 1 {terms}", at(12, 1, 11))] if terms else []
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", f'/gig add "Banner" client:Mori stage:{stage} amount:10000', at(12, 1)),
            *set_terms,
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(2, 10, year=2027)),
        ]
    )
    # A payment reminder due the same minute as a ladder reminder (Lancers, no date agreed: the day after
    # the delivery) is said in the ladder's message (`also.payment_deadline`), which is read instead.
    carried = {"en": "has passed too", "ja": "支払期日も過ぎました"}[code]
    reminders = [
        r for r in to(records, "u", "reminder") if r["step"].startswith("payment_") or carried in r["text"]
    ]
    assert reminders
    for r in reminders:
        assert not [w for w in ACT[code] if w in draft_of(r["text"])], r["text"]
    assert any(w in r["text"].split("\n\n", 2)[1] for r in reminders for w in ACT[code])


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("terms", ["", "pay_by:none"])
async def test_a_direct_clients_draft_still_gives_the_act_as_the_basis_of_the_day(
    code: str, terms: str
) -> None:
    """A direct client in Japan is the business the Act binds: its drafts keep the Act as the basis of a
    payment day nobody agreed."""
    set_terms = [say("u", f"/gig terms 1 {terms}", at(12, 1, 11))] if terms else []
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:10000', at(12, 1)),
            *set_terms,
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(2, 10, year=2027)),
        ]
    )
    drafts = [draft_of(r["text"]) for r in to(records, "u", "reminder") if r["step"].startswith("payment_")]
    assert drafts
    assert all(any(w in d for w in ACT[code]) for d in drafts), drafts


AGREED = {"en": "the agreed amount", "ja": "合意した金額"}
REST = {"en": "¥20,000", "ja": "20,000円", "upwork": "$20,000"}  # Upwork: dollars, drafts in English


async def part_paid_before_funding(code: str, platform: str) -> list[dict[str, Any]]:
    """A ¥30,000 contract whose escrow is never funded: ¥10,000 paid (outside it), then delivered."""
    return await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(2, 10, year=2027)),
        ]
    )


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_after_a_part_payment_a_draft_asks_to_fund_only_the_rest(code: str, platform: str) -> None:
    """Part of the fee was paid (outside the escrow) and the escrow was never funded. The drafts asking
    the client to fund the escrow asked for 'the agreed amount', the whole fee again: they ask for what is
    still owed."""
    records = await part_paid_before_funding(code, platform)
    assert not to(records, "u", "error")
    asking = [
        draft_of(r["text"])
        for r in to(records, "u", "reminder")
        if any(w in draft_of(r["text"]) for w in ("fund", "仮払い", "ご入金"))
    ]
    assert asking
    lang = "en" if platform == "upwork" else code
    for draft in asking:
        assert AGREED[lang] not in draft, draft
        assert REST["upwork" if platform == "upwork" else lang] in draft, draft


WHOLE_FEE = {"en": "the agreed fee", "ja": "合意した金額"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_after_a_part_payment_the_advice_to_the_user_asks_to_fund_only_the_rest(
    code: str, platform: str
) -> None:
    """The drafts ask the client to fund only the rest; the advice above them told the user to ask for
    the escrow 'for the agreed fee', the whole fee again, so the two disagreed."""
    records = await part_paid_before_funding(code, platform)
    advice = [
        r["text"].split("\n\n")[1] if r["kind"] == "reminder" else r["text"]
        for r in to(records, "u", "reminder") + to(records, "u", "warning")
    ]
    asking = [a for a in advice if any(w in a for w in ("fund", "仮払いを", "仮払いの", "入金"))]
    assert asking
    for text in asking:
        assert WHOLE_FEE[code] not in text, text
