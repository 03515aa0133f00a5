"""Sentences read against the gig's actual situation, played as an English-speaking freelancer on Upwork
(fixed-price and hourly) and with direct clients; each test also runs in Japanese where the text differs.
Each test is a story whose text used to be untrue for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_the_timeline_a_rating_inquiry_attaches_states_what_the_hours_are_owed(code: str) -> None:
    """A direct hourly contract, 10.25 h at $80 and $500 paid. `/gig money` and the reminders said $320 was
    still owed, but the timeline attached to `/gig rating` said "still owed: -": it had not read the hours."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Consulting" client:Soylent stage:funded rate:80 currency:USD', at(12, 1)),
            say("u", "/gig log 1 10.25", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig paid 1 amount:500", at(12, 4)),
            say("u", "/gig rating 1", at(12, 4, 11)),
            end(at(12, 4, 12)),
        ]
    )
    rating = to(records, "u", "reply")[-1]
    attached = rating.get("attachment") or rating["text"]
    owed = {"en": "still owed: $320", "ja": "未払い：320ドル"}[code]
    assert owed in attached, attached


@pytest.mark.parametrize("code", LANGS)
async def test_an_hourly_contract_made_fixed_price_says_its_escrow_is_only_assumed(code: str) -> None:
    """An Upwork hourly contract (nothing to fund) was marked at work with `/gig funded`, then given a fee:
    `show` said "Escrow funded: Tue 1 Dec" with no word that this was assumed, though no milestone was ever
    funded, and the advice went on as if $400 were held."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Cleanup" client:Cyberdyne stage:contracted rate:30', at(12, 1)),
            say("u", "/gig funded 1", at(12, 1, 11)),
            say("u", "/gig edit 1 amount:400", at(12, 2)),
            end(at(12, 2, 11)),
        ]
    )
    replies = " ".join(r["text"] for r in to(records, "u", "reply")[-3:])
    said = {"en": "/gig move 1 contracted", "ja": "/gig move 1 contracted"}[code]
    assert said in replies, replies


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_gig_never_states_the_acts_day_as_a_flat_legal_deadline(code: str) -> None:
    """An Upwork client is likely abroad: the delivery reply said the Act "may not" bind them, yet `show`,
    `list`, `money` and the weekly plan called the Act's 60th day flatly the "legal last payment day", as if
    a law set it for this client."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork", weekly="on"),
            say("u", '/gig add "Banner" client:Oscorp stage:funded amount:120', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig show 1", at(12, 2, 11)),
            say("u", "/gig list", at(12, 2, 12)),
            say("u", "/gig money", at(12, 2, 13)),
            end(at(12, 7, 12)),
        ]
    )
    texts = [r["text"] for r in to(records, "u", "reply")[-3:]] + [to(records, "u", "plan")[-1]["text"]]
    flat = {"en": "legal last payment day", "ja": "法律上の支払期日"}[code]
    hedge = {"en": "if it binds the client", "ja": "クライアントに適用される場合"}[code]
    for text in texts:
        assert flat not in text, text
        assert hedge in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_vet_does_not_time_an_acceptance_with_no_delivery_on_record(code: str) -> None:
    """An Upwork hourly contract was recorded as accepted straight from work in progress (no delivery on
    record). `/gig vet` then told the user the client took "0 days on average" from delivery to acceptance:
    a speed nobody measured, which makes a client look prompt."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Ops" client:Hooli stage:funded rate:50', at(12, 1)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig vet Hooli", at(12, 3, 11)),
            end(at(12, 3, 12)),
        ]
    )
    vet = to(records, "u", "reply")[-1]["text"]
    for untrue in ("0 days on average", "平均0日"):
        assert untrue not in vet, vet


@pytest.mark.parametrize("code", LANGS)
async def test_a_fee_corrected_below_what_was_paid_closes_the_gig_as_paid(code: str) -> None:
    """A direct client paid $600 of $1,000, then the fee was corrected to $500. The gig stayed open with
    "$0 owed", and its payment reminders ran on to a formal written demand for a payment of nothing."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Audit" client:Massive stage:delivered amount:1000 currency:USD', at(12, 1)),
            say("u", "/gig paid 1 amount:600", at(12, 2)),
            say("u", "/gig edit 1 amount:500", at(12, 2, 11)),
            end(at(3, 1, year=2027)),
        ]
    )
    assert not to(records, "u", "reminder"), to(records, "u", "reminder")
    replies = " ".join(r["text"] for r in to(records, "u", "reply")[-3:])
    assert "$600" in replies or "600ドル" in replies, replies


