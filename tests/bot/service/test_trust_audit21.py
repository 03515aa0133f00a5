"""Sentences said on Coconala and Lancers gigs read against the gig's situation, the twenty-first audit
round: the deadline a Coconala seller gives a silent buyer before delivery, and a contact-prompt request a
Lancers client filed, on a plan in progress and on a delivered one. Each test is a story whose text used to
be untrue for its situation, played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say


def reminder(records: list[dict[str, Any]], step: str) -> str:
    (record,) = [r for r in records if r["kind"] == "reminder" and r["step"] == step]
    return str(record["text"])


def reply(records: list[dict[str, Any]], when: str) -> str:
    return "\n".join(r["text"] for r in records if r["kind"] == "reply" and r["at"] == when)


@pytest.mark.parametrize("code", LANGS)
async def test_the_coconala_deadline_notice_announces_the_formal_delivery_its_next_step_advises(
    code: str,
) -> None:
    """A purchased Coconala order whose buyer went silent before the delivery heard, at the deadline
    notice, 'if there is no answer by then, you will ask Coconala to cancel the order' (「ココナラで取引の
    キャンセルに進む」), and its draft told the buyer 'I will have to proceed with cancelling this order'. On
    that deadline the next step advises the formal delivery if the work can be delivered (a cancellation
    refunds the buyer and pays the seller nothing) and drafts 'as I have not received a reply by the date
    I mentioned, I am sending the work as the formal delivery': the seller had announced the opposite.
    Nor is a cancellation something Coconala is asked for: the seller sends the request in the talk room.
    The notice now announces the formal delivery, and the cancellation request only if the work cannot be
    finished without the buyer."""
    lines = [
        say("u", '/gig add "Logo" client:Chi platform:coconala stage:funded amount:30000', at(12, 1, 10)),
        say("u", "/gig sent 1", at(12, 1, 10, 1)),
    ]
    records = await stories.simulate(code, lines, at(12, 20))
    notice = reminder(records, "deadline_notice")
    assert {"en": "ask Coconala to cancel", "ja": "ココナラで取引のキャンセルに進む"}[code] not in notice
    body, draft = notice.split({"en": "Draft to send:", "ja": "そのまま使える文面："}[code])
    for text in (body, draft):
        delivery = {"en": "formal delivery", "ja": "正式な納品"}[code]
        cancel = {"en": "cancellation", "ja": "キャンセル"}[code]
        assert delivery in text, text
        assert text.index(delivery) < text.index(cancel), text  # the delivery first, as the next step
    assert {"en": "cancellation request", "ja": "キャンセルリクエスト"}[code] in body
    assert {"en": "proceed with cancelling", "ja": "キャンセルを進め"}[code] not in draft
    # the next step, on the deadline the notice named, still drafts the delivery it announced
    assert {"en": "as the formal delivery", "ja": "正式な納品としてお送りいたします"}[code] in reminder(
        records, "cancellation_request"
    )


ESCROW_IF_ANY = {"en": "any escrow", "ja": "仮払い金があれば"}
DISSOLVED = {"en": "dissolves the project", "ja": "プロジェクトは解除されます"}
REPORT = {"en": "completion report", "ja": "完了報告"}


@pytest.mark.parametrize("code", LANGS)
async def test_a_contact_prompt_on_a_lancers_plan_in_progress_states_its_funded_escrow(code: str) -> None:
    """A Lancers client's contact-prompt request recorded on a funded plan heard 'Lancers may cancel the
    plan and dissolve the project (any escrow goes back to the client)' (「仮払い金があればクライアントに返金
    されます」, and プロジェクトが「解消」, where every other Lancers text says 解除): the request exists only
    on a funded deal, so the escrow is there and goes back; the texts now say so plainly, in Lancers'
    words."""
    lines = [
        say("u", '/gig add "LP" client:Kato platform:lancers stage:funded amount:50000', at(12, 1, 10)),
        say("u", "/gig incoming 1 contact_prompt", at(12, 1, 11)),
    ]
    records = await stories.simulate(code, lines, at(12, 12))
    for text in (reply(records, at(12, 1, 11)), reminder(records, "respond_deadline")):
        assert ESCROW_IF_ANY[code] not in text, text
        assert DISSOLVED[code] in text, text
        assert {"en": "goes back to Kato", "ja": "仮払いはKato様に戻り"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_contact_prompt_on_a_delivered_lancers_plan_turns_on_the_completion_report(
    code: str,
) -> None:
    """The same request on a delivered Lancers plan heard only that 'Lancers may cancel the plan and
    dissolve the project': what happens when the deadline lapses depends on the completion report (完了報告).
    Lancers support settles the deal by hand; a plan with the report is confirmed as paid, one without it
    counts as in progress and its escrow goes back to the client. The texts now say so and tell the
    reader to file the report if they have not."""
    lines = [
        say("u", '/gig add "LP" client:Kato platform:lancers stage:funded amount:50000', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig incoming 1 contact_prompt", at(12, 3, 11)),
    ]
    records = await stories.simulate(code, lines, at(12, 14))
    for text in (reply(records, at(12, 3, 11)), reminder(records, "respond_deadline")):
        assert ESCROW_IF_ANY[code] not in text, text
        assert REPORT[code] in text, text
        assert {"en": "confirmed as paid", "ja": "支払い確定"}[code] in text, text
