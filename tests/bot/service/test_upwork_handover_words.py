"""Upwork's freelancer submits the work (提出), where the Japanese marketplaces' worker delivers it (納品).
Texts shared by every platform, or by every client likely abroad, named the handing over as a delivery on
Upwork too: the drafts of the payment reminders ("I delivered…", 「納品いたしました」), the revision they
name, and the labels of the Freelance Act's day counted from it. Each test is a story played through the
simulator in both languages, with the same story on CrowdWorks as the control: its words stay."""

from __future__ import annotations

import re

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

WRONG = {"en": re.compile(r"\bdeliver", re.IGNORECASE), "ja": re.compile("納品")}
SUBMITTED = {"en": "I submitted", "ja": "提出いたしました"}
DELIVERED = {"en": "I delivered", "ja": "納品いたしました"}
CODE = re.compile(r"`/gig delivered[^`]*`")  # the command keeps its name


DRAFT = re.compile(r"^(?:Draft to send|そのまま使える文面)[^\n]*\n", re.MULTILINE)


def _drafts(out: list[dict[str, object]], step: str) -> list[str]:
    """The drafts to the client of the reminders of `step`: what follows the draft's label."""
    texts = [str(r["text"]) for r in to(out, "u", "reminder") if r.get("step") == step]
    return [DRAFT.split(text, maxsplit=1)[1] for text in texts if DRAFT.search(text)]


@pytest.mark.parametrize("code", LANGS)
async def test_upworks_payment_reminder_drafts_say_the_work_was_submitted(code: str) -> None:
    """An Upwork milestone never funded (then submitted again), and a funded one whose client asked for the
    escrow back: the payment reminders' drafts to the client (in the gig's language) said "I delivered
    'LP' on Thu 3 Dec (a revision of the first delivery on…)" and 「納品いたしました」. On CrowdWorks the
    same words stay."""
    lines = [
        say("u", f'/gig add "LP" client:Acme amount:500 stage:contracted lang:{code}', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10, 1)),
        say("u", '/gig add "API" client:Delta amount:300 stage:funded lang:' + code, at(12, 1, 10, 2)),
        say("u", "/gig delivered 2", at(12, 1, 10, 3)),
        say("u", "/gig incoming 2 refund", at(12, 1, 10, 4)),
        say("u", "/gig delivered 1", at(12, 3, 10)),
    ]
    out = await simulate_records(
        [setting("u", lang=code, platform="upwork"), *lines, end(at(3, 5, 12, year=2027))]
    )
    drafts = _drafts(out, "payment_due_soon") + _drafts(out, "payment_deadline")
    assert len(drafts) >= 4, [(r.get("step"), r.get("gig")) for r in to(out, "u", "reminder")]
    for draft in drafts:
        assert SUBMITTED[code] in draft, draft
        assert not WRONG[code].search(draft), draft
    revision = {"en": "(a revision of the first submission on", "ja": "の初回提出後、修正のうえ"}[code]
    assert any(revision in d for d in drafts), drafts

    control = [say("u", line["text"].replace(" lang:" + code, ""), line["at"]) for line in lines[:2]]
    crowdworks = await simulate_records(
        [setting("u", lang=code, platform="crowdworks"), *control, end(at(3, 5, 12, year=2027))]
    )
    cw_drafts = _drafts(crowdworks, "payment_deadline")
    assert cw_drafts, crowdworks
    assert all(DELIVERED[code] in d and not re.search("提出|submitted", d) for d in cw_drafts), cw_drafts


@pytest.mark.parametrize("code", LANGS)
async def test_the_acts_day_is_counted_from_the_submission_on_upwork(code: str) -> None:
    """The labels that name the Freelance Act's day counted from the handing over said "the delivery"
    (「納品日」) on Upwork: the reply to `/gig terms pay_by:none`, the payment date in `/gig terms` and
    `/gig show`, and the refusal of a report made before the Act's 60th day. On CrowdWorks they stay."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1, 10)),
        say("u", "/gig terms 1 pay_by:none", at(12, 1, 10, 1)),
        say("u", "/gig terms 1", at(12, 1, 10, 2)),
        say("u", "/gig delivered 1", at(12, 1, 10, 3)),
        say("u", "/gig show 1", at(12, 1, 10, 4)),
        say("u", '/gig add "Doc" client:Beta amount:300 stage:contracted', at(12, 1, 10, 5)),
        say("u", "/gig delivered 2", at(12, 1, 10, 6)),
        say("u", "/gig report Beta unpaid gig:2", at(12, 1, 10, 7)),
    ]
    expected = {
        "upwork": {
            "en": (
                "will count from the submission",
                "none agreed (the submission date counts as the payment date)",
                "Payment date agreed: none (the submission date counts as the payment date)",
                "the 60th day counting the submission day as day 1",
            ),
            "ja": (
                "提出日から数えます",
                "取り決めなし（提出日が支払期日になります）",
                "合意した支払期日：なし（提出日が支払期日とみなされます）",
                "提出日を1日目として数えた60日目",
            ),
        },
        "crowdworks": {
            "en": (
                "will count from the delivery",
                "none agreed (the delivery date counts as the payment date)",
                "Payment date agreed: none (the delivery date counts as the payment date)",
                "the 60th day counting the delivery day as day 1",
            ),
            "ja": (
                "納品日から数えます",
                "取り決めなし（納品日が支払期日になります）",
                "合意した支払期日：なし（納品日が支払期日とみなされます）",
                "納品日を1日目として数えた60日目",
            ),
        },
    }
    for platform, words in expected.items():
        out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 2, 12))])
        said = "\n".join(CODE.sub("", str(r["text"])) for r in to(out, "u"))
        for right in words[code]:
            assert right in said, (platform, right, said)
        if platform == "upwork":
            wrong = [line for line in said.splitlines() if WRONG[code].search(line)]
            assert wrong == [], wrong


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "crowdworks"])
async def test_the_time_of_delivered_is_named_truly_before_the_gig_is_read(code: str, platform: str) -> None:
    """`/gig delivered 1 since:zzz` is refused before the gig is read, so its platform is not known: the
    argument was named "time of delivery" (「納品した日時」), wrong for Upwork's submission. It is named in
    words true on every platform."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1, 10)),
        say("u", "/gig delivered 1 since:zzz", at(12, 1, 10, 1)),
    ]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 1, 12))])
    errors = [str(r["text"]) for r in to(out, "u", "error")]
    assert len(errors) == 1, errors
    label = {"en": "time the work was handed over (`since:`)", "ja": "作業を渡した日時（`since:`）"}[code]
    assert label in errors[0], errors
    assert not WRONG[code].search(CODE.sub("", errors[0])), errors
