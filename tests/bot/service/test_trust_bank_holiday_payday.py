"""Trust audit: an agreed payment date that falls on a day Japanese banks are closed. The reminders named
the day with no word on what that means, and the overdue reminder came on the next banking day's morning,
when the client may still pay on time under terms that move such a payment to the next banking day. The
Act's guidelines allow that move only if it was agreed in writing beforehand, and only by two days at
most; the texts that name the legal day now say so."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, say, simulate

NOTE = {"en": "banks are closed", "ja": "金融機関の休業日"}


async def _payment_texts(
    code: str, pay_by: str, currency: str = "JPY", platform: str = "direct"
) -> list[str]:
    add = f'/gig add "Logo" client:Sato amount:50000 currency:{currency} platform:{platform} stage:funded'
    lines = [
        say("u", f"{add} pay_by:{pay_by}", at(12, 1)),
        say("u", "/gig delivered 1", at(12, 10)),
    ]
    out = await simulate(code, lines, at(1, 25, year=2027))
    return [str(r["text"]) for r in out if r["step"] in ("payment_due_soon", "payment_deadline")]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    "pay_by",
    ["2027-01-09", "2027-01-11", "2026-12-31"],  # a Saturday, Coming of Age Day, a year-end bank holiday
)
async def test_a_payday_banks_are_closed_on_says_what_may_move_it(code: str, pay_by: str) -> None:
    texts = await _payment_texts(code, pay_by)
    assert len(texts) == 2, texts
    for text in texts:
        assert NOTE[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_banking_day_a_client_abroad_or_a_marketplace_gets_no_such_note(code: str) -> None:
    """A marketplace pays out the escrow itself: the client makes no transfer on the day."""
    for texts in (
        await _payment_texts(code, "2027-01-08"),
        await _payment_texts(code, "2027-01-09", "USD"),
        await _payment_texts(code, "2027-01-09", platform="crowdworks"),
    ):
        assert texts, texts
        assert not any(NOTE[code] in text for text in texts), texts


async def test_the_japanese_note_reads_as_part_of_the_sentence() -> None:
    """Like the reason it follows (test_payday_basis_words), the note is a noun phrase: no です."""
    for text in await _payment_texts("ja", "2027-01-09"):
        assert "です）" not in text, text
        assert "ました）" not in text, text
