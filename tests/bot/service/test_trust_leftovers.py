"""Sentences read against the gig's actual situation: small leftovers of earlier audits, each a story
whose reply used to be untrue, or worded for another situation, for the gig it spoke of."""

from __future__ import annotations

import json

import pytest

from bot.i18n import catalog as i18n
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("command", ["/gig move 1 paid", "/gig move 1 paid confirm", "/gig paid 1"])
async def test_paying_a_gig_already_paid_says_so_and_records_nothing(code: str, command: str) -> None:
    """A direct gig paid in full, then `paid` again (a slip, or a second look): the fee came once, so the
    reply says the gig is already paid, and no second payment or stage change enters its history."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "LP" client:Kato amount:50000 stage:contracted', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1", at(12, 3)),
            say("u", command, at(12, 3, 11)),
            say("u", "/gig timeline 1 json", at(12, 3, 12)),
            end(at(12, 4)),
        ]
    )
    again = [r for r in to(records, "u") if r["at"] == at(12, 3, 11)]
    paid = i18n.t(code, "stage.paid")
    assert [(r["kind"], r["text"]) for r in again] == [
        ("error", i18n.t(code, "error.same_stage", id=1, stage=paid))
    ]
    events = json.loads(to(records, "u", "reply")[-1]["text"])["events"]
    assert [e["data"].get("to") for e in events if e["kind"] in ("stage", "paid")] == ["delivered", "paid"]


SUBMITTED_LINE = {"en": "Submitted: ", "ja": "提出日："}
DELIVERY_WORDS = {"en": ("Delivered:", "delivery day"), "ja": ("納品",)}


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_speaks_of_the_submission_in_show_and_in_the_payday_basis(code: str) -> None:
    """On Upwork the freelancer submits the work for the client's approval: `show` dates the
    submission, and the Act's day is counted from the submission day, not from a "delivery"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig show 1", at(12, 2, 11)),
            end(at(12, 3)),
        ]
    )
    tip = " ".join(r["text"] for r in to(records, "u", "reply") if r["at"] == at(12, 2))
    show = to(records, "u", "reply")[-1]["text"]
    assert SUBMITTED_LINE[code] in show, show
    for word in DELIVERY_WORDS[code]:
        assert word not in tip, tip
        assert word not in show, show


LEGAL_DAY = {"en": "payment day", "ja": "支払期日"}
DELIVERED_LINE = {
    "direct": {"en": "Delivered: ", "ja": "納品日："},
    "crowdworks": {"en": "Delivered: ", "ja": "納品日："},
    "upwork": {"en": "Submitted: ", "ja": "提出日："},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "close"),
    [("direct", "/gig paid 1"), ("crowdworks", "/gig accepted 1"), ("upwork", "/gig accepted 1")],
)
async def test_show_of_a_gig_paid_in_full_names_no_legal_payment_day(
    code: str, platform: str, close: str
) -> None:
    """Paid in full, or closed when the acceptance released the escrow: no payment is to come, so `show`
    dates the delivery but no longer names the Act's last payment day, as if it were still ahead."""
    add = '/gig add "LP" client:Kato amount:50000 stage:' + (
        "contracted" if platform == "direct" else "funded"
    )
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", add, at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", close, at(12, 3)),
            say("u", "/gig show 1", at(12, 3, 11)),
            end(at(12, 4)),
        ]
    )
    show = to(records, "u", "reply")[-1]["text"]
    assert DELIVERED_LINE[platform][code] in show, show
    assert LEGAL_DAY[code] not in show, show


