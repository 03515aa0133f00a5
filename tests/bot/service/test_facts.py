"""Advice a freelancer can act on safely (spec sections 1 to 3), through the simulator in English and
Japanese: the gig's money facts, the Freelance Act counted from the delivery, every platform's own
mechanisms, and a catch-up that tells the truth. Each story is one the advice used to get wrong."""

from __future__ import annotations

from typing import Any

import pytest

from bot.compose import handover
from bot.i18n import catalog as i18n
from tests.conftest import simulate_records

T0 = "2026-11-20T18:00:00+09:00"  # Friday; Mon 23 Nov is a holiday in Japan


def at(month: int, day: int, hour: int = 18, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def lang(user: str, code: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "settings": {"lang": code}}


def to(records: list[dict[str, Any]], user: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and (kind is None or r["kind"] == kind)]


def steps(records: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(r["at"], r["step"]) for r in records if r["kind"] == "reminder"]


LANGS = ("en", "ja")
# The words of advice that a situation forbids, as each language writes them (advice.toml [keywords]).
PARTIAL = {"en": ("partial fee", "lower the contract amount"), "ja": ("作業済みの分", "条件変更")}
ESCROW = {"en": ("escrow",), "ja": ("仮払い",)}
PLATFORM = {
    "en": ("CrowdWorks", "the platform", "support"),
    "ja": ("クラウドワークス", "事務局", "プラットフォーム"),
}


async def test_a_termination_request_after_delivery_is_declined_never_settled() -> None:
    """The client asks to end a delivered gig: decline and contact support; no partial or lower fee."""
    for code in LANGS:
        records = await simulate_records(
            [
                lang("aiko", code),
                say("aiko", '/gig add "LP" client:ACME stage:funded amount:80000 rate:4000'),
                say("aiko", "/gig log 1 12", at(11, 21, 10)),
                say("aiko", "/gig delivered 1", at(11, 24, 10)),
                say("aiko", "/gig incoming 1 termination", at(11, 25, 10)),
                say("aiko", "/gig settle 1", at(11, 25, 11)),
                end(at(12, 3)),
            ]
        )
        received = to(records, "aiko", "reply")[-2]["text"]
        settled = to(records, "aiko", "reply")[-1]["text"]
        [reminder] = [r for r in to(records, "aiko", "reminder") if r["step"] == "respond_deadline"]
        for text in (received, settled, reminder["text"]):
            assert not any(word in text for word in PARTIAL[code]), text
        assert i18n.t(code, "draft.label") not in settled  # no lower fee drafted
        support = i18n.t(code, "support.crowdworks")
        words = handover(code, "crowdworks")
        assert i18n.t(code, "settle.situation.delivered.text", gig=1, support=support, **words) in settled
        assert (
            "80,000" not in settled.split(i18n.t(code, "settle.header", gig=1, title="LP", client="ACME"))[1]
        )
        decline = {"en": "Decline", "ja": "断り"}[code]
        assert decline in received
        assert decline in reminder["text"]
        assert {"en": "CrowdWorks support", "ja": "クラウドワークスの事務局"}[code] in reminder["text"]


async def test_heard_and_sent_after_delivery_never_move_the_delivery_date() -> None:
    """Delivered Tue 24 Nov; the client answers, then goes quiet again: the drafts still name 24 Nov as the
    delivery (Mon 7 Dec only as the day of the user's later message, which the nudge follows up on), and
    the Act's last payment day still counts from it (Fri 22 Jan 2027)."""
    for code in LANGS:
        records = await simulate_records(
            [
                lang("aiko", code),
                say("aiko", '/gig add "LP" client:ACME stage:funded'),
                say("aiko", "/gig delivered 1", at(11, 24, 10)),
                say("aiko", "/gig heard 1 will check next week", at(11, 26, 10)),
                say("aiko", "/gig sent 1 any news?", at(12, 7, 10)),
                say("aiko", "/gig show 1", at(12, 7, 11)),
                end(at(1, 26, 12, year=2027)),
            ]
        )
        delivered = {"en": "Tue 24 Nov", "ja": "11月24日（火）"}[code]
        followup = {"en": "Mon 7 Dec", "ja": "12月7日（月）"}[code]
        payday = i18n.date(code, __import__("datetime").date(2027, 1, 22))
        reminders = to(records, "aiko", "reminder")
        nudge = next(r for r in reminders if r["step"] == "acceptance_nudge" and r["at"] > at(12, 7))
        draft = nudge["text"].split(i18n.t(code, "draft.label"))[1]
        assert {"en": f"delivered on {delivered}", "ja": f"{delivered}に納品"}[code] in draft, draft
        assert {"en": f"delivered on {followup}", "ja": f"{followup}に納品"}[code] not in draft, draft
        assert {"en": f"my message of {followup}", "ja": f"{followup}にもご連絡"}[code] in draft, draft
        shown = to(records, "aiko", "reply")[-1]["text"]
        assert payday in shown
        payment = [(r["at"], r["step"]) for r in reminders if r["step"].startswith("payment")]
        # The third business day before Fri 22 Jan is Tue 19 Jan (09:00); the day after is Sat 23, so Mon.
        assert payment == [
            (at(1, 19, 9, year=2027), "payment_due_soon"),
            (at(1, 25, 9, year=2027), "payment_deadline"),
        ]
        assert all(payday in r["text"] for r in reminders if r["step"].startswith("payment"))


async def test_upwork_without_a_funded_milestone_never_says_submit_or_automatic_release() -> None:
    for code in LANGS:
        records = await simulate_records(
            [
                lang("ken", code),
                say("ken", '/gig add "API" client:Initech platform:upwork stage:contracted'),
                say(
                    "ken", '/gig add "App" client:Hooli platform:upwork stage:delivered funded:no', at(11, 21)
                ),
                end(at(12, 31)),
            ]
        )
        said = "\n".join(r["text"] for r in to(records, "ken"))
        words = {
            "en": ("submit the work", "released automatically", "automatic"),
            "ja": ("提出しましょう", "自動"),
        }
        assert not any(w in said for w in words[code])
        assert [s for _, s in steps(records)] == [
            "nudge",
            "acceptance_nudge",
            "deadline_notice",
            "termination_request",
        ]


async def test_upwork_with_a_funded_milestone_submits_instead_of_ending() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "API" client:Initech platform:upwork stage:funded'),
            say("ken", "/gig sent 1"),
            end(at(12, 8)),
        ]
    )
    notice = next(r for r in to(records, "ken", "reminder") if r["step"] == "deadline_notice")
    assert "submit the work completed so far" in notice["text"]
    assert "end" not in (notice["text"].split(i18n.t("en", "draft.label"))[1]).lower().replace("send", "")
    last = to(records, "ken", "reminder")[-1]
    assert last["step"] == "submit_work"
    assert "14 days" in last["text"]


