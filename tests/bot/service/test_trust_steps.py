"""Sentences read against the gig's actual situation: steps that fit where the gig stands, one message
for one moment, and words that fit what happened. Each test is a story whose text used to be untrue."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_done_refuses_a_step_of_another_stage_and_names_the_ones_that_apply(code: str) -> None:
    """`/gig done 1 termination_request` on a funded Lancers plan was recorded as evidence, though that
    request belongs to the contracted ladder (a funded plan goes through the contact-prompt request): the
    timeline then showed a step the user cannot have taken."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig done 1 termination_request", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    [error] = to(records, "u", "error")
    assert error["at"] == at(12, 1, 11)
    for step in ("`nudge`", "`platform_nudge`"):
        assert step in error["text"], error["text"]
    assert "termination_request`" not in error["text"], error["text"]
    timeline = to(records, "u", "reply")[-1]["text"]
    done = {"en": "Done:", "ja": "対応済み"}[code]
    assert done not in timeline, timeline


CALLED_OFF = {"en": ("called off", "terminated"), "ja": ("取りやめ", "途中終了")}


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_order_called_off_before_the_purchase_did_not_end_early(code: str) -> None:
    """`/gig terminate` before the buyer purchased was recorded as 途中終了 (ended early) in the reply,
    `show`, the list and the timeline: nothing was bought, so nothing ended part-way."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Mori stage:contracted amount:10000', at(12, 1)),
            say("u", "/gig terminate 1", at(12, 1, 11)),
            say("u", "/gig show 1", at(12, 1, 12)),
            say("u", "/gig list all", at(12, 1, 13)),
            say("u", "/gig timeline 1", at(12, 1, 14)),
            end(at(12, 2)),
        ]
    )
    said, untrue = CALLED_OFF[code]
    later = [r for r in to(records, "u", "reply") if r["at"] >= at(12, 1, 11)]
    assert len(later) == 4, later
    for reply in later:
        assert said in reply["text"], reply["text"]
        assert untrue not in reply["text"], reply["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_purchased_coconala_order_ended_early_is_called_cancelled(code: str) -> None:
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig terminate 1", at(12, 1, 11)),
            say("u", "/gig show 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    # A purchased order that ends is cancelled, in Coconala's own word (not "called off": it was bought).
    show = to(records, "u", "reply")[-1]["text"]
    assert {"en": "Stage: cancelled", "ja": "ステージ：キャンセル済み"}[code] in show, show
    assert CALLED_OFF[code][0] not in show, show


AHEAD = {"en": "after about 72 hours", "ja": "約72時間後に"}
BEHIND = {"en": "has already approved it", "ja": "すでに自動で承諾している"}


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_delivery_recorded_weeks_late_does_not_promise_the_approval_ahead(code: str) -> None:
    """`/gig delivered 1 since:11/10` on Dec 1 said Coconala "will approve it after about 72 hours", right
    before the notice that it should already have been approved."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig delivered 1 since:2026-11-10", at(12, 1, 11)),
            say("u", '/gig add "Icon" client:Mori stage:funded amount:10000', at(12, 1, 12)),
            say("u", "/gig delivered 2", at(12, 1, 13)),
            end(at(12, 2)),
        ]
    )
    late = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 11))
    assert AHEAD[code] not in late, late
    assert BEHIND[code] in late, late
    now = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 1, 13))
    assert AHEAD[code] in now, now