MOVE_AND_DATA = {
    "en": "Let's move to LINE to talk. Send me your full name and home address.",
    "ja": "LINEに移動して連絡しましょう。本名と住所を教えてください。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_check_about_a_funded_gig_reads_the_message_once(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/gig check gig:N` on a funded gig needs to know whether the message asks to move elsewhere (a sign
    the funding clears): that comes from the one reading of the message, not from a second full check
    (every sentence scored by the model again), and the reply is sent once."""
    from bot.protection.model import Model

    reads = 0
    logits = Model.logits

    def counted(self: Model, *args: object, **kwargs: object) -> object:
        nonlocal reads
        reads += 1
        return logits(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Model, "logits", counted)
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:Acme amount:50000 stage:funded', at(12, 1)),
            say("u", "/gig check gig:1 " + MOVE_AND_DATA[code], at(12, 2)),
            end(at(12, 3)),
        ]
    )
    sent = [r for r in to(records, "u") if r["at"] == at(12, 2)]
    assert [r["flags"] for r in sent] == [["personal_info"]]
    assert reads == 1
    gig_line = sent[0]["text"].split("\n\n")[-2]
    assert ("another chat tool" in gig_line) if code == "en" else ("ほかのチャットツール" in gig_line)


DEADLINE_PASSED = {"en": "The deadline you gave Acme has passed", "ja": "Acme様に伝えた期限"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("recorded", [True, False])
async def test_a_notice_recorded_as_sent_is_not_forgotten_by_a_snooze(code: str, recorded: bool) -> None:
    """The deadline notice goes out naming a reply deadline; the user records it as sent, then snoozes
    the ladder past that deadline: the termination step still says the deadline they gave has passed
    (the client was told it), not a neutral "no reply since". Without the notice recorded, the snooze
    may mean it was never sent, and the neutral wording stays."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:Acme amount:50000 stage:funded', at(12, 1)),
            say("u", "/gig sent 1", at(12, 1, 10, 1)),
            *([say("u", "/gig done 1 deadline_notice", at(12, 9, 12))] if recorded else []),
            say("u", "/gig snooze 1 1w", at(12, 9, 12, 1)),
            end(at(12, 20)),
        ]
    )
    step = [r for r in to(records, "u", "reminder") if r["step"] == "termination_request"]
    assert len(step) == 1
    assert (DEADLINE_PASSED[code] in step[0]["text"]) is recorded, step[0]["text"]


HAND_OVER_FIRST = {"en": "deliver whatever you can first", "ja": "届けられるものは先に届けましょう"}
KEEP_PARTIAL = {"en": "partial work", "ja": "途中までの成果物"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("snoozed", [False, True])
async def test_coconalas_cancellation_step_does_not_hand_over_work_before_cancelling(
    code: str, snoozed: bool
) -> None:
    """A Coconala seller who cannot finish without the buyer cancels the order and gets nothing: the step
    said to "deliver whatever you can first", which reads as handing the buyer part of the work for free
    before the cancellation refunds them. It now says to cancel only when the order cannot be delivered,
    keeping back partial work; the told and untold (snoozed) wordings alike."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:Acme amount:50000 stage:funded', at(12, 1)),
            say("u", "/gig sent 1", at(12, 1, 10, 1)),
            *([say("u", "/gig snooze 1 3d", at(12, 9, 12))] if snoozed else []),
            end(at(12, 20)),
        ]
    )
    step = [r for r in to(records, "u", "reminder") if r["step"] == "cancellation_request"]
    assert len(step) == 1
    body = step[0]["text"].split("\n\n")[1]
    assert HAND_OVER_FIRST[code] not in body, body
    assert KEEP_PARTIAL[code] in body, body


RELEASED_BY = {
    "crowdworks": {"en": "held in escrow by CrowdWorks until the client accepts", "ja": "検収で支払われます"},
    "lancers": {
        "en": "held in escrow by Lancers until the client confirms",
        "ja": "支払い確定で支払われます",
    },
    "upwork": {
        "en": "held in the funded milestone by Upwork until the client approves",
        "ja": "承認で支払われます",
    },
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", sorted(RELEASED_BY))
async def test_money_held_in_a_funded_escrow_says_what_releases_it(code: str, platform: str) -> None:
    """Delivered work whose fee sits in a funded escrow: the client has paid it in, and its release
    waits on the client's acceptance (Lancers: confirmation; Upwork: approval). `list` and `money` say so
    beside the amount, as `show` does, instead of a bare "owed" as if the client had paid nothing."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "LP" client:Acme amount:50000 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig list", at(12, 2, 11)),
            say("u", "/gig money", at(12, 2, 12)),
            end(at(12, 3)),
        ]
    )
    listed, money = (to(records, "u", "reply")[-2]["text"], to(records, "u", "reply")[-1]["text"])
    assert RELEASED_BY[platform][code] in listed, listed
    assert RELEASED_BY[platform][code] in money, money