async def test_delivered_before_the_escrow_is_warned_at_once_with_honest_advice() -> None:
    for code in LANGS:
        records = await simulate_records(
            [
                lang("mika", code),
                say("mika", '/gig add "LP" client:ACME stage:contracted'),
                say("mika", "/gig delivered 1", at(11, 21, 10)),
                end(at(12, 2)),
            ]
        )
        [warning] = to(records, "mika", "warning")
        assert (warning["at"], warning["step"]) == (at(11, 21, 10), "unfunded_work")
        later = "\n".join(r["text"] for r in to(records, "mika", "reminder"))
        # No promise that support completes the acceptance so that the worker is paid.
        promise = {"en": "complete the acceptance", "ja": "事務局側で検収"}[code]
        assert promise not in warning["text"] + later
        assert {"en": "never deposited", "ja": "預けられていない"}[code] in warning["text"]
        assert [s for _, s in steps(records)] == ["acceptance_nudge", "support_inquiry"]


async def test_a_direct_client_is_never_spoken_to_about_escrow_or_a_platform() -> None:
    for code in LANGS:
        records = await simulate_records(
            [
                lang("sora", code),
                say("sora", '/gig add "Site" client:Studio platform:direct stage:contracted amount:300000'),
                say("sora", "/gig log 1 5", at(11, 21, 10)),
                say("sora", "/gig settle 1", at(11, 21, 11)),
                say("sora", "/gig funded 1", at(11, 24, 10)),
                say("sora", "/gig delivered 1", at(12, 1, 10)),
                say("sora", "/gig terminate 1", at(12, 2, 10)),
                say("sora", "/gig show 1", at(12, 2, 11)),
                end(at(2, 5, year=2027)),
            ]
        )
        said = [r["text"] for r in to(records, "sora") if r["gig"] == "1"]
        assert len(said) > 10
        for text in said:
            assert not any(w in text for w in (*ESCROW[code], *PLATFORM[code])), text
        assert [s for _, s in steps(records)][-3:] == [
            "acceptance_nudge",
            "payment_due_soon",
            "payment_deadline",
        ]


