"""Sentences read against the gig's actual situation, third round: Upwork and direct gigs, in both
languages. Each test is a story whose reply used to be untrue, or worded for another platform, for the
gig it spoke of."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_terms_do_not_ask_the_client_how_they_will_pay(code: str) -> None:
    """On Upwork the fee is paid through Upwork, and its terms forbid paying outside it: a request that
    asks the client how they will pay invites exactly that. The terms show the method as Upwork's and the
    draft asks for the rest, as on Coconala."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Landing page" client:Acme stage:funded amount:500'),
            say("u", "/gig terms 1"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert "how the fee will be paid" not in text  # the draft is in English, the gig's language
    assert "Upwork" in text.split("\n")[6]


@pytest.mark.parametrize("code", LANGS)
async def test_ending_a_submitted_upwork_contract_is_no_early_termination_request(code: str) -> None:
    """Only CrowdWorks has a procedure called the early-termination request; on Upwork the worker ends
    the contract. The refusal of /gig terminate after a submission names what the worker would do there."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Logo" client:Bob stage:funded amount:300'),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig terminate 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    text = to(records, "u", "warning")[-1]["text"]
    assert ("termination" not in text) if code == "en" else ("途中終了をリクエスト" not in text)
    assert ("Ending the contract" in text) if code == "en" else ("契約を終了すると" in text)


async def test_the_japanese_upwork_acceptance_nudge_counts_the_release_from_the_submission() -> None:
    """The nudge comes three business days after the submission: a release "14 days later" (14日後) would
    read as 14 days from the nudge, days after Upwork releases it. The English says "after those 14 days"
    (of the review period, from the submission); the Japanese says from when."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform="upwork"),
            say("u", '/gig add "Logo" client:Bob stage:funded amount:300'),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(12, 8)),
        ]
    )
    text = next(r["text"] for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge")
    assert "は14日後に" not in text
    assert "提出から14日が過ぎると" in text


@pytest.mark.parametrize("code", LANGS)
async def test_vetting_an_upwork_client_asks_only_for_what_its_profile_shows(code: str) -> None:
    """An Upwork client's profile shows whether their payment method is verified, and has no automatic
    (system) ratings, a CrowdWorks signal: /gig vet on Upwork never asks the user to look for them, and
    reads the verification as Upwork's."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", "/gig vet Acme verified:no rating:4.9"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert "auto_ratings" not in text
    assert ("automatic" not in text) if code == "en" else ("自動評価" not in text)
    unverified = {"en": "Payment method not verified", "ja": "支払い方法が確認されていません"}
    assert unverified[code] in text


async def test_settling_a_direct_gig_invoices_the_work_done_not_the_whole_fee() -> None:
    """Before ending direct work early the worker invoices what is done so far, as the Japanese and the
    draft say; "an invoice for the fee with the work done so far" read as the whole agreed fee."""
    records = await simulate_records(
        [
            setting("u", lang="en", platform="direct"),
            say("u", '/gig add "Brochure" client:Sato stage:funded amount:80000'),
            say("u", "/gig settle 1"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert "invoice for the fee" not in text
    assert "invoice for the work done so far" in text


@pytest.mark.parametrize(("code", "platform"), [(c, p) for c in LANGS for p in ("direct", "upwork")])
async def test_the_evidence_pack_of_a_gig_added_after_delivery_dates_no_contract_it_never_recorded(
    code: str, platform: str
) -> None:
    """A gig added at `delivered` with `since:` records when the work was delivered; the contract (and on
    an escrow platform the funding taken for granted) came at some time before. The evidence pack is
    read by support or a consultation desk: it says "on or before" that day, never that the contract was
    made the day of the delivery."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Poster" client:Ono stage:delivered amount:500 since:2026-11-27'),
            say("u", "/gig timeline 1 pack"),
            end(at(12, 2)),
        ]
    )
    pack = next(r["text"] for r in to(records, "u", "reply") if r["text"].startswith("# "))
    bound = {"en": "on or before Fri 27 Nov 2026", "ja": "2026年11月27日（金）以前"}[code]
    contract = {"en": "Contract: ", "ja": "契約："}[code]
    assert contract + bound in pack
    if platform == "upwork":
        assert {"en": "Milestone funded: ", "ja": "マイルストーンへの入金："}[code] + bound in pack
    # in the platform's own word, as `show` and the timeline say it: Upwork work is submitted
    delivered = (
        {"en": "Delivered", "ja": "納品"} if platform == "direct" else {"en": "Submitted", "ja": "提出"}
    )
    assert {"en": f"{delivered['en']}: Fri 27 Nov 2026", "ja": f"{delivered['ja']}：2026年11月27日（金）"}[
        code
    ] in pack