@pytest.mark.parametrize("code", LANGS)
async def test_settling_early_after_a_payment_invoices_only_the_rest(code: str) -> None:
    """A direct hourly client paid $400 for the first 10 h; 5 h more were logged. `/gig settle` drafted an
    invoice for $600 "for that work": sent as written, it bills the $400 a second time."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Support" client:Acme stage:funded rate:40 currency:USD', at(12, 1)),
            say("u", "/gig log 1 10", at(12, 2)),
            say("u", "/gig paid 1 amount:400", at(12, 3)),
            say("u", "/gig log 1 5", at(12, 4)),
            say("u", "/gig settle 1", at(12, 4, 11)),
            end(at(12, 4, 12)),
        ]
    )
    settle = to(records, "u", "reply")[-1]["text"]
    rest = {"en": "invoice for the remaining $200", "ja": "残りの200ドルの請求書"}[code]
    assert rest in settle, settle


@pytest.mark.parametrize("code", LANGS)
async def test_settle_after_an_hourly_delivery_names_what_was_paid(code: str) -> None:
    """Delivered, 10.25 h at $80, $500 paid: `/gig settle` said "every hour you logged is owed ($820)"
    while `/gig money` said $320."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Consulting" client:Soylent stage:funded rate:80 currency:USD', at(12, 1)),
            say("u", "/gig log 1 10.25", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig paid 1 amount:500", at(12, 4)),
            say("u", "/gig settle 1", at(12, 4, 11)),
            end(at(12, 4, 12)),
        ]
    )
    settle = to(records, "u", "reply")[-1]["text"]
    assert ("$320" if code == "en" else "320ドル") in settle, settle


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_payment_reminders_are_not_headed_as_a_legal_deadline(code: str) -> None:
    """An Upwork client is likely abroad. The payment reminders' bodies said the Act may not bind them, but
    their headings, and the step named in `show`, still said "the legal payment day has passed"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Banner" client:Oscorp stage:funded amount:120', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            # a payment day agreed before Upwork's release 14 days after the submission, which ends the track
            say("u", "/gig terms 1 pay_by:2026-12-08", at(12, 2, 10)),
            say("u", "/gig show 1", at(12, 2, 11)),
            end(at(2, 10, year=2027)),
        ]
    )
    show = to(records, "u", "reply")[-1]["text"]
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    flat = {"en": "legal payment day", "ja": "法定の支払期日"}[code]
    assert flat not in show, show
    title = reminders["payment_deadline"].splitlines()[0]
    for untrue in ("legal payment day", "法律上の支払期日"):
        assert untrue not in title, title


@pytest.mark.parametrize("code", LANGS)
async def test_an_hours_dispute_is_refused_on_a_fixed_price_contract(code: str) -> None:
    """A fixed-price Upwork milestone has no hours billed. `/gig incoming 1 dispute` was recorded anyway,
    with a 3-day deadline and a reminder to "reply with your work diary", advice for a contract the gig is
    not; the client of a fixed-price contract asks for the escrow back instead."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Icons" client:Globo stage:funded amount:250', at(12, 1)),
            say("u", "/gig incoming 1 dispute", at(12, 2)),
            end(at(12, 10)),
        ]
    )
    assert not to(records, "u", "reminder"), to(records, "u", "reminder")
    error = to(records, "u", "error")[-1]["text"]
    assert "/gig incoming 1 " + ("refund" if code == "en" else "返金") in error, error


