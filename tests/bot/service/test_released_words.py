"""What a gig closed at the end of its payment says, in the platform's own words: Upwork's fee sits in a
funded milestone (never 仮払い) and the client approves the submitted work; Lancers has no acceptance
(検収) step, the client confirms the payment after the completion report. Each test is a story played
through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

# Words the platform never uses for the end of a payment, and the words it does use.
NOT_SAID = {
    "upwork": {"en": ("escrow", "acceptance"), "ja": ("仮払い", "検収")},
    "lancers": {"en": ("acceptance",), "ja": ("検収",)},
}
SAID = {
    "upwork": {"en": "funded milestone", "ja": "マイルストーン"},
    "lancers": {"en": "payment was confirmed", "ja": "支払いの確定"},
}


def closed(platform: str) -> list[dict[str, Any]]:
    """A funded ¥50,000 gig, ¥10,000 paid, delivered and then closed at the end of its payment."""
    return [
        say("u", f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000', at(12, 1, 10)),
        say("u", "/gig paid 1 amount:10000", at(12, 1, 10, 1)),
        say("u", "/gig delivered 1", at(12, 1, 10, 2)),
        say("u", "/gig accepted 1", at(12, 1, 10, 3)),
    ]


def sentence(text: str, word: str) -> str:
    """The line of `text` that holds `word`."""
    return next(line for line in text.splitlines() if word in line)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "lancers"])
async def test_a_payment_recorded_after_the_release_is_refused_in_the_platforms_words(
    code: str, platform: str
) -> None:
    """`/gig paid` on an Upwork or Lancers gig closed at the release answered 'Gig #1 closed at acceptance:
    the escrow was released' (「検収の完了で終了しています。仮払い金は…」): Upwork's client approves
    submitted work from a funded milestone, and Lancers' client confirms the payment, with no acceptance."""
    lines = [*closed(platform), say("u", "/gig paid 1", at(12, 1, 11))]
    records = await stories.records(code, lines, at(12, 1, 12), platform=platform)
    [error] = [r for r in records if r["at"] == at(12, 1, 11)]
    assert error["kind"] == "error", error
    for word in NOT_SAID[platform][code]:
        assert word not in error["text"], error["text"]
    assert SAID[platform][code] in error["text"], error["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_gigs_released_rest_is_said_to_come_from_the_milestone(code: str) -> None:
    """`/gig show` of an approved Upwork gig said 'the remaining $40,000 was released from escrow'
    (「仮払いから」): the money sat in the funded milestone."""
    lines = [*closed("upwork"), say("u", "/gig show 1", at(12, 1, 11))]
    replies = await stories.replies_at(code, lines, at(12, 1, 12), platform="upwork")
    paid = sentence(replies[at(12, 1, 11)], {"en": "Paid so far", "ja": "入金済み："}[code])
    for word in NOT_SAID["upwork"][code]:
        assert word not in paid, paid
    assert {"en": "from the funded milestone", "ja": "入金済みのマイルストーンから"}[code] in paid, paid


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_gigs_held_rest_is_said_to_sit_in_the_milestone(code: str) -> None:
    """`/gig show` of a submitted Upwork gig said 'not received yet: ¥40,000 (held in escrow by Upwork)':
    the money sits in the funded milestone until the client approves the work."""
    lines = [*closed("upwork")[:3], say("u", "/gig show 1", at(12, 1, 11))]
    replies = await stories.replies_at(code, lines, at(12, 1, 12), platform="upwork")
    paid = sentence(replies[at(12, 1, 11)], {"en": "Paid so far", "ja": "入金済み："}[code])
    for word in NOT_SAID["upwork"][code]:
        assert word not in paid, paid
    assert {"en": "in the funded milestone", "ja": "入金済みのマイルストーンに"}[code] in paid, paid


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("paid", [[], ["/gig paid 1 amount:10000"]])
async def test_a_lancers_gig_closes_at_the_payments_confirmation_not_an_acceptance(
    code: str, paid: list[str]
) -> None:
    """`/gig accepted` on a funded Lancers gig answered '#1 "LP" is now accepted' and 'Accepted: the escrow
    is released' (「検収完了」「検収が完了し」), and `/gig show` named the stage 'accepted': Lancers has no
    acceptance step; after the completion report the client confirms the payment."""
    add = '/gig add "LP" client:ACME platform:lancers stage:funded amount:50000'
    lines = [say("u", add, at(12, 1, 10))]
    lines += [say("u", text, at(12, 1, 10, 1)) for text in paid]
    lines += [
        say("u", "/gig delivered 1", at(12, 1, 10, 2)),
        say("u", "/gig accepted 1", at(12, 1, 10, 3)),
        say("u", "/gig show 1", at(12, 1, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 1, 12), platform="lancers")
    said = replies[at(12, 1, 10, 3)] + "\n" + replies[at(12, 1, 11)]
    assert {"en": "accept", "ja": "検収"}[code] not in said.lower(), said
    assert {"en": "confirmed as paid", "ja": "支払い確定済み"}[code] in replies[at(12, 1, 10, 3)], said
    assert {"en": "Payment confirmed:", "ja": "支払いが確定し"}[code] in replies[at(12, 1, 10, 3)], said


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "lancers"])
async def test_a_payment_on_a_delivered_gig_is_recorded_as_the_platforms_release(
    code: str, platform: str
) -> None:
    """`/gig paid` on a funded, delivered Upwork or Lancers gig said 'the fee is paid out of the escrow when
    the client accepts the work' (「クライアントが検収すると仮払い金から」): Upwork's client approves the
    submitted work, releasing the funded milestone, and Lancers' client confirms the payment after the
    completion report."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000'
    lines = [
        say("u", add, at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10, 1)),
        say("u", "/gig paid 1", at(12, 1, 11)),
    ]
    said = (await stories.replies_at(code, lines, at(12, 1, 12), platform=platform))[at(12, 1, 11)]
    for word in NOT_SAID[platform][code]:
        assert word not in said, said
    reason = {
        "upwork": {"en": "approves the submitted work", "ja": "提出した作業をクライアントが承認すると"},
        "lancers": {"en": "confirms the payment", "ja": "クライアントが支払いを確定すると"},
    }
    assert reason[platform][code] in said, said


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("accepted", [False, True])
async def test_vetting_a_lancers_client_times_the_payments_confirmation(code: str, accepted: bool) -> None:
    """`/gig vet` of a client whose gigs are on Lancers timed 'From delivery to acceptance' (「納品から
    検収まで」): Lancers has no acceptance step; what the client is slow or quick to do is confirm the
    payment after the completion report."""
    add = '/gig add "LP" client:ACME platform:lancers stage:funded amount:50000'
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig delivered 1", at(12, 1, 10, 1))]
    if accepted:
        lines.append(say("u", "/gig accepted 1", at(12, 3, 10)))
    lines.append(say("u", "/gig vet ACME", at(12, 4, 10)))
    text = (await stories.replies_at(code, lines, at(12, 4, 11), platform="lancers"))[at(12, 4, 10)]
    assert {"en": "accept", "ja": "検収"}[code] not in text.lower(), text
    assert {"en": "the payment was confirmed", "ja": "支払い確定まで"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["lancers", "crowdworks"])
async def test_asking_to_fund_work_already_delivered_names_no_acceptance_on_lancers(
    code: str, platform: str
) -> None:
    """The draft asking a client to fund the escrow of work delivered before it was funded said 'so that the
    acceptance can be completed' (「検収のお手続きに進めるよう」) on Lancers too, which has no acceptance
    step. It now asks for the funding so that the payment can go ahead, on every marketplace that uses it."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000'
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig delivered 1", at(12, 1, 10, 1))]
    records = await stories.simulate(code, lines, at(12, 10, 10))
    [nudge] = [r["text"] for r in records if r["kind"] == "reminder"][:1]
    assert {"en": "acceptance", "ja": "検収"}[code] not in nudge, nudge
    asks = {"en": "so that the payment can go ahead", "ja": "お支払いの手続きに進めるよう"}[code]
    assert asks in nudge, nudge


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("delivered", [False, True])
async def test_an_upwork_hourly_contract_is_approved_not_accepted(code: str, delivered: bool) -> None:
    """`/gig accepted` on an Upwork hourly contract answered "#1 is now accepted, hours billed weekly" and
    "Recorded as accepted" (「検収完了・時間分は毎週請求」「検収完了として記録しました」): Upwork has no
    acceptance; its client approves, as the fixed-price stage is named."""
    lines = [
        say("u", '/gig add "API" client:ACME platform:upwork rate:40 stage:funded', at(12, 1, 10)),
        say("u", "/gig log 1 5", at(12, 1, 10, 1)),
    ]
    if delivered:
        lines.append(say("u", "/gig delivered 1", at(12, 1, 10, 2)))
    lines += [say("u", "/gig accepted 1", at(12, 1, 11)), say("u", "/gig show 1", at(12, 1, 12))]
    replies = await stories.replies_at(code, lines, at(12, 1, 13), platform="upwork")
    said = replies[at(12, 1, 11)] + "\n" + replies[at(12, 1, 12)]
    assert {"en": "accepted", "ja": "検収"}[code] not in said, said
    assert {"en": "approved", "ja": "承認済み"}[code] in replies[at(12, 1, 11)], said


@pytest.mark.parametrize("code", LANGS)
async def test_a_message_claiming_acceptance_on_lancers_is_echoed_as_the_payments_confirmation(
    code: str,
) -> None:
    """A Lancers message saying 「検収が完了しました」 was echoed "The message says the work is accepted"
    (「メッセージには検収済みとありますが」): on Lancers what the client does is confirm the payment, and that
    is what the reader finds on Lancers itself."""
    lines = [say("u", "/gig check 検収が完了しました。ご確認ください。", at(12, 1, 10))]
    text = (await stories.replies_at(code, lines, at(12, 1, 11), platform="lancers"))[at(12, 1, 10)]
    assert {"en": "accepted", "ja": "検収済み"}[code] not in text, text
    said = {
        "en": "The message says the payment is confirmed",
        "ja": "メッセージには支払い確定済みとありますが",
    }
    assert said[code] in text, text