@pytest.mark.parametrize("code", LANGS)
async def test_a_refund_request_before_submission_speaks_of_no_automatic_release(code: str) -> None:
    """Upwork releases a funded milestone by itself only after a submission: a refund request on work not
    yet submitted stops no release, so the reply does not say one is "no longer" coming. After a
    submission it does."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Site" client:S stage:funded amount:900'),
            say("u", "/gig incoming 1 refund"),
            say("u", '/gig add "Logo" client:B stage:funded amount:300'),
            say("u", "/gig delivered 2", at(12, 2)),
            say("u", "/gig incoming 2 refund", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply") if r["gig"] in ("1", "2")]
    before = next(t for t in replies if t.startswith({"en": "Recorded on #1", "ja": "#1に記録"}[code]))
    after = next(t for t in replies if t.startswith({"en": "Recorded on #2", "ja": "#2に記録"}[code]))
    released = {"en": "no longer released", "ja": "自動で支払われる"}[code]
    assert released not in before
    assert released in after


@pytest.mark.parametrize("code", LANGS)
async def test_moving_a_gig_to_another_platform_keeps_the_currency_of_its_fee(code: str) -> None:
    """A fee recorded on Upwork is in dollars: correcting the gig's platform to direct (yen by default)
    does not turn $700 into ¥700. A fee recorded after the move, on a gig that had none, is in the new
    platform's currency."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Deck" client:Ann stage:funded amount:700'),
            say("u", "/gig edit 1 platform:direct"),
            say("u", "/gig show 1"),
            say("u", '/gig add "Menu" client:Abe stage:funded'),
            say("u", "/gig edit 2 platform:direct"),
            say("u", "/gig edit 2 amount:30000"),
            say("u", "/gig show 2"),
            end(at(12, 2)),
        ]
    )
    shown = [r["text"] for r in to(records, "u", "reply") if "\n" in r["text"]]
    assert {"en": "$700", "ja": "700ドル"}[code] in shown[0]
    assert {"en": "¥30,000", "ja": "30,000円"}[code] in shown[1]


@pytest.mark.parametrize("code", LANGS)
async def test_payment_reminders_for_unfunded_upwork_work_ask_for_the_escrow(code: str) -> None:
    """Work handed over on Upwork before the milestone was funded: Upwork holds nothing, so "check the
    payment on Upwork" and a draft asking when the payment "will be completed" speak of a payment that
    is not on its way. Both reminders ask the client to fund the milestone, as the acceptance nudge does."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Banner" client:Beta stage:delivered amount:300 funded:no'),
            say("u", "/gig heard 1", at(12, 2, 11)),
            end(at(2, 5, year=2027)),
        ]
    )
    texts = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_due_soon", "payment_deadline"):
        text = texts[step]
        assert ("Check the payment" not in text) if code == "en" else ("支払いの状況を確認" not in text)
        assert ("when it will be completed" not in text) if code == "en" else ("完了時期" not in text)
        assert {"en": "fund", "ja": "マイルストーンに入金"}[code] in text  # never 仮払い on Upwork
        assert "仮払い" not in text


@pytest.mark.parametrize("code", LANGS)
async def test_a_request_recorded_after_its_deadline_is_not_said_to_be_answerable(code: str) -> None:
    """Upwork processes a refund request the freelancer lets lapse (CrowdWorks ends the contract,
    Coconala cancels the order): once its deadline has passed there is nothing left to answer, so the
    error does not tell the user to answer it, but to check what the platform did and whom to ask."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "B" client:Bob stage:delivered amount:700'),
            say("u", "/gig incoming 1 refund since:8d"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "error")[-1]["text"]
    assert ("answer it" not in text) if code == "en" else ("回答してください" not in text)
    assert ("may already have" in text) if code == "en" else ("すでに" in text and "処理" in text)
    assert "Upwork" in text


@pytest.mark.parametrize(("code", "stage"), [(c, s) for c in LANGS for s in ("funded", "contracted")])
async def test_a_scope_change_on_upwork_asks_for_a_funded_milestone_for_the_extra_work(
    code: str, stage: str
) -> None:
    """On Upwork only funded milestones are protected: a fee for extra work agreed in writing is not, so
    the reply to a scope change says to have a milestone added and funded for it first; it speaks of no
    funded milestone where none was funded."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", f'/gig add "B" client:Bob stage:{stage} amount:300'),
            say("u", "/gig change 1 wants two extra banner sizes"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert {"en": "fund a milestone", "ja": "マイルストーンを追加して入金"}[code] in text
    assert {"en": "the funded milestone", "ja": "入金済みのマイルストーンを超える"}[code] not in text


async def test_a_scope_change_on_a_direct_gig_says_plainly_to_agree_its_fee_in_writing() -> None:
    """The reply said "keep agreeing fees for changes in writing", which reads as "go on agreeing": it
    says what the Japanese says, to agree the fee for the change in writing."""
    records = await simulate_records(
        [
            setting("u", lang="en", platform="direct"),
            say("u", '/gig add "A" client:Ann stage:funded amount:30000'),
            say("u", "/gig change 1 wants more pages"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert "Keep agreeing" not in text
    assert "in writing" in text


@pytest.mark.parametrize("code", LANGS)
async def test_changes_to_unfunded_handed_over_work_do_not_say_to_record_a_funding(code: str) -> None:
    """Changes asked of work handed over before the escrow was funded: `/gig funded` records that the
    client funded the escrow, so the tip must not tell the user to run it while they rework; it asks for
    the funding first, as the other texts for that situation do."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "A" client:Ann stage:delivered amount:700 funded:no'),
            say("u", "/gig change 1 wants a new font"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert ("While you rework it" not in text) if code == "en" else ("修正作業中は" not in text)
    assert {"en": "fund the milestone", "ja": "マイルストーンに入金"}[code] in text  # never 仮払い on Upwork
    assert "仮払い" not in text


@pytest.mark.parametrize(("code", "since"), [(c, s) for c in LANGS for s in ("1d", "70d")])
async def test_delivering_unfunded_upwork_work_does_not_say_to_follow_a_payment_there(
    code: str, since: str
) -> None:
    """Work handed over on Upwork before the milestone was funded: Upwork holds no payment to follow or
    check, as the warning right after says. The delivery reply leaves that to the warning."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", f'/gig add "Video" client:Kim stage:delivered amount:200 funded:no since:{since}'),
            end(at(12, 2)),
        ]
    )
    text = next(
        r["text"] for r in to(records, "u", "reply") if r["text"].startswith(("Submitted", "11月", "9月"))
    )
    assert ("payment on Upwork" not in text) if code == "en" else ("Upworkで" not in text)
