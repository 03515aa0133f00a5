"""Upwork read against its own terms, audit round of 2026-12-01: a fixed-price milestone is funded (not
"provisionally paid", the 仮払い of CrowdWorks and Lancers), released automatically 14 days after
submission, and its client is likely abroad. Each test is a story played through the simulator in both
languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

# A fixed-price Upwork contract: $500, funded on 2 Dec, submitted on Fri 4 Dec (released on 18 Dec).
FUNDED_SUBMITTED = [
    say("u", '/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1, 10)),
    say("u", "/gig funded 1", at(12, 2, 10)),
    say("u", "/gig delivered 1", at(12, 4, 10)),
]


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_texts_speak_of_the_funded_milestone_not_of_a_provisional_payment(code: str) -> None:
    """On Upwork, the Japanese texts said 仮払い, the escrow word of CrowdWorks and Lancers: the claim a
    checked message makes (「マイルストーンの仮払い済み」), the `/gig vet` footer, the settlement, the
    acceptance nudge and the scope-change tip. Upwork's own texts speak of the milestone's funding
    (マイルストーンへの入金, 入金済みのマイルストーン); all of them now do."""
    lines = [
        *FUNDED_SUBMITTED,
        say("u", "/gig vet Acme rating:4.9", at(12, 10, 10, 5)),
        say("u", '/gig check "I have funded the milestone, please start"', at(12, 10, 10, 10)),
        say("u", "/gig settle 1", at(12, 10, 10, 15)),
        say("u", "/gig change 1 three more pages", at(12, 10, 10, 20)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 10, 12))]), "u")
    texts = [r["text"] for r in out if r["at"] >= at(12, 9, 9)]
    said = "\n".join(texts)
    assert len(texts) >= 5, texts
    if code == "ja":
        assert "仮払い" not in said, said
        assert "マイルストーンに入金" in said, said
        assert "入金済みのマイルストーン" in said, said
    else:
        assert "the milestone is funded" in said, said
        assert "funded milestone" in said, said


@pytest.mark.parametrize("code", LANGS)
async def test_an_unpaid_report_on_a_funded_submission_follows_upworks_release_not_the_acts_60_days(
    code: str,
) -> None:
    """`/gig report Acme unpaid gig:1` on a funded milestone submitted on 4 Dec was refused until the
    Freelance Act's 60th day (1 Feb), though Upwork releases the milestone by itself on 18 Dec, 14 days
    after the submission (the auto_release_notice's day), and the Act may not bind a client abroad. Before
    that day the refusal names the release; after it, the milestone was released, so the fee was not left
    unpaid: record it, or ask Upwork's support if it did not come."""
    lines = [
        *FUNDED_SUBMITTED,
        say("u", "/gig report Acme unpaid gig:1", at(12, 10, 10)),
        say("u", "/gig report Acme unpaid gig:1", at(12, 21, 10)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 21, 11))]), "u")
    before = next(r["text"] for r in out if r["at"] == at(12, 10, 10))
    after = next(r["text"] for r in out if r["at"] == at(12, 21, 10))
    release = {"en": "Fri 18 Dec 2026", "ja": "2026年12月18日（金）"}[code]
    act_day = {"en": "Mon 1 Feb 2027", "ja": "2027年2月1日（月）"}[code]
    for text in (before, after):
        assert release in text, text
        assert act_day not in text, text
    assert {"en": "may not bind a client abroad", "ja": "海外のクライアントには"}[code] in before, before
    assert {"en": "releases it to you automatically", "ja": "自動的に支払われます"}[code] in before
    assert "`/gig accepted 1`" in after, after
    assert {"en": "support", "ja": "サポート"}[code] in after, after
    reports = [r for r in out if r["kind"] == "reply" and r["at"] in (at(12, 10, 10), at(12, 21, 10))]
    assert reports == [], reports  # neither report was saved


@pytest.mark.parametrize("code", LANGS)
async def test_an_unpaid_report_on_a_milestone_sent_back_for_changes_says_the_act_may_not_bind(
    code: str,
) -> None:
    """With changes asked of the submission, Upwork holds the milestone until the work is submitted again,
    so a report before the Freelance Act's 60th day is refused by that day: the refusal said the Act sets
    it, as if it bound the client, though an Upwork client is likely abroad. It now says the Act may not."""
    lines = [
        *FUNDED_SUBMITTED,
        say("u", "/gig change 1 new hero image", at(12, 7, 10)),
        say("u", "/gig report Acme unpaid gig:1", at(12, 21, 10)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 21, 11))]), "u")
    refusal = next(r["text"] for r in out if r["at"] == at(12, 21, 10))
    assert {"en": "Mon 1 Feb 2027", "ja": "2027年2月1日（月）"}[code] in refusal, refusal
    assert {"en": "may not bind a client abroad", "ja": "海外のクライアントには"}[code] in refusal, refusal


