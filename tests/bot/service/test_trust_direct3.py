"""Direct work's payment reminder and an escrow the client asked back, through the simulator.

A direct client with no payment date recorded: the reminder before the Act's last payment day gives the
Act as the basis of that day in its draft, never "the payment date" as if the client had agreed it.
A client who asked for a funded escrow back (Upwork's refund request, CrowdWorks' early-termination
request) with no outcome recorded: `show`, `/gig money` and the weekly plan used to count the whole fee as
owed, though the escrow may well have gone back; they now say the outcome is unknown and how to record it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, end, setting, to
from tests.conftest import simulate_records


def _at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def _say(text: str, when: str) -> dict[str, Any]:
    return {"at": when, "user": "u", "text": text}


@pytest.mark.parametrize("lang", LANGS)
async def test_a_direct_reminder_without_a_recorded_date_gives_the_act_as_its_basis(lang: str) -> None:
    title = "「ロゴ」" if lang == "ja" else '"Logo"'
    records = await simulate_records(
        [
            setting("u", _at(11, 1, 9), lang=lang, platform="direct", tz="Asia/Tokyo"),
            _say(f"/gig add {title} client:Taka stage:contracted amount:50000", _at(11, 2)),
            _say("/gig delivered 1", _at(11, 5)),
            end(_at(1, 2, year=2027)),
        ]
    )
    [soon] = [r for r in to(records, "u", "reminder") if r["step"] == "payment_due_soon"]
    _, draft = soon["text"].split("そのまま使える文面：" if lang == "ja" else "Draft to send:")
    if lang == "ja":
        basis = "フリーランス新法に基づくお支払い期日（納品日を1日目として60日目）"
        assert f"{basis}の2027年1月3日（日）" in draft
        assert "お支払い期日の2027年1月3日" not in draft
    else:
        assert "Sun 3 Jan 2027 (under Japan's Freelance Act, the 60th day counting the delivery day)" in draft


# Upwork: the client's refund request, left to its deadline; CrowdWorks: the client's early-termination
# request after the delivery, its week passed. Either way the escrow may have gone back.
STORIES = {
    "upwork refund": ("upwork", "500", "refund"),
    "crowdworks termination": ("crowdworks", "50000", "termination"),
}
IN_QUESTION = {  # CrowdWorks' client asks to end the contract early: the escrow going back is its effect
    ("upwork", "en"): ("asked for the milestone's funds back", "not recorded", "`/gig terminate 1 confirm`"),
    ("upwork", "ja"): ("入金した資金の返金を求められ", "返金されたかどうか", "`/gig terminate 1 confirm`"),
    ("crowdworks", "en"): ("sent an early-termination request", "not recorded", "`/gig terminate 1 confirm`"),
    ("crowdworks", "ja"): (
        "契約途中終了リクエストが届いており",
        "契約が終了した",
        "`/gig terminate 1 confirm`",
    ),
}
ASSERTED = {
    "en": ("still owed", "Total owed: $500", "Total owed: ¥50,000", "to be paid by"),
    "ja": ("未払い：", "支払期日 "),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("story", STORIES)
async def test_an_escrow_the_client_asked_back_is_not_counted_as_owed(lang: str, story: str) -> None:
    platform, amount, request = STORIES[story]
    records = await simulate_records(
        [
            setting("u", _at(11, 1, 9), lang=lang, tz="Asia/Tokyo", weekly="on"),
            _say(f"/gig add API client:Globex platform:{platform} stage:funded amount:{amount}", _at(11, 2)),
            _say("/gig delivered 1", _at(11, 5)),
            _say(f"/gig incoming 1 {request}", _at(11, 6)),
            _say("/gig show 1", _at(11, 20)),
            _say("/gig money", _at(11, 20, 10, 1)),
            end(_at(11, 30, 12)),
        ]
    )
    replies = {r["at"]: r["text"] for r in to(records, "u", "reply")}
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == _at(11, 30, 9)]
    views = {"show": replies[_at(11, 20)], "money": replies[_at(11, 20, 10, 1)], "plan": plan}
    for view, text in views.items():
        for words in IN_QUESTION[platform, lang]:
            assert words in text, (view, words, text)
        for words in ASSERTED[lang]:
            assert words not in text, (view, words, text)
    # nothing is counted, and no total owed of zero is claimed
    assert {"en": "Total owed: none counted", "ja": "未入金の合計：なし"}[lang] in views["money"]
    assert not any(zero in views["money"] for zero in ("Total owed: $0", "Total owed: ¥0", "合計：0"))
    # Recorded as refunded, nothing is owed and nothing is in question any more.
    ended = await simulate_records(
        [
            setting("u", _at(11, 1, 9), lang=lang, tz="Asia/Tokyo"),
            _say(f"/gig add API client:Globex platform:{platform} stage:funded amount:{amount}", _at(11, 2)),
            _say("/gig delivered 1", _at(11, 5)),
            _say(f"/gig incoming 1 {request}", _at(11, 6)),
            _say("/gig terminate 1 confirm", _at(11, 20)),
            _say("/gig money", _at(11, 20, 10, 1)),
            end(_at(11, 21)),
        ]
    )
    money = {r["at"]: r["text"] for r in to(ended, "u", "reply")}[_at(11, 20, 10, 1)]
    assert IN_QUESTION[platform, lang][0] not in money