@pytest.mark.parametrize("code", LANGS)
async def test_a_japanese_draft_from_abroad_writes_the_zone_out(code: str) -> None:
    """A user in Berlin writing to a Japanese client got 「2026年12月14日（月）10:30（CET）」 in the
    deadline notice's draft: an abbreviation few readers in Japan can place. The English draft keeps it."""
    records = await simulate_records(
        [
            {"at": at(12, 1, 9), "user": "u", "settings": {"lang": code, "tz": "Europe/Berlin"}},
            say("u", '/gig add "Logo" client:Mori platform:crowdworks stage:contracted lang:ja', at(12, 1)),
            say("u", '/gig add "Icon" client:Mori platform:crowdworks stage:contracted lang:en', at(12, 1)),
            end(at(12, 20)),
        ]
    )
    notices = {r["gig"]: r["text"] for r in to(records, "u", "reminder") if r["step"] == "deadline_notice"}
    japanese, english = notices["1"].split("\n\n", 2)[-1], notices["2"].split("\n\n", 2)[-1]
    assert "（UTC+01:00）" in japanese, japanese
    assert "CET" not in japanese, japanese
    assert " CET" in english, english


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_writes_its_dates_with_the_year_as_the_rest_of_the_bot(code: str) -> None:
    """The plan listed a reminder as 「2026年11月30日（月）10:05」 and, on the next line, the legal payment
    day as 「12月1日（火）」: every other text gives that day with its year (it may fall in the next one)."""
    records = await simulate_records(
        [
            {"at": at(11, 27), "user": "u", "settings": {"lang": code, "platform": "direct", "weekly": "on"}},
            say("u", '/gig add "LP" client:Acme stage:contracted', at(11, 27, 10, 5)),
            say("u", '/gig add "Logo" client:Sato stage:delivered amount:50000 since:55d', at(11, 27, 10, 6)),
            say("u", '/gig add "Icon" client:Ito stage:delivered amount:50000 since:70d', at(11, 27, 10, 7)),
            end(at(12, 1)),
        ]
    )
    [plan] = to(records, "u", "plan")
    step = {"en": "Mon 30 Nov 2026 10:05", "ja": "2026年11月30日（月）10:05"}[code]
    payday = {"en": "Tue 1 Dec 2026", "ja": "2026年12月1日（火）"}[code]
    overdue = {"en": "Mon 16 Nov 2026", "ja": "2026年11月16日（月）"}[code]
    assert step in plan["text"], plan["text"]
    assert plan["text"].count(payday) == 2, plan["text"]  # due this week, and owed by then
    assert plan["text"].count(overdue) == 2, plan["text"]  # overdue, and owed since


# Lancers has no acceptance step: its client confirms the payment, and the stage is named so.
ACCEPTED = {
    "crowdworks": {"en": "Stage: delivered -> accepted", "ja": "ステージ変更：納品済み → 検収完了"},
    "lancers": {
        "en": "Stage: delivered -> confirmed as paid",
        "ja": "ステージ変更：納品済み → 支払い確定済み",
    },
}
# Lancers' client confirms the payment after the completion report: there is no acceptance to name.
WHY = {
    "crowdworks": {
        "en": "when the client accepts the work",
        "ja": "クライアントが検収すると仮払い金から報酬が支払われます",
    },
    "lancers": {
        "en": "when the client confirms the payment",
        "ja": "クライアントが支払いを確定すると、仮払い金から報酬が支払われます",
    },
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_paid_on_a_funded_delivery_is_recorded_as_the_acceptance_that_paid_it(
    code: str, platform: str
) -> None:
    """`/gig paid 1` on a funded, delivered marketplace gig closed it as paid with no acceptance in its
    record: on a marketplace the escrow pays only by the client's acceptance, which is what the timeline
    (the evidence) must show. A direct client's payment is still recorded as such."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1", at(12, 3)),
            say("u", "/gig timeline 1", at(12, 3, 11)),
            say(
                "u", '/gig add "Logo" client:Sato stage:delivered amount:10000 platform:direct', at(12, 3, 12)
            ),
            say("u", "/gig paid 2", at(12, 3, 13)),
            end(at(12, 4)),
        ]
    )
    said = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 3))
    assert WHY[platform][code] in said, said
    [timeline] = [r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 3, 11)]
    assert ACCEPTED[platform][code] in timeline, timeline
    assert not [r for r in to(records, "u", "reminder") if r["at"] > at(12, 3)]
    direct = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 3, 13))
    assert WHY[platform][code] not in direct, direct


NO_TERMINATION = {
    "en": "do not request early termination",
    "ja": "契約途中終了リクエストは送らないでください",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_late_payment_at_the_support_step_is_one_message(code: str) -> None:
    """An agreed payment date already past at a funded CrowdWorks delivery is raised after the acceptance
    week: at the very minute the ladder's note to support falls due. Two reminders came at once, each with
    a draft asking support to step in. One message says both: the late payment, the draft to support, and
    the note's own warning never to request termination after delivery."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig terms 1 pay_by:2026-12-01", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig timeline 1", at(12, 10)),
            end(at(12, 20)),
        ]
    )
    at_seven_days = [r for r in to(records, "u", "reminder") if r["at"] == at(12, 9)]
    [message] = at_seven_days
    assert message["step"] == "payment_deadline"
    assert NO_TERMINATION[code] in message["text"], message["text"]
    timeline = to(records, "u", "reply")[-1]["text"]
    steps = {"en": ("legal payment day passed", "support inquiry"), "ja": ("支払期日", "事務局")}[code]
    for name in steps:
        assert name in timeline.split(at(12, 9)[:10])[-1], timeline
