"""Trust audit, round 25: sentences that were wrong for the gig's actual situation (a funded gig's client
putting the next escrow off while asking for the work, ...). Each test is a story played through the
simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

# The next milestone's escrow put off, the work asked for now: on a gig whose first milestone is funded.
NEXT_LATER = {
    "en": [
        "Please start milestone 2 now, I will fund it next week.",
        "The next milestone will be funded later, please start on it now.",
    ],
    "ja": [
        "仮払いは後でします。先に作業を進めてください。",
        "第2マイルストーンの仮払いは来月になりますが、作業は先に始めてください。",
        "次のマイルストーンの仮払いは少し待ってください。先に作業を進めてもらえますか？",
    ],
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_an_escrow_put_off_on_a_funded_gig_is_still_work_before_escrow(
    code: str, platform: str
) -> None:
    """On a milestone contract whose first milestone is funded, a client who puts the next escrow off
    ("I will fund it next week", 「仮払いは来月になりますが、先に始めてください」) asks for work no escrow
    holds money for. The check of `gig:1` cleared the sign because the gig is funded, and said "the escrow is
    funded": the worker would start unpaid work on the client's word. The message itself says the escrow
    is not there, so the gig's funding does not clear it: the sign is named as work the escrow does not pay
    for, with the advice to have it funded before starting."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:100000'
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig paid 1 amount:50000", at(12, 8, 10))]
    texts = NEXT_LATER[code]
    lines += [say("u", f"/gig check gig:1 {text}", at(12, 8, 11, n)) for n, text in enumerate(texts)]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 8, 12))])
    checks = [r for r in to(out, "u") if r["at"] >= at(12, 8, 11)]
    assert len(checks) == len(texts), checks
    for text, r in zip(texts, checks, strict=True):
        assert "work_before_escrow" in (r.get("flags") or []), (text, r["text"])
        assert {"en": "escrow does not pay", "ja": "仮払いの対象外"}[code] in r["text"], r["text"]


NEXT_ESCROW = {
    "crowdworks": {"ja": "仮払いされるまでその分の作業は始めないでください", "en": "until it is funded"},
    "lancers": {"ja": "仮払いされるまでその分の作業は始めないでください", "en": "until it is funded"},
    "upwork": {"ja": "入金されるまでその分の作業は始めないでください", "en": "until it is funded"},
}
HELD_AS_FACT = {
    "ja": "残りの50,000円は支払われるまで",
    "en": "the remaining ¥50,000 is held in escrow by {p} until",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_a_part_paid_before_delivery_does_not_promise_the_rest_is_in_escrow(
    code: str, platform: str
) -> None:
    """A marketplace pays part of a fixed fee before delivery only milestone by milestone: the first one
    accepted and paid, the next funded on its own, or not yet. The reply to `/gig paid 1 amount:50000` said
    as a fact that the remaining ¥50,000 is held by the platform until it is paid, so the worker went on
    with the next part on that word. It now says so only of a funded rest, and asks to check the next
    funding before that part of the work."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:100000'
    lines = [say("u", add, at(12, 1, 10)), say("u", "/gig paid 1 amount:50000", at(12, 8, 10))]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 8, 12))])
    reply = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 8, 10))
    name = {"crowdworks": "CrowdWorks", "lancers": "Lancers", "upwork": "Upwork"}[platform]
    assert HELD_AS_FACT[code].format(p=name) not in reply, reply
    assert NEXT_ESCROW[platform][code] in reply, reply
    if platform == "upwork" or code == "en":
        assert "仮払い" not in reply, reply


@pytest.mark.parametrize("code", LANGS)
async def test_coconalas_help_calls_the_other_side_the_buyer_in_every_gig_command(code: str) -> None:
    """On Coconala, `/gig help all` opened with the buyer (購入者) and named the buyer in `funded`,
    `delivered` and `accepted`, but `add`, `heard`, `sent` and `change` still spoke of a client: the
    reply to `/gig heard` itself says the buyer replied."""
    lines = [say("u", f"/gig help {name}", at(12, 1, 10, n)) for n, name in enumerate(HELPED)]
    out = await simulate_records([setting("u", lang=code, platform="coconala"), *lines, end(at(12, 1, 11))])
    texts = [r["text"] for r in to(out, "u", "reply")][1:]
    assert len(texts) == len(HELPED), texts
    for text in texts:
        described = text.split("\n")[1]
        assert {"en": "client", "ja": "クライアント"}[code] not in described, text
        assert {"en": "buyer", "ja": "購入者"}[code] in described, text


HELPED = ("add", "heard", "sent", "change")


@pytest.mark.parametrize("code", LANGS)
async def test_a_caught_up_contact_prompt_request_claims_no_reminder_sent(code: str) -> None:
    """A CrowdWorks gig added late (`since:` five days back): the nudge was skipped into one catch-up
    message, yet the contact-prompt request's text for the office said "I sent a reminder" (こちらから催促の
    メッセージもお送りしましたが): a claim to the platform of a step the user never took, as Lancers' own
    catch-up wording already avoided."""
    add = '/gig add "LP" client:Ishii stage:contracted amount:50000 since:2026-12-20'
    lines = [say("u", add, at(12, 25, 10))]
    out = await simulate_records([setting("u", lang=code), *lines, end(at(12, 25, 11))])
    caught = [r for r in to(out, "u", "reminder") if r["step"] == "platform_nudge"]
    assert len(caught) == 1, out
    draft = caught[0]["text"]
    assert {"en": "I sent a reminder", "ja": "催促のメッセージもお送り"}[code] not in draft, draft
    assert {"en": "since", "ja": "ご返信をお待ちしております"}[code] in draft, draft


@pytest.mark.parametrize("code", LANGS)
async def test_a_caught_up_lancers_request_after_delivery_keeps_its_own_draft(code: str) -> None:
    """A Lancers gig recorded as delivered 35 days back (`/gig delivered 1 since:`) gets one catch-up
    contact-prompt request; its text for Lancers said "I cannot continue the work without a reply" (the
    catch-up wording of a plan in progress) about work delivered and reported complete. A wording's own
    draft is never replaced by another wording's catch-up draft."""
    lines = [
        say("u", '/gig add "Article" client:Hara stage:funded amount:50000', at(12, 25, 10)),
        say("u", "/gig delivered 1 since:2026-11-20", at(12, 25, 10, 1)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="lancers"), *lines, end(at(12, 25, 11))])
    caught = [r for r in to(out, "u", "reminder") if r["step"] == "platform_nudge"]
    assert len(caught) == 1, out
    draft = caught[0]["text"]
    assert {"en": "continue the work", "ja": "作業を進めることができません"}[code] not in draft, draft
    assert {"en": "completion report", "ja": "完了報告を行いました"}[code] in draft, draft


