"""Trust audit, round 26: sentences round 25 left wrong for the gig's actual situation (the rest of a
part-paid fee said to be in escrow before delivery, a recorded payment date asked for again, ...). Each test
is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

HELD_AS_FACT = {"ja": "（支払われるまで{p}が預かっています）", "en": "(held in escrow by {p})"}
NEXT_UNSURE = {"ja": "次のマイルストーン", "en": "next milestone"}
NAMES = {
    "crowdworks": {"ja": "クラウドワークス", "en": "CrowdWorks"},
    "lancers": {"ja": "ランサーズ", "en": "Lancers"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_show_of_a_part_paid_gig_before_delivery_does_not_promise_the_rest_is_in_escrow(
    code: str, platform: str
) -> None:
    """Round 25 hedged the reply to `/gig paid 1 amount:50000` before delivery: a part paid then means
    milestones, and the next one may not be funded. `/gig show 1` still said the remaining ¥50,000 is held
    in escrow until it is paid out, so the worker went on with the next part on that word. It now says what
    the reply says, chosen the same way."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:100000'
    lines = [
        say("u", add, at(12, 1, 10)),
        say("u", "/gig paid 1 amount:50000", at(12, 8, 10)),
        say("u", "/gig show 1", at(12, 8, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 8, 12))])
    shown = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 8, 11))
    assert HELD_AS_FACT[code].format(p=NAMES[platform][code]) not in shown, shown
    assert NEXT_UNSURE[code] in shown, shown


@pytest.mark.parametrize("code", LANGS)
async def test_show_after_delivery_still_says_the_rest_is_held(code: str) -> None:
    """Once the work is delivered, the rest of a funded escrow is held until acceptance: said as a fact."""
    lines = [
        say("u", '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:100000', at(12, 1, 10)),
        say("u", "/gig paid 1 amount:50000", at(12, 8, 10)),
        say("u", "/gig delivered 1", at(12, 9, 10)),
        say("u", "/gig show 1", at(12, 9, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="crowdworks"), *lines, end(at(12, 9, 12))])
    shown = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 9, 11))
    assert HELD_AS_FACT[code].format(p=NAMES["crowdworks"][code]) in shown, shown


ASKS_DATE = {"ja": "お支払い予定日", "en": "let me know the payment date"}


@pytest.mark.parametrize("code", LANGS)
async def test_acceptance_nudge_on_a_capped_pay_date_does_not_ask_for_a_date(code: str) -> None:
    """A direct gig whose agreed pay date (2027-03-31) is later than the Act allows: the acceptance nudge's
    draft asked the client to tell the payment date, although one was agreed. The draft now names the legal
    day (the 60th day counting the delivery day) as the Act's, without asking for a date or accusing."""
    add = "/gig add 「動画編集」 client:株式会社ABC amount:200000 stage:contracted pay_by:2027-03-31"
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig delivered 1", at(12, 10, 10))]
    out = await simulate_records([setting("u", lang=code, platform="direct"), *lines, end(at(12, 20, 10))])
    nudges = [r["text"] for r in to(out, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert nudges, [r["text"] for r in to(out, "u")]
    draft = nudges[0].split({"ja": "そのまま使える文面", "en": "to send:"}[code])[-1]
    assert ASKS_DATE[code] not in draft, draft
    assert {"ja": "2027年2月7日", "en": "7 Feb 2027"}[code] in draft, draft
    assert {"ja": "60日", "en": "60 days"}[code] in draft, draft


PUT_OFF = {
    "en": "Please start milestone 2 now, I will fund it next week.",
    "ja": "第2マイルストーンの仮払いは来月になりますが、作業は先に始めてください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_check_of_an_escrow_put_off_does_not_say_plainly_the_escrow_is_funded(
    code: str, platform: str
) -> None:
    """Round 25 warned of a client putting the next escrow off on a funded gig, yet the gig line under the
    warning still said "the escrow is funded" (仮払いは済んでいます): the two read as a contradiction. The
    line now says the recorded escrow covers the funded part only, so both are true."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:100000'
    lines = [say("u", add, at(12, 1, 10)), say("u", f"/gig check gig:1 {PUT_OFF[code]}", at(12, 8, 11))]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 8, 12))])
    text = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 8, 11))
    assert {"en": "escrow does not pay", "ja": "仮払いの対象外"}[code] in text, text
    assert {"en": "the escrow is funded.", "ja": "仮払いは済んでいます。"}[code] not in text, text
    assert {"en": "not funded yet", "ja": "まだ仮払いされていません"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_the_evidence_pack_of_a_part_paid_gig_before_delivery_does_not_say_the_rest_is_held(
    code: str, platform: str
) -> None:
    """The evidence pack (`/gig timeline 1 pack`), read by platform support, said of the same gig that the
    remaining ¥50,000 is funded and held until acceptance: a fact the record does not hold. It now says, as
    `show` does, that the next milestone's funding is to be checked."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:100000'
    lines = [
        say("u", add, at(12, 1, 10)),
        say("u", "/gig paid 1 amount:50000", at(12, 8, 10)),
        say("u", "/gig timeline 1 pack", at(12, 8, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 8, 12))])
    doc = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 8, 11))
    assert {"ja": "仮払い済みで、", "en": "(the client has funded it)"}[code] not in doc, doc
    assert NEXT_UNSURE[code] in doc, doc


@pytest.mark.parametrize("code", LANGS)
async def test_acceptance_nudge_abroad_on_a_capped_pay_date_does_not_ask_for_a_date(code: str) -> None:
    """The same agreed date on a direct gig paid in dollars (a client who may be abroad, beyond the Act):
    the draft asked for the payment date too. It now sends the invoice on the terms agreed."""
    add = '/gig add "Video edit" client:ACME amount:$2000 currency:USD stage:contracted pay_by:2027-03-31'
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig delivered 1", at(12, 10, 10))]
    out = await simulate_records([setting("u", lang=code, platform="direct"), *lines, end(at(12, 20, 10))])
    nudges = [r["text"] for r in to(out, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert nudges, [r["text"] for r in to(out, "u")]
    draft = nudges[0].split({"ja": "そのまま使える文面", "en": "to send:"}[code])[-1]
    assert ASKS_DATE[code] not in draft, draft
    assert {"ja": "お取り決めのとおり", "en": "terms we agreed"}[code] in draft, draft
