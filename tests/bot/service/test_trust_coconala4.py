"""The fourth Coconala round: step names in errors, the cancellation-request reminder, a payment recorded
on work never purchased, and `/gig help`, each read as a Coconala seller reads them. Each test is a story
played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("step", ["acceptance_nudge", "named"])
async def test_a_step_of_another_stage_is_named_in_coconalas_words(code: str, step: str) -> None:
    """`/gig done 1 acceptance_nudge` on a purchased order, not yet delivered: the error named the step
    「検収のお願い」 ("acceptance nudge"), a word Coconala never uses. It now names it as Coconala's buyer
    approval (承諾) of the formal delivery, a name the command also takes."""
    if step == "named":
        step = {"en": '"asking for approval"', "ja": "承諾のお願い"}[code]
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(12, 1, 9, 1)),
            say("u", f"/gig done 1 {step}", at(12, 1, 9, 2)),
            end(at(12, 1, 9, 3)),
        ]
    )
    [error] = [r["text"] for r in to(records, "u", "error")]
    named = {"en": '"asking for approval" is not a step', "ja": "「承諾のお願い」は今の段階"}[code]
    assert named in error, error
    assert {"en": "acceptance", "ja": "検収"}[code] not in error, error


@pytest.mark.parametrize("code", LANGS)
async def test_the_cancellation_reminder_before_delivery_tells_how_to_record_the_answer(code: str) -> None:
    """A buyer's cancellation request on a purchased order not yet delivered: the reminder said to send it
    back but not how to record that, while the reminder after a formal delivery did. Both now give
    `/gig incoming 1 cancellation answered`."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(12, 1, 9, 1)),
            say("u", "/gig incoming 1 cancellation", at(12, 1, 9, 2)),
            end(at(12, 2, 20)),
        ]
    )
    [reminder] = [r["text"] for r in to(records, "u", "reminder") if r.get("step") == "respond_deadline"]
    assert "`/gig incoming 1 cancellation answered`" in reminder, reminder


OUTSIDE = {
    "en": "Coconala's rules forbid payment outside the platform, and money received outside it has none of",
    "ja": "ココナラを通さない支払いは規約で禁止されており、そうして受け取ったお金には",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig paid 1 amount:10000", "/gig paid 1 amount:20000", "/gig paid 1"])
async def test_a_payment_on_work_never_purchased_is_said_to_be_outside(code: str, command: str) -> None:
    """Work handed over before any purchase, then a payment recorded: the reply only counted the money,
    though the buyer can pay through Coconala only by purchasing. It is still recorded, and the reply now
    says plainly that it came outside Coconala, which forbids that, and has none of its protection."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", command, at(12, 1, 9, 3)),
            say("u", "/gig show 1", at(12, 1, 9, 4)),
            end(at(12, 1, 9, 5)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    paid = "\n".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 9, 3))
    assert OUTSIDE[code] in paid, paid
    recorded = {"en": ("Payment received", "Stage: paid"), "ja": ("入金：", "ステージ：支払い済み")}[code]
    assert any(words in replies[-1] for words in recorded), replies[-1]  # `show`: the payment is kept


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_after_the_purchase_is_not_said_to_be_outside_coconala(code: str) -> None:
    """The other side: money for a purchased, delivered order came through Coconala."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig paid 1", at(12, 1, 9, 3)),
            end(at(12, 1, 9, 5)),
        ]
    )
    paid = "\n".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 9, 3))
    assert paid
    assert OUTSIDE[code] not in paid, paid


@pytest.mark.parametrize("code", LANGS)
async def test_payment_reminders_after_a_part_paid_outside_ask_for_the_purchase(code: str) -> None:
    """Part of the fee recorded on work never purchased: the payment reminders that followed spoke of "a
    client abroad" and said to check the payment on Coconala, where there is none. They now say the money
    came outside Coconala and ask for the rest as a purchase."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 9, 3)),
            end(at(2, 2, 10, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_due_soon", "payment_deadline"):
        text = reminders[step]
        assert {"en": "came outside Coconala", "ja": "ココナラを通さずに受け取った"}[code] in text, text
        assert {"en": "by purchasing on Coconala", "ja": "ココナラで購入してもら"}[code] in text, text
        assert {"en": "abroad", "ja": "海外"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig help", "/gig help all"])
async def test_help_names_the_other_side_a_buyer_on_coconala(code: str, command: str) -> None:
    """`/gig help`'s first line watched "your clients" (クライアント) for a Coconala seller, whose other side
    Coconala calls the buyer (購入者); it now says buyers, as the rest of Coconala's help does."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", command, at(12, 1, 9, 1)),
            end(at(12, 1, 9, 2)),
        ]
    )
    [reply] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 9, 1)]
    first = reply.splitlines()[0]
    buyers = {"en": "how long your buyers stay silent", "ja": "購入者からの返信が途絶えている"}[code]
    assert buyers in first, first