@pytest.mark.parametrize("code", LANGS)
async def test_an_approved_upwork_milestone_is_described_by_upworks_own_payout(code: str) -> None:
    """Approval on Upwork: the reply said "withdraw it to your bank account in time", as if the balance
    lapsed, and said nothing of the five-day security period before the money can be withdrawn."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Icons" client:Globo stage:funded amount:250', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            end(at(12, 3, 11)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    assert "in time" not in tip, tip
    assert ("five-day" if code == "en" else "5日間") in tip, tip


@pytest.mark.parametrize("code", LANGS)
async def test_moving_the_time_zone_abroad_says_japans_holidays_still_count(code: str) -> None:
    """A user set `tz:America/New_York` and nothing else: business days went on skipping Japan's holidays
    (23 Nov) and counting US Thanksgiving, with only "holidays JP" in the confirmation to tell them."""
    records = await simulate_records(
        [
            setting("u", lang=code, tz="America/New_York"),
            setting("u", at(12, 2), tz="Asia/Tokyo"),
            setting("u", at(12, 3), tz="Europe/Berlin", holidays="DE"),
            end(at(12, 4)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    assert "holidays:US" in replies[0], replies
    for later in replies[1:]:  # back in Japan, or the holidays named with the zone
        assert "holidays:US" not in later, later


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_names_what_an_hourly_contract_is_owed(code: str) -> None:
    """10 h at $40 delivered, $100 paid: `/gig money` said $300 was owed, but the weekly plan's "Owed to
    you" said only "by the hour, at $40", as if no hours had been logged."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct", weekly="on"),
            say("u", '/gig add "Support" client:Acme stage:funded rate:40 currency:USD', at(12, 1)),
            say("u", "/gig log 1 10", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig paid 1 amount:100", at(12, 3, 11)),
            end(at(12, 8)),
        ]
    )
    plan = to(records, "u", "plan")[-1]["text"]
    assert ("$300" if code == "en" else "300ドル") in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_on_an_hourly_contract_with_no_hours_asks_for_the_hours(code: str) -> None:
    """$300 recorded on an hourly contract ($40 an hour) with no hours logged: the reply said "No fee is
    recorded", though an hourly contract has none by design; what is missing is the hours."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Support" client:Acme stage:funded rate:40 currency:USD', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig paid 1 amount:300", at(12, 3)),
            end(at(12, 3, 11)),
        ]
    )
    paid = next(r["text"] for r in to(records, "u", "reply") if "300" in r["text"])
    assert "/gig log 1" in paid, paid
    for untrue in ("No fee is recorded", "報酬額が登録されていない"):
        assert untrue not in paid, paid


@pytest.mark.parametrize("code", LANGS)
async def test_a_corrected_acceptance_keeps_upworks_release_date_from_the_submission(code: str) -> None:
    """Submitted on Wed 2 Dec, marked accepted by mistake on 3 Dec, then moved back to delivered (the
    reply said "nothing was delivered now"). The auto-release notice moved to 17 Dec, 14 days from the
    correction: Upwork releases the milestone 14 days from the submission, on 16 Dec."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Icons" client:Globo stage:funded amount:250', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig move 1 delivered confirm", at(12, 3, 11)),
            say("u", "/gig accepted 1", at(12, 4)),
            say("u", "/gig move 1 delivered confirm", at(12, 4, 11)),
            end(at(12, 20)),
        ]
    )
    [notice] = [r for r in to(records, "u", "reminder") if r["step"] == "auto_release_notice"]
    assert notice["at"].startswith("2026-12-16"), notice["at"]


@pytest.mark.parametrize("code", LANGS)
async def test_the_evidence_pack_of_an_upwork_gig_hedges_the_acts_day_and_dates_an_unrecorded_delivery(
    code: str,
) -> None:
    """The evidence pack (sent on to support) called the Act's day of an Upwork gig flatly the "legal last
    payment day"; and a gig moved from work straight to accepted gave its delivery the acceptance's
    moment as if it had been recorded."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Icons" client:Globo stage:funded amount:250', at(12, 1)),
            say("u", "/gig accepted 1", at(12, 3)),
            say("u", "/gig timeline 1 pack", at(12, 3, 11)),
            end(at(12, 3, 12)),
        ]
    )
    pack = next(r["text"] for r in to(records, "u", "reply") if r["text"].startswith("# "))
    hedge = {"en": "if it binds the client", "ja": "クライアントに適用される場合"}[code]
    assert hedge in pack, pack
    # Upwork's own word, as `show` and the timeline say it: the work is submitted for the milestone
    bound = {"en": "Submitted: on or before", "ja": "提出：2026年12月3日（木）以前"}[code]
    assert bound in pack, pack


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_fee_recorded_in_yen_by_default_is_pointed_out_outside_japan(code: str) -> None:
    """A freelancer in New York added a direct client's $2,000 job as `amount:2000`: it was recorded as
    ¥2,000 without a word, and every line and draft to the client named the fee in yen."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct", tz="America/New_York", holidays="US"),
            say("u", '/gig add "Site" client:Initech stage:funded amount:2000', at(12, 1)),
            say("u", '/gig add "Logo" client:Initech stage:funded amount:900 currency:USD', at(12, 2)),
            end(at(12, 2, 11)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    assert sum("currency:USD" in r for r in replies) == 1, replies


@pytest.mark.parametrize("code", LANGS)
async def test_the_history_of_an_upwork_hourly_contract_names_its_note_for_what_it_said(code: str) -> None:
    """Hours logged on an Upwork hourly contract just started get a note about tracking them in the
    Upwork app. The history (and the evidence timeline sent to support) recorded it as "work before
    payment was secured", a charge an hourly contract with nothing to fund does not bear."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Data" client:Cyberdyne stage:contracted rate:30', at(12, 1)),
            say("u", "/gig log 1 2", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 1, 13)),
        ]
    )
    timeline = to(records, "u", "reply")[-1]["text"]
    for untrue in ("work before payment was secured", "支払いの保証がないままの作業"):
        assert untrue not in timeline, timeline