@pytest.mark.parametrize("code", LANGS)
async def test_a_check_after_coconalas_automatic_approval_says_it_rather_than_the_talk_room(
    code: str,
) -> None:
    """Five days after a formal delivery on Coconala, the bot's own reminder had said Coconala approved the
    order and closed its talk room (unless the buyer acted first), yet a check of the buyer's next message
    said of the gig "purchased: messages, the formal delivery and extra payments all go through the talk
    room". It now says what `list` says: approved automatically by then, to check and record."""
    lines = [
        say("u", '/gig add "Logo" client:Sato stage:funded amount:15000', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", f"/gig check gig:1 {THANKS[code]}", at(12, 7, 10)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="coconala"), *lines, end(at(12, 7, 11))])
    text = "\n".join(r["text"] for r in to(out, "u") if r["at"] == at(12, 7, 10) and r["kind"] != "reminder")
    assert TALK_ROOM[code] not in text, text
    assert APPROVED[code] in text, text
    assert "`/gig accepted 1`" in text, text


THANKS = {"en": "Thank you, it looks great.", "ja": "ありがとうございます。素敵です。"}
TALK_ROOM = {"en": "stay in the order's talk room", "ja": "すべてトークルームで行います"}
APPROVED = {"en": "approved automatically by Coconala", "ja": "ココナラが自動で承諾済みのはず"}


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_acceptance_nudge_after_a_part_payment_names_it(code: str) -> None:
    """Lancers, ¥30,000 of ¥100,000 confirmed before the delivery, then silence: the nudge said "the
    client has not confirmed the payment yet" and its draft asked as if nothing had been paid, while the
    payment reminders of the same gig thank the client for the part and ask for the rest."""
    lines = [
        say("u", '/gig add "LP" client:Tanaka stage:funded amount:100000', at(12, 1, 10)),
        say("u", "/gig paid 1 amount:30000", at(12, 3, 10)),
        say("u", "/gig delivered 1", at(12, 4, 10)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="lancers"), *lines, end(at(12, 10, 10))])
    nudges = [r["text"] for r in to(out, "u", "reminder") if r["step"] == "acceptance_nudge"]
    assert len(nudges) == 1, out
    for said in ({"en": "¥30,000", "ja": "30,000円"}[code], {"en": "the rest", "ja": "残り"}[code]):
        assert said in nudges[0], nudges[0]
