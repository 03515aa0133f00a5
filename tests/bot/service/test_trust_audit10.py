"""Sentences read against the gig's actual situation, round t4: the money heading, the platform's own word
for an escrow asked back, the Act's day in the acceptance nudge, a fee raised after a marketplace
release, and Lancers' own words after the completion report. Each test is a story whose text used to be
untrue for its gig, played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def replies_of(code: str, lines: list[dict[str, Any]], until: str, **settings: str) -> list[str]:
    records = await simulate_records([setting("u", at(11, 1, 9), lang=code, **settings), *lines, end(until)])
    return [r["text"] for r in to(records, "u") if r["kind"] in ("reply", "warning")]


def coconala(number: int) -> list[dict[str, Any]]:
    """A Coconala order purchased and formally delivered: the buyer paid at the purchase, and Coconala
    holds the fee until the approval."""
    add = f'/gig add "Logo{number}" client:Mori platform:coconala stage:funded amount:30000'
    return [say("u", add, at(11, 3, 10, number)), say("u", f"/gig delivered {number}", at(11, 6, 10, number))]


def direct(number: int) -> list[dict[str, Any]]:
    """Direct work delivered with a payment date still to come: the client has not paid."""
    add = f'/gig add "LP{number}" client:ACME platform:direct stage:contracted amount:50000'
    return [
        say("u", add, at(11, 2, 10, number)),
        say("u", f"/gig terms {number} pay_by:2026-11-30", at(11, 2, 11, number)),
        say("u", f"/gig delivered {number}", at(11, 5, 10, number)),
    ]


async def money_of(code: str, *gigs: list[dict[str, Any]]) -> str:
    lines = sorted((line for gig in gigs for line in gig), key=lambda line: line["at"])
    replies = await replies_of(code, [*lines, say("u", "/gig money", at(11, 6, 12))], at(11, 6, 13))
    return replies[-1]


UNPAID = {"en": "Money owed to you (", "ja": "未入金の報酬（"}


@pytest.mark.parametrize("code", LANGS)
async def test_money_does_not_head_a_coconala_order_awaiting_approval_as_unpaid(code: str) -> None:
    """`/gig money` headed a purchased, delivered Coconala order 「未入金の報酬（1件）」: the buyer paid at
    the purchase, and Coconala holds it until the approval, as the row below says."""
    text = await money_of(code, coconala(1))
    assert not text.startswith(UNPAID[code]), text
    heading = {"en": "Awaiting approval (1 gig):", "ja": "承諾待ちの報酬（1件）："}[code]
    assert text.startswith(heading), text
    assert {"en": "Total owed", "ja": "未入金の合計"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_money_heads_rows_of_both_kinds_with_words_true_of_both(code: str) -> None:
    text = await money_of(code, direct(1), coconala(2))
    heading = {"en": "Not received yet (2 gigs):", "ja": "まだ受け取っていない報酬（2件）："}[code]
    assert text.startswith(heading), text


@pytest.mark.parametrize("code", LANGS)
async def test_money_keeps_its_heading_over_unpaid_work(code: str) -> None:
    text = await money_of(code, direct(1))
    assert text.startswith(UNPAID[code]), text


async def coconala_asked_back(code: str) -> list[dict[str, Any]]:
    """A purchased, delivered Coconala order whose buyer asked to cancel it, with no outcome recorded."""
    records = await simulate_records(
        [
            setting("u", at(11, 1, 9), lang=code, weekly="on"),
            *coconala(1),
            say("u", "/gig incoming 1 cancellation", at(11, 6, 11)),
            say("u", "/gig show 1", at(11, 6, 12)),
            say("u", "/gig money", at(11, 6, 12, 1)),
            say("u", "/gig timeline 1 pack", at(11, 6, 12, 2)),
            end(at(11, 9, 12)),
        ]
    )
    return records


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_purchase_asked_back_is_not_called_an_escrow(code: str) -> None:
    """show, money, the plan and the evidence pack said the buyer asked for 「仮払い金」 / 'the escrow'
    back: on Coconala the buyer paid for a purchase, which Coconala holds; the buyer asks to cancel it."""
    records = await coconala_asked_back(code)
    replies = {r["at"]: r["text"] for r in to(records, "u", "reply")}
    [plan] = [r["text"] for r in to(records, "u", "plan") if r["at"] == at(11, 9, 9)]
    texts = {
        "show": replies[at(11, 6, 12)],
        "money": replies[at(11, 6, 12, 1)],
        "pack": replies[at(11, 6, 12, 2)],
        "plan": plan,
    }
    escrow = {"en": "escrow", "ja": "仮払い"}[code]
    cancel = {"en": "cancel", "ja": "キャンセル"}[code]
    for view, text in texts.items():
        assert escrow not in text, (view, text)
        assert cancel in text, (view, text)


# The Act's day as the texts must name it: with no payment date agreed (pay_by:none) the delivery day
# itself, and with none recorded the 60th day counting the delivery day (2026-11-05 + 59 days). A day
# already behind may be said in the past tense (でした).
PAYDAY = {
    "none": {
        "en": "Thu 5 Nov 2026 (no payment date was agreed, so the law takes the delivery date itself",
        "ja": "2026年11月5日（木）{copula}（支払期日の取り決めがないため、法律上は納品日そのものが支払期日",
    },
    "unset": {
        "en": "Sun 3 Jan 2027 (no payment date is recorded",
        "ja": "2027年1月3日（日）{copula}（支払期日が記録されていない",
    },
}


def names_payday(text: str, terms: str, code: str) -> bool:
    """Whether `text` names the Act's day with its basis, as the day it is (です) or was (でした)."""
    return any(PAYDAY[terms][code].format(copula=c) in text for c in ("です", "でした"))


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala"])
@pytest.mark.parametrize("terms", ["none", "unset"])
async def test_work_handed_over_unfunded_names_the_acts_day_as_the_terms_set_it(
    code: str, platform: str, terms: str
) -> None:
    """The acceptance nudge (and the warning at the delivery) for work handed over before the escrow or
    the purchase said the Act's '60 days from delivery' rule applies, also when the terms set no payment
    date (pay_by:none): then the Act deems the delivery day itself the payment date."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000', at(11, 2)),
        *([say("u", "/gig terms 1 pay_by:none", at(11, 2, 11))] if terms == "none" else []),
        say("u", "/gig delivered 1", at(11, 5)),
    ]
    records = await simulate_records([setting("u", at(11, 1, 9), lang=code), *lines, end(at(11, 12, 12))])
    [warning] = [r["text"] for r in to(records, "u", "warning") if r["step"] == "unfunded_work"]
    [nudge] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert names_payday(nudge, terms, code), nudge
    # the warning at the delivery states the rule, which the reply before it applies to the gig: with no
    # date agreed, the delivery day itself
    deemed = {
        "en": "or on the delivery day itself if no date was agreed",
        "ja": "取り決めがなければ納品日そのもの",
    }
    assert deemed[code] in warning, warning


# Work handed over before the money was deposited, in each platform's terms: what the nudge must say is
# still missing once the Act's day is behind.
MISSING = {
    "upwork": {"en": "milestone still unfunded", "ja": "マイルストーンへの入金がないまま"},
    "coconala": {"en": "without a purchase", "ja": "購入されないまま"},
    "crowdworks": {"en": "escrow still unfunded", "ja": "仮払いがされないまま"},
    "lancers": {"en": "escrow still unfunded", "ja": "仮払いがされないまま"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "part"),
    [("upwork", False), ("coconala", False), ("crowdworks", False), ("crowdworks", True), ("lancers", True)],
)
async def test_unfunded_acceptance_nudge_after_the_acts_day_says_the_day_passed(
    code: str, platform: str, part: bool
) -> None:
    """Handed over on Friday 6 Nov with no payment date agreed (pay_by:none), never funded or purchased:
    the Act's day is the delivery day itself, and the nudge comes on Monday or later, on its own. The
    Upwork and Coconala nudges, and the one after a part payment, still said the Act 'requires payment
    ... by Fri 6 Nov 2026', a day already behind."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000', at(11, 2)),
        say("u", "/gig terms 1 pay_by:none", at(11, 2, 11)),
        *([say("u", "/gig paid 1 amount:10000", at(11, 4))] if part else []),
        say("u", "/gig delivered 1", at(11, 6)),
    ]
    records = await simulate_records([setting("u", at(11, 1, 9), lang=code), *lines, end(at(11, 20, 12))])
    [nudge] = [r for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert nudge["at"] > at(11, 7), nudge
    text = str(nudge["text"])
    day = {"en": "Fri 6 Nov 2026", "ja": "2026年11月6日（金）"}[code]
    assert text.count(day) == 1, text
    ahead = {"en": "requires payment", "ja": "支払いが必要"}[code]
    assert ahead not in text, text
    passed = {"en": "that day has passed", "ja": "この日はすでに過ぎています"}[code]
    assert passed in text, text
    assert MISSING[platform][code] in text, text


# The Act's count as each platform names the handing over: Upwork's work is submitted (提出).
COUNTS_FROM = {
    "upwork": {"en": "within 60 days of the submission", "ja": "提出から60日以内"},
    "coconala": {"en": "within 60 days of the delivery", "ja": "納品から60日以内"},
    "lancers": {"en": "within 60 days of the delivery", "ja": "納品から60日以内"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", COUNTS_FROM)
async def test_unfunded_acceptance_nudge_before_the_acts_day_names_it_as_ahead(
    code: str, platform: str
) -> None:
    """Handed over unfunded on Friday 6 Nov with no payment date recorded: the Act's day is the 60th day
    (Mon 4 Jan 2027), still ahead when the nudge comes, so the nudge names it as a day the client has."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000', at(11, 2)),
        say("u", "/gig delivered 1", at(11, 6)),
    ]
    records = await simulate_records([setting("u", at(11, 1, 9), lang=code), *lines, end(at(11, 20, 12))])
    [nudge] = [r for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    text = str(nudge["text"])
    assert text.count({"en": "Mon 4 Jan 2027", "ja": "2027年1月4日（月）"}[code]) == 1, text
    assert COUNTS_FROM[platform][code] in text, text
    assert {"en": "has passed", "ja": "過ぎ"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_the_lancers_acceptance_nudge_asks_for_the_payment_to_be_confirmed(code: str) -> None:
    """The Lancers nudge after a delivery asked the client to 'complete the acceptance' (検収のお手続き):
    on Lancers the worker files the completion report (完了報告) and the client then confirms the payment
    (支払いの確定), as every other Lancers text says."""
    records = await simulate_records(
        [
            setting("u", at(11, 1, 9), lang=code),
            say("u", '/gig add "LP" client:ACME platform:lancers stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 5)),
            say("u", "/gig show 1", at(11, 5, 11)),
            end(at(11, 12, 12)),
        ]
    )
    [nudge] = [r for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    [show] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(11, 5, 11)]
    text = nudge["text"]
    untrue = {"en": "complete the acceptance", "ja": "検収のお手続き"}[code]
    assert untrue not in text, text
    assert {"en": "confirm the payment", "ja": "お支払いの確定"}[code] in text, text
    assert {"en": "completion report", "ja": "完了報告"}[code] in text, text
    named = {"en": "asking to confirm the payment", "ja": "支払い確定のお願い"}[code]
    assert named in show, show


# A fee raised after the escrow was released: what the reply must say the client needs to do for the
# difference, in each platform's terms.
FOR_THE_REST = {
    "crowdworks": {"en": "fund a new escrow", "ja": "差額分の仮払い"},
    "upwork": {"en": "new milestone", "ja": "新しいマイルストーン"},
    "coconala": {"en": "new order", "ja": "新しい注文"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", FOR_THE_REST)
async def test_a_fee_raised_after_the_release_says_what_came_in_and_what_the_rest_needs(
    code: str, platform: str
) -> None:
    """`/gig edit 1 amount:60000` on a marketplace gig closed at acceptance with its escrow of 50,000
    released replied only 'Updated': the 50,000 released is what came in, and the 10,000 more was never
    in the escrow, so the platform pays nothing of it until the client funds it (a new escrow, an Upwork
    milestone, a new Coconala order)."""
    replies = await replies_of(
        code,
        [
            say("u", f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 5)),
            say("u", "/gig accepted 1", at(11, 6)),
            say("u", "/gig edit 1 amount:60000", at(11, 9)),
        ],
        at(11, 9, 12),
    )
    text = "\n".join(replies[-3:])
    currency = (
        {"en": "¥{}", "ja": "{}円"}[code] if platform != "upwork" else {"en": "${}", "ja": "{}ドル"}[code]
    )
    assert currency.format("50,000") in text, text
    assert currency.format("10,000") in text, text
    assert FOR_THE_REST[platform][code] in text, text
    assert "`/gig edit 1 amount:50000`" in text, text
