"""Stage moves audited for trust: a move backwards never loses a recorded fact without a word, a closed gig
is not closed again as paid by a slip, and a reply never says the opposite of what happens next. Each test
is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def _run(
    code: str, lines: list[dict[str, str]], until: str, platform: str = "crowdworks"
) -> list[dict[str, str]]:
    records = await simulate_records(
        [setting("u", lang=code, platform=platform, tz="Asia/Tokyo"), *lines, end(until)]
    )
    return to(records, "u")


def _at(out: list[dict[str, str]], when: str) -> list[dict[str, str]]:
    return [r for r in out if r["at"] == when]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("target", ["相談中", "negotiating", "contracted"])
async def test_moving_a_funded_gig_back_before_the_escrow_asks_first_and_says_what_is_forgotten(
    code: str, target: str
) -> None:
    """`/gig move 1 相談中` on a funded gig erased the escrow's funding without a word: `show` then said
    "Escrow: not funded" and the ladder asked for a deposit the client had made. The move is now refused
    until repeated with `confirm`, naming the funding it would forget and what to type for an ended
    contract; with `confirm` it goes through."""
    lines = [
        say("u", '/gig add "LP" client:ACME stage:contracted', at(12, 1, 10)),
        say("u", "/gig funded 1", at(12, 1, 11)),
        say("u", f"/gig move 1 {target}", at(12, 1, 12)),
        say("u", "/gig show 1", at(12, 1, 13)),
        say("u", f"/gig move 1 {target} confirm", at(12, 1, 14)),
        say("u", "/gig show 1", at(12, 1, 15)),
    ]
    out = await _run(code, lines, at(12, 1, 16))
    [refusal] = _at(out, at(12, 1, 12))
    assert refusal["kind"] == "error", out
    text = refusal["text"]
    assert {"en": '"escrow funded" on Tue 1 Dec', "ja": "12月1日（火）に「仮払い済み」"}[code] in text, text
    command = "negotiating" if target in ("相談中", "negotiating") else "contracted"
    assert f"`/gig move 1 {command} confirm`" in text, text
    assert "`/gig terminate 1`" in text, text
    shown = _at(out, at(12, 1, 13))[0]["text"]
    assert {"en": "Escrow funded", "ja": "仮払い：12月1日（火）に完了"}[code] in shown, shown
    moved = _at(out, at(12, 1, 14))[0]
    assert moved["kind"] == "reply", out
    shown = _at(out, at(12, 1, 15))[0]["text"]
    assert {"en": "Escrow: not funded", "ja": "仮払い：未完了"}[code] in shown, shown


@pytest.mark.parametrize("code", LANGS)
async def test_a_purchased_coconala_order_moved_back_asks_first_in_its_own_words(code: str) -> None:
    """On Coconala the funding is the buyer's purchase: the refusal speaks of the purchase, not an escrow."""
    lines = [
        say("u", '/gig add "Logo" client:Sato stage:funded', at(12, 1, 10)),
        say("u", "/gig move 1 negotiating", at(12, 1, 11)),
    ]
    out = await _run(code, lines, at(12, 1, 12), platform="coconala")
    [refusal] = _at(out, at(12, 1, 11))
    assert refusal["kind"] == "error", out
    assert {"en": "forgets the purchase", "ja": "購入の記録が消え"}[code] in refusal["text"], refusal
    assert "`/gig move 1 negotiating confirm`" in refusal["text"], refusal


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    "command", ["/gig move 1 paid", "/gig move 1 支払い済み", "/gig move 1 paid confirm"]
)
async def test_a_withdrawn_offer_is_not_closed_as_paid_by_a_move(code: str, command: str) -> None:
    """`/gig move 1 paid` on an offer withdrawn before any contract closed it "paid in full. Well done."
    without `confirm`, though `/gig paid 1` refuses a gig with no contract. It is refused, also with
    `confirm`, and says how to reopen it as a contract first."""
    lines = [
        say("u", '/gig add "LP" client:ACME', at(12, 1, 10)),
        say("u", "/gig withdraw 1", at(12, 1, 11)),
        say("u", command, at(12, 1, 12)),
        say("u", "/gig list all", at(12, 1, 13)),
    ]
    out = await _run(code, lines, at(12, 1, 14))
    [refusal] = _at(out, at(12, 1, 12))
    assert refusal["kind"] == "error", out
    assert "`/gig move 1 contracted confirm`" in refusal["text"], refusal
    assert "`/gig paid 1`" in refusal["text"], refusal
    listing = _at(out, at(12, 1, 13))[0]["text"]
    assert {"en": "withdrawn", "ja": "辞退"}[code] in listing, listing


@pytest.mark.parametrize("code", LANGS)
async def test_a_terminated_contract_is_recorded_as_paid_only_with_confirm(code: str) -> None:
    """A closed contract moved to paid changes how it is recorded as ended: asked first, like any move of
    a closed gig, and done with `confirm`."""
    lines = [
        say("u", '/gig add "LP" client:ACME stage:contracted', at(12, 1, 10)),
        say("u", "/gig terminate 1", at(12, 1, 11)),
        say("u", "/gig move 1 paid", at(12, 1, 12)),
        say("u", "/gig move 1 paid confirm", at(12, 1, 13)),
    ]
    out = await _run(code, lines, at(12, 1, 14))
    [refusal] = _at(out, at(12, 1, 12))
    assert refusal["kind"] == "error", out
    assert "`confirm`" in refusal["text"], refusal
    [done] = _at(out, at(12, 1, 13))
    assert done["kind"] == "reply", out
    assert {"en": "paid in full and closed", "ja": "全額入金を記録し"}[code] in done["text"], done


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_added_as_paid_is_not_told_about_advice_on_its_escrow(code: str) -> None:
    """`/gig add … stage:paid` said "I take it #1 was escrow funded … or I would give advice for money that
    is not there", though a gig paid in full is closed and gets no advice. Nothing is said of the escrow
    then; a gig added as accepted, which that assumption closes, is told so and how to keep it open."""
    lines = [
        say("u", '/gig add "LP" client:ACME stage:paid', at(12, 1, 10)),
        say("u", '/gig add "Logo" client:Sato stage:accepted', at(12, 1, 11)),
    ]
    out = await _run(code, lines, at(12, 1, 12))
    paid = _at(out, at(12, 1, 10))
    assert len(paid) == 1, paid
    assert {"en": "I take it", "ja": "ものとして扱います"}[code] not in paid[0]["text"], paid
    accepted = " ".join(r["text"] for r in _at(out, at(12, 1, 11)))
    assert {"en": "the gig is closed", "ja": "案件を終了しました"}[code] in accepted, accepted
    assert "funded:no" in accepted, accepted
    assert {"en": "would give advice", "ja": "案内になってしまいます"}[code] not in accepted, accepted


