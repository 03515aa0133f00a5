"""Trust audit, round 23: sentences that were wrong for the gig's actual situation (a settled Upwork
contract, a settled money view, Upwork's submission in Japanese, a Lancers gig part paid before funding,
a follow-up acceptance nudge, the help of `delivered`). Each test is a story played through the simulator
in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, gig_check

MOVE_TO_EMAIL = {
    "en": "Thanks again for the work. Can we move to email? Please write to me at acme@example.com",
    "ja": "先日はありがとうございました。今後はメールでやり取りできますか？"
    " acme@example.com までご連絡ください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [["/gig delivered 1", "/gig accepted 1"], ["/gig paid 1"]])
async def test_a_move_to_email_on_a_settled_upwork_contract_is_not_said_to_come_before_the_contract(
    code: str, moves: list[str]
) -> None:
    """On an Upwork contract settled (its funded milestone released at acceptance, or paid), a client's
    request to move to e-mail was named "Moving the conversation off the platform before the contract
    starts" and told to keep talking on Upwork "until the contract starts": the contract started and is
    over. Upwork's terms allow contact details once a contract has started; what the reply asks is to keep
    any new work, and its payment, on Upwork."""
    text = await gig_check(code, "upwork", moves, MOVE_TO_EMAIL[code])
    for wrong in {
        "en": ("before the contract starts", "until the contract starts"),
        "ja": ("契約開始前", "契約が始まるまで"),
    }[code]:
        assert wrong not in text, text
    assert {"en": "once a contract has started", "ja": "契約が始まった後"}[code] in text, text
    assert {"en": "new work", "ja": "新しい仕事"}[code] in text, text