async def test_lancers_gives_the_client_its_seven_days_before_anything_else() -> None:
    """After the contact-prompt request Lancers gives the client 7 days: no deadline or termination of the
    worker's falls inside them; after delivery the same request is the route to a confirmed payment."""
    records = await simulate_records(
        [
            say("rin", '/gig add "LP" client:ACME platform:lancers stage:funded'),
            say("rin", "/gig sent 1"),
            say("rin", '/gig add "Logo" client:Globex platform:lancers stage:funded', at(12, 1, 10)),
            say("rin", "/gig delivered 2", at(12, 1, 11)),
            end(at(12, 24)),
        ]
    )
    one = [(r["at"], r["step"]) for r in to(records, "rin", "reminder") if r["gig"] == "1"]
    assert one == [
        (at(11, 24), "nudge"),
        (at(11, 27), "platform_nudge"),
        (at(12, 7, 9), "platform_followup"),  # Sat 5 Dec 18:00, a day after the client's 7 days
    ]
    notice = next(r for r in to(records, "rin", "reminder") if r["step"] == "platform_nudge")
    assert "completion report" in notice["text"]
    assert "Fri 4 Dec 2026 18:00" in notice["text"]  # the client's deadline: 7 days after the request
    two = [s for r in to(records, "rin", "reminder") if r["gig"] == "2" for s in [r["step"]]]
    assert two == ["acceptance_nudge", "platform_nudge", "platform_followup"]
    delivered = next(
        r for r in to(records, "rin", "reminder") if r["gig"] == "2" and r["step"] == "platform_nudge"
    )
    assert "confirmed as paid" in delivered["text"]
    assert (delivered["at"], "platform_nudge") == (at(12, 8, 11), "platform_nudge")


