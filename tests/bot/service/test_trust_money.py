"""Sentences read against the gig's actual situation: money still to come, closed gigs, and what the
history says was changed. Each test is a story whose reply used to be untrue or unclear for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_scope_change_names_the_gig_apart_from_its_count(code: str) -> None:
    """The reply "Scope change #1 recorded on #1" numbered the change as gigs are numbered: it names the
    gig by number and title, and the count of changes in words of its own."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Site" client:Acme stage:funded amount:1000'),
            say("u", "/gig change 1 more pages"),
            say("u", "/gig change 1 new colours"),
            end(at(12, 2)),
        ]
    )
    first, second = (r["text"] for r in to(records, "u", "reply")[-2:])
    assert "Scope change #" not in first
    if code == "en":
        assert first.startswith('Recorded a scope change on #1 "Site" (scope changes on this gig so far: 1).')
        assert "so far: 2)" in second
    else:
        assert first.startswith("#1「Site」に仕様変更を記録しました（この案件で1件目）。")
        assert "（この案件で2件目）" in second


@pytest.mark.parametrize("code", LANGS)
async def test_an_edit_in_the_history_says_what_changed_from_what_to_what(code: str) -> None:
    """The line "Edited: platform" told the reader of the evidence that something changed, not what: a
    platform edited from CrowdWorks to Lancers re-plans the whole ladder. The history, the timeline and
    its JSON keep the values before and after."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Site" client:Acme stage:funded'),
            say("u", '/gig edit 1 platform:lancers amount:20000 title:"New site"', at(12, 3)),
            say("u", "/gig show 1", at(12, 3)),
            say("u", "/gig timeline 1 json", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    show, timeline = (r["text"] for r in to(records, "u", "reply")[-2:])
    if code == "en":
        line = 'Edited: title from "Site" to "New site"; platform from CrowdWorks to Lancers; amount from'
        assert line + " (none) to ¥20,000" in show
    else:
        line = "編集：案件名を「Site」から「New site」に変更、"
        line += "プラットフォームをクラウドワークスからランサーズに変更、報酬額を（なし）から20,000円に変更"
        assert line in show
    assert '"before": {"amount": null, "platform": "crowdworks", "title": "Site"}' in timeline
    assert '"after": {"amount": 20000' in timeline


@pytest.mark.parametrize("code", LANGS)
async def test_a_finished_upwork_hourly_contract_has_no_client_silence_to_count(code: str) -> None:
    """An Upwork hourly contract handed over is finished: nothing is accepted or released, the hours are
    billed every week. `list` and `show` counted "days of client silence" on it all the same, though no
    reminder watches that silence; they say it waits for no reply, and only the billing check is next."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Support" client:Acme stage:funded rate:30'),
            say("u", "/gig log 1 5"),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig list", at(12, 9)),
            say("u", "/gig show 1", at(12, 9)),
            end(at(12, 10)),
        ]
    )
    listed, shown = (r["text"] for r in to(records, "u", "reply")[-2:])
    for text in (listed, shown):
        assert ("silence" not in text) if code == "en" else ("日経過" not in text)
        assert ("not waiting for a reply" in text) if code == "en" else ("返信待ちではありません" in text)


@pytest.mark.parametrize("code", LANGS)
async def test_ending_a_direct_job_after_delivery_says_what_is_still_owed(code: str) -> None:
    """A direct job terminated after delivery closed with "No reminder scheduled" and no word of the
    ¥50,000 still owed for the delivered work: the payment reminders end with the gig, so the reply names
    the sum, the Act's last payment day and how to follow it, without reopening anything."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Banner" client:Bob stage:delivered amount:50000'),
            say("u", "/gig terminate 1 confirm", at(12, 2)),
            end(at(12, 3)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert ("¥50,000 is still owed" in text) if code == "en" else ("未払い：50,000円" in text)
    assert ("Fri 29 Jan 2027" in text) if code == "en" else ("2027年1月29日（金）" in text)
    assert "/gig timeline 1" in text
    assert not [r for r in records if r["kind"] == "reminder"]


@pytest.mark.parametrize("code", LANGS)
async def test_ending_a_direct_job_after_its_invoice_says_the_invoice_is_still_owed(code: str) -> None:
    """Work in progress for a direct client, invoiced for the work done so far (the ladder's last step),
    then ended: the reply says the invoice still stands and how to follow it up."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Acme stage:funded amount:100000'),
            say("u", "/gig done 1 termination_request", at(12, 2)),
            say("u", "/gig terminate 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    if code == "en":
        assert text.startswith("The invoice you sent on Wed 2 Dec for the work done so far is still owed")
    else:
        assert text.startswith(
            "12月2日（水）に送った、途中までの作業分の請求は、契約を終了しても取り消されません。"
        )


@pytest.mark.parametrize("code", LANGS)
async def test_ending_an_upwork_hourly_contract_says_the_logged_hours_are_still_to_come(code: str) -> None:
    """An Upwork hourly contract ended with 5 h logged at $30: the $150 still comes through the weekly
    billing, but the closed gig has no billing check left, so the reply names the sum and what to check."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Support" client:Acme stage:funded rate:30'),
            say("u", "/gig log 1 5"),
            say("u", "/gig terminate 1", at(12, 2)),
            end(at(12, 3)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert ("$150 for 5 h" in text) if code == "en" else ("5時間分の150ドル" in text)


@pytest.mark.parametrize("code", LANGS)
async def test_a_deposit_before_delivery_leaves_the_acceptance_nudge_asking_for_a_review(code: str) -> None:
    """A deposit paid before the delivery is no sign that the client has the work: three business days
    after the delivery the nudge asked only about "the rest of the fee". It asks them to confirm the
    work first, thanks them for the deposit and invoices the rest. A part paid after the delivery still
    asks for the rest."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Acme stage:contracted amount:1000'),
            say("u", "/gig paid 1 amount:300", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", '/gig add "Logo" client:Bob stage:delivered amount:1000', at(12, 2)),
            say("u", "/gig paid 2 amount:300", at(12, 2, 11)),
            say("u", "/gig sent 2", at(12, 2, 12)),
            end(at(12, 10)),
        ]
    )
    nudges = {r["gig"]: r["text"] for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"}
    deposit, after = nudges["1"], nudges["2"]
    if code == "en":
        assert deposit.startswith("#1 Site: the work is not confirmed yet")
        assert "Before the delivery you received a deposit" in deposit
        assert "Could you confirm that it is as agreed?" in deposit
        assert after.startswith("#2 Logo: no reply about the rest of the fee")
    else:
        assert deposit.startswith("#1「Site」：まだ内容の確認がありません")
        assert "納品前に前払い金を受け取っています" in deposit
        assert "内容に問題がないか、ご確認をお願いできますでしょうか。" in deposit
        assert after.startswith("#2「Logo」：残りの報酬について返信がありません")