@pytest.mark.parametrize("code", LANGS)
async def test_an_offer_added_with_an_old_since_says_its_reminder_comes_now(code: str) -> None:
    """An offer added with `since:` two months back replied "No reminder scheduled", and the withdrawal
    suggestion, overdue, arrived the same minute. The reply now names the step that follows at once."""
    lines = [say("u", '/gig add "LP" client:ACME since:2026-10-01', at(12, 1, 10))]
    out = await _run(code, lines, at(12, 1, 11))
    reply, reminder = _at(out, at(12, 1, 10))
    assert reply["kind"] == "reply", out
    assert reminder["kind"] == "reminder", out
    assert reminder["step"] == "withdraw_suggestion", reminder
    text = reply["text"]
    untrue = {"en": "No reminder scheduled", "ja": "予定しているリマインダーはありません。"}
    assert untrue[code] not in text, text
    said = {
        "en": "Already due: withdrawal suggestion, sent right below",
        "ja": "「辞退の検討」の時期をすでに過ぎて",
    }
    assert said[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_contract_added_with_an_old_since_names_the_step_now_and_the_next(code: str) -> None:
    """A contract silent for long: the catch-up comes at once, and the reply names it and the step after."""
    lines = [say("u", '/gig add "LP" client:ACME stage:contracted since:2026-11-20', at(12, 1, 10))]
    out = await _run(code, lines, at(12, 1, 11))
    reply = _at(out, at(12, 1, 10))[0]
    assert reply["kind"] == "reply", out
    reminder = next(r for r in _at(out, at(12, 1, 10)) if r["kind"] == "reminder")
    assert {"en": "Already due:", "ja": "すでに過ぎているため"}[code] in reply["text"], reply
    # one reply, its two sentences joined as the language joins them (no space after 。 in Japanese)
    joined = {"en": "sent right below. Next:", "ja": "お知らせします。次は"}[code]
    assert joined in reply["text"], reply
    assert reminder["step"], reminder


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("written", ["Nov 28", "28 Nov", "November 28"])
async def test_a_since_date_with_an_english_month_name_is_read(code: str, written: str) -> None:
    """`since:Nov 28` was refused ("Nov" is not a valid start of the silence): English month names are
    now read as the date they name, before or after the day."""
    lines = [
        say("u", f"/gig add Logo client:Bob stage:contracted since:{written}", at(12, 1, 10)),
        say("u", "/gig show 1", at(12, 1, 11)),
    ]
    out = await _run(code, lines, at(12, 1, 12))
    added = _at(out, at(12, 1, 10))[0]
    assert added["kind"] == "reply", out
    shown = _at(out, at(12, 1, 11))[0]["text"]
    assert {"en": "Sat 28 Nov 2026", "ja": "2026年11月28日（土）"}[code] in shown, shown


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("written", ["Dec 3", "3 Dec"])
async def test_an_english_month_date_just_ahead_is_refused_like_digits(code: str, written: str) -> None:
    """The year-ahead rule holds for month names: `since:Dec 3` on 1 December is refused as ahead,
    naming last year's date in full, not read as a year ago."""
    lines = [say("u", f"/gig add Logo client:Bob since:{written}", at(12, 1, 10))]
    out = await _run(code, lines, at(12, 1, 11))
    [error] = _at(out, at(12, 1, 10))
    assert error["kind"] == "error", out
    assert "`since:2025-12-03`" in error["text"], error


@pytest.mark.parametrize("code", LANGS)
async def test_a_closed_funded_gig_moved_back_says_it_reopens_and_forgets_the_funding(code: str) -> None:
    """A terminated contract whose escrow was funded, moved back to contracted: the one question names
    both what the move does (opens the gig again) and what it forgets (the funding), and does not point
    to `terminate` for a contract already ended."""
    lines = [
        say("u", '/gig add "LP" client:ACME stage:funded', at(12, 1, 10)),
        say("u", "/gig terminate 1 confirm", at(12, 1, 11)),
        say("u", "/gig move 1 contracted", at(12, 1, 12)),
        say("u", "/gig move 1 contracted confirm", at(12, 1, 13)),
    ]
    out = await _run(code, lines, at(12, 1, 14))
    [refusal] = _at(out, at(12, 1, 12))
    assert refusal["kind"] == "error", out
    text = refusal["text"]
    assert {"en": "opens it again", "ja": "案件が再開され"}[code] in text, text
    assert {"en": '"escrow funded"', "ja": "「仮払い済み」"}[code] in text, text
    assert "`/gig move 1 contracted confirm`" in text, text
    assert "`/gig terminate 1`" not in text, text
    assert _at(out, at(12, 1, 13))[0]["kind"] == "reply", out