async def test_an_old_since_tells_the_truth_and_plans_from_now() -> None:
    """Added three weeks late: one message counts the silence and says what to do now; it claims no
    deadline the user never gave, and no follow-up of a termination request comes four days later."""
    for code in LANGS:
        records = await simulate_records(
            [
                lang("aiko", code),
                say("aiko", '/gig add "LP" client:ACME stage:contracted since:3w'),
                end(at(11, 30)),
            ]
        )
        reminder, *later = to(records, "aiko", "reminder")
        assert (reminder["at"], reminder["step"]) == (T0, "deadline_notice")
        # What follows is planned from now: the termination request at the deadline the draft names.
        # Three business days for the client to answer: Tue 24, Wed 25, Thu 26 (Mon 23 is a holiday).
        assert [(r["at"], r["step"]) for r in later] == [(at(11, 26), "termination_request")]
        assert {"en": "21 days", "ja": "21日間"}[code] in reminder["text"]
        assert {"en": "contact-prompt request", "ja": "連絡催促申請"}[code] in reminder["text"]
        assert {"en": "deadline you gave", "ja": "伝えた期限"}[code] not in reminder["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_payments_close_the_gig_only_when_the_fee_is_covered(code: str) -> None:
    records = await simulate_records(
        [
            lang("yui", code),
            say("yui", '/gig add "Site" client:Studio platform:direct stage:delivered amount:100000'),
            say("yui", "/gig accepted 1", at(11, 21, 10)),
            say("yui", "/gig paid 1 amount:40000", at(11, 22, 10)),
            say("yui", "/gig list", at(11, 22, 11)),
            say("yui", "/gig paid 1 amount:60000", at(11, 25, 10)),
            say("yui", "/gig list", at(11, 25, 11)),
            end(at(2, 28, year=2027)),
        ]
    )
    replies = to(records, "yui", "reply")
    owed = {"en": "¥60,000", "ja": "60,000円"}[code]
    assert owed in replies[-4]["text"]  # the partial payment says what is still owed
    assert "Site" in replies[-3]["text"]  # accepted but not paid: still open for a direct client
    assert owed in replies[-3]["text"]  # the list says what is owed, and until when by law
    assert i18n.t(code, "reply.paid", gig=1, title="Site") == replies[-2]["text"]
    assert i18n.t(code, "reply.list_empty") == replies[-1]["text"]
    assert not [r for r in to(records, "yui", "reminder") if r["at"] > at(11, 25, 10)]


async def test_acceptance_closes_a_funded_marketplace_gig_and_pay_by_none_is_the_delivery_day() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "LP" client:ACME stage:delivered'),
            say("ken", '/gig add "Site" client:Studio platform:direct stage:delivered pay_by:none'),
            say("ken", "/gig show 2", at(11, 20, 19)),
            say("ken", "/gig accepted 1", at(11, 24, 10)),
            end(at(12, 1)),
        ]
    )
    accepted = to(records, "ken", "reply")[-1]["text"]
    assert "withdrawal request" in accepted
    shown = next(r["text"] for r in to(records, "ken", "reply") if r["text"].startswith("#2 Site"))
    assert "legal last payment day: Fri 20 Nov 2026" in shown  # no date agreed: the delivery day itself
    direct = [(r["at"], r["step"]) for r in to(records, "ken", "reminder") if r["gig"] == "2"]
    # The payment deadline is the day after that, at the delivery's time of day (Sat 18:00, so Monday).
    assert (at(11, 24, 9), "payment_deadline") in direct
    assert not [r for r in to(records, "ken", "reminder") if r["gig"] == "1" and r["at"] > at(11, 24, 10)]


async def test_terms_set_the_legal_payment_day() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "Site" client:Studio platform:direct stage:delivered'),
            say("ken", "/gig terms 1 pay_by:2026-12-10", at(11, 21, 10)),
            say("ken", "/gig terms 1 pay_by:2027-03-31", at(11, 21, 11)),
            end(at(12, 1)),
        ]
    )
    agreed, capped = (r["text"] for r in to(records, "ken", "reply")[-2:])
    assert "Thu 10 Dec 2026" in agreed
    assert i18n.t("en", "basis.agreed") in agreed
    assert "Mon 18 Jan 2027" in capped  # later than the law allows: the 60th day from 20 Nov
    assert i18n.t("en", "basis.capped", days=60) in capped


async def test_coconala_approves_automatically_and_warns_before_the_talk_room_closes() -> None:
    """The talk room warning is for work still to be delivered: after the formal delivery the order is
    approved within 72 hours, and a warning to deliver would contradict the facts."""
    records = await simulate_records(
        [
            say("nao", '/gig add "Icon" client:Buyer platform:coconala stage:funded'),
            say("rin", '/gig add "Logo" client:Buyer platform:coconala stage:funded'),
            say("nao", "/gig delivered 1", at(11, 24, 10)),
            end(at(3, 20, year=2027)),
        ]
    )
    steps_ = [(r["at"], r["step"]) for r in to(records, "nao", "reminder")]
    assert steps_[0] == (at(11, 27, 11), "auto_approval_notice")  # 72 hours, then the top of the hour
    assert "talkroom_closing" not in [step for _, step in steps_]
    assert (at(3, 10, year=2027), "talkroom_closing") in [
        (r["at"], r["step"]) for r in to(records, "rin", "reminder")
    ]
    # The buyer paid at purchase: once approved, nothing is owed by them, so no payment reminder follows.
    assert not [step for _, step in steps_ if step.startswith("payment_")]


