"""The evidence records (`/gig show`, `/gig timeline` and its pack) read against the gig's platform and
situation, and against settings changed while a gig runs (time zone, holidays, working days, language).
Each test is a story whose text used to be untrue for its situation, played through the simulator in both
languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

LANCERS_CLOSED = [
    say("u", '/gig add "LP" client:ACME platform:lancers stage:contracted amount:50000', at(12, 1, 10)),
    say("u", "/gig funded 1", at(12, 1, 11)),
    say("u", "/gig delivered 1", at(12, 2, 10)),
    say("u", "/gig accepted 1", at(12, 3, 10)),
]
COCONALA_APPROVED = [
    say("u", '/gig add "Logo" client:Sato platform:coconala stage:contracted amount:5000', at(12, 1, 10)),
    say("u", "/gig funded 1", at(12, 1, 11)),
    say("u", "/gig delivered 1", at(12, 3, 10)),
    say("u", "/gig accepted 1", at(12, 4, 10)),
]


async def _reply(code: str, lines: list[dict[str, str]], command: str, when: str, **settings: str) -> str:
    replies = await stories.replies_at(code, [*lines, say("u", command, when)], at(12, 31), **settings)
    return replies[when]


@pytest.mark.parametrize("code", LANGS)
async def test_a_lancers_pack_speaks_of_the_payment_confirmation_not_an_acceptance(code: str) -> None:
    """The evidence pack of a Lancers gig whose payment the client confirmed said 'Released to your
    Lancers balance at acceptance' and 'Accepted: Thu 3 Dec 2026' (「検収時に」「検収：」), while `show`,
    the timeline and every reminder call it the payment confirmation: Lancers has no acceptance step, and a
    pack for its support must not name one. (The Freelance Act's inspection date among the terms stays.)"""
    text = await _reply(code, LANCERS_CLOSED, "/gig timeline 1 pack", at(12, 3, 11))
    for word in {"en": ("acceptance", "Accepted:"), "ja": ("検収：", "検収時")}[code]:
        assert word not in text, text
    confirmed = {"en": "Payment confirmed: Thu 3 Dec 2026", "ja": "支払い確定：2026年12月3日（木）"}[code]
    assert confirmed in text, text
    released = {"en": "at the payment confirmation: ¥50,000", "ja": "支払い確定時に"}[code]
    assert released in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_lancers_pack_before_the_confirmation_holds_the_escrow_until_it(code: str) -> None:
    """Before the client confirms the payment, the pack said the escrow is 'held by Lancers until
    acceptance' (「検収までランサーズが預かり中」)."""
    text = await _reply(code, LANCERS_CLOSED[:3], "/gig timeline 1 pack", at(12, 2, 11))
    assert {"en": "until acceptance", "ja": "検収まで"}[code] not in text, text
    assert {"en": "until the client confirms the payment", "ja": "支払い確定まで"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig timeline 1", "/gig show 1"])
async def test_an_approved_coconala_order_is_not_said_to_be_held_until_the_approval(
    code: str, command: str
) -> None:
    """After the buyer's approval, the timeline and `show` still said the fee was 'paid at the purchase
    (Coconala holds it until the approval)' (「承諾までココナラが預かっています」): the approval has come,
    and the fee is in the seller's sales balance."""
    text = await _reply(code, COCONALA_APPROVED, command, at(12, 4, 11), platform="coconala")
    assert {"en": "until the approval", "ja": "承諾まで"}[code] not in text, text
    assert {"en": "sales balance", "ja": "売上金"}[code] in text, text


NOTES = {
    "en": [
        ('/gig sent 1 asked about "colours", fonts', 'asked about "colours", fonts'),
        ('/gig change 1 the "About" page goes', 'the "About" page goes'),
    ],
    "ja": [
        ("/gig change 1 「ヘッダー」の色を赤に変更", "「ヘッダー」の色を赤に変更"),
        ("/gig log 1 2 「トップ」と「会社概要」のコーディング", "「トップ」と「会社概要」のコーディング"),
    ],
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("form", ["", " csv", " pack"])
async def test_a_note_with_quotes_in_it_is_kept_as_written_in_the_evidence(code: str, form: str) -> None:
    """A note or scope change whose words began with a quoted name lost the quotes and gained a space:
    「ヘッダー」の色を赤に変更 was kept as 'ヘッダー の色を赤に変更', and `asked about "colours", fonts` as
    'asked about colours , fonts'. The timeline is evidence of what was said: a quote typed against the
    words around it is the user's text, not the command's syntax."""
    add = say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(12, 1, 10))
    notes = [say("u", text, at(12, 1, 11, n)) for n, (text, _) in enumerate(NOTES[code])]
    text = await _reply(code, [add, *notes], f"/gig timeline 1{form}", at(12, 1, 12))
    for _, kept in NOTES[code]:
        assert (kept.replace('"', '""') if form == " csv" else kept) in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_pack_read_after_a_move_abroad_dates_the_delivery_as_show_and_the_legal_day_do(
    code: str,
) -> None:
    """Delivered in Tokyo on Fri 4 Dec, then the user moved to Los Angeles: `show`, the reminders and the
    legal last payment day (Mon 1 Feb 2027, day 60 counting the 4th as day 1) keep the 4th, but the pack
    said 'Delivered: Thu 3 Dec 2026', the instant's day in the new zone: the pack's own dates no longer
    added up to the last payment day it printed beneath."""
    lines = [
        say("u", '/gig add "LP" client:Yamada platform:direct stage:funded amount:80000', at(12, 4, 9, 30)),
        say("u", "/gig delivered 1", at(12, 4, 9, 31)),
        stories.setting("u", at(12, 4, 11), tz="America/Los_Angeles"),
    ]
    text = await _reply(code, lines, "/gig timeline 1 pack", at(12, 4, 11, 1))
    delivered = {"en": "Delivered: Fri 4 Dec 2026", "ja": "納品：2026年12月4日（金）"}[code]
    assert delivered in text, text
    assert {"en": "Mon 1 Feb 2027", "ja": "2027年2月1日（月）"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_pack_says_the_work_was_submitted_as_show_and_the_timeline_do(code: str) -> None:
    """The pack of an Upwork milestone listed 'Delivered: Wed 2 Dec 2026' (「納品：」) among its key dates,
    where `show`, the timeline and the reminders say 'Submitted' (「提出」): Upwork's support reads the
    pack, and on Upwork work is submitted for a milestone."""
    lines = [
        say("u", '/gig add "API" client:Acme platform:upwork stage:contracted amount:500', at(12, 1, 10)),
        say("u", "/gig funded 1", at(12, 1, 11)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
    ]
    text = await _reply(code, lines, "/gig timeline 1 pack", at(12, 2, 11))
    assert {"en": "Delivered:", "ja": "納品："}[code] not in text, text
    assert {"en": "Submitted: Wed 2 Dec 2026", "ja": "提出：2026年12月2日（水）"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_hourly_pack_says_when_the_work_finished_as_show_does(code: str) -> None:
    """An Upwork hourly contract has nothing to submit or deliver: `show` says 'Work finished: Wed 2 Dec'
    (「作業終了日」), and the pack now says when the work finished too, not that it was delivered."""
    lines = [
        say("u", '/gig add "API" client:Acme platform:upwork stage:funded rate:40', at(12, 1, 10)),
        say("u", "/gig log 1 5", at(12, 1, 11)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
    ]
    text = await _reply(code, lines, "/gig timeline 1 pack", at(12, 2, 11))
    for word in {"en": ("Delivered:", "Submitted:"), "ja": ("納品：", "提出：")}[code]:
        assert word not in text, text
    assert {"en": "Work finished: Wed 2 Dec 2026", "ja": "作業終了：2026年12月2日（水）"}[code] in text, text