@pytest.mark.parametrize("code", LANGS)
async def test_an_unfunded_upwork_contract_asks_for_the_milestone_to_be_funded(code: str) -> None:
    """A fixed-price Upwork contract whose milestone is never funded, with two hours worked, read through
    its ladder and its views: its stage was 「契約済み・仮払い前」, its tip, warning, nudge, deadline notice,
    termination request, `show`, evidence pack and settlement spoke of 仮払い (in English, of "the
    escrow"), which Upwork's client never does: they fund a milestone. Every one now says so."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1, 10)),
        say("u", "/gig log 1 2", at(12, 1, 10, 5)),
        say("u", "/gig show 1", at(12, 21, 10)),
        say("u", "/gig timeline 1 pack", at(12, 21, 10, 5)),
        say("u", "/gig settle 1 rate:50", at(12, 21, 10, 10)),
        say("u", '/gig add "Logo" client:Delta amount:300 stage:funded', at(12, 21, 10, 15)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 21, 11))]), "u")
    said = "\n".join(r["text"] for r in out)
    steps = {r["step"] for r in out if r["kind"] == "reminder"}
    assert {"nudge", "deadline_notice", "termination_request"} <= steps, steps
    if code == "ja":
        assert "仮払い" not in said, said
        labels = (
            "契約済み・マイルストーン入金前",
            "マイルストーンにまだ入金されていません",
            "マイルストーン入金済み",
        )
        for words in labels:
            assert words in said, words
    else:
        assert "escrow" not in said.lower(), said
        labels = ("contracted, milestone not funded", "the milestone is still not funded", "milestone funded")
        for words in labels:
            assert words in said, words


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_work_is_submitted_and_approved_in_its_labels_and_reminders(code: str) -> None:
    """On Upwork the worker submits the work and the client approves it (Upwork's own words, and those of
    its other texts here): the stage was still called 納品済み/検収完了 and the reminder 「検収のお願い」, and
    work submitted before the milestone was funded got a reminder that asked for 仮払い and spoke, in
    its draft to the client, of 検収. They now speak of submission, approval and the milestone's funding."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded lang:ja', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig list", at(12, 2, 10, 5)),
        say("u", '/gig add "Logo" client:Delta amount:300 stage:contracted lang:ja', at(12, 2, 11)),
        say("u", "/gig delivered 2", at(12, 2, 11, 5)),
        say("u", "/gig accepted 1", at(12, 10, 10)),
        say("u", "/gig show 1", at(12, 10, 10, 5)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 10, 11))]), "u")
    listed = next(r["text"] for r in out if r["at"] == at(12, 2, 10, 5))
    shown = next(r["text"] for r in out if r["at"] == at(12, 10, 10, 5))
    unfunded = next(r["text"] for r in out if r["step"] == "acceptance_nudge" and r["gig"] == "2")
    if code == "ja":
        assert "提出済み" in listed, listed
        assert "「承認のお願い」" in listed, listed
        assert "ステージ：承認済み" in shown, shown
        assert "仮払い" not in unfunded, unfunded
        assert "検収" not in unfunded, unfunded
        assert "マイルストーンに入金" in unfunded, unfunded
    else:
        assert "submitted" in listed, listed
        assert "Next: asking for approval on" in listed, listed
        assert "Stage: approved" in shown, shown
        assert "escrow" not in unfunded, unfunded
        assert "the milestone" in unfunded, unfunded


SUBMITTED_TIP = {
    "en": (
        "within 14 days, Upwork releases the funded milestone to you automatically",
        "Upwork has already released the funded milestone",
    ),
    "ja": (
        "14日以内に承認も修正依頼もしなければ、入金済みのマイルストーンはUpworkから自動で支払われます",
        "入金済みのマイルストーンはUpworkがすでに自動で支払っているはずです",
    ),
}


@pytest.mark.parametrize("code", LANGS)
async def test_submitting_a_funded_milestone_says_when_upwork_releases_it(code: str) -> None:
    """The tip on submitting a funded milestone spoke only of the Act's 60th day and of following the
    payment: the 14-day release, the one thing Upwork does on its own, went unsaid. Submitted long ago
    (`since:`), the release is behind, and the tip says to look for it and record it."""
    ahead, behind = SUBMITTED_TIP[code]
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10, 1)),
        say("u", '/gig add "Icon" client:Mole amount:300 stage:funded', at(12, 1, 10, 2)),
        say("u", "/gig delivered 2 since:20d", at(12, 1, 10, 3)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 1, 11))]), "u")
    now = "\n".join(r["text"] for r in out if r["at"] == at(12, 1, 10, 1))
    long_ago = "\n".join(r["text"] for r in out if r["at"] == at(12, 1, 10, 3))
    assert ahead in now, now
    assert behind not in now, now
    assert behind in long_ago, long_ago
    assert ahead not in long_ago, long_ago
    assert "`/gig accepted 2`" in long_ago