async def test_coconala_approval_does_not_wait_for_the_buyers_silence_and_nothing_asks_them_to_pay() -> None:
    """Weeks after the automatic approval the payment reminders used to ask the buyer to "review it and
    complete the order", and `heard` cancelled the approval check, which no reply of the buyer stops."""
    records = await simulate_records(
        [
            say("yui", '/gig add "Portrait" client:Suzu platform:coconala stage:funded', at(11, 20, 10)),
            say("yui", "/gig delivered 1", at(2, 20, 10, year=2027)),
            say("yui", "/gig move 1 funded", at(2, 22, 10, year=2027)),
            say("yui", "/gig delivered 1", at(3, 12, 10, year=2027)),
            say("yui", "/gig heard 1", at(3, 13, 10, year=2027)),
            end(at(4, 30, year=2027)),
        ]
    )
    reminders = to(records, "yui", "reminder")
    assert [(r["at"], r["step"]) for r in reminders] == [
        (at(3, 10, 10, year=2027), "talkroom_closing"),
        (at(3, 15, 11, year=2027), "auto_approval_notice"),  # 73 hours after the second formal delivery
    ]
    approval = reminders[-1]["text"]
    assert "paid at purchase" in approval
    assert "/gig accepted 1" in approval
    assert "complete the order" not in approval


async def test_the_timeline_carries_the_facts() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "Site" client:Studio stage:funded amount:50000'),
            say("ken", "/gig delivered 1", at(11, 24, 10)),
            say("ken", "/gig terms 1 pay_by:none", at(11, 24, 11)),
            say("ken", "/gig paid 1 amount:20000", at(11, 25, 10)),
            say("ken", "/gig timeline 1 json", at(11, 25, 11)),
            say("ken", "/gig timeline 1", at(11, 25, 12)),
            end(at(11, 26)),
        ]
    )
    import json

    exported, table = (r["text"] for r in to(records, "ken", "reply")[-2:])
    facts = json.loads(exported)["facts"]
    assert facts == {
        "funded_at": "2026-11-20T18:00+09:00",
        "delivered_at": "2026-11-24T10:00+09:00",
        "delivered_on": "2026-11-24",
        "pay_by": "none",
        "last_payment_day": "2026-11-24",
        "amount": 50000.0,
        "paid": 20000.0,
        "owed": 30000.0,
        "released": None,
        "currency": "JPY",
    }
    assert "legal last payment day: Tue 24 Nov 2026" in table
    assert "¥30,000" in table


async def test_the_way_out_of_an_assumed_escrow_leaves_one_gig() -> None:
    """A gig added after delivery on an escrow platform is taken as funded; the reply's way out, when it
    was not, is the command sequence that leaves one gig with the right fact, not a second gig."""
    records = await simulate_records(
        [
            say("lea", '/gig add "Logo" client:Vega stage:delivered'),
            say("lea", "/gig delete 1 confirm", at(11, 20, 18, 1)),
            say("lea", '/gig add "Logo" client:Vega stage:delivered funded:no', at(11, 20, 18, 2)),
            say("lea", "/gig list", at(11, 20, 18, 3)),
            end(at(11, 21)),
        ]
    )
    replies = to(records, "lea", "reply")
    funded = i18n.t("en", "label.funded.text")
    assert i18n.t("en", "reply.assumed_funded", gig=1, funded=funded) in [r["text"] for r in replies]
    assert "/gig delete 1 confirm" in i18n.t("en", "reply.assumed_funded", gig=1, funded=funded)
    assert "/gig delete 1 confirm" in i18n.t("ja", "reply.assumed_funded", gig=1, funded=funded)
    listing = replies[-1]["text"]
    assert "#2" in listing
    assert "#1" not in listing
